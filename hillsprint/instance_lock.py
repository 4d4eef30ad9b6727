"""One HillSprint per data folder: a lock file beside the database, and a local socket through
which a second start asks the running window to come to the front.

Why: two windows on one folder are two writers of one database, and a command that swaps the
database file (`restore`, "start a new database") under a running window makes it go on
writing into a deleted file, so every later rep is lost. The window therefore holds the
folder for its whole life, and the commands that replace the file take the same lock for the
moment they need it (`exclusive`) and refuse while someone else holds it.

The lock is Qt's `QLockFile` (`hillsprint.lock` in the data folder) with its stale lock time
set to 0: a lock is then never broken for its age (a session lasts hours), only when the
process that wrote it is gone. A SIGKILLed or crashed holder leaves the file behind, and the
next start finds the PID dead (or reused by another program) and takes it over; Qt also holds
an flock() on the file, so a live holder in another PID namespace (a Flatpak) is not taken
for dead. The socket's name is derived from the folder's real path, so different folders run
side by side and each second start finds its own window. Only QtCore and QtNetwork are used
here (and QtGui's window list when answering), so the command-line tools can lock a folder
without building a QApplication.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

from hillsprint.paths import DataDirError

LOCK_FILENAME = "hillsprint.lock"
# A second start waits this long for a window that holds the folder but is not listening
# yet (it opens the database and makes the daily backup first) or has just closed.
CONNECT_PATIENCE_S = 5.0
REPLY_TIMEOUT_MS = 3000  # a running window answers in milliseconds; longer means it hangs
_RAISE = b"raise\n"
_DATA_COMMANDS = ("restore", "import", "export", "backup")


@dataclass(frozen=True)
class Holder:
    """The process that holds a folder's lock, as the lock file and /proc tell it."""

    pid: int
    host: str
    program: str

    def describe(self) -> str:
        """E.g. "HillSprint (process 4242)" or "'hillsprint restore' (process 4242 on
        host laptop)": what the user would look for in a task manager."""
        here = socket.gethostname()
        where = f" on host {self.host}" if self.host and self.host != here else ""
        return f"{self.program} (process {self.pid}{where})"


class FolderInUse(Exception):
    """Another process holds the data folder; `holder` says which (None if unknown)."""

    def __init__(self, folder: Path, holder: Holder | None) -> None:
        self.folder = folder
        self.holder = holder
        who = holder.describe() if holder else "another process"
        super().__init__(f"{folder} is in use by {who}")


class AlreadyRunning(Exception):
    """A GUI start that must not open a window: `exit_code` 0 when the running window was
    brought to the front, 1 when it could not be reached. str() is the one line to print."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOCK_FILENAME


def _key(data_dir: Path) -> str:
    return os.path.realpath(data_dir)


def server_name(data_dir: Path) -> str:
    """The local socket's name for this folder: the same for every path that leads there
    (symlinks, `..`), different for every folder and every user. On Unix it lives in the
    per-user runtime dir when there is one (Qt would otherwise put it in /tmp)."""
    digest = hashlib.sha256(_key(data_dir).encode()).hexdigest()[:16]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    name = f"hillsprint-{user}-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if os.name == "posix" and runtime and os.path.isdir(runtime):
        return os.path.join(runtime, f"{name}.sock")
    return name


def _program(pid: int, app_name: str) -> str:
    """What the holder is, in words: HillSprint, a hillsprint command, or the lock's app name
    (the executable's name) when /proc cannot tell (another OS, another host)."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return app_name or "another program"
    words = [os.path.basename(a.decode(errors="replace")) for a in args if a]
    if not any(w == "hillsprint" or w.startswith("hillsprint.") for w in words):
        return app_name or (words[0] if words else "another program")
    command = next((w for w in words if w in _DATA_COMMANDS), None)
    return f"'hillsprint {command}'" if command else "HillSprint"


class FolderLock:
    """The lock on one data folder, held by this process until `release()`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._lock = QLockFile(str(lock_path(self.data_dir)))
        self._lock.setStaleLockTime(0)  # never stale for its age: only when its process died
        self._server = None

    def try_acquire(self) -> Holder | None:
        """Take the lock (None), or say who holds it. A dead holder's lock is taken over.
        Raises `DataDirError` when the lock file cannot be written at all."""
        if self._lock.tryLock(0):
            _HELD[_key(self.data_dir)] = self
            return None
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            raise DataDirError(
                f"data dir {self.data_dir}: the lock file {LOCK_FILENAME} cannot be written"
            )
        return self.holder()

    def holder(self) -> Holder | None:
        try:
            pid, host, app_name = self._lock.getLockInfo()
        except (TypeError, ValueError):
            return None
        if not pid:
            return None
        return Holder(int(pid), host, _program(int(pid), app_name))

    def serve(self, on_request) -> None:
        """Listen for second starts; `on_request()` brings the window forward. Needs the
        Q(Core|Gui)Application. The socket name is ours alone while we hold the lock, so a
        socket left by a killed holder is removed first."""
        if self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        name = server_name(self.data_dir)
        QLocalServer.removeServer(name)
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            print(
                f"hillsprint: warning: a second start cannot reach this window "
                f"({server.errorString()})",
                file=sys.stderr,
            )
            return
        server.newConnection.connect(lambda: _answer(server, on_request))
        self._server = server

    def release(self) -> None:
        if self._server is not None:
            self._server.close()  # removes the socket file
            self._server.deleteLater()
            self._server = None
        if _HELD.get(_key(self.data_dir)) is self:
            del _HELD[_key(self.data_dir)]
        self._lock.unlock()


_HELD: dict[str, FolderLock] = {}  # folders this process holds, by real path


def _answer(server, on_request) -> None:
    while server.hasPendingConnections():
        connection = server.nextPendingConnection()

        def read(connection=connection) -> None:
            if not connection.canReadLine():
                return
            if bytes(connection.readLine()) == _RAISE:
                on_request()
                connection.write(f"raised {os.getpid()}\n".encode())
                connection.flush()
            connection.disconnectFromServer()

        connection.readyRead.connect(read)
        connection.disconnected.connect(connection.deleteLater)
        read()


def claim_for_window(data_dir: Path) -> FolderLock:
    """Take the folder for a window. If another window has it, ask that one to come to the
    front and raise `AlreadyRunning` (exit 0); if the holder does not answer (hung, or a
    command that is replacing the database), raise `AlreadyRunning` naming it (exit 1)."""
    folder = Path(data_dir)
    lock = FolderLock(folder)
    give_up = time.monotonic() + CONNECT_PATIENCE_S
    holder = lock.try_acquire()
    while holder is not None:
        answer = _ask_to_raise(folder)
        if answer == _SILENT or (answer == _NOBODY and time.monotonic() >= give_up):
            raise AlreadyRunning(
                f"{folder} is in use by {holder.describe()}, which does not answer; close it "
                f"(or end process {holder.pid}) and start again",
                1,
            )
        if answer != _NOBODY:
            raise AlreadyRunning(
                f"HillSprint is already running on {folder} (process {answer}); "
                "its window was brought to the front",
                0,
            )
        time.sleep(0.1)
        holder = lock.try_acquire()  # it may have closed meanwhile
    return lock


_NOBODY, _SILENT = -1, -2  # what _ask_to_raise returns instead of a PID


def _ask_to_raise(folder: Path) -> int:
    """The running window's PID once it says it came to the front; `_NOBODY` when nothing
    listens (yet) on the folder's socket, `_SILENT` when something accepts the request but
    does not answer in time (a hung window)."""
    from PySide6.QtNetwork import QLocalSocket

    client = QLocalSocket()
    client.connectToServer(server_name(folder))
    try:
        if not client.waitForConnected(500):
            return _NOBODY
        client.write(_RAISE)
        client.waitForBytesWritten(500)
        reply = b""
        deadline = time.monotonic() + REPLY_TIMEOUT_MS / 1000
        while not reply.endswith(b"\n") and time.monotonic() < deadline:
            if client.bytesAvailable() or client.waitForReadyRead(100):
                reply += bytes(client.readAll())
            elif client.state() != QLocalSocket.LocalSocketState.ConnectedState:
                break
        words = reply.split()
        if len(words) == 2 and words[0] == b"raised" and words[1].isdigit():
            return int(words[1])
        return _SILENT
    finally:
        client.abort()


@contextmanager
def exclusive(data_dir: Path) -> Iterator[None]:
    """Hold the folder while the database file is being replaced; raise `FolderInUse` when
    another process holds it. A process that holds it already (the window showing the
    damaged-database dialog) goes ahead."""
    if _key(data_dir) in _HELD:
        yield
        return
    lock = FolderLock(Path(data_dir))
    holder = lock.try_acquire()
    if holder is not None:
        raise FolderInUse(Path(data_dir), holder)
    try:
        yield
    finally:
        lock.release()


def held_by_another(data_dir: Path) -> Holder | None:
    """Who holds the folder, if it is another process (a window with a session, maybe):
    a command that writes beside it then writes in a way that keeps out of its way."""
    if _key(data_dir) in _HELD:
        return None
    lock = FolderLock(Path(data_dir))
    holder = lock.try_acquire()
    if holder is None:
        lock.release()
    return holder


def serve_held_folders() -> None:
    """Once the application exists: answer second starts on every folder this process holds
    (a window holds one) by bringing our windows to the front."""
    for lock in list(_HELD.values()):
        lock.serve(bring_to_front)


def bring_to_front() -> None:
    """Show the application's visible windows un-minimized and on top, dialogs last (so a
    question stays above the window it belongs to), and ask for the keyboard focus. A
    fullscreen window stays fullscreen. (Wayland may only flash the taskbar entry: a window
    cannot take the focus there without the launcher's activation token.)"""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    windows = [w for w in QGuiApplication.topLevelWindows() if w.isVisible()]
    windows.sort(key=lambda w: w.transientParent() is not None)
    for window in windows:
        states = window.windowStates()
        if states & Qt.WindowState.WindowMinimized:
            window.setWindowStates(states & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.requestActivate()
