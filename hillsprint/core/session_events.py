"""What the timing engine tells the rest of the app: the phases, the cues with their deadlines,
the events `poll()` returns and the state `state(at)` describes. Plain values, no behaviour, so
the audio, the storage and the screens can use them without the state machine."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hillsprint.core.records import ActionRecord, RepRecord, SessionStatus


class Phase(StrEnum):
    WARMUP = "warmup"
    GET_READY = "get_ready"
    SPRINT = "sprint"
    WALK_DOWN = "walk_down"
    COOLDOWN = "cooldown"
    DONE = "done"

    @property
    def label(self) -> str:
        return _PHASE_LABELS[self]


_PHASE_LABELS = {
    Phase.WARMUP: "WARM-UP",
    Phase.GET_READY: "GET READY",
    Phase.SPRINT: "SPRINT",
    Phase.WALK_DOWN: "WALK DOWN",
    Phase.COOLDOWN: "COOL-DOWN",
    Phase.DONE: "DONE",
}


class CueKind(StrEnum):
    TICK = "tick"  # value: 3, 2 or 1 seconds before a sprint
    GO = "go"
    SPRINT_END = "sprint_end"
    HALFWAY = "halfway"
    REP_ANNOUNCE = "rep_announce"  # value: the coming rep's number ("Rep three of eight")
    LAST_REP = "last_rep"
    WARMUP_END = "warmup_end"
    SESSION_COMPLETE = "session_complete"


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    deadline: float  # monotonic instant it is due
    rep: int
    value: int | None = None


# ---- events returned by poll() -------------------------------------------------------------


@dataclass(frozen=True)
class CueDue:
    cue: Cue

    @property
    def at(self) -> float:
        return self.cue.deadline


@dataclass(frozen=True)
class SprintEnded:
    """Store the rep now: its sprint is over (walk-down still to come, `recovery_s` None)."""

    rep: RepRecord
    at: float


@dataclass(frozen=True)
class RepFinished:
    """The rep is complete: its walk-down ended (the next sprint started) or the session ended."""

    rep: RepRecord
    at: float


@dataclass(frozen=True)
class ActionLogged:
    record: ActionRecord

    @property
    def at(self) -> float:
        return self.record.mono


@dataclass(frozen=True)
class SuspendDetected:
    at: float
    slept_s: float


@dataclass(frozen=True)
class SessionFinished:
    status: SessionStatus
    at: float
    active_s: float  # session time without pauses


Event = CueDue | SprintEnded | RepFinished | ActionLogged | SuspendDetected | SessionFinished


@dataclass(frozen=True)
class EngineState:
    """What the screen shows at one instant."""

    phase: Phase
    rep: int  # the rep this phase belongs to (the coming one in GET READY; 0 in warm-up)
    rep_count: int
    started: bool
    paused: bool
    remaining_s: float | None  # None in a manual walk-down the runner has not ended yet
    phase_elapsed_s: float
    phase_duration_s: float | None
    manual: bool  # a manual walk-down
    min_remaining_s: float  # manual walk-down: seconds until Space may start the next rep
    waiting_for_runner: bool  # manual walk-down past its minimum, waiting for Space
    session_elapsed_s: float  # since start, pauses excluded
    reps_done: int
    next_phase: Phase
    next_rep: int
    next_duration_s: float | None
    progress: float  # 0..1 of the planned session

    @property
    def can_advance(self) -> bool:
        return self.manual and self.remaining_s is None
