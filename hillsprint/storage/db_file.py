"""Checks on a database file that read only and leave no trace: is it SQLite, is it ours, is its
schema one this version knows, is it sound (`PRAGMA quick_check`). Opening, backing up and
restoring all use these, so every path refuses the same files with the same words.

The `DatabaseError` family lives here: each message names the file and says why.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from hillsprint.storage import schema

SQLITE_MAGIC = b"SQLite format 3\x00"


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


def check_file(path: Path) -> None:
    """Refuse a file that is not a HillSprint database this version can handle, untouched."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise DatabaseError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if not header.startswith(SQLITE_MAGIC):
        raise NotSQLiteError(f"{path} is not a SQLite database (found: {_describe(header)})")
    application_id, version = read_ids(path)
    if application_id != schema.APPLICATION_ID:
        raise ForeignDatabaseError(
            f"{path} is another program's SQLite database "
            f"(application_id {application_id:#010x}), HillSprint will not touch it"
        )
    if version > schema.SCHEMA_VERSION:
        raise NewerSchemaError(newer_message(path, version))
    quick_check(path)


def read_only_uri(path: Path) -> str:
    """A read-only URI that leaves no trace: `immutable` (no side files, no locks) when no
    -wal or -journal exists, since the main file then holds the whole database; plain
    read-only otherwise, so that SQLite reads the newer pages in them."""
    has_side_files = any(Path(f"{path}{s}").exists() for s in ("-wal", "-journal"))
    query = "mode=ro" if has_side_files else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{query}"


def quick_check(path: Path) -> None:
    """`PRAGMA quick_check` (page structure, no index-content comparison: linear time) on a
    read-only connection; raises `DamagedDatabaseError` with the first problem it reports."""
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
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


def read_ids(path: Path) -> tuple[int, int]:
    """application_id and user_version, read without leaving any trace.

    A plain read-only open of a WAL-mode file creates -wal and -shm files and leaves them. When
    no -wal or -journal exists the main file alone holds the whole database, so it is opened
    `immutable` (no side files, no locks). When they exist, they may hold newer pages: SQLite
    then reads read-only through them.
    """
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True)) as conn:
            return pragma_int(conn, "application_id"), pragma_int(conn, "user_version")
    except sqlite3.Error as exc:
        if exc.sqlite_errorname == "SQLITE_READONLY_ROLLBACK":
            raise DatabaseError(
                f"{path} has an unfinished transaction in its -journal file that only the "
                "program which wrote it should recover; HillSprint will not touch it"
            ) from None
        if exc.sqlite_errorname in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
            raise DamagedDatabaseError(path, str(exc)) from None
        raise DatabaseError(f"{path} cannot be read as a SQLite database ({exc})") from None


def pragma_int(conn: sqlite3.Connection, name: str) -> int:
    return int(conn.execute(f"PRAGMA {name}").fetchone()[0])


def newer_message(path: Path, version: int) -> str:
    return (
        f"{path} was written by a newer HillSprint "
        f"(schema {version}, this version knows {schema.SCHEMA_VERSION})"
    )


def _describe(header: bytes) -> str:
    """A few words on what a non-SQLite file starts with, for the refusal message."""
    if not header:
        return "an empty file"
    text = header[:40].decode("utf-8", "replace").rstrip("\ufffd")  # a cut multi-byte char
    if text and "\ufffd" not in text and all(c.isprintable() or c in "\t\r\n" for c in text):
        return f"text starting {text[:30]!r}"
    return f"binary data starting {header[:8].hex(' ')}"


def refuse_orphan_side_files(path: Path) -> None:
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


def remove_with_side_files(db: Path) -> None:
    # The journal goes first: a stale hot journal beside a fresh file would be "rolled back"
    # into it by SQLite.
    for suffix in ("-journal", "-wal", "-shm", ""):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def check_database_file(path: Path) -> None:
    """Raise `DatabaseError` (naming the file) unless it is a sound HillSprint database this
    version can open. Reads only: the file and its folder are left exactly as they were."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    check_file(path)
