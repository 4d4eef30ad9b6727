"""A real `hillsprint` window in a child process (offscreen), for the tests of what other
starts and commands do while it runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from hillsprint.instance_lock import lock_path, server_name


def wait_until(condition, timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@contextmanager
def running_window(data_dir: Path, *args: str):
    """`python -m hillsprint --data-dir DATA_DIR` until it listens for second starts; yields
    the Popen. Ended with SIGKILL unless the test ended it already."""
    socket = server_name(data_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "hillsprint", "--data-dir", str(data_dir), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        wait_until(
            lambda: (
                (os.path.exists(socket) and lock_path(data_dir).exists()) or proc.poll() is not None
            ),
            what="the window to listen",
        )
        assert proc.poll() is None, f"the window exited with {proc.returncode}"
        yield proc
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)  # in case a test stopped it
            proc.kill()
        proc.wait(timeout=10)


HOLDER = """
import sys, time
from hillsprint.instance_lock import FolderLock
lock = FolderLock(sys.argv[1])
assert lock.try_acquire() is None
print("holding", flush=True)
sys.stdin.read()
lock.release()
"""


@contextmanager
def folder_held(data_dir: Path):
    """Another process (a plain Python one) holds the data folder until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
        proc.stdout.close()
