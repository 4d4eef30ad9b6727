"""The start screen: pick a plan, see its timeline and total, see recent training."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import Plan, timeline_rows


@dataclass(frozen=True)
class RecentTraining:
    """What the start screen says about the runner's recent sessions."""

    last_session: str | None  # e.g. "Mon 4 May, Hill power"
    sessions_this_week: int
    unfinished: str | None  # a notice about an in-progress session found at start-up


class StartScreen(QWidget):
    planChosen = Signal(object)  # Plan
    startRequested = Signal(object, object)  # Plan, hill name or None
    settingsRequested = Signal()
    historyRequested = Signal()
    openPlanRequested = Signal()

    def __init__(self, plans: list[tuple[str, Plan]], chosen: int = 0, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        self._plans = plans

        self.title = QLabel("HillSprint")
        self.title.setObjectName("title")
        self.recent = QLabel()
        self.recent.setObjectName("recent")
        self.unfinished = QLabel()
        self.unfinished.setObjectName("unfinished")
        self.unfinished.setWordWrap(True)
        self.unfinished.hide()
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.settings_button = QPushButton("Settings…")
        self.settings_button.setObjectName("settingsButton")
        self.settings_button.clicked.connect(self.settingsRequested)
        self.history_button = QPushButton("&History")
        self.history_button.setObjectName("historyButton")
        self.history_button.setToolTip("Past sessions, their reps and efforts (Alt+H)")
        self.history_button.clicked.connect(self.historyRequested)
        self.open_plan_button = QPushButton("Open plan file…")
        self.open_plan_button.setObjectName("openPlanButton")
        self.open_plan_button.clicked.connect(self.openPlanRequested)

        self.plan_picker = QComboBox()
        self.plan_picker.setObjectName("planPicker")
        for label, _plan in plans:
            self.plan_picker.addItem(label)
        self.plan_picker.setAccessibleName("Plan")
        self.hill = QLineEdit()
        self.hill.setObjectName("hill")
        self.hill.setPlaceholderText("Hill (optional), e.g. Water tower lane")
        self.hill.setMaxLength(100)
        self.hill.setAccessibleName("Hill")
        self.hill.returnPressed.connect(lambda: self.start_button.setFocus())

        self.description = QLabel()
        self.description.setWordWrap(True)
        self.source = QLabel()
        self.source.setObjectName("source")
        self.source.setWordWrap(True)
        self.timeline = QFormLayout()
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
        self.timeline_scroll.setMinimumHeight(120)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        for widget in (self.recent, self.unfinished, self.notice, QLabel("Plan")):
            layout.addWidget(widget)
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.plan_picker, 1)
        picker_row.addWidget(self.open_plan_button)
        layout.addLayout(picker_row)
        layout.addWidget(self.hill)
        layout.addWidget(self.description)
        layout.addWidget(self.timeline_scroll, 1)
        layout.addWidget(self.source)
        self.start_button = QPushButton("Start  (Space)")
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(
            lambda: self.startRequested.emit(self.current_plan(), self.hill.text().strip() or None)
        )
        layout.addWidget(self.start_button)
        self.setFocusProxy(self.start_button)

        self.plan_picker.currentIndexChanged.connect(self._show_plan)
        self.plan_picker.setCurrentIndex(chosen)
        self._show_plan(chosen)

    def current_plan(self) -> Plan:
        return self._plans[self.plan_picker.currentIndex()][1]

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

    def show_notice(self, text: str) -> None:
        """A problem the runner should know about (damaged settings, no sound)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _show_plan(self, index: int) -> None:
        if index < 0:
            return
        plan = self._plans[index][1]
        self.description.setText(plan.description or "")
        self.source.setText(f"Source: {plan.source}" if plan.source else "")
        while self.timeline.rowCount():
            self.timeline.removeRow(0)
        for what, how in timeline_rows(plan):
            self.timeline.addRow(QLabel(what), QLabel(how))
        self.planChosen.emit(plan)
