"""The cue mixer: clips placed at the sample of their deadline on one continuous stream.

The output stream is a count of frames that the sound card plays at a steady rate. A clip due
at the monotonic instant T starts at frame `round((T + offset) · rate)`, where `offset` maps
monotonic time to stream time (measured by the output from the stream's own played-frames
clock, see output.py). Because clips are handed over well before their deadline (the session
controller looks ahead), the size of the output buffer no longer costs timing: a bigger, safe
buffer and onsets exact to the sample.

Mixing rules:
- Overlapping clips add up. A soft limiter keeps the sum inside [-1, 1] without the hard
  clipping a sum of two loud clips would give (below LIMIT_KNEE nothing changes).
- The voice ducks under beeps: while a beep sounds, speech is lowered by DUCK_DB with short
  ramps, so a 3-2-1-GO stays clear when "Rep three of eight" runs late and overlaps it. Beeps
  are never lowered: they carry the timing.
- A clip whose start frame has already been rendered (handed over late) starts at the next
  frame rendered, and is reported late by how much.

No Qt and no audio API here: `render()` is called by the output's feeder thread, `add()` and
`remove()` by the GUI thread; one lock keeps them apart. Tests drive it with frame numbers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import numpy as np

RATE = 48_000  # every clip is rendered at 48 kHz (scripts/make_clips.py)
DUCK_DB = -10.0  # the voice under a beep
DUCK_GAIN = 10 ** (DUCK_DB / 20)
DUCK_RAMP_FRAMES = 240  # 5 ms ramps into and out of the duck: no step, no click
LIMIT_KNEE = 0.8  # the soft limiter leaves |x| <= 0.8 alone ...
LIMIT_CEILING = 0.98  # ... and bends the rest towards this, never past it

BEEP = "beep"
SPEECH = "speech"


@dataclass(eq=False)
class Placed:
    """One clip on the stream: its samples from `start` (a frame number) on."""

    samples: np.ndarray  # float32, mono, -1..1
    start: int
    kind: str  # BEEP or SPEECH
    tag: Hashable = None  # what placed it (a cue), so a change of plan can take it back
    name: str = ""  # the clip's name, for logs and tests
    on_start: Callable[[int, int], None] | None = field(default=None, repr=False)
    started: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.samples)


def soft_limit(x: np.ndarray) -> np.ndarray:
    """Identity up to LIMIT_KNEE, then a tanh bend towards LIMIT_CEILING: smooth (no corner
    to hear) and monotonic, so a sum of loud clips is squeezed, never folded or clipped."""
    out = x.copy()
    over = np.abs(x) > LIMIT_KNEE
    if over.any():
        room = LIMIT_CEILING - LIMIT_KNEE
        excess = (np.abs(x[over]) - LIMIT_KNEE) / room
        out[over] = np.sign(x[over]) * (LIMIT_KNEE + room * np.tanh(excess))
    return out


def _duck_envelope(beeps: list[Placed], first: int, count: int) -> np.ndarray:
    """The speech gain for frames first..first+count: DUCK_GAIN under any beep, 1.0 away from
    them, with linear ramps of DUCK_RAMP_FRAMES before a beep starts and after it ends."""
    frames = np.arange(first, first + count, dtype=np.float64)
    depth = np.zeros(count)
    for beep in beeps:
        ramp_in = (frames - (beep.start - DUCK_RAMP_FRAMES)) / DUCK_RAMP_FRAMES
        ramp_out = ((beep.end + DUCK_RAMP_FRAMES) - frames) / DUCK_RAMP_FRAMES
        depth = np.maximum(depth, np.clip(np.minimum(ramp_in, ramp_out), 0.0, 1.0))
    return 1.0 - (1.0 - DUCK_GAIN) * depth


class Mixer:
    """The clips still to sound, mixed block by block into the stream."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clips: list[Placed] = []
        self._rendered = 0  # frames rendered so far: the next block starts here
        self.gain = 1.0  # linear amplitude for everything (the volume setting)

    @property
    def rendered(self) -> int:
        return self._rendered

    def add(self, clip: Placed) -> None:
        with self._lock:
            self._clips.append(clip)

    def remove(self, tag: Hashable) -> int:
        """Take back the clips placed for `tag` that have not started; returns how many."""
        with self._lock:
            keep = [c for c in self._clips if c.tag != tag or c.started]
            removed = len(self._clips) - len(keep)
            self._clips = keep
            return removed

    def remove_unstarted(self, keep: Callable[[Hashable], bool]) -> None:
        """Take back every clip not started yet whose tag `keep` refuses."""
        with self._lock:
            self._clips = [c for c in self._clips if c.started or keep(c.tag)]

    def clear(self) -> None:
        """Silence: every clip, playing or to come, goes (mute, the end of a session)."""
        with self._lock:
            self._clips = []

    def pending(self) -> list[Placed]:
        with self._lock:
            return list(self._clips)

    def busy(self) -> bool:
        with self._lock:
            return bool(self._clips)

    def render(self, count: int) -> np.ndarray:
        """The next `count` frames of the stream (float32). A clip due before them starts at
        their first frame and its `on_start(due, actual)` says so."""
        first = self._rendered
        last = first + count
        out = np.zeros(count, dtype=np.float32)
        with self._lock:
            for clip in self._clips:
                if not clip.started and clip.start < first:  # handed over too late:
                    due, clip.start = clip.start, first  # the whole clip, from now
                    self._note_start(clip, due)
            active = [c for c in self._clips if c.start < last and c.end > first]
            beeps = [c for c in self._clips if c.kind == BEEP]
            speech = np.zeros(count, dtype=np.float32)
            for clip in active:
                if not clip.started:
                    self._note_start(clip, clip.start)
                lo, hi = max(first, clip.start), min(last, clip.end)
                part = clip.samples[lo - clip.start : hi - clip.start]
                target = out if clip.kind == BEEP else speech
                target[lo - first : hi - first] += part
            if speech.any():
                near = [b for b in beeps if b.start - DUCK_RAMP_FRAMES < last]
                near = [b for b in near if b.end + DUCK_RAMP_FRAMES > first]
                if near:
                    speech *= _duck_envelope(near, first, count).astype(np.float32)
                out += speech
            self._clips = [c for c in self._clips if c.end > last]
            self._rendered = last
        return soft_limit(out * np.float32(self.gain))

    @staticmethod
    def _note_start(clip: Placed, due: int) -> None:
        clip.started = True
        if clip.on_start is not None:
            clip.on_start(due, clip.start)
