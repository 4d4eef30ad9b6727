"""Yes/No questions that do not block the event loop.

`QMessageBox.exec()` would stop the session's timers (and hang a test); these boxes are opened
with `open()` and call back with the answer. Esc always means No.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

YES = QMessageBox.StandardButton.Yes
NO = QMessageBox.StandardButton.No


def ask_yes_no(
    parent: QWidget,
    title: str,
    text: str,
    on_answer: Callable[[bool], None],
    *,
    default_yes: bool = False,
    warning: bool = False,
    yes_text: str | None = None,
    no_text: str | None = None,
) -> QMessageBox:
    """Open the question and return the box (tests answer it with `done()` or key clicks);
    `on_answer(True|False)` runs once, then the box deletes itself."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, YES | NO, parent)
    if yes_text:
        box.button(YES).setText(yes_text)
    if no_text:
        box.button(NO).setText(no_text)
    box.setDefaultButton(YES if default_yes else NO)
    box.setEscapeButton(NO)

    def answered(result: int) -> None:
        box.deleteLater()
        on_answer(result == YES)

    box.finished.connect(answered)
    box.open()
    return box
