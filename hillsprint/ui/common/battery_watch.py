"""The battery as UPower reports it (org.freedesktop.UPower on the system bus), read every
minute without ever blocking the window: four asynchronous property reads of the display
device (Type, Percentage, State, TimeToEmpty), and one `changed` signal with a
`core.battery.BatteryReading`, or None for a machine without a battery or without UPower (then
nothing is shown). The rules about what to say are in core/battery.py.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher, QDBusVariant

from hillsprint.core.battery import BatteryReading

SERVICE = "org.freedesktop.UPower"
DEVICE_PATH = "/org/freedesktop/UPower/devices/DisplayDevice"
DEVICE_INTERFACE = "org.freedesktop.UPower.Device"
PROPERTIES = ("Type", "Percentage", "State", "TimeToEmpty")
READ_TIMEOUT_MS = 2000
INTERVAL_MS = 60_000  # a battery drains about 0.25 % a minute: once a minute is plenty


class BatteryWatch(QObject):
    changed = Signal(object)  # BatteryReading or None

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        connection: QDBusConnection | None = None,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.reading: BatteryReading | None = None
        self._known = False  # a first answer (reading or None) has been given
        self._connection = connection
        self._answers: dict[str, object] = {}
        self._waiting: set[QDBusPendingCallWatcher] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        """Read now and every interval after."""
        self.refresh()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def busy(self) -> bool:
        """A reading is on its way."""
        return bool(self._waiting)

    def refresh(self) -> None:
        if self._waiting:
            return  # the last reading is still on its way
        bus = self._connection if self._connection is not None else QDBusConnection.systemBus()
        if not bus.isConnected():
            self._settle(None)
            return
        self._answers = {}
        for name in PROPERTIES:
            call = QDBusMessage.createMethodCall(
                SERVICE, DEVICE_PATH, "org.freedesktop.DBus.Properties", "Get"
            )
            call.setArguments([DEVICE_INTERFACE, name])
            watcher = QDBusPendingCallWatcher(bus.asyncCall(call, READ_TIMEOUT_MS), self)
            watcher.finished.connect(lambda w=watcher, n=name: self._answered(w, n))
            self._waiting.add(watcher)

    def _answered(self, watcher: QDBusPendingCallWatcher, name: str) -> None:
        self._waiting.discard(watcher)
        watcher.deleteLater()
        reply = watcher.reply()
        arguments = reply.arguments()
        if reply.type() == QDBusMessage.MessageType.ReplyMessage and arguments:
            value = arguments[0]
            self._answers[name] = value.variant() if isinstance(value, QDBusVariant) else value
        if self._waiting:
            return
        if set(self._answers) != set(PROPERTIES):
            self._settle(None)  # no UPower, or not a device it knows
            return
        try:
            reading = BatteryReading.from_upower(
                int(self._answers["Type"]),
                float(self._answers["Percentage"]),
                int(self._answers["State"]),
                float(self._answers["TimeToEmpty"]),
            )
        except (TypeError, ValueError):
            reading = None
        self._settle(reading)

    def _settle(self, reading: BatteryReading | None) -> None:
        before, self.reading = self.reading, reading
        if reading != before or not self._known:
            self._known = True
            self.changed.emit(reading)
