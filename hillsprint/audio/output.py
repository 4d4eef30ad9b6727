"""One continuous output stream for the cues: PulseAudio's simple API (libpulse-simple, through
ctypes), fed by a thread of its own.

Why not QSoundEffect or a QAudioSink: a stream per clip has to start on time, which needed a
4 ms PulseAudio buffer that a Python process cannot always refill (clicks inside 1 in 20 beeps),
and a Qt sink is fed from the GUI thread. Here one stream stays open for the session with a
safe buffer (BUFFER_MS); the feeder thread writes the mixer's blocks into it, and
`pa_simple_write` blocks while the buffer is full (it releases the GIL, as every ctypes call
does). The GUI thread only places clips in the mixer, a second or so ahead of their deadline.

The stream's clock: after each write the feeder reads the stream's latency (queued plus the
device's). The frame playing at that instant is `written - latency · rate`, which ties the
stream's frame count to `time.monotonic()`; `StreamClock` keeps the median of the recent
readings, so a clip due at T goes at the frame that will sound at T. libpulse-simple is the
same library PipeWire's PulseAudio server answers on desktops; without it the app falls back to
QSoundEffect (audio/player.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from hillsprint.audio.mixer import RATE, Mixer

log = logging.getLogger(__name__)

BLOCK_FRAMES = 480  # 10 ms a write
BUFFER_MS = 100  # queued ahead of the device: a GUI stall shorter than this cannot starve it
CLOCK_READINGS = 101  # the median of the last ~1 s of latency readings places the clips
PA_SAMPLE_S16LE = 3
PA_STREAM_PLAYBACK = 1
UINT32_MAX = 0xFFFFFFFF


class SampleSpec(ctypes.Structure):
    """pa_sample_spec"""

    _fields_ = (("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8))


class BufferAttr(ctypes.Structure):
    """pa_buffer_attr (every field in bytes; UINT32_MAX: the server's default)"""

    _fields_ = (
        ("maxlength", ctypes.c_uint32),
        ("tlength", ctypes.c_uint32),
        ("prebuf", ctypes.c_uint32),
        ("minreq", ctypes.c_uint32),
        ("fragsize", ctypes.c_uint32),
    )


class OutputError(Exception):
    """The sound server cannot be reached or refused the stream; the message says why."""


def load_libpulse_simple() -> ctypes.CDLL:
    """libpulse-simple with its prototypes; OutputError when the library is not installed."""
    name = ctypes.util.find_library("pulse-simple") or "libpulse-simple.so.0"
    try:
        lib = ctypes.CDLL(name)
        pulse = ctypes.CDLL(ctypes.util.find_library("pulse") or "libpulse.so.0")
    except OSError as exc:
        raise OutputError(f"libpulse-simple is not installed ({exc})") from exc
    error = ctypes.POINTER(ctypes.c_int)
    lib.pa_simple_new.restype = ctypes.c_void_p
    lib.pa_simple_new.argtypes = (
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.POINTER(SampleSpec),
        ctypes.c_void_p,
        ctypes.POINTER(BufferAttr),
        error,
    )
    lib.pa_simple_write.restype = ctypes.c_int
    lib.pa_simple_write.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, error)
    lib.pa_simple_get_latency.restype = ctypes.c_uint64
    lib.pa_simple_get_latency.argtypes = (ctypes.c_void_p, error)
    lib.pa_simple_free.restype = None
    lib.pa_simple_free.argtypes = (ctypes.c_void_p,)
    pulse.pa_strerror.restype = ctypes.c_char_p
    pulse.pa_strerror.argtypes = (ctypes.c_int,)
    lib.strerror = pulse.pa_strerror
    return lib


class StreamClock:
    """Monotonic time ↔ stream frames, from readings (written frames, latency, instant)."""

    def __init__(self, rate: int = RATE, readings: int = CLOCK_READINGS) -> None:
        self.rate = rate
        self._offsets: deque[float] = deque(maxlen=readings)  # stream seconds − monotonic
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        with self._lock:
            return bool(self._offsets)

    def observe(self, written: int, latency_s: float, at: float) -> None:
        """After `written` frames, the stream reported `latency_s` queued at instant `at`."""
        playing = written - latency_s * self.rate
        with self._lock:
            self._offsets.append(playing / self.rate - at)

    def frame_at(self, t: float) -> int:
        """The stream frame that sounds at monotonic instant `t`."""
        with self._lock:
            offset = statistics.median(self._offsets)
        return round((t + offset) * self.rate)

    def time_of(self, frame: int) -> float:
        """The monotonic instant at which `frame` sounds."""
        with self._lock:
            offset = statistics.median(self._offsets)
        return frame / self.rate - offset


class PulseOutput:
    """The session's stream: open() connects and starts the feeder, close() ends both."""

    def __init__(
        self,
        mixer: Mixer,
        *,
        app_name: str = "HillSprint",
        on_error: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mixer = mixer
        self.clock = StreamClock()
        self._now = clock
        self._app_name = app_name
        self._on_error = on_error
        self._lib = load_libpulse_simple()
        self._stream: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def is_open(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def open(self) -> None:
        """Connect to the sound server and start feeding; OutputError when it refuses."""
        if self.is_open:
            return
        spec = SampleSpec(PA_SAMPLE_S16LE, RATE, 1)
        target = RATE * 2 * BUFFER_MS // 1000
        block = BLOCK_FRAMES * 2
        # prebuf: play from the second block on (by default the server waits for a full
        # tlength, which the blocking writes never reach: the stream stood still ~0.7 s)
        attr = BufferAttr(UINT32_MAX, target, 2 * block, block, UINT32_MAX)
        error = ctypes.c_int(0)
        stream = self._lib.pa_simple_new(
            None,
            self._app_name.encode(),
            PA_STREAM_PLAYBACK,
            None,
            b"cues",
            ctypes.byref(spec),
            None,
            ctypes.byref(attr),
            ctypes.byref(error),
        )
        if not stream:
            raise OutputError(self._message(error.value))
        self._stream = stream
        self._stop.clear()
        self._thread = threading.Thread(target=self._feed, name="hillsprint-audio", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop feeding and disconnect (what is queued is dropped: the session is over)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=2.0)
        if self._stream is not None:
            self._lib.pa_simple_free(self._stream)
            self._stream = None

    def _feed(self) -> None:
        error = ctypes.c_int(0)
        stream = self._stream
        while not self._stop.is_set():
            block = self.mixer.render(BLOCK_FRAMES)
            pcm = (block * 32767.0).astype("<i2").tobytes()
            if self._lib.pa_simple_write(stream, pcm, len(pcm), ctypes.byref(error)) < 0:
                self._failed(error.value)
                return
            latency_us = self._lib.pa_simple_get_latency(stream, ctypes.byref(error))
            at = self._now()
            if latency_us == ctypes.c_uint64(-1).value:
                self._failed(error.value)
                return
            self.clock.observe(self.mixer.rendered, latency_us / 1e6, at)

    def _failed(self, code: int) -> None:
        message = self._message(code)
        log.warning("sound output failed: %s", message)
        if self._on_error is not None:
            self._on_error(message)

    def _message(self, code: int) -> str:
        text = self._lib.strerror(code)
        return f"the sound server refused the stream ({text.decode() if text else code})"


def to_float(pcm16: bytes) -> np.ndarray:
    """16-bit little-endian PCM as float32 in -1..1."""
    return np.frombuffer(pcm16, dtype="<i2").astype(np.float32) / 32768.0
