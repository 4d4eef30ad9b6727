"""The history's named pieces (HistoryFilters, UndoBar) on their own, and the history screen
saying what the database refused (failures injected with SQLite's authorizer)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox
from session_support import add_session

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.database import open_database
from hillsprint.storage.store import Store
from hillsprint.ui.history.history_filters import ALL, HistoryFilters, HistoryFilterValues
from hillsprint.ui.history.history_model import NO_HILL
from hillsprint.ui.history.history_screen import HistoryScreen
from hillsprint.ui.history.undo_bar import UndoBar

PLAN = Plan("Pieces 3", (RepSpec(10, 60),) * 3)
TODAY = date(2026, 5, 4)


class Row:
    """What `fill_choices` reads of a history row."""

    def __init__(self, plan_name: str, hill: str | None) -> None:
        self.plan_name, self.hill = plan_name, hill


@pytest.fixture
def filters(qtbot):
    filters = HistoryFilters()
    qtbot.addWidget(filters)
    qtbot.addWidget(filters.range_bar)
    rows = [Row("b plan", "Quarry"), Row("A plan", None), Row("b plan", "Kirchberg")]
    filters.fill_choices(rows, [date(2026, 1, 5), date(2026, 4, 20)], TODAY)
    return filters


def announced(filters, act) -> list[HistoryFilterValues]:
    seen: list[HistoryFilterValues] = []
    filters.filtersChanged.connect(seen.append)
    act()
    filters.filtersChanged.disconnect(seen.append)
    return seen


def test_filling_the_choices_announces_nothing(qtbot, filters):
    rows = [Row("C plan", None)]
    assert announced(filters, lambda: filters.fill_choices(rows, [], TODAY)) == []
    plans = [filters.plan.itemText(i) for i in range(filters.plan.count())]
    assert plans == [ALL, "C plan"]


def test_choices_span_the_history_to_today(qtbot, filters):
    assert [filters.plan.itemText(i) for i in range(filters.plan.count())] == [
        ALL,
        "A plan",
        "b plan",
    ]
    assert [filters.hill.itemData(i) for i in range(filters.hill.count())] == [
        None,
        "Kirchberg",
        "Quarry",
        NO_HILL,
    ]
    values = filters.values()
    assert (values.first, values.last, values.plan, values.hill) == (
        date(2026, 1, 5),
        TODAY,
        None,
        None,
    )


def test_a_range_is_announced_once_with_its_dates(qtbot, filters):
    [values] = announced(filters, lambda: filters.set_range("4 weeks"))
    assert (values.first, values.last) == (date(2026, 4, 7), TODAY)
    assert filters.current_range() == "4 weeks"


def test_dates_by_hand_release_the_range_button(qtbot, filters):
    filters.set_range("4 weeks")
    [values] = announced(filters, lambda: filters.first.setDate(date(2026, 3, 1)))
    assert values.first == date(2026, 3, 1)
    assert filters.current_range() is None


def test_show_all_is_one_announcement(qtbot, filters):
    filters.plan.setCurrentIndex(1)
    filters.hill.setCurrentIndex(3)
    filters.set_range("4 weeks")
    [values] = announced(filters, filters.show_all.click)
    assert values == HistoryFilterValues(date(2026, 1, 5), TODAY, None, None)
    assert filters.current_range() == ALL


def test_the_undo_bar_gives_back_once_and_forgets_in_time(qtbot):
    bar = UndoBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.offer("Deleted it.", "snapshot")
    assert bar.isVisible() and bar.text.text() == "Deleted it." and bar.pending == "snapshot"
    with qtbot.waitSignal(bar.undoRequested):
        bar.button.click()
    assert bar.take() == "snapshot"
    assert not bar.isVisible() and bar.take() is None
    bar.timer.setInterval(20)
    bar.offer("Deleted another.", "second")
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2000)
    assert bar.take() is None


# -- what the database refuses ----------------------------------------------------------------


@pytest.fixture
def connection(tmp_path):
    connection = open_database(tmp_path / "hs.sqlite3")
    yield connection
    connection.close()


@pytest.fixture
def screen(qtbot, connection, tmp_path):
    screen = HistoryScreen(Store(connection, database=tmp_path / "hs.sqlite3"))
    qtbot.addWidget(screen)
    return screen


def refuse(connection, action: int, table: str) -> None:
    def authorize(code, arg1, _arg2, _db, _trigger):
        return sqlite3.SQLITE_DENY if (code, arg1) == (action, table) else sqlite3.SQLITE_OK

    connection.set_authorizer(authorize)


def test_sessions_that_cannot_be_read_are_said(qtbot, connection, screen):
    add_session(screen.store.sessions, PLAN, "2026-05-04T07:00:00.000+02:00", [5, 6, 7])
    refuse(connection, sqlite3.SQLITE_READ, "sessions")
    assert not screen.load()
    text = screen.message.text()
    assert text.startswith("Your sessions could not be read: access to sessions.")
    assert "hs.sqlite3" in text and screen.message.property("problem") is True


def test_a_delete_the_database_refuses_keeps_the_session(qtbot, connection, screen):
    session_id = add_session(
        screen.store.sessions, PLAN, "2026-05-04T07:00:00.000+02:00", [5, 6, 7]
    )
    screen.load()
    assert screen.open_session(session_id)
    refuse(connection, sqlite3.SQLITE_DELETE, "sessions")
    screen.detail.ask_delete()
    screen.detail.delete_question.box.done(QMessageBox.StandardButton.Yes)
    assert screen.message.text().startswith("The session could not be deleted: not authorized")
    assert not screen.undo_bar.isVisible()
    assert screen.model.rowCount() == 1
    connection.set_authorizer(None)
    assert screen.store.sessions.get_session(session_id) is not None
