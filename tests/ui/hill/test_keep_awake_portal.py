"""ScreenAwake inside a Flatpak sandbox: the desktop portal's Inhibit, against a fake portal on a
private bus (tests/dbus_support.py). Its slot is typed like the real one (`Inhibit(s, u, a{sv})
-> o`), so a wrongly typed call is refused; one flavour rejects the suspend flag, as KDE's
fallback backend does (xdg-desktop-portal-gtk#555)."""

from __future__ import annotations

import json

import pytest

from hillsprint.ui.hill.keep_awake import PORTAL_IDLE, PORTAL_SUSPEND, ScreenAwake

REASON = "A hill-sprint session is running"

FAKE_PORTAL = """\
import json, sys
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusObjectPath

address, log_path, reject_suspend = sys.argv[1:]
app = QCoreApplication([])
bus = QDBusConnection.connectToBus(address, "fake-portal")
requests = []


def log(*entry):
    with open(log_path, "a") as out:
        out.write(json.dumps(list(entry)) + "\\n")


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Request"})
class Request(QObject):
    def __init__(self, number):
        super().__init__()
        self.number = number

    @Slot()
    def Close(self):
        log("Close", self.number)


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Inhibit"})
class Inhibit(QObject):
    @Slot(str, "uint", "QVariantMap", result="QDBusObjectPath")
    def Inhibit(self, window, flags, options):
        log("Inhibit", flags, options.get("reason"))
        if flags & 4 and reject_suspend == "1":
            raise RuntimeError("suspend is not supported here")  # no reply: the call fails
        request = Request(len(requests) + 1)
        requests.append(request)
        path = f"/org/freedesktop/portal/desktop/request/1_1/t{request.number}"
        bus.registerObject(path, request, QDBusConnection.RegisterOption.ExportAllSlots)
        return QDBusObjectPath(path)


inhibit = Inhibit()
ok = bus.registerObject(
    "/org/freedesktop/portal/desktop", inhibit, QDBusConnection.RegisterOption.ExportAllSlots
) and bus.registerService("org.freedesktop.portal.Desktop")
print("ready" if ok else f"failed: {bus.lastError().message()}", flush=True)
if ok:
    app.exec()
"""


@pytest.fixture
def connection(private_bus):
    return private_bus


@pytest.fixture
def portal(fake_services, tmp_path):
    """portal(reject_suspend=False) starts the fake and returns calls() (what it logged)."""
    log_path = tmp_path / "portal-calls.jsonl"

    def calls() -> list[list]:
        lines = log_path.read_text().splitlines() if log_path.exists() else []
        return [json.loads(line) for line in lines]

    def start(reject_suspend: bool = False):
        args = [log_path, "1" if reject_suspend else "0"]
        fake_services.start(FAKE_PORTAL, "org.freedesktop.portal.Desktop", *args)
        return calls

    return start


def test_in_a_sandbox_idle_and_suspend_are_asked_apart_and_released(qtbot, connection, portal):
    calls = portal()
    awake = ScreenAwake(connection=connection, platform="linux", sandboxed=True)
    assert awake.inhibit(REASON) and awake.held and awake.problem is None
    assert calls() == [["Inhibit", PORTAL_IDLE, REASON], ["Inhibit", PORTAL_SUSPEND, REASON]]
    awake.release()
    qtbot.waitUntil(lambda: len(calls()) == 4)
    assert calls()[2:] == [["Close", 1], ["Close", 2]]


def test_a_refused_suspend_keeps_the_idle_inhibit(qtbot, connection, portal):
    calls = portal(reject_suspend=True)
    awake = ScreenAwake(connection=connection, platform="linux", sandboxed=True)
    assert awake.inhibit(REASON) and awake.held  # the screen stays on
    assert "would not keep the system awake" in awake.problem
    awake.release()
    qtbot.waitUntil(lambda: ["Close", 1] in calls())


def test_without_a_portal_it_says_so(connection):
    awake = ScreenAwake(connection=connection, platform="linux", sandboxed=True)
    assert not awake.inhibit(REASON) and not awake.held
    assert awake.problem.startswith("the desktop portal cannot keep the screen on")


def test_outside_a_sandbox_the_portal_is_not_used(connection, portal):
    calls = portal()
    awake = ScreenAwake(connection=connection, platform="linux", sandboxed=False)
    awake.inhibit(REASON)  # asks org.freedesktop.ScreenSaver (absent here) instead
    assert calls() == []
    awake.release()
