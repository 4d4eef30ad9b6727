"""Dates and numbers in the window follow the language (QLocale); the stored moment is shown at
its own wall-clock time. CSV and the command line are not touched (tests/storage, test_cli)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QLocale, Qt
from session_support import add_session

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.database import open_database
from hillsprint.storage.store import Store
from hillsprint.ui.common.local_format import DATE, moment_text, number_text
from hillsprint.ui.history.history_model import COL_DATE, COL_MEAN
from hillsprint.ui.history.history_screen import HistoryScreen

STARTED = "2026-12-03T06:48:00.000+01:00"


@pytest.fixture
def language():
    """language("de_DE") makes it the window's language for this test."""
    before = QLocale()
    yield lambda name: QLocale.setDefault(QLocale(name))
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("name", "moment", "number"),
    [
        ("C", "Thu 03 Dec 2026, 06:48", "6.5"),
        ("de_DE", "Do. 03 Dez. 2026, 06:48", "6,5"),
        ("fr_FR", "jeu. 03 déc. 2026, 06:48", "6,5"),
        ("es_ES", "jue 03 dic 2026, 06:48", "6,5"),
    ],
)
def test_moments_and_numbers_in_each_language(language, name, moment, number):
    language(name)
    assert moment_text(STARTED) == moment  # its own wall-clock time, whatever the zone here
    assert number_text(6.5, 1) == number
    assert moment_text(date(2026, 12, 3), DATE).endswith("2026")


def test_the_history_table_speaks_german(qtbot, tmp_path, language):
    language("de_DE")
    connection = open_database(tmp_path / "hs.sqlite3")
    try:
        store = Store(connection)
        plan = Plan("Hügel", (RepSpec(10.0, 60.0),) * 2)
        add_session(store.sessions, plan, STARTED, [6, 7], rpe=7)
        screen = HistoryScreen(store)
        qtbot.addWidget(screen)
        screen.load()
        row = screen.proxy.index(0, COL_DATE)
        assert screen.proxy.data(row, Qt.ItemDataRole.DisplayRole).startswith("Do. 03 Dez. 2026")
        mean = screen.proxy.index(0, COL_MEAN)
        assert screen.proxy.data(mean, Qt.ItemDataRole.DisplayRole) == "6,5"
    finally:
        connection.close()


def test_the_charts_date_axis_speaks_the_language(qtbot, language):
    from pyqtgraph.graphicsItems.DateAxisItem import YEAR_MONTH_ZOOM_LEVEL

    from hillsprint.ui.history.charts.style import date_axis

    axis = date_axis()
    december = datetime(2026, 12, 1, 12).timestamp()
    axis.zoomLevel = YEAR_MONTH_ZOOM_LEVEL  # months on the axis (pyqtgraph picks it by width)
    month = next(s for s in axis.zoomLevel.tickSpecs if s.format == "%b")
    language("de_DE")
    assert axis.tickStrings([december], 1.0, month.spacing) == ["Dez."]
    language("C")
    assert axis.tickStrings([december], 1.0, month.spacing) == ["Dec"]
