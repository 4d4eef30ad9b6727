"""The controller of a running session: the glue between engine, clock, cues and storage.

It owns one precise single-shot QTimer, armed for the earlier of the engine's next deadline and
the next instant the screen's digits change. When it fires, the controller re-reads the clock
(Qt timers may fire early or late), polls the engine, plays the cues that fell due, writes
rep records and the action log to the repository at once, and tells the screen. No tick is
ever counted: the timer only wakes us.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from hillsprint.core.engine import SessionEngine
from hillsprint.core.records import RepRecord
from hillsprint.core.session_events import (
    ActionLogged,
    CueDue,
    EngineState,
    Phase,
    RepFinished,
    SessionFinished,
    SprintEnded,
    SuspendDetected,
)
from hillsprint.storage.repository import SessionRepository

STALE_CUE_S = 0.5  # a cue this late (the machine stalled) is not played: it would mislead
MAX_SLEEP_MS = 1000  # wake at least this often, so a paused or waiting screen stays fresh
EARLY_WAKE_S = 0.002  # arm the timer this much before a deadline ...
SPIN_MAX_S = 0.004  # ... and busy-wait at most this long for it
# The player sees this far ahead: the longest sleep (MAX_SLEEP_MS) plus 2 s, so every cue is
# on the stream at least 2 s before it is due and a GUI thread stalled that long loses none.
LOOKAHEAD_S = MAX_SLEEP_MS / 1000 + 2.0


class SessionController(QObject):
    stateChanged = Signal(object)  # EngineState
    cuePlayed = Signal(object)  # Cue
    repStored = Signal(object)  # RepRecord (at sprint end and again when the rep finished)
    effortChanged = Signal(int, object)  # rep number, effort (int or None)
    suspended = Signal(float)  # seconds the laptop slept
    finished = Signal(object)  # SessionFinished

    def __init__(
        self,
        engine: SessionEngine,
        repository: SessionRepository,
        session_id: str,
        cue_player=None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.repository = repository
        self.session_id = session_id
        self.cue_player = cue_player
        self.efforts: dict[int, int | None] = {}
        self.reps: dict[int, RepRecord] = {}
        self._effort_rep: int | None = None  # the rep a digit key rates now
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.wake)

    # ---- what the runner does ------------------------------------------------------------

    def start(self) -> None:
        self.engine.start()
        self.wake()

    def space(self) -> None:
        """Space / PageDown: in a manual walk-down start the next rep; otherwise pause or
        resume."""
        state = self.engine.state()
        if state.phase is Phase.DONE:
            return
        if state.paused:
            self.engine.resume()
        elif state.manual and state.remaining_s is None:
            self.engine.advance()
        else:
            self.engine.pause()
        self.wake()

    def skip(self) -> None:
        self.engine.skip()
        self.wake()

    def add_time(self) -> None:
        self.engine.add_time()
        self.wake()

    def end(self) -> None:
        self.engine.end()
        self.wake()

    def effort_target(self) -> int | None:
        """The rep a digit key rates: the most recent sprint, until the next sprint ends."""
        return self._effort_rep

    def set_effort(self, effort: int | None, rep: int | None = None) -> bool:
        rep = self._effort_rep if rep is None else rep
        if rep is None or rep not in self.reps:
            return False
        self.repository.set_rep_effort(self.session_id, rep, effort)
        self.efforts[rep] = effort
        self.effortChanged.emit(rep, effort)
        return True

    # ---- the wake-up ---------------------------------------------------------------------

    def wake(self) -> None:
        """Bring everything up to now, then sleep until the next thing to do."""
        self._spin_to_deadline()
        events = self.engine.poll()
        # What the runner hears and sees comes first; disk writes (0.3 ms, spikes of 10-20 ms
        # under load) and the summary's set-up come after, so they never delay a cue or the
        # phase switch on screen.
        for event in events:
            if isinstance(event, CueDue):
                self._handle(event)
        state = self.engine.state()
        self.stateChanged.emit(state)
        self._arm(state)
        for event in events:
            if not isinstance(event, CueDue):
                self._handle(event)
        if self.cue_player is not None:
            self.cue_player.plan_ahead(self.engine.upcoming_cues(LOOKAHEAD_S))

    def _handle(self, event) -> None:
        if isinstance(event, CueDue):
            late = self.engine.now() - event.cue.deadline
            if late <= STALE_CUE_S:
                if self.cue_player is not None:
                    self.cue_player.play(event.cue)
                self.cuePlayed.emit(event.cue)
        elif isinstance(event, SprintEnded):
            self._effort_rep = event.rep.number  # digits now rate this rep
            self._store(event.rep)
        elif isinstance(event, RepFinished):
            self._store(event.rep)
        elif isinstance(event, ActionLogged):
            self.repository.log_action(self.session_id, event.record)
        elif isinstance(event, SuspendDetected):
            self.suspended.emit(event.slept_s)
        elif isinstance(event, SessionFinished):
            self._timer.stop()
            self.finished.emit(event)

    def _store(self, rep: RepRecord) -> None:
        self.repository.record_rep(self.session_id, rep)
        self.reps[rep.number] = rep
        self.repStored.emit(rep)

    def _arm(self, state: EngineState) -> None:
        if state.phase is Phase.DONE:
            self._timer.stop()
            return
        now = self.engine.now()
        wake_at = now + MAX_SLEEP_MS / 1000
        deadline = self.engine.next_deadline()
        if deadline is not None:
            wake_at = min(wake_at, deadline)
        if not state.paused:
            wake_at = min(wake_at, now + _until_digit_change(state))
        # Wake a little early and spin the last millisecond or two (`_spin_to_deadline`):
        # the timer's whole milliseconds and the event loop add ~2-3 ms otherwise.
        self._timer.start(max(0, math.floor((wake_at - now - EARLY_WAKE_S) * 1000)))

    def _spin_to_deadline(self) -> None:
        """If a deadline is only a few ms away, wait for it here rather than sleep again (the
        real clock is re-read; a fake clock that does not move ends the wait by its budget)."""
        deadline = self.engine.next_deadline()
        if deadline is None:
            return
        ahead = deadline - self.engine.now()
        if not 0 < ahead <= SPIN_MAX_S:
            return
        give_up = time.perf_counter() + ahead + 0.001
        while self.engine.now() < deadline and time.perf_counter() < give_up:
            pass


def _until_digit_change(state: EngineState) -> float:
    """Seconds until the shown whole seconds change (remaining rounds up, elapsed down)."""
    if state.remaining_s is not None:
        frac = state.remaining_s - math.floor(state.remaining_s)
    else:
        frac = 1.0 - (state.phase_elapsed_s - math.floor(state.phase_elapsed_s))
    return frac if frac > 0.0005 else 1.0
