"""The import that gives way to a running session: the same result as the plain import, in
short transactions, and a failure part-way keeps (and reports) what was committed."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing

import pytest

from hillsprint.storage import csv_import, shared_import
from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.csv_reading import CsvImportError
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history
from hillsprint.storage.shared_import import ImportInterrupted, import_csv_giving_way


@pytest.fixture
def csv_file(tmp_path):
    with closing(open_database(tmp_path / "source.sqlite3")) as conn:
        fill_history(SessionRepository(conn), years=0.3, seed=5)
        export_csv(conn, tmp_path / "reps.csv", "reps")
    return tmp_path / "reps.csv"


def table(conn) -> list[tuple]:
    return conn.execute(
        "SELECT s.id, s.started_at, s.session_rpe, r.number, r.sprint_s, r.effort"
        " FROM sessions s JOIN reps r ON r.session_id = s.id ORDER BY s.id, r.number"
    ).fetchall()


def test_it_imports_what_the_plain_import_does(tmp_path, csv_file, monkeypatch):
    monkeypatch.setattr(shared_import, "MIN_PAUSE_S", 0.0)
    with (
        closing(open_database(tmp_path / "a.sqlite3")) as plain,
        closing(open_database(tmp_path / "b.sqlite3")) as giving,
    ):
        expected = import_csv(plain, csv_file)
        assert import_csv_giving_way(giving, csv_file) == expected
        assert table(giving) == table(plain)
        again = import_csv_giving_way(giving, csv_file)
        assert (again.sessions, again.skipped) == (0, expected.sessions)


def test_another_writer_gets_in_between_its_transactions(tmp_path, csv_file, monkeypatch):
    """A second connection's write, started once the import has begun writing, commits
    before the import ends (the plain import holds the write lock to its end; here ~45
    sessions, each followed by a pause of at least 5 ms)."""
    monkeypatch.setattr(shared_import, "BATCH_S", 0.0)  # one session a transaction
    slow = csv_import._insert_sessions
    first_batch = threading.Event()

    def slower(conn, sessions, progress):
        first_batch.set()
        time.sleep(0.002)
        return slow(conn, sessions, progress)

    monkeypatch.setattr(shared_import, "_insert_sessions", slower)
    path = tmp_path / "hs.sqlite3"
    open_database(path).close()
    finished = {}

    def other_writer():
        first_batch.wait(10)
        with closing(sqlite3.connect(path, timeout=5, isolation_level=None)) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS probe (x)")
            finished["write"] = time.perf_counter()

    with closing(open_database(path)) as conn:
        thread = threading.Thread(target=other_writer)
        thread.start()
        import_csv_giving_way(conn, csv_file)
        finished["import"] = time.perf_counter()
        thread.join()
    assert finished["write"] < finished["import"]


def test_a_bad_file_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("not,a,hillsprint,export\n1,2,3,4\n")
    with closing(open_database(tmp_path / "hs.sqlite3")) as conn:
        with pytest.raises(CsvImportError):
            import_csv_giving_way(conn, bad)
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (0,)


def test_a_failure_part_way_keeps_and_reports_the_committed_batches(
    tmp_path, csv_file, monkeypatch
):
    monkeypatch.setattr(shared_import, "BATCH_S", 0.0)
    monkeypatch.setattr(shared_import, "MIN_PAUSE_S", 0.0)
    calls = []
    real = csv_import._insert_sessions

    def failing(conn, sessions, progress):
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real(conn, sessions, progress)

    monkeypatch.setattr(shared_import, "_insert_sessions", failing)
    with closing(open_database(tmp_path / "hs.sqlite3")) as conn:
        with pytest.raises(ImportInterrupted) as caught:
            import_csv_giving_way(conn, csv_file)
        assert caught.value.done.sessions == 2
        assert "disk I/O error" in str(caught.value)
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (2,)
