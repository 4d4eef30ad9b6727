"""Yes/No questions that do not block the event loop.

`QMessageBox.exec()` would stop the session's timers (and hang a test); these boxes are opened
with `open()` and call back with the answer. Esc always means No.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


class Question:
    """The one yes/no question a widget may have open: `ask` opens it (and does nothing while
    another is open, so a second key press cannot stack a second box), `box` is the open
    QMessageBox or None (tests answer it with `done()`), and the slot is free again before
    `on_answer` runs."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.box: QMessageBox | None = None

    def is_open(self) -> bool:
        return self.box is not None

    def ask(self, title: str, text: str, on_answer: Callable[[bool], None], **options: Any) -> bool:
        """Open the question (`options` as for `ask_yes_no`); False when one is open already."""
        if self.box is not None:
            return False

        def answered(yes: bool) -> None:
            self.box = None
            on_answer(yes)

        self.box = ask_yes_no(self._parent, title, text, answered, **options)
        return True
