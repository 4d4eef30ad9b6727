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
