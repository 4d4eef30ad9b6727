"""What every cue player shares: the settings, the clip schedule (voice clips never talk over
each other; beeps are never delayed) and the CUE_SCHEDULE_LOG.

When the environment variable CUE_SCHEDULE_LOG names a file, every player appends one JSON line
per clip it starts, `{"t": <intended instant>, "label": "<clip>", "called": <instant handed to
the output>}`, in `time.monotonic()` seconds, so a recording of the sound card can be compared
with the intended schedule.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections.abc import Callable, Iterable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from hillsprint.audio.clips import (
    MAX_NUMBER,
    SOUND,
    VOICE,
    Clip,
    ScheduledClip,
    clip_path,
    clip_seconds,
    clips_for,
    number_clip,
)
from hillsprint.core.session_events import Cue

log = logging.getLogger(__name__)

SCHEDULE_LOG_ENV = "CUE_SCHEDULE_LOG"


class CuePlayerBase(QObject):
    """Settings, the clip schedule and the CUE_SCHEDULE_LOG; subclasses make the sound."""

    unavailable = Signal(str)  # the problem, for a "sound unavailable" notice; emitted once

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        lang: str = "en",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self._clock = clock
        self._problem = ""
        self._muted = False
        self._volume = 1.0
        self._beeps = True
        self._voice = True
        self._rep_count = 0
        self._last_walk_is_cooldown = True
        self._voice_free_at = -math.inf  # when the clip now speaking ends
        self._log_path = os.environ.get(SCHEDULE_LOG_ENV) or None

    # ---- state ---------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return not self._problem

    @property
    def problem(self) -> str:
        """Why sound is unavailable ("" while it is available)."""
        return self._problem

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def beeps(self) -> bool:
        return self._beeps

    @property
    def voice(self) -> bool:
        return self._voice

    # ---- the interface -------------------------------------------------------------------

    def prepare(self, rep_count: int, *, last_walk_is_cooldown: bool = True) -> None:
        """Call when a session starts: loads the numbers "Rep n of `rep_count`" needs and keeps
        the audio stream running until `finish()`."""
        self._rep_count = rep_count
        self._last_walk_is_cooldown = last_walk_is_cooldown
        self._load(number_clip(n)[0] for n in range(1, min(rep_count, MAX_NUMBER) + 1))
        if self.available:
            self._keep_stream(True)

    def finish(self) -> None:
        """Call when the session ends: lets the audio stream (and the laptop's sound card) rest.
        Cues still play afterwards, each starting the stream again."""
        self._keep_stream(False)

    def close(self) -> None:
        """Quitting: release the sound output (a player without one of its own does nothing)."""

    def play(self, cue: Cue) -> None:
        """Play the cue's clips: the first at once (or at the deadline, if that is still
        ahead), each next one when the one before ends. Nothing while muted or unavailable."""
        if self._muted or not self.available:
            return
        clips = clips_for(
            cue,
            self._rep_count,
            beeps=self._beeps,
            voice=self._voice,
            last_walk_is_cooldown=self._last_walk_is_cooldown,
        )
        self._start(self._schedule(clips, cue.deadline))

    def plan_ahead(self, cues: list[Cue]) -> None:
        """What is coming (the engine's upcoming cues): a player that places clips on a stream
        ahead of time takes them now; this one starts each clip at its deadline and ignores
        it."""

    def say(self, name: str) -> None:
        """Speak one voice clip now, e.g. "paused" or "resumed" (if voice is on)."""
        if self._voice and not self._muted and self.available:
            self._start(self._schedule([(VOICE, name)], self._clock()))

    def test_sound(self) -> None:
        """The settings' "test sound": plays even when muted or with beeps off, since the
        runner pressed a button to hear it."""
        if self.available:
            self._start(self._schedule([(SOUND, "test")], self._clock()))

    def set_muted(self, muted: bool) -> None:
        """Muting stops what is playing and drops the clips still to come."""
        self._muted = muted
        if muted:
            self._voice_free_at = -math.inf
            self._stop()

    def set_volume(self, volume: float) -> None:
        """`volume` 0..1 as a volume slider shows it (perceptual, not linear amplitude)."""
        self._volume = min(1.0, max(0.0, volume))
        self._apply_volume()

    def set_beeps(self, on: bool) -> None:
        self._beeps = on

    def set_voice(self, on: bool) -> None:
        self._voice = on

    # ---- shared machinery ----------------------------------------------------------------

    def _schedule(self, clips: list[Clip], deadline: float) -> list[ScheduledClip]:
        """When each clip starts: back to back from now, voice clips after any still speaking.

        The first clip's intended instant is the cue's deadline (what the runner should hear
        it at); each later one is its own computed start.
        """
        start = max(self._clock(), deadline)
        plan: list[ScheduledClip] = []
        for clip in clips:
            kind, name = clip
            begin = max(start, self._voice_free_at) if kind == VOICE else start
            t = deadline if not plan and begin == start else begin
            plan.append(ScheduledClip(kind, name, t))
            start = begin + clip_seconds(clip_path(clip, self.lang))
            if kind == VOICE:
                self._voice_free_at = start
        return plan

    def _write_log(self, clip: ScheduledClip, called: float) -> None:
        if self._log_path is None:
            return
        line = json.dumps({"t": clip.t, "label": clip.name, "called": called})
        with open(self._log_path, "a", encoding="utf-8") as out:
            out.write(line + "\n")

    def _fail(self, problem: str) -> None:
        """Become unavailable; `unavailable` is emitted on the next event-loop turn, so a
        listener connected right after construction still hears about a constructor failure."""
        if not self.available:
            return
        log.warning("sound unavailable: %s", problem)
        self._problem = problem
        self._stop()
        self._keep_stream(False)
        QTimer.singleShot(0, self, partial(self.unavailable.emit, problem))

    def _load(self, clips: Iterable[Clip]) -> None:
        raise NotImplementedError

    def _start(self, plan: list[ScheduledClip]) -> None:
        raise NotImplementedError

    def _stop(self) -> None:
        raise NotImplementedError

    def _apply_volume(self) -> None:
        raise NotImplementedError

    def _keep_stream(self, on: bool) -> None:
        raise NotImplementedError
