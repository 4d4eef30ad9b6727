"""What the progression rule table and the beginner reminders need from the history, on a
connection from `open_database`.

`recent_outcomes` gives the newest finished sessions on one plan and hill as
`core.progression.SessionOutcome`s (input for `suggest_next`) in two queries: the first walks
the finished sessions newest first and stops as soon as it has `limit` matches, the second
aggregates the reps of just those (done, skipped, mean effort). Names are matched in Python by
`core.hill.name_key` (trimmed, case-folded), as `hills.HillLibrary.find` does: SQLite's NOCASE
folds ASCII letters only, and "Ölberg" and "ölberg" are one hill.

`finished_session_count` and `hours_since_last_session` feed `core.reminders.reminders_for`.
Only finished sessions count (completed or ended early): an `in_progress` one is a session a
crash left open, not one the runner has done.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from hillsprint.core.hill import name_key
from hillsprint.core.plan import PlanError, plan_from_json_text
from hillsprint.core.progression import SessionOutcome

DEFAULT_LIMIT = 5  # the rule table looks at the last EASY_IN_A_ROW (2): room to spare
_FINISHED = "('completed', 'ended_early')"

_CANDIDATES_SQL = f"""
    SELECT id, plan_name, hill FROM sessions
    WHERE status IN {_FINISHED}
    ORDER BY julianday(started_at) DESC, rowid DESC
"""
_OUTCOMES_SQL = """
    SELECT s.id, s.plan_json, s.status,
           coalesce(sum(r.status = 'done'), 0),
           coalesce(sum(r.status = 'skipped'), 0),
           avg(r.effort)
    FROM sessions s LEFT JOIN reps r ON r.session_id = s.id
    WHERE s.id IN ({marks})
    GROUP BY s.id
"""


def _key(name: str | None) -> str | None:
    """How names are compared: trimmed and case-folded; no name (or a blank one) is None."""
    if name is None:
        return None
    return name_key(str(name)) or None


def recent_outcomes(
    conn: sqlite3.Connection, plan_name: str, hill: str | None, limit: int = DEFAULT_LIMIT
) -> list[SessionOutcome]:
    """The newest `limit` finished sessions (completed or ended early) on the plan called
    `plan_name` at `hill`, oldest first and newest last, as `suggest_next` wants them.

    Plan and hill names match ignoring case and surrounding spaces; `hill` None (or blank)
    means sessions run without a hill. Each outcome carries the plan snapshot the session ran
    (so its planned rep count), the reps done and skipped, and the mean effort over the reps
    that have one (None when none has).

    A session whose stored plan no longer reads (a hand-edited database) or whose rep counts
    contradict its plan breaks the run: it and everything older are left out, so the outcomes
    returned are always consecutive sessions and "twice in a row" stays true to its word.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit: expected a whole number 0 or more, got {limit!r}")
    if limit == 0:
        return []
    want_plan, want_hill = _key(plan_name), _key(hill)
    ids: list[str] = []
    for session_id, name, session_hill in conn.execute(_CANDIDATES_SQL):
        if _key(name) == want_plan and _key(session_hill) == want_hill:
            ids.append(session_id)
            if len(ids) == limit:
                break
    if not ids:
        return []
    rows = {
        row[0]: row[1:]
        for row in conn.execute(_OUTCOMES_SQL.format(marks=", ".join("?" * len(ids))), ids)
    }
    outcomes: list[SessionOutcome] = []
    for session_id in ids:  # newest first
        plan_json, status, done, skipped, mean = rows[session_id]
        try:
            outcome = SessionOutcome(
                plan=plan_from_json_text(plan_json),
                reps_done=int(done),
                reps_skipped=int(skipped),
                mean_effort=None if mean is None else float(mean),
                ended_early=status == "ended_early",
            )
        except (PlanError, TypeError, ValueError):
            break
        outcomes.append(outcome)
    outcomes.reverse()
    return outcomes


def last_finished_session(conn: sqlite3.Connection) -> tuple[str, str, str | None] | None:
    """(id, plan name, hill) of the newest finished session, or None before the first one."""
    row = conn.execute(_CANDIDATES_SQL + " LIMIT 1").fetchone()
    return None if row is None else (row[0], row[1], row[2])


def finished_session_count(conn: sqlite3.Connection) -> int:
    """How many sessions were finished (completed or ended early): `sessions_done` for
    `reminders_for`."""
    row = conn.execute(f"SELECT count(*) FROM sessions WHERE status IN {_FINISHED}").fetchone()
    return int(row[0])


def hours_since_last_session(conn: sqlite3.Connection, now: datetime) -> float | None:
    """Hours from the end of the latest finished session to `now` (a time-zone-aware
    datetime), or None when no session was finished yet. A session without an end time (an
    old import) counts from its start. Negative when the clock was set back: `reminders_for`
    treats that as recent."""
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise ValueError(f"now: expected a datetime with a time zone, got {now!r}")
    row = conn.execute(
        f"SELECT coalesce(ended_at, started_at) FROM sessions WHERE status IN {_FINISHED}"
        " ORDER BY julianday(coalesce(ended_at, started_at)) DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return (now - datetime.fromisoformat(row[0])).total_seconds() / 3600.0
