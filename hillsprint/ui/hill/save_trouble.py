"""The running session's writes, watched: while the disk refuses them the session screen shows
"NOT SAVED: <reason>" (and the summary says it), and they are retried every few seconds as
well as before each later write, so the band goes soon after the disk works again, even in a
long walk-down in which nothing else is written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from hillsprint.storage.session_writer import SessionWriter

RETRY_MS = 5000


class SaveTrouble(QObject):
    def __init__(self, show: Callable[[str | None], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self.writer: SessionWriter | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self._retry)

    def follow(self, writer: SessionWriter | None) -> None:
        """Watch `writer` (None: nothing to watch; the screens say nothing)."""
        if self.writer is not None and self._changed in self.writer.listeners:
            self.writer.listeners.remove(self._changed)
        self.writer = writer
        if writer is not None:
            writer.listeners.append(self._changed)
        self._changed(writer.problem if writer is not None else None)

    def _changed(self, problem: str | None) -> None:
        self._show(problem)
        if problem is None:
            self._timer.stop()
        elif not self._timer.isActive():
            self._timer.start()

    def _retry(self) -> None:
        if self.writer is not None and self.writer.pending:
            self.writer.retry()
