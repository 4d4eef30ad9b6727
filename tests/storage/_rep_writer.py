"""Writer half of the SIGKILL durability test (test_sigkill.py); run as a script.

Opens the database through the real `open_database` and `SessionRepository`, starts a session,
then records reps the way a session does (sprint end, effort, walk-down end, action log).
Each stdout line is printed only after the call it acknowledges has returned, and it carries the
values written, so the parent can check exactly those after killing this process at a random
instant. Imports stay light (no Qt): every trial starts a fresh interpreter.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import ActionRecord, RepRecord, RepStatus
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository

PLAN = Plan(name="Kill test 10x10", reps=(RepSpec(sprint_s=10, recovery_s=90),) * 10)
STARTED = "2026-05-04T07:00:00.000+02:00"
MAX_REPS = 5000  # a stop if the parent never kills us


def ack(*words: object) -> None:
    print(*words, flush=True)


def main(db: Path) -> None:
    ack("opening")
    conn = open_database(db)
    repo = SessionRepository(conn)
    session = repo.start_session(PLAN, STARTED, hill="kill -9 hill")
    ack("ready", session)
    for n in range(1, MAX_REPS + 1):
        rep = RepRecord(
            number=n,
            started_at=STARTED,
            sprint_planned_s=10.0,
            sprint_s=10.0 + n / 1000,
            recovery_planned_s=90.0,
            recovery_s=None,
            recovery_manual=n % 2 == 0,
            status=RepStatus.DONE,
        )
        repo.record_rep(session, rep)
        ack("sprint", session, n, repr(rep.sprint_s))
        effort = n % 11
        repo.set_rep_effort(session, n, effort)
        ack("effort", session, n, effort)
        recovery = 90.0 + n / 7
        repo.record_rep(session, replace(rep, recovery_s=recovery))
        ack("recovery", session, n, repr(recovery))
        repo.log_action(session, ActionRecord("advance", STARTED, float(n), "walk_down", n))
        ack("action", session, n)
    conn.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
