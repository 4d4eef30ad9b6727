"""Shared by the widget tests in tests/ui/<room>/. pytest puts this folder on sys.path (it holds
a conftest.py), so the helpers beside it (session_support) import by name from every room."""

from __future__ import annotations

import pytest

from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.store import Store


@pytest.fixture
def repository(tmp_path):
    """A session repository on a new database in the test's own folder."""
    connection = open_database(tmp_path / "hs.sqlite3")
    yield SessionRepository(connection)
    connection.close()


@pytest.fixture
def make_window(qtbot, repository):
    """Builds the real main window on `repository` (keyword arguments go to MainWindow)."""
    from hillsprint.ui.home.main_window import MainWindow

    def make(**kw):
        window = MainWindow(Store(repository.connection), resolve_paths(), **kw)
        qtbot.addWidget(window)
        return window

    return make
