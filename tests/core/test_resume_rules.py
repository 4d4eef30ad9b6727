from dataclasses import dataclass

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepStatus, SessionStatus
from hillsprint.core.resume import estimated_active_s, final_status, resume_rep

PLAN = Plan("p", (RepSpec(10, 60),) * 3, warmup_s=600, get_ready_s=10, cooldown_s=300)


@dataclass
class Rep:
    number: int
    sprint_s: float
    recovery_s: float | None
    status: RepStatus = RepStatus.DONE


def test_resume_at_the_rep_after_the_last_stored_one():
    assert resume_rep(PLAN, []) == 1
    assert resume_rep(PLAN, [Rep(1, 10, 60), Rep(2, 10, None)]) == 3
    assert resume_rep(PLAN, [Rep(1, 10, 60), Rep(2, 10, 60), Rep(3, 10, None)]) is None


def test_estimated_active_time_counts_what_was_stored():
    assert estimated_active_s(PLAN, []) == 0.0
    reps = [Rep(1, 10, 61.5), Rep(2, 9.5, None)]
    assert estimated_active_s(PLAN, reps) == 600 + 10 + 10 + 61.5 + 9.5


def test_final_status():
    full = [Rep(n, 10, 60) for n in (1, 2, 3)]
    assert final_status(PLAN, full) is SessionStatus.COMPLETED
    assert final_status(PLAN, full[:2]) is SessionStatus.ENDED_EARLY
    skipped = [*full[:2], Rep(3, 2, None, RepStatus.SKIPPED)]
    assert final_status(PLAN, skipped) is SessionStatus.ENDED_EARLY
