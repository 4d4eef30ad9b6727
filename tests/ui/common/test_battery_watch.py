"""BatteryWatch against a fake UPower on a private bus (tests/dbus_support.py): the display
device's properties become a BatteryReading; no UPower, or no battery, gives None."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject

from hillsprint.core.battery import BatteryReading
from hillsprint.ui.common.battery_watch import BatteryWatch

FAKE_UPOWER = """\
import sys
from PySide6.QtCore import ClassInfo, Property, QCoreApplication, QObject
from PySide6.QtCore import QObject
from PySide6.QtDBus import QDBusConnection

address, kind, percentage, state, time_to_empty = sys.argv[1:]
app = QCoreApplication([])
bus = QDBusConnection.connectToBus(address, "fake-upower")


@ClassInfo({"D-Bus Interface": "org.freedesktop.UPower.Device"})
class Device(QObject):
    Type = Property("uint", lambda self: int(kind))
    Percentage = Property(float, lambda self: float(percentage))
    State = Property("uint", lambda self: int(state))
    TimeToEmpty = Property("qlonglong", lambda self: int(time_to_empty))


device = Device()
ok = bus.registerObject(
    "/org/freedesktop/UPower/devices/DisplayDevice",
    device,
    QDBusConnection.RegisterOption.ExportAllProperties,
) and bus.registerService("org.freedesktop.UPower")
print("ready" if ok else f"failed: {bus.lastError().message()}", flush=True)
if ok:
    app.exec()
"""


@pytest.fixture
def connection(private_bus):
    return private_bus


@pytest.fixture
def upower(fake_services):
    """upower(kind, percentage, state, time_to_empty) starts a fake UPower."""
    return lambda *values: fake_services.start(FAKE_UPOWER, "org.freedesktop.UPower", *values)


def read(qtbot, connection) -> BatteryReading | None:
    host = QObject()  # the watch lives as long as the test, as it does in the window
    watch = BatteryWatch(host, connection=connection)
    with qtbot.waitSignal(watch.changed, timeout=5000) as signal:
        watch.refresh()
    qtbot.waitUntil(lambda: not watch.busy(), timeout=5000)
    return signal.args[0]


def test_a_discharging_battery_is_read(qtbot, connection, upower):
    upower(2, 42.5, 2, 1800)  # battery, discharging, 30 min to empty
    assert read(qtbot, connection) == BatteryReading(42.5, True, 1800.0)


def test_a_charging_battery_is_not_on_battery(qtbot, connection, upower):
    upower(2, 80.0, 1, 0)
    assert read(qtbot, connection) == BatteryReading(80.0, False, 0.0)


def test_a_desktop_has_no_reading(qtbot, connection, upower):
    upower(0, 0.0, 0, 0)  # UPower's display device on a machine without a battery
    assert read(qtbot, connection) is None


def test_without_upower_there_is_no_reading(qtbot, connection):
    assert read(qtbot, connection) is None


def test_the_reading_is_sent_again_only_when_it_changes(qtbot, connection, upower):
    upower(2, 42.5, 2, 1800)
    watch = BatteryWatch(connection=connection)
    seen = []
    watch.changed.connect(seen.append)
    with qtbot.waitSignal(watch.changed, timeout=5000):
        watch.refresh()
    watch.refresh()
    qtbot.waitUntil(lambda: not watch.busy(), timeout=5000)
    assert seen == [BatteryReading(42.5, True, 1800.0)]
