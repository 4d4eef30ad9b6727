"""SessionRepository: round trips of every call, effort kept across rewrites, validation."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from hillsprint.core.plan import Plan
from hillsprint.core.records import ActionRecord, RepStatus, SessionStatus
from hillsprint.storage.database import open_database, transaction
from hillsprint.storage.repository import (
    NotFoundError,
    SessionRepository,
    StoredRep,
    StoredSession,
)

STARTED = "2026-05-04T07:00:00.000+02:00"


def count(repo: SessionRepository, table: str) -> int:
    return repo.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_start_session_round_trip(repo: SessionRepository, plan: Plan) -> None:
    session_id = repo.start_session(plan, "2026-05-04T07:00:00+02:00", hill="Kirchberg")
    assert repo.get_session(session_id) == StoredSession(
        id=session_id,
        started_at=STARTED,  # stored in the canonical iso() form
        ended_at=None,
        plan=plan,
        hill="Kirchberg",
        status=SessionStatus.IN_PROGRESS,
        session_rpe=None,
        duration_s=None,
        notes="",
        reps_done=0,
    )
    assert repo.get_session(session_id).plan_name == "Classic 3x10"
    assert repo.get_session("nope") is None


@pytest.mark.parametrize("stamp", ["2026-05-04T07:00:00", "yesterday", "2026-05-04T07:00+00:00:30"])
def test_timestamps_need_a_utc_offset(repo: SessionRepository, plan: Plan, stamp: str) -> None:
    with pytest.raises(ValueError):
        repo.start_session(plan, stamp)
    assert count(repo, "sessions") == 0


def test_record_rep_round_trip(repo: SessionRepository, plan: Plan, make_rep) -> None:
    session_id = repo.start_session(plan, STARTED)
    first = make_rep(1, recovery_s=118.5)
    last = make_rep(
        3,
        sprint_planned_s=12.0,
        sprint_s=7.5,
        recovery_planned_s=None,
        recovery_manual=True,
        status=RepStatus.SKIPPED,
    )
    repo.record_rep(session_id, first)
    repo.record_rep(session_id, last)
    assert repo.reps(session_id) == [
        StoredRep(1, first.started_at, 10.0, 10.25, 120.0, 118.5, False, None, RepStatus.DONE),
        StoredRep(3, last.started_at, 12.0, 7.5, None, None, True, None, RepStatus.SKIPPED),
    ]
    assert repo.get_session(session_id).reps_done == 1


def test_effort_survives_the_rewrite_at_walk_down_end(
    repo: SessionRepository, plan: Plan, make_rep
) -> None:
    session_id = repo.start_session(plan, STARTED)
    repo.record_rep(session_id, make_rep(1))  # sprint over
    repo.set_rep_effort(session_id, 1, 8)  # digit pressed while walking down
    repo.record_rep(session_id, make_rep(1, recovery_s=121.0))  # walk-down over
    [stored] = repo.reps(session_id)
    assert (stored.effort, stored.recovery_s) == (8, 121.0)
    repo.set_rep_effort(session_id, 1, None)
    assert repo.reps(session_id)[0].effort is None


@pytest.mark.parametrize("effort", [-1, 11, 5.0, True, "7"])
def test_effort_must_be_0_to_10(repo: SessionRepository, plan: Plan, make_rep, effort) -> None:
    session_id = repo.start_session(plan, STARTED)
    repo.record_rep(session_id, make_rep(1))
    with pytest.raises(ValueError, match="0-10"):
        repo.set_rep_effort(session_id, 1, effort)
    assert repo.reps(session_id)[0].effort is None


def test_effort_for_a_missing_rep_is_an_error(repo: SessionRepository, plan: Plan) -> None:
    session_id = repo.start_session(plan, STARTED)
    with pytest.raises(NotFoundError, match="no rep 4"):
        repo.set_rep_effort(session_id, 4, 5)


def test_writes_to_an_unknown_session_are_errors(repo: SessionRepository, make_rep) -> None:
    action = ActionRecord("pause", STARTED, 1.0, "sprint", 1)
    with pytest.raises(NotFoundError):
        repo.record_rep("ghost", make_rep(1))
    with pytest.raises(NotFoundError):
        repo.log_action("ghost", action)
    with pytest.raises(NotFoundError):
        repo.finish_session("ghost", SessionStatus.COMPLETED, STARTED, 1.0)
    with pytest.raises(NotFoundError):
        repo.update_session("ghost", notes="x")
    with pytest.raises(NotFoundError):
        repo.delete_session("ghost")


def test_actions_round_trip_in_order(repo: SessionRepository, plan: Plan) -> None:
    session_id = repo.start_session(plan, STARTED)
    logged = [
        ActionRecord("start", STARTED, 1000.0, "warmup", 0),
        ActionRecord("pause", "2026-05-04T07:03:00.000+02:00", 1180.25, "warmup", 0, "phone"),
        ActionRecord("resume", "2026-05-04T07:04:00.000+02:00", 1240.5, "warmup", 0),
    ]
    for record in logged:
        repo.log_action(session_id, record)
    assert repo.actions(session_id) == logged


def test_finish_session_round_trip(repo: SessionRepository, plan: Plan) -> None:
    session_id = repo.start_session(plan, STARTED)
    repo.finish_session(
        session_id,
        SessionStatus.ENDED_EARLY,
        "2026-05-04T07:40:00.000+02:00",
        1834.5,
        session_rpe=7,
        notes="calf tight",
    )
    stored = repo.get_session(session_id)
    assert stored.status is SessionStatus.ENDED_EARLY
    assert (stored.ended_at, stored.duration_s) == ("2026-05-04T07:40:00.000+02:00", 1834.5)
    assert (stored.session_rpe, stored.notes) == (7, "calf tight")


@pytest.mark.parametrize(
    "changes",
    [
        {"status": SessionStatus.IN_PROGRESS},
        {"session_rpe": 12},
        {"duration_s": -1.0},
        {"duration_s": float("nan")},
    ],
)
def test_finish_session_validates(repo: SessionRepository, plan: Plan, changes: dict) -> None:
    session_id = repo.start_session(plan, STARTED)
    args = {"status": SessionStatus.COMPLETED, "ended_at": STARTED, "duration_s": 10.0}
    with pytest.raises(ValueError):
        repo.finish_session(session_id, **{**args, **changes})
    assert repo.get_session(session_id).status is SessionStatus.IN_PROGRESS


def test_update_session_changes_only_what_is_given(repo: SessionRepository, plan: Plan) -> None:
    session_id = repo.start_session(plan, STARTED)
    repo.finish_session(session_id, SessionStatus.COMPLETED, STARTED, 60.0, 6, "windy")
    repo.update_session(session_id, session_rpe=8)
    stored = repo.get_session(session_id)
    assert (stored.session_rpe, stored.notes) == (8, "windy")
    repo.update_session(session_id, notes="")
    repo.update_session(session_id)
    stored = repo.get_session(session_id)
    assert (stored.session_rpe, stored.notes) == (8, "")
    repo.update_session(session_id, session_rpe=None)
    assert repo.get_session(session_id).session_rpe is None
    with pytest.raises(ValueError):
        repo.update_session(session_id, session_rpe=-3)


def test_delete_session_cascades(repo: SessionRepository, plan: Plan, make_rep) -> None:
    kept = repo.start_session(plan, STARTED)
    gone = repo.start_session(plan, "2026-05-05T07:00:00+02:00")
    for session_id in (kept, gone):
        repo.record_rep(session_id, make_rep(1))
        repo.log_action(session_id, ActionRecord("start", STARTED, 1.0, "warmup", 0))
    repo.delete_session(gone)
    assert repo.get_session(gone) is None
    assert repo.reps(gone) == [] and repo.actions(gone) == []
    assert (count(repo, "reps"), count(repo, "actions")) == (1, 1)
    assert len(repo.reps(kept)) == 1


def test_in_progress_sessions(repo: SessionRepository, plan: Plan) -> None:
    older = repo.start_session(plan, "2026-05-01T07:00:00+02:00")
    done = repo.start_session(plan, "2026-05-02T07:00:00+02:00")
    newer = repo.start_session(plan, "2026-05-03T07:00:00+02:00")
    repo.finish_session(done, SessionStatus.COMPLETED, "2026-05-02T07:30:00+02:00", 1800.0)
    assert [s.id for s in repo.in_progress_sessions()] == [newer, older]


def test_history_reads_compare_instants_not_strings(repo: SessionRepository, plan: Plan) -> None:
    # Lexically "07:30+02:00" sorts after "06:45+00:00", but it is the earlier instant.
    early = repo.start_session(plan, "2026-05-04T07:30:00+02:00")  # 05:30 UTC
    late = repo.start_session(plan, "2026-05-04T06:45:00+00:00")  # 06:45 UTC
    other_day = repo.start_session(plan, "2026-05-06T18:00:00-04:00")
    assert [s.id for s in repo.list_sessions()] == [other_day, late, early]
    assert [s.id for s in repo.list_sessions(start="2026-05-04T08:00:00+02:00")] == [
        other_day,
        late,
    ]
    window = repo.list_sessions("2026-05-04T00:00:00+02:00", "2026-05-04T07:45:00+01:00")
    assert [s.id for s in window] == [early]  # the end bound is exclusive
    assert repo.list_sessions(end="2026-05-04T05:30:00+00:00") == []
    assert repo.count_sessions_since("2026-05-04T05:30:00Z") == 3
    assert repo.count_sessions_since("2026-05-04T05:30:00.001Z") == 2
    assert repo.last_session().id == other_day


def test_empty_history(repo: SessionRepository) -> None:
    assert repo.list_sessions() == []
    assert repo.last_session() is None
    assert repo.in_progress_sessions() == []
    assert repo.count_sessions_since(STARTED) == 0


def test_every_write_is_committed_before_it_returns(
    repo: SessionRepository, db_path: Path, plan: Plan, make_rep
) -> None:
    with closing(sqlite3.connect(db_path)) as other:
        session_id = repo.start_session(plan, STARTED)
        repo.record_rep(session_id, make_rep(1))
        repo.set_rep_effort(session_id, 1, 6)
        assert not repo.connection.in_transaction
        row = other.execute("SELECT effort FROM reps WHERE session_id = ?", (session_id,))
        assert row.fetchone() == (6,)


def test_bulk_writes_share_one_transaction(repo: SessionRepository, plan: Plan, make_rep) -> None:
    with pytest.raises(RuntimeError), transaction(repo.connection):
        session_id = repo.start_session(plan, STARTED)
        repo.record_rep(session_id, make_rep(1))
        raise RuntimeError("import failed half-way")
    assert count(repo, "sessions") == 0 and count(repo, "reps") == 0


def test_repository_needs_foreign_keys(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "raw.sqlite3")) as raw, pytest.raises(ValueError):
        SessionRepository(raw)
    with closing(open_database(tmp_path / "ok.sqlite3")) as conn:
        SessionRepository(conn)
