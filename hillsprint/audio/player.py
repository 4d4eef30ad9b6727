"""Sound and voice cues: which clips a cue plays, and the players that play them on time.

- `clips_for()` maps an engine `Cue` to a sequence of clips, ("sound" | "voice", name): beeps
  from `resources/sounds/`, pre-rendered spoken prompts from `resources/voice/<lang>/`
  (scripts/make_clips.py makes both; no text-to-speech service is needed at run time).
- `CuePlayer` plays them with QtMultimedia's QSoundEffect, every effect loaded before its first
  deadline. The first clip of a cue starts at once; each following clip starts when the one
  before it ends, on its own precise single-shot QTimer.
- `RecordingCuePlayer` is a test double with the same public methods: it records what would be
  played, and when, without any audio (tests and headless runs).

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

When the environment variable CUE_SCHEDULE_LOG names a file, both players append one JSON line
per clip they start, `{"t": <intended instant>, "label": "<clip>", "called": <instant handed to
the output>}`, in `time.monotonic()` seconds; `../shared/tools/audio/measure_cues.py` compares it
with what reached the sound card.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal

from hillsprint.core.engine import Cue, CueKind
from hillsprint.resources import sound_path, voice_path

log = logging.getLogger(__name__)

SOUND = "sound"
VOICE = "voice"
Clip = tuple[str, str]  # (SOUND or VOICE, clip name)

SCHEDULE_LOG_ENV = "CUE_SCHEDULE_LOG"
PAD_S = 0.060  # trailing silence on every clip (scripts/make_clips.py); not part of the sound
MAX_NUMBER = 99  # voice clips n1..n99
DUE_EARLY_S = 0.001  # a clip timer that fires earlier than this re-arms for the rest
BEEPS = ("tick", "go", "sprint_end", "session_complete", "test")
KEEP_ALIVE = (SOUND, "silence")  # looped during a session (see the module doc)
# Loaded with the player; n1..n3 speak the 3-2-1 when beeps are off. Other numbers: prepare().
COMMON_VOICE = (
    "go",
    "walk_down",
    "cool_down",
    "last_rep",
    "halfway",
    "session_complete",
    "rep",
    "of",
    "get_ready",
    "paused",
    "resumed",
    "n1",
    "n2",
    "n3",
)
# Qt's default PulseAudio buffer (~18 ms) delays every onset by about that much; 4 ms brought
# measured onsets to ~4-5 ms after the deadline (DESIGN.md, "Known traps"). libpulse reads it
# from the environment, so it must be set before QtMultimedia opens its first stream. A user
# whose machine crackles can override it.
PULSE_LATENCY_MSEC = "4"


# ---- what a cue plays -----------------------------------------------------------------------


def _number(n: int | None) -> list[Clip]:
    return [(VOICE, f"n{n}")] if n is not None and 1 <= n <= MAX_NUMBER else []


def clips_for(
    cue: Cue, rep_count: int, *, beeps: bool, voice: bool, last_walk_is_cooldown: bool
) -> list[Clip]:
    """The clips `cue` plays, in order, for a session of `rep_count` reps.

    A beep carries an instant (3-2-1, GO, stop) and a spoken word would be late for it, so the
    voice says "Go" (and "three, two, one") only when beeps are off. `last_walk_is_cooldown`
    says whether a cool-down follows the last sprint: then its end says "Cool down"; without
    one the session ends at that instant and SESSION_COMPLETE speaks for it alone.
    """
    match cue.kind:
        case CueKind.TICK:
            if beeps:
                return [(SOUND, "tick")]
            return _number(cue.value) if voice else []
        case CueKind.GO:
            if beeps:
                return [(SOUND, "go")]
            return [(VOICE, "go")] if voice else []
        case CueKind.SPRINT_END:
            last = cue.rep == rep_count
            if last and not last_walk_is_cooldown:
                return []
            clips = [(SOUND, "sprint_end")] if beeps else []
            if voice:
                clips.append((VOICE, "cool_down" if last else "walk_down"))
            return clips
        case CueKind.REP_ANNOUNCE:
            if not voice:
                return []
            clips = [(VOICE, "rep"), *_number(cue.value or cue.rep)]
            if 1 <= rep_count <= MAX_NUMBER:
                clips += [(VOICE, "of"), *_number(rep_count)]
            return clips
        case CueKind.SESSION_COMPLETE:
            clips = [(SOUND, "session_complete")] if beeps else []
            if voice:
                clips.append((VOICE, "session_complete"))
            return clips
    spoken = {
        CueKind.HALFWAY: "halfway",
        CueKind.LAST_REP: "last_rep",
        CueKind.WARMUP_END: "get_ready",
    }
    return [(VOICE, spoken[cue.kind])] if voice else []


def clip_path(clip: Clip, lang: str) -> Path:
    kind, name = clip
    return sound_path(name) if kind == SOUND else voice_path(lang, name)


@cache
def clip_seconds(path: Path) -> float:
    """How long the clip sounds: its length from the WAV header, less the silent pad."""
    with wave.open(str(path), "rb") as wav:
        return max(0.0, wav.getnframes() / wav.getframerate() - PAD_S)


@dataclass(frozen=True)
class ScheduledClip:
    kind: str
    name: str
    t: float  # intended start (time.monotonic() s): the cue's deadline for its first clip


@dataclass(frozen=True)
class PlayedClip:
    kind: str
    name: str
    t: float
    called: float


# ---- the common part ------------------------------------------------------------------------


class _CuePlayerBase(QObject):
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
        self._load(_number(n)[0] for n in range(1, min(rep_count, MAX_NUMBER) + 1))
        if self.available:
            self._keep_stream(True)

    def finish(self) -> None:
        """Call when the session ends: lets the audio stream (and the laptop's sound card) rest.
        Cues still play afterwards, each starting the stream again."""
        self._keep_stream(False)

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


# ---- the real player ------------------------------------------------------------------------


class CuePlayer(_CuePlayerBase):
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


# ---- the test double ------------------------------------------------------------------------


class RecordingCuePlayer(_CuePlayerBase):
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
