"""A damaged database at start-up: the dialog says what is wrong and offers to restore the newest
good backup, to start a new database (the damaged file kept, renamed) or to quit.

The dialog is run the way `app.py` runs it, except that `exec()` is replaced by a function that
shows it and clicks a button (pytest-qt: never `exec()` a dialog in a test).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from db_support import damage
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from window_process import folder_held

from hillsprint import app
from hillsprint.core.presets import PRESETS
from hillsprint.paths import resolve_paths
from hillsprint.storage import repair
from hillsprint.storage.backups import make_backup, newest_backup_summary
from hillsprint.storage.database import open_database
from hillsprint.storage.db_file import DatabaseError
from hillsprint.storage.repair import NEW, QUIT, carry_out, describe_problem
from hillsprint.storage.repository import SessionRepository
from hillsprint.ui.home.damaged_database_dialog import DamagedDatabaseDialog

BACKED_UP = 28  # sessions in the backup; the database has more when it gets damaged


def add_sessions(conn: sqlite3.Connection, first_day: int, count: int) -> None:
    repo = SessionRepository(conn)
    for day in range(first_day, first_day + count):
        started = f"2026-03-{day:02d}T07:00:00.000+01:00"
        sid = repo.start_session(PRESETS["short-sit"], started, hill="x" * 500)
        repo.update_session(sid, notes="n" * 2000)  # many pages: the damage hits b-tree pages


@pytest.fixture
def paths(tmp_path: Path):
    """A data dir whose database (30 sessions) is damaged; backups/ holds one with 28."""
    paths = resolve_paths(tmp_path / "data")
    paths.data_dir.mkdir()
    with closing(open_database(paths.database, backups_dir=paths.backups)) as conn:
        add_sessions(conn, 1, BACKED_UP)
        make_backup(conn, paths.backups, "daily")
        add_sessions(conn, BACKED_UP + 1, 2)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
    damage(paths.database)
    return paths


def open_error(paths) -> DatabaseError:
    with pytest.raises(DatabaseError) as caught:
        open_database(paths.database, backups_dir=paths.backups)
    return caught.value


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


class Answer:
    """A `run_dialog` for `app.open_damaged_database`: shows the dialog, notes what it says,
    clicks one button per showing (or presses Esc for "Esc")."""

    def __init__(self, qtbot, *buttons: str) -> None:
        self.qtbot, self.buttons, self.seen = qtbot, list(buttons), []

    def __call__(self, dialog: DamagedDatabaseDialog) -> None:
        dialog.show()
        self.seen.append(
            {
                "problem": dialog.problem.text(),
                "detail": dialog.detail.text() if dialog.detail.isVisible() else None,
                "backup": dialog.backup_text.text(),
                "consequences": dialog.consequences.text(),
                "failure": dialog.failure.text() if dialog.failure.isVisible() else None,
                "restore": (dialog.restore_button.text(), dialog.restore_button.isEnabled()),
            }
        )
        button = self.buttons.pop(0)
        if button == "Esc":
            self.qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            self.qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()


def sessions_in(conn: sqlite3.Connection) -> int:
    return len(SessionRepository(conn).list_sessions())


def test_the_dialog_says_what_is_wrong_and_names_the_newest_good_backup(qtbot, paths):
    exc = open_error(paths)
    problem, detail = describe_problem(exc, paths.database)
    backup = newest_backup_summary(paths.backups)
    dialog = DamagedDatabaseDialog(paths.database, problem, backup, paths.backups, detail=detail)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.problem.text().replace("&#8203;", "")
    assert str(paths.database) in text and "Parts of it are damaged" in text
    assert "has not written anything to it" in text
    assert dialog.detail.isVisible() and "integrity check" in dialog.detail.text()
    made = backup.made
    assert f"{made.day} {made:%b %Y}, {made:%H:%M}" in dialog.backup_text.text()
    assert f"{BACKED_UP} sessions" in dialog.backup_text.text()
    assert "Sat 28 Mar 2026" in dialog.backup_text.text()  # its newest session
    assert backup.path.name in dialog.backup_text.text().replace("&#8203;", "")
    assert dialog.restore_button.text() == f"Restore backup from {made.day} {made:%b %Y}"
    assert dialog.restore_button.isEnabled() and dialog.restore_button.isDefault()
    assert "hillsprint.sqlite3.damaged-YYYYmmdd-HHMMSS" in dialog.consequences.text()
    assert dialog.new_button.text() == "Start a new database"
    assert dialog.quit_button.text() == "Quit"
    assert dialog.problem.font().pixelSize() >= 22  # readable from a few steps away
    assert dialog.quit_button.font().pixelSize() >= 22


def test_restore_puts_the_backup_in_place_and_the_app_opens_it(qtbot, paths, capsys):
    damaged = paths.database.read_bytes()
    answer = Answer(qtbot, "restore_button")
    conn = app.open_damaged_database(open_error(paths), paths, run_dialog=answer)
    try:
        assert sessions_in(conn) == BACKED_UP
    finally:
        conn.close()
    [aside] = paths.data_dir.glob("hillsprint.sqlite3.damaged-*")
    assert aside.read_bytes() == damaged
    assert f"the damaged file is kept as {aside}" in capsys.readouterr().err


def test_start_new_keeps_the_damaged_file_and_opens_an_empty_database(qtbot, paths, capsys):
    damaged = paths.database.read_bytes()
    backups_before = snapshot(paths.backups)
    answer = Answer(qtbot, "new_button")
    conn = app.open_damaged_database(open_error(paths), paths, run_dialog=answer)
    try:
        assert sessions_in(conn) == 0
    finally:
        conn.close()
    [aside] = paths.data_dir.glob("hillsprint.sqlite3.damaged-*")
    assert aside.name.startswith("hillsprint.sqlite3.damaged-2")
    assert aside.read_bytes() == damaged
    assert snapshot(paths.backups) == backups_before
    assert f"starting a new database; the damaged file is kept as {aside}" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("how", ["quit_button", "Esc"])
def test_quit_changes_nothing_and_exits_1(qtbot, paths, monkeypatch, capsys, how):
    before = snapshot(paths.data_dir)
    answer = Answer(qtbot, how)
    monkeypatch.setattr(app, "wait_for_answer", answer)
    assert app.main(["--data-dir", str(paths.data_dir)]) == 1
    assert len(answer.seen) == 1
    assert snapshot(paths.data_dir) == before
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"hillsprint: {paths.database} is damaged")
    assert "hillsprint restore" in lines[0]


def test_without_a_backup_restore_is_disabled_and_quit_is_the_default(qtbot, paths):
    for backup in paths.backups.iterdir():
        backup.unlink()
    answer = Answer(qtbot, "quit_button")
    assert app.open_damaged_database(open_error(paths), paths, run_dialog=answer) is None
    [seen] = answer.seen
    assert seen["restore"] == ("Restore a backup (none found)", False)
    assert "There is no good backup in" in seen["backup"]
    problem, detail = describe_problem(open_error(paths), paths.database)
    dialog = DamagedDatabaseDialog(paths.database, problem, None, paths.backups, detail=detail)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.choice == QUIT
    assert dialog.quit_button.isDefault() and not dialog.restore_button.isDefault()


def test_a_failed_restore_says_why_leaves_the_database_alone_and_asks_again(
    qtbot, paths, monkeypatch, capsys
):
    def refuse(database):
        raise PermissionError(13, "Permission denied", str(database))

    monkeypatch.setattr(repair, "set_aside_damaged", refuse)
    before = snapshot(paths.data_dir)
    answer = Answer(qtbot, "restore_button", "quit_button")
    assert app.open_damaged_database(open_error(paths), paths, run_dialog=answer) is None
    first, second = answer.seen
    assert first["failure"] is None
    assert (
        "could not be restored" in second["failure"] and "Permission denied" in (second["failure"])
    )
    assert "hillsprint.sqlite3 was left as it was" in second["failure"]
    assert snapshot(paths.data_dir) == before  # no copy left behind either
    err = capsys.readouterr().err
    assert "Traceback" not in err and "could not be restored" in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"", "an empty file"), (b"\0" * 8192, "binary data starting 00")],
)
def test_a_file_that_is_not_sqlite_counts_as_damaged(qtbot, paths, content, needle):
    paths.database.write_bytes(content)
    answer = Answer(qtbot, "new_button")
    conn = app.open_damaged_database(open_error(paths), paths, run_dialog=answer)
    conn.close()
    [seen] = answer.seen
    assert "It is not a SQLite database" in seen["problem"] and needle in seen["problem"]
    assert seen["detail"] is None
    [aside] = paths.data_dir.glob("hillsprint.sqlite3.damaged-*")
    assert aside.read_bytes() == content


def test_another_programs_database_is_refused_without_a_dialog(qtbot, tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    with closing(sqlite3.connect(data / "hillsprint.sqlite3")) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    before = snapshot(data)
    monkeypatch.setattr(app, "wait_for_answer", lambda dialog: pytest.fail("no dialog expected"))
    assert app.main(["--data-dir", str(data)]) == 1
    assert snapshot(data) == before


def test_with_no_screen_nobody_can_answer_so_it_is_quit(qtbot, paths, capsys):
    if QGuiApplication.platformName() not in app.HEADLESS_PLATFORMS:
        pytest.skip("needs Qt's offscreen platform (the tests' default)")
    before = snapshot(paths.data_dir)
    assert app.main(["--data-dir", str(paths.data_dir)]) == 1
    assert snapshot(paths.data_dir) == before
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_carry_out_refuses_quit(paths):
    with pytest.raises(ValueError):
        carry_out(QUIT, paths.database, paths.backups, None)
    assert carry_out(NEW, paths.database, paths.backups, None).startswith("starting a new")


@pytest.mark.parametrize("button", ["restore_button", "new_button"])
def test_restore_and_new_database_refuse_while_another_process_holds_the_folder(
    qtbot, paths, capsys, button
):
    """A window on this folder would go on writing into the file being replaced: the choice
    says who holds it and asks again; nothing changes. Once the folder is free it works."""
    with folder_held(paths.data_dir) as holder:
        before = snapshot(paths.data_dir)
        answer = Answer(qtbot, button, "quit_button")
        assert app.open_damaged_database(open_error(paths), paths, run_dialog=answer) is None
        assert snapshot(paths.data_dir) == before
    failure = answer.seen[1]["failure"]
    assert "is in use by" in failure and f"(process {holder.pid})" in failure
    assert "quit it first" in failure and "hillsprint.sqlite3 was left as it was" in failure
    assert f"(process {holder.pid})" in capsys.readouterr().err
    answer = Answer(qtbot, button)
    app.open_damaged_database(open_error(paths), paths, run_dialog=answer).close()
    assert list(paths.data_dir.glob("hillsprint.sqlite3.damaged-*"))
