"""The cue player: plays the clips of each cue on time with QtMultimedia's QSoundEffect.

Every effect is loaded before its first deadline. The first clip of a cue starts at once; each
following clip starts when the one before it ends, on its own precise single-shot QTimer.

Every effect loops forever and is stopped by the player in the middle of its clip's silent
tail. That works around a Qt 6.11 bug: when a QSoundEffect voice ends by itself, its last
reference is sometimes dropped on the audio thread, which destroys the voice's eventfd socket
notifier there; the main thread's event loop then spins on the closed fd ("QSocketNotifier:
Invalid socket N and type 'Read', disabling..." millions of times a second, the app hangs).
Measured here: 5 of 5 runs hung within 24 plays of 4 clips; stopped by the player instead (a
command handled on the audio thread that hands the voice back to the main thread), 0 of 5. If
the main thread stalls past the middle of the 60 ms tail, the clip starts over until the stop
arrives: a stutter instead of a hang.

During a session (from `prepare()` to `finish()`) a clip of digital silence loops, so the
audio stream never pauses: a cue never waits for it to start again (measured: onsets ~0.7 ms
sooner, and no restart after a quiet spell such as a long sprint). Its volume stays 1.0: in
Qt 6.11 a voice at volume 0 writes zeros over everything mixed before it.

Spoken clips never talk over each other: a voice clip due while another is still speaking
waits for it ("Get ready" then "Rep one of eight" when both fall due at the end of the
warm-up). Beeps are never delayed: they carry the timing.

The settings, the voice schedule and CUE_SCHEDULE_LOG live in `player_base.CuePlayerBase`.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl

from hillsprint.audio.clips import (
    BEEPS,
    COMMON_VOICE,
    KEEP_ALIVE,
    PAD_S,
    SOUND,
    VOICE,
    Clip,
    ScheduledClip,
    clip_path,
    clip_seconds,
)
from hillsprint.audio.player_base import CuePlayerBase

DUE_EARLY_S = 0.001  # a clip timer that fires earlier than this re-arms for the rest
# Qt's default PulseAudio buffer (~18 ms) delays every onset by about that much; 4 ms brought
# measured onsets (at a PulseAudio null sink's monitor) to ~4-5 ms after the deadline. libpulse
# reads it from the environment, so it must be set before QtMultimedia opens its first stream.
# A user whose machine crackles can override it.
PULSE_LATENCY_MSEC = "4"


class CuePlayer(CuePlayerBase):
    """Plays cues through QSoundEffect, one preloaded effect per clip.

    Without QtMultimedia (PySide6-Addons not installed, or libpulse missing), without an audio
    output device, or when an effect fails to load, the player becomes unavailable: `available`
    is False, `problem` says why, `unavailable` is emitted, and `play()` does nothing, so the
    session runs on silently and the screen can show a notice.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        lang: str = "en",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent, lang=lang, clock=clock)
        self._effects: dict[Clip, QObject] = {}
        self._stoppers: dict[Clip, QTimer] = {}  # per effect: stops it in its silent tail
        self._timers: set[QTimer] = set()  # armed for clips still to start
        self._keep_alive: QObject | None = None
        self._qm = self._import_multimedia()
        if self._qm is None:
            return
        if not self._qm.QMediaDevices.audioOutputs():
            self._fail("no audio output device found")
            return
        self._load([(SOUND, name) for name in BEEPS] + [(VOICE, name) for name in COMMON_VOICE])

    @property
    def loaded(self) -> bool:
        """Every effect asked for so far is ready to play at once."""
        if self._qm is None or not self.available:
            return False
        ready = self._qm.QSoundEffect.Status.Ready
        return all(effect.status() == ready for effect in self._effects.values())

    def state(self) -> dict[str, int | bool]:
        """What the player holds now, for diagnostics and tests: whether the silent loop keeps
        the stream running, how many effects are loaded and playing, how many clips wait."""
        return {
            "stream_kept": self._keep_alive is not None and self._keep_alive.isPlaying(),
            "effects": len(self._effects),
            "playing": sum(effect.isPlaying() for effect in self._effects.values()),
            "pending": len(self._timers),
        }

    def _import_multimedia(self):
        """QtMultimedia, imported only now so that the app starts without it."""
        os.environ.setdefault("PULSE_LATENCY_MSEC", PULSE_LATENCY_MSEC)
        try:
            from PySide6 import QtMultimedia
        except (ImportError, OSError) as exc:
            self._fail(f"Qt Multimedia could not be loaded ({exc})")
            return None
        return QtMultimedia

    def _load(self, clips: Iterable[Clip]) -> None:
        for clip in clips:
            if clip in self._effects or not self.available:
                continue
            effect = self._new_effect(clip)
            if effect is None:
                return
            self._effects[clip] = effect
            stopper = self._precise_timer()
            stopper.timeout.connect(effect.stop)
            self._stoppers[clip] = stopper

    def _new_effect(self, clip: Clip):
        """A QSoundEffect loading `clip`, looping forever (see the module doc); None (and the
        player unavailable) when the file is missing."""
        try:
            path = clip_path(clip, self.lang)
        except FileNotFoundError as exc:
            self._fail(str(exc))
            return None
        if not path.is_file():
            self._fail(f"sound file missing: {path}")
            return None
        effect = self._qm.QSoundEffect(self)
        effect.setLoopCount(self._qm.QSoundEffect.Loop.Infinite.value)
        effect.setVolume(self._linear_volume())
        effect.statusChanged.connect(partial(self._status_changed, effect, path))
        effect.setSource(QUrl.fromLocalFile(str(path)))
        return effect

    def _status_changed(self, effect, path: Path) -> None:
        if effect.status() == self._qm.QSoundEffect.Status.Error:
            self._fail(f"could not load or play {path.name}")

    def _keep_stream(self, on: bool) -> None:
        if on and self._keep_alive is None:
            self._keep_alive = self._new_effect(KEEP_ALIVE)
            if self._keep_alive is None:
                return
            self._keep_alive.setVolume(1.0)
        if self._keep_alive is None:
            return
        if on and not self._keep_alive.isPlaying():
            self._keep_alive.play()
        elif not on:
            self._keep_alive.stop()

    def _start(self, plan: list[ScheduledClip]) -> None:
        self._load((clip.kind, clip.name) for clip in plan)
        for clip in plan:
            if clip.t - self._clock() <= DUE_EARLY_S:
                self._fire(clip)
            else:
                self._arm(clip)

    def _precise_timer(self) -> QTimer:
        timer = QTimer(self)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setSingleShot(True)
        return timer

    def _arm(self, clip: ScheduledClip) -> None:
        timer = self._precise_timer()
        timer.timeout.connect(partial(self._due, timer, clip))
        self._timers.add(timer)
        timer.start(math.ceil((clip.t - self._clock()) * 1000))

    def _due(self, timer: QTimer, clip: ScheduledClip) -> None:
        """A clip's timer fired: re-read the clock (Qt timers may fire early) and play it."""
        remaining = clip.t - self._clock()
        if remaining > DUE_EARLY_S:
            timer.start(math.ceil(remaining * 1000))
            return
        self._timers.discard(timer)
        timer.deleteLater()
        self._fire(clip)

    def _fire(self, clip: ScheduledClip) -> None:
        key = (clip.kind, clip.name)
        effect = self._effects.get(key)
        if effect is None or not self.available:
            return
        called = self._clock()
        if effect.isPlaying():  # the same clip again before its end: start it over
            effect.stop()
        effect.play()
        # Stop it in the middle of its silent tail (the loop-forever workaround, module doc).
        stop_after = clip_seconds(clip_path(key, self.lang)) + PAD_S / 2
        self._stoppers[key].start(round(stop_after * 1000))
        self._write_log(clip, called)

    def _stop(self) -> None:
        for timer in self._timers:
            timer.stop()
            timer.deleteLater()
        self._timers.clear()
        for stopper in self._stoppers.values():
            stopper.stop()
        for effect in self._effects.values():
            effect.stop()

    def _linear_volume(self) -> float:
        scale = self._qm.QtAudio.VolumeScale
        return self._qm.QtAudio.convertVolume(
            self._volume, scale.LogarithmicVolumeScale, scale.LinearVolumeScale
        )

    def _apply_volume(self) -> None:
        if self._qm is None:
            return
        linear = self._linear_volume()
        for effect in self._effects.values():
            effect.setVolume(linear)
