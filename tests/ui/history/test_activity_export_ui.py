""" "Export for training log…" in the history (selected sessions, to a folder) and in the
session detail (one session, to a file): the dialogs open without blocking, and a chosen path
gives files the readers accept."""

from __future__ import annotations

import pytest
from activity_readers import garmin_read, validate_tcx
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QFileDialog
from session_support import add_session

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.store import Store
from hillsprint.ui.history.history_screen import HistoryScreen

SHORT = Plan("Short 3", (RepSpec(10, 60),) * 3)


@pytest.fixture
def screen(qtbot, repository):
    add_session(repository, SHORT, "2026-01-05T07:00:00.000+01:00", [5, 7, 9], rpe=7)
    add_session(repository, SHORT, "2026-01-07T07:00:00.000+01:00", [6, None, 8], hill="Quarry")
    screen = HistoryScreen(Store(repository.connection))
    qtbot.addWidget(screen)
    screen.load()
    return screen


def test_the_button_offers_fit_and_tcx(screen) -> None:
    actions = [a.text() for a in screen.activity_button.menu().actions()]
    assert [text.split()[0] for text in actions] == ["FIT", "TCX"]
    assert screen.detail.export_button.menu() is not None


def test_selected_sessions_go_to_a_folder(screen, tmp_path) -> None:
    table = screen.table
    table.selectRow(0)
    table.selectionModel().select(
        screen.proxy.index(1, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert len(screen.selected_session_ids()) == 2
    dialog = screen.activity_button.choose("fit")
    assert dialog.isVisible()  # open(), not exec(): choose() returned while it shows
    assert dialog.fileMode() is QFileDialog.FileMode.Directory
    folder = tmp_path / "log"
    folder.mkdir()
    dialog.fileSelected.emit(str(folder))
    dialog.reject()
    files = sorted(folder.glob("*.fit"))
    assert [f.name for f in files] == ["2026-01-05_0700_Short-3.fit", "2026-01-07_0700_Short-3.fit"]
    efforts = [
        [lap.get("effort") for lap in garmin_read(f.read_bytes())["lap"] if "rep" in lap]
        for f in files
    ]
    # add_session starts every rep at the session's start: the walk-downs have no length
    assert efforts == [[5, 7, 9], [6, None, 8]]
    assert screen.message.text().startswith("Exported 2 sessions as FIT")


def test_nothing_selected_says_so(screen) -> None:
    screen.table.clearSelection()
    assert screen.activity_button.choose("tcx") is None
    assert "Choose one or more sessions" in screen.message.text()


def test_the_detail_exports_its_session_to_a_file(screen, tmp_path) -> None:
    session_id = screen.proxy.session_id(0)
    assert screen.open_session(session_id)
    dialog = screen.detail.export_button.choose("tcx")
    assert dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave
    assert dialog.selectedFiles()[0].endswith("_0700_Short-3.tcx")
    out = tmp_path / "mine.tcx"
    dialog.fileSelected.emit(str(out))
    dialog.reject()
    validate_tcx(out.read_bytes())
    assert screen.detail.saved_line.text() == f"Exported 1 session as TCX to {out}."


def test_a_failed_export_is_one_line_on_screen(screen, tmp_path) -> None:
    assert not screen.activity_button.export_to(
        [screen.proxy.session_id(0)], str(tmp_path / "no" / "such" / "x.fit"), "fit"
    )
    assert screen.message.text().startswith("Not exported: cannot export to")
