"""One HillSprint per data folder: a second start brings the running window to the front and
exits 0; a hung holder is named (exit 1); a SIGKILLed holder never blocks the next start;
different folders run side by side. The windows are real `hillsprint` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from cli_support import hillsprint
from window_process import running_window

from hillsprint import app
from hillsprint.instance_lock import (
    FolderInUse,
    FolderLock,
    exclusive,
    lock_path,
    server_name,
)

FIRST_PAINT = {app.BENCH_FIRST_PAINT_ENV: "1"}  # a window that opens prints this and quits


def test_server_name_is_the_folders_not_the_spelling(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "link")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "b" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_a_held_folder_is_refused_to_others_and_names_the_holder(tmp_path):
    """In this process: the lock is exclusive, says who holds it, and `exclusive` lets the
    holder itself through (the damaged-database dialog runs in the window's process)."""
    held = FolderLock(tmp_path)
    assert held.try_acquire() is None
    try:
        with exclusive(tmp_path):  # the holder itself goes ahead
            pass
        child = subprocess.run(
            [sys.executable, "-c", CHILD_EXCLUSIVE, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        out = child.stdout.strip()
        assert out.startswith(f"refused {tmp_path} is in use by "), out + child.stderr
        assert out.endswith(f"(process {os.getpid()})")
    finally:
        held.release()
    assert not lock_path(tmp_path).exists()
    with exclusive(tmp_path):
        assert lock_path(tmp_path).exists()
    assert not lock_path(tmp_path).exists()


CHILD_EXCLUSIVE = """
import sys
from hillsprint.instance_lock import FolderInUse, exclusive
try:
    with exclusive(sys.argv[1]):
        print("got it")
except FolderInUse as exc:
    print("refused", exc)
"""


@pytest.mark.slow
def test_second_start_brings_the_running_window_forward_and_exits_0(tmp_path):
    with running_window(tmp_path) as first:
        second = hillsprint("--data-dir", str(tmp_path), env=FIRST_PAINT)
        assert second.returncode == 0, second.stderr
        assert second.stdout == ""  # no window of its own
        [line] = second.stderr.strip().splitlines()
        assert line == (
            f"hillsprint: HillSprint is already running on {tmp_path} (process {first.pid}); "
            "its window was brought to the front"
        )
        assert first.poll() is None


@pytest.mark.slow
def test_a_hung_window_is_named_and_the_second_start_exits_1(tmp_path):
    with running_window(tmp_path) as first:
        os.kill(first.pid, signal.SIGSTOP)
        try:
            second = hillsprint("--data-dir", str(tmp_path), env=FIRST_PAINT)
        finally:
            os.kill(first.pid, signal.SIGCONT)
    assert second.returncode == 1
    assert second.stdout == ""
    [line] = second.stderr.strip().splitlines()
    assert line.startswith(f"hillsprint: {tmp_path} is in use by HillSprint (process {first.pid})")
    assert "does not answer" in line and f"end process {first.pid}" in line


@pytest.mark.slow
def test_a_killed_window_never_blocks_the_next_start(tmp_path):
    with running_window(tmp_path) as first:
        first.kill()
        first.wait(timeout=10)
    assert lock_path(tmp_path).exists()  # left behind by the killed process
    assert os.path.exists(server_name(tmp_path))  # its socket too
    again = hillsprint("--data-dir", str(tmp_path), env=FIRST_PAINT)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "first-paint"
    assert not lock_path(tmp_path).exists()  # released at exit
    assert not os.path.exists(server_name(tmp_path))


@pytest.mark.slow
def test_different_folders_run_side_by_side(tmp_path):
    (tmp_path / "a").mkdir()
    with running_window(tmp_path / "a") as first:
        other = hillsprint("--data-dir", str(tmp_path / "b"), env=FIRST_PAINT)
        assert other.returncode == 0, other.stderr
        assert other.stdout.strip() == "first-paint"
        assert first.poll() is None


def test_folder_in_use_says_who(tmp_path):
    assert str(FolderInUse(tmp_path, None)) == f"{tmp_path} is in use by another process"
