"""The cue player of choice: every clip placed on one continuous stream at the frame of its
deadline (audio/mixer.py, audio/output.py), handed over before it is due.

The session controller shows the player what is coming (`plan_ahead`, the engine's upcoming
cues a second or so ahead); the player places their clips at once, so a cue sounds on its
deadline to the sample whatever the GUI thread does at that moment (a 2 s stall included: the
stream is fed by its own thread, and a placed clip plays once). When the runner changes the
timeline (pause, skip, +30 s) or the plan ahead changes for any reason, the clips placed for
cues that are no longer coming are taken back before they start. A cue that falls due without
having been placed (a key press that makes it due now) plays at once, one buffer late (~0.1 s).

Mute and pause silence what is queued in the mixer at once; what the sound server already holds
(BUFFER_MS) still plays. Without libpulse-simple or a sound server, `best_cue_player()` falls
back to the QSoundEffect player.
"""

from __future__ import annotations

import logging
import math
import time
import wave
from collections.abc import Callable, Hashable, Iterable
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from hillsprint.audio.clips import (
    BEEPS,
    COMMON_VOICE,
    SOUND,
    VOICE,
    Clip,
    ScheduledClip,
    clip_path,
    clip_seconds,
)
from hillsprint.audio.mixer import BEEP, RATE, SPEECH, Mixer, Placed
from hillsprint.audio.output import OutputError, PulseOutput, to_float
from hillsprint.audio.player_base import CuePlayerBase
from hillsprint.core.session_events import Cue

log = logging.getLogger(__name__)

IDLE_CLOSE_MS = 3000  # outside a session the stream closes this long after the last clip
CLOCK_WAIT_S = 0.5  # at most this long for the first reading of a stream just opened
FORGET_AFTER_S = 10.0  # a cue placed ahead is remembered this long after its deadline


def cue_key(cue: Cue) -> tuple:
    """The same cue from `upcoming_cues` and later from `poll()`: equal keys."""
    return (cue.kind, cue.rep, cue.value, round(cue.deadline, 6))


def read_clip(path: Path) -> np.ndarray:
    """A clip's samples (mono 16-bit at RATE, as scripts/make_clips.py renders them)."""
    with wave.open(str(path), "rb") as wav:
        if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, 2, RATE):
            raise ValueError(f"{path.name} is not mono 16-bit {RATE} Hz")
        return to_float(wav.readframes(wav.getnframes()))


class MixerCuePlayer(CuePlayerBase):
    outputFailed = Signal(str)  # from the feeder thread; handled on the GUI thread

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        lang: str = "en",
        clock: Callable[[], float] = time.monotonic,
        output_factory: Callable[..., PulseOutput] | None = None,
    ) -> None:
        super().__init__(parent, lang=lang, clock=clock)
        self.mixer = Mixer()
        self._samples: dict[Clip, np.ndarray] = {}
        self._ahead: dict[tuple, Cue] = {}  # cues placed before they fell due
        self._voice_ends: dict[Hashable, float] = {}  # per placing, when its speech ends
        self._tag: Hashable = None
        self._keep = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._close_if_idle)
        self.outputFailed.connect(self._fail)
        self._output: PulseOutput | None = None
        try:
            make = output_factory or PulseOutput
            self._output = make(self.mixer, on_error=self.outputFailed.emit)
        except OutputError as exc:
            self._fail(str(exc))
            return
        self._load([(SOUND, name) for name in BEEPS] + [(VOICE, name) for name in COMMON_VOICE])
        self._apply_volume()

    @property
    def clips_loaded(self) -> set[Clip]:
        """The clips read into memory so far."""
        return set(self._samples)

    @property
    def stream_open(self) -> bool:
        return self._output is not None and self._output.is_open

    # ---- cues handed over ahead ------------------------------------------------------------

    def plan_ahead(self, cues: list[Cue]) -> None:
        """`cues` are what is coming (all of it, up to some horizon): place the new ones, take
        back those placed earlier that are no longer coming."""
        if self._muted or not self.available:
            return
        now = self._clock()
        wanted = {cue_key(cue): cue for cue in cues}
        for key, cue in list(self._ahead.items()):
            gone = key not in wanted and cue.deadline > now
            if gone or cue.deadline < now - FORGET_AFTER_S:
                del self._ahead[key]
                if gone:
                    self.mixer.remove(key)
                    self._voice_ends.pop(key, None)
        self._voice_ends = {tag: end for tag, end in self._voice_ends.items() if end > now}
        self._voice_free_at = max(self._voice_ends.values(), default=-math.inf)
        for key, cue in sorted(wanted.items(), key=lambda item: item[1].deadline):
            if key not in self._ahead:
                self._ahead[key] = cue
                self._placing(key, super().play, cue)

    def play(self, cue: Cue) -> None:
        """A cue that fell due: nothing to do if its clips were placed ahead."""
        key = cue_key(cue)
        if key not in self._ahead:
            self._placing(key, super().play, cue)

    def say(self, name: str) -> None:
        self._placing(object(), super().say, name)

    def test_sound(self) -> None:
        self._placing(object(), super().test_sound)

    def _placing(self, tag: Hashable, action, *args) -> None:
        self._tag = tag
        try:
            action(*args)
        finally:
            self._tag = None

    # ---- CuePlayerBase -----------------------------------------------------------------------

    def _load(self, clips: Iterable[Clip]) -> None:
        for clip in clips:
            if clip in self._samples or not self.available:
                continue
            try:
                self._samples[clip] = read_clip(clip_path(clip, self.lang))
            except (OSError, EOFError, ValueError, wave.Error) as exc:
                self._fail(f"could not load {clip[1]} ({exc})")
                return

    def _start(self, plan: list[ScheduledClip]) -> None:
        self._load((clip.kind, clip.name) for clip in plan)
        if not self.available or not self.open_stream():
            return
        stream = self._output.clock
        for clip in plan:
            samples = self._samples.get((clip.kind, clip.name))
            if samples is None:
                continue
            placed = Placed(
                samples,
                stream.frame_at(clip.t),  # already played past: the mixer starts it at once
                BEEP if clip.kind == SOUND else SPEECH,
                self._tag,
                clip.name,
                partial(self._clip_started, clip),
            )
            self.mixer.add(placed)
            if clip.kind == VOICE:
                end = clip.t + clip_seconds(clip_path((clip.kind, clip.name), self.lang))
                self._voice_ends[self._tag] = max(end, self._voice_ends.get(self._tag, end))
        if not self._keep:
            self._idle.start(IDLE_CLOSE_MS)

    def _clip_started(self, clip: ScheduledClip, due: int, frame: int) -> None:
        """On the feeder thread, as the clip's first frame is rendered into the stream; a clip
        handed over after its frame had gone by is said to be late, by how much."""
        if frame > due:
            late_ms = (frame - due) / RATE * 1000
            log.info("%s started %.1f ms after its deadline (handed over late)", clip.name, late_ms)
        self._write_log(clip, self._clock())

    def _stop(self) -> None:
        self.mixer.clear()
        self._ahead.clear()
        self._voice_ends.clear()

    def _apply_volume(self) -> None:
        # A slider's 0..1 to amplitude by the cube, as PulseAudio maps its own volume sliders
        # (pa_sw_volume_from_linear): half way is about -18 dB.
        self.mixer.gain = self._volume**3

    def _keep_stream(self, on: bool) -> None:
        self._keep = on
        if on:
            self._idle.stop()
            self.open_stream()
        else:
            self._idle.start(IDLE_CLOSE_MS)

    def open_stream(self) -> bool:
        """The stream open and its clock read at least once; False (unavailable) if not."""
        output = self._output
        if output is None:
            return False
        if not output.is_open:
            try:
                output.open()
            except OutputError as exc:
                self._fail(str(exc))
                return False
        give_up = time.monotonic() + CLOCK_WAIT_S
        while not output.clock.ready and time.monotonic() < give_up:
            time.sleep(0.001)
        if not output.clock.ready:
            self._fail("the sound server accepted the stream but does not play it")
            return False
        return True

    def _close_if_idle(self) -> None:
        if self._keep or self._output is None:
            return
        if self.mixer.busy():
            self._idle.start(IDLE_CLOSE_MS)
            return
        self._output.close()

    def close(self) -> None:
        """Quitting: the stream closes now."""
        self._keep = False
        self._idle.stop()
        if self._output is not None:
            self._output.close()


def best_cue_player(parent: QObject | None = None, *, lang: str = "en") -> CuePlayerBase:
    """The mixer player where libpulse-simple and a sound server answer (desktop Linux, with
    PulseAudio or PipeWire), otherwise the QSoundEffect player."""
    player = MixerCuePlayer(parent, lang=lang)
    if player.available and player.open_stream():
        player.finish()  # open until the first session; closed after IDLE_CLOSE_MS
        return player
    player.close()
    player.deleteLater()
    from hillsprint.audio.player import CuePlayer

    return CuePlayer(parent, lang=lang)
