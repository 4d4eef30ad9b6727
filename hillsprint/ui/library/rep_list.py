"""The plan editor's reps: the reps table, its buttons (Add, Remove, Move up/down, Repeat ×N),
the quick patterns (N × sprint/rest, pyramid, ladder) and what is wrong with the reps.

Keys in the table: type to edit a cell, Enter to finish, Space on "Walk-down" switches timed /
manual, Insert adds a copy of the rep, Delete removes it, Ctrl+Up / Ctrl+Down move it. There is
always at least one rep and at most `MAX_REPS`. `edited` says the reps changed (typing, a
button, a pattern).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import MAX_REPS
from hillsprint.ui.common.look import METRICS, set_flag
from hillsprint.ui.common.widgets import hidden_label
from hillsprint.ui.library.pattern_form import (
    PATTERN_LADDER,
    PATTERN_PYRAMID,
    PATTERN_REPEAT,
    PATTERN_TITLES,
    PatternForm,
)
from hillsprint.ui.library.plan_rules import COL_REP, COL_SPRINT, RepRow
from hillsprint.ui.library.rep_table import RepTableModel

ROW_HEIGHT = METRICS["compact_row_px"]
SHOWN_REP_PROBLEMS = 3  # more are counted, not listed: the table marks each one
NEW_REP = RepRow("10", "2:00")  # the first rep of a new plan
PATTERN_BUTTONS = (
    (PATTERN_REPEAT, "N × sprint/&rest…"),
    (PATTERN_PYRAMID, "P&yramid…"),
    (PATTERN_LADDER, "&Ladder…"),
)


class RepList(QWidget):
    """The reps: `rows()` / `set_rows()` as typed (`RepRow`), `show_problems` marks them."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RepTableModel(self)
        self.model.edited.connect(self.edited)
        self.table = self._rep_table()
        self.label = QLabel("&Reps")
        self.label.setObjectName("sectionLabel")
        self.label.setBuddy(self.table)
        self.error = hidden_label("repsError")
        self.add_button = _button("&Add", "Add a copy of the selected rep after it (Insert)")
        self.add_button.clicked.connect(self.add_rep)
        self.remove_button = _button("Remove", "Remove the selected rep (Delete)")
        self.remove_button.clicked.connect(self.remove_rep)
        self.up_button = _button("Move &up", "Move the selected rep one place earlier (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_rep(-1))
        self.down_button = _button(
            "Move dow&n", "Move the selected rep one place later (Ctrl+Down)"
        )
        self.down_button.clicked.connect(lambda: self.move_rep(+1))
        self.repeat_count = QSpinBox()
        self.repeat_count.setRange(2, MAX_REPS)
        self.repeat_count.setValue(2)
        self.repeat_count.setPrefix("× ")
        self.repeat_count.setAccessibleName("Times")
        self.repeat_button = _button("Re&peat", "The selected rep appears this many times in a row")
        self.repeat_button.clicked.connect(lambda: self.repeat_rep(self.repeat_count.value()))
        self.pattern_buttons: dict[str, QPushButton] = {}
        for kind, text in PATTERN_BUTTONS:
            button = _button(text, PATTERN_TITLES[kind] + " (replaces the reps)")
            button.clicked.connect(lambda _checked=False, k=kind: self.open_pattern(k))
            self.pattern_buttons[kind] = button
        self.pattern_form = PatternForm()
        self.pattern_form.applied.connect(self._pattern_applied)
        self.pattern_form.closed.connect(self._pattern_closed)
        self._lay_out()
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Insert), self.add_rep),
            (QKeySequence(Qt.Key.Key_Delete), self.remove_rep),
            (QKeySequence("Ctrl+Up"), lambda: self.move_rep(-1)),
            (QKeySequence("Ctrl+Down"), lambda: self.move_rep(+1)),
        ):
            shortcut = QShortcut(keys, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _rep_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("repTable")
        table.setModel(self.model)
        table.setAccessibleName("Reps")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_REP, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(70)
        table.selectionModel().currentRowChanged.connect(self.update_buttons)
        return table

    def _lay_out(self) -> None:
        """The label and buttons above the table, its problems under it, then the patterns."""
        buttons = QHBoxLayout()
        buttons.addWidget(self.label)
        buttons.addStretch(1)
        for widget in self._rep_controls():
            buttons.addWidget(widget)
        patterns = QHBoxLayout()
        patterns.addWidget(QLabel("Quick patterns:"))
        for button in self.pattern_buttons.values():
            patterns.addWidget(button)
        patterns.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(patterns)
        layout.addWidget(self.pattern_form)

    def _rep_controls(self) -> list[QWidget]:
        return [
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.repeat_button,
            self.repeat_count,
        ]

    def tab_order(self) -> list[QWidget]:
        return [self.table, *self._rep_controls(), *self.pattern_buttons.values()]

    # -- the rows ---------------------------------------------------------------------------

    def rows(self) -> list[RepRow]:
        return self.model.rows()

    def set_rows(self, rows: list[RepRow]) -> None:
        """Replace the reps as typed (a new plan: pass `[NEW_REP]`); the pattern form closes."""
        self.pattern_form.hide()
        self.model.set_rows(rows)

    def set_reps(self, reps) -> None:
        """Replace the reps (RepSpec or RepRow items) and select the first."""
        self.model.set_rows([r if isinstance(r, RepRow) else RepRow.from_spec(r) for r in reps])
        self.select_row(0)

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
        self.model.insert(row + 1, [rows[row] if rows else NEW_REP])
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

    def update_buttons(self, *_args) -> None:
        count = self.model.rowCount()
        row = self.current_row()
        self.add_button.setEnabled(count < MAX_REPS)
        self.remove_button.setEnabled(row >= 0 and count > 1)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.repeat_button.setEnabled(row >= 0 and count < MAX_REPS)
        self.repeat_count.setMaximum(max(2, MAX_REPS - count + 1))

    # -- patterns ---------------------------------------------------------------------------

    def open_pattern(self, kind: str) -> None:
        self.pattern_form.open_pattern(kind)

    def _pattern_applied(self, reps) -> None:
        self.set_reps(reps)
        self.table.setFocus()

    def _pattern_closed(self) -> None:
        self.pattern_buttons[self.pattern_form.kind].setFocus()

    # -- problems ---------------------------------------------------------------------------

    def show_problems(self, whole: str, cells: dict[int, dict[int, str]]) -> None:
        """Mark the reps with a problem (in the table) and say why under it: `whole` for the
        list as a whole, then the first few reps."""
        self.model.set_problems(cells)
        lines = [f"✗ Reps: {whole}"] if whole else []
        for index, reasons in list(cells.items())[:SHOWN_REP_PROBLEMS]:
            lines.append(f"✗ Rep {index + 1}: " + "; ".join(reasons.values()))
        if len(cells) > SHOWN_REP_PROBLEMS:
            lines.append(f"… and {len(cells) - SHOWN_REP_PROBLEMS} more reps marked ✗")
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))
        set_flag(self.table, "problem", bool(lines))

    def focus_first_problem(self) -> None:
        """The first rep cell with a problem (or the table)."""
        problems = self.model.problems()
        if problems:
            row = min(problems)
            column = min(problems[row])
            self.table.setCurrentIndex(self.model.index(row, max(column, COL_SPRINT)))
        self.table.setFocus()


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button
