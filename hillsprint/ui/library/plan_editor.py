"""The plan editor: one plan's fields and reps, a live timeline, and Save only when valid.

Every value is checked the way a plan file is checked: the editor builds the plan-file object
(`Plan.to_json` shape) from what is on screen and runs it through `plan_from_json`, so the
editor can never save a plan that a plan file could not hold, and its messages are the plan
file's messages (`warmup_s: 9000 is over the limit of 7200 s` becomes "Warm-up: 9000 is over
the limit of 7200 s", shown next to the field). Each field is checked on its own, so every
problem is marked at once, not only the first. A rep with a problem is marked in its row (✗
beside the rep number, the cell tinted and the reason under the table). A name that an own plan
or a built-in plan already has is refused at the name field, as `PlanLibrary` would.

Times are typed as seconds (`90`, `7.5`) or minutes:seconds (`1:30`, `10:00`).

Keys: Tab moves through the fields, Enter in a field saves (when valid; otherwise it goes to
the first problem), Ctrl+S saves, Esc cancels (asking first when something changed; Esc in
the quick-pattern form only closes the form). In the reps table: type to edit a cell, Enter
to finish, Space on "Walk-down" switches timed / manual, Ctrl+Up / Ctrl+Down move the rep,
Insert adds, Delete removes.

The parts live beside this module: `plan_editor_text` (times as text and the checks, no Qt),
`rep_table` (the reps model), `plan_timeline` (the preview) and `pattern_form` (quick patterns).
"""

from __future__ import annotations

import itertools
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import (
    DEFAULT_COOLDOWN_S,
    DEFAULT_GET_READY_S,
    DEFAULT_WARMUP_S,
    MAX_REPS,
    Plan,
    PlanError,
    plan_from_json,
)
from hillsprint.core.presets import PRESETS
from hillsprint.storage.errors import StorageError
from hillsprint.storage.library import LibraryError, NameClashError
from hillsprint.ui.common.confirm import ask_yes_no
from hillsprint.ui.common.look import (
    BACKGROUND,
    BUTTONS_CSS,
    FIELDS_CSS,
    FOCUS,
    PROBLEM,
    TABLE_HEADER_CSS,
    TEXT,
    set_flag,
)
from hillsprint.ui.common.plan_timeline import PlanTimeline
from hillsprint.ui.library.pattern_form import (
    PATTERN_LADDER,
    PATTERN_PYRAMID,
    PATTERN_REPEAT,
    PATTERN_TITLES,
    PatternForm,
)
from hillsprint.ui.library.plan_rules import (
    COL_KIND,
    COL_REP,
    COL_SPRINT,
    COL_WALK,
    TIME_HINT,
    BadTime,
    RepRow,
    field_problem,
    locate,
    rep_cell_problems,
    rep_json,
    seconds_text,
    time_json,
    time_value,
)
from hillsprint.ui.library.rep_table import RepTableModel

EDITOR_STYLE = f"""
QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: 20px; }}
QLabel#editorTitle {{ font-size: 30px; font-weight: 700; }}
QLabel#sectionLabel {{ font-size: 22px; font-weight: 700; }}
QLabel#fieldError, QLabel#repsError, QLabel#patternError {{
    color: {PROBLEM}; font-weight: 700; font-size: 18px; }}
QLabel#saveState {{ font-size: 18px; }}
QLabel#saveState[problem="true"] {{ color: {PROBLEM}; font-weight: 700; }}
QLabel#totalTime {{ font-size: 26px; font-weight: 700; }}
QLabel#timelineText {{ font-size: 19px; }}
QLabel#stale {{ font-size: 17px; color: {PROBLEM}; font-weight: 700; }}
{FIELDS_CSS}
QTableView#repTable {{ border: 2px solid {TEXT}; gridline-color: #595959;
    selection-background-color: {TEXT}; selection-color: {BACKGROUND}; }}
QTableView#repTable:focus {{ border: 4px solid {FOCUS}; }}
QTableView#repTable[problem="true"] {{ border: 3px solid {PROBLEM}; }}
QTableView#repTable[problem="true"]:focus {{ border: 4px solid {FOCUS}; }}
QTableView#repTable QLineEdit {{ border: 2px solid {FOCUS}; padding: 0 4px; }}
QTableView#repTable::indicator {{ width: 22px; height: 22px; }}
{TABLE_HEADER_CSS}
{BUTTONS_CSS}
QPushButton#saveButton {{ font-size: 24px; font-weight: 700; padding: 8px 22px;
    color: #ffffff; background: {FOCUS}; border: 3px solid {TEXT}; }}
QPushButton#saveButton:focus {{ border: 6px solid #ff9f1c; }}
QPushButton#saveButton:disabled {{ color: #404040; background: #e6e6e6;
    border: 3px dashed #404040; }}
QFrame#patternForm {{ border: 3px solid {TEXT}; background: #f2f2f2; }}
QFrame#patternForm QLabel, QFrame#patternForm QWidget#patternRow {{ background: #f2f2f2; }}
QFrame#timelineFrame {{ border: 2px solid {TEXT}; }}
"""

# Field keys are the plan-file keys (what PlanError messages start with).
FIELD_LABELS = {
    "name": "Name",
    "description": "Description",
    "source": "Source",
    "warmup_s": "Warm-up",
    "get_ready_s": "Get ready",
    "cooldown_s": "Cool-down",
    "reps": "Reps",
}
TIME_FIELDS = ("warmup_s", "get_ready_s", "cooldown_s")
_TIMING_KEYS = (*TIME_FIELDS, "reps")
_REP_SUB_COLUMN = {"sprint_s": COL_SPRINT, "recovery_s": COL_WALK, "min_recovery_s": COL_WALK,
                   "recovery": COL_KIND}  # fmt: skip
_EMPTY_GOT = re.compile(r", got '\s*'$")  # "must not be empty, got '  '": say less


# -- the editor ------------------------------------------------------------------------------


class PlanEditor(QWidget):
    """Edits one plan: `load(plan, plan_id)` (plan None: a new, empty plan).

    With a `library` (a `hillsprint.storage.library.PlanLibrary`), Save stores the plan there
    (`save_new`, or `update(plan_id)` for an own plan) and names taken by an own plan or a
    preset are refused at the name field. Without one, Save only emits `saved`.

    Signals: `saved(Plan)` after a successful save (`plan_id` then holds the stored id),
    `cancelled()` when the runner leaves without saving (after confirming lost changes).
    """

    saved = Signal(object)  # Plan, as stored
    cancelled = Signal()

    def __init__(self, library=None, plan: Plan | None = None, plan_id: int | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("planEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(EDITOR_STYLE)
        self.library = library
        self.plan_id: int | None = None
        # a new plan's lead-in: the runner's setting (Settings.get_ready_s) when the owner sets it
        self.default_get_ready_s: float = DEFAULT_GET_READY_S
        self.confirm_cancel: QMessageBox | None = None
        self._candidate: Plan | None = None
        self._problems: dict[str, str] = {}
        self._initial: tuple = ()
        self._loading = False

        self.title = QLabel("New plan")
        self.title.setObjectName("editorTitle")

        # plan fields
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Hill power, 6 reps")
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("Optional: what the session is for, how to run it")
        self.description.setFixedHeight(64)
        self.source = QLineEdit()
        self.source.setPlaceholderText("Optional: where the plan comes from")
        self.warmup = QLineEdit()
        self.get_ready = QLineEdit()
        self.cooldown = QLineEdit()
        self.fields: dict[str, QWidget] = {
            "name": self.name,
            "description": self.description,
            "source": self.source,
            "warmup_s": self.warmup,
            "get_ready_s": self.get_ready,
            "cooldown_s": self.cooldown,
        }
        self.field_errors: dict[str, QLabel] = {}
        for key, widget in self.fields.items():
            widget.setAccessibleName(FIELD_LABELS[key])
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            self.field_errors[key] = error
            widget.textChanged.connect(self._edited)
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.save)  # Enter saves (or shows the problem)
        for edit, tip in (
            (self.warmup, "Easy running before the first sprint; 0 for none. " + TIME_HINT),
            (self.get_ready, "Lead-in before the first sprint and after each manual walk-down"),
            (self.cooldown, "Easy running after the last sprint; 0 for none. " + TIME_HINT),
        ):
            edit.setToolTip(tip)
            edit.setMaximumWidth(120)

        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        row = 0
        for key in ("name", "description", "source"):
            label = QLabel(f"&{FIELD_LABELS[key]}")
            label.setBuddy(self.fields[key])
            align = Qt.AlignmentFlag.AlignTop if key == "description" else Qt.AlignmentFlag(0)
            form.addWidget(label, row, 0, align)
            form.addWidget(self.fields[key], row, 1, 1, 6)
            form.addWidget(self.field_errors[key], row + 1, 1, 1, 6)
            row += 2
        for column, (key, text) in enumerate(
            (("warmup_s", "&Warm-up"), ("get_ready_s", "&Get ready"), ("cooldown_s", "C&ool-down"))
        ):
            label = QLabel(text)
            label.setBuddy(self.fields[key])
            form.addWidget(label, row, column * 2)
            form.addWidget(self.fields[key], row, column * 2 + 1)
        times_errors = QVBoxLayout()
        times_errors.setSpacing(0)
        for key in TIME_FIELDS:
            times_errors.addWidget(self.field_errors[key])
        form.addLayout(times_errors, row + 1, 0, 1, 7)
        form.setColumnStretch(6, 1)

        # reps
        self.model = RepTableModel(self)
        self.model.edited.connect(self._edited)
        self.table = QTableView()
        self.table.setObjectName("repTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Reps")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_REP, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(70)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.reps_label = QLabel("&Reps")
        self.reps_label.setObjectName("sectionLabel")
        self.reps_label.setBuddy(self.table)
        self.reps_error = QLabel()
        self.reps_error.setObjectName("repsError")
        self.reps_error.setWordWrap(True)
        self.reps_error.hide()

        self.add_button = QPushButton("&Add")
        self.add_button.setToolTip("Add a copy of the selected rep after it (Insert)")
        self.add_button.clicked.connect(self.add_rep)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected rep (Delete)")
        self.remove_button.clicked.connect(self.remove_rep)
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Move the selected rep one place earlier (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_rep(-1))
        self.down_button = QPushButton("Move dow&n")
        self.down_button.setToolTip("Move the selected rep one place later (Ctrl+Down)")
        self.down_button.clicked.connect(lambda: self.move_rep(+1))
        self.repeat_count = QSpinBox()
        self.repeat_count.setRange(2, MAX_REPS)
        self.repeat_count.setValue(2)
        self.repeat_count.setPrefix("× ")
        self.repeat_count.setAccessibleName("Times")
        self.repeat_button = QPushButton("Re&peat")
        self.repeat_button.setToolTip("The selected rep appears this many times in a row")
        self.repeat_button.clicked.connect(lambda: self.repeat_rep(self.repeat_count.value()))
        rep_buttons = QHBoxLayout()
        rep_buttons.addWidget(self.reps_label)
        rep_buttons.addStretch(1)
        for widget in (self.add_button, self.remove_button, self.up_button, self.down_button,
                       self.repeat_button, self.repeat_count):  # fmt: skip
            rep_buttons.addWidget(widget)

        self.pattern_buttons: dict[str, QPushButton] = {}
        patterns = QHBoxLayout()
        patterns.addWidget(QLabel("Quick patterns:"))
        for kind, text in (
            (PATTERN_REPEAT, "N × sprint/&rest…"),
            (PATTERN_PYRAMID, "P&yramid…"),
            (PATTERN_LADDER, "&Ladder…"),
        ):
            button = QPushButton(text)
            button.setToolTip(PATTERN_TITLES[kind] + " (replaces the reps)")
            button.clicked.connect(lambda _checked=False, k=kind: self.open_pattern(k))
            self.pattern_buttons[kind] = button
            patterns.addWidget(button)
        patterns.addStretch(1)
        self.pattern_form = PatternForm()
        self.pattern_form.applied.connect(self._pattern_applied)
        self.pattern_form.closed.connect(lambda: self.pattern_buttons[self.pattern_form.kind]
                                         .setFocus())  # fmt: skip

        # preview and buttons
        self.timeline = PlanTimeline()
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        self.save_state.setWordWrap(True)
        self.message = self.save_state
        self.cancel_button = QPushButton("Cancel  (Esc)")
        self.cancel_button.clicked.connect(self.request_cancel)
        self.save_button = QPushButton("&Save  (Ctrl+S)")
        self.save_button.setObjectName("saveButton")
        self.save_button.clicked.connect(self.save)

        left = QVBoxLayout()
        left.setSpacing(6)
        left.addLayout(form)
        left.addLayout(rep_buttons)
        left.addWidget(self.table, 1)
        left.addWidget(self.reps_error)
        left.addLayout(patterns)
        left.addWidget(self.pattern_form)
        right = QVBoxLayout()
        preview = QLabel("Timeline")
        preview.setObjectName("sectionLabel")
        right.addWidget(preview)
        right.addWidget(self.timeline, 1)
        right.addWidget(self.save_state)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)

        order = [self.name, self.description, self.source, self.warmup, self.get_ready,
                 self.cooldown, self.table, self.add_button, self.remove_button, self.up_button,
                 self.down_button, self.repeat_button, self.repeat_count,
                 *self.pattern_buttons.values(), self.cancel_button, self.save_button]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._shortcut(QKeySequence.StandardKey.Save, self.save)
        self._shortcut(QKeySequence(Qt.Key.Key_Insert), self.add_rep, self.table)
        self._shortcut(QKeySequence(Qt.Key.Key_Delete), self.remove_rep, self.table)
        self._shortcut(QKeySequence("Ctrl+Up"), lambda: self.move_rep(-1), self.table)
        self._shortcut(QKeySequence("Ctrl+Down"), lambda: self.move_rep(+1), self.table)
        self.setFocusProxy(self.name)
        self.load(plan, plan_id)

    # -- loading ----------------------------------------------------------------------------

    def load(self, plan: Plan | None = None, plan_id: int | None = None, *,
             title: str | None = None) -> None:  # fmt: skip
        """Show `plan` for editing (None: a new plan with the usual warm-up, get-ready and
        cool-down and one rep). `plan_id` is the own plan that Save replaces (None: Save adds
        a new own plan)."""
        self._loading = True
        self.plan_id = plan_id
        self.pattern_form.hide()
        if plan is None:
            self.name.setText("")
            self.description.setPlainText("")
            self.source.setText("")
            self.warmup.setText(seconds_text(DEFAULT_WARMUP_S))
            self.get_ready.setText(seconds_text(self.default_get_ready_s))
            self.cooldown.setText(seconds_text(DEFAULT_COOLDOWN_S))
            rows = [RepRow("10", "2:00")]
        else:
            self.name.setText(plan.name)
            self.description.setPlainText(plan.description)
            self.source.setText(plan.source)
            self.warmup.setText(seconds_text(plan.warmup_s))
            self.get_ready.setText(seconds_text(plan.get_ready_s))
            self.cooldown.setText(seconds_text(plan.cooldown_s))
            rows = [RepRow.from_spec(rep) for rep in plan.reps]
        self.model.set_rows(rows)
        self._loading = False
        if title is None:
            title = "New plan" if plan_id is None else f"Edit plan: {plan.name if plan else ''}"
        self.title.setText(title)
        self._initial = self._snapshot()
        self.timeline.set_plan(None)
        self.validate()
        self.table.selectRow(0)
        self.name.setFocus()

    # -- reading --------------------------------------------------------------------------

    def candidate(self) -> dict:
        """The plan-file object the fields make; times that cannot be read are left as text
        (so `plan_from_json` refuses them)."""
        data: dict = {"name": self.name.text()}
        if self.description.toPlainText():
            data["description"] = self.description.toPlainText()
        if self.source.text():
            data["source"] = self.source.text()
        for key in TIME_FIELDS:
            data[key] = time_json(self.fields[key].text())
        data["reps"] = [rep_json(row) for row in self.model.rows()]
        return data

    def candidate_plan(self) -> Plan | None:
        """The plan on screen, or None while anything is invalid."""
        return self._candidate

    def is_valid(self) -> bool:
        return self._candidate is not None

    def problems(self) -> dict[str, str]:
        """Every problem: field key (plan-file key; "reps[2]" for a rep) -> reason."""
        return dict(self._problems)

    def field_error(self, key: str) -> str:
        """The message shown at a field ("" when it is fine)."""
        label = self.field_errors.get(key) or (self.reps_error if key == "reps" else None)
        return label.text() if label is not None and not label.isHidden() else ""

    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def _snapshot(self) -> tuple:
        return (
            self.name.text(),
            self.description.toPlainText(),
            self.source.text(),
            *(self.fields[key].text() for key in TIME_FIELDS),
            tuple(self.model.rows()),
        )

    # -- validation -----------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._loading:
            self.validate()

    def validate(self) -> bool:
        """Check every field (each through `plan_from_json`), mark the problems, update the
        timeline and the Save button. True when the plan can be saved."""
        problems: dict[str, str] = {}
        rep_problems: dict[int, dict[int, str]] = {}
        data = self.candidate()

        for key in ("name", "description", "source"):
            if key in data:
                reason = field_problem(**{key: data[key]})
                if reason:
                    problems[key] = _EMPTY_GOT.sub("", reason) if key == "name" else reason
        for key in TIME_FIELDS:
            value = time_value(self.fields[key].text())
            reason = value.reason if isinstance(value, BadTime) else field_problem(**{key: value})
            if reason:
                problems[key] = reason
        for index, row in enumerate(self.model.rows()):
            cells = rep_cell_problems(row)
            if cells:
                rep_problems[index] = cells
                problems[f"reps[{index}]"] = "; ".join(cells.values())
        if "name" not in problems and (clash := self._name_clash(data["name"])):
            problems["name"] = clash
        preview = plan = None
        if not rep_problems and not any(key in problems for key in TIME_FIELDS):
            # the timeline needs only the times and reps: it stays live while the name is off
            timing = {key: value for key, value in data.items() if key in _TIMING_KEYS}
            preview = self._checked({**timing, "name": "preview"}, problems, rep_problems)
        if preview is not None and not problems:
            plan = self._checked(data, problems, rep_problems)

        self._problems = problems
        self._candidate = plan if not problems else None
        for key, widget in self.fields.items():
            reason = problems.get(key, "")
            set_flag(widget, "problem", bool(reason))
            label = self.field_errors[key]
            label.setText(f"✗ {FIELD_LABELS[key]}: {reason}" if reason else "")
            label.setVisible(bool(reason))
        self.model.set_problems(rep_problems)
        self._show_reps_problems(problems.get("reps", ""), rep_problems)
        self._show_save_state()
        if preview is not None:
            self.timeline.set_plan(self._candidate or preview)
        else:
            self.timeline.stale.setVisible(True)  # the last good timeline stays, marked
        self._update_buttons()
        return self._candidate is not None

    @staticmethod
    def _checked(data: dict, problems: dict, rep_problems: dict) -> Plan | None:
        """plan_from_json(data), or None with its error put where it belongs (in practice
        only the list as a whole: empty, or more than 99 reps)."""
        try:
            return plan_from_json(data)
        except PlanError as exc:
            key, index, sub, reason = locate(str(exc))
            if index is not None:
                rep_problems[index] = {_REP_SUB_COLUMN.get(sub or "", COL_REP): reason}
                problems[f"reps[{index}]"] = reason
            else:
                problems[key if key in FIELD_LABELS else "reps"] = reason
            return None

    def _name_clash(self, name: str) -> str:
        """Why `name` cannot be this plan's name in the library ("" when it can)."""
        if self.library is None:
            return ""
        folded = name.strip().casefold()
        for preset in PRESETS.values():
            if preset.name.casefold() == folded:
                return f"{preset.name!r} is the name of a built-in plan; choose another name"
        try:
            entry = self.library.find(name)
        except StorageError:
            return ""  # Save will say what is wrong with the database
        if entry is not None and entry.id != self.plan_id:
            return f"an own plan called {entry.name!r} already exists; choose another name"
        return ""

    def _show_reps_problems(self, whole: str, rows: dict[int, dict[int, str]]) -> None:
        lines = [f"✗ Reps: {whole}"] if whole else []
        for index, cells in list(rows.items())[:3]:
            lines.append(f"✗ Rep {index + 1}: " + "; ".join(cells.values()))
        if len(rows) > 3:
            lines.append(f"… and {len(rows) - 3} more reps marked ✗")
        self.reps_error.setText("\n".join(lines))
        self.reps_error.setVisible(bool(lines))
        set_flag(self.table, "problem", bool(lines))

    def _show_save_state(self) -> None:
        count = len(self._problems)
        if count:
            text = (
                f"Save is off: fix the {'problem' if count == 1 else f'{count} problems'} marked ✗."
            )
        else:
            text = "Ready to save." if self.is_dirty() or self.plan_id is None else "No changes."
        self.save_state.setText(text)
        set_flag(self.save_state, "problem", bool(bool(count)))
        self.save_button.setEnabled(not count)

    # -- saving and leaving ---------------------------------------------------------------

    def save(self) -> bool:
        """Store the plan (with a library) and emit `saved`; when something is invalid, go to
        the first problem instead. True when saved."""
        if self.confirm_cancel is not None:
            return False
        if not self.validate():
            self.focus_first_problem()
            return False
        plan = self._candidate
        if self.library is not None:
            try:
                if self.plan_id is None:
                    entry = self.library.save_new(plan)
                else:
                    entry = self.library.update(self.plan_id, plan)
            except NameClashError as exc:
                self._say_at("name", str(exc))
                return False
            except (LibraryError, StorageError) as exc:
                self.save_state.setText(f"Not saved: {exc}")
                self.save_state.setProperty("problem", True)
                self.save_state.style().polish(self.save_state)
                return False
            self.plan_id = entry.id
            plan = entry.plan
        self._initial = self._snapshot()
        self.title.setText(f"Edit plan: {plan.name}")
        self._show_save_state()
        self.saved.emit(plan)
        return True

    def _say_at(self, key: str, reason: str) -> None:
        self._problems[key] = reason
        self._candidate = None
        set_flag(self.fields[key], "problem", True)
        self.field_errors[key].setText(f"✗ {FIELD_LABELS[key]}: {reason}")
        self.field_errors[key].show()
        self._show_save_state()
        self.fields[key].setFocus()

    def focus_first_problem(self) -> None:
        for key, widget in self.fields.items():
            if key in self._problems:
                widget.setFocus()
                return
        rows = sorted(self.model.problems())
        if rows:
            column = min(self.model.problems()[rows[0]])
            self.table.setCurrentIndex(self.model.index(rows[0], max(column, COL_SPRINT)))
        self.table.setFocus()

    def request_cancel(self) -> None:
        """Leave without saving: at once when nothing changed, else after a Yes to "Discard
        your changes?" (non-blocking; No, the default, keeps editing)."""
        if self.confirm_cancel is not None:
            return
        if not self.is_dirty():
            self.cancelled.emit()
            return
        name = self.name.text().strip() or "this plan"
        self.confirm_cancel = ask_yes_no(
            self,
            "Discard your changes?",
            f"Your changes to {name!r} are not saved. Discard them?\n\nEnter or Esc: keep editing",
            self._cancel_answered,
            warning=True,
            yes_text="Discard changes",
            no_text="Keep editing",
        )

    def _cancel_answered(self, yes: bool) -> None:
        self.confirm_cancel = None
        if yes:
            self._initial = self._snapshot()
            self.cancelled.emit()
        else:
            self.setFocus()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.request_cancel()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # a field's Enter saves (returnPressed); never a dialog's button
            return
        super().keyPressEvent(event)

    # -- the rep list ---------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            column = max(self.table.currentIndex().column(), COL_SPRINT)
            self.table.setCurrentIndex(self.model.index(row, column))
            self.table.selectRow(row)

    def add_rep(self) -> None:
        """Insert a copy of the selected rep after it (or of the last rep)."""
        rows = self.model.rows()
        if len(rows) >= MAX_REPS:
            return
        row = self.current_row() if self.current_row() >= 0 else len(rows) - 1
        new = rows[row] if rows else RepRow("10", "2:00")
        self.model.insert(row + 1, [new])
        self.select_row(row + 1)

    def remove_rep(self) -> None:
        row = self.current_row()
        if row < 0 or self.model.rowCount() <= 1:
            return
        self.model.remove(row)
        self.select_row(min(row, self.model.rowCount() - 1))

    def move_rep(self, delta: int) -> None:
        row = self.current_row()
        if row < 0 or not 0 <= row + delta < self.model.rowCount():
            return
        self.model.move(row, delta)
        self.select_row(row + delta)

    def repeat_rep(self, times: int) -> None:
        """The selected rep appears `times` times in a row (the copies after it), as far as
        the limit of 99 reps allows."""
        row = self.current_row()
        if row < 0:
            return
        times = min(times, MAX_REPS - self.model.rowCount() + 1)
        if times > 1:
            self.model.insert(row + 1, [self.model.rows()[row]] * (times - 1))
        self.select_row(row)

    def set_reps(self, reps) -> None:
        """Replace the reps (RepSpec or RepRow items)."""
        self.model.set_rows([r if isinstance(r, RepRow) else RepRow.from_spec(r) for r in reps])
        self.select_row(0)

    def open_pattern(self, kind: str) -> None:
        self.pattern_form.open_pattern(kind)

    def _pattern_applied(self, reps) -> None:
        self.set_reps(reps)
        self.table.setFocus()

    def _update_buttons(self, *_args) -> None:
        count = self.model.rowCount()
        row = self.current_row()
        self.add_button.setEnabled(count < MAX_REPS)
        self.remove_button.setEnabled(row >= 0 and count > 1)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.repeat_button.setEnabled(row >= 0 and count < MAX_REPS)
        self.repeat_count.setMaximum(max(2, MAX_REPS - count + 1))

    def _shortcut(self, keys: QKeySequence, slot, widget: QWidget | None = None) -> None:
        shortcut = QShortcut(keys, widget or self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)


__all__ = ["EDITOR_STYLE", "PlanEditor"]
