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
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

from hillsprint.storage import schema
from hillsprint.storage.atomic_file import fsync_dir
from hillsprint.storage.backups import make_backup
from hillsprint.storage.db_file import (
    DatabaseError,
    NewerSchemaError,
    check_file,
    newer_message,
    pragma_int,
    refuse_orphan_side_files,
    remove_with_side_files,
)

BUSY_TIMEOUT_S = 5.0
SQLITE_VERSION = sqlite3.sqlite_version  # the SQLite library in use (the self-check reports it)
BACKUP_DIRNAME = "backups"  # the same name as AppPaths.backups; storage may not import paths


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
            # After an I/O error SQLite may have rolled back already, and then ROLLBACK fails:
            # that must not hide the first error, nor leave the transaction open (every later
            # BEGIN would fail even once the disk works again).
            with suppress(sqlite3.Error):
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
    for target in range(from_version + 1, schema.SCHEMA_VERSION + 1):
        with transaction(conn):
            schema.MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {target:d}")


def open_database(path: Path, *, backups_dir: Path | None = None) -> sqlite3.Connection:
    """Open (creating or migrating if needed) the HillSprint database at `path`.

    Raises a `DatabaseError` subclass, naming the file, when the file is not ours or too new;
    such a file is left untouched. The caller closes the returned connection.
    """
    path = Path(path)
    if path.exists():
        check_file(path)
    else:
        refuse_orphan_side_files(path)
        _create(path)
    conn = _connect(path)
    try:
        _bring_up_to_date(conn, path, backups_dir or path.parent / BACKUP_DIRNAME)
    except BaseException:
        conn.close()
        raise
    return conn


def _bring_up_to_date(conn: sqlite3.Connection, path: Path, backups_dir: Path) -> None:
    # Read again on the connection that will write: the pre-check read without locks.
    version = pragma_int(conn, "user_version")
    if version > schema.SCHEMA_VERSION:
        raise NewerSchemaError(newer_message(path, version))
    if version < schema.SCHEMA_VERSION:
        make_backup(conn, backups_dir, f"before-v{schema.SCHEMA_VERSION}")
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
    remove_with_side_files(tmp)  # left by a creation that was killed
    try:
        with closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
            conn.execute("PRAGMA synchronous = FULL")
            with transaction(conn):
                conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID:d}")
                migrate(conn, 0)
            conn.execute("PRAGMA journal_mode = WAL").fetchall()  # no data goes to this WAL
        os.replace(tmp, path)
    except (sqlite3.Error, OSError) as exc:
        remove_with_side_files(tmp)
        raise DatabaseError(f"{path} cannot be created ({exc})") from None
    fsync_dir(path.parent)
