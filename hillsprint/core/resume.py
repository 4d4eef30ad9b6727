"""After a crash: where an unfinished session can go on, and what it amounts to so far.

Works on whatever rep records were stored (anything with `number`, `sprint_s`, `recovery_s`
and `status`), so storage and the UI share one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from hillsprint.core.plan import Plan
from hillsprint.core.records import RepStatus, SessionStatus


class _Rep(Protocol):
    number: int
    sprint_s: float
    recovery_s: float | None
    status: RepStatus


def resume_rep(plan: Plan, reps: Iterable[_Rep]) -> int | None:
    """The rep a resumed session starts with (at its GET READY), or None if every planned
    sprint was run (then only "finish" makes sense)."""
    done = max((rep.number for rep in reps), default=0)
    return done + 1 if done < plan.rep_count else None


def estimated_active_s(plan: Plan, reps: Iterable[_Rep]) -> float:
    """Active seconds before the crash, as far as the records tell: the warm-up and lead-in
    (if any rep was run), every stored sprint and walk-down. Pauses and an unfinished phase
    are unknown and not counted."""
    reps = list(reps)
    if not reps:
        return 0.0
    total = plan.warmup_s + plan.get_ready_s
    for rep in reps:
        total += rep.sprint_s + (rep.recovery_s or 0.0)
    return total


def final_status(plan: Plan, reps: Iterable[_Rep]) -> SessionStatus:
    """Completed when every planned rep was run and none skipped; otherwise ended early."""
    reps = list(reps)
    done = sum(1 for rep in reps if rep.status is RepStatus.DONE)
    return SessionStatus.COMPLETED if done == plan.rep_count else SessionStatus.ENDED_EARLY
