"""ScreenAwake: keep the screen on during a session.

The D-Bus tests run a private `dbus-daemon` (Debian package `dbus-daemon`) and, in a child
process, a fake org.freedesktop.ScreenSaver written with QtDBus that logs each call to a file.
Its slots are typed like the real service's (`Inhibit(QString, QString) -> uint`,
`UnInhibit(uint)`), so QtDBus itself rejects a call with the wrong D-Bus signature, as KDE's
service does. ScreenAwake talks to that bus through an injected connection: the process-wide
session bus cannot be re-pointed once Qt has read DBUS_SESSION_BUS_ADDRESS. For the same reason
the "no session bus at all" case runs in a child process with a controlled environment.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from hillsprint.ui.hill import keep_awake
from hillsprint.ui.hill.keep_awake import ScreenAwake

REASON = "A hill-sprint session is running"
COOKIE = 4_000_000_000  # above 2**31: a signed int32 could not carry it


FAKE_SCREENSAVER = """\
import json, sys, time
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection

address, log_path, inhibit_delay, uninhibit_delay, cookie = sys.argv[1:]
app = QCoreApplication([])
bus = QDBusConnection.connectToBus(address, "fake-screensaver")


def log(call, *args):
    with open(log_path, "a") as log_file:
        log_file.write(json.dumps({"call": call, "args": list(args)}) + "\\n")


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, app_name, reason):
        time.sleep(float(inhibit_delay))
        log("Inhibit", app_name, reason)
        return int(cookie)

    @Slot("uint")
    def UnInhibit(self, cookie):
        time.sleep(float(uninhibit_delay))
        log("UnInhibit", cookie)


saver = ScreenSaver()
ok = bus.registerObject(
    "/org/freedesktop/ScreenSaver", saver, QDBusConnection.RegisterOption.ExportAllSlots
) and bus.registerService("org.freedesktop.ScreenSaver")
print("ready" if ok else f"failed: {bus.lastError().message()}", flush=True)
if ok:
    app.exec()
"""


@pytest.fixture
def connection(private_bus):
    return private_bus


@pytest.fixture
def fake_screensaver(fake_services, tmp_path):
    """Starts the fake service: fake_screensaver(inhibit_delay=0, uninhibit_delay=0) -> calls(),
    a function that returns the calls it has logged so far."""
    log_path = tmp_path / "screensaver-calls.jsonl"

    def calls() -> list[tuple]:
        if not log_path.exists():
            return []
        lines = log_path.read_text().splitlines()
        return [(entry["call"], *entry["args"]) for entry in map(json.loads, lines)]

    def start(inhibit_delay: float = 0, uninhibit_delay: float = 0):
        args = [log_path, inhibit_delay, uninhibit_delay, COOKIE]
        fake_services.start(FAKE_SCREENSAVER, keep_awake.SERVICE, *args)
        return calls

    return start


@pytest.fixture
def qt(qapp):
    """QtDBus needs a QCoreApplication (pytest-qt's)."""
    return qapp


# ---- no bus ----------------------------------------------------------------------------------

NO_BUS_CHILD = """\
import json, time
from PySide6.QtCore import QCoreApplication
from hillsprint.ui.hill import keep_awake
from hillsprint.ui.hill.keep_awake import ScreenAwake

app = QCoreApplication([])
awake = ScreenAwake()
start = time.perf_counter()
result = awake.inhibit("test")
elapsed = time.perf_counter() - start
awake.release()
print(json.dumps({"result": result, "problem": awake.problem, "held": awake.held,
                  "elapsed": elapsed}))
"""


@pytest.mark.slow
def test_without_a_session_bus_inhibit_says_so_quietly(tmp_path):
    runtime = tmp_path / "runtime"  # an XDG_RUNTIME_DIR without a "bus" socket
    runtime.mkdir(mode=0o700)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"}
    }
    env.update(XDG_RUNTIME_DIR=str(runtime), QT_FORCE_STDERR_LOGGING="1")
    child = subprocess.run(
        [sys.executable, "-c", NO_BUS_CHILD],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert child.returncode == 0, child.stderr
    assert child.stderr == ""  # no Qt warning (nor anything else)
    result = json.loads(child.stdout)
    assert result["result"] is False
    assert result["held"] is False
    assert result["problem"].startswith("no D-Bus session bus")
    assert result["elapsed"] < 0.1


def test_a_disconnected_bus_returns_false_without_a_qt_warning(qt):
    bus = QDBusConnection.connectToBus("unix:path=/nonexistent/hillsprint-bus", "test-no-bus")
    try:
        awake = ScreenAwake(connection=bus)
        assert awake.inhibit(REASON) is False
        assert awake.problem.startswith("no D-Bus session bus")
        assert not awake.held
        awake.release()  # nothing held: nothing happens
        assert not awake.held
    finally:
        QDBusConnection.disconnectFromBus("test-no-bus")


# ---- a real bus with a fake screen saver -------------------------------------------------------


@pytest.mark.slow
def test_inhibit_then_release_on_a_real_bus(qtbot, connection, fake_screensaver):
    calls = fake_screensaver()
    awake = ScreenAwake(connection=connection)

    assert awake.inhibit(REASON) is True
    assert awake.held
    qtbot.waitUntil(lambda: awake.cookie is not None, timeout=5000)
    assert awake.cookie == COOKIE
    assert calls() == [("Inhibit", "HillSprint", REASON)]
    assert awake.problem is None

    assert awake.inhibit("again") is True  # already held: nothing is sent
    qtbot.wait(50)
    assert calls() == [("Inhibit", "HillSprint", REASON)]

    awake.release()  # UnInhibit is a (short) blocking call: logged once release() returns
    assert not awake.held
    assert awake.cookie is None
    assert calls() == [("Inhibit", "HillSprint", REASON), ("UnInhibit", COOKIE)]
    assert awake.problem is None

    awake.release()  # not held any more: nothing is sent
    qtbot.wait(50)
    assert len(calls()) == 2

    # a second session inhibits again
    assert awake.inhibit(REASON) is True
    qtbot.waitUntil(lambda: awake.cookie is not None, timeout=5000)
    awake.release()
    assert [call[0] for call in calls()] == ["Inhibit", "UnInhibit"] * 2


@pytest.mark.slow
def test_a_slow_screen_saver_never_blocks_the_ui(qtbot, connection, fake_screensaver):
    calls = fake_screensaver(inhibit_delay=0.5, uninhibit_delay=0.6)
    awake = ScreenAwake(connection=connection)

    start = time.perf_counter()
    assert awake.inhibit(REASON) is True
    assert time.perf_counter() - start < 0.1  # sent asynchronously
    qtbot.waitUntil(lambda: awake.cookie is not None, timeout=5000)

    start = time.perf_counter()
    awake.release()
    # UNINHIBIT_TIMEOUT_MS (100 ms), plus slack for a loaded CI machine
    assert time.perf_counter() - start < 0.4
    assert "did not confirm the release" in awake.problem
    qtbot.waitUntil(lambda: len(calls()) == 2, timeout=5000)  # it did get there, late
    assert calls()[1] == ("UnInhibit", COOKIE)


@pytest.mark.slow
def test_release_before_the_answer_undoes_the_inhibit(qtbot, connection, fake_screensaver):
    calls = fake_screensaver(inhibit_delay=0.3)
    awake = ScreenAwake(connection=connection)
    assert awake.inhibit(REASON) is True
    awake.release()  # the session ended before the screen saver answered
    assert not awake.held
    qtbot.waitUntil(lambda: len(calls()) == 2, timeout=5000)
    assert calls() == [("Inhibit", "HillSprint", REASON), ("UnInhibit", COOKIE)]
    assert awake.cookie is None


@pytest.mark.slow
def test_inhibit_again_before_the_answer_keeps_the_first_request(
    qtbot, connection, fake_screensaver
):
    calls = fake_screensaver(inhibit_delay=0.3)
    awake = ScreenAwake(connection=connection)
    assert awake.inhibit(REASON) is True
    awake.release()
    assert awake.inhibit(REASON) is True  # a new session before the first answer came
    qtbot.waitUntil(lambda: awake.cookie is not None, timeout=5000)
    assert awake.held
    assert calls() == [("Inhibit", "HillSprint", REASON)]
    awake.release()
    assert calls()[-1] == ("UnInhibit", COOKIE)


def test_no_screen_saver_service_fails_with_a_problem(qtbot, connection, fake_services):
    assert not fake_services.registered(keep_awake.SERVICE)
    awake = ScreenAwake(connection=connection)
    with qtbot.waitSignal(awake.failed, timeout=5000) as blocker:
        assert awake.inhibit(REASON) is True  # the request went out; the answer is an error
    assert not awake.held
    assert blocker.args == [awake.problem]
    assert "no screen saver service" in awake.problem
    awake.release()  # nothing held: nothing happens
    assert not awake.held


# ---- other platforms ---------------------------------------------------------------------------


def test_macos_is_not_supported_yet(qt):
    awake = ScreenAwake(platform="darwin")
    assert awake.inhibit(REASON) is False
    assert awake.problem == "keeping the screen awake is not supported on macOS yet"
    awake.release()
    assert not awake.held


def test_windows_sets_and_clears_the_execution_state(qt, monkeypatch):
    states = []

    def set_thread_execution_state(flags):
        states.append(flags)
        return 0x80000000  # the previous state: non-zero means success

    kernel32 = types.SimpleNamespace(SetThreadExecutionState=set_thread_execution_state)
    # ctypes.windll exists on Windows only
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    awake = ScreenAwake(platform="win32")
    assert awake.inhibit(REASON) is True
    assert awake.inhibit(REASON) is True
    assert states == [0x80000003]  # ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED
    awake.release()
    awake.release()
    assert states == [0x80000003, 0x80000000]  # ES_CONTINUOUS alone: back to normal
    assert not awake.held
