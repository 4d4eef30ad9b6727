"""Read and restore queries for the history view, on a connection from `open_database`.

`history_rows` fetches every session row the history table shows in ONE query: reps are
aggregated per session in SQL (count done, mean and max effort) and the planned rep count comes
from the stored plan snapshot with SQLite's JSON1 (`json_array_length`), so no plan JSON is
parsed in Python. Ten years (~1,600 sessions, ~16,000 reps) take a few milliseconds.

`snapshot_session` / `restore_session` back the history's Undo after a delete: the session's
rows (session, reps, action log) are copied out before the delete and written back verbatim.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from hillsprint.storage.database import transaction
from hillsprint.storage.repository import NEWEST_FIRST

UNIX_EPOCH_JULIANDAY = 2440587.5

_HISTORY_SQL = f"""
    SELECT s.id, s.started_at,
           (julianday(s.started_at) - {UNIX_EPOCH_JULIANDAY}) * 86400.0,
           s.plan_name, s.hill, s.status,
           coalesce(r.done, 0),
           coalesce(json_array_length(s.plan_json, '$.reps'), 0),
           r.mean_effort, r.max_effort, s.session_rpe, s.duration_s
    FROM sessions s
    LEFT JOIN (
        SELECT session_id,
               sum(status = 'done') AS done,
               avg(effort) AS mean_effort,
               max(effort) AS max_effort
        FROM reps GROUP BY session_id
    ) r ON r.session_id = s.id
"""


@dataclass(frozen=True)
class HistoryRow:
    """One session as the history table shows it."""

    id: str
    started_at: str  # ISO 8601 with the offset the runner had
    started_ts: float  # Unix seconds: the instant, for sorting and charts
    plan_name: str
    hill: str | None
    status: str  # a SessionStatus value
    reps_done: int
    reps_planned: int
    mean_effort: float | None  # over reps with an effort; None when no rep has one
    max_effort: int | None
    session_rpe: int | None
    duration_s: float | None  # active seconds; None while in progress


def history_rows(conn: sqlite3.Connection, session_id: str | None = None) -> list[HistoryRow]:
    """Every session (or just `session_id`), newest first."""
    if session_id is None:
        cursor = conn.execute(_HISTORY_SQL + NEWEST_FIRST)
    else:
        cursor = conn.execute(_HISTORY_SQL + " WHERE s.id = ?", (session_id,))
    return [HistoryRow(*row) for row in cursor]


@dataclass(frozen=True)
class SessionSnapshot:
    """A session's stored rows, verbatim: enough to put a deleted session back."""

    session: tuple
    reps: tuple[tuple, ...]
    actions: tuple[tuple, ...]

    @property
    def session_id(self) -> str:
        return self.session[0]


_SESSION_FIELDS = (
    "id, started_at, ended_at, plan_name, plan_json, hill, status, session_rpe, duration_s, notes"
)
_REP_FIELDS = (
    "session_id, number, started_at, sprint_planned_s, sprint_s, recovery_planned_s,"
    " recovery_s, recovery_manual, effort, status"
)
_ACTION_FIELDS = "id, session_id, action, at, mono, phase, rep, detail"


def snapshot_session(conn: sqlite3.Connection, session_id: str) -> SessionSnapshot | None:
    """Copy a session's rows (None if there is no such session)."""
    session = conn.execute(
        f"SELECT {_SESSION_FIELDS} FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    if session is None:
        return None
    reps = conn.execute(
        f"SELECT {_REP_FIELDS} FROM reps WHERE session_id = ? ORDER BY number", (session_id,)
    ).fetchall()
    actions = conn.execute(
        f"SELECT {_ACTION_FIELDS} FROM actions WHERE session_id = ? ORDER BY id", (session_id,)
    ).fetchall()
    return SessionSnapshot(tuple(session), tuple(reps), tuple(actions))


def restore_session(conn: sqlite3.Connection, snapshot: SessionSnapshot) -> None:
    """Write a snapshot back in one transaction (Undo of a delete). Fails with
    sqlite3.IntegrityError if the session exists again. Action ids are kept when free, so the
    log keeps its order; one whose id was taken meanwhile gets a new one."""
    with transaction(conn):
        conn.execute(
            f"INSERT INTO sessions ({_SESSION_FIELDS}) VALUES ({_marks(10)})", snapshot.session
        )
        conn.executemany(f"INSERT INTO reps ({_REP_FIELDS}) VALUES ({_marks(10)})", snapshot.reps)
        for action in snapshot.actions:
            try:
                conn.execute(f"INSERT INTO actions ({_ACTION_FIELDS}) VALUES ({_marks(8)})", action)
            except sqlite3.IntegrityError:  # its id was reused meanwhile: take a new one
                conn.execute(
                    f"INSERT INTO actions ({_ACTION_FIELDS}) VALUES (NULL, {_marks(7)})",
                    action[1:],
                )


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def rep_efforts(conn: sqlite3.Connection, session_ids: list[str]) -> dict[str, list[int | None]]:
    """Each session's rep efforts in rep order (`efforts[i]` is rep i + 1; None where no effort
    was given), for the rep-curve chart. Sessions without reps map to an empty list."""
    efforts: dict[str, list[int | None]] = {sid: [] for sid in session_ids}
    if not session_ids:
        return efforts
    rows = conn.execute(
        "SELECT session_id, number, effort FROM reps"
        f" WHERE session_id IN ({_marks(len(session_ids))}) ORDER BY session_id, number",
        session_ids,
    )
    for session_id, number, effort in rows:
        curve = efforts[session_id]
        curve.extend([None] * (number - len(curve)))
        curve[number - 1] = effort
    return efforts
