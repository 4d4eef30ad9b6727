"""The data commands while a session runs in another process that holds the folder (as the
window does): `export`, `backup` and `import` work beside it; `restore` is refused with one
line naming the process, and changes nothing. Whatever ran, every rep of the running session
is in the database file at the path afterwards, and `integrity_check` is ok. (The
damaged-database dialog's restore and "start a new database" refuse the same way:
tests/ui/home/test_damaged_database_dialog.py.)"""

from __future__ import annotations

import csv
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from cli_support import assert_one_line_error, hillsprint
from window_process import running_window

from hillsprint.storage.backups import make_backup
from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history

RUNNER = Path(__file__).with_name("_session_runner.py")
REPS = 6  # _session_runner's plan


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def folder(tmp_path):
    """A data folder with one old session and a backup of it, and a CSV of other sessions."""
    data = tmp_path / "data"
    data.mkdir()
    with closing(open_database(data / "hillsprint.sqlite3")) as conn:
        fill_history(SessionRepository(conn), years=0.05, seed=3)
        make_backup(conn, data / "backups", "manual")
    with closing(open_database(tmp_path / "other.sqlite3")) as conn:
        fill_history(SessionRepository(conn), years=0.5, seed=4)
        export_csv(conn, tmp_path / "other.csv", "reps")
    return data


def run_session_with(data: Path, command: list[str]):
    """Run the 6-rep session in a child that holds the folder; once rep 1 is stored, run
    `hillsprint --data-dir DATA COMMAND…` and wait for it; once rep 6 is stored, SIGKILL
    the session (every stored rep is committed by then). Returns (session pid, the command's
    CompletedProcess, the reps the session said it stored)."""
    session = subprocess.Popen(
        [sys.executable, str(RUNNER), str(data), "--hold-folder"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    done, stored = None, set()
    try:
        for line in session.stdout:
            _, number, _ = line.split()
            stored.add(int(number))
            if done is None:
                done = hillsprint("--data-dir", str(data), *command)
            if REPS in stored:
                break
    finally:
        session.send_signal(signal.SIGKILL)
        session.wait(timeout=10)
        session.stdout.close()
    return session.pid, done, stored


def check_database(data: Path) -> list[int]:
    """integrity_check ok; returns the rep numbers of the session that was running."""
    with closing(sqlite3.connect(data / "hillsprint.sqlite3")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        (session_id,) = conn.execute(
            "SELECT id FROM sessions WHERE status = 'in_progress'"
        ).fetchone()
        return [
            n
            for (n,) in conn.execute(
                "SELECT number FROM reps WHERE session_id = ? ORDER BY number", (session_id,)
            )
        ]


def count_sessions(data: Path) -> int:
    with closing(sqlite3.connect(data / "hillsprint.sqlite3")) as conn:
        return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]


@pytest.mark.slow
def test_restore_during_a_session_is_refused_and_every_rep_is_kept(folder):
    [backup] = (folder / "backups").iterdir()
    backups_before = snapshot(folder / "backups")
    pid, restore, stored = run_session_with(folder, ["restore", str(backup)])
    assert_one_line_error(restore, 1, "not restored", f"(process {pid})", "is in use by")
    assert "run the restore again" in restore.stderr
    assert stored == set(range(1, REPS + 1))
    assert check_database(folder) == list(range(1, REPS + 1))
    assert snapshot(folder / "backups") == backups_before  # no before-restore copy either
    assert not list(folder.glob("hillsprint.sqlite3.damaged-*"))


@pytest.mark.slow
def test_export_during_a_session_works(folder, tmp_path):
    before = count_sessions(folder)
    out = tmp_path / "out.csv"
    _, export, _ = run_session_with(folder, ["export", "--out", str(out)])
    assert export.returncode == 0, export.stderr
    with out.open(newline="") as fh:
        ids = {row["session_id"] for row in csv.DictReader(fh)}
    assert len(ids) >= before  # the old sessions, and the running one once it had a rep
    assert check_database(folder) == list(range(1, REPS + 1))


@pytest.mark.slow
def test_backup_during_a_session_works(folder):
    _, backup, _ = run_session_with(folder, ["backup"])
    assert backup.returncode == 0, backup.stderr
    made = Path(backup.stdout.strip())
    with closing(sqlite3.connect(made)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert check_database(folder) == list(range(1, REPS + 1))


@pytest.mark.slow
def test_import_during_a_session_works_and_every_rep_is_kept(folder, tmp_path):
    before = count_sessions(folder)
    with closing(sqlite3.connect(tmp_path / "other.sqlite3")) as conn:
        imported = conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    _, result, _ = run_session_with(folder, ["import", str(tmp_path / "other.csv")])
    assert result.returncode == 0, result.stderr
    assert f"imported {imported} session(s)" in result.stdout
    assert count_sessions(folder) == before + 1 + imported  # + the running session
    assert check_database(folder) == list(range(1, REPS + 1))


@pytest.mark.slow
def test_restore_is_refused_while_a_window_runs_and_names_it(folder):
    """Through the real window process: the line says HillSprint and its process."""
    [backup] = (folder / "backups").iterdir()
    with running_window(folder) as window:
        before = snapshot(folder)
        result = hillsprint("--data-dir", str(folder), "restore", str(backup))
        assert_one_line_error(result, 1, f"HillSprint (process {window.pid})")
        assert f"quit HillSprint (process {window.pid}) first" in result.stderr
        after = snapshot(folder)
    # the database and its backups are as they were (the -shm index may be rewritten)
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == {
        k: v for k, v in before.items() if not k.endswith("-shm")
    }
