"""The session repository: every write the timing screen and the history make, and their reads.

Each write method is one transaction, committed before it returns (or a savepoint inside a
caller's `transaction()`), so a rep acknowledged on screen is on disk. Timestamps must carry a
UTC offset; they are stored in the canonical `hillsprint.core.clock.iso` form. Date-range
queries compare instants, not strings: "07:00+02:00" and "06:00+01:00" are the same moment.
"""

from __future__ import annotations

import math
import sqlite3
import uuid
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from hillsprint.core.clock import (
    NoUtcOffsetError,
    OffsetSecondsError,
    canonical_timestamp,
)
from hillsprint.core.effort import is_valid_effort
from hillsprint.core.plan import Plan, plan_from_json_text
from hillsprint.core.records import ActionRecord, RepRecord, RepStatus, SessionStatus
from hillsprint.storage.database import transaction


class NotFoundError(LookupError):
    """The session or rep named by a write does not exist."""


class Unchanged(Enum):
    """Type of the `UNCHANGED` sentinel: `update_session` leaves such a field as it is."""

    TOKEN = "unchanged"


UNCHANGED = Unchanged.TOKEN


@dataclass(frozen=True)
class StoredSession:
    id: str
    started_at: str
    ended_at: str | None
    plan: Plan  # the snapshot taken at start, so later plan edits do not rewrite history
    hill: str | None
    status: SessionStatus
    session_rpe: int | None
    duration_s: float | None  # active seconds, pauses excluded; None while in progress
    notes: str
    reps_done: int  # reps stored with status "done"

    @property
    def plan_name(self) -> str:
        return self.plan.name


@dataclass(frozen=True)
class StoredRep:
    number: int
    started_at: str
    sprint_planned_s: float
    sprint_s: float
    recovery_planned_s: float | None
    recovery_s: float | None
    recovery_manual: bool
    effort: int | None
    status: RepStatus


_SESSION_COLUMNS = """
    SELECT s.id, s.started_at, s.ended_at, s.plan_json, s.hill, s.status, s.session_rpe,
           s.duration_s, s.notes,
           (SELECT count(*) FROM reps r WHERE r.session_id = s.id AND r.status = 'done')
    FROM sessions s
"""
# Sessions newest first, by the instant (julianday reads the UTC offset) and, for one instant,
# by insertion: the start screen and the history list them in this order.
NEWEST_FIRST = " ORDER BY julianday(s.started_at) DESC, s.rowid DESC"

_UPSERT_REP = """
    INSERT INTO reps (session_id, number, started_at, sprint_planned_s, sprint_s,
                      recovery_planned_s, recovery_s, recovery_manual, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (session_id, number) DO UPDATE SET
        started_at = excluded.started_at,
        sprint_planned_s = excluded.sprint_planned_s,
        sprint_s = excluded.sprint_s,
        recovery_planned_s = excluded.recovery_planned_s,
        recovery_s = excluded.recovery_s,
        recovery_manual = excluded.recovery_manual,
        status = excluded.status
"""  # effort is not in the update list: the rep is rewritten after its effort arrived


class SessionRepository:
    """Sessions, their reps and action log, on a connection from `open_database`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        # Without foreign keys, deleting a session would leave its reps behind.
        if conn.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
            raise ValueError("the connection must have foreign keys on (use open_database)")
        self.connection = conn

    # -- writes ----------------------------------------------------------------------------

    def start_session(self, plan: Plan, started_at: str, hill: str | None = None) -> str:
        """Store a new in-progress session with a snapshot of its plan; returns its id."""
        session_id = uuid.uuid4().hex
        with transaction(self.connection) as conn:
            conn.execute(
                "INSERT INTO sessions (id, started_at, plan_name, plan_json, hill, status)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    _stamp(started_at),
                    plan.name,
                    plan.to_json_text(),
                    hill,
                    SessionStatus.IN_PROGRESS.value,
                ),
            )
        return session_id

    def record_rep(self, session_id: str, rep: RepRecord) -> None:
        """Insert or overwrite rep `rep.number`, keeping any effort already stored for it."""
        values = (
            session_id,
            rep.number,
            _stamp(rep.started_at),
            rep.sprint_planned_s,
            rep.sprint_s,
            rep.recovery_planned_s,
            rep.recovery_s,
            int(rep.recovery_manual),
            RepStatus(rep.status).value,
        )
        with transaction(self.connection) as conn:
            _require_session(conn, session_id)
            conn.execute(_UPSERT_REP, values)

    def set_rep_effort(self, session_id: str, number: int, effort: int | None) -> None:
        """Set (or clear, with None) the effort of a stored rep."""
        _check_effort("effort", effort)
        with transaction(self.connection) as conn:
            cursor = conn.execute(
                "UPDATE reps SET effort = ? WHERE session_id = ? AND number = ?",
                (effort, session_id, number),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no rep {number} in session {session_id}")

    def log_action(self, session_id: str, record: ActionRecord) -> None:
        with transaction(self.connection) as conn:
            _require_session(conn, session_id)
            conn.execute(
                "INSERT INTO actions (session_id, action, at, mono, phase, rep, detail)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    record.action,
                    _stamp(record.at),
                    record.mono,
                    record.phase,
                    record.rep,
                    record.detail,
                ),
            )

    def finish_session(
        self,
        session_id: str,
        status: SessionStatus,
        ended_at: str,
        duration_s: float,
        session_rpe: int | None = None,
        notes: str = "",
    ) -> None:
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise ValueError("a finished session is completed or ended_early, not in_progress")
        if not (math.isfinite(duration_s) and duration_s >= 0):
            raise ValueError(f"duration_s must be 0 or more seconds, got {duration_s!r}")
        _check_effort("session_rpe", session_rpe)
        self._update(
            session_id,
            {
                "status": status.value,
                "ended_at": _stamp(ended_at),
                "duration_s": float(duration_s),
                "session_rpe": session_rpe,
                "notes": notes,
            },
        )

    def update_session(
        self,
        session_id: str,
        *,
        session_rpe: int | Unchanged | None = UNCHANGED,
        notes: str | Unchanged = UNCHANGED,
    ) -> None:
        """Edit what the runner may change afterwards; fields left UNCHANGED are kept."""
        changes: dict[str, object] = {}
        if session_rpe is not UNCHANGED:
            _check_effort("session_rpe", session_rpe)
            changes["session_rpe"] = session_rpe
        if notes is not UNCHANGED:
            changes["notes"] = notes
        self._update(session_id, changes)

    def delete_session(self, session_id: str) -> None:
        """Delete a session with its reps and actions (ON DELETE CASCADE)."""
        with transaction(self.connection) as conn:
            cursor = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            if cursor.rowcount == 0:
                raise NotFoundError(f"no session {session_id}")

    def _update(self, session_id: str, changes: dict[str, object]) -> None:
        # Column names come from the fixed keys above, never from callers.
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with transaction(self.connection) as conn:
            _require_session(conn, session_id)
            if changes:
                conn.execute(
                    f"UPDATE sessions SET {assignments} WHERE id = ?",
                    (*changes.values(), session_id),
                )

    # -- reads -----------------------------------------------------------------------------

    def get_session(self, session_id: str) -> StoredSession | None:
        rows = self._sessions(" WHERE s.id = ?", (session_id,))
        return rows[0] if rows else None

    def in_progress_sessions(self) -> list[StoredSession]:
        """Sessions a crash (or a quit) left open, newest first: offer to resume or finish."""
        return self._sessions(" WHERE s.status = 'in_progress'" + NEWEST_FIRST)

    def list_sessions(
        self, start: str | None = None, end: str | None = None
    ) -> list[StoredSession]:
        """Sessions that started at or after `start` and before `end`, newest first."""
        conditions, params = [], []
        if start is not None:
            conditions.append("julianday(s.started_at) >= julianday(?)")
            params.append(_stamp(start))
        if end is not None:
            conditions.append("julianday(s.started_at) < julianday(?)")
            params.append(_stamp(end))
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        return self._sessions(where + NEWEST_FIRST, tuple(params))

    def last_session(self) -> StoredSession | None:
        """The most recently started session, whatever its status."""
        rows = self._sessions(NEWEST_FIRST + " LIMIT 1")
        return rows[0] if rows else None

    def count_sessions_since(self, iso_start: str) -> int:
        """How many sessions (any status) started at or after `iso_start`."""
        row = self.connection.execute(
            "SELECT count(*) FROM sessions WHERE julianday(started_at) >= julianday(?)",
            (_stamp(iso_start),),
        ).fetchone()
        return int(row[0])

    def reps(self, session_id: str) -> list[StoredRep]:
        rows = self.connection.execute(
            "SELECT number, started_at, sprint_planned_s, sprint_s, recovery_planned_s,"
            " recovery_s, recovery_manual, effort, status"
            " FROM reps WHERE session_id = ? ORDER BY number",
            (session_id,),
        )
        return [
            StoredRep(
                *row[:6], recovery_manual=bool(row[6]), effort=row[7], status=RepStatus(row[8])
            )
            for row in rows
        ]

    def actions(self, session_id: str) -> list[ActionRecord]:
        """The action log of a session, in the order it was written."""
        rows = self.connection.execute(
            "SELECT action, at, mono, phase, rep, detail FROM actions"
            " WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [ActionRecord(*row) for row in rows]

    def _sessions(self, tail: str, params: tuple = ()) -> list[StoredSession]:
        rows = self.connection.execute(_SESSION_COLUMNS + tail, params)
        return [
            StoredSession(
                id=row[0],
                started_at=row[1],
                ended_at=row[2],
                plan=_plan(row[3]),
                hill=row[4],
                status=SessionStatus(row[5]),
                session_rpe=row[6],
                duration_s=row[7],
                notes=row[8],
                reps_done=row[9],
            )
            for row in rows
        ]


@lru_cache(maxsize=256)
def _plan(plan_json: str) -> Plan:
    """Parse a stored plan snapshot. Cached: most sessions repeat a handful of plans, and a
    Plan is immutable, so sessions may share one instance."""
    return plan_from_json_text(plan_json)


def _stamp(value: str) -> str:
    """The canonical stored form of an ISO 8601 timestamp; refuses one without a UTC offset."""
    try:
        return canonical_timestamp(value)
    except NoUtcOffsetError:
        raise ValueError(f"timestamp {value!r} has no UTC offset") from None
    except OffsetSecondsError:
        raise ValueError(
            f"timestamp {value!r}: SQLite cannot read an offset with seconds"
        ) from None


def _check_effort(name: str, value: object) -> None:
    if value is not None and not is_valid_effort(value):
        raise ValueError(f"{name} must be a whole number 0-10 or None, got {value!r}")


def _require_session(conn: sqlite3.Connection, session_id: str) -> None:
    if conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
        raise NotFoundError(f"no session {session_id}")
