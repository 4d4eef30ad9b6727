"""The Qt side of the self-check: an application with no window, Qt's messages collected
(the QSoundEffect hang's symptom ends the process), and a bounded wait on the event loop."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from hillsprint import APP_NAME, __version__

HANG_SYMPTOM = "QSocketNotifier"  # the Qt 6.11 QSoundEffect hang (hillsprint/audio/player.py)


def qt_application():
    """The running Q(Gui)Application, or a new QGuiApplication (no window is ever shown)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication([sys.argv[0] if sys.argv else "hillsprint"])
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(__version__)
    return app


def describe_qt(app) -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return (
        f"Qt {qVersion()} (PySide6 {PySide6.__version__}), Python "
        f"{sys.version.split()[0]}, platform {app.platformName()}"
    )


@contextmanager
def qt_messages() -> Iterator[list[str]]:
    """Collect Qt's warnings instead of printing them (QtMultimedia and FFmpeg are chatty);
    they are shown only with a failed check. The QSoundEffect hang's symptom ends the process
    at once, with a message."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    messages: list[str] = []
    quiet = (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)

    def handler(mode, _context, message: str) -> None:
        if HANG_SYMPTOM in message:
            print(
                f"hillsprint: self-check failed: Qt's audio hang ({message})",
                file=sys.stderr,
                flush=True,
            )
            os._exit(1)
        if mode not in quiet:
            messages.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield messages
    finally:
        qInstallMessageHandler(previous)


def qt_wait(until: Callable[[], bool], timeout_s: float) -> bool:
    """Run Qt's event loop until `until()` is true or `timeout_s` passed; returns `until()`."""
    from PySide6.QtCore import QEventLoop, QTimer

    if until():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: until() and loop.quit())
    poll.start(5)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    limit.start(round(timeout_s * 1000))
    loop.exec()
    poll.stop()
    limit.stop()
    return until()
