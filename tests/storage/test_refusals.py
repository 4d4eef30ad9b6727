"""Files that are not ours, or too new, are refused with a clear message and left untouched:
same bytes, same mtime, and no side files (-wal, -shm, backups/) that were not there before."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from hillsprint.storage.database import open_database
from hillsprint.storage.db_file import (
    DatabaseError,
    ForeignDatabaseError,
    NewerSchemaError,
    NotSQLiteError,
)
from hillsprint.storage.schema import SCHEMA_VERSION


def random_bytes(path: Path) -> None:
    path.write_bytes(bytes([0x8F, 0x3A]) + random.Random(7).randbytes(4094))


def text_file(path: Path) -> None:
    path.write_text("date,reps\n2026-05-04,8\n", encoding="utf-8")


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


def foreign_database(path: Path, *, wal: bool = False) -> None:
    with closing(sqlite3.connect(path)) as conn:
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        conn.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
        conn.commit()


def foreign_wal_database(path: Path) -> None:
    foreign_database(path, wal=True)


def foreign_database_killed_mid_transaction(path: Path) -> None:
    """Another program died with a transaction spilled to disk: a hot -journal remains, which
    a read-only connection cannot roll back."""
    foreign_database(path)
    script = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size = 10')\n"
        "conn.execute('BEGIN')\n"
        "conn.execute('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
        " WHERE i < 200) INSERT INTO bookmarks SELECT hex(randomblob(2000)) FROM n')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    assert Path(f"{path}-journal").exists()


def newer_hillsprint(path: Path) -> None:
    open_database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA user_version = 99")


CASES: list[tuple[Callable[[Path], None], type[DatabaseError], str]] = [
    (random_bytes, NotSQLiteError, "is not a SQLite database (found: binary data starting 8f 3a"),
    (text_file, NotSQLiteError, "is not a SQLite database (found: text starting 'date,reps"),
    (empty_file, NotSQLiteError, "is not a SQLite database (found: an empty file)"),
    (foreign_database, ForeignDatabaseError, "(application_id 0x00000000), HillSprint will not"),
    (foreign_wal_database, ForeignDatabaseError, "another program's SQLite database"),
    (foreign_database_killed_mid_transaction, DatabaseError, "unfinished transaction in its"),
    (
        newer_hillsprint,
        NewerSchemaError,
        f"newer HillSprint (schema 99, this version knows {SCHEMA_VERSION})",
    ),
]


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def set_old_mtime(path: Path) -> None:
    """An mtime far from now, so a write during the check could not go unnoticed."""
    os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


@pytest.mark.parametrize(("make", "error", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_refused_and_untouched(
    db_path: Path, make: Callable[[Path], None], error: type[DatabaseError], words: str
) -> None:
    make(db_path)
    set_old_mtime(db_path)
    before = snapshot(db_path)
    with pytest.raises(error) as caught:
        open_database(db_path)
    message = str(caught.value)
    assert message.startswith(str(db_path))
    assert words in message
    assert "\n" not in message
    assert snapshot(db_path) == before


def test_newer_version_still_in_the_wal_is_refused(db_path: Path) -> None:
    """A newer HillSprint crashed before checkpointing: the version is only in the -wal file."""
    open_database(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("PRAGMA user_version = 42")  # committed to the WAL, header still 1
        assert Path(f"{db_path}-wal").stat().st_size > 0
        before = snapshot(db_path)
        with pytest.raises(NewerSchemaError, match="schema 42"):
            open_database(db_path)
        assert snapshot(db_path) == before
    finally:
        holder.close()


def test_damaged_database_is_a_database_error(db_path: Path) -> None:
    open_database(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[16:100] = bytes(84)  # keep the magic, wreck the rest of the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=str(db_path)):
        open_database(db_path)
