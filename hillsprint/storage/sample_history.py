"""A plausible, reproducible training history: for demo mode, screenshots and benchmarks.

About three sessions a week with some weeks off, three plans, efforts that rise through a
session and ease off as the years go by, now and then a skipped rep, a session ended early or
a pause. Everything comes from one seeded `random.Random`, so the same seed and `until` give
the same history. Timestamps use central-European offsets (+01:00 in winter, +02:00 in summer,
switched by month) so history views see mixed offsets as real data has.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from hillsprint.core.clock import iso
from hillsprint.core.hill import Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import preset
from hillsprint.core.records import ActionRecord, RepRecord, RepStatus, SessionStatus
from hillsprint.storage.database import transaction
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.repository import SessionRepository

DEFAULT_UNTIL = datetime(2026, 5, 1, tzinfo=timezone(timedelta(hours=2)))
LONG_HILL = Plan(name="Long hill 12×10", reps=(RepSpec(10, 120, manual=True),) * 12)
PLANS: tuple[tuple[Plan, float], ...] = (  # (plan, weight): about 10 reps a session on average
    (preset("uphill-10x10"), 0.45),
    (preset("hill-power"), 0.25),
    (LONG_HILL, 0.30),
)
HILLS = ("Kirchberg", "Kirchberg", "Quarry lane", "Park steps", None)
# the sample hills in the hills library too, so --demo shows their details
LIBRARY_HILLS = (
    Hill("Kirchberg", length_m=120.0, gradient_pct=8.0, surface="road"),
    Hill("Quarry lane", length_m=90.0, gradient_pct=11.0, surface="trail"),
    Hill("Park steps", length_m=60.0, gradient_pct=15.0, surface="other", notes="82 steps"),
)
NOTES = ("windy", "wet grass", "legs heavy", "felt strong", "new shoes")
SESSIONS_A_WEEK = (3, 3, 3, 4)
WEEK_OFF_CHANCE = 0.06
START_HOURS = (6.5, 7.0, 12.5, 17.5, 18.0)


def fill_history(
    repo: SessionRepository,
    *,
    years: float = 10.0,
    until: datetime = DEFAULT_UNTIL,
    seed: int = 1,
) -> int:
    """Write `years` of finished sessions up to `until` (exclusive); returns how many.

    Everything goes in one transaction: thousands of separately fsynced commits would take
    seconds, and a failure leaves no half-filled history.
    """
    rng = random.Random(seed)
    since = until - timedelta(days=365.25 * years)
    first_monday = since.date() - timedelta(days=since.weekday())
    weeks = (until.date() - first_monday).days // 7 + 1
    count = 0
    with transaction(repo.connection):
        hills = HillLibrary(repo.connection)
        for hill in LIBRARY_HILLS:
            if hills.find(hill.name) is None:
                hills.add(hill)
        for week in range(weeks):
            if rng.random() < WEEK_OFF_CHANCE:
                continue
            days = sorted(rng.sample(range(7), rng.choice(SESSIONS_A_WEEK)))
            for day in days:
                start = _start_time(rng, first_monday + timedelta(weeks=week, days=day))
                if start < since:
                    continue
                if start >= until:
                    return count
                _add_session(repo, rng, start, progress=week / weeks)
                count += 1
    return count


def _start_time(rng: random.Random, day: date) -> datetime:
    offset = timedelta(hours=2 if 4 <= day.month <= 10 else 1)
    hour = rng.choice(START_HOURS) + rng.uniform(-0.25, 0.5)
    local = datetime(day.year, day.month, day.day, tzinfo=timezone(offset))
    return local + timedelta(hours=hour)


def _add_session(
    repo: SessionRepository, rng: random.Random, start: datetime, progress: float
) -> None:
    """One session; `progress` (0 to 1 over the history) makes the same work feel easier."""
    plans, weights = zip(*PLANS, strict=True)
    plan: Plan = rng.choices(plans, weights)[0]
    session_id = repo.start_session(plan, iso(start), hill=rng.choice(HILLS))
    repo.log_action(session_id, ActionRecord("start", iso(start), 0.0, "warmup", 0))
    paused = 0.0
    if rng.random() < 0.1:  # a two-minute pause in the warm-up: wall time, not active time
        paused = 120.0
        for action, second in (("pause", 300.0), ("resume", 300.0 + paused)):
            at = iso(start + timedelta(seconds=second))
            repo.log_action(session_id, ActionRecord(action, at, second, "warmup", 0))
    last = plan.rep_count if rng.random() > 0.03 else rng.randint(2, plan.rep_count - 1)
    base_effort = 6.5 - 1.5 * progress + rng.gauss(0, 0.6)
    active, efforts = _add_reps(repo, rng, session_id, plan, last, start, paused, base_effort)
    active += plan.cooldown_s
    end = start + timedelta(seconds=paused + active)
    repo.log_action(session_id, ActionRecord("end", iso(end), paused + active, "cooldown", last))
    mean = sum(efforts) / len(efforts) if efforts else 6
    rpe = min(10, max(0, round(mean + rng.gauss(0.3, 0.7)))) if rng.random() > 0.1 else None
    repo.finish_session(
        session_id,
        SessionStatus.COMPLETED if last == plan.rep_count else SessionStatus.ENDED_EARLY,
        iso(end),
        active,
        session_rpe=rpe,
        notes=rng.choice(NOTES) if rng.random() < 0.08 else "",
    )


def _add_reps(
    repo: SessionRepository,
    rng: random.Random,
    session_id: str,
    plan: Plan,
    last: int,
    start: datetime,
    paused: float,
    base_effort: float,
) -> tuple[float, list[int]]:
    """Reps 1..last with efforts rising through the session; returns (active s, efforts)."""
    active = plan.warmup_s + plan.get_ready_s
    efforts: list[int] = []
    for number in range(1, last + 1):
        at = start + timedelta(seconds=paused + active)
        rep = _rep(rng, plan.reps[number - 1], number, at, is_last=number == last)
        repo.record_rep(session_id, rep)
        if rng.random() > 0.04:  # sometimes the runner forgets to press a digit
            effort = round(base_effort + 2.5 * number / plan.rep_count + rng.gauss(0, 0.8))
            efforts.append(min(10, max(0, effort)))
            repo.set_rep_effort(session_id, number, efforts[-1])
        active += rep.sprint_s + (rep.recovery_s or 0.0)
    return active, efforts


def _rep(
    rng: random.Random, spec: RepSpec, number: int, at: datetime, *, is_last: bool
) -> RepRecord:
    skipped = rng.random() < 0.02
    sprint = spec.sprint_s * (rng.uniform(0.3, 0.8) if skipped else 1.0) + abs(rng.gauss(0, 0.2))
    recovery = None
    if not is_last:  # the last walk-down is part of the cool-down
        extra = rng.uniform(0, 60) if spec.manual else abs(rng.gauss(0, 0.3))
        recovery = round(spec.recovery_s + extra, 3)
    return RepRecord(
        number=number,
        started_at=iso(at),
        sprint_planned_s=spec.sprint_s,
        sprint_s=round(sprint, 3),
        recovery_planned_s=None if is_last else spec.recovery_s,
        recovery_s=recovery,
        recovery_manual=spec.manual,
        status=RepStatus.SKIPPED if skipped else RepStatus.DONE,
    )
