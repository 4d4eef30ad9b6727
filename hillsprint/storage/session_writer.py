"""One session's writes, kept in memory first and written in order, whatever the disk does.

At the hill the session must go on when the disk fails: a full disk, a data folder on a USB
stick that is pulled, an I/O error. So every write of a running session (a rep, an effort, an
action, the summary's fields, the final save) first updates an in-memory copy of the session,
then goes to the database. A write the database refuses (`StorageError`, any sqlite3 error
class) waits in a backlog, and every later write first retries the backlog in its order, so
the file never sees an effort before its rep or an old value after a new one. `problem` says
why the backlog is waiting (None when everything is on disk); the screens show it.

When the disk stays broken, `save_as_csv` writes the in-memory session in the reps export
format (through a throw-away in-memory database and the real exporter, so the file is exactly
what `hillsprint export` writes and `hillsprint import` takes back); an import then replaces
the unfinished copy the database kept with this finished one.

It offers the repository's write methods with the same signatures (`record_rep`,
`set_rep_effort`, `log_action`, `update_session`, `finish_session`), so the session
controller writes through it unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from hillsprint.core.effort import is_valid_effort
from hillsprint.core.records import ActionRecord, RepRecord, SessionStatus
from hillsprint.storage.errors import StorageError
from hillsprint.storage.repository import (
    UNCHANGED,
    SessionRepository,
    StoredRep,
    StoredSession,
)


@dataclass
class _Write:
    what: str  # for messages: "rep 3", "effort of rep 3", …
    call: Callable[..., Any]
    args: tuple
    kwargs: dict = field(default_factory=dict)


class SessionWriter:
    """Writes of session `session.id` through `sessions` (the Store's guarded repository,
    whose failures are `StorageError`s), with the session's current state in memory."""

    def __init__(
        self, sessions: SessionRepository, session: StoredSession, reps: list[StoredRep]
    ) -> None:
        self._sessions = sessions
        self._session = session
        self._reps: dict[int, StoredRep] = {rep.number: rep for rep in reps}
        self._backlog: list[_Write] = []
        self.problem: str | None = None
        self.listeners: list[Callable[[str | None], None]] = []

    # ---- what is known, on disk or not -------------------------------------------------------

    @property
    def session_id(self) -> str:
        return self._session.id

    def session(self) -> StoredSession:
        done = sum(1 for rep in self._reps.values() if rep.status.value == "done")
        return replace(self._session, reps_done=done)

    def reps(self) -> list[StoredRep]:
        return [self._reps[n] for n in sorted(self._reps)]

    @property
    def pending(self) -> int:
        """How many writes wait for the disk."""
        return len(self._backlog)

    def pending_text(self) -> str:
        return ", ".join(write.what for write in self._backlog)

    # ---- the repository's writes ---------------------------------------------------------

    def record_rep(self, session_id: str, rep: RepRecord) -> bool:
        self._check(session_id)
        old = self._reps.get(rep.number)
        self._reps[rep.number] = StoredRep(
            rep.number,
            rep.started_at,
            rep.sprint_planned_s,
            rep.sprint_s,
            rep.recovery_planned_s,
            rep.recovery_s,
            rep.recovery_manual,
            old.effort if old else None,  # as the repository keeps an effort already there
            rep.status,
        )
        return self._write(f"rep {rep.number}", self._sessions.record_rep, session_id, rep)

    def set_rep_effort(self, session_id: str, number: int, effort: int | None) -> bool:
        self._check(session_id)
        _check_effort(effort)
        if number not in self._reps:
            raise ValueError(f"no rep {number} in session {session_id}")
        self._reps[number] = replace(self._reps[number], effort=effort)
        return self._write(
            f"effort of rep {number}", self._sessions.set_rep_effort, session_id, number, effort
        )

    def log_action(self, session_id: str, record: ActionRecord) -> bool:
        self._check(session_id)
        return self._write(record.action, self._sessions.log_action, session_id, record)

    def update_session(
        self, session_id: str, *, session_rpe: Any = UNCHANGED, notes: Any = UNCHANGED
    ) -> bool:
        self._check(session_id)
        changes = {}
        if session_rpe is not UNCHANGED:
            _check_effort(session_rpe)
            changes["session_rpe"] = session_rpe
        if notes is not UNCHANGED:
            changes["notes"] = notes
        self._session = replace(self._session, **changes)
        return self._write(
            "session effort", self._sessions.update_session, session_id, kwargs=changes
        )

    def finish_session(
        self,
        session_id: str,
        status: SessionStatus,
        ended_at: str,
        duration_s: float,
        session_rpe: int | None = None,
        notes: str = "",
    ) -> bool:
        self._check(session_id)
        _check_effort(session_rpe)
        self._session = replace(
            self._session,
            status=SessionStatus(status),
            ended_at=ended_at,
            duration_s=duration_s,
            session_rpe=session_rpe,
            notes=notes,
        )
        args = (session_id, status, ended_at, duration_s, session_rpe, notes)
        return self._write("the saved session", self._sessions.finish_session, *args)

    # ---- the backlog -----------------------------------------------------------------------

    def retry(self) -> bool:
        """Write what waits, in order; True when everything is on disk."""
        while self._backlog:
            write = self._backlog[0]
            try:
                write.call(*write.args, **write.kwargs)
            except StorageError as exc:
                self._set_problem(str(exc))
                return False
            self._backlog.pop(0)
        self._set_problem(None)
        return True

    def drop_backlog(self) -> None:
        """Forget what waits (the runner chose to lose it, or it is safe in a CSV file)."""
        self._backlog.clear()
        self._set_problem(None)

    def _write(self, what: str, call, *args, kwargs: dict | None = None) -> bool:
        self._backlog.append(_Write(what, call, args, kwargs or {}))
        return self.retry()

    def _set_problem(self, problem: str | None) -> None:
        if problem == self.problem:
            return
        self.problem = problem
        for listener in list(self.listeners):
            listener(problem)

    def _check(self, session_id: str) -> None:
        if session_id != self._session.id:
            raise ValueError(f"this writer writes session {self._session.id}, not {session_id}")

    # ---- the way out when the disk stays broken --------------------------------------------

    def save_as_csv(self, out: str | Path) -> int:
        """Write this session (it must be finished) to `out` in the reps export format;
        returns the rows written. Raises `ExportError` naming the file when it cannot."""
        from hillsprint.storage.csv_export import export_csv
        from hillsprint.storage.database import migrate

        if self._session.status is SessionStatus.IN_PROGRESS:
            raise ValueError("only a finished session is saved as CSV")
        s = self._session
        with closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, 0)
            memory = SessionRepository(conn)
            made = memory.start_session(s.plan, s.started_at, hill=s.hill)
            conn.execute("UPDATE sessions SET id = ? WHERE id = ?", (s.id, made))
            for rep in self.reps():
                memory.record_rep(s.id, _record(rep))
                memory.set_rep_effort(s.id, rep.number, rep.effort)
            memory.finish_session(
                s.id, s.status, s.ended_at, s.duration_s or 0.0, s.session_rpe, s.notes
            )
            return export_csv(conn, out, "reps")


def _record(rep: StoredRep) -> RepRecord:
    return RepRecord(
        rep.number,
        rep.started_at,
        rep.sprint_planned_s,
        rep.sprint_s,
        rep.recovery_planned_s,
        rep.recovery_s,
        rep.recovery_manual,
        rep.status,
    )


def _check_effort(value: object) -> None:
    """A caller's mistake is said at once, not when the disk comes back."""
    if value is not None and not is_valid_effort(value):
        raise ValueError(f"an effort is 0-10 or None, got {value!r}")


def new_session_view(session_id: str, plan, started_at: str, hill: str | None) -> StoredSession:
    """The in-memory copy of a session just started (what `start_session` stored)."""
    return StoredSession(
        id=session_id,
        started_at=started_at,
        ended_at=None,
        plan=plan,
        hill=hill,
        status=SessionStatus.IN_PROGRESS,
        session_rpe=None,
        duration_s=None,
        notes="",
        reps_done=0,
    )
