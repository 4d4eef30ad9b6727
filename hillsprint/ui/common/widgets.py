"""Small widgets every room at home needs: a message line that says what just happened (or what
went wrong), and a file chooser that never blocks the event loop.

`open_file_dialog` opens the chooser with `open()`, never `exec()`: a modal loop inside a slot
would stop a running app's timers (and hang a test). Tests reach the chooser the caller keeps,
pick a file with `selectFile` and `accept()` it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from hillsprint.ui.common.look import set_flag


class MessageLine(QLabel):
    """What happened, in words: `say(text)` for news, `say(text, ok=False)` for a problem (the
    `problem` style flag; with `mark_problems` also a leading ✗, so it does not rest on colour
    alone). Hidden until something is said, and again after `say("")`. The text can be
    selected, so a file name or a reason can be copied."""

    def __init__(
        self, object_name: str, *, mark_problems: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()
        self._mark_problems = mark_problems

    def say(self, text: str, ok: bool = True) -> bool:
        """Show `text` (ok: news, else a problem); returns `ok`, so a slot can end with
        `return self.message.say(...)`."""
        self.setText(f"✗ {text}" if text and not ok and self._mark_problems else text)
        set_flag(self, "problem", not ok)
        self.setVisible(bool(text))
        return ok

    def is_problem(self) -> bool:
        return bool(self.property("problem"))


def open_file_dialog(
    parent: QWidget,
    title: str,
    start: str,
    name_filter: str,
    on_file: Callable[[str], object],
    *,
    save: bool = False,
    suffix: str = "",
) -> QFileDialog:
    """Open a file chooser without blocking and return it: an existing file to read, or
    (`save`) a file to write, with `suffix` added to a name typed without one. `on_file(path)`
    runs when a file is chosen; the chooser deletes itself when it closes."""
    dialog = QFileDialog(parent, title, start, name_filter)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if suffix:
            dialog.setDefaultSuffix(suffix)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.fileSelected.connect(on_file)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def hidden_label(object_name: str) -> QLabel:
    """A word-wrapped label that stays hidden until it has something to say (what is wrong
    with a field, say); its object name picks its style."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.hide()
    return label
