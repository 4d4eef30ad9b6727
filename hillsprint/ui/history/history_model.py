"""The history table's model: one row per session, and a proxy that filters it.

`HistoryModel` holds `HistoryRow`s (one SQL query, see `hillsprint.storage.history_queries`).
Every column gives display text (DisplayRole) and a typed sort key (`SORT_ROLE` = Qt.UserRole):
the instant in Unix seconds for the date, numbers for numbers, so "10" sorts after "9" and
"07:00+02:00" before "06:30+01:00" when that is the order they happened.

Sorting is done by the source model with one Python `list.sort` on those keys (a few ms for
1,600 rows); `HistoryFilter.sort` forwards to it, because the proxy's own sort would call back
into Python for every comparison. Empty values (no effort, in progress) sort last either way.
`HistoryFilter` keeps rows by date range (the runner's local date), plan and hill.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from hillsprint.core.load import session_load
from hillsprint.storage.history_queries import HistoryRow
from hillsprint.ui.common.local_format import moment_text, number_text

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY = "—"
NO_HILL = ""  # the hill filter's value for sessions without a hill


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[HistoryRow], str]
    key: Callable[[HistoryRow], object]  # None sorts last
    align_right: bool = False
    tip: str = ""


def _date_text(row: HistoryRow) -> str:
    return moment_text(row.started_at, "ddd dd MMM yyyy  HH:mm")


def _number(value: float | None, digits: int = 0) -> str:
    return EMPTY if value is None else number_text(value, digits)


def _minutes(row: HistoryRow) -> float | None:
    return None if row.duration_s is None else row.duration_s / 60.0


def _load(row: HistoryRow) -> float | None:
    return session_load(row.session_rpe, row.duration_s)


COLUMNS: tuple[Column, ...] = (
    Column(
        "Date", _date_text, lambda r: r.started_ts, tip="When the session started (its local time)"
    ),
    Column("Plan", lambda r: r.plan_name, lambda r: r.plan_name.casefold()),
    Column("Hill", lambda r: r.hill or EMPTY, lambda r: r.hill.casefold() if r.hill else None),
    Column(
        "Reps",
        lambda r: f"{r.reps_done} / {r.reps_planned}",
        lambda r: (r.reps_done, r.reps_planned),
        align_right=True,
        tip="Reps done / reps planned",
    ),
    Column(
        "Mean",
        lambda r: _number(r.mean_effort, 1),
        lambda r: r.mean_effort,
        align_right=True,
        tip="Mean rep effort (0-10) over the reps that have one",
    ),
    Column(
        "Max",
        lambda r: _number(r.max_effort),
        lambda r: r.max_effort,
        align_right=True,
        tip="Highest rep effort (0-10)",
    ),
    Column(
        "Session",
        lambda r: _number(r.session_rpe),
        lambda r: r.session_rpe,
        align_right=True,
        tip="Session effort: Foster's session RPE (0-10)",
    ),
    Column(
        "Min",
        lambda r: _number(_minutes(r)),
        _minutes,
        align_right=True,
        tip="Active minutes (pauses not counted)",
    ),
    Column(
        "Load",
        lambda r: _number(_load(r)),
        _load,
        align_right=True,
        tip="Session load (Foster 2001): session effort × active minutes",
    ),
)
(COL_DATE, COL_PLAN, COL_HILL, COL_REPS, COL_MEAN, COL_MAX, COL_SESSION, COL_MIN, COL_LOAD) = range(
    len(COLUMNS)
)


class HistoryModel(QAbstractTableModel):
    """Sessions as rows; call `set_rows` with what `history_rows` returned."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[HistoryRow] = []
        self._dates: list[date] = []  # the runner's local date of each row, for the filter
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data --------------------------------------------------------------------------

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self._dates = [_local_date(row) for row in self._rows]
        self.endResetModel()

    def replace_row(self, row: HistoryRow) -> None:
        """Show the new values of one session (after an edit in the detail)."""
        for number, old in enumerate(self._rows):
            if old.id == row.id:
                self._rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))
                return

    def remove_session(self, session_id: str) -> None:
        for number, old in enumerate(self._rows):
            if old.id == session_id:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                del self._dates[number]
                self.endRemoveRows()
                return

    def row(self, number: int) -> HistoryRow:
        return self._rows[number]

    def rows(self) -> list[HistoryRow]:
        return list(self._rows)

    def local_date(self, number: int) -> date:
        return self._dates[number]

    # -- Qt model API ------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return column.key(row)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section].tip or None
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = {row.id: number for number, row in enumerate(self._rows)}
        self._sort_rows(column, order)
        self._dates = [_local_date(row) for row in self._rows]
        moved_from = [old[row.id] for row in self._rows]
        persistent = self.persistentIndexList()
        if persistent:
            where = {was: now for now, was in enumerate(moved_from)}
            self.changePersistentIndexList(
                persistent, [self.index(where[i.row()], i.column()) for i in persistent]
            )
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        self._sort = (column, order)
        key = COLUMNS[column].key
        present = [row for row in self._rows if key(row) is not None]
        missing = [row for row in self._rows if key(row) is None]
        # ties keep the newest first, whatever the direction
        present.sort(key=lambda r: -r.started_ts)
        present.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = present + missing


def _local_date(row: HistoryRow) -> date:
    return datetime.fromisoformat(row.started_at).date()


class HistoryFilter(QSortFilterProxyModel):
    """Keeps sessions whose local date is within [first, last] (either may be None), of the
    chosen plan and hill (None: all; `NO_HILL`: sessions without a hill)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.first: date | None = None
        self.last: date | None = None
        self.plan: str | None = None
        self.hill: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_filters(
        self,
        first: date | None = None,
        last: date | None = None,
        plan: str | None = None,
        hill: str | None = None,
    ) -> None:
        # Qt >= 6.9: begin/endFilterChange replace the deprecated invalidateFilter
        self.beginFilterChange()
        self.first, self.last, self.plan, self.hill = first, last, plan, hill
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model: HistoryModel = self.sourceModel()
        day = model.local_date(source_row)
        if self.first is not None and day < self.first:
            return False
        if self.last is not None and day > self.last:
            return False
        return self.matches_plan_and_hill(model.row(source_row))

    def matches_plan_and_hill(self, row: HistoryRow) -> bool:
        """The plan and hill filters alone (the charts apply the dates themselves)."""
        if self.plan is not None and row.plan_name != self.plan:
            return False
        return self.hill is None or (row.hill or NO_HILL) == self.hill

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source (fast, typed keys); this proxy keeps the source's order."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def session_id(self, proxy_row: int) -> str:
        return self.data(self.index(proxy_row, 0), ID_ROLE)

    def visible_rows(self) -> list[HistoryRow]:
        model: HistoryModel = self.sourceModel()
        return [
            model.row(self.mapToSource(self.index(number, 0)).row())
            for number in range(self.rowCount())
        ]
