"""One session in detail, opened from the history: each rep (effort editable, planned against
actual sprint and walk-down, status), the action log (pauses, skips), session effort and notes
(editable), "Export for training log…" (FIT or TCX, `activity_export`), and Delete.

Edits are written at once through the repository: a rep's effort and the session effort when
chosen, the notes 0.5 s after the last keystroke (and when the detail closes). `changed` tells
the history to refresh that row; `deleteRequested` comes after the runner confirmed.

The subtitle under the title names the hill; with a `hill_details` lookup (see
`ui.library.hill_details.hill_details_lookup`) it also gives the hill's length, gradient and
surface while the hills library still has a hill of that name. The session itself only stores
the name.

Keyboard: Tab moves between the effort boxes, session effort, notes and buttons; arrows or
digits change a focused box; Esc (or Alt+Left) goes back; Delete asks to delete the session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import format_duration
from hillsprint.core.records import ActionRecord, SessionStatus
from hillsprint.storage.repository import SessionRepository, StoredRep, StoredSession
from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.effort_inputs import RepEffortBox
from hillsprint.ui.common.local_format import TIME_SECONDS, moment_text
from hillsprint.ui.common.look import METRICS
from hillsprint.ui.common.rep_words import sprint_text, status_text
from hillsprint.ui.history.activity_export import ActivityExportButton

NOTES_SAVE_DELAY_MS = 500
REP_COLUMNS = ("Rep", "Sprint", "Walk-down", "Status", "Effort")
COL_REP, COL_SPRINT, COL_WALK, COL_STATUS, COL_EFFORT = range(len(REP_COLUMNS))
ROW_PX = METRICS["row_px"]
STATUS_WORDS = {
    SessionStatus.COMPLETED: "completed",
    SessionStatus.ENDED_EARLY: "ended early",
    SessionStatus.IN_PROGRESS: "not finished",
}
PHASE_WORDS = {
    "warmup": "warm-up",
    "get_ready": "get ready",
    "walk_down": "walk-down",
    "cooldown": "cool-down",
}
ACTION_WORDS = {
    "start": "Started",
    "pause": "Paused",
    "resume": "Resumed",
    "skip": "Skipped the rest of the sprint",
    "add_time": "Added time",
    "advance": "Next rep (Space)",
    "end": "Ended",
    "suspend": "Laptop slept: paused",
}


def walk_text(rep: StoredRep) -> str:
    """'1:32 of ≥ 1:30' (manual), '90 s of 90 s', or '— (cool-down)' for the last rep."""
    if rep.recovery_s is None and rep.recovery_planned_s is None:
        return "— (cool-down)"
    actual = "—" if rep.recovery_s is None else format_duration(round(rep.recovery_s))
    if rep.recovery_planned_s is None:
        return actual
    floor = "≥ " if rep.recovery_manual else ""
    return f"{actual} of {floor}{format_duration(rep.recovery_planned_s)}"


def action_text(action: ActionRecord) -> str:
    moment = moment_text(action.at, TIME_SECONDS)
    words = ACTION_WORDS.get(action.action, action.action.replace("_", " ").capitalize())
    where = f"rep {action.rep}, " if action.rep else ""
    detail = f" ({action.detail})" if action.detail else ""
    phase = PHASE_WORDS.get(action.phase, action.phase.replace("_", " "))
    return f"{moment}  {words}{detail}  · {where}{phase}"


def hill_text(name: str, lookup: Callable[[str], str | None] | None) -> str:
    """'Hill: Kirchberg (120 m, 8 % gradient, road)', or just the name when the library does
    not know the hill (any more) or nothing is known of it."""
    details = None if lookup is None else lookup(name)
    return f"Hill: {name} ({details})" if details else f"Hill: {name}"


class SessionDetail(QWidget):
    """Call `load(session_id)`; listen to `closed`, `changed` and `deleteRequested`."""

    closed = Signal()
    changed = Signal(str)  # session id: an effort or the notes were written
    deleteRequested = Signal(str)  # session id, after the runner said yes

    def __init__(
        self,
        repository: SessionRepository,
        parent: QWidget | None = None,
        *,
        hill_details: Callable[[str], str | None] | None = None,
        activity_store=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionDetail")
        self.repository = repository
        self.hill_details = hill_details
        self.session: StoredSession | None = None
        self.delete_question = Question(self)
        self._notes_dirty = False
        self.effort_boxes: list[RepEffortBox] = []

        self.back_button = QPushButton("← Back  (Esc)")
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.close_detail)
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("detailSubtitle")
        self.subtitle.setWordWrap(True)
        # "Export for training log…" when given the store that writes the files
        self.export_button = ActivityExportButton(
            activity_store, lambda: [self.session.id] if self.session else []
        )
        self.export_button.finished.connect(lambda text, _ok: self.saved_line.setText(text))
        self.export_button.setVisible(activity_store is not None)
        self.delete_button = QPushButton("Delete session…  (Del)")
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.clicked.connect(self.ask_delete)

        self.reps = QTableWidget(0, len(REP_COLUMNS))
        self.reps.setObjectName("detailReps")
        self.reps.setHorizontalHeaderLabels(REP_COLUMNS)
        self.reps.verticalHeader().hide()
        self.reps.verticalHeader().setDefaultSectionSize(ROW_PX)
        header = self.reps.horizontalHeader()
        for column in range(len(REP_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EFFORT, QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(False)
        self.reps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reps.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.reps.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the effort boxes take focus
        self.reps.setAccessibleName("Reps")

        self.session_effort = RepEffortBox(0)
        self.session_effort.setObjectName("sessionEffortBox")
        self.session_effort.setAccessibleName("Session effort")
        self.session_effort.currentIndexChanged.connect(self._session_effort_chosen)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("detailNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("Notes: weather, ground, legs…")
        self.notes.setAccessibleName("Notes")
        self.notes.setFixedHeight(METRICS["notes_px"])
        self.notes.textChanged.connect(self._notes_typed)
        self.notes_timer = QTimer(self)
        self.notes_timer.setSingleShot(True)
        self.notes_timer.setInterval(NOTES_SAVE_DELAY_MS)
        self.notes_timer.timeout.connect(self.save_notes)
        self.saved_line = QLabel()
        self.saved_line.setObjectName("savedLine")

        self.log = QLabel()
        self.log.setObjectName("actionLog")
        self.log.setWordWrap(True)
        self.log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        log_scroll = QScrollArea()
        log_scroll.setObjectName("logScroll")
        log_scroll.setWidget(self.log)
        log_scroll.setWidgetResizable(True)
        log_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.delete_button)
        left = QVBoxLayout()
        left.addWidget(_section("Reps"))
        left.addWidget(self.reps, 1)
        right = QVBoxLayout()
        effort_row = QHBoxLayout()
        effort_row.addWidget(_section("Session effort"))
        effort_row.addWidget(self.session_effort, 1)
        right.addLayout(effort_row)
        right.addWidget(_section("Notes"))
        right.addWidget(self.notes)
        right.addWidget(self.saved_line)
        right.addWidget(_section("What happened"))
        right.addWidget(log_scroll, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addLayout(body, 1)

        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence("Alt+Left")):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.close_detail)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.activated.connect(self.ask_delete)

    # -- showing -------------------------------------------------------------------------

    def load(self, session_id: str) -> bool:
        """Show the session; False if it no longer exists."""
        self.save_notes()
        session = self.repository.get_session(session_id)
        if session is None:
            return False
        self.session = session
        moment = datetime.fromisoformat(session.started_at)
        self.title.setText(f"{session.plan.name} · {moment_text(moment)}")
        self.subtitle.setText(self._subtitle())
        self._fill_reps(self.repository.reps(session_id))
        actions = self.repository.actions(session_id)
        self.log.setText("\n".join(action_text(a) for a in actions) or "Nothing was logged.")
        # showing what is stored is not an edit: nothing may be written back
        with QSignalBlocker(self.session_effort), QSignalBlocker(self.notes):
            self.session_effort.set_effort(session.session_rpe)
            self.notes.setPlainText(session.notes)
        self._notes_dirty = False
        self.saved_line.setText("")
        return True

    def set_hill_details(self, lookup: Callable[[str], str | None] | None) -> None:
        """Describe hills with `lookup(name)` (None: the name only); shows at the next load
        (and now, if a session is shown)."""
        self.hill_details = lookup
        if self.session is not None:
            self.subtitle.setText(self._subtitle())

    def _subtitle(self) -> str:
        session = self.session
        assert session is not None
        duration = (
            "not finished" if session.duration_s is None else format_duration(session.duration_s)
        )
        hill = f"{hill_text(session.hill, self.hill_details)}  ·  " if session.hill else ""
        return (
            f"{hill}{session.reps_done} of {session.plan.rep_count} reps done  ·  "
            f"{STATUS_WORDS[session.status]}  ·  active time {duration}"
        )

    def _fill_reps(self, reps: list[StoredRep]) -> None:
        self.reps.setRowCount(0)
        self.effort_boxes = []
        self.reps.setRowCount(len(reps))
        previous: QWidget = self.back_button
        for row, rep in enumerate(reps):
            for column, text in (
                (COL_REP, str(rep.number)),
                (COL_SPRINT, sprint_text(rep)),
                (COL_WALK, walk_text(rep)),
                (COL_STATUS, status_text(rep.status)),
            ):
                self.reps.setItem(row, column, QTableWidgetItem(text))
            box = RepEffortBox(rep.number)
            box.set_effort(rep.effort)
            box.currentIndexChanged.connect(lambda _i, b=box: self._rep_effort_chosen(b))
            self.reps.setCellWidget(row, COL_EFFORT, box)
            self.effort_boxes.append(box)
            QWidget.setTabOrder(previous, box)
            previous = box
        for widget in (self.session_effort, self.notes, self.delete_button):
            QWidget.setTabOrder(previous, widget)
            previous = widget

    def focus_first(self) -> None:
        (self.effort_boxes[0] if self.effort_boxes else self.session_effort).setFocus()

    # -- edits ---------------------------------------------------------------------------

    def _rep_effort_chosen(self, box: RepEffortBox) -> None:
        if self.session is None:
            return
        self.repository.set_rep_effort(self.session.id, box.rep, box.effort())
        self._saved(f"Rep {box.rep} effort saved.")

    def _session_effort_chosen(self) -> None:
        if self.session is None:
            return
        self.repository.update_session(self.session.id, session_rpe=self.session_effort.effort())
        self._saved("Session effort saved.")

    def _notes_typed(self) -> None:
        self._notes_dirty = True
        self.notes_timer.start()

    def save_notes(self) -> None:
        """Write the notes now if they were edited (the timer does it 0.5 s after typing)."""
        self.notes_timer.stop()
        if not self._notes_dirty or self.session is None:
            return
        self._notes_dirty = False
        self.repository.update_session(self.session.id, notes=self.notes.toPlainText())
        self._saved("Notes saved.")

    def _saved(self, text: str) -> None:
        self.saved_line.setText(text)
        if self.session is not None:
            self.changed.emit(self.session.id)

    # -- leaving -------------------------------------------------------------------------

    def close_detail(self) -> None:
        if self.delete_question.is_open():
            return
        self.save_notes()
        self.closed.emit()

    def ask_delete(self) -> None:
        if self.session is None or self.delete_question.is_open():
            return
        self.save_notes()
        moment = datetime.fromisoformat(self.session.started_at)
        self.delete_question.ask(
            "Delete this session?",
            f"Delete {self.session.plan.name} of {moment_text(moment)} with its reps?\n\n"
            "You can undo it for a few seconds afterwards.",
            self._delete_answered,
            warning=True,
            yes_text="Delete",
            no_text="Keep",
        )

    def _delete_answered(self, yes: bool) -> None:
        if yes and self.session is not None:
            session_id = self.session.id
            self.session = None
            self.deleteRequested.emit(session_id)
        else:
            self.delete_button.setFocus()


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionLabel")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return label
