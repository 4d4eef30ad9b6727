"""The plan editor's reps table: one row per rep, as typed, with the problems marked.

A Qt item model of its own, apart from the editor's layout and validation: it holds the rows
(`plan_rules.RepRow`) and shows the problems it is given; `plan_editor.PlanEditor`
decides what they are.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from hillsprint.ui.common.look import PROBLEM_FILL
from hillsprint.ui.library.plan_rules import (
    COL_KIND,
    COL_REP,
    COL_SPRINT,
    COL_WALK,
    RepRow,
    shown_time,
)

COLUMN_TITLES = ("Rep", "Sprint", "Walk-down", "Walk-down time")


class RepTableModel(QAbstractTableModel):
    """The reps as rows: Rep (number, ✗ when it has a problem), Sprint, Walk-down (timed or
    manual, a check box), Walk-down time (the minimum for a manual one)."""

    edited = Signal()  # the reps changed (typing, a button, a pattern)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[RepRow] = []
        self._problems: dict[int, dict[int, str]] = {}  # row -> column -> reason

    # -- reading -----------------------------------------------------------------------

    def rows(self) -> list[RepRow]:
        return list(self._rows)

    def problems(self) -> dict[int, dict[int, str]]:
        return {row: dict(cols) for row, cols in self._problems.items()}

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMN_TITLES[section]
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return (
                "",
                "Sprint: seconds (10) or minutes:seconds (1:30)",
                "Space switches: timed (the next rep starts by itself) or manual (Space at "
                "the bottom starts it)",
                "How long the walk-down lasts; for a manual one, the least it lasts",
            )[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_SPRINT, COL_WALK):
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == COL_KIND:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = index.row(), index.column()
        rep = self._rows[row]
        problems = self._problems.get(row, {})
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, col, rep, problems)
        if role == Qt.ItemDataRole.EditRole:
            return {COL_SPRINT: rep.sprint, COL_WALK: rep.walk}.get(col)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_KIND:
            return Qt.CheckState.Checked if rep.manual else Qt.CheckState.Unchecked
        marked = col in problems or (col == COL_REP and bool(problems))  # the rep number too
        if role == Qt.ItemDataRole.BackgroundRole and marked:
            return QBrush(QColor(PROBLEM_FILL))
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return "; ".join(problems.values())
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and problems:
            return "Problem: " + "; ".join(problems.values())
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row, col = index.row(), index.column()
        rep = self._rows[row]
        if role == Qt.ItemDataRole.EditRole and col == COL_SPRINT:
            new = RepRow(str(value).strip(), rep.walk, rep.manual)
        elif role == Qt.ItemDataRole.EditRole and col == COL_WALK:
            new = RepRow(rep.sprint, str(value).strip(), rep.manual)
        elif role == Qt.ItemDataRole.CheckStateRole and col == COL_KIND:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            new = RepRow(rep.sprint, rep.walk, checked)
        else:
            return False
        if new != rep:
            self._rows[row] = new
            self.dataChanged.emit(self.index(row, 0), self.index(row, COL_WALK))
            self.edited.emit()
        return True

    # -- changing the list ---------------------------------------------------------------

    def set_rows(self, rows: list[RepRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._problems = {}
        self.endResetModel()
        self.edited.emit()

    def insert(self, at: int, rows: list[RepRow]) -> None:
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
        self._rows[at:at] = rows
        self.endInsertRows()
        self._renumbered(at)
        self.edited.emit()

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self._renumbered(row)
        self.edited.emit()

    def move(self, row: int, delta: int) -> None:
        target = row + delta
        # beginMoveRows counts the destination before the move: moving down by one is "to
        # before the row after the next".
        dest = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self._renumbered(min(row, target))
        self.edited.emit()

    def set_problems(self, problems: dict[int, dict[int, str]]) -> None:
        """Mark rows (does not count as an edit)."""
        if problems == self._problems:
            return
        self._problems = problems
        if self._rows:
            last = self.index(len(self._rows) - 1, COL_WALK)
            self.dataChanged.emit(self.index(0, 0), last)

    def _renumbered(self, first: int) -> None:
        if first < len(self._rows):
            self.dataChanged.emit(self.index(first, COL_REP), self.index(len(self._rows) - 1, 0))


def _display(row: int, col: int, rep: RepRow, problems: dict[int, str]) -> str:
    """What a cell shows: the rep number (marked ✗ when it has a problem), a time, or the
    walk-down's kind; a manual walk-down's time is its minimum."""
    if col == COL_REP:
        return f"{row + 1}  ✗" if problems else str(row + 1)
    if col == COL_SPRINT:
        return shown_time(rep.sprint)
    if col == COL_KIND:
        return "manual (Space)" if rep.manual else "timed"
    shown = shown_time(rep.walk)
    return f"at least {shown}" if rep.manual and col not in problems else shown
