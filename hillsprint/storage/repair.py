"""Putting a database right: restoring a backup over it, or setting a damaged one aside so a
new one can start. Each step keeps what was there (a `before-restore` backup, or the damaged
file renamed beside itself) before anything replaces it.

Restoring checks the chosen file exactly as opening the database does (a SQLite file, ours, a
schema we know, `PRAGMA quick_check` clean), backs up the current database first (or, when it is
damaged, renames it beside itself with a timestamp), and then moves a fresh copy into place with
one `os.replace`. Close the app before restoring from the command line.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from hillsprint.storage.atomic_file import fsync_dir
from hillsprint.storage.backups import make_backup
from hillsprint.storage.database import open_database
from hillsprint.storage.db_file import (
    DatabaseError,
    check_database_file,
    remove_with_side_files,
)


def restore_backup(database: Path, source: Path, backups_dir: Path) -> Path | None:
    """Replace `database` by a copy of `source` (checked first).

    Returns where the previous state went: a `before-restore` backup, or the damaged file
    renamed beside the database (`<name>.damaged-YYYYmmdd-HHMMSS`), or None when there was
    no database. Raises `DatabaseError` when `source` is not usable; nothing changed then.
    """
    database, source = Path(database), Path(source)
    check_database_file(source)
    if database.exists() and source.resolve() == database.resolve():
        raise DatabaseError(f"{source} is the database itself: choose a backup to restore")
    tmp = database.with_name(f".{database.name}.restoring")
    remove_with_side_files(tmp)
    try:
        _copy_database(source, tmp)
    except (sqlite3.Error, OSError) as exc:
        remove_with_side_files(tmp)
        raise DatabaseError(f"{source} cannot be copied ({exc})") from None
    try:
        previous = _set_aside(database, backups_dir)
        os.replace(tmp, database)
    except BaseException:
        remove_with_side_files(tmp)
        raise
    fsync_dir(database.parent)
    return previous


def set_aside_damaged(database: Path) -> Path:
    """Rename a damaged (or unusable) database, with its -wal/-journal, beside itself as
    `<name>.damaged-YYYYmmdd-HHMMSS`, so that a new one can be started (the "start a new
    database" choice) or a backup restored. Nothing is deleted but the -shm index, which
    SQLite rebuilds. Returns the new name."""
    database = Path(database)
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    aside = database.with_name(f"{database.name}.damaged-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = database.with_name(f"{database.name}.damaged-{stamp}-{counter}")
    for suffix in ("", "-wal", "-journal"):
        side = Path(f"{database}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{aside}{suffix}"))
    Path(f"{database}-shm").unlink(missing_ok=True)
    return aside


def _copy_database(source: Path, target: Path) -> None:
    uri = f"{source.resolve().as_uri()}?mode=ro"
    with (
        closing(sqlite3.connect(uri, uri=True)) as src,
        closing(sqlite3.connect(target, isolation_level=None)) as dest,
    ):
        src.backup(dest)
        dest.execute("PRAGMA journal_mode = WAL").fetchall()  # as open_database keeps it
        dest.execute("PRAGMA synchronous = FULL")


def _set_aside(database: Path, backups_dir: Path) -> Path | None:
    """Keep the current state: a backup when the database is sound, else rename it. Its -wal
    and -shm must go before the new file arrives: SQLite would replay an old WAL into it."""
    if not database.exists():
        remove_with_side_files(database)
        return None
    try:
        conn = open_database(database, backups_dir=backups_dir)
    except DatabaseError:
        return set_aside_damaged(database)
    try:
        saved = make_backup(conn, backups_dir, "before-restore")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return saved
