"""The database schema: its identity (`APPLICATION_ID`), its version, and the migrations that
build it. Pure SQL on a connection handed in; opening, checking and backing up files live in
`database`, `db_file` and `backups`.

Migration N turns schema N-1 into schema N; adding schema 3 means adding `3: _migrate_to_v3`
and bumping SCHEMA_VERSION. Each runs inside a transaction, so it must not use executescript
(it commits) nor toggle foreign_keys (a no-op inside a transaction); a table rebuild follows
SQLite's documented ALTER TABLE recipe. A new database runs them all, from 1.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x48534E54  # "HSNT"
SCHEMA_VERSION = 2


def _create_v1(conn: sqlite3.Connection) -> None:
    """Schema 1. The reps primary key (session_id, number) doubles as the reps-by-session index.
    Sessions are indexed by the instant they started (`julianday` reads the UTC offset), because
    ISO strings with different offsets (summer time, travel) do not sort by instant."""
    statements = (
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
    for sql in statements:
        conn.execute(sql)


def _migrate_to_v2(conn: sqlite3.Connection) -> None:
    """Schema 2: the runner's own plans and a library of hills. Only adds: nothing in sessions,
    reps or actions is rewritten.

    - `plans` holds own plans as plan-file JSON text (`Plan.to_json_text()`), validated again on
      every read; `name` repeats the plan's name so that names are unique (case-insensitively)
      and listable without parsing. Built-in presets live in code and are never stored.
    - `hills`: name, length, average gradient, surface, notes. The CHECKs write out the hill's
      rules as they were when schema 2 was made (`core.hill`: length at most 10,000 m, gradient
      at most 60 %, `HILL_SURFACES`), as a migration must never change later; a test holds them
      equal to `core.hill`, so changing a limit there needs a new migration here.
      `sessions.hill` stays free text: the name the hill had when the session was run, a
      snapshot, so renaming or deleting a hill never rewrites history. A session belongs to a
      hill when the names are equal ignoring case and surrounding spaces (`core.hill.name_key`,
      not SQLite's ASCII-only NOCASE: see `hills.HillLibrary.find`).
    - The hills are seeded from the hill names sessions already carry, so existing history
      keeps matching. Names differing only in case become one hill, spelt as most sessions
      spell it (then the most recent); names are trimmed, blank ones skipped.
    """
    statements = (
        """CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> '' AND name = trim(name)),
            plan_json TEXT NOT NULL,
            created_at TEXT NOT NULL CHECK (julianday(created_at) IS NOT NULL),
            updated_at TEXT NOT NULL CHECK (julianday(updated_at) IS NOT NULL)
        )""",
        """CREATE TABLE hills (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> '' AND name = trim(name)),
            length_m REAL CHECK (length_m IS NULL
                OR (typeof(length_m) = 'real' AND length_m > 0 AND length_m <= 10000)),
            gradient_pct REAL CHECK (gradient_pct IS NULL
                OR (typeof(gradient_pct) = 'real' AND gradient_pct > 0 AND gradient_pct <= 60)),
            surface TEXT CHECK (surface IS NULL
                OR surface IN ('road', 'trail', 'grass', 'track', 'sand', 'other')),
            notes TEXT NOT NULL DEFAULT ''
        )""",
    )
    for sql in statements:
        conn.execute(sql)
    # hill -> [uses, last used]; then the most used spelling of each name (then the most
    # recently used, then the first in code-point order) names the hill.
    spellings: dict[str, list[float]] = {}
    for hill, day in conn.execute(
        "SELECT hill, julianday(started_at) FROM sessions WHERE hill IS NOT NULL"
    ):
        name = str(hill).strip()
        if name:
            seen = spellings.setdefault(name, [0, day])
            seen[0] += 1
            seen[1] = max(seen[1], day)
    named: set[str] = set()
    for name in sorted(spellings, key=lambda n: (-spellings[n][0], -spellings[n][1], n)):
        if name.casefold() not in named:
            named.add(name.casefold())
            conn.execute("INSERT OR IGNORE INTO hills (name) VALUES (?)", (name,))


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _create_v1, 2: _migrate_to_v2}
