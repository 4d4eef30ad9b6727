"""What narrows the history: a range button (4 weeks / 3 months / 1 year / All), or dates typed
or picked by hand, plus a plan and a hill; "Show all" clears them. The table and the charts
both follow it through the one `filtersChanged` signal.

The range buttons live in `range_bar`, a widget of their own that the history puts in the
corner of its tabs (beside the tab titles, where the charts' time axis is); the rest is this
row. Filling the choices after a load, or moving the dates for a range, is not the runner's
doing: signals are held back meanwhile (`QSignalBlocker`), and the change is announced once,
with the values chosen (`HistoryFilterValues`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from hillsprint.core.chart_data import RANGES, range_first_day
from hillsprint.storage.history_queries import HistoryRow
from hillsprint.ui.history.history_model import NO_HILL

ALL = "All"


@dataclass(frozen=True)
class HistoryFilterValues:
    """What the history shows: sessions from `first` to `last` (local dates, both included),
    of the plan called `plan` (None: any) at `hill` (None: any; `NO_HILL`: without one)."""

    first: date
    last: date
    plan: str | None
    hill: str | None


class HistoryFilters(QWidget):
    """From / To dates, plan, hill and Show all; `range_bar` holds the range buttons.
    `filtersChanged(HistoryFilterValues)` says each change once."""

    filtersChanged = Signal(object)  # HistoryFilterValues

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = _date_edit("From")
        self.last = _date_edit("To")
        self.plan = QComboBox()
        self.plan.setAccessibleName("Plan")
        self.hill = QComboBox()
        self.hill.setAccessibleName("Hill")
        self.show_all = QPushButton("Show all")
        self.show_all.clicked.connect(self.reset)
        self.range_bar = self._build_range_bar()

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for text, widget in (
            ("From", self.first),
            ("To", self.last),
            ("Plan", self.plan),
            ("Hill", self.hill),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget, 2 if widget in (self.plan, self.hill) else 0)
        row.addWidget(self.show_all)
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self._dates_edited)
        for combo in (self.plan, self.hill):
            combo.currentIndexChanged.connect(self._announce)

    def _build_range_bar(self) -> QWidget:
        self.range_buttons = QButtonGroup(self)
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(QLabel("Range"))
        for key, days in RANGES.items():
            button = QPushButton(key)
            button.setObjectName("rangeButton")
            button.setCheckable(True)
            tip = "From the first session" if days is None else f"The last {key}, to today"
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, k=key: self.set_range(k))
            self.range_buttons.addButton(button)
            row.addWidget(button)
        return bar

    # -- what is chosen --------------------------------------------------------------------

    def values(self) -> HistoryFilterValues:
        return HistoryFilterValues(
            first=self.first.date().toPython(),
            last=self.last.date().toPython(),
            plan=self.plan.currentData(),
            hill=self.hill.currentData(),
        )

    def current_range(self) -> str | None:
        """The range button pressed, or None when the dates were set by hand."""
        pressed = self.range_buttons.checkedButton()
        return pressed.text() if pressed else None

    # -- changing it -----------------------------------------------------------------------

    def fill_choices(self, rows: list[HistoryRow], days: Iterable[date], today: date) -> None:
        """Offer the plans and hills that occur in `rows` (keeping what was chosen while it is
        still there); the dates may span from the first of `days` to today. Announces
        nothing: the caller applies a range next."""
        plans = sorted({row.plan_name for row in rows}, key=str.casefold)
        hills = sorted({row.hill for row in rows if row.hill}, key=str.casefold)
        no_hill = [("No hill", NO_HILL)] if any(not row.hill for row in rows) else []
        for combo, values, extra in ((self.plan, plans, []), (self.hill, hills, no_hill)):
            with QSignalBlocker(combo):
                chosen = combo.currentData()
                combo.clear()
                combo.addItem(ALL, None)
                for value in values:
                    combo.addItem(value, value)
                for text, value in extra:
                    combo.addItem(text, value)
                index = max(0, combo.findData(chosen)) if chosen is not None else 0
                combo.setCurrentIndex(index)
        days = list(days)
        first, last = (min(days), max(days)) if days else (today, today)
        last = max(last, today)
        for edit in (self.first, self.last):
            with QSignalBlocker(edit):
                edit.setDateRange(_qdate(first), _qdate(last))
        with QSignalBlocker(self.first), QSignalBlocker(self.last):
            self.first.setDate(_qdate(first))
            self.last.setDate(_qdate(last))

    def set_range(self, key: str) -> None:
        """A range button: the last 28 / 91 / 365 days to the newest day, or everything."""
        last = self.last.maximumDate().toPython()
        earliest = self.first.minimumDate().toPython()
        first = earliest if RANGES[key] is None else max(range_first_day(key, last, []), earliest)
        with QSignalBlocker(self.first), QSignalBlocker(self.last):
            self.first.setDate(_qdate(first))
            self.last.setDate(_qdate(last))
        for button in self.range_buttons.buttons():
            button.setChecked(button.text() == key)
        self._announce()

    def reset(self) -> None:
        """Show all: every plan, every hill, the whole range (announced once)."""
        for combo in (self.plan, self.hill):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
        self.set_range(ALL)

    def _dates_edited(self) -> None:
        """Dates typed or picked by hand: no range button is pressed any more."""
        self.range_buttons.setExclusive(False)
        for button in self.range_buttons.buttons():
            button.setChecked(False)
        self.range_buttons.setExclusive(True)
        self._announce()

    def _announce(self) -> None:
        self.filtersChanged.emit(self.values())


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
