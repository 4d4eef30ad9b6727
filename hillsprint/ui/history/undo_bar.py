"""The bar at the bottom of the history that offers Undo for a few seconds after a delete.

A delete is done at once (the runner confirmed it); what it removed is kept here, in memory,
for `UNDO_SECONDS`, so a slip of the finger costs nothing. After that the bar hides and the
copy is dropped: Undo is a safety net for the moment, not a recycle bin.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

UNDO_SECONDS = 10


class UndoBar(QFrame):
    """`offer(text, what)` shows the bar; `take()` hands back `what` (once) and hides it.
    The button emits `undoRequested`; the window's Ctrl+Z does the same through `take()`."""

    undoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.text = QLabel()
        self.button = QPushButton("Undo  (Ctrl+Z)")
        self.button.setObjectName("undoButton")
        self.button.clicked.connect(self.undoRequested)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(UNDO_SECONDS * 1000)
        self.timer.timeout.connect(self.forget)
        self._what: Any = None
        self.hide()

    @property
    def pending(self) -> Any:
        """What Undo would bring back now, or None."""
        return self._what

    def offer(self, text: str, what: Any) -> None:
        self._what = what
        self.text.setText(text)
        self.show()
        self.timer.start()

    def take(self) -> Any:
        """What to bring back (None when the time is up or nothing was deleted); the bar
        hides either way."""
        what = self._what
        self.forget()
        return what

    def forget(self) -> None:
        self.timer.stop()
        self._what = None
        self.hide()
