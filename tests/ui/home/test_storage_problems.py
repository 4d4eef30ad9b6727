"""A database that refuses is said on the start screen, never swallowed.

The failures are injected where they happen in real life, inside SQLite: its authorizer
refuses chosen statements (reading the plans, adding a hill, or everything), so the real
storage code meets a real `sqlite3.Error` and the Store turns it into a `StorageError`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from session_support import add_session

from hillsprint.core.clock import ManualClock
from hillsprint.core.hill import Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow
from hillsprint.ui.home.start_screen import STORAGE_ADVICE

PLAN = Plan("Problems 3", (RepSpec(10, 60),) * 3)


@pytest.fixture
def connection(tmp_path):
    connection = open_database(tmp_path / "hs.sqlite3")
    yield connection
    connection.close()


@pytest.fixture
def store(connection, tmp_path):
    return Store(connection, database=tmp_path / "hs.sqlite3")


def refuse(connection, action: int | None = None, table: str | None = None) -> None:
    """SQLite refuses statements doing `action` on `table` (None: any), like a damaged page
    or a lock refuses them."""

    def authorize(code, arg1, _arg2, _db, _trigger):
        if (action is None or code == action) and (table is None or arg1 == table):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    connection.set_authorizer(authorize)


def make_window(qtbot, store, **kw) -> MainWindow:
    window = MainWindow(store, resolve_paths(), **kw)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.advice_ready, timeout=2000)
    return window


def problem_lines(window) -> list[str]:
    label = window.start_screen.storage_problem
    return label.text().splitlines() if label.isVisibleTo(window.start_screen) else []


def test_unreadable_plans_are_said_and_the_built_in_plans_stay(qtbot, connection, store):
    store.plans.save_new(PLAN)
    refuse(connection, sqlite3.SQLITE_READ, "plans")
    window = make_window(qtbot, store)
    lines = problem_lines(window)
    assert lines[0].startswith("Your plans could not be read: access to plans.")
    assert "prohibited" in lines[0] and "hs.sqlite3" in lines[0]
    assert lines[1:] == [STORAGE_ADVICE]
    picker = window.start_screen.plan_picker
    assert [picker.itemText(i) for i in range(picker.count())] == [p.name for p in PRESETS.values()]

    connection.set_authorizer(None)  # the database reads again: the line goes
    window.choices.refresh_plans()
    assert problem_lines(window) == []
    assert picker.itemText(0).startswith(PLAN.name)


def test_a_database_that_refuses_everything_still_opens_and_says_what_failed(
    qtbot, connection, store
):
    refuse(connection)
    window = make_window(qtbot, store)
    window.offer_recovery()
    lines = problem_lines(window)
    for failed in (
        "Your plans could not be read: not authorized",
        "Your hills could not be read: not authorized",
        "Your last session could not be read: not authorized",
        "Your recent sessions could not be read: not authorized",
        "Your sessions could not be read for advice: not authorized",
        "An unfinished session could not be read: not authorized",
    ):
        assert any(line.startswith(failed) for line in lines), failed
    assert lines[-1] == STORAGE_ADVICE
    assert window.flow.recovery is None  # nothing offered: nothing could be read

    window.start_session(PLAN)  # its reps could not be saved: it does not start
    assert window.controller is None
    assert window.stack.currentWidget() is window.start_screen
    assert any(
        line.startswith("The session could not be started: not authorized")
        for line in problem_lines(window)
    )


def test_a_hill_that_cannot_be_remembered_is_said_and_the_session_still_runs(
    qtbot, connection, store
):
    refuse(connection, sqlite3.SQLITE_INSERT, "hills")
    window = make_window(qtbot, store, clock=ManualClock())
    window.start_session(PLAN, "Quarry lane")
    assert window.controller is not None  # the session itself could be stored
    [line, advice] = problem_lines(window)
    assert line.startswith("The hill 'Quarry lane' could not be added to your hills: not auth")
    assert advice == STORAGE_ADVICE
    assert store.sessions.in_progress_sessions()[0].hill == "Quarry lane"
    window.controller.end()


def test_a_name_the_library_refuses_is_not_a_database_problem(qtbot, store):
    window = make_window(qtbot, store, clock=ManualClock())
    window.start_session(PLAN, "x" * 500)  # too long for the hills list, fine as a label
    assert window.controller is not None
    assert problem_lines(window) == []
    window.controller.end()


def test_recent_training_counts_the_week_of_the_injected_clock(qtbot, store):
    clock = ManualClock()  # Monday 4 May 2026, 07:00 +02:00
    add_session(store.sessions, PLAN, "2026-05-04T06:00:00.000+02:00", [5, 6, 7])
    add_session(store.sessions, PLAN, "2026-05-01T06:00:00.000+02:00", [5, 6, 7])
    window = make_window(qtbot, store, clock=clock)
    assert "Sessions this week: 1" in window.start_screen.recent.text()


def test_new_settings_reach_a_history_already_built(qtbot, store):
    store.hills.add(Hill("Kirchberg", length_m=100.0))
    session_id = add_session(
        store.sessions, PLAN, "2026-05-04T06:00:00.000+02:00", [5, 6, 7], hill="Kirchberg"
    )
    window = make_window(qtbot, store)
    window.open_history()
    assert window.history.open_session(session_id)
    assert "100 m" in window.history.detail.subtitle.text()
    window.open_settings()
    chosen = replace(window.settings, weekly_target=5, units="ft")
    window.settings_dialog.settingsChosen.emit(chosen)
    window.settings_dialog.reject()
    assert window.history.weekly_target == 5
    assert "328 ft" in window.history.detail.subtitle.text()
