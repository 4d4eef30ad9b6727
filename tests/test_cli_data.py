"""`hillsprint export / import / backup / restore` as a user meets them: real processes."""

from __future__ import annotations

import csv
import os
from contextlib import closing
from pathlib import Path

import pytest
from cli_support import assert_one_line_error, hillsprint
from db_support import damage

from hillsprint.core.presets import PRESETS
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history


def filled_database(path: Path) -> None:
    """A few pages of sessions, checkpointed into the main file (no -wal left)."""
    with closing(open_database(path)) as conn:
        repo = SessionRepository(conn)
        for day in range(1, 29):
            sid = repo.start_session(
                PRESETS["short-sit"], f"2026-02-{day:02d}T07:00:00.000+01:00", hill="x" * 500
            )
            repo.update_session(sid, notes="n" * 2000)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data dir with about two months of history."""
    folder = tmp_path / "data"
    folder.mkdir()
    with closing(open_database(folder / "hillsprint.sqlite3")) as conn:
        fill_history(SessionRepository(conn), years=0.15)
    return folder


def test_export_import_round_trip(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "reps.csv"
    result = hillsprint("--data-dir", str(data), "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("hillsprint: ") is False and "exported" in result.stderr
    empty = tmp_path / "empty"
    result = hillsprint("import", str(out), env={"HILLSPRINT_DATA_DIR": str(empty)})
    assert result.returncode == 0, result.stderr
    assert "0 already present" in result.stdout
    again = hillsprint("--data-dir", str(empty), "import", str(out))
    assert again.returncode == 0 and "imported 0 session(s)" in again.stdout
    back = tmp_path / "back.csv"
    assert hillsprint("--data-dir", str(empty), "export", "--out", str(back)).returncode == 0
    assert back.read_bytes() == out.read_bytes()


def test_export_sessions_between_dates(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    args = ["--level", "sessions", "--from", "2026-04-01", "--to", "2026-04-15"]
    result = hillsprint("--data-dir", str(data), "export", "--out", str(out), *args)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all("2026-04-01" <= r["session_start"][:10] <= "2026-04-15" for r in rows)


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("{tmp}", "is a folder"),
        ("{tmp}/missing/x.csv", "does not exist"),
        ("/dev/full", "No space left on device"),
    ],
)
def test_export_failures_are_one_line(data: Path, tmp_path: Path, target: str, needle: str):
    if target == "/dev/full" and not Path(target).exists():
        pytest.skip("no /dev/full")
    path = target.format(tmp=tmp_path)
    result = hillsprint("--data-dir", str(data), "export", "--out", path)
    assert_one_line_error(result, 1, needle, path)


def test_export_to_an_unwritable_folder(data: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        target = "/proc/self/hillsprint.csv"  # root ignores permission bits; /proc refuses
    else:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o555)
        target = str(folder / "x.csv")
    result = hillsprint("--data-dir", str(data), "export", "--out", target)
    assert_one_line_error(result, 1, "cannot export to")
    assert not Path(target).exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["export"], "--out"),
        (["export", "--out", "x.csv", "--from", "2026-02-30"], "--from"),
        (["export", "--out", "x.csv", "--level", "weeks"], "--level"),
    ],
)
def test_bad_export_arguments(args, needle) -> None:
    assert_one_line_error(hillsprint(*args), 2, needle)


def test_import_errors_are_listed_and_nothing_is_imported(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "reps.csv"
    hillsprint("--data-dir", str(data), "export", "--out", str(out))
    text = out.read_text(encoding="utf-8").replace(",done,", ",finished,", 3)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8", newline="")
    target = tmp_path / "target"
    result = hillsprint("--data-dir", str(target), "import", str(bad))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4
    assert all(f"{bad}:" in line and "rep_status: expected one of" in line for line in lines[:3])
    assert lines[-1] == f"hillsprint: import of {bad} refused (3 problems); nothing was imported"
    with closing(open_database(target / "hillsprint.sqlite3")) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_import_of_a_missing_file(tmp_path: Path) -> None:
    result = hillsprint("--data-dir", str(tmp_path / "d"), "import", str(tmp_path / "no.csv"))
    assert result.returncode == 1 and "no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_backup_and_restore(data: Path) -> None:
    made = hillsprint("--data-dir", str(data), "backup")
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert backup.parent == data / "backups" and backup.is_file()
    restored = hillsprint("--data-dir", str(data), "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "before-restore" in restored.stdout
    assert len(list((data / "backups").iterdir())) == 2


def test_restore_refuses_a_file_that_is_not_a_database(data: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    before = (data / "hillsprint.sqlite3").read_bytes()
    assert_one_line_error(hillsprint("--data-dir", str(data), "restore", str(bad)), 1, str(bad))
    assert (data / "hillsprint.sqlite3").read_bytes() == before


def test_damaged_database_names_the_newest_good_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "hillsprint.sqlite3"
    filled_database(db)
    backup = Path(hillsprint("--data-dir", str(data), "backup").stdout.strip())
    damage(db)
    before = db.read_bytes()
    for args in (["export", "--out", str(tmp_path / "x.csv")], ["backup"], []):
        # Without a command the app starts: it prints the same line, then asks in a dialog
        # (tests/ui/home/test_damaged_database_dialog.py). On the offscreen platform nobody could
        # answer it, so that counts as Quit: exit 1, nothing changed.
        env = {"QT_QPA_PLATFORM": "offscreen"}
        result = hillsprint("--data-dir", str(data), *args, env=env, timeout=30)
        assert_one_line_error(result, 1, str(db), "damaged", f"hillsprint restore {backup}")
    assert db.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["backups", "hillsprint.sqlite3"]
    restored = hillsprint("--data-dir", str(data), "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert ".damaged-" in restored.stdout
    assert hillsprint("--data-dir", str(data), "backup").returncode == 0


def test_damaged_database_without_backups(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    filled_database(data / "hillsprint.sqlite3")
    damage(data / "hillsprint.sqlite3")
    result = hillsprint("--data-dir", str(data), "backup")
    assert_one_line_error(result, 1, "no good backup", "start a new database")


def test_first_start_of_the_day_makes_a_backup(data: Path) -> None:
    env = {"HILLSPRINT_BENCH_FIRST_PAINT": "1", "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(2):
        result = hillsprint("--data-dir", str(data), env=env)
        assert result.returncode == 0, result.stderr
    [daily] = list((data / "backups").iterdir())
    assert daily.name.endswith("-daily.sqlite3")
