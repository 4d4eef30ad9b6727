"""Backups: a daily copy, keeping the last ten, finding the newest good one, and restoring.

Every copy is made with SQLite's backup API (`backup_database`), so it is a consistent
snapshot even while the app writes, and lands in `backups/` under a name that sorts by time:
`hillsprint-YYYYmmdd-HHMMSS-<label>.sqlite3`. Labels: `daily` (first start of a day),
`before-vN` (before a migration), `manual` (`hillsprint backup`), `before-restore`.

Restoring a backup is `repair`'s job; this module only makes, lists, prunes and reads them.
"""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hillsprint.storage.db_file import (
    DatabaseError,
    check_database_file,
    read_only_uri,
    remove_with_side_files,
)

KEEP_BACKUPS = 10
BACKUP_GLOB = "hillsprint-*.sqlite3"


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
        remove_with_side_files(partial)
        raise
    return target


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


def newest_good_backup(backups_dir: Path) -> Path | None:
    """The most recent backup that passes `check_database_file`, or None."""
    for path in reversed(list_backups(backups_dir)):
        try:
            check_database_file(path)
        except DatabaseError:
            continue
        return path
    return None


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
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
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
