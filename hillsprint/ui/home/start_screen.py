"""The start screen: pick a plan and a hill, see the plan's timeline and total, see recent
training, the progression suggestion for the chosen plan and hill, and beginner reminders.

The hill is an editable list: the library's hills (`set_hills`), or any name typed in (kept as
typed, trimmed; empty means no hill). "Hills…" asks for the hills library (`hillsRequested`). A
hill of the library gets a line with its length, gradient and surface, from the lookup handed to
`set_hill_details` (see `hill_details.hill_details_lookup`).

The suggestion panel (`show_suggestion`) belongs to one plan and hill: it shows while that plan
and hill are chosen and hides while another is (choosing them again brings it back). Its accept
button says what it does ("Use 9 reps next time") and emits `suggestionAccepted(plan,
suggestion)`; Ignore emits `suggestionIgnored`. The reminders panel (`show_reminders`) is
dismissed with "Got it". Both sit in a right-hand column that is only
there while one of them shows, so the screen keeps fitting 1366×768.

Focus: the Start button is the focus proxy, so Space starts. The side buttons (Hills…, the
suggestion's and the reminders' buttons) take focus from Tab but not from a mouse click, and
hand it back to Start when they hide a panel; choosing a hill from the list, or Enter in the
hill field, moves focus to Start too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.hill import name_key
from hillsprint.core.plan import Plan
from hillsprint.ui.common.look import style_sheet
from hillsprint.ui.home.start_parts import (
    AdviceColumn,
    PlanAndHillChoice,
    PlanOverview,
    StartHeader,
    make_button,
    make_notice,
)

if TYPE_CHECKING:
    from hillsprint.core.progression import Suggestion
    from hillsprint.core.reminders import Reminder

# Under what could not be read: the step that puts a damaged file right (the check at start-up
# and its dialog, which restores a backup); a passing fault (a lock) is gone after it too.
STORAGE_ADVICE = (
    "If this stays, close HillSprint and start it again: it checks the database at start-up "
    "and offers to restore a backup when the file is damaged."
)
NEW_HILL = "New hill: not in your hills list"
NO_DETAILS = "In your hills list (no length or gradient yet)"

START_STYLE = style_sheet("start")


def _key(name: str | None) -> str | None:
    """Names compare by `name_key` (as the hills library does); blank is None."""
    return name_key(name or "") or None


@dataclass(frozen=True)
class RecentTraining:
    """What the start screen says about the runner's recent sessions."""

    last_session: str | None  # e.g. "Mon 4 May, Hill power"
    sessions_this_week: int
    unfinished: str | None  # a notice about an in-progress session found at start-up


class StartScreen(QWidget):
    startRequested = Signal(object, object)  # Plan, hill name or None
    settingsRequested = Signal()
    historyRequested = Signal()
    openPlanRequested = Signal()
    plansRequested = Signal()  # "Plans…": the plan library and editor
    hillsRequested = Signal()  # "Hills…": open the hills library
    suggestionAccepted = Signal(object, object)  # Plan now chosen, the Suggestion accepted
    suggestionIgnored = Signal()

    def __init__(self, plans: list[tuple[str, Plan]], chosen: int = 0, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        self.setStyleSheet(START_STYLE)
        self._plans = plans
        self._hill_details: Callable[[str], str | None] | None = None
        self._hill_key: str | None = None  # the hill the suggestion was last matched against
        self._suggestion: tuple[Suggestion, str, str | None] | None = None
        self._reminders_on = False

        header = StartHeader()
        self.title = header.title
        self.history_button = header.history_button
        self.plans_button = header.plans_button
        self.settings_button = header.settings_button
        self.recent = QLabel()
        self.recent.setObjectName("recent")
        self.unfinished = make_notice("unfinished")
        self.notice = make_notice("notice")
        self.battery_note = make_notice("batteryNote")  # on battery, short of the plan
        # what the database would not give or take, one line an area (`show_storage_problem`)
        self._storage_problems: dict[str, str] = {}
        self.storage_problem = make_notice("notice")
        self.storage_problem.setAccessibleName("Database problem")
        self.storage_problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        choice = PlanAndHillChoice(plans)
        self.plan_picker = choice.plan_picker
        self.open_plan_button = choice.open_plan_button
        self.hill = choice.hill
        self.hills_button = choice.hills_button
        self.hill_details = choice.hill_details
        self.overview = PlanOverview()
        self.description = self.overview.description
        self.source = self.overview.source
        self.timeline = self.overview.timeline
        self.timeline_scroll = self.overview.timeline_scroll
        self.advice = AdviceColumn()
        self.suggestion = self.advice.suggestion
        self.reminders = self.advice.reminders
        self.start_button = make_button("Start  (Space)", "startButton")
        self.start_button.setProperty("primary", True)
        self.start_button.setDefault(True)
        self._lay_out(header, choice)
        self._connect(header)
        self.setFocusProxy(self.start_button)
        self.plan_picker.setCurrentIndex(chosen)
        self._show_plan(chosen)

    def _lay_out(self, header: StartHeader, choice: PlanAndHillChoice) -> None:
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(choice)
        left.addWidget(self.overview, 1)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 6)
        columns.addWidget(self.advice, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 14, 32, 14)
        layout.setSpacing(10)
        top = (header, self.recent, self.unfinished, self.notice, self.battery_note)
        for widget in (*top, self.storage_problem):
            layout.addWidget(widget)
        layout.addLayout(columns, 1)
        layout.addWidget(self.start_button)

    def _connect(self, header: StartHeader) -> None:
        header.settings_button.clicked.connect(self.settingsRequested)
        header.history_button.clicked.connect(self.historyRequested)
        header.plans_button.clicked.connect(self.plansRequested)
        self.open_plan_button.clicked.connect(self.openPlanRequested)
        self.hills_button.clicked.connect(self.hillsRequested)
        self.hill.lineEdit().returnPressed.connect(lambda: self.start_button.setFocus())
        self.hill.activated.connect(lambda _index: self.start_button.setFocus())
        self.hill.editTextChanged.connect(self._hill_edited)
        self.suggestion.accepted.connect(self._accept_suggestion)
        self.suggestion.ignored.connect(self._ignore_suggestion)
        self.reminders.dismissed.connect(self._dismiss_reminders)
        self.start_button.clicked.connect(
            lambda: self.startRequested.emit(self.current_plan(), self.current_hill())
        )
        self.plan_picker.currentIndexChanged.connect(self._show_plan)

    def current_plan(self) -> Plan:
        return self._plans[self.plan_picker.currentIndex()][1]

    # -- the hill ------------------------------------------------------------------------------

    def current_hill(self) -> str | None:
        """The hill chosen or typed, trimmed; None for none."""
        return self.hill.currentText().strip() or None

    def set_hill(self, name: str | None) -> None:
        """Put `name` in the hill field (None: no hill), as if typed."""
        self.hill.setEditText(name or "")

    def set_hills(self, names: Sequence[str]) -> None:
        """Offer these hills (the library's, in its order). What is in the field stays."""
        typed = self.hill.currentText()
        with QSignalBlocker(self.hill):
            self.hill.clear()
            self.hill.addItems(list(names))
            self.hill.setCurrentIndex(-1)
            self.hill.setEditText(typed)
        self._show_hill_details()

    def hill_names(self) -> list[str]:
        return [self.hill.itemText(i) for i in range(self.hill.count())]

    def set_hill_details(self, lookup: Callable[[str], str | None] | None) -> None:
        """`lookup(name)` describes a hill of the library ('120 m, 8 % gradient, road'; '' if
        nothing is known of it) or says None when no hill has that name. None: no line."""
        self._hill_details = lookup
        self._show_hill_details()

    def _hill_edited(self, _text: str) -> None:
        self._show_hill_details()
        key = _key(self.hill.currentText())
        if key != self._hill_key:
            self._hill_key = key
            self._update_suggestion()

    def _show_hill_details(self) -> None:
        name = self.current_hill()
        text = ""
        if name is not None and self._hill_details is not None:
            details = self._hill_details(name)
            text = NEW_HILL if details is None else (details or NO_DETAILS)
        self.hill_details.setText(text)
        self.hill_details.setVisible(bool(text))

    # -- the suggestion and the reminders ---------------------------------------------------------

    def show_suggestion(self, suggestion: Suggestion, plan_name: str, hill: str | None) -> None:
        """Show `suggestion` (from `core.progression.suggest_next`) for the next session on
        the plan called `plan_name` at `hill`. It shows while that plan and hill are chosen.
        A suggestion without a rep count (no session there yet) only clears the panel."""
        if suggestion.rep_count is None:
            self.clear_suggestion()
            return
        self._suggestion = (suggestion, plan_name, hill)
        self.suggestion.set_suggestion(suggestion, plan_name, hill)
        self._update_suggestion()

    def clear_suggestion(self) -> None:
        self._suggestion = None
        self._update_suggestion()

    def shown_suggestion(self) -> Suggestion | None:
        """The suggestion on screen now (None when the panel is hidden)."""
        if self._suggestion is None or not self._suggestion_applies():
            return None
        return self._suggestion[0]

    def _suggestion_applies(self) -> bool:
        if self._suggestion is None or self.plan_picker.currentIndex() < 0:
            return False
        _suggestion, plan_name, hill = self._suggestion
        return (_key(plan_name), _key(hill)) == (_key(self.current_plan().name), self._hill_key)

    def _update_suggestion(self) -> None:
        self.suggestion.setVisible(self._suggestion_applies())
        self._update_advice()

    def _accept_suggestion(self) -> None:
        if self._suggestion is None:
            return
        suggestion = self._suggestion[0]
        self.clear_suggestion()
        self.start_button.setFocus()
        self.suggestionAccepted.emit(self.current_plan(), suggestion)

    def _ignore_suggestion(self) -> None:
        self.clear_suggestion()
        self.start_button.setFocus()
        self.suggestionIgnored.emit()

    def show_reminders(self, reminders: Sequence[Reminder]) -> None:
        """Show these reminders (from `core.reminders.reminders_for`); [] hides the panel."""
        self.reminders.set_reminders(reminders)
        self._reminders_on = bool(reminders)
        self.reminders.setVisible(self._reminders_on)
        self._update_advice()

    def _dismiss_reminders(self) -> None:
        self.show_reminders([])
        self.start_button.setFocus()

    def _update_advice(self) -> None:
        self.advice.setVisible(self._reminders_on or self._suggestion_applies())

    def show_recent(self, recent: RecentTraining) -> None:
        last = recent.last_session or "none yet"
        self.recent.setText(
            f"Last session: {last}  ·  Sessions this week: {recent.sessions_this_week}"
        )
        self.unfinished.setText(recent.unfinished or "")
        self.unfinished.setVisible(bool(recent.unfinished))

    def add_plan(self, label: str, plan: Plan) -> None:
        """Offer a plan read from a file, first in the list, and choose it."""
        self._plans.insert(0, (label, plan))
        self.plan_picker.insertItem(0, label)
        self.plan_picker.setCurrentIndex(0)
        self._show_plan(0)

    def set_plans(self, plans: list[tuple[str, Plan]], choose: Plan | None = None) -> None:
        """Offer these (label, plan) entries instead. Chosen afterwards: the entry whose plan
        is `choose` (by identity), else the one with the label chosen before, else the first."""
        before = self.plan_picker.currentText()
        self._plans[:] = plans
        labels = [label for label, _plan in plans]
        index = next((i for i, (_l, p) in enumerate(plans) if p is choose), None)
        if index is None:
            index = labels.index(before) if before in labels else 0
        with QSignalBlocker(self.plan_picker):
            self.plan_picker.clear()
            self.plan_picker.addItems(labels)
            self.plan_picker.setCurrentIndex(index)
        self._show_plan(index)

    def show_notice(self, text: str) -> None:
        """A problem the runner should know about (damaged settings, no sound)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_battery(self, text: str) -> None:
        """What the battery means for the chosen plan ("" when nothing needs saying)."""
        self.battery_note.setText(text)
        self.battery_note.setVisible(bool(text))

    def show_storage_problem(self, area: str, text: str) -> None:
        """What could not be read or saved in `area` ("plans", "hills", ...): one sentence
        with the database's reason, or '' once that area reads again. The problems of every
        area show together, above `STORAGE_ADVICE`, on a line of their own, so a notice about
        settings or sound never hides them."""
        if text:
            self._storage_problems[area] = text
        else:
            self._storage_problems.pop(area, None)
        problems = list(self._storage_problems.values())
        self.storage_problem.setText("\n".join([*problems, STORAGE_ADVICE]) if problems else "")
        self.storage_problem.setVisible(bool(problems))

    def _show_plan(self, index: int) -> None:
        if index < 0:
            return
        self.overview.show_plan(self._plans[index][1])
        self._update_suggestion()
