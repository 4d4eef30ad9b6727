"""Finished sessions written straight through the repository, for screens that show history."""

from __future__ import annotations

from hillsprint.core.plan import Plan
from hillsprint.core.records import ActionRecord, RepRecord, RepStatus, SessionStatus
from hillsprint.storage.repository import SessionRepository


def add_session(
    repo: SessionRepository,
    plan: Plan,
    started: str,
    efforts: list[int | None],
    *,
    hill: str | None = None,
    rpe: int | None = None,
    minutes: float = 20.0,
    skipped: tuple[int, ...] = (),
    notes: str = "",
) -> str:
    session_id = repo.start_session(plan, started, hill=hill)
    repo.log_action(session_id, ActionRecord("start", started, 0.0, "warmup", 0))
    for number, effort in enumerate(efforts, start=1):
        last = number == len(efforts)
        repo.record_rep(
            session_id,
            RepRecord(
                number=number,
                started_at=started,
                sprint_planned_s=10.0,
                sprint_s=6.0 if number in skipped else 10.2,
                recovery_planned_s=None if last else 60.0,
                recovery_s=None if last else 61.0,
                recovery_manual=False,
                status=RepStatus.SKIPPED if number in skipped else RepStatus.DONE,
            ),
        )
        repo.set_rep_effort(session_id, number, effort)
    if skipped:
        repo.log_action(session_id, ActionRecord("skip", started, 100.0, "sprint", skipped[0]))
    status = (
        SessionStatus.COMPLETED if len(efforts) == plan.rep_count else SessionStatus.ENDED_EARLY
    )
    repo.finish_session(session_id, status, started, minutes * 60, session_rpe=rpe, notes=notes)
    return session_id
