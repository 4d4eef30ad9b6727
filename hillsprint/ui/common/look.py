"""The look shared by the screens used at home (history, plans, hills): black on white, a dark
green focus ring, problems in dark red on a pink tint, big buttons; and the two helpers every
such screen needs (re-style a widget when a flag property changes; fit a dialog on the screen).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TEXT = "#000000"
BACKGROUND = "#ffffff"
FOCUS = "#065321"  # focus rings and the main button (white on it: 9.3:1)
PROBLEM = "#8a0015"  # problem text and borders (on white: 10.6:1)
PROBLEM_FILL = "#ffe3e6"  # behind a field with a problem (black on it: 17.6:1)

BUTTONS_CSS = f"""
QPushButton {{ font-size: 20px; padding: 5px 12px; border: 3px solid {TEXT};
    background: {BACKGROUND}; }}
QPushButton:focus {{ border: 5px solid {FOCUS}; }}
QPushButton:disabled {{ color: #595959; border: 2px dashed #595959; }}
"""
FIELDS_CSS = f"""
QLineEdit, QPlainTextEdit, QSpinBox, QComboBox {{
    border: 2px solid {TEXT}; padding: 3px 6px; background: {BACKGROUND}; }}
QLineEdit[problem="true"], QPlainTextEdit[problem="true"] {{
    border: 3px solid {PROBLEM}; background: {PROBLEM_FILL}; }}
QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QComboBox:focus {{
    border: 4px solid {FOCUS}; }}
"""
TABLE_HEADER_CSS = f"""
QHeaderView::section {{ background: #e6e6e6; color: {TEXT}; font-size: 19px; font-weight: 700;
    border: none; border-bottom: 2px solid {TEXT}; padding: 2px 6px; }}
"""


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a boolean style property (e.g. `problem`, `missing`) and re-apply the style sheet,
    which Qt does not do by itself when only a property used in a selector changes."""
    if bool(widget.property(name)) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def fit_to_screen(widget: QWidget, size: tuple[int, int]) -> None:
    """Resize to `size`, but never beyond the screen's free area (a title bar and a panel)."""
    width, height = size
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 20), min(height, room.height() - 40)
    widget.resize(width, height)
