"""Forward migrations: a backup before any change, each step atomic with its version bump."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from hillsprint.core.plan import Plan
from hillsprint.storage import backups as backups_module
from hillsprint.storage import schema
from hillsprint.storage.backups import backup_database
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.schema import APPLICATION_ID, SCHEMA_VERSION

STARTED = "2026-05-04T07:00:00.000+02:00"
NEXT = SCHEMA_VERSION + 1  # the schema a later release will add


def pragma(conn: sqlite3.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def make_current_with_a_session(path: Path, plan: Plan) -> str:
    with closing(open_database(path)) as conn:
        return SessionRepository(conn).start_session(plan, STARTED, hill="Kirchberg")


def add_weather(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN weather TEXT NOT NULL DEFAULT ''")


def pretend_next_schema(monkeypatch: pytest.MonkeyPatch, migration=add_weather) -> None:
    """Make this code know schema NEXT, the way a later release will."""
    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(schema.MIGRATIONS, NEXT, migration)


def backups(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_backup_then_migrate(db_path: Path, plan: Plan, monkeypatch) -> None:
    session_id = make_current_with_a_session(db_path, plan)
    pretend_next_schema(monkeypatch)
    with closing(open_database(db_path)) as conn:
        assert pragma(conn, "user_version") == NEXT
        assert "weather" in columns(conn, "sessions")
        assert SessionRepository(conn).get_session(session_id).hill == "Kirchberg"

    [backup] = backups(db_path.parent / "backups")
    assert re.fullmatch(rf"hillsprint-\d{{8}}-\d{{6}}-before-v{NEXT}\.sqlite3", backup.name)
    with closing(sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)) as copy:
        assert pragma(copy, "integrity_check") == "ok"
        assert pragma(copy, "user_version") == SCHEMA_VERSION
        assert pragma(copy, "application_id") == APPLICATION_ID
        assert "weather" not in columns(copy, "sessions")
        assert copy.execute("SELECT id FROM sessions").fetchall() == [(session_id,)]

    with closing(open_database(db_path)):  # up to date now: no second backup
        pass
    assert len(backups(db_path.parent / "backups")) == 1


def test_backups_dir_can_be_chosen(tmp_path: Path, plan: Plan, monkeypatch) -> None:
    path = tmp_path / "data" / "hillsprint.sqlite3"
    path.parent.mkdir()
    make_current_with_a_session(path, plan)
    pretend_next_schema(monkeypatch)
    open_database(path, backups_dir=tmp_path / "elsewhere").close()
    assert len(backups(tmp_path / "elsewhere")) == 1
    assert not (path.parent / "backups").exists()


def test_failed_migration_changes_nothing(db_path: Path, plan: Plan, monkeypatch) -> None:
    session_id = make_current_with_a_session(db_path, plan)

    def half_done(conn: sqlite3.Connection) -> None:
        add_weather(conn)
        raise sqlite3.OperationalError("no such table: weather_stations")

    pretend_next_schema(monkeypatch, half_done)
    with pytest.raises(sqlite3.OperationalError, match="weather_stations"):
        open_database(db_path)
    assert len(backups(db_path.parent / "backups")) == 1

    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION)
    with closing(open_database(db_path)) as conn:
        assert pragma(conn, "user_version") == SCHEMA_VERSION
        assert "weather" not in columns(conn, "sessions")
        assert SessionRepository(conn).get_session(session_id) is not None


def test_migrations_run_one_step_at_a_time(db_path: Path, plan: Plan, monkeypatch) -> None:
    make_current_with_a_session(db_path, plan)
    steps = []

    def step(target: int):
        def migrate(conn: sqlite3.Connection) -> None:
            steps.append((target, pragma(conn, "user_version")))

        return migrate

    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT + 1)
    monkeypatch.setitem(schema.MIGRATIONS, NEXT, step(NEXT))
    monkeypatch.setitem(schema.MIGRATIONS, NEXT + 1, step(NEXT + 1))
    open_database(db_path).close()
    assert steps == [(NEXT, NEXT - 1), (NEXT + 1, NEXT)]
    [backup] = backups(db_path.parent / "backups")
    assert backup.name.endswith(f"-before-v{NEXT + 1}.sqlite3")


def test_version_0_with_our_id_gets_the_schema(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    with closing(open_database(db_path)) as conn:
        assert pragma(conn, "user_version") == SCHEMA_VERSION
        assert "plan_json" in columns(conn, "sessions")
    [backup] = backups(db_path.parent / "backups")
    assert backup.name.endswith(f"-before-v{SCHEMA_VERSION}.sqlite3")


def test_backup_is_one_self_contained_file(db_path: Path, tmp_path: Path) -> None:
    with closing(open_database(db_path)) as conn:
        backup = backup_database(conn, tmp_path / "b", "manual")
    with closing(sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)) as copy:
        assert pragma(copy, "journal_mode") == "delete"
        assert pragma(copy, "application_id") == APPLICATION_ID
    assert [p.name for p in (tmp_path / "b").iterdir()] == [backup.name]


def test_backup_names_never_collide(db_path: Path, tmp_path: Path, monkeypatch) -> None:
    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 5, 4, 7, 0, 0)

    monkeypatch.setattr(backups_module, "datetime", FrozenClock)
    with closing(open_database(db_path)) as conn:
        first = backup_database(conn, tmp_path / "b", "manual")
        second = backup_database(conn, tmp_path / "b", "manual")
    assert first.name == "hillsprint-20260504-070000-manual.sqlite3"
    assert second.name == "hillsprint-20260504-070000-manual-2.sqlite3"
