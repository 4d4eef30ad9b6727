"""What a session produces for storage: rep records and the action log.

Plain frozen dataclasses, so the engine hands them out and the repository stores them without
either knowing the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RepStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"  # the runner cut the sprint short with "skip" (or ended the session in it)


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"


@dataclass(frozen=True)
class RepRecord:
    """One rep as it stands now.

    `recovery_s` is None until the walk-down is over. It counts from the end of this sprint to the
    start of the next one (the real rest: pauses and a get-ready lead-in included). The last rep
    has no walk-down of its own (it is folded into the cool-down): both recovery fields are None.
    For a manual walk-down, `recovery_planned_s` is the plan's minimum.
    """

    number: int  # 1-based
    started_at: str  # wall clock, ISO 8601 with offset, when the sprint began
    sprint_planned_s: float
    sprint_s: float
    recovery_planned_s: float | None
    recovery_s: float | None
    recovery_manual: bool
    status: RepStatus


@dataclass(frozen=True)
class ActionRecord:
    """One thing the runner (or the machine) did: start, pause, resume, skip, add_time,
    advance, end, suspend. `mono` is time.monotonic(); `at` the wall clock with offset."""

    action: str
    at: str
    mono: float
    phase: str
    rep: int
    detail: str = ""
