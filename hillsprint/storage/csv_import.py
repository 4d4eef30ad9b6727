"""CSV import of the reps format (the round trip of `csv_export`).

Import validates everything before it writes anything, then writes every new session in one
transaction. Each problem is reported as `FILE:LINE: column: what is wrong`. The plan snapshot
is not in the file: an imported session gets a plan rebuilt from its reps (name from `plan`,
each rep's planned sprint and walk-down, timed or manual; the last rep's walk-down, which is
folded into the cool-down, copies the rep before it) with the default warm-up, get-ready and
cool-down.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.csv_reading import ImportedSession, read_reps_csv
from hillsprint.storage.database import transaction

IMPORT_CACHE_KIB = -65_536  # PRAGMA cache_size while importing: 64 MiB


IMPORT_PLAN_NOTE = (
    "Rebuilt from a CSV import: reps and walk-downs as recorded; warm-up, get-ready and "
    "cool-down are the defaults."
)


PLACEHOLDER_REP = RepSpec(10.0, 60.0)  # the plan of a session with no reps still needs one


@dataclass(frozen=True)
class ImportResult:
    sessions: int  # new sessions written
    reps: int  # their reps
    skipped: int  # sessions already present (same session_id), left as they were


def _rebuilt_plan(name: str, reps: list[tuple]) -> Plan:
    if not reps:
        return Plan(name=name, reps=(PLACEHOLDER_REP,), description=IMPORT_PLAN_NOTE)
    specs = []
    fallback = next((r[3] for r in reversed(reps) if r[3] is not None), PLACEHOLDER_REP.recovery_s)
    previous = fallback
    for rep in reps:
        recovery = rep[3] if rep[3] is not None else previous
        previous = recovery
        specs.append(RepSpec(rep[1], recovery, manual=rep[8] == "manual"))
    return Plan(name=name, reps=tuple(specs), description=IMPORT_PLAN_NOTE)


def import_csv(conn: sqlite3.Connection, path: str | os.PathLike) -> ImportResult:
    """Validate the whole file, then add its new sessions in one transaction.

    Raises `CsvImportError` (nothing written) when anything is wrong. Sessions whose id is
    already in the database are skipped, so importing a file twice adds nothing.
    """
    sessions = read_reps_csv(path)
    cache_size = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB:d}")
    try:
        return _write_sessions(conn, sessions)
    finally:
        conn.execute(f"PRAGMA cache_size = {cache_size:d}")


def _write_sessions(conn: sqlite3.Connection, sessions: list[ImportedSession]) -> ImportResult:
    # Every rep goes in with its session in this one transaction (the file was checked), so
    # the per-row foreign-key lookups can be skipped. The pragma only acts outside a
    # transaction: inside a caller's transaction the checks simply stay on.
    checks_off = not conn.in_transaction
    if checks_off:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with transaction(conn):
            return _insert_sessions(conn, sessions)
    finally:
        if checks_off:
            conn.execute("PRAGMA foreign_keys = ON")


def _insert_sessions(conn: sqlite3.Connection, sessions: list[ImportedSession]) -> ImportResult:
    session_rows: list[tuple] = []
    rep_rows: list[tuple] = []
    plan_texts: dict[tuple, str] = {}
    manual = {"manual": 1, "timed": 0}
    existing = _existing_ids(conn, [session.id for session in sessions])
    # In key order (session id, rep number) and with a bigger page cache, the indexes are
    # built several times faster than in file order.
    for session in sorted(sessions, key=lambda item: item.id):
        if session.id in existing:
            continue
        v = session.values
        reps = [session.reps[n] for n in sorted(session.reps)]
        key = (v["plan"], tuple((r[1], r[3], r[8]) for r in reps))
        plan_json = plan_texts.get(key)
        if plan_json is None:
            plan_json = plan_texts[key] = _rebuilt_plan(v["plan"], reps).to_json_text()
        session_rows.append(
            (
                session.id,
                v["session_start"],
                v["session_end"],
                v["plan"],
                plan_json,
                v["hill"],
                v["session_status"],
                v["session_effort"],
                v["duration_s"],
                v["notes"],
            )
        )
        rep_rows.extend(
            (session.id, n, start, sp, s, rp, r, manual[walk], effort, status)
            for n, sp, s, rp, r, effort, status, start, walk in reps
        )
    conn.executemany(
        "INSERT INTO sessions (id, started_at, ended_at, plan_name, plan_json, hill, status,"
        " session_rpe, duration_s, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        session_rows,
    )
    conn.executemany(
        "INSERT INTO reps (session_id, number, started_at, sprint_planned_s, sprint_s,"
        " recovery_planned_s, recovery_s, recovery_manual, effort, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rep_rows,
    )
    return ImportResult(len(session_rows), len(rep_rows), len(existing))


def _existing_ids(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(
            row[0] for row in conn.execute(f"SELECT id FROM sessions WHERE id IN ({marks})", chunk)
        )
    return found
