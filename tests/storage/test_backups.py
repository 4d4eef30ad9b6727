"""Backups (daily, manual, before migrations; the last ten kept), restore, damaged files."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from db_support import damage

from hillsprint.core.plan import Plan
from hillsprint.storage import schema
from hillsprint.storage.backups import (
    KEEP_BACKUPS,
    daily_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    prune_backups,
)
from hillsprint.storage.database import open_database
from hillsprint.storage.db_file import (
    DamagedDatabaseError,
    DatabaseError,
    NotSQLiteError,
    check_database_file,
)
from hillsprint.storage.repair import restore_backup, set_aside_damaged
from hillsprint.storage.repository import SessionRepository


def sessions(path: Path) -> int:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]


def fake_backups(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        path = folder / f"hillsprint-2026010{i % 10}-0000{i:02d}-daily.sqlite3"
        path.write_bytes(b"x")
        os.utime(path, ns=(i * 10**9, (1000 + i) * 10**9))
        made.append(path)
    return made


def test_make_backup_keeps_the_last_ten(repo, plan, tmp_path: Path) -> None:
    repo.start_session(plan, "2026-05-04T07:00:00.000+02:00")
    folder = tmp_path / "backups"
    old = fake_backups(folder, 12)
    new = make_backup(repo.connection, folder)
    kept = list_backups(folder)
    assert len(kept) == KEEP_BACKUPS and kept[-1] == new
    assert kept[:-1] == old[-(KEEP_BACKUPS - 1) :]
    assert sessions(new) == 1


def test_prune_never_deletes_the_one_just_made(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    made = fake_backups(folder, 5)
    os.utime(made[0], ns=(0, 0))  # the spared file looks oldest (a clock set back)
    prune_backups(folder, keep=2, spare=made[0])
    assert list_backups(folder) == [made[0], made[4]]
    assert prune_backups(tmp_path / "missing") == []


def test_daily_backup_once_a_day_and_not_for_an_empty_database(repo, plan, tmp_path) -> None:
    folder = tmp_path / "backups"
    assert daily_backup(repo.connection, folder, today=date(2026, 5, 4)) is None  # empty
    repo.start_session(plan, "2026-05-04T07:00:00.000+02:00")
    today = date.today()
    first = daily_backup(repo.connection, folder)
    assert first is not None and first.name.startswith(f"hillsprint-{today:%Y%m%d}-")
    assert daily_backup(repo.connection, folder) is None
    assert list_backups(folder) == [first]


def test_migration_backups_are_pruned_too(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "hillsprint.sqlite3"
    open_database(path).close()
    old = fake_backups(tmp_path / "backups", 10)
    nxt = schema.SCHEMA_VERSION + 1
    monkeypatch.setitem(schema.MIGRATIONS, nxt, lambda conn: conn.execute("CREATE TABLE t (x)"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", nxt)
    open_database(path).close()
    kept = list_backups(tmp_path / "backups")
    assert len(kept) == 10 and kept[-1].name.endswith(f"-before-v{nxt}.sqlite3")
    assert old[0] not in kept


def test_restore_replaces_the_database_after_backing_it_up(tmp_path: Path, plan: Plan) -> None:
    db = tmp_path / "hillsprint.sqlite3"
    folder = tmp_path / "backups"
    with closing(open_database(db)) as conn:
        repo = SessionRepository(conn)
        repo.start_session(plan, "2026-05-04T07:00:00.000+02:00")
        saved = make_backup(conn, folder)
        repo.start_session(plan, "2026-05-05T07:00:00.000+02:00")
    previous = restore_backup(db, saved, folder)
    assert previous is not None and "before-restore" in previous.name
    assert sessions(previous) == 2
    with closing(open_database(db)) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("content", [b"", b"hello, world", b"SQLite format 3\x00" + b"\x00" * 84])
def test_restore_refuses_a_bad_file_and_changes_nothing(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "hillsprint.sqlite3"
    open_database(db).close()
    before = db.read_bytes()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(DatabaseError):
        restore_backup(db, bad, tmp_path / "backups")
    assert db.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_restore_refuses_the_database_itself(tmp_path: Path) -> None:
    db = tmp_path / "hillsprint.sqlite3"
    open_database(db).close()
    with pytest.raises(DatabaseError, match="the database itself"):
        restore_backup(db, db, tmp_path / "backups")


def filled_database(path: Path, plan: Plan) -> None:
    with closing(open_database(path)) as conn:
        repo = SessionRepository(conn)
        for day in range(1, 29):
            sid = repo.start_session(plan, f"2026-02-{day:02d}T07:00:00.000+01:00", hill="x" * 500)
            repo.update_session(sid, notes="n" * 2000)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_damaged_database_is_refused_and_left_unchanged(tmp_path: Path, plan: Plan) -> None:
    db = tmp_path / "hillsprint.sqlite3"
    filled_database(db, plan)
    damage(db)
    before = db.read_bytes()
    mtime = db.stat().st_mtime_ns
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db)
    assert str(db) in str(caught.value) and "damaged" in str(caught.value)
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hillsprint.sqlite3"]


def test_newest_good_backup_skips_damaged_ones(tmp_path: Path, plan: Plan) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    good = folder / "hillsprint-20260101-000000-daily.sqlite3"
    bad = folder / "hillsprint-20260102-000000-daily.sqlite3"
    filled_database(good, plan)
    filled_database(bad, plan)
    damage(bad)
    os.utime(good, ns=(10**9, 10**9))
    assert newest_good_backup(folder) == good
    assert newest_good_backup(tmp_path / "none") is None
    with pytest.raises(DamagedDatabaseError):
        check_database_file(bad)
    with pytest.raises(NotSQLiteError):
        check_database_file(Path(__file__))


def test_restore_over_a_damaged_database_keeps_it_renamed(tmp_path: Path, plan: Plan) -> None:
    db = tmp_path / "hillsprint.sqlite3"
    good = tmp_path / "good.sqlite3"
    filled_database(good, plan)
    filled_database(db, plan)
    damage(db)
    damaged_bytes = db.read_bytes()
    aside = restore_backup(db, good, tmp_path / "backups")
    assert aside is not None and aside.name.startswith("hillsprint.sqlite3.damaged-")
    assert aside.read_bytes() == damaged_bytes
    assert sessions(db) == 28


def test_start_a_new_database_beside_a_damaged_one(tmp_path: Path, plan: Plan) -> None:
    db = tmp_path / "hillsprint.sqlite3"
    filled_database(db, plan)
    damage(db)
    damaged_bytes = db.read_bytes()
    aside = set_aside_damaged(db)
    assert aside.read_bytes() == damaged_bytes and not db.exists()
    with closing(open_database(db)) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    assert set_aside_damaged(db) != aside  # same second: a second name, nothing overwritten
