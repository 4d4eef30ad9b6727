"""Keep the screen awake while a session runs: the laptop on the bench must not blank or lock
while the runner is 50 m up the hill.

* Linux (and other freedesktop systems): org.freedesktop.ScreenSaver `Inhibit(app, reason) ->
  uint32 cookie` and `UnInhibit(cookie)` on the session bus (KDE, GNOME's settings daemon, Xfce,
  LXQt, ... implement it). The service also drops our inhibition when our bus connection closes,
  so a crash cannot leave the screen awake for ever.
* Inside a Flatpak sandbox (`/.flatpak-info` exists) org.freedesktop.ScreenSaver is not
  reachable without a manifest `--talk-name`; the desktop portal is, without any permission:
  org.freedesktop.portal.Inhibit `Inhibit(window, flags, options) -> request handle`, undone
  by `Close()` on the handle. Idle (8) and suspend (4) are asked in two calls: one backend
  (KDE's fallback, xdg-desktop-portal-gtk#555) rejects the suspend flag, and the idle inhibit
  must not be lost with it. Those two calls block for at most PORTAL_TIMEOUT_MS each (typed
  `uint` flags need the introspected interface, as `UnInhibit` does below).
* Windows: SetThreadExecutionState on the GUI thread.
* macOS: not yet; `problem` says so.

Nothing here may stall the UI thread on a missing or hung service:

* `Inhibit` is sent asynchronously; its answer (the cookie, or an error that sets `problem` and
  emits `failed`) arrives later through the event loop.
* `UnInhibit` needs a real uint32 argument. PySide6 marshals a Python int as int32 ('i') and has
  no typed QVariant, and services reject 'i' (a Qt service answers "No such method 'UnInhibit'
  ... (signature 'i')"). So it goes through a QDBusInterface, whose introspected metaobject
  types the argument: `QMetaObject.invokeMethod(iface, "UnInhibit", Q_ARG("uint", cookie))`.
  That call blocks, with a 100 ms timeout. The interface (one synchronous Introspect) is built
  right when the Inhibit answer arrives, i.e. just after the service proved it is responsive.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, Signal
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusError,
    QDBusInterface,
    QDBusMessage,
    QDBusPendingCallWatcher,
)

APP_NAME = "HillSprint"

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INHIBIT = "org.freedesktop.portal.Inhibit"
PORTAL_REQUEST = "org.freedesktop.portal.Request"
PORTAL_SUSPEND, PORTAL_IDLE = 4, 8  # the portal's Inhibit flags
PORTAL_TIMEOUT_MS = 500

INHIBIT_TIMEOUT_MS = 5000  # asynchronous: only how long we wait for an answer at all
UNINHIBIT_TIMEOUT_MS = 100  # blocking: the most the UI thread waits at the end of a session

# SetThreadExecutionState flags (winbase.h)
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002
ES_CONTINUOUS = 0x80000000


class ScreenAwake(QObject):
    """`inhibit(reason)` keeps the screen on until `release()`. Both are idempotent: a second
    `inhibit` while held does nothing (and returns True), `release` without a hold does nothing.

    `inhibit` returns False when it cannot even try (no session bus, unsupported platform), with
    the reason in `problem`. On D-Bus the service answers later: if it refuses or is absent,
    `problem` is set, `held` turns False and `failed` is emitted with the text.

    `connection` (tests): a QDBusConnection to use instead of the session bus.
    `platform` (tests): stands in for sys.platform.
    """

    failed = Signal(str)  # an inhibit request that was sent did not succeed; `problem` says why

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        app_name: str = APP_NAME,
        connection: QDBusConnection | None = None,
        platform: str = sys.platform,
        sandboxed: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self.problem: str | None = None
        self._connection = connection
        self._platform = platform
        self._held = False
        self._watcher: QDBusPendingCallWatcher | None = None  # an Inhibit awaiting its answer
        self._bus: QDBusConnection | None = None
        self._cookie: int | None = None
        self._iface: QDBusInterface | None = None
        self._sandboxed = os.path.exists("/.flatpak-info") if sandboxed is None else sandboxed
        self._portal_handles: list[str] = []  # portal requests to Close on release

    @property
    def held(self) -> bool:
        """True from a successful `inhibit` until `release` (or until the service refused)."""
        return self._held

    @property
    def cookie(self) -> int | None:
        """The screen saver's cookie for our inhibition, once it answered (D-Bus only)."""
        return self._cookie

    def inhibit(self, reason: str) -> bool:
        if self._held:
            return True
        if self._platform == "win32":
            self._held = _set_thread_execution_state(
                ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED
            )
            self.problem = None if self._held else "SetThreadExecutionState failed"
        elif self._platform == "darwin":
            self.problem = "keeping the screen awake is not supported on macOS yet"
        elif self._sandboxed:
            self._held = self._portal_inhibit(reason)
        else:
            self._held = self._dbus_inhibit(reason)
        return self._held

    def release(self) -> None:
        if not self._held:
            return
        self._held = False
        if self._platform == "win32":
            _set_thread_execution_state(ES_CONTINUOUS)
        elif self._portal_handles:
            self._portal_release()
        elif self._watcher is None:
            self._uninhibit()
        # else: the Inhibit answer is still on its way; _inhibit_answered undoes it

    # ---- the desktop portal (Flatpak) ----------------------------------------------------

    def _portal_inhibit(self, reason: str) -> bool:
        """True when the portal keeps the screen on (idle held); a refused suspend only says so
        in `problem`."""
        bus = self._connection if self._connection is not None else QDBusConnection.sessionBus()
        if not bus.isConnected():
            self.problem = _with_detail("no D-Bus session bus", bus.lastError())
            return False
        self._bus = bus
        portal = QDBusInterface(PORTAL_SERVICE, PORTAL_PATH, PORTAL_INHIBIT, bus, self)
        portal.deleteLater()
        portal.setTimeout(PORTAL_TIMEOUT_MS)
        if not portal.isValid():
            problem = "the desktop portal cannot keep the screen on"
            self.problem = _with_detail(problem, portal.lastError())
            return False
        refused = []
        idle_held = False
        for flag, what in ((PORTAL_IDLE, "the screen"), (PORTAL_SUSPEND, "the system")):
            handle = QMetaObject.invokeMethod(
                portal,
                "Inhibit",
                Qt.ConnectionType.DirectConnection,
                Q_RETURN_ARG("QDBusObjectPath"),
                Q_ARG("QString", ""),
                Q_ARG("uint", flag),
                Q_ARG("QVariantMap", {"reason": reason}),
            )
            error = portal.lastError()
            if error.isValid() or handle is None:
                refused.append(_with_detail(f"the portal would not keep {what} awake", error))
                continue
            self._portal_handles.append(handle.path())
            idle_held = idle_held or flag == PORTAL_IDLE
        self.problem = "; ".join(refused) or None
        if not idle_held:
            self._portal_release()
        return idle_held

    def _portal_release(self) -> None:
        handles, self._portal_handles = self._portal_handles, []
        for handle in handles:
            close = QDBusMessage.createMethodCall(PORTAL_SERVICE, handle, PORTAL_REQUEST, "Close")
            self._bus.asyncCall(close, INHIBIT_TIMEOUT_MS)

    # ---- D-Bus ---------------------------------------------------------------------------

    def _dbus_inhibit(self, reason: str) -> bool:
        if self._watcher is not None:
            return True  # released before the answer came, and wanted again: keep that request
        bus = self._connection if self._connection is not None else QDBusConnection.sessionBus()
        if not bus.isConnected():
            self.problem = _with_detail("no D-Bus session bus", bus.lastError())
            return False
        call = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Inhibit")
        call.setArguments([self.app_name, reason])
        self._bus = bus
        self._watcher = QDBusPendingCallWatcher(bus.asyncCall(call, INHIBIT_TIMEOUT_MS), self)
        self._watcher.finished.connect(self._inhibit_answered)
        self.problem = None
        return True

    def _inhibit_answered(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is None:
            return
        watcher.deleteLater()
        reply = watcher.reply()
        arguments = reply.arguments()
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not arguments:
            self._held = False
            self.problem = _inhibit_problem(watcher.error())
            self.failed.emit(self.problem)
            return
        self._cookie = int(arguments[0])
        self._iface = QDBusInterface(SERVICE, PATH, INTERFACE, self._bus, self)
        if not self._held:  # released while the answer was on its way
            self._uninhibit()

    def _uninhibit(self) -> None:
        iface, cookie = self._iface, self._cookie
        self._iface = self._cookie = None
        if iface is None or cookie is None:
            return
        iface.deleteLater()
        if not iface.isValid() or iface.metaObject().indexOfMethod("UnInhibit(uint)") < 0:
            self.problem = _with_detail(
                "the screen saver cannot be told to let the screen sleep again until "
                "HillSprint quits",
                iface.lastError(),
            )
            return
        iface.setTimeout(UNINHIBIT_TIMEOUT_MS)
        QMetaObject.invokeMethod(
            iface, "UnInhibit", Qt.ConnectionType.DirectConnection, Q_ARG("uint", cookie)
        )
        error = iface.lastError()
        if error.isValid():
            self.problem = _with_detail("the screen saver did not confirm the release", error)


def _with_detail(text: str, error: QDBusError) -> str:
    return f"{text} ({error.message()})" if error.isValid() and error.message() else text


def _inhibit_problem(error: QDBusError) -> str:
    if error.type() == QDBusError.ErrorType.ServiceUnknown:
        return f"no screen saver service ({SERVICE}) on the D-Bus session bus"
    if error.type() in (QDBusError.ErrorType.NoReply, QDBusError.ErrorType.Timeout):
        return "the screen saver did not answer"
    return _with_detail("the screen saver refused to stay awake", error)


def _set_thread_execution_state(flags: int) -> bool:
    """Windows only: keep the display (and the system) on while ES_DISPLAY_REQUIRED is set;
    ES_CONTINUOUS alone clears it again. Returns False when the call failed."""
    import ctypes

    set_state = ctypes.windll.kernel32.SetThreadExecutionState
    set_state.argtypes = [ctypes.c_uint32]
    set_state.restype = ctypes.c_uint32
    return set_state(flags) != 0
