"""Opening the HillSprint database: refuse what is not ours, create atomically, migrate safely.

The database is the runner's whole training history, so opening it never risks it:

- A new database is built in a temporary file next to the target and moved into place with
  `os.replace`, so a crash never leaves a half-made database under the real name.
- An existing file is checked before it is opened for writing: it must be a SQLite file carrying
  HillSprint's `application_id` and a schema version this code knows. Those checks leave the
  file's bytes, mtime and side files exactly as they were.
- An older schema is copied to `backups/` (sqlite3 backup API) before forward migrations run,
  each in its own transaction together with its `user_version` bump.

Connections run in autocommit mode (`isolation_level=None`); writes go through `transaction()`,
so each one is committed (WAL, `synchronous=FULL`: one fsync) before the call returns.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from hillsprint.storage.atomic_file import fsync_dir

APPLICATION_ID = 0x48534E54  # "HSNT"
SCHEMA_VERSION = 2
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0
BACKUP_DIRNAME = "backups"  # the same name as AppPaths.backups; storage may not import paths


class DatabaseError(Exception):
    """The database file cannot be used; the one-line message names the file and says why."""


class NotSQLiteError(DatabaseError):
    """The file is not a SQLite database at all (empty, text, random bytes)."""


class ForeignDatabaseError(DatabaseError):
    """A SQLite database, but another program's: HillSprint leaves it alone."""


class NewerSchemaError(DatabaseError):
    """Written by a newer HillSprint: this version cannot read it without risking it."""


class DamagedDatabaseError(DatabaseError):
    """Our database, but damaged (`PRAGMA quick_check` fails, or SQLite calls it malformed).
    It is never written to: restore a backup, or start a new database beside it."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path} is damaged ({problem}); HillSprint will not write to it")


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


# The limits of the hills table's CHECKs (schema 2, written out there as a migration must not
# change later), for the library's validation.
HILL_SURFACES = ("road", "trail", "grass", "track", "sand", "other")
MAX_HILL_LENGTH_M = 10_000.0  # a 10 km climb is far beyond any interval hill
MAX_HILL_GRADIENT_PCT = 60.0


def _migrate_to_v2(conn: sqlite3.Connection) -> None:
    """Schema 2: the runner's own plans and a library of hills. Only adds: nothing in sessions,
    reps or actions is rewritten.

    - `plans` holds own plans as plan-file JSON text (`Plan.to_json_text()`), validated again on
      every read; `name` repeats the plan's name so that names are unique (case-insensitively)
      and listable without parsing. Built-in presets live in code and are never stored.
    - `hills`: name, length, average gradient, surface (one of `HILL_SURFACES`), notes.
      `sessions.hill` stays free text: the name the hill had when the session was run, a
      snapshot, so renaming or deleting a hill never rewrites history. A session belongs to a
      hill when the names are equal ignoring case and surrounding spaces (`str.casefold`,
      not SQLite's ASCII-only NOCASE: see `library.HillLibrary.find`).
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


# Migration N turns schema N-1 into schema N; adding schema 3 means adding `3: _migrate_to_v3`
# and bumping SCHEMA_VERSION. Each runs inside a transaction, so it must not use executescript
# (it commits) nor toggle foreign_keys (a no-op inside a transaction); a table rebuild follows
# SQLite's documented ALTER TABLE recipe. A new database runs them all, from 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _create_v1, 2: _migrate_to_v2}


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One committed transaction, or a savepoint when the caller already holds one.

    Nesting lets a bulk job (import, demo data) wrap many repository calls in a single commit,
    while each call on its own still commits before it returns. IMMEDIATE takes the write lock
    up front, so a busy database fails at BEGIN rather than half-way through.
    """
    if conn.in_transaction:
        with _savepoint(conn):
            yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("SAVEPOINT nested")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO nested")
        conn.execute("RELEASE nested")
        raise
    conn.execute("RELEASE nested")


def migrate(conn: sqlite3.Connection, from_version: int) -> None:
    """Run every migration after `from_version`, each committed with its version bump."""
    for target in range(from_version + 1, SCHEMA_VERSION + 1):
        with transaction(conn):
            MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {target:d}")


def open_database(path: Path, *, backups_dir: Path | None = None) -> sqlite3.Connection:
    """Open (creating or migrating if needed) the HillSprint database at `path`.

    Raises a `DatabaseError` subclass, naming the file, when the file is not ours or too new;
    such a file is left untouched. The caller closes the returned connection.
    """
    path = Path(path)
    if path.exists():
        _check_existing(path)
    else:
        _refuse_orphan_side_files(path)
        _create(path)
    conn = _connect(path)
    try:
        _bring_up_to_date(conn, path, backups_dir or path.parent / BACKUP_DIRNAME)
    except BaseException:
        conn.close()
        raise
    return conn


def backup_database(conn: sqlite3.Connection, backups_dir: Path, label: str) -> Path:
    """Copy the database into `backups_dir` as hillsprint-YYYYmmdd-HHMMSS-<label>.sqlite3.

    The copy is written under a temporary name and renamed when complete, so a file with the
    final name is always a whole backup. It is switched to a rollback journal: a lone WAL-mode
    file grows -wal and -shm files beside it as soon as anything opens it, even read-only.
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    stem = f"hillsprint-{datetime.now():%Y%m%d-%H%M%S}-{label}"
    target = backups_dir / f"{stem}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = backups_dir / f"{stem}-{counter}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    try:
        with closing(sqlite3.connect(partial)) as dest:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE").fetchall()
        os.replace(partial, target)
    except BaseException:
        _remove_with_side_files(partial)
        raise
    return target


def _bring_up_to_date(conn: sqlite3.Connection, path: Path, backups_dir: Path) -> None:
    # Read again on the connection that will write: the pre-check read without locks.
    version = _pragma_int(conn, "user_version")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(_newer_message(path, version))
    if version < SCHEMA_VERSION:
        from hillsprint.storage.backups import prune_backups  # it imports this module

        made = backup_database(conn, backups_dir, f"before-v{SCHEMA_VERSION}")
        prune_backups(backups_dir, spare=made)
        migrate(conn, version)


def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} cannot be opened ({exc})") from None
    try:
        for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL"):
            conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.Error as exc:
        conn.close()
        raise DatabaseError(f"{path} cannot be opened ({exc})") from None
    return conn


def _create(path: Path) -> None:
    """Build the schema in a temporary file, then move it into place in one rename.

    The file is switched to WAL before the rename, so the real database never has a rollback
    journal: a hot -journal left by a kill could not be read by the read-only pre-check.
    SQLite (synchronous=FULL) has fsynced the file by the time it is closed; the folder is
    fsynced after the rename so the new name survives a power cut.
    """
    tmp = path.with_name(f".{path.name}.creating")
    _remove_with_side_files(tmp)  # left by a creation that was killed
    try:
        with closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
            conn.execute("PRAGMA synchronous = FULL")
            with transaction(conn):
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
                migrate(conn, 0)
            conn.execute("PRAGMA journal_mode = WAL").fetchall()  # no data goes to this WAL
        os.replace(tmp, path)
    except (sqlite3.Error, OSError) as exc:
        _remove_with_side_files(tmp)
        raise DatabaseError(f"{path} cannot be created ({exc})") from None
    fsync_dir(path.parent)


def _refuse_orphan_side_files(path: Path) -> None:
    """A -wal or -journal without its database would be replayed into a new file of the same
    name and corrupt it. Without the database it is useless, but the user removed the file by
    hand, so let them decide rather than delete anything."""
    for suffix in ("-wal", "-journal"):
        orphan = Path(f"{path}{suffix}")
        if orphan.exists():
            raise DatabaseError(
                f"{path} is missing but {orphan.name} is still there: move it away "
                "(it cannot be used without the database) and start again"
            )


def _remove_with_side_files(db: Path) -> None:
    # The journal goes first: a stale hot journal beside a fresh file would be "rolled back"
    # into it by SQLite.
    for suffix in ("-journal", "-wal", "-shm", ""):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def _check_existing(path: Path) -> None:
    """Refuse a file that is not a HillSprint database this version can handle, untouched."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if not header.startswith(SQLITE_MAGIC):
        raise NotSQLiteError(f"{path} is not a SQLite database (found: {_describe(header)})")
    application_id, version = _read_ids(path)
    if application_id != APPLICATION_ID:
        raise ForeignDatabaseError(
            f"{path} is another program's SQLite database "
            f"(application_id {application_id:#010x}), HillSprint will not touch it"
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(_newer_message(path, version))
    _quick_check(path)


def _read_only_uri(path: Path) -> str:
    """A read-only URI that leaves no trace: `immutable` (no side files, no locks) when no
    -wal or -journal exists, since the main file then holds the whole database; plain
    read-only otherwise, so that SQLite reads the newer pages in them."""
    has_side_files = any(Path(f"{path}{s}").exists() for s in ("-wal", "-journal"))
    query = "mode=ro" if has_side_files else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{query}"


def _quick_check(path: Path) -> None:
    """`PRAGMA quick_check` (page structure, no index-content comparison: linear time) on a
    read-only connection; raises `DamagedDatabaseError` with the first problem it reports."""
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorname in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            raise DamagedDatabaseError(path, str(exc)) from None
        raise DatabaseError(f"{path} cannot be checked ({exc})") from None
    if rows != [("ok",)]:
        report = str(rows[0][0]) if rows else "no answer"
        # the report may start with a "*** in database main ***" header: name the problem
        lines = [line for line in report.splitlines() if line and not line.startswith("***")]
        first = (lines or [report])[0]
        raise DamagedDatabaseError(path, f"integrity check: {first[:200]}")


def _read_ids(path: Path) -> tuple[int, int]:
    """application_id and user_version, read without leaving any trace.

    A plain read-only open of a WAL-mode file creates -wal and -shm files and leaves them. When
    no -wal or -journal exists the main file alone holds the whole database, so it is opened
    `immutable` (no side files, no locks). When they exist, they may hold newer pages: SQLite
    then reads read-only through them.
    """
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            return _pragma_int(conn, "application_id"), _pragma_int(conn, "user_version")
    except sqlite3.Error as exc:
        if exc.sqlite_errorname == "SQLITE_READONLY_ROLLBACK":
            raise DatabaseError(
                f"{path} has an unfinished transaction in its -journal file that only the "
                "program which wrote it should recover; HillSprint will not touch it"
            ) from None
        if exc.sqlite_errorname in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            raise DamagedDatabaseError(path, str(exc)) from None
        raise DatabaseError(f"{path} cannot be read as a SQLite database ({exc})") from None


def _pragma_int(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def _newer_message(path: Path, version: int) -> str:
    return (
        f"{path} was written by a newer HillSprint "
        f"(schema {version}, this version knows {SCHEMA_VERSION})"
    )


def _describe(header: bytes) -> str:
    """A few words on what a non-SQLite file starts with, for the refusal message."""
    if not header:
        return "an empty file"
    text = header[:40].decode("utf-8", "replace").rstrip("\ufffd")  # a cut multi-byte char
    if text and "\ufffd" not in text and all(c.isprintable() or c in "\t\r\n" for c in text):
        return f"text starting {text[:30]!r}"
    return f"binary data starting {header[:8].hex(' ')}"
