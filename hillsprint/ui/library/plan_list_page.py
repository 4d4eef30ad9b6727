"""The plan library's list page: the runner's own plans, then the built-in ones, with the
chosen plan shown beside the list as the start screen would show it (name, kind, description,
timeline, source), the buttons for what can be done with it, and the message line.

The page shows; the dialog acts. `show_entries` fills the list, the buttons are the dialog's to
connect, and the page enables only those that apply to the chosen plan (a preset cannot be
edited or deleted, a broken own plan can only be deleted).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.hill import name_key
from hillsprint.core.plan import Plan
from hillsprint.core.presets import PRESETS
from hillsprint.storage.plans import PlanEntry
from hillsprint.ui.common.look import set_flag
from hillsprint.ui.common.plan_timeline import PlanTimeline
from hillsprint.ui.common.widgets import MessageLine

PRESET, OWN = "preset", "own"
HINT = (
    "Built-in plans are read-only: Duplicate one to change your own copy. "
    "Your plans are kept in your HillSprint data."
)
READ_ONLY_TIPS = (
    ("edit_button", "Built-in plans are read-only: Duplicate to edit a copy"),
    ("delete_button", "Built-in plans cannot be deleted"),
)


@dataclass(frozen=True)
class ListedPlan:
    """What a list row stands for: a preset (`key` = preset id) or an own plan (`key` = id).
    `plan` is None for a broken own plan; `problem` says why."""

    kind: str
    key: str | int
    name: str
    plan: Plan | None
    problem: str = ""

    @property
    def own(self) -> bool:
        return self.kind == OWN


def listed_own_plan(entry: PlanEntry) -> ListedPlan:
    return ListedPlan(OWN, entry.id, entry.name, entry.plan, entry.problem)


class PlanListPage(QWidget):
    """The list, the chosen plan's details, the buttons and the message line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices: list[ListedPlan] = []
        self.list = QListWidget()
        self.list.setObjectName("planList")
        self.list.setAccessibleName("Plans")
        self.list.currentRowChanged.connect(self.show_current)
        self.new_button = QPushButton("&New")
        self.duplicate_button = QPushButton("Dupli&cate")
        self.edit_button = QPushButton("&Edit")
        self.delete_button = QPushButton("&Delete")
        self.import_button = QPushButton("&Import plan file…")
        self.export_button = QPushButton("E&xport plan file…")
        self.close_button = QPushButton("Close  (Esc)")
        self.use_button = QPushButton("&Use this plan")
        self.use_button.setObjectName("useButton")
        self.use_button.setProperty("primary", True)
        self.message = MessageLine("libraryMessage", mark_problems=True)
        # the chosen plan, as the start screen would show it
        self.plan_name = _label("planName")
        self.plan_kind = _label("planKind")
        self.description = _label("")
        self.source = _label("planSource")
        self.timeline = PlanTimeline()
        self.hint = _label("hint", HINT)
        self._lay_out()

    def _lay_out(self) -> None:
        """Title and message; the list and its buttons (left) beside the chosen plan (right);
        the hint, Close and Use this plan."""
        title = QLabel("Plans")
        title.setObjectName("libraryTitle")
        buttons = QGridLayout()
        for i, button in enumerate(
            (
                self.new_button,
                self.duplicate_button,
                self.edit_button,
                self.delete_button,
                self.import_button,
                self.export_button,
            )
        ):
            buttons.addWidget(button, i // 2, i % 2)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.plan_kind, 0)
        kind_row.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.plan_name)
        right.addLayout(kind_row)
        right.addWidget(self.description)
        right.addWidget(self.timeline, 1)
        right.addWidget(self.source)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.use_button)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        page = QVBoxLayout(self)
        page.setContentsMargins(16, 8, 16, 8)
        page.addWidget(title)
        page.addWidget(self.message)
        page.addLayout(columns, 1)
        page.addLayout(bottom)

    # -- the list --------------------------------------------------------------------------

    def show_entries(
        self, entries: list[PlanEntry], select: tuple[str, str | int] | None = None
    ) -> None:
        """List the own plans (`entries`) and the presets; select `select` ((kind, key)), else
        keep the plan selected now, else the first."""
        current = self.selected()
        wanted = select or ((current.kind, current.key) if current else None)
        with QSignalBlocker(self.list):  # no half-built list reaches show_current
            self.list.clear()
            self._choices = []
            self._header("Your plans")
            if not entries:
                self._note("None yet: New, Duplicate or Import plan file")
            for entry in entries:
                self._add(listed_own_plan(entry))
            self._header("Built-in plans (read-only)")
            for key, plan in PRESETS.items():
                self._add(ListedPlan(PRESET, key, plan.name, plan))
            row = self._row_of(wanted) if wanted else -1
            if row >= 0:
                self.list.setCurrentRow(row)
            else:
                self.select_near(0)
        self.show_current()

    def select_near(self, row: int) -> None:
        """Select the plan at `row`, or the nearest one after it, or before it."""
        rows = [r for r in range(self.list.count()) if self._choice_at(r) is not None]
        after = [r for r in rows if r >= row]
        self.list.setCurrentRow(after[0] if after else (rows[-1] if rows else -1))

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setForeground(Qt.GlobalColor.black)
        self.list.addItem(item)

    def _note(self, text: str) -> None:
        item = QListWidgetItem(f"   {text}")
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(Qt.GlobalColor.black)
        self.list.addItem(item)

    def _add(self, choice: ListedPlan) -> None:
        if choice.kind == PRESET:
            text = f"   {choice.name}  — preset, read-only"
        elif choice.plan is None:
            text = f"   {choice.name}  — broken, cannot be used"
        else:
            text = f"   {choice.name}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, len(self._choices))
        if choice.problem:
            item.setToolTip(choice.problem)
        self._choices.append(choice)
        self.list.addItem(item)

    def _choice_at(self, row: int) -> ListedPlan | None:
        item = self.list.item(row)
        if item is None:
            return None
        index = item.data(Qt.ItemDataRole.UserRole)
        return self._choices[index] if index is not None else None

    def _row_of(self, wanted: tuple[str, str | int]) -> int:
        for row in range(self.list.count()):
            choice = self._choice_at(row)
            if choice is not None and (choice.kind, choice.key) == tuple(wanted):
                return row
        return -1

    def choices(self) -> list[ListedPlan]:
        """Every plan listed, own plans first (by name), then the presets."""
        return list(self._choices)

    def selected(self) -> ListedPlan | None:
        return self._choice_at(self.list.currentRow()) if self.list.count() else None

    def select(self, kind: str, key: str | int) -> bool:
        """Select the preset (kind "preset", key its id) or own plan ("own", its id)."""
        row = self._row_of((kind, key))
        if row >= 0:
            self.list.setCurrentRow(row)
        return row >= 0

    def select_name(self, name: str) -> bool:
        for row in range(self.list.count()):
            choice = self._choice_at(row)
            if choice is not None and name_key(choice.name) == name_key(name):
                self.list.setCurrentRow(row)
                return True
        return False

    # -- the chosen plan ---------------------------------------------------------------------

    def show_current(self, _row: int = -1) -> None:
        """The chosen plan's details, and only the buttons that apply to it."""
        choice = self.selected()
        usable = choice is not None and choice.plan is not None
        own = choice is not None and choice.own
        self.duplicate_button.setEnabled(usable)
        self.export_button.setEnabled(usable)
        self.use_button.setEnabled(usable)
        self.edit_button.setEnabled(own and usable)
        self.delete_button.setEnabled(own)
        for button, why in READ_ONLY_TIPS:
            getattr(self, button).setToolTip(why if choice is not None and not own else "")
        if choice is None:
            self.plan_name.setText("No plan chosen")
            self.plan_kind.setText("")
            self.plan_kind.hide()
            self.description.setText("")
            self.source.setText("")
            self.timeline.set_plan(None)
            return
        self.plan_name.setText(choice.name)
        if choice.kind == PRESET:
            kind, problem = "Built-in plan: preset, read-only", False
        elif choice.plan is None:
            kind, problem = f"✗ Broken, cannot be used or exported: {choice.problem}", True
        else:
            kind, problem = "Your plan", False
        self.plan_kind.setText(kind)
        self.plan_kind.show()
        set_flag(self.plan_kind, "problem", problem)
        plan = choice.plan
        self.description.setText(plan.description if plan else "Delete it, or import it again.")
        self.source.setText(f"Source: {plan.source}" if plan and plan.source else "")
        self.timeline.set_plan(plan)


def _label(object_name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    if object_name:
        label.setObjectName(object_name)
    label.setWordWrap(True)
    return label
