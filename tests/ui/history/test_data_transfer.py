"""Large imports and exports from the history run on a worker thread: the window shows how far
they are and keeps answering; a session waits for them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history
from hillsprint.storage.store import Store
from hillsprint.ui.history.history_screen import HistoryScreen


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """Ten years of sessions (~16,000 reps) exported as a reps CSV."""
    folder = tmp_path_factory.mktemp("big")
    connection = open_database(folder / "source.sqlite3")
    fill_history(SessionRepository(connection), years=10, seed=3)
    out = folder / "big.csv"
    Store(connection).export_csv(out, "reps")
    connection.close()
    return out


@pytest.fixture
def screen(qtbot, tmp_path):
    connection = open_database(tmp_path / "target.sqlite3")
    screen = HistoryScreen(Store(connection, database=tmp_path / "target.sqlite3"))
    qtbot.addWidget(screen)
    screen.show()
    screen.load()
    yield screen
    connection.close()


def test_an_import_shows_progress_and_the_window_keeps_answering(qtbot, screen, big_csv):
    counts, ticks = [], []
    screen.progress.valueChanged.connect(counts.append)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(screen.progress.isVisible()))
    timer.start(5)
    with qtbot.waitSignal(screen.transferDone, timeout=60_000) as done:
        assert screen.import_from(str(big_csv))
        assert screen.progress.isVisible() and not screen.import_button.isEnabled()
        assert not screen.import_from(str(big_csv))  # one at a time
    timer.stop()
    assert done.args == [True], screen.message.text()
    assert len([c for c in counts if c > 0]) >= 2 and counts == sorted(counts)
    assert sum(ticks) >= 3  # the event loop ran while the import did
    assert not screen.progress.isVisible() and screen.import_button.isEnabled()
    assert screen.message.text().startswith("Imported ") and screen.model.rowCount() > 1500


def test_an_export_runs_the_same_way(qtbot, screen, big_csv, tmp_path):
    with qtbot.waitSignal(screen.transferDone, timeout=60_000):
        screen.import_from(str(big_csv))
    out = tmp_path / "again.csv"
    with qtbot.waitSignal(screen.transferDone, timeout=60_000) as done:
        assert screen.export_to(str(out))
    assert done.args == [True] and out.read_bytes() == big_csv.read_bytes()


def test_a_session_waits_for_a_running_import(qtbot, make_window, big_csv):
    window = make_window()
    window.show()
    history = window.history
    with qtbot.waitSignal(history.transferDone, timeout=60_000):
        assert history.import_from(str(big_csv))
        window.start_session(window.start_screen.current_plan())
        assert window.controller is None
        assert "still running" in window.start_screen.notice.text()
    window.start_session(window.start_screen.current_plan())
    assert window.controller is not None
    window.controller.end()
