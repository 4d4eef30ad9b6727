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

The parts live beside this module: `plan_fields.PlanFields` (the fields), `rep_list.RepList`
(the reps table, its buttons and the quick patterns), `plan_rules` (times as text and
`check_draft`, no Qt) and `common.plan_timeline` (the preview). Whether a name is taken is the
library's rule (`PlanLibrary.name_problem`), asked as the runner types.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hillsprint.core.plan import DEFAULT_GET_READY_S, Plan
from hillsprint.storage.errors import StorageError
from hillsprint.storage.library_errors import LibraryError, NameClashError
from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.look import (
    style_sheet,
)
from hillsprint.ui.common.plan_timeline import PlanTimeline
from hillsprint.ui.common.widgets import MessageLine
from hillsprint.ui.library.plan_fields import PlanFields
from hillsprint.ui.library.plan_rules import RepRow, check_draft
from hillsprint.ui.library.rep_list import NEW_REP, RepList

EDITOR_STYLE = style_sheet("editor")


# -- the editor ------------------------------------------------------------------------------


class PlanEditor(QWidget):
    """Edits one plan: `load(plan, plan_id)` (plan None: a new, empty plan).

    With a `library` (a `hillsprint.storage.plans.PlanLibrary`), Save stores the plan there
    (`save_new`, or `update(plan_id)` for an own plan) and names taken by an own plan or a
    preset are refused at the name field (`PlanLibrary.name_problem`). Without one, Save only
    emits `saved`.

    Signals: `saved(Plan)` after a successful save (`plan_id` then holds the stored id),
    `cancelled()` when the runner leaves without saving (after confirming lost changes).
    """

    saved = Signal(object)  # Plan, as stored
    cancelled = Signal()

    def __init__(
        self,
        library=None,
        plan: Plan | None = None,
        plan_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(EDITOR_STYLE)
        self.library = library
        self.plan_id: int | None = None
        # a new plan's lead-in: the runner's setting (Settings.get_ready_s) when the owner sets it
        self.default_get_ready_s: float = DEFAULT_GET_READY_S
        self.question = Question(self)
        self._candidate: Plan | None = None
        self._problems: dict[str, str] = {}
        self._initial: tuple = ()

        self.title = QLabel("New plan")
        self.title.setObjectName("editorTitle")
        self.plan_fields = PlanFields()
        self.plan_fields.edited.connect(self.validate)
        self.plan_fields.submitted.connect(self.save)  # Enter saves (or shows the problem)
        self.rep_list = RepList()
        self.rep_list.edited.connect(self.validate)
        self.timeline = PlanTimeline()
        self.save_state = MessageLine("saveState")
        self.cancel_button = QPushButton("Cancel  (Esc)")
        self.cancel_button.clicked.connect(self.request_cancel)
        self.save_button = QPushButton("&Save  (Ctrl+S)")
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self._lay_out()

        order = [
            *self.plan_fields.tab_order(),
            *self.rep_list.tab_order(),
            self.cancel_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        self.setFocusProxy(self.plan_fields)
        self.load(plan, plan_id)

    def _lay_out(self) -> None:
        """Fields and reps on the left; the timeline, the save state and the buttons right."""
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.plan_fields)
        left.addWidget(self.rep_list, 1)
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

    # -- loading ----------------------------------------------------------------------------

    def load(
        self, plan: Plan | None = None, plan_id: int | None = None, *, title: str | None = None
    ) -> None:
        """Show `plan` for editing (None: a new plan with the usual warm-up, get-ready and
        cool-down and one rep). `plan_id` is the own plan that Save replaces (None: Save adds
        a new own plan)."""
        self.plan_id = plan_id
        rows = [NEW_REP] if plan is None else [RepRow.from_spec(rep) for rep in plan.reps]
        # one check once everything is in, not one per field filled
        with QSignalBlocker(self.plan_fields), QSignalBlocker(self.rep_list):
            self.plan_fields.show_plan(plan, self.default_get_ready_s)
            self.rep_list.set_rows(rows)
        if title is None:
            title = "New plan" if plan_id is None else f"Edit plan: {plan.name if plan else ''}"
        self.title.setText(title)
        self._initial = self._snapshot()
        self.timeline.set_plan(None)
        self.validate()
        self.rep_list.table.selectRow(0)
        self.plan_fields.name.setFocus()

    # -- reading --------------------------------------------------------------------------

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
        errors = self.plan_fields.field_errors
        label = errors.get(key) or (self.rep_list.error if key == "reps" else None)
        return label.text() if label is not None and not label.isHidden() else ""

    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def _snapshot(self) -> tuple:
        return (*self.plan_fields.texts().values(), tuple(self.rep_list.rows()))

    # -- validation -----------------------------------------------------------------------

    def validate(self) -> bool:
        """Check every field (`plan_rules.check_draft`), mark the problems, update the
        timeline and the Save button. True when the plan can be saved."""
        found = check_draft(self.plan_fields.texts(), self.rep_list.rows(), self._name_problem)
        self._problems = found.problems
        self._candidate = found.plan if not found.problems else None
        self.plan_fields.show_problems(found.problems)
        self.rep_list.show_problems(found.problems.get("reps", ""), found.rep_cells)
        self._show_save_state()
        if found.preview is not None:
            self.timeline.set_plan(self._candidate or found.preview)
        else:
            self.timeline.stale.setVisible(True)  # the last good timeline stays, marked
        self.rep_list.update_buttons()
        return self._candidate is not None

    def _name_problem(self, name: str) -> str:
        """Why the library will not take `name` for this plan ("" when it will, or when there
        is no library)."""
        if self.library is None:
            return ""
        try:
            return self.library.name_problem(name, self.plan_id)
        except StorageError:
            return ""  # Save will say what is wrong with the database

    def _show_save_state(self) -> None:
        count = len(self._problems)
        if count:
            text = (
                f"Save is off: fix the {'problem' if count == 1 else f'{count} problems'} marked ✗."
            )
        else:
            text = "Ready to save." if self.is_dirty() or self.plan_id is None else "No changes."
        self.save_state.say(text, ok=not count)
        self.save_button.setEnabled(not count)

    # -- saving and leaving ---------------------------------------------------------------

    def save(self) -> bool:
        """Store the plan (with a library) and emit `saved`; when something is invalid, go to
        the first problem instead. True when saved."""
        if self.question.is_open():
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
                return self.save_state.say(f"Not saved: {exc}", ok=False)
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
        self.plan_fields.show_problems(self._problems)
        self._show_save_state()
        self.plan_fields.fields[key].setFocus()

    def focus_first_problem(self) -> None:
        if not self.plan_fields.focus_first(self._problems):
            self.rep_list.focus_first_problem()

    def request_cancel(self) -> None:
        """Leave without saving: at once when nothing changed, else after a Yes to "Discard
        your changes?" (non-blocking; No, the default, keeps editing)."""
        if self.question.is_open():
            return
        if not self.is_dirty():
            self.cancelled.emit()
            return
        name = self.plan_fields.name.text().strip() or "this plan"
        self.question.ask(
            "Discard your changes?",
            f"Your changes to {name!r} are not saved. Discard them?\n\nEnter or Esc: keep editing",
            self._cancel_answered,
            warning=True,
            yes_text="Discard changes",
            no_text="Keep editing",
        )

    def _cancel_answered(self, yes: bool) -> None:
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
