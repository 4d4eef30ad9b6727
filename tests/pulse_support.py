"""A private PulseAudio server with one null sink: a sound device without a sound card, for the
tests that play or load real sounds (like ../shared/tools/audio/pulse_ctl.sh, but per test
module, in its own folder, and always stopped)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pulseaudio_installed() -> bool:
    return shutil.which("pulseaudio") is not None


@contextmanager
def private_null_sink(home: Path, sink: str) -> Iterator[dict[str, str]]:
    """Run pulseaudio in `home` with a null sink named `sink`; yields the client environment
    (PULSE_SERVER, PULSE_SINK) and stops the server afterwards."""
    socket = home / "native"
    script = home / "default.pa"
    script.write_text(
        f"load-module module-native-protocol-unix socket={socket} auth-anonymous=1\n"
        f"load-module module-null-sink sink_name={sink} rate=48000 channels=2\n"
        f"set-default-sink {sink}\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(home)}
    env["XDG_CONFIG_HOME"] = str(home)
    args = ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no"]
    args += ["--system=no", f"--log-target=file:{home / 'pulse.log'}", "-F", str(script)]
    server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not socket.exists() and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket.exists(), f"pulseaudio did not start; see {home / 'pulse.log'}"
        yield {"PULSE_SERVER": f"unix:{socket}", "PULSE_SINK": sink}
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class MonitorRecorder:
    """Records a null sink's monitor (mono, 16-bit, 48 kHz) on a thread, through the same
    libpulse-simple the app's output uses: what really reached the 'sound card'."""

    def __init__(self, env: dict[str, str], sink: str) -> None:
        import ctypes
        import threading

        from hillsprint.audio.output import (
            PA_SAMPLE_S16LE,
            UINT32_MAX,
            BufferAttr,
            SampleSpec,
            load_libpulse_simple,
        )

        self._ctypes = ctypes
        self._lib = load_libpulse_simple()
        self._lib.pa_simple_read.restype = ctypes.c_int
        self._lib.pa_simple_read.argtypes = (
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.POINTER(ctypes.c_int),
        )
        spec = SampleSpec(PA_SAMPLE_S16LE, 48000, 1)
        attr = BufferAttr(UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, 960)
        error = ctypes.c_int(0)
        self._stream = self._lib.pa_simple_new(
            env["PULSE_SERVER"].encode(),
            b"test recorder",
            2,  # PA_STREAM_RECORD
            f"{sink}.monitor".encode(),
            b"monitor",
            ctypes.byref(spec),
            None,
            ctypes.byref(attr),
            ctypes.byref(error),
        )
        assert self._stream, f"cannot record {sink}.monitor (error {error.value})"
        self._chunks: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._record, daemon=True)
        self._thread.start()

    def _record(self) -> None:
        ctypes = self._ctypes
        buffer = ctypes.create_string_buffer(1920)
        error = ctypes.c_int(0)
        while not self._stop.is_set():
            if self._lib.pa_simple_read(self._stream, buffer, 1920, ctypes.byref(error)) < 0:
                return
            self._chunks.append(buffer.raw)

    def stop(self):
        """The recording so far, as float32 samples."""
        import numpy as np

        self._stop.set()
        self._thread.join(timeout=5)
        self._lib.pa_simple_free(self._stream)
        return np.frombuffer(b"".join(self._chunks), dtype="<i2").astype(np.float32) / 32768
