"""The start screen's two advice panels: the progression suggestion for the next session on the
chosen plan and hill, and the beginner reminders, each with its source.

`SuggestionPanel` shows a `core.progression.Suggestion`: a headline in words (and a colour per
kind: green to add a rep, amber to back off, blue to hold), the rule sentence that fired, with
its numbers, and where the rule comes from. "Use N reps next time" is offered only when
accepting changes the rep count. `RemindersPanel` lists `core.reminders.Reminder`s (title,
text, source) under one "Got it". The start screen puts both in one scroll area, so long
sources never push the Start button off a 1366×768 screen.

Neither imports the core modules at run time (only for type checking): the start screen is on
the way to the first paint, and these panels only read the objects handed to them. The text
helpers at the top need no widgets and are tested on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hillsprint.ui.common.look import style_sheet

if TYPE_CHECKING:
    from hillsprint.core.progression import Suggestion
    from hillsprint.core.reminders import Reminder

# SuggestionKind values (a StrEnum, so they compare equal to these strings)
ADD_REP, HOLD, BACK_OFF, AT_CAP, NOT_ENOUGH_DATA = (
    "add_rep",
    "hold",
    "back_off",
    "at_cap",
    "not_enough_data",
)
ADVICE_STYLE = style_sheet("advice")


# -- words (no widgets) ------------------------------------------------------------------------


def _reps(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"


def suggestion_headline(suggestion: Suggestion) -> str:
    """The suggestion in a few words: 'Add a rep: 9 reps next time'. '' when there is nothing
    to suggest (no session on this plan and hill yet)."""
    count = suggestion.rep_count
    if count is None:
        return ""
    kind = suggestion.kind
    if kind == ADD_REP:
        return f"Add a rep: {_reps(count)} next time"
    if kind == BACK_OFF:
        return f"Back off a rep: {_reps(count)} next time"
    if kind == AT_CAP:
        return f"At the cap: stay at {_reps(count)}"
    if kind == NOT_ENOUGH_DATA:
        return f"Rate your reps: stay at {_reps(count)} for now"
    return f"Hold: stay at {_reps(count)}"


def accept_text(suggestion: Suggestion) -> str:
    """The accept button's words: 'Use 9 reps next time' ('' when accepting changes nothing)."""
    if not suggestion.changes_plan or suggestion.rep_count is None:
        return ""
    return f"Use {_reps(suggestion.rep_count)} next time"


def context_text(plan_name: str, hill: str | None) -> str:
    """What the suggestion is for: 'Next session on Hill power at Kirchberg'."""
    where = f" at {hill}" if hill else " (no hill)"
    return f"Next session on {plan_name}{where}"


def source_text(source: str) -> str:
    return f"Source: {source}" if source else ""


def _label(text: str, name: str, *, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _side_button(text: str) -> QPushButton:
    """A button that a mouse click does not focus, so Space still starts the session
    afterwards; Tab still reaches it."""
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


# -- the suggestion ----------------------------------------------------------------------------


class SuggestionPanel(QFrame):
    """`set_suggestion(suggestion, plan_name, hill)`; `accepted` / `ignored` when a button is
    pressed (the owner hides the panel)."""

    accepted = Signal()
    ignored = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionPanel")
        self.setProperty("kind", HOLD)
        self.suggestion: Suggestion | None = None
        self.context = _label("", "suggestionContext")
        self.headline = _label("", "suggestionHeadline")
        self.headline.setAccessibleName("Suggestion")
        self.rule = _label("", "suggestionRule", selectable=True)
        self.source = _label("", "suggestionSource", selectable=True)
        self.accept_button = _side_button("")
        self.accept_button.setObjectName("acceptSuggestion")
        self.accept_button.clicked.connect(self.accepted)
        self.ignore_button = _side_button("Ignore")
        self.ignore_button.setObjectName("ignoreSuggestion")
        self.ignore_button.clicked.connect(self.ignored)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.ignore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 10)
        layout.setSpacing(4)
        for widget in (self.context, self.headline, self.rule, self.source):
            layout.addWidget(widget)
        layout.addSpacing(4)
        layout.addLayout(buttons)

    def set_suggestion(self, suggestion: Suggestion, plan_name: str, hill: str | None) -> None:
        self.suggestion = suggestion
        self.setProperty("kind", str(suggestion.kind))
        self.style().unpolish(self)
        self.style().polish(self)
        self.context.setText(context_text(plan_name, hill))
        self.headline.setText(suggestion_headline(suggestion))
        self.rule.setText(suggestion.rule)
        self.source.setText(source_text(suggestion.source))
        self.source.setVisible(bool(suggestion.source))
        accept = accept_text(suggestion)
        self.accept_button.setText(accept)
        self.accept_button.setVisible(bool(accept))
        self.ignore_button.setText("Ignore" if accept else "Hide")


# -- the reminders -----------------------------------------------------------------------------


class RemindersPanel(QFrame):
    """`set_reminders(reminders)`; `dismissed` when "Got it" is pressed."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remindersPanel")
        self.reminders: list[Reminder] = []
        self.labels: list[QLabel] = []  # title, text, source of each reminder, in order
        self.title = QLabel("Before you start")
        self.title.setObjectName("remindersTitle")
        self.got_it_button = _side_button("Got it")
        self.got_it_button.setObjectName("remindersGotIt")
        self.got_it_button.clicked.connect(self.dismissed)
        self.entries = QVBoxLayout()
        self.entries.setSpacing(2)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.got_it_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 10)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addLayout(self.entries)

    def set_reminders(self, reminders: Sequence[Reminder]) -> None:
        self.reminders = list(reminders)
        while self.entries.count():
            item = self.entries.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.labels = []
        for i, reminder in enumerate(self.reminders):
            if i:
                self.entries.addSpacing(8)
            for label in (
                _label(reminder.title, "reminderTitle"),
                _label(reminder.text, "reminderText", selectable=True),
                _label(source_text(reminder.source), "reminderSource", selectable=True),
            ):
                self.entries.addWidget(label)
                self.labels.append(label)
        count = len(self.reminders)
        self.title.setText(
            "Before you start" if count <= 1 else f"Before you start: {count} reminders"
        )

    def texts(self) -> list[str]:
        """Every text shown, in order: each reminder's title, text and source."""
        return [label.text() for label in self.labels]
