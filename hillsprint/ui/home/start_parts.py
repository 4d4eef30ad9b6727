"""The pieces of the start screen, each a widget with one job: the header with the buttons to
the other rooms, the plan and hill choice, the chosen plan's overview, and the advice column.
`start_screen.StartScreen` puts them together and owns what they mean."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.hill import MAX_HILL_NAME_LEN
from hillsprint.core.plan import Plan, timeline_rows
from hillsprint.ui.common.look import METRICS
from hillsprint.ui.home.advice_panels import RemindersPanel, SuggestionPanel


class StartHeader(QWidget):
    """The title and the buttons to the other rooms: History, Plans…, Settings…."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("HillSprint")
        self.title.setObjectName("title")
        self.history_button = make_button(
            "&History", "historyButton", "Past sessions, their reps and efforts (Alt+H)"
        )
        self.plans_button = make_button(
            "&Plans…", "plansButton", "Your own plans: new, edit, duplicate, import, export (Alt+P)"
        )
        self.settings_button = make_button(
            "Se&ttings…", "settingsButton", "Sound, theme, lead-in, weekly target, units (Alt+T)"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)  # as the screen's own rows
        layout.addWidget(self.title, 1)
        for button in (self.history_button, self.plans_button, self.settings_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)


class PlanAndHillChoice(QWidget):
    """The two choices of the day: the plan (or a plan file) and the hill, with a line on the
    chosen hill. The hill is an editable list that suggests library hills while typing."""

    def __init__(self, plans: list[tuple[str, Plan]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan_picker = QComboBox()
        self.plan_picker.setObjectName("planPicker")
        for label, _plan in plans:
            self.plan_picker.addItem(label)
        self.plan_picker.setAccessibleName("Plan")
        self.open_plan_button = make_button("Open plan file…", "openPlanButton")
        self.hill = self._hill_field()
        self.hills_button = make_button(
            "Hills…", "hillsButton", "Your hills: length, gradient, surface, notes"
        )
        self.hills_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.hill_details = QLabel()
        self.hill_details.setObjectName("hillDetails")
        self.hill_details.setWordWrap(True)
        self.hill_details.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        rows = (
            ("Plan", self.plan_picker, self.open_plan_button),
            ("Hill", self.hill, self.hills_button),
        )
        for row, (text, field, button) in enumerate(rows):
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(button, row, 2)
        grid.addWidget(self.hill_details, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _hill_field() -> QComboBox:
        hill = QComboBox()
        hill.setObjectName("hill")
        hill.setEditable(True)
        hill.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # a typed name stays typed
        hill.setAccessibleName("Hill")
        hill.setMaxVisibleItems(12)
        hill.lineEdit().setPlaceholderText("optional, e.g. Water tower lane")
        hill.lineEdit().setMaxLength(MAX_HILL_NAME_LEN)
        # Suggest library hills in a list while typing, but never complete a name inline:
        # "Kirch" must stay "Kirch" unless the runner picks "Kirchberg".
        completer = QCompleter(hill.model(), hill)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        hill.setCompleter(completer)
        hill.setCurrentIndex(-1)
        return hill


class PlanOverview(QWidget):
    """The chosen plan: its description, its timeline (one row a phase, scrolled when a plan
    has many reps) and its source."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.source = QLabel()
        self.source.setObjectName("source")
        self.source.setWordWrap(True)
        self.timeline = QFormLayout()
        self.timeline.setVerticalSpacing(2)  # an 8-rep plan's 12 rows fit beside the advice
        self.timeline.setContentsMargins(6, 2, 6, 2)
        self.timeline.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        timeline_box = QFrame()
        timeline_box.setObjectName("timeline")
        timeline_box.setLayout(self.timeline)
        # A 99-rep plan has 100 rows: scroll them rather than grow the window past the screen.
        self.timeline_scroll = QScrollArea()
        self.timeline_scroll.setObjectName("timelineScroll")
        self.timeline_scroll.setWidget(timeline_box)
        self.timeline_scroll.setWidgetResizable(True)
        self.timeline_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.timeline_scroll.setMinimumHeight(METRICS["timeline_min_px"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.description)
        layout.addWidget(self.timeline_scroll, 1)
        layout.addWidget(self.source)

    def show_plan(self, plan: Plan) -> None:
        self.description.setText(plan.description or "")
        self.source.setText(f"Source: {plan.source}" if plan.source else "")
        while self.timeline.rowCount():
            self.timeline.removeRow(0)
        for what, how in timeline_rows(plan):
            self.timeline.addRow(QLabel(what), QLabel(how))


class AdviceColumn(QScrollArea):
    """The right-hand column with the progression suggestion and the reminders, shown while
    one of them is. One scroll area, so that however long the texts are, the screen's minimum
    height stays small and Start stays on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("advice")
        self.suggestion = SuggestionPanel()
        self.suggestion.hide()
        self.reminders = RemindersPanel()
        self.reminders.hide()
        column = QWidget()
        column.setObjectName("adviceColumn")
        advice = QVBoxLayout(column)
        advice.setContentsMargins(0, 0, 4, 0)
        advice.setSpacing(12)
        advice.addWidget(self.suggestion)
        advice.addWidget(self.reminders)
        advice.addStretch(1)
        self.setWidget(column)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(120)
        self.hide()


def make_button(text: str, name: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    return button


def make_notice(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.hide()
    return label
