"""The history screen against the real repository: table contents, sorting, filters, the
session detail's edits, delete + undo, the empty state, and the main window's wiring."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from session_support import add_session

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.history_queries import history_rows, restore_session, snapshot_session
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history
from hillsprint.storage.store import Store
from hillsprint.ui.common.look import FOCUS
from hillsprint.ui.history.history_model import (
    COL_DATE,
    COL_HILL,
    COL_LOAD,
    COL_MAX,
    COL_MEAN,
    COL_MIN,
    COL_PLAN,
    COL_REPS,
    COL_SESSION,
    COLUMNS,
    NO_HILL,
    SORT_ROLE,
    session_load,
)
from hillsprint.ui.history.history_screen import HistoryScreen
from hillsprint.ui.home.main_window import MainWindow

SHORT = Plan("Short 3", (RepSpec(10, 60),) * 3)
LONG = Plan("Long 12", (RepSpec(10, 120, manual=True),) * 12)


@pytest.fixture
def sessions(repository):
    """Four sessions across two plans, three hills (one none), mixed offsets."""
    repo = repository
    return {
        "a": add_session(repo, SHORT, "2026-01-05T07:00:00.000+01:00", [5, 7, 9], hill="Kirchberg",
                         rpe=7, minutes=20),
        "b": add_session(repo, LONG, "2026-03-30T06:30:00.000+02:00", [4, 6], hill="Quarry",
                         rpe=None, minutes=12.5, skipped=(2,)),
        "c": add_session(repo, SHORT, "2026-03-30T06:00:00.000+01:00", [None, None, None],
                         rpe=3, minutes=18),
        "d": add_session(repo, LONG, "2026-04-20T18:00:00.000+02:00", [8] * 12, hill="Kirchberg",
                         rpe=10, minutes=45),
    }  # fmt: skip


@pytest.fixture
def screen(qtbot, repository):
    screen = HistoryScreen(Store(repository.connection))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    return screen


def activate(qtbot, widget) -> None:
    """Show and activate: shortcuts (Esc, Delete, Ctrl+Z) and focus need an active window."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def shown(screen: HistoryScreen, column: int) -> list[str]:
    proxy = screen.proxy
    return [proxy.data(proxy.index(row, column)) for row in range(proxy.rowCount())]


def shown_ids(screen: HistoryScreen) -> list[str]:
    return [screen.proxy.session_id(row) for row in range(screen.proxy.rowCount())]


# -- the query and the table -----------------------------------------------------------------


def test_history_rows_aggregate_reps_in_sql(repository, sessions):
    rows = {row.id: row for row in history_rows(repository.connection)}
    a, b, c = rows[sessions["a"]], rows[sessions["b"]], rows[sessions["c"]]
    assert (a.reps_done, a.reps_planned, a.mean_effort, a.max_effort) == (3, 3, 7.0, 9)
    assert (b.reps_done, b.reps_planned, b.mean_effort, b.max_effort) == (1, 12, 5.0, 6)
    assert (c.mean_effort, c.max_effort, c.session_rpe) == (None, None, 3)
    # newest instant first: 06:00+01:00 (05:00Z) is later than 06:30+02:00 (04:30Z)
    assert [row.id for row in history_rows(repository.connection)] == [sessions[k] for k in "dcba"]


def test_table_shows_what_the_repository_holds(qtbot, screen, repository, sessions):
    screen.load()
    assert screen.pages.currentWidget() is screen.table_page
    assert shown_ids(screen) == [sessions[k] for k in "dcba"]
    row = shown_ids(screen).index(sessions["a"])
    values = {c: screen.proxy.data(screen.proxy.index(row, c)) for c in range(len(COLUMNS))}
    assert values[COL_DATE] == "Mon 05 Jan 2026  07:00"
    assert values[COL_PLAN] == "Short 3"
    assert values[COL_HILL] == "Kirchberg"
    assert values[COL_REPS] == "3 / 3"
    assert (values[COL_MEAN], values[COL_MAX], values[COL_SESSION]) == ("7.0", "9", "7")
    assert values[COL_MIN] == "20"
    assert values[COL_LOAD] == "140"  # 7 × 20 min (Foster)
    row_b = shown_ids(screen).index(sessions["b"])
    assert shown(screen, COL_LOAD)[row_b] == "—"  # no session effort, no load
    assert shown(screen, COL_HILL)[shown_ids(screen).index(sessions["c"])] == "—"
    assert screen.count.text() == "4 sessions"
    for session in repository.list_sessions():
        assert session.reps_done == history_rows(repository.connection, session.id)[0].reps_done


def test_session_load_is_foster():
    assert session_load(7, 1200.0) == 140.0
    assert session_load(None, 1200.0) is None
    assert session_load(5, None) is None


@pytest.mark.parametrize(
    ("column", "ascending", "descending"),
    [
        (COL_DATE, "abcd", "dcba"),  # by instant, not by the text of the offset
        (COL_PLAN, "dbca", "cadb"),  # "Long 12" before "Short 3"; ties newest first
        (COL_REPS, "bcad", "dcab"),  # 1/12, 3/3 (c and a: newest first), 12/12
        (COL_MEAN, "badc", "dabc"),  # c has no effort: last either way
        (COL_LOAD, "cadb", "dacb"),  # b has no load: last either way
    ],
)
def test_sorting_uses_typed_keys_and_puts_empty_values_last(
    qtbot, screen, sessions, column, ascending, descending
):
    screen.load()
    screen.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert shown_ids(screen) == [sessions[k] for k in ascending]
    screen.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert shown_ids(screen) == [sessions[k] for k in descending]


def test_sort_keys_are_numbers(qtbot, screen, sessions):
    screen.load()
    assert isinstance(screen.proxy.data(screen.proxy.index(0, COL_DATE), SORT_ROLE), float)
    assert isinstance(screen.proxy.data(screen.proxy.index(0, COL_MAX), SORT_ROLE), int)


# -- filters -------------------------------------------------------------------------------


def test_date_filter_uses_the_local_date(qtbot, screen, sessions):
    screen.load()
    screen.filters.first.setDate(date(2026, 3, 30))
    screen.filters.last.setDate(date(2026, 3, 30))
    assert set(shown_ids(screen)) == {sessions["b"], sessions["c"]}
    assert screen.count.text() == "2 of 4 sessions"
    screen.filters.first.setDate(date(2026, 4, 1))
    screen.filters.last.setDate(date(2026, 12, 31))
    assert shown_ids(screen) == [sessions["d"]]


def test_plan_and_hill_filters(qtbot, screen, sessions):
    screen.load()
    assert [screen.filters.plan.itemText(i) for i in range(screen.filters.plan.count())] == [
        "All", "Long 12", "Short 3"]  # fmt: skip
    assert [screen.filters.hill.itemText(i) for i in range(screen.filters.hill.count())] == [
        "All", "Kirchberg", "Quarry", "No hill"]  # fmt: skip
    screen.filters.plan.setCurrentIndex(screen.filters.plan.findData("Short 3"))
    assert set(shown_ids(screen)) == {sessions["a"], sessions["c"]}
    screen.filters.hill.setCurrentIndex(screen.filters.hill.findData("Kirchberg"))
    assert shown_ids(screen) == [sessions["a"]]
    screen.filters.hill.setCurrentIndex(screen.filters.hill.findData(NO_HILL))
    assert shown_ids(screen) == [sessions["c"]]
    screen.filters.plan.setCurrentIndex(screen.filters.plan.findData("Long 12"))
    assert shown_ids(screen) == []
    assert screen.table_empty_note.isVisibleTo(screen)
    screen.filters.show_all.click()
    assert len(shown_ids(screen)) == 4
    assert not screen.table_empty_note.isVisibleTo(screen)


# -- empty state -----------------------------------------------------------------------------


def test_empty_history_explains_and_offers_a_start(qtbot, screen):
    screen.load()
    assert screen.pages.currentWidget() is screen.empty_page
    with qtbot.waitSignal(screen.startRequested):
        screen.empty_start.click()
    activate(qtbot, screen)
    screen.show_table()
    assert screen.empty_start.hasFocus()
    with qtbot.waitSignal(screen.backRequested):
        qtbot.keyClick(screen.empty_start, Qt.Key.Key_Escape)


def test_the_empty_states_start_button_is_white_on_green(qtbot, screen):
    """Its own style must beat the screen's black-on-white rule for every child widget."""
    screen.load()
    activate(qtbot, screen)
    image = screen.empty_start.grab().toImage()
    inside = image.pixelColor(12, image.height() // 2)  # past the border, left of the text
    assert inside.name() == FOCUS


# -- the detail ------------------------------------------------------------------------------


def open_detail(qtbot, screen, session_id):
    screen.load()
    activate(qtbot, screen)
    screen.show_table()
    row = shown_ids(screen).index(session_id)
    screen.table.setCurrentIndex(screen.proxy.index(row, 0))
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.pages.currentWidget() is screen.detail
    return screen.detail


def test_detail_shows_reps_planned_and_actual_and_the_log(qtbot, screen, sessions):
    detail = open_detail(qtbot, screen, sessions["b"])
    assert detail.reps.rowCount() == 2
    assert detail.reps.item(0, 1).text() == "10.2 s of 10 s"
    assert detail.reps.item(0, 2).text() == "1:01 of 1:00"
    assert detail.reps.item(1, 3).text() == "skipped"
    assert detail.reps.item(1, 2).text() == "— (cool-down)"
    assert [box.effort() for box in detail.effort_boxes] == [4, 6]
    assert "Skipped" in detail.log.text() and "Started" in detail.log.text()
    assert "1 of 12 reps done" in detail.subtitle.text()
    assert detail.effort_boxes[0].hasFocus()  # keyboard: straight into the first effort


def test_detail_edits_are_written_at_once(qtbot, screen, repository, sessions):
    session_id = sessions["a"]
    detail = open_detail(qtbot, screen, session_id)
    box = detail.effort_boxes[1]
    qtbot.keyClick(box, Qt.Key.Key_Down)  # 7 -> 8, from the keyboard
    assert repository.reps(session_id)[1].effort == 8
    detail.effort_boxes[2].set_effort(None)
    assert repository.reps(session_id)[2].effort is None
    detail.session_effort.set_effort(4)
    assert repository.get_session(session_id).session_rpe == 4
    detail.notes.setFocus()
    qtbot.keyClicks(detail.notes, "hail")
    qtbot.waitUntil(lambda: repository.get_session(session_id).notes == "hail", timeout=2000)
    # the table row follows the edits
    qtbot.keyClick(detail.notes, Qt.Key.Key_Escape)
    assert screen.pages.currentWidget() is screen.table_page
    row = shown_ids(screen).index(session_id)
    assert screen.proxy.data(screen.proxy.index(row, COL_MEAN)) == "6.5"
    assert screen.proxy.data(screen.proxy.index(row, COL_SESSION)) == "4"


def test_notes_are_saved_when_the_detail_closes(qtbot, screen, repository, sessions):
    detail = open_detail(qtbot, screen, sessions["c"])
    detail.notes.setPlainText("muddy")
    detail.back_button.click()
    assert repository.get_session(sessions["c"]).notes == "muddy"


def test_delete_asks_then_undo_restores_everything(qtbot, screen, repository, sessions):
    session_id = sessions["b"]
    conn = repository.connection
    before = snapshot_session(conn, session_id)
    detail = open_detail(qtbot, screen, session_id)
    qtbot.keyClick(detail.effort_boxes[0], Qt.Key.Key_Delete)
    assert detail.delete_question.box.isVisible()
    detail.delete_question.box.done(QMessageBox.StandardButton.No)
    assert repository.get_session(session_id) is not None
    detail.ask_delete()
    detail.delete_question.box.done(QMessageBox.StandardButton.Yes)
    assert repository.get_session(session_id) is None
    assert repository.reps(session_id) == [] and repository.actions(session_id) == []
    assert screen.pages.currentWidget() is screen.table_page
    assert session_id not in shown_ids(screen)
    assert screen.undo_bar.isVisible()
    qtbot.keyClick(screen.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert snapshot_session(conn, session_id) == before
    assert session_id in shown_ids(screen)
    assert not screen.undo_bar.isVisible()
    assert screen.undo_bar.pending is None


def test_undo_is_offered_for_a_limited_time(qtbot, screen, repository, sessions, monkeypatch):
    screen.undo_bar.timer.setInterval(50)
    detail = open_detail(qtbot, screen, sessions["a"])
    detail.ask_delete()
    detail.delete_question.box.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: not screen.undo_bar.isVisible(), timeout=2000)
    screen.undo_delete()  # too late: nothing comes back
    assert repository.get_session(sessions["a"]) is None


def test_restore_gives_a_taken_action_id_a_new_one(repository, sessions):
    conn = repository.connection
    snapshot = snapshot_session(conn, sessions["d"])
    repository.delete_session(sessions["d"])
    other = add_session(repository, SHORT, "2026-04-21T07:00:00.000+02:00", [5, 5, 5])
    restore_session(conn, snapshot)
    assert [a.action for a in repository.actions(sessions["d"])] == ["start"]
    assert [a.action for a in repository.actions(other)] == ["start"]


# -- wiring in the main window ------------------------------------------------------------


def test_start_screen_opens_history_and_escape_goes_back(qtbot, repository, sessions):
    window = MainWindow(Store(repository.connection), resolve_paths())
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.start_screen.history_button.click()
    assert window.stack.currentWidget() is window.history
    assert window.history.proxy.rowCount() == 4
    qtbot.keyClick(window.history.table, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.start_screen


def test_empty_history_start_button_returns_to_the_start_screen(qtbot, repository):
    window = MainWindow(Store(repository.connection), resolve_paths())
    qtbot.addWidget(window)
    window.show()
    window.open_history()
    assert window.history.pages.currentWidget() is window.history.empty_page
    window.history.empty_start.click()
    assert window.stack.currentWidget() is window.start_screen


def test_ten_years_load_in_one_query(repository):
    count = fill_history(repository, years=10)
    rows = history_rows(repository.connection)
    assert len(rows) == count > 1500
    assert all(0 <= row.reps_done <= row.reps_planned for row in rows)


def transfer(qtbot, start, path: str) -> bool:
    """Start an export or import of the history and wait for it; did it work?"""
    screen = start.__self__
    with qtbot.waitSignal(screen.transferDone, timeout=30_000) as done:
        assert start(path)
    return done.args[0]


def test_export_and_import_from_the_history_screen(qtbot, tmp_path):
    """Export writes the reps CSV; importing it into an empty data dir brings every session
    back; a bad file imports nothing and says what is wrong."""
    from hillsprint.storage.sample_history import fill_history
    from hillsprint.storage.store import Store
    from hillsprint.ui.history.history_screen import HistoryScreen

    source = open_database(tmp_path / "a.sqlite3")
    target = open_database(tmp_path / "b.sqlite3")
    try:
        fill_history(SessionRepository(source), years=0.2, seed=5)
        screen = HistoryScreen(Store(source))
        qtbot.addWidget(screen)
        screen.load()
        out = tmp_path / "out.csv"
        assert transfer(qtbot, screen.export_to, str(out)), screen.message.text()
        assert "Exported" in screen.message.text() and out.is_file()

        other = HistoryScreen(Store(target))
        qtbot.addWidget(other)
        other.load()
        assert transfer(qtbot, other.import_from, str(out))
        assert other.model.rowCount() == screen.model.rowCount() > 0
        assert transfer(qtbot, other.import_from, str(out))  # again: everything already there
        assert "skipped" in other.message.text()

        bad = tmp_path / "bad.csv"
        bad.write_text("session_id,nonsense\n1,2\n", encoding="utf-8")
        assert not transfer(qtbot, other.import_from, str(bad))
        assert "Nothing was imported" in other.message.text() and "bad.csv" in other.message.text()
        assert not transfer(qtbot, screen.export_to, str(tmp_path))  # a folder
        assert "Export failed" in screen.message.text()
    finally:
        source.close()
        target.close()
