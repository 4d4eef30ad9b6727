"""Schema 2 (own plans, hills): a schema-1 file migrates with a backup first, its hills are
seeded from the sessions, and the history rows are left exactly as they were.

The schema-1 files are built here from a frozen copy of the schema-1 DDL, not with today's
`open_database`, so these tests keep meaning "a file written by the first release" whatever
later schemas do.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from hillsprint.core.hill import HILL_SURFACES, Hill
from hillsprint.storage import schema
from hillsprint.storage.database import open_database
from hillsprint.storage.db_file import NewerSchemaError
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.plans import PlanLibrary
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.schema import APPLICATION_ID, SCHEMA_VERSION

# Schema 1 exactly as release 1 wrote it (hillsprint.storage.database._create_v1).
V1_DDL = (
    """CREATE TABLE sessions (
            id TEXT PRIMARY KEY NOT NULL,
            started_at TEXT NOT NULL CHECK (julianday(started_at) IS NOT NULL),
            ended_at TEXT CHECK (ended_at IS NULL OR julianday(ended_at) IS NOT NULL),
            plan_name TEXT NOT NULL,
            plan_json TEXT NOT NULL,
            hill TEXT,
            status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'ended_early')),
            session_rpe INTEGER CHECK (session_rpe BETWEEN 0 AND 10),
            duration_s REAL CHECK (duration_s >= 0),
            notes TEXT NOT NULL DEFAULT ''
        )""",
    """CREATE TABLE reps (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            number INTEGER NOT NULL CHECK (number >= 1),
            started_at TEXT NOT NULL,
            sprint_planned_s REAL NOT NULL,
            sprint_s REAL NOT NULL,
            recovery_planned_s REAL,
            recovery_s REAL,
            recovery_manual INTEGER NOT NULL CHECK (recovery_manual IN (0, 1)),
            effort INTEGER CHECK (effort BETWEEN 0 AND 10),
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
            PRIMARY KEY (session_id, number)
        )""",
    """CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            at TEXT NOT NULL,
            mono REAL NOT NULL,
            phase TEXT NOT NULL,
            rep INTEGER NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )""",
    "CREATE INDEX sessions_by_start ON sessions (julianday(started_at))",
    "CREATE INDEX actions_by_session ON actions (session_id, id)",
)

PLAN_JSON = (
    '{\n  "name": "Hill power",\n  "warmup_s": 600,\n  "get_ready_s": 10,\n  "cooldown_s": 300,\n'
    '  "reps": [\n    {\n      "sprint_s": 10,\n      "recovery_s": 120\n    }\n  ]\n}\n'
)

# (id, started_at, hill): spellings a year of typing at the start screen leaves behind.
SESSIONS = [
    ("s01", "2026-03-01T07:00:00.000+01:00", "Kirchberg"),
    ("s02", "2026-03-03T07:00:00.000+01:00", "Kirchberg"),
    ("s03", "2026-03-05T07:00:00.000+01:00", "kirchberg"),  # a minority spelling, newest
    ("s04", "2026-03-02T07:00:00.000+01:00", "Quarry lane "),  # trailing space
    ("s05", "2026-03-04T07:00:00.000+01:00", "   "),  # blank: no hill
    ("s06", "2026-03-06T07:00:00.000+01:00", None),
    ("s07", "2026-03-07T07:00:00.000+01:00", "ölberg"),
    ("s08", "2026-03-08T07:00:00.000+01:00", "Ölberg"),  # one use each: the newest names it
    ("s09", "2026-03-09T07:00:00.000+01:00", ""),
    ("s10", "2026-03-29T07:00:00.000+02:00", "Park steps"),  # summer time
]
SEEDED = ["Kirchberg", "Park steps", "Quarry lane", "Ölberg"]  # in code-point order


def make_v1_file(path: Path, sessions=SESSIONS, *, user_version: int = 1) -> None:
    """A schema-1 HillSprint database as release 1 left it: WAL mode, with history."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        for sql in V1_DDL:
            conn.execute(sql)
        for number, (sid, start, hill) in enumerate(sessions, start=1):
            conn.execute(
                "INSERT INTO sessions (id, started_at, ended_at, plan_name, plan_json, hill,"
                " status, session_rpe, duration_s, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sid, start, start, "Hill power", PLAN_JSON, hill, "completed", 7, 1234.5, "n"),
            )
            conn.execute(
                "INSERT INTO reps VALUES (?, 1, ?, 10.0, 10.123456789, 120.0, 121.5, 0, ?, 'done')",
                (sid, start, number % 11),
            )
            conn.execute(
                "INSERT INTO actions (session_id, action, at, mono, phase, rep, detail)"
                " VALUES (?, 'start', ?, 0.0, 'warmup', 0, '')",
                (sid, start),
            )
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
        conn.execute(f"PRAGMA user_version = {user_version:d}")
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL").fetchall()


def pragma(conn: sqlite3.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def history_rows(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every history row with the storage class of each value, in rowid order."""
    found = {}
    for table in ("sessions", "reps", "actions"):
        names = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        cells = ", ".join(f"{n}, typeof({n})" for n in names)
        found[table] = conn.execute(f"SELECT rowid, {cells} FROM {table} ORDER BY rowid").fetchall()
    return found


def v1_schema(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema"
        " WHERE tbl_name IN ('sessions', 'reps', 'actions') ORDER BY name"
    ).fetchall()


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def backups(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_frozen_v1_ddl_is_what_schema_1_creates(tmp_path: Path) -> None:
    make_v1_file(tmp_path / "frozen.sqlite3", sessions=[])
    with closing(sqlite3.connect(tmp_path / "code.sqlite3")) as conn:
        schema.MIGRATIONS[1](conn)
        from_code = v1_schema(conn)
    with closing(read_only(tmp_path / "frozen.sqlite3")) as conn:
        assert v1_schema(conn) == from_code


def test_v1_file_migrates_with_a_backup_first(db_path: Path) -> None:
    make_v1_file(db_path)
    with closing(read_only(db_path)) as conn:
        before_rows, before_schema = history_rows(conn), v1_schema(conn)

    with closing(open_database(db_path)) as conn:
        assert SCHEMA_VERSION == 2
        assert pragma(conn, "user_version") == 2
        assert pragma(conn, "application_id") == APPLICATION_ID
        assert pragma(conn, "integrity_check") == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert history_rows(conn) == before_rows  # every value, with its storage class
        assert v1_schema(conn) == before_schema  # the history tables are not rebuilt
        assert [h.name for h in HillLibrary(conn).list()] == SEEDED
        assert PlanLibrary(conn).list() == []  # presets stay in code

    [backup] = backups(db_path.parent / "backups")
    assert re.fullmatch(r"hillsprint-\d{8}-\d{6}-before-v2\.sqlite3", backup.name)
    with closing(read_only(backup)) as copy:
        assert pragma(copy, "integrity_check") == "ok"
        assert pragma(copy, "user_version") == 1
        assert pragma(copy, "application_id") == APPLICATION_ID
        assert history_rows(copy) == before_rows
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_schema")}
        assert not {"plans", "hills"} & tables

    with closing(open_database(db_path)):  # up to date now: no second backup
        pass
    assert backups(db_path.parent / "backups") == [backup]


def test_seeded_hills_match_the_existing_history(db_path: Path) -> None:
    make_v1_file(db_path)
    with closing(open_database(db_path)) as conn:
        hills = HillLibrary(conn)
        for session in SessionRepository(conn).list_sessions():
            hill = hills.find(session.hill)
            if session.hill is None or not session.hill.strip():
                assert hill is None
            else:
                assert hill is not None, session.hill
                assert hill.name.casefold() == session.hill.strip().casefold()
                assert hill == Hill(hill.name, None, None, None, "", hill.id)  # facts unknown


def test_v1_without_hills_seeds_none(db_path: Path) -> None:
    make_v1_file(db_path, sessions=[("s1", "2026-03-01T07:00:00.000+01:00", None)])
    with closing(open_database(db_path)) as conn:
        assert HillLibrary(conn).list() == []


def test_new_database_is_created_at_schema_2(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn:
        assert pragma(conn, "user_version") == SCHEMA_VERSION == 2
        assert pragma(conn, "application_id") == APPLICATION_ID
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        assert {"sessions", "reps", "actions", "plans", "hills"} <= tables
        assert HillLibrary(conn).list() == []
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]  # no backup


def test_version_0_with_our_id_gets_both_steps(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    with closing(open_database(db_path)) as conn:
        assert pragma(conn, "user_version") == 2
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        assert {"sessions", "plans", "hills"} <= tables
    [backup] = backups(db_path.parent / "backups")
    assert backup.name.endswith("-before-v2.sqlite3")


def test_a_newer_schema_is_still_refused_untouched(db_path: Path) -> None:
    make_v1_file(db_path, user_version=3)
    before = db_path.read_bytes(), sorted(os.listdir(db_path.parent))
    with pytest.raises(NewerSchemaError, match=r"schema 3, this version knows 2"):
        open_database(db_path)
    assert (db_path.read_bytes(), sorted(os.listdir(db_path.parent))) == before


def test_a_failed_v2_migration_leaves_the_v1_file_as_it_was(db_path: Path, monkeypatch) -> None:
    make_v1_file(db_path)
    with closing(read_only(db_path)) as conn:
        before = history_rows(conn)
    real = schema.MIGRATIONS[2]

    def fails_after_seeding(conn: sqlite3.Connection) -> None:
        real(conn)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(schema.MIGRATIONS, 2, fails_after_seeding)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        open_database(db_path)
    assert len(backups(db_path.parent / "backups")) == 1
    with closing(read_only(db_path)) as conn:
        assert pragma(conn, "user_version") == 1
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        assert not {"plans", "hills"} & tables
        assert history_rows(conn) == before

    monkeypatch.setitem(schema.MIGRATIONS, 2, real)
    with closing(open_database(db_path)) as conn:  # the next start migrates
        assert pragma(conn, "user_version") == 2
        assert [h.name for h in HillLibrary(conn).list()] == SEEDED


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("name", ""),
        ("name", " Kirchberg"),
        ("length_m", 0.0),
        ("length_m", -5.0),
        ("length_m", 10000.5),
        ("length_m", "long"),
        ("gradient_pct", 0.0),
        ("gradient_pct", 60.5),
        ("gradient_pct", "steep"),
        ("surface", "ice"),
        ("surface", "Road"),
        ("notes", None),
    ],
)
def test_hills_table_checks(db_path: Path, column: str, value: object) -> None:
    with closing(open_database(db_path)) as conn:
        row = {"name": "Hill", "length_m": 80.0, "gradient_pct": 12.0, "surface": "road"}
        row["notes"] = ""
        row[column] = value
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO hills (name, length_m, gradient_pct, surface, notes)"
                " VALUES (:name, :length_m, :gradient_pct, :surface, :notes)",
                row,
            )


def test_hills_table_accepts_the_limits_and_unknowns(db_path: Path) -> None:
    with closing(open_database(db_path)) as conn:
        conn.execute("INSERT INTO hills (name, length_m, gradient_pct) VALUES ('a', 10000, 60)")
        conn.execute("INSERT INTO hills (name, length_m, gradient_pct) VALUES ('b', 0.1, 0.1)")
        conn.execute("INSERT INTO hills (name) VALUES ('c')")
        for surface in HILL_SURFACES:
            conn.execute("INSERT INTO hills (name, surface) VALUES (?, ?)", (surface, surface))
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            conn.execute("INSERT INTO hills (name) VALUES ('A')")


def test_plans_table_checks(db_path: Path) -> None:
    insert = "INSERT INTO plans (name, plan_json, created_at, updated_at) VALUES (?, ?, ?, ?)"
    at = "2026-05-04T07:00:00.000+02:00"
    with closing(open_database(db_path)) as conn:
        conn.execute(insert, ("Mine", "{}", at, at))
        for row in (
            ("mine", "{}", at, at),  # names are unique ignoring case
            ("", "{}", at, at),
            ("Other", None, at, at),
            ("Other", "{}", "yesterday", at),
        ):
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(insert, row)
