"""CSV import of the reps format (the round trip of `csv_export`).

Import validates everything before it writes anything, then writes every new session in one
transaction. Each problem is reported as `FILE:LINE: column: what is wrong`. The plan snapshot
is not in the file: an imported session gets a plan rebuilt from its reps (name from `plan`,
each rep's planned sprint and walk-down, timed or manual; the last rep's walk-down, which is
folded into the cool-down, copies the rep before it) with the default warm-up, get-ready and
cool-down.
"""

from __future__ import annotations

import gc
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate, compress

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.csv_imported import REP_COLUMNS, ImportedRows
from hillsprint.storage.csv_reading import read_reps_csv
from hillsprint.storage.database import transaction

IMPORT_CACHE_KIB = -65_536  # PRAGMA cache_size while importing: 64 MiB


IMPORT_PLAN_NOTE = (
    "Rebuilt from a CSV import: reps and walk-downs as recorded; warm-up, get-ready and "
    "cool-down are the defaults."
)


PLACEHOLDER_REP = RepSpec(10.0, 60.0)  # the plan of a session with no reps still needs one


ROWS_PER_INSERT = 500  # reps bound by one INSERT ... VALUES (...), (...), ...


PROGRESS_EVERY = 5_000  # reps between two calls of the progress callback


Progress = Callable[[int, int], object]  # (reps written, reps to write)


SESSION_COLUMNS = (
    "id",
    "started_at",
    "ended_at",
    "plan_name",
    "plan_json",
    "hill",
    "status",
    "session_rpe",
    "duration_s",
    "notes",
)


@dataclass(frozen=True)
class ImportResult:
    sessions: int  # new sessions written
    reps: int  # their reps
    skipped: int  # sessions already present (same session_id), left as they were


def _rebuilt_plan(name: str, sprints, recoveries, manuals) -> Plan:
    if not sprints:
        return Plan(name=name, reps=(PLACEHOLDER_REP,), description=IMPORT_PLAN_NOTE)
    specs = []
    fallback = next((r for r in reversed(recoveries) if r is not None), PLACEHOLDER_REP.recovery_s)
    previous = fallback
    for sprint, planned, manual in zip(sprints, recoveries, manuals, strict=True):
        recovery = planned if planned is not None else previous
        previous = recovery
        specs.append(RepSpec(sprint, recovery, manual=manual == 1))
    return Plan(name=name, reps=tuple(specs), description=IMPORT_PLAN_NOTE)


def import_csv(
    conn: sqlite3.Connection, path: str | os.PathLike, progress: Progress | None = None
) -> ImportResult:
    """Validate the whole file, then add its new sessions in one transaction.

    Raises `CsvImportError` (nothing written) when anything is wrong. Sessions whose id is
    already in the database are skipped, so importing a file twice adds nothing; except a
    session the database holds unfinished (in progress): the file's finished copy replaces it
    (its action log stays). That copy comes from the summary's "Save as CSV…", used when the
    disk refused the session's last writes: it is the whole of what the database has part of.
    `progress(done, total)`, if given, is called with the reps written so far and the reps to
    write: once when the file has been checked (done 0), then every PROGRESS_EVERY reps and at
    the end (done == total). It runs in the importing thread: a window that imports in a worker
    thread (with its own connection) passes something that posts to its own thread.
    """
    with _collector_paused():
        rows = read_reps_csv(path)
        cache_size = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB:d}")
        try:
            return _write_sessions(conn, rows, progress)
        finally:
            conn.execute(f"PRAGMA cache_size = {cache_size:d}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the import. A big file is millions of cells in a few
    huge lists, and each full collection walks all of them, for nothing: the import makes no
    cycles. That was a tenth of the import's time. The collector is global, so another
    thread's cycles simply wait the second or so until it is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _write_sessions(
    conn: sqlite3.Connection, rows: ImportedRows, progress: Progress | None
) -> ImportResult:
    # Every rep goes in with its session in this one transaction (the file was checked), so
    # the per-row foreign-key lookups can be skipped. The pragma only acts outside a
    # transaction: inside a caller's transaction the checks simply stay on.
    checks_off = not conn.in_transaction
    if checks_off:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with transaction(conn):
            return _insert_sessions(conn, rows, progress)
    finally:
        if checks_off:
            conn.execute("PRAGMA foreign_keys = ON")


def _insert_sessions(
    conn: sqlite3.Connection, rows: ImportedRows, progress: Progress | None
) -> ImportResult:
    ids = [session.id for session in rows.sessions]
    unfinished = _existing_ids(conn, ids, unfinished=True)
    existing = _existing_ids(conn, ids) - unfinished
    if existing:
        rows = _without(rows, existing)
    actions = _remove_unfinished(conn, sorted(unfinished))
    sessions = _session_rows(rows)
    if sessions:
        _insert(conn, "sessions", SESSION_COLUMNS, tuple(map(list, zip(*sessions, strict=True))))
    reps = len(rows.reps[0])
    _insert(conn, "reps", REP_COLUMNS, rows.reps, progress or (lambda done, total: None))
    if actions:  # the replaced sessions' action logs, back with their finished copies
        marks = ", ".join("?" * len(actions[0]))
        conn.executemany(f"INSERT INTO actions VALUES ({marks})", actions)
    return ImportResult(len(sessions), reps, len(existing))


def _remove_unfinished(conn: sqlite3.Connection, ids: list[str]) -> list[tuple]:
    """Delete the unfinished sessions `ids` (their rows, reps and actions: with foreign keys
    on or off alike) that the file's finished copies replace; returns their action rows."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    actions = conn.execute(f"SELECT * FROM actions WHERE session_id IN ({marks})", ids).fetchall()
    for table, column in (("actions", "session_id"), ("reps", "session_id"), ("sessions", "id")):
        conn.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", ids)
    return actions


def _without(rows: ImportedRows, ids: set[str]) -> ImportedRows:
    """The rows without the sessions in `ids` (those already in the database)."""
    keep_rep = [rep_id not in ids for rep_id in rows.reps[0]]
    return ImportedRows(
        [session for session in rows.sessions if session.id not in ids],
        tuple(list(compress(column, keep_rep)) for column in rows.reps),
    )


def _session_rows(rows: ImportedRows) -> list[tuple]:
    """One row a session, with the plan rebuilt from its reps (the same plan text once)."""
    plan_texts: dict[tuple, str] = {}
    sprints, recoveries, manuals = rows.reps[3], rows.reps[5], rows.reps[7]
    out = []
    ends = accumulate(session.rep_count for session in rows.sessions)
    for session, end in zip(rows.sessions, ends, strict=True):
        start = end - session.rep_count
        sid, started, ended, plan, hill, status, rpe, duration, notes = session.values
        key = (plan, *(tuple(c[start:end]) for c in (sprints, recoveries, manuals)))
        plan_json = plan_texts.get(key)
        if plan_json is None:
            plan_json = plan_texts[key] = _rebuilt_plan(*key).to_json_text()
        out.append((sid, started, ended, plan, plan_json, hill, status, rpe, duration, notes))
    return out


def _insert(conn, table: str, names: tuple[str, ...], columns, progress=None) -> None:
    """All rows, ROWS_PER_INSERT a statement: the values are bound straight from the columns,
    and SQLite runs one statement where it would run hundreds."""
    total = len(columns[0])
    per_insert = max(1, min(ROWS_PER_INSERT, _variable_limit(conn) // len(names)))
    many = _insert_sql(table, names, per_insert)
    if progress:
        progress(0, total)
    for start in range(0, total, PROGRESS_EVERY):
        end = min(start + PROGRESS_EVERY, total)
        full = end - (end - start) % per_insert
        conn.executemany(
            many, (_bound(columns, a, a + per_insert) for a in range(start, full, per_insert))
        )
        if full < end:
            conn.execute(_insert_sql(table, names, end - full), _bound(columns, full, end))
        if progress:
            progress(end, total)


def _insert_sql(table: str, names: tuple[str, ...], rows: int) -> str:
    marks = f"({', '.join('?' * len(names))})"
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES {', '.join([marks] * rows)}"


def _bound(columns: tuple[list, ...], start: int, end: int) -> list:
    """The values of rows start..end, row after row, as one flat list (slice assignment: no
    tuple a row)."""
    width = len(columns)
    flat: list = [None] * ((end - start) * width)
    for i, column in enumerate(columns):
        flat[i::width] = column[start:end]
    return flat


def _variable_limit(conn: sqlite3.Connection) -> int:
    """How many ? one statement may hold (999 in older SQLite builds, 32766 since 3.32)."""
    return conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _existing_ids(
    conn: sqlite3.Connection, ids: list[str], *, unfinished: bool = False
) -> set[str]:
    """The ids already in the database (only those in progress, with `unfinished`)."""
    found: set[str] = set()
    only = " AND status = 'in_progress'" if unfinished else ""
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT id FROM sessions WHERE id IN ({marks}){only}"
        found.update(row[0] for row in conn.execute(query, chunk))
    return found
