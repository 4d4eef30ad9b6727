"""A write that fails in the middle of a session (full disk, pulled USB stick, I/O error).

The failures are injected at the storage layer: the repository's write methods raise one of
sqlite3's error classes while `disk.broken` is set, as SQLite itself would, and the Store turns
that into a `StorageError`. The session goes on, the screen shows "NOT SAVED: …", later writes
retry the backlog in order, and once the disk works everything is on disk and the band goes.
At the summary a save the disk refuses says why and offers "Save as CSV…"."""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox

from hillsprint.audio.recording_player import RecordingCuePlayer
from hillsprint.core.clock import ManualClock
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import SessionStatus
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.repository import SessionRepository
from hillsprint.ui.hill import save_trouble

PLAN = Plan("Three", (RepSpec(10, 30),) * 3, warmup_s=0, get_ready_s=10, cooldown_s=30)
# sprint n runs 10 + 40(n-1) .. 20 + 40(n-1); the cool-down 100..130
ERRORS = [
    sqlite3.OperationalError("database or disk is full"),
    sqlite3.OperationalError("disk I/O error"),
    sqlite3.DatabaseError("database disk image is malformed"),
    sqlite3.IntegrityError("constraint failed"),
    sqlite3.InternalError("internal error"),
    sqlite3.DataError("data error"),
    sqlite3.NotSupportedError("not supported"),
    sqlite3.ProgrammingError("cannot operate on a closed database"),
    sqlite3.InterfaceError("bad parameter"),
]
WRITES = ("record_rep", "set_rep_effort", "log_action", "update_session", "finish_session")


class Disk:
    """While `broken` holds an error, every session write to the database file raises it
    (nothing is written); other databases (the CSV rescue's in-memory one) are not touched."""

    def __init__(self, monkeypatch, connection) -> None:
        self.connection = connection
        self.broken: sqlite3.Error | None = None
        self.refused = 0
        for name in WRITES:
            real = getattr(SessionRepository, name)
            monkeypatch.setattr(SessionRepository, name, self._wrap(real))

    def _wrap(self, real):
        def write(repo, *args, **kwargs):
            if self.broken is not None and repo.connection is self.connection:
                self.refused += 1
                raise self.broken
            return real(repo, *args, **kwargs)

        return write


@pytest.fixture
def disk(monkeypatch, repository):
    return Disk(monkeypatch, repository.connection)


@pytest.fixture
def window(qtbot, make_window):
    clock = ManualClock(5000.0)
    window = make_window(clock=clock, cue_player=RecordingCuePlayer(clock=clock.monotonic))
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.controller is not None:
        window.controller.end()
    window.flow.quit_without_saving = True  # let the fixture close it whatever is left unsaved


def until(window, t: float) -> None:
    """Move the fake clock to `t` s after the start, waking the controller every 0.25 s."""
    start = window.controller.engine.started_at
    while window.controller is not None and window.clock.monotonic() < start + t:
        window.clock.advance(0.25)
        window.controller.wake()


def stored(repository, session_id) -> list[tuple]:
    return [(r.number, r.effort) for r in repository.reps(session_id)]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__ + ":" + str(e))
def test_the_session_goes_on_says_not_saved_and_catches_up_in_order(
    qtbot, window, repository, disk, error
):
    window.start_session(PLAN)
    sid = window.controller.session_id
    screen = window.session_screen
    until(window, 21)  # sprint 1 over, on disk
    assert stored(repository, sid) == [(1, None)]
    assert not screen.save_band.isVisible()

    disk.broken = error
    qtbot.keyClick(screen, Qt.Key.Key_7)  # effort of rep 1: refused, kept
    assert screen.save_band.isVisible()
    assert screen.save_band.text().startswith(f"NOT SAVED: {error}")
    assert screen.effort_pad.buttons[7].isChecked()  # the screen shows what was pressed
    until(window, 61)  # walk-down 1 ends, sprint 2 runs and ends: more refused writes
    assert screen.phase.text() == "WALK DOWN" and screen.rep.text() == "Rep 2 / 3"
    qtbot.keyClick(screen, Qt.Key.Key_8)
    assert stored(repository, sid) == [(1, None)]  # nothing reached the file
    assert window.flow.writer.pending >= 4 and disk.refused >= 4

    disk.broken = None  # the disk works again: the next write takes the whole backlog
    until(window, 101)  # sprint 3 ends
    assert not screen.save_band.isVisible()
    assert window.flow.writer.pending == 0
    assert stored(repository, sid) == [(1, 7), (2, 8), (3, None)]
    actions = [a.action for a in repository.actions(sid)]
    assert actions[0] == "start"


def test_the_band_is_readable_from_metres_away(qtbot, window, disk):
    window.start_session(PLAN)
    screen = window.session_screen
    disk.broken = sqlite3.OperationalError("database or disk is full")
    until(window, 21)
    band = screen.save_band
    assert band.isVisible() and band.text().startswith("NOT SAVED: database or disk is full")
    height = screen.height()
    assert QFontMetrics(band.font()).capHeight() >= 0.045 * height  # the phase word's size
    assert band.font().bold()


def test_without_later_writes_the_backlog_is_retried_on_its_own(
    qtbot, make_window, disk, repository, monkeypatch
):
    """The last sprint failed to save and the cool-down writes nothing: a timer retries."""
    monkeypatch.setattr(save_trouble, "RETRY_MS", 20)
    clock = ManualClock(5000.0)
    window = make_window(clock=clock, cue_player=RecordingCuePlayer(clock=clock.monotonic))
    window.show()
    window.start_session(PLAN)
    sid = window.controller.session_id
    disk.broken = sqlite3.OperationalError("disk I/O error")
    until(window, 101)  # the last sprint's write is refused; the cool-down begins
    assert window.session_screen.save_band.isVisible()
    disk.broken = None
    qtbot.waitUntil(lambda: not window.session_screen.save_band.isVisible(), timeout=5000)
    assert [n for n, _ in stored(repository, sid)] == [1, 2, 3]
    window.controller.end()
    window.summary.request_save()


def test_a_refused_save_says_why_and_save_as_csv_keeps_the_session(
    qtbot, window, repository, disk, tmp_path
):
    window.start_session(PLAN)
    sid = window.controller.session_id
    until(window, 21)
    disk.broken = sqlite3.OperationalError("disk I/O error")
    qtbot.keyClick(window.session_screen, Qt.Key.Key_6)
    until(window, 131)  # to the end: the summary
    summary = window.summary
    assert window.stack.currentWidget() is summary
    assert summary.chart.efforts() == [6, None, None]  # from memory: the file has none
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_9)  # rep 3, asked first
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_5)  # the session
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is summary  # not saved: it stays
    assert summary.save_problem.isVisible() and "disk I/O error" in summary.save_problem.text()
    assert summary.csv_button.isVisible() and summary.csv_button.text() == "Save as CSV…"
    assert repository.get_session(sid).status is SessionStatus.IN_PROGRESS

    out = tmp_path / "elsewhere" / "session.csv"
    out.parent.mkdir()
    assert window.flow.save_summary_as_csv(str(out))
    assert window.stack.currentWidget() is window.start_screen
    assert f"hillsprint import {out}" in window.start_screen.notice.text()
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["rep"], r["effort"]) for r in rows] == [("1", "6"), ("2", ""), ("3", "9")]
    assert {r["session_effort"] for r in rows} == {"5"}

    disk.broken = None  # later, the disk works: the import puts the finished session in
    result = import_csv(repository.connection, out)
    assert result.sessions == 1
    session = repository.get_session(sid)
    assert (session.status, session.session_rpe) == (SessionStatus.COMPLETED, 5)
    assert stored(repository, sid) == [(1, 6), (2, None), (3, 9)]


def test_a_save_that_works_on_retry_clears_the_problem(qtbot, window, repository, disk):
    window.start_session(PLAN)
    sid = window.controller.session_id
    disk.broken = sqlite3.OperationalError("database or disk is full")
    until(window, 131)
    window.summary.request_save()
    assert window.summary.csv_button.isVisible()
    disk.broken = None
    window.summary.request_save()
    assert window.stack.currentWidget() is window.start_screen
    assert repository.get_session(sid).status is SessionStatus.COMPLETED
    assert [n for n, _ in stored(repository, sid)] == [1, 2, 3]


def test_quitting_with_an_unsaved_backlog_asks_first(qtbot, window, disk):
    window.start_session(PLAN)
    disk.broken = sqlite3.OperationalError("disk I/O error")
    until(window, 131)
    window.flow.quit_without_saving = False
    window.close()
    box = window.flow.quit_question.box
    assert window.isVisible() and box is not None and box.isVisible()
    assert box.windowTitle() == "Quit without saving?" and "disk I/O error" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # no: stay
    assert window.isVisible() and window.stack.currentWidget() is window.summary
    window.close()
    window.flow.quit_question.box.done(QMessageBox.StandardButton.Yes)  # quit and lose it
    assert not window.isVisible()


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs of our own (needs root and mount; skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.slow
def test_a_really_full_filesystem(qtbot, small_disk):
    """No injection: the data folder's filesystem fills up, then space comes back."""
    from hillsprint.paths import resolve_paths
    from hillsprint.storage.database import open_database
    from hillsprint.storage.store import Store
    from hillsprint.ui.home.main_window import MainWindow

    database = small_disk / "hillsprint.sqlite3"
    connection = open_database(database)
    try:
        clock = ManualClock(5000.0)
        window = MainWindow(
            Store(connection, database=database),
            resolve_paths(small_disk),
            clock=clock,
            cue_player=RecordingCuePlayer(clock=clock.monotonic),
        )
        qtbot.addWidget(window)
        window.show()
        window.start_session(PLAN)
        sid = window.controller.session_id
        until(window, 21)
        filler = small_disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(OSError):  # every free block, until ENOSPC
            while True:
                os.write(fd, b"\0" * 4096)
        os.close(fd)
        band = window.session_screen.save_band
        until(window, 101)  # the walk-down, two sprints: several writes
        assert band.isVisible() and band.text() == "NOT SAVED: database or disk is full"
        filler.unlink()
        until(window, 131)  # the next write (the cool-down's end) takes the backlog
        assert not band.isVisible()
        window.summary.request_save()
        reps = SessionRepository(connection).reps(sid)
        assert [r.number for r in reps] == [1, 2, 3]
        assert SessionRepository(connection).get_session(sid).status is SessionStatus.COMPLETED
    finally:
        connection.close()
