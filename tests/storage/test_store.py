"""The Store: the one door between the screens and the database.

Failures are injected at the storage layer itself: SQLite's authorizer refuses every statement
(as a damaged page, a lock or a read-only disk would refuse one), so each call meets a real
`sqlite3.Error` inside real storage code, and must hand the caller a `StorageError` instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hillsprint.core.hill import Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import ActionRecord, SessionStatus
from hillsprint.storage.csv_export import ExportError
from hillsprint.storage.database import open_database
from hillsprint.storage.errors import Guarded, StorageError, guarded
from hillsprint.storage.history_queries import SessionSnapshot
from hillsprint.storage.store import Store

PLAN = Plan("Store 3", (RepSpec(10, 60),) * 3)
STARTED = "2026-05-04T07:00:00.000+02:00"
NOW = datetime(2026, 5, 5, 7, 0, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def store(db_path: Path, tmp_path: Path) -> Iterator[Store]:
    conn = open_database(db_path)
    try:
        yield Store(conn, database=db_path, backups_dir=tmp_path / "backups")
    finally:
        conn.close()


def refuse_everything(store: Store) -> None:
    """From now on SQLite refuses every statement ("not authorized")."""
    store._connection.set_authorizer(lambda *_args: sqlite3.SQLITE_DENY)


def test_it_reads_and_writes_through_its_pieces(store: Store, make_rep, tmp_path: Path):
    session_id = store.sessions.start_session(PLAN, STARTED, hill="Kirchberg")
    store.sessions.record_rep(session_id, make_rep(1))
    store.sessions.set_rep_effort(session_id, 1, 7)
    store.sessions.finish_session(session_id, SessionStatus.ENDED_EARLY, STARTED, 300.0)
    store.plans.save_new(PLAN)
    store.hills.add(Hill("Kirchberg", length_m=120.0))

    [row] = store.history_rows()
    assert (row.id, row.reps_done, row.mean_effort) == (session_id, 1, 7.0)
    assert store.rep_efforts([session_id]) == {session_id: [7]}
    assert store.last_finished_session() == (session_id, PLAN.name, "Kirchberg")
    assert store.finished_session_count() == 1
    assert store.hours_since_last_session(NOW) == pytest.approx(24.0)
    assert len(store.recent_outcomes(PLAN.name, "Kirchberg")) == 1
    assert [entry.name for entry in store.plans.list()] == [PLAN.name]
    assert store.hills.find("kirchberg ").length_m == 120.0
    out = tmp_path / "out.csv"
    assert store.export_csv(out) == 1 and out.is_file()
    assert store.make_backup().is_file()

    snapshot = store.snapshot_session(session_id)
    store.sessions.delete_session(session_id)
    assert store.history_rows() == []
    store.restore_session(snapshot)
    assert [r.id for r in store.history_rows()] == [session_id]


def test_screens_cannot_reach_the_connection(store: Store):
    for piece in (store.sessions, store.plans, store.hills):
        with pytest.raises(AttributeError, match="not offered"):
            piece.connection  # noqa: B018 (the access itself is the test)
    assert not hasattr(store, "connection")


# Every kind of call a screen makes, one per method of the store and of its pieces.
CALLS: dict[str, Callable[[Store], object]] = {
    "sessions.start_session": lambda s: s.sessions.start_session(PLAN, STARTED),
    "sessions.record_rep": lambda s: s.sessions.record_rep("x", _rep()),
    "sessions.set_rep_effort": lambda s: s.sessions.set_rep_effort("x", 1, 5),
    "sessions.log_action": lambda s: s.sessions.log_action(
        "x", ActionRecord("start", STARTED, 0.0, "warmup", 0)
    ),
    "sessions.finish_session": lambda s: s.sessions.finish_session(
        "x", SessionStatus.COMPLETED, STARTED, 1.0
    ),
    "sessions.update_session": lambda s: s.sessions.update_session("x", notes="n"),
    "sessions.delete_session": lambda s: s.sessions.delete_session("x"),
    "sessions.get_session": lambda s: s.sessions.get_session("x"),
    "sessions.in_progress_sessions": lambda s: s.sessions.in_progress_sessions(),
    "sessions.list_sessions": lambda s: s.sessions.list_sessions(),
    "sessions.last_session": lambda s: s.sessions.last_session(),
    "sessions.count_sessions_since": lambda s: s.sessions.count_sessions_since(STARTED),
    "sessions.reps": lambda s: s.sessions.reps("x"),
    "sessions.actions": lambda s: s.sessions.actions("x"),
    "plans.list": lambda s: s.plans.list(),
    "plans.get": lambda s: s.plans.get(1),
    "plans.find": lambda s: s.plans.find("Mine"),
    "plans.unique_name": lambda s: s.plans.unique_name("Mine"),
    "plans.save_new": lambda s: s.plans.save_new(PLAN),
    "plans.update": lambda s: s.plans.update(1, PLAN),
    "plans.delete": lambda s: s.plans.delete(1),
    "plans.duplicate": lambda s: s.plans.duplicate(1),
    "hills.list": lambda s: s.hills.list(),
    "hills.get": lambda s: s.hills.get(1),
    "hills.find": lambda s: s.hills.find("Kirchberg"),
    "hills.add": lambda s: s.hills.add(Hill("Kirchberg")),
    "hills.update": lambda s: s.hills.update(1, Hill("Kirchberg")),
    "hills.delete": lambda s: s.hills.delete(1),
    "history_rows": lambda s: s.history_rows(),
    "rep_efforts": lambda s: s.rep_efforts(["x"]),
    "snapshot_session": lambda s: s.snapshot_session("x"),
    "restore_session": lambda s: s.restore_session(SessionSnapshot(("x",) * 10, (), ())),
    "recent_outcomes": lambda s: s.recent_outcomes(PLAN.name, None),
    "last_finished_session": lambda s: s.last_finished_session(),
    "finished_session_count": lambda s: s.finished_session_count(),
    "hours_since_last_session": lambda s: s.hours_since_last_session(NOW),
    "export_csv": lambda s: s.export_csv(s.backups_dir.parent / "out.csv"),
}


def _rep():
    from hillsprint.core.records import RepRecord, RepStatus

    return RepRecord(1, STARTED, 10.0, 10.0, 60.0, 60.0, False, RepStatus.DONE)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_a_database_that_refuses_is_one_storage_error(store: Store, db_path: Path, call):
    store.hills.add(Hill("Kirchberg"))  # something to find, daily_backup has its own test
    refuse_everything(store)
    with pytest.raises(StorageError) as caught:
        call(store)
    message = str(caught.value)
    assert "\n" not in message
    assert message == f"not authorized ({db_path})"
    assert isinstance(caught.value.__cause__, sqlite3.Error)


def test_daily_backup_and_import_fail_the_same_way(store: Store, make_rep, tmp_path: Path):
    session_id = store.sessions.start_session(PLAN, STARTED)
    store.sessions.record_rep(session_id, make_rep(1))
    out = tmp_path / "reps.csv"
    store.export_csv(out)
    refuse_everything(store)
    with pytest.raises(StorageError, match="not authorized"):
        store.daily_backup()
    with pytest.raises(StorageError, match="not authorized"):
        store.import_csv(out)


def test_a_closed_database_says_so(store: Store):
    """(The backup goes through SQLite's backup API, which the authorizer does not see.)"""
    store.close()
    with pytest.raises(StorageError, match="closed database"):
        store.plans.list()
    with pytest.raises(StorageError, match="closed database"):
        store.make_backup()


def test_other_errors_keep_their_own_type(store: Store, tmp_path: Path):
    """A file problem is the caller's to word (ExportError), a wrong argument a ValueError:
    only what the database says becomes a StorageError."""
    with pytest.raises(ExportError, match="it is a folder"):
        store.export_csv(tmp_path)
    with pytest.raises(ValueError, match="UTC offset"):
        store.sessions.start_session(PLAN, "2026-05-04T07:00:00")
    without_backups = Store(store._connection)
    with pytest.raises(ValueError, match="without a backups folder"):
        without_backups.make_backup()


class Flaky:
    """A stand-in for any storage class: one method fails as SQLite would, one does not."""

    counter = 3

    def broken(self) -> None:
        raise sqlite3.OperationalError("database disk image\n is   malformed")

    def fine(self, value: int) -> int:
        return value + 1


def test_guarded_turns_every_method_and_hides_the_rest():
    wrapped = guarded(Flaky(), Path("/data/hillsprint.sqlite3"))
    assert isinstance(wrapped, Guarded)
    assert wrapped.fine(1) == 2
    with pytest.raises(StorageError) as caught:
        wrapped.broken()
    assert str(caught.value) == "database disk image is malformed (/data/hillsprint.sqlite3)"
    with pytest.raises(AttributeError):
        wrapped.counter  # noqa: B018
    with pytest.raises(AttributeError):
        wrapped._target_secret  # noqa: B018
