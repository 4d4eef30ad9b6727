"""Backups: a daily copy, keeping the last ten, finding the newest good one, and restoring.

Every copy is made with SQLite's backup API (`database.backup_database`), so it is a consistent
snapshot even while the app writes, and lands in `backups/` under a name that sorts by time:
`hillsprint-YYYYmmdd-HHMMSS-<label>.sqlite3`. Labels: `daily` (first start of a day),
`before-vN` (before a migration), `manual` (`hillsprint backup`), `before-restore`.

Restoring checks the chosen file exactly as opening the database does (a SQLite file, ours, a
schema we know, `PRAGMA quick_check` clean), backs up the current database first (or, when it is
damaged, renames it beside itself with a timestamp), and then moves a fresh copy into place with
one `os.replace`. Close the app before restoring from the command line.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hillsprint.storage.atomic_file import fsync_dir
from hillsprint.storage.database import (
    DatabaseError,
    _check_existing,
    _read_only_uri,
    _remove_with_side_files,
    backup_database,
    open_database,
)

KEEP_BACKUPS = 10
BACKUP_GLOB = "hillsprint-*.sqlite3"


def list_backups(backups_dir: Path) -> list[Path]:
    """Backup files, oldest first (by modification time, then name)."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.glob(BACKUP_GLOB):
        try:
            found.append((path.stat().st_mtime_ns, path.name, path))
        except OSError:  # removed meanwhile
            continue
    return [path for _, _, path in sorted(found)]


def prune_backups(backups_dir: Path, keep: int = KEEP_BACKUPS, *, spare: Path | None = None):
    """Delete all but the newest `keep` backups; `spare` (the one just made) is never deleted.
    Returns the deleted paths."""
    backups = [p for p in list_backups(backups_dir) if p != spare]
    excess = len(backups) - (keep - 1 if spare is not None else keep)
    deleted = []
    for path in backups[: max(0, excess)]:
        try:
            path.unlink()
        except OSError:
            continue
        deleted.append(path)
    return deleted


def make_backup(conn: sqlite3.Connection, backups_dir: Path, label: str = "manual") -> Path:
    """A backup now, then prune to the last `KEEP_BACKUPS`; returns the new file."""
    target = backup_database(conn, backups_dir, label)
    prune_backups(backups_dir, spare=target)
    return target


def daily_backup(
    conn: sqlite3.Connection, backups_dir: Path, today: date | None = None
) -> Path | None:
    """The first start of a day makes a `daily` backup; later starts that day do nothing.
    A database without any session has nothing worth keeping: no backup either."""
    today = today or datetime.now().date()
    if list(backups_dir.glob(f"hillsprint-{today:%Y%m%d}-*-daily*.sqlite3")):
        return None
    if conn.execute("SELECT 1 FROM sessions LIMIT 1").fetchone() is None:
        return None
    return make_backup(conn, backups_dir, "daily")


def check_database_file(path: Path) -> None:
    """Raise `DatabaseError` (naming the file) unless it is a sound HillSprint database this
    version can open. Reads only: the file and its folder are left exactly as they were."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    _check_existing(path)


def newest_good_backup(backups_dir: Path) -> Path | None:
    """The most recent backup that passes `check_database_file`, or None."""
    for path in reversed(list_backups(backups_dir)):
        try:
            check_database_file(path)
        except DatabaseError:
            continue
        return path
    return None


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
    _remove_with_side_files(tmp)
    try:
        _copy_database(source, tmp)
    except (sqlite3.Error, OSError) as exc:
        _remove_with_side_files(tmp)
        raise DatabaseError(f"{source} cannot be copied ({exc})") from None
    try:
        previous = _set_aside(database, backups_dir)
        os.replace(tmp, database)
    except BaseException:
        _remove_with_side_files(tmp)
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
        _remove_with_side_files(database)
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


# -- what a backup holds (for the damaged-database dialog) ---------------------------------

_BACKUP_STAMP = re.compile(r"hillsprint-([0-9]{8}-[0-9]{6})-")


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    made: datetime  # local time, from the file name (the file's mtime if the name has none)
    sessions: int | None  # None when the count could not be read
    latest: datetime | None  # when its newest session started


def summarize_backup(path: Path) -> BackupSummary:
    """When the backup was made and what it holds, read without leaving any trace."""
    path = Path(path)
    match = _BACKUP_STAMP.match(path.name)
    try:
        made = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match else None
    except ValueError:
        made = None
    if made is None:
        made = datetime.fromtimestamp(path.stat().st_mtime)
    sessions = latest = None
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            sessions = int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])
            row = conn.execute(
                "SELECT started_at FROM sessions ORDER BY julianday(started_at) DESC LIMIT 1"
            ).fetchone()
        latest = datetime.fromisoformat(row[0]) if row else None
    except (sqlite3.Error, ValueError):
        pass
    return BackupSummary(path, made, sessions, latest)


def newest_backup_summary(backups_dir: Path) -> BackupSummary | None:
    good = newest_good_backup(backups_dir)
    return summarize_backup(good) if good is not None else None
