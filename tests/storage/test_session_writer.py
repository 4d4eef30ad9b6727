"""SessionWriter: the session in memory first, writes in order, a refused write kept and
retried before the next; the CSV rescue in the export format; an import of that file replaces
the unfinished copy the database kept."""

from __future__ import annotations

import sqlite3

import pytest

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import ActionRecord, RepRecord, RepStatus, SessionStatus
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.errors import guarded
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.session_writer import SessionWriter, new_session_view

PLAN = Plan("Two", (RepSpec(10, 60), RepSpec(10, 60)))
STARTED = "2026-05-04T07:00:00+02:00"


def rep(number: int, recovery: float | None = None) -> RepRecord:
    return RepRecord(number, STARTED, 10.0, 9.5, 60.0, recovery, False, RepStatus.DONE)


class Flaky:
    """A repository whose writes raise `error` while it is set."""

    def __init__(self, repo: SessionRepository) -> None:
        self.repo, self.error, self.calls = repo, None, []

    def __getattr__(self, name):
        real = getattr(self.repo, name)

        def call(*args, **kwargs):
            self.calls.append(name)
            if self.error is not None:
                raise self.error
            return real(*args, **kwargs)

        return call


@pytest.fixture
def setup(repo):
    sid = repo.start_session(PLAN, STARTED)
    flaky = Flaky(repo)
    writer = SessionWriter(guarded(flaky), new_session_view(sid, PLAN, STARTED, None), [])
    return repo, flaky, writer, sid


def test_a_refused_write_waits_and_goes_first_when_the_disk_works(setup):
    repo, flaky, writer, sid = setup
    seen = []
    writer.listeners.append(seen.append)
    assert writer.record_rep(sid, rep(1))
    flaky.error = sqlite3.OperationalError("database or disk is full")
    assert not writer.set_rep_effort(sid, 1, 7)
    assert not writer.record_rep(sid, rep(1, 61.0))
    assert not writer.log_action(sid, ActionRecord("pause", STARTED, 1.0, "sprint", 1))
    assert writer.pending == 3 and writer.problem == "database or disk is full"
    assert writer.pending_text() == "effort of rep 1, rep 1, pause"
    assert [(r.number, r.effort, r.recovery_s) for r in writer.reps()] == [(1, 7, 61.0)]
    assert [(r.effort, r.recovery_s) for r in repo.reps(sid)] == [(None, None)]
    flaky.error = None
    flaky.calls.clear()
    assert writer.record_rep(sid, rep(2))
    assert flaky.calls == ["set_rep_effort", "record_rep", "log_action", "record_rep"]
    assert [(r.number, r.effort, r.recovery_s) for r in repo.reps(sid)] == [
        (1, 7, 61.0),
        (2, None, None),
    ]
    assert writer.pending == 0 and writer.problem is None
    assert seen == ["database or disk is full", None]


def test_a_callers_mistake_is_said_at_once(setup):
    _, flaky, writer, sid = setup
    flaky.error = sqlite3.OperationalError("disk I/O error")
    with pytest.raises(ValueError):
        writer.set_rep_effort(sid, 1, 7)  # no rep 1
    writer.record_rep(sid, rep(1))
    with pytest.raises(ValueError):
        writer.set_rep_effort(sid, 1, 11)
    with pytest.raises(ValueError):
        writer.record_rep("another", rep(2))


def test_save_as_csv_round_trips_through_import_and_replaces_the_unfinished_copy(setup, tmp_path):
    repo, flaky, writer, sid = setup
    writer.record_rep(sid, rep(1, 60.5))
    writer.log_action(sid, ActionRecord("start", STARTED, 0.0, "get_ready", 1))
    flaky.error = sqlite3.OperationalError("disk I/O error")
    writer.set_rep_effort(sid, 1, 6)
    writer.record_rep(sid, rep(2))
    writer.set_rep_effort(sid, 2, 8)
    ended = "2026-05-04T07:10:00.000+02:00"
    assert not writer.finish_session(sid, SessionStatus.COMPLETED, ended, 400.0, 7, "wet, 3 °C")
    out = tmp_path / "rescue.csv"
    assert writer.save_as_csv(out) == 2
    flaky.error = None
    assert repo.get_session(sid).status is SessionStatus.IN_PROGRESS  # the partial copy
    result = import_csv(repo.connection, out)
    assert (result.sessions, result.reps, result.skipped) == (1, 2, 0)
    session = repo.get_session(sid)
    assert (session.status, session.session_rpe, session.notes) == (
        SessionStatus.COMPLETED,
        7,
        "wet, 3 °C",
    )
    assert session.ended_at == ended and session.duration_s == pytest.approx(400.0)
    assert [(r.number, r.effort) for r in repo.reps(sid)] == [(1, 6), (2, 8)]
    assert [a.action for a in repo.actions(sid)] == ["start"]  # the log stays
    again = import_csv(repo.connection, out)
    assert (again.sessions, again.skipped) == (0, 1)  # now finished: skipped as usual
    assert len(repo.list_sessions()) == 1


def test_an_unfinished_session_is_only_saved_as_csv_once_finished(setup, tmp_path):
    _, _, writer, _ = setup
    with pytest.raises(ValueError):
        writer.save_as_csv(tmp_path / "x.csv")
