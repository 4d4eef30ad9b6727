"""Creating and opening the database file, connection settings, transactions."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from hillsprint.storage import database, schema
from hillsprint.storage.database import open_database, transaction
from hillsprint.storage.db_file import DatabaseError
from hillsprint.storage.schema import APPLICATION_ID, SCHEMA_VERSION

INSERT_SESSION = (
    "INSERT INTO sessions (id, started_at, plan_name, plan_json, status)"
    " VALUES (?, '2026-05-04T07:00:00+02:00', 'p', '{}', 'in_progress')"
)


def pragma(conn: sqlite3.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def test_new_database_has_schema_ids_and_settings(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        assert {"sessions", "reps", "actions", "sessions_by_start"} <= tables
        assert pragma(conn, "application_id") == APPLICATION_ID
        assert pragma(conn, "user_version") == SCHEMA_VERSION
        assert pragma(conn, "journal_mode") == "wal"
        assert pragma(conn, "synchronous") == 2  # FULL
        assert pragma(conn, "foreign_keys") == 1
        assert pragma(conn, "busy_timeout") > 0
        assert conn.isolation_level is None
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_creation_happens_in_a_temporary_file(db_path: Path, monkeypatch) -> None:
    seen = []

    def spy_migrate(conn, from_version):
        seen.append((db_path.exists(), sorted(p.name for p in db_path.parent.iterdir())))
        real_migrate(conn, from_version)

    real_migrate = database.migrate
    monkeypatch.setattr(database, "migrate", spy_migrate)
    open_database(db_path).close()
    assert seen[0][0] is False  # the real name appears only once the schema is complete
    assert f".{db_path.name}.creating" in seen[0][1]


def test_creation_removes_leftovers_of_a_killed_creation(db_path: Path) -> None:
    tmp = db_path.with_name(f".{db_path.name}.creating")
    tmp.write_bytes(b"half a database")
    Path(f"{tmp}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + bytes(600))
    with closing(open_database(db_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_failed_creation_leaves_nothing(db_path: Path, monkeypatch) -> None:
    def broken(conn):
        conn.execute("CREATE TABLE sessions (id)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(schema.MIGRATIONS, 1, broken)
    with pytest.raises(DatabaseError, match="cannot be created"):
        open_database(db_path)
    assert list(db_path.parent.iterdir()) == []


def test_orphan_wal_of_a_deleted_database_is_refused(db_path: Path) -> None:
    wal = Path(f"{db_path}-wal")
    with closing(open_database(db_path)) as conn:
        with transaction(conn):
            conn.execute(INSERT_SESSION, ("s1",))
        orphan = wal.read_bytes()  # the committed session, not yet checkpointed
    db_path.unlink()
    wal.write_bytes(orphan)
    with pytest.raises(DatabaseError, match=r"is missing but hillsprint\.sqlite3-wal is still"):
        open_database(db_path)
    assert sorted(p.name for p in db_path.parent.iterdir()) == [wal.name]


def test_reopening_keeps_data(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn, transaction(conn):
        conn.execute(INSERT_SESSION, ("s1",))
    with closing(open_database(db_path)) as conn:
        assert conn.execute("SELECT id FROM sessions").fetchall() == [("s1",)]
    assert not (db_path.parent / "backups").exists()  # nothing to migrate, no backup


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "hillsprint.sqlite3"
    with pytest.raises(DatabaseError, match=str(path)):
        open_database(path)


def test_folder_in_place_of_the_file_is_refused(db_path: Path) -> None:
    db_path.mkdir()
    with pytest.raises(DatabaseError, match="cannot be read"):
        open_database(db_path)


def test_transaction_rolls_back_on_error(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn:
        with pytest.raises(ZeroDivisionError), transaction(conn):
            conn.execute(INSERT_SESSION, ("s1",))
            1 / 0  # noqa: B018
        assert not conn.in_transaction
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_nested_transaction_is_a_savepoint(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn:
        with transaction(conn):
            conn.execute(INSERT_SESSION, ("kept",))
            with pytest.raises(sqlite3.IntegrityError), transaction(conn):
                conn.execute(INSERT_SESSION, ("dropped",))
                conn.execute(INSERT_SESSION, ("kept",))  # duplicate key: the savepoint rolls back
            assert conn.in_transaction
        assert conn.execute("SELECT id FROM sessions").fetchall() == [("kept",)]


def test_bad_timestamps_are_refused_by_the_schema(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO sessions (id, started_at, plan_name, plan_json, status)"
            " VALUES ('s', 'last Tuesday', 'p', '{}', 'in_progress')"
        )


def test_history_queries_use_the_indexes(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn:
        plan = " ".join(
            row[3]
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM sessions"
                " WHERE julianday(started_at) >= julianday(?) ORDER BY julianday(started_at)",
                ("2026-01-01T00:00:00+01:00",),
            )
        )
        assert "sessions_by_start" in plan
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM reps WHERE session_id = ?", ("s",)
        ).fetchone()[3]
        assert "INDEX" in plan
