"""The summary after a session: reps done, each rep's effort (editable), a chart of effort per
rep, total time, the session effort (Foster's session RPE) and notes; Save or Discard.

Thin: it renders what it is given and emits what the runner does. Every rep is on disk before
the summary opens; edits are emitted at once (`repEffortChanged`, `sessionEffortChanged`) so the
caller can write them straight away, and Save / Discard are requests the caller acts on.

Keys: digits 1–9 set the session effort and 0 sets 10, unless the notes field has focus (then
they type). First, though, when the last sprint run has no effort (the session ended at its end:
no cool-down, Right through it, Esc after the sprint), the runner has had no walk-down to rate
it in, and a 7 pressed now is meant for that sprint: so the summary asks "How hard was rep N?"
first, the first digit rates that rep (Delete leaves it empty), and only then do digits set the
session effort. The prompt and the pad (yellow while it rates the rep) say which one a digit
sets. They are QShortcuts on this widget: a text field claims plain keys before shortcuts
see them (ShortcutOverride), which gives exactly "not while typing notes". Ctrl+S saves from
anywhere in the screen, notes included.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.effort import is_valid_effort
from hillsprint.core.plan import format_duration
from hillsprint.core.records import RepStatus, SessionStatus
from hillsprint.storage.repository import StoredRep, StoredSession
from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.effort_inputs import (
    DIGIT_KEYS,
    EMPTY,
    RepEffortBox,
    SessionEffortPad,
    effort_label,
)
from hillsprint.ui.common.look import METRICS, PALETTE, set_flag, style_sheet
from hillsprint.ui.common.rep_words import sprint_text, status_text
from hillsprint.ui.hill.rep_effort_bars import RepEffortBars

MISSING = "effort missing"
ROW_PX = METRICS["compact_row_px"]

COLUMNS = ("Rep", "Sprint", "Status", "Effort", "")
COL_REP, COL_SPRINT, COL_STATUS, COL_EFFORT, COL_MARK = range(len(COLUMNS))

SUMMARY_STYLE = style_sheet("summary")


def missing_text(count: int) -> str:
    if count == 0:
        return "Every rep has an effort."
    if count == 1:
        return "1 rep has no effort yet — set it, or leave it empty"
    return f"{count} reps have no effort yet — set them, or leave them empty"


class SummaryScreen(QWidget):
    """The session summary. Call `load(...)`, show it, give it focus; listen to the signals."""

    repEffortChanged = Signal(int, object)  # rep number, effort 0-10 or None
    sessionEffortChanged = Signal(object)  # 0-10 or None
    saveRequested = Signal(object, str)  # session effort (or None), notes
    saveAsCsvRequested = Signal()  # the database refused the save: write a CSV file instead
    discardRequested = Signal()  # only after the runner confirmed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(SUMMARY_STYLE)
        self.discard_question = Question(self)
        self._session: StoredSession | None = None
        self._numbers: list[int] = []  # rep number of each table row
        self._efforts: dict[int, int | None] = {}
        self._session_effort: int | None = None
        self._asking_rep: int | None = None  # the rep the digits rate before the session
        self._loading = False

        self.title = QLabel("Session complete")
        self.title.setObjectName("summaryTitle")
        self.plan_label = QLabel()
        self.plan_label.setObjectName("summaryPlan")
        self.reps_label = QLabel()
        self.reps_label.setObjectName("summaryReps")
        self.time_label = QLabel()
        self.time_label.setObjectName("summaryTime")
        self.time_label.setToolTip("Active time: pauses are not counted")
        self.missing_line = QLabel()
        self.missing_line.setObjectName("missingLine")
        self.missing_line.setWordWrap(True)
        # its text changes with the count: it must not push the columns around
        self.missing_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("repTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_PX)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for column in (COL_REP, COL_SPRINT, COL_STATUS, COL_MARK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EFFORT, QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(False)
        header.setHighlightSections(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the effort boxes take focus
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.chart = RepEffortBars()
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("How it went: weather, ground, legs… (digits type here)")
        self.notes.setAccessibleName("Notes")

        self.effort_title = QLabel()
        self.effort_title.setObjectName("sectionLabel")
        self.effort_pad = SessionEffortPad()
        self.effort_pad.clicked.connect(self._pad_clicked)

        self.save_button = QPushButton("Save (Ctrl+S)")
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.request_save)
        # Said when the database refuses the save; the way out is a CSV file for later import.
        self.save_problem = QLabel()
        self.save_problem.setObjectName("saveProblem")
        self.save_problem.setWordWrap(True)
        self.save_problem.hide()
        self.csv_button = QPushButton("Save as CSV…")
        self.csv_button.setObjectName("csvButton")
        self.csv_button.clicked.connect(self.saveAsCsvRequested)
        self.csv_button.hide()
        self.discard_button = QPushButton("Discard…")
        self.discard_button.setObjectName("discardButton")
        self.discard_button.clicked.connect(self.ask_discard)

        self._build_layout()
        self._build_shortcuts()
        self._show_session_effort()
        self._refresh_efforts()

    def _build_layout(self) -> None:
        numbers = QHBoxLayout()
        numbers.setSpacing(32)
        numbers.addStretch(1)
        numbers.addWidget(self.reps_label)
        numbers.addWidget(self.time_label)
        self.plan_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        facts = QVBoxLayout()
        facts.setSpacing(0)
        facts.addWidget(self.plan_label)
        facts.addLayout(numbers)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addLayout(facts)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.missing_line)
        left.addWidget(self.table, 1)

        chart_title = QLabel("Effort per rep")
        chart_title.setObjectName("sectionLabel")
        notes_title = QLabel("Notes")
        notes_title.setObjectName("sectionLabel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 2)
        buttons.addWidget(self.discard_button, 1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(chart_title)
        right.addWidget(self.chart, 3)
        right.addWidget(notes_title)
        right.addWidget(self.notes, 2)
        right.addSpacing(6)
        right.addWidget(self.save_problem)
        right.addWidget(self.csv_button)  # its own row: the columns keep their widths
        right.addLayout(buttons)

        middle = QHBoxLayout()
        middle.setSpacing(20)
        middle.addLayout(left, 3)
        middle.addLayout(right, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 14)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.effort_title)
        layout.addWidget(self.effort_pad)

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.shortcuts: list[QShortcut] = []
        for key, value in DIGIT_KEYS.items():
            shortcut = QShortcut(QKeySequence(key), self, context=context)
            shortcut.activated.connect(lambda v=value: self._digit(v))
            self.shortcuts.append(shortcut)
        for key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            leave = QShortcut(QKeySequence(key), self, context=context)
            leave.activated.connect(self.leave_rep_unrated)
            self.shortcuts.append(leave)
        save = QShortcut(QKeySequence("Ctrl+S"), self, context=context)
        save.activated.connect(self.request_save)
        self.shortcuts.append(save)

    # ---- filling it ----------------------------------------------------------------------

    def load(
        self,
        session: StoredSession,
        reps: Sequence[StoredRep],
        ended_early: bool | None = None,
        active_s: float | None = None,
    ) -> None:
        """Show `session` and its stored `reps`. The session is usually still `in_progress` in
        the database when the summary opens, so say how it ended (`ended_early`) and how long
        it ran (`active_s`, pauses excluded); by default both come from the stored session."""
        if ended_early is None:
            ended_early = session.status is SessionStatus.ENDED_EARLY
        if active_s is None:
            active_s = session.duration_s
        reps = sorted(reps, key=lambda rep: rep.number)
        self._loading = True
        try:
            self._session = session
            self.show_save_problem(None)  # the caller says again if writes still wait
            self.title.setText("Session ended early" if ended_early else "Session complete")
            plan = session.plan.name + (f"  ·  {session.hill}" if session.hill else "")
            self.plan_label.setText(plan)
            done = sum(1 for rep in reps if rep.status is RepStatus.DONE)
            self.reps_label.setText(f"Reps done: {done} of {session.plan.rep_count}")
            time = EMPTY if active_s is None else format_duration(round(active_s))
            self.time_label.setText(f"Total time: {time}")
            self._fill_table(reps)
            last = reps[-1] if reps else None
            self._asking_rep = last.number if last and last.effort is None else None
            self._session_effort = session.session_rpe
            self._show_session_effort()
            self.notes.setPlainText(session.notes)
        finally:
            self._loading = False
        self._refresh_efforts()

    def _fill_table(self, reps: list[StoredRep]) -> None:
        self.table.clearContents()
        self.table.setRowCount(len(reps))
        self._numbers = [rep.number for rep in reps]
        self._efforts = {rep.number: rep.effort for rep in reps}
        for row, rep in enumerate(reps):
            texts = (str(rep.number), sprint_text(rep), status_text(rep.status))
            for column, text in zip((COL_REP, COL_SPRINT, COL_STATUS), texts, strict=True):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                alignment = Qt.AlignmentFlag.AlignLeft if column else Qt.AlignmentFlag.AlignRight
                item.setTextAlignment(alignment | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            mark = QTableWidgetItem()
            mark.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, COL_MARK, mark)
            box = RepEffortBox(rep.number)
            box.set_effort(rep.effort)
            box.currentIndexChanged.connect(
                lambda _index, b=box: self._rep_effort_edited(b.rep, b.effort())
            )
            self.table.setCellWidget(row, COL_EFFORT, box)

    # ---- what the runner does ------------------------------------------------------------

    def _rep_effort_edited(self, rep: int, effort: int | None) -> None:
        if self._loading or self._efforts.get(rep, effort) == effort:
            return
        self._efforts[rep] = effort
        if rep == self._asking_rep:  # answered, here or in its box: digits move on
            self._asking_rep = None
            self._show_session_effort()
        self._refresh_efforts()
        self.repEffortChanged.emit(rep, effort)

    def _digit(self, value: int) -> None:
        """A digit key: the rep asked about first, then the session."""
        if self._asking_rep is not None:
            self.effort_box(self._asking_rep).set_effort(value)
        else:
            self.set_session_effort(value)

    def _pad_clicked(self, value: int | None) -> None:
        """The pad sets what its prompt names: the asked rep, then the session."""
        if self._asking_rep is not None:
            if value is None:  # its chosen button clicked again: no rep effort is shown
                return
            self.effort_box(self._asking_rep).set_effort(value)
        else:
            self.set_session_effort(value)

    def leave_rep_unrated(self) -> None:
        """Delete: the asked rep stays without an effort; digits now set the session's."""
        if self._asking_rep is None:
            return
        self._asking_rep = None
        self._show_session_effort()
        self._refresh_efforts()

    def asking_rep(self) -> int | None:
        """The rep the next digit rates, or None when digits set the session effort."""
        return self._asking_rep

    def set_session_effort(self, value: int | None) -> None:
        """Choose the session effort (keys, buttons); emits `sessionEffortChanged` on a change."""
        if value is not None and not is_valid_effort(value):
            raise ValueError(f"session effort must be 0-10 or None, got {value!r}")
        changed = value != self._session_effort
        self._session_effort = value
        self._show_session_effort()
        if changed:
            self.sessionEffortChanged.emit(value)

    def request_save(self) -> None:
        if self.discard_question.is_open():
            return
        self.saveRequested.emit(self._session_effort, self.notes.toPlainText())

    def ask_discard(self) -> None:
        """Discard asks first, without blocking the event loop; No is the default answer."""
        if self.discard_question.is_open():
            return
        count = len(self._numbers)
        self.discard_question.ask(
            "Discard this session?",
            f"Delete this session and its {count} rep{'s' if count != 1 else ''} from your "
            "history? This cannot be undone.\n\nEnter or Esc: keep it",
            self._discard_answered,
            warning=True,
            yes_text="Discard",
            no_text="Keep",
        )

    def _discard_answered(self, yes: bool) -> None:
        if yes:
            self.discardRequested.emit()
        else:
            self.setFocus()

    def show_save_problem(self, reason: str | None, saving: bool = False) -> None:
        """Writes wait for the disk (`reason`); after a refused Save (`saving`) say so and
        offer "Save as CSV…". None: everything is on disk again."""
        if reason is None:
            self.save_problem.hide()
            self.csv_button.hide()
            return
        if saving or self.csv_button.isVisible():
            text = (
                f"Not saved: {reason}. Try Save again, or save the session as a CSV file "
                "and import it later (hillsprint import FILE)."
            )
            self.csv_button.show()
        else:
            text = f"Not saved yet: {reason}. Save tries again."
        self.save_problem.setText(text)
        self.save_problem.show()

    # ---- reading it back -----------------------------------------------------------------

    @property
    def session(self) -> StoredSession | None:
        return self._session

    def session_effort(self) -> int | None:
        return self._session_effort

    def rep_efforts(self) -> dict[int, int | None]:
        """Each shown rep's effort as edited, by rep number."""
        return dict(self._efforts)

    def notes_text(self) -> str:
        return self.notes.toPlainText()

    def effort_box(self, rep: int) -> RepEffortBox:
        return self.table.cellWidget(self._numbers.index(rep), COL_EFFORT)

    def missing_count(self) -> int:
        return sum(1 for effort in self._efforts.values() if effort is None)

    # ---- rendering -----------------------------------------------------------------------

    def _show_session_effort(self) -> None:
        """The prompt and the pad: for the asked rep (in yellow), else for the session."""
        asking = self._asking_rep
        if asking is not None:
            self.effort_title.setText(
                f"How hard was rep {asking}?  Keys 1–9, 0 = 10  ·  Delete: leave it empty  ·  "
                "then the whole session"
            )
            self.effort_pad.show_effort(None)
        else:
            chosen = (
                "not set" if self._session_effort is None else effort_label(self._session_effort)
            )
            self.effort_title.setText(
                f"How hard was the whole session?  Keys 1–9, 0 = 10  ·  Session effort: {chosen}"
            )
            self.effort_pad.show_effort(self._session_effort)
        set_flag(self.effort_title, "forRep", asking is not None)
        for value, button in self.effort_pad.buttons.items():
            set_flag(button, "forRep", asking is not None)
            what = f"Effort of rep {asking}" if asking is not None else "Session effort"
            button.setAccessibleName(f"{what} {effort_label(value)}")

    def _refresh_efforts(self) -> None:
        """Marks, the count line and the chart follow the efforts as edited."""
        bold = QFont(self.font())
        bold.setBold(True)
        for row, number in enumerate(self._numbers):
            missing = self._efforts[number] is None
            mark = self.table.item(row, COL_MARK)
            mark.setText(MISSING if missing else "")
            mark.setFont(bold)
            mark.setBackground(QColor(PALETTE["highlight" if missing else "background"]))
            mark.setForeground(QColor(PALETTE["text"]))
            set_flag(self.table.cellWidget(row, COL_EFFORT), "missing", missing)
        count = self.missing_count()
        self.missing_line.setText(missing_text(count))
        set_flag(self.missing_line, "missing", count > 0)
        self.chart.set_efforts([self._efforts[n] for n in self._numbers], self._numbers)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        focus = self.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.setFocus()  # the digit keys and Ctrl+S need the focus inside this screen
