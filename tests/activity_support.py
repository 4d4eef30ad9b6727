"""Sessions run by the real engine on a manual clock, for the activity-export tests.

`run_session` plays a script of waits and runner actions (pause, resume, skip, advance, end,
add_time, suspend) against `SessionEngine`, keeps what the session controller would store
(reps with efforts, the action log, the end) and the truth the laps must match: each rep's
sprint start (its first GO) and sprint end, in monotonic seconds. `store_run` writes a run into
a repository as the app does. Imported by name, like tests/cli_support.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hillsprint.core.clock import ManualClock, iso
from hillsprint.core.engine import (
    ActionLogged,
    CueDue,
    CueKind,
    RepFinished,
    SessionEngine,
    SessionFinished,
    SprintEnded,
)
from hillsprint.core.plan import Plan
from hillsprint.core.records import ActionRecord, RepRecord, RepStatus, SessionStatus

BERLIN = ZoneInfo("Europe/Berlin")


class ZonedClock(ManualClock):
    """A manual clock whose wall time is in a real time zone, so a session can cross a change
    to or from summer time (the stored offsets then differ within one session)."""

    def __init__(self, wall_start: datetime, zone: ZoneInfo = BERLIN) -> None:
        # Kept in UTC: arithmetic on a zoneinfo datetime is wall-clock arithmetic, which would
        # walk through the missing hour instead of jumping over it.
        super().__init__(wall_start=wall_start.astimezone(UTC))
        self.zone = zone

    def wall(self) -> datetime:
        return super().wall().astimezone(self.zone)


@dataclass(frozen=True)
class Rep:
    """A stored rep as `SessionRepository.reps` returns it (the `StoredRepLike` protocol)."""

    number: int
    started_at: str
    sprint_planned_s: float
    sprint_s: float
    recovery_planned_s: float | None
    recovery_s: float | None
    recovery_manual: bool
    effort: int | None
    status: RepStatus


@dataclass
class Run:
    plan: Plan
    started_at: str
    ended_at: str
    status: SessionStatus
    active_s: float
    reps: list[Rep]
    actions: list[ActionRecord]
    start_mono: float
    sprint_starts: dict[int, float] = field(default_factory=dict)  # rep -> monotonic GO
    sprint_ends: dict[int, float] = field(default_factory=dict)

    def ms(self, mono: float) -> int:
        """A monotonic instant as ms after the session's start (no suspend in between)."""
        return round((mono - self.start_mono) * 1000)


def run_session(
    plan: Plan,
    script: list,
    efforts: dict[int, int] | None = None,
    clock: ManualClock | None = None,
    final_wait_s: float = 6 * 3600.0,
) -> Run:
    """Play `script` (numbers are seconds to wait; strings are engine actions; ("suspend", s)
    sleeps the machine), then wait `final_wait_s`; a session still running then is ended."""
    clock = clock or ZonedClock(datetime(2026, 5, 4, 7, 0, 0, 250000, tzinfo=BERLIN))
    efforts = efforts or {}
    engine = SessionEngine(plan, clock)
    records: dict[int, RepRecord] = {}
    actions: list[ActionRecord] = []
    starts: dict[int, float] = {}
    ends: dict[int, float] = {}
    finished: list[SessionFinished] = []
    started_at = iso(clock.wall())
    engine.start()
    start_mono = clock.monotonic()

    def pump() -> None:
        for event in engine.poll():
            if isinstance(event, CueDue) and event.cue.kind is CueKind.GO:
                starts.setdefault(event.cue.rep, event.cue.deadline)
            elif isinstance(event, (SprintEnded, RepFinished)):
                records[event.rep.number] = event.rep
                if isinstance(event, SprintEnded):
                    ends[event.rep.number] = event.at
            elif isinstance(event, ActionLogged):
                actions.append(event.record)
            elif isinstance(event, SessionFinished):
                finished.append(event)

    pump()
    for step in [*script, final_wait_s]:
        if finished:
            break
        if isinstance(step, (int, float)):
            _wait(clock, engine, float(step), pump)
        elif isinstance(step, tuple) and step[0] == "suspend":
            clock.suspend(step[1])
            pump()
        else:
            getattr(engine, step)()
            pump()
    if not finished:  # a manual walk-down still waiting: the runner ends it
        engine.end()
        pump()
    reps = [
        Rep(
            rec.number,
            rec.started_at,
            rec.sprint_planned_s,
            rec.sprint_s,
            rec.recovery_planned_s,
            rec.recovery_s,
            rec.recovery_manual,
            efforts.get(rec.number),
            RepStatus(rec.status),
        )
        for rec in sorted(records.values(), key=lambda r: r.number)
    ]
    return Run(
        plan=plan,
        started_at=started_at,
        ended_at=iso(clock.wall()),
        status=finished[0].status,
        active_s=finished[0].active_s,
        reps=reps,
        actions=actions,
        start_mono=start_mono,
        sprint_starts=starts,
        sprint_ends=ends,
    )


def _wait(clock: ManualClock, engine: SessionEngine, seconds: float, pump) -> None:
    """Let `seconds` pass, stopping at each deadline on the way as the controller would."""
    until = clock.monotonic() + seconds
    while True:
        deadline = engine.next_deadline()
        if deadline is None or deadline >= until or engine.done:
            break
        clock.set(max(deadline, clock.monotonic()))
        pump()
    if not engine.done:
        clock.set(until)
        pump()


def store_run(repo, run: Run, hill: str | None = None, session_rpe=None, notes="") -> str:
    """Write a run into `repo` as the app does; returns the session id."""
    session_id = repo.start_session(run.plan, run.started_at, hill=hill)
    for record in run.actions:
        repo.log_action(session_id, record)
    for rep in run.reps:
        repo.record_rep(
            session_id,
            RepRecord(
                rep.number,
                rep.started_at,
                rep.sprint_planned_s,
                rep.sprint_s,
                rep.recovery_planned_s,
                rep.recovery_s,
                rep.recovery_manual,
                rep.status,
            ),
        )
        if rep.effort is not None:
            repo.set_rep_effort(session_id, rep.number, rep.effort)
    repo.finish_session(
        session_id, run.status, run.ended_at, run.active_s, session_rpe=session_rpe, notes=notes
    )
    return session_id
