"""A cue player that plays nothing and records what it would have played, and when: the test
double for the session tests and headless runs, with the same schedule as the real player."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject

from hillsprint.audio.clips import (
    BEEPS,
    COMMON_VOICE,
    SOUND,
    VOICE,
    Clip,
    PlayedClip,
    ScheduledClip,
)
from hillsprint.audio.player_base import CuePlayerBase


class RecordingCuePlayer(CuePlayerBase):
    """Records what `CuePlayer` would play, with the same schedule, and plays nothing.

    `played` lists every clip with its intended instant `t` (computed from the real clips'
    lengths) and `called`, the clock when `play()` was called. Muting drops the recorded clips
    whose `t` lies after that moment: they would never have sounded. Pass the session's
    `clock` to drive it from a fake clock; `simulate_unavailable()` plays the lost-device path.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        lang: str = "en",
        clock: Callable[[], float] = time.monotonic,
        available: bool = True,
        problem: str = "no audio output device found",
    ) -> None:
        super().__init__(parent, lang=lang, clock=clock)
        self.played: list[PlayedClip] = []
        self.loaded_clips: set[Clip] = set()
        self.loaded = True
        self.stream_kept = False  # between prepare() and finish(), as CuePlayer's silent loop
        self._load([(SOUND, name) for name in BEEPS] + [(VOICE, name) for name in COMMON_VOICE])
        if not available:
            self._fail(problem)

    def simulate_unavailable(self, problem: str = "no audio output device found") -> None:
        self._fail(problem)

    @property
    def labels(self) -> list[str]:
        return [clip.name for clip in self.played]

    def _load(self, clips: Iterable[Clip]) -> None:
        self.loaded_clips.update(clips)

    def _start(self, plan: list[ScheduledClip]) -> None:
        called = self._clock()
        for clip in plan:
            self.played.append(PlayedClip(clip.kind, clip.name, clip.t, called))
            self._write_log(clip, called)

    def _stop(self) -> None:
        now = self._clock()
        self.played = [clip for clip in self.played if clip.t <= now]

    def _apply_volume(self) -> None:
        """Nothing to turn up or down; `volume` holds the setting."""

    def _keep_stream(self, on: bool) -> None:
        self.stream_kept = on
