"""Durability under kill -9: every write the writer acknowledged is on disk after the kill.

A writer process (_rep_writer.py) goes through the real open_database and SessionRepository
and prints an acknowledgement after each call returns. The parent kills it with SIGKILL at a
random instant, reopens the database the way the app does, and checks every acknowledged
value. Trials share one database, and some skip the parent's reopen, so the next writer (or
the parent) starts on the -wal file a killed process left behind.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from contextlib import closing
from pathlib import Path

import pytest

from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

WRITER = Path(__file__).with_name("_rep_writer.py")
SEED = 20260504
# From "opening" to the end of open_database, measured here: a new database file exists after
# ~1-3 ms (the rest is switching to WAL); opening an existing one takes ~2-13 ms.
CREATE_WINDOW_S = 0.004
OPEN_WINDOW_S = 0.012


def run_writer(db: Path, kill_after: str, delay_s: float) -> list[list[str]]:
    """Start a writer, SIGKILL it `delay_s` after it prints `kill_after`; return its acks."""
    # bufsize=0: the lines are read from the pipe itself, byte by byte. A buffered reader reads
    # ahead, and communicate() below reads the raw pipe, so what the read-ahead held was lost
    # and the first line after it started mid-line (a rare IndexError in check_acks).
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )
    try:
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if line.startswith(kill_after.encode()):
                break
        time.sleep(delay_s)
        os.kill(proc.pid, signal.SIGKILL)
        rest, err = proc.communicate(timeout=30)
    finally:
        if proc.returncode is None:  # a failed check above: do not leave it running
            proc.kill()
            proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")
    lines = seen + rest.splitlines(keepends=True)
    # A line cut short by the kill acknowledges nothing.
    return [line.decode().split() for line in lines if line.endswith(b"\n")][1:]  # no "opening"


def check_acks(db: Path, acks: list[list[str]]) -> int:
    """Reopen through open_database (recovering any WAL) and check each ack; returns how many."""
    by_session: dict[str, list[list[str]]] = defaultdict(list)
    for words in acks:
        by_session[words[1]].append(words)
    with closing(open_database(db)) as conn:
        repo = SessionRepository(conn)
        for session_id, session_acks in by_session.items():
            assert repo.get_session(session_id) is not None
            reps = {rep.number: rep for rep in repo.reps(session_id)}
            logged = {action.rep for action in repo.actions(session_id)}
            for kind, _, *rest in session_acks:
                if kind == "ready":
                    continue
                number = int(rest[0])
                if kind == "action":
                    assert number in logged, (session_id, number)
                    continue
                rep = reps[number]
                value = {"sprint": rep.sprint_s, "effort": rep.effort, "recovery": rep.recovery_s}
                assert value[kind] == type(value[kind])(rest[1]), (session_id, number, kind)
    return len(acks)


def integrity(db: Path) -> str:
    with closing(open_database(db)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_kill_during_creation(tmp_path: Path) -> None:
    """Killed while making a new database: the next open finds none or a whole one."""
    rng = random.Random(SEED)
    started, stats = time.monotonic(), Counter()
    for trial in range(60):
        db = tmp_path / f"fresh{trial}" / "hillsprint.sqlite3"
        db.parent.mkdir()
        window = CREATE_WINDOW_S if trial % 3 else 10 * CREATE_WINDOW_S
        acks = run_writer(db, "opening", rng.uniform(0, window))
        if db.exists():
            stats["killed after the file was in place"] += 1
        elif any(db.parent.iterdir()):
            stats["killed mid-creation"] += 1
        stats["acks verified"] += check_acks(db, acks)
        assert integrity(db) == "ok"
        assert os.listdir(db.parent) == [db.name]  # leftovers of the killed creation are gone
    print(f"\ncreation: 60 kills, {dict(stats)}, {time.monotonic() - started:.1f} s")


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db = tmp_path / "hillsprint.sqlite3"
    open_database(db).close()
    started, stats = time.monotonic(), Counter()
    pending: list[list[str]] = []
    for trial in range(240):
        if trial % 6 == 5:  # now and then, kill while opening the database
            acks = run_writer(db, "opening", rng.uniform(0, OPEN_WINDOW_S))
            stats["killed while opening"] += not acks
        else:
            acks = run_writer(db, "ready", rng.uniform(0.005, 0.080))
        pending += acks
        if rng.random() < 0.3:
            stats["next writer recovers the WAL"] += 1
            continue
        stats["acks verified"] += check_acks(db, pending)
        pending = []
    stats["acks verified"] += check_acks(db, pending)
    assert integrity(db) == "ok"
    assert stats["acks verified"] >= 240  # the writers got well past opening
    print(f"\nwrites: 240 kills, {dict(stats)}, {time.monotonic() - started:.1f} s")
