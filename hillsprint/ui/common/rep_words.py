"""How a stored rep is said in a table: its sprint time against the plan and its status. The
summary (at the hill) and the session detail (in the history) show the same words."""

from __future__ import annotations

from hillsprint.core.plan import format_duration
from hillsprint.core.records import RepStatus
from hillsprint.storage.repository import StoredRep


def sprint_text(rep: StoredRep) -> str:
    """Actual against planned: '9.8 s of 10 s' ('1:05 of 1:00' from a minute on)."""
    actual = f"{rep.sprint_s:.1f} s" if rep.sprint_s < 59.95 else format_duration(rep.sprint_s)
    return f"{actual} of {format_duration(rep.sprint_planned_s)}"


def status_text(status: RepStatus) -> str:
    return {RepStatus.DONE: "done", RepStatus.SKIPPED: "skipped"}[RepStatus(status)]
