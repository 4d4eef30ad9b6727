"""The keyboard help (F1 or ?): the same contract as README's table, big enough to read from
the start line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hillsprint.ui.common.look import style_sheet

KEYS: tuple[tuple[str, str], ...] = (
    ("Space / PageDown", "start · pause / resume · manual walk-down: next rep"),
    ("1 … 9, 0", "effort 1 … 9, and 10 for 0, for the most recent sprint"),
    ("Right", "skip the current phase"),
    ("+", "30 s more walk-down"),
    ("M", "mute / unmute"),
    ("F11", "fullscreen"),
    ("Esc", "end the session early (Enter yes, Esc no)"),
    ("F1 or ?", "this help (any key closes it)"),
)


class HelpOverlay(QWidget):
    """A panel over its parent; any key or click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        rows = "".join(
            f"<tr><td style='padding-right:28px'><b>{key}</b></td><td>{what}</td></tr>"
            for key, what in KEYS
        )
        self.text = QLabel(f"<h1>Keys</h1><table>{rows}</table>")
        self.text.setObjectName("helpText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.text, 1, Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(style_sheet("help"))
        self.hide()

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.setFocus()

    def keyPressEvent(self, event) -> None:
        self.close_overlay()

    def mousePressEvent(self, event) -> None:
        self.close_overlay()

    def close_overlay(self) -> None:
        self.hide()
        self.parentWidget().setFocus()
