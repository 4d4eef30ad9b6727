"""Putting a database right: restoring a backup over it, or setting a damaged one aside so a
new one can start. Each step keeps what was there (a `before-restore` backup, or the damaged
file renamed beside itself) before anything replaces it.

The decisions about a database that would not open live here too, so the start-up dialog and
the command line say and do the same: whether it counts as damaged (`is_damaged`), what to tell
the runner (`describe_problem` for the dialog, `database_error_message` for one line on
stderr) and what each of the runner's choices does (`carry_out`).

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
from hillsprint.storage.backups import make_backup, newest_good_backup
from hillsprint.storage.database import open_database
from hillsprint.storage.db_file import (
    DamagedDatabaseError,
    DatabaseError,
    NotSQLiteError,
    check_database_file,
    remove_with_side_files,
)

# What the runner may choose for a damaged database: restore the newest good backup, start a
# new database (both keep the damaged file, renamed), or quit (nothing changes).
RESTORE, NEW, QUIT = "restore", "new", "quit"


class RecoveryError(Exception):
    """Restoring or setting aside failed; the one-line message says what and what was kept."""


def is_damaged(exc: DatabaseError) -> bool:
    """A damaged database: ours but failing `quick_check`, or not a SQLite file at all (an
    empty or overwritten file). Another program's database, or one from a newer HillSprint,
    is not damaged: it is refused, and nothing offers to replace it."""
    return isinstance(exc, (DamagedDatabaseError, NotSQLiteError))


def damaged_message(exc: DatabaseError, backups_dir: Path) -> str:
    """One line for a damaged database: the file, the newest good backup and the command."""
    good = newest_good_backup(backups_dir)
    if good is None:
        advice = (
            f"there is no good backup in {backups_dir}; move the file away to start a new database"
        )
    else:
        advice = f"the newest good backup is {good}: run 'hillsprint restore {good}'"
    return f"{exc}; {advice}"


def database_error_message(exc: DatabaseError, backups_dir: Path) -> str:
    """The one line on stderr for a database that would not open (with advice if damaged)."""
    if is_damaged(exc):
        return damaged_message(exc, backups_dir)
    return str(exc)


def describe_problem(exc: DatabaseError, database: Path) -> tuple[str, str | None]:
    """What is wrong with the file in plain words (a sentence, without the path: the dialog
    shows that on its own line), and SQLite's technical report when there is one."""
    if isinstance(exc, DamagedDatabaseError):
        return "Parts of it are damaged", exc.problem
    text = str(exc)
    prefix = f"{database} "
    if text.startswith(prefix):
        text = text[len(prefix) :]
    return (f"It {text}" if text.startswith("is ") else text), None


def carry_out(choice: str, database: Path, backups_dir: Path, backup: Path | None) -> str:
    """Do what the runner chose; return one line saying what was done.

    RESTORE puts a copy of `backup` in place (`restore_backup` checks it first and renames the
    damaged file beside the database); NEW only renames the damaged file, so that opening the
    database creates a fresh one. Any failure raises `RecoveryError`.
    """
    database = Path(database)
    if choice == RESTORE:
        if backup is None:
            raise ValueError("RESTORE needs a backup")
        try:
            previous = restore_backup(database, backup, backups_dir)
        except (DatabaseError, OSError, sqlite3.Error) as exc:
            raise RecoveryError(
                f"the backup {backup} could not be restored ({exc}){_left_as_it_was(database)}"
            ) from None
        kept = f"; the damaged file is kept as {previous}" if previous else ""
        return f"restored {backup} into {database}{kept}"
    if choice == NEW:
        try:
            aside = set_aside_damaged(database)
        except OSError as exc:
            raise RecoveryError(
                f"{database} could not be renamed to start a new database "
                f"({exc.strerror or exc}){_left_as_it_was(database)}"
            ) from None
        return f"starting a new database; the damaged file is kept as {aside}"
    raise ValueError(f"nothing to carry out for {choice!r}")


def _left_as_it_was(database: Path) -> str:
    if database.exists():
        return f"; {database.name} was left as it was"
    return f"; the damaged file is in {database.parent} as {database.name}.damaged-…"


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
