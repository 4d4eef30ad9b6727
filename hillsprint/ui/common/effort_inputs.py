"""The effort inputs used after a session and in the history: a rep's effort box (0-10 with
Foster's words) and the session-effort pad of 11 big buttons, plus the digit keys that set an
effort (1-9 themselves, 0 for 10)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPolygonF
from PySide6.QtWidgets import QComboBox, QGridLayout, QPushButton, QSizePolicy, QWidget

from hillsprint.core.effort import EFFORT_MAX, EFFORT_MIN, EFFORT_WORDS
from hillsprint.ui.common.look import METRICS, TEXT

EMPTY = "—"
ARROW_PX = 30  # the effort box's drop-down button; the box draws its own big arrow in it
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{d}"): (d if d else 10) for d in range(10)}


def effort_label(value: int | None) -> str:
    """'7 Very hard', '6', or '—' for no effort."""
    if value is None:
        return EMPTY
    words = EFFORT_WORDS[value]
    return f"{value} {words}" if words else str(value)


class RepEffortBox(QComboBox):
    """'—' plus 0–10 with Foster's words. The wheel only turns it when it has focus, so
    scrolling the table never changes an effort by accident."""

    def __init__(self, rep: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rep = rep
        self.setObjectName("repEffort")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"Effort of rep {rep}")
        self.addItem(EMPTY)
        for value in range(EFFORT_MIN, EFFORT_MAX + 1):
            self.addItem(effort_label(value))

    def effort(self) -> int | None:
        index = self.currentIndex()
        return None if index <= 0 else index - 1

    def set_effort(self, value: int | None) -> None:
        self.setCurrentIndex(0 if value is None else value + 1)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def paintEvent(self, event) -> None:
        """The style sheet's arrow is tiny: draw a big black one in the drop-down button."""
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(TEXT))
        cx, cy = self.width() - ARROW_PX / 2 - 2, self.height() / 2
        painter.drawPolygon(
            QPolygonF([QPointF(cx - 8, cy - 4), QPointF(cx + 8, cy - 4), QPointF(cx, cy + 6)])
        )
        painter.end()


class SessionEffortPad(QWidget):
    """Foster's session RPE as 11 big buttons with the words and keys on them (like EffortPad).
    Clicking the chosen button again clears the choice."""

    clicked = Signal(object)  # int, or None when the chosen button is clicked again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.buttons: dict[int, QPushButton] = {}
        for value in range(EFFORT_MIN, EFFORT_MAX + 1):
            # 1-9 are their own keys; 10 is the key 0; 0 (Rest) is a click only.
            number = {10: "10 · key 0", 0: "0 · click"}.get(value, str(value))
            words = EFFORT_WORDS[value].replace("Very, very ", "Very, very\n")
            words = words.replace("Somewhat ", "Somewhat\n")
            button = QPushButton(f"{number}\n{words}".rstrip())
            button.setObjectName("sessionEffortButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setFixedHeight(METRICS["effort_button_px"])
            button.setAccessibleName(f"Session effort {effort_label(value)}")
            button.clicked.connect(
                lambda checked, v=value: self.clicked.emit(v if checked else None)
            )
            grid.addWidget(button, 0, value)
            grid.setColumnStretch(value, 1)
            self.buttons[value] = button

    def show_effort(self, value: int | None) -> None:
        for number, button in self.buttons.items():
            button.setChecked(number == value)
