#!/usr/bin/env python3
"""Storage benchmark: per-rep commit latency, and history queries on ten years of sessions.

1. Commit latency: 2,000 `record_rep` calls (1,000 reps, each written at sprint end and again at
   walk-down end) and 1,000 `set_rep_effort` calls, each its own committed transaction with WAL
   and synchronous=FULL. Target: p95 <= 1 ms per `record_rep`.
2. History: `fill_history` writes 10 years (~1,600 sessions, ~16,000 reps); then the time to
   open the database and to run the history screen's queries, first call and median.

    python tests/benchmarks/bench_storage.py
    python tests/benchmarks/bench_storage.py --dir /path/on/the/disk/to/test --reps 5000

fsync cost depends on the disk under --dir (default: a temporary directory; tmpfs would make
the commit figures meaningless). Not collected by pytest (not named test_*.py).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import DEFAULT_UNTIL, fill_history

STARTED = "2026-05-04T07:00:00.000+02:00"
PLAN = Plan(name="Bench 10x10", reps=(RepSpec(10, 90),) * 10)
QUERY_ROUNDS = 20


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * pct // 100) - 1)]


def ms(seconds: list[float]) -> str:
    values = [s * 1000 for s in seconds]
    return (
        f"n={len(values):<5} p50 {statistics.median(values):6.3f} ms  "
        f"p95 {percentile(values, 95):6.3f} ms  max {max(values):7.3f} ms"
    )


def timed(call: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    call(*args)
    return time.perf_counter() - start


def bench_commits(folder: Path, rep_writes: int) -> bool:
    upserts: list[float] = []
    efforts: list[float] = []
    with closing(open_database(folder / "commits.sqlite3")) as conn:
        repo = SessionRepository(conn)
        session_id = ""
        for i in range(rep_writes // 2):
            number = i % 10 + 1
            if number == 1:
                session_id = repo.start_session(PLAN, STARTED)
            rep = RepRecord(number, STARTED, 10.0, 10.2, 90.0, None, False, RepStatus.DONE)
            walked = RepRecord(number, STARTED, 10.0, 10.2, 90.0, 93.5, False, RepStatus.DONE)
            upserts.append(timed(repo.record_rep, session_id, rep))
            efforts.append(timed(repo.set_rep_effort, session_id, number, 7))
            upserts.append(timed(repo.record_rep, session_id, walked))
    baseline = raw_commits(folder / "raw.sqlite3", rep_writes)
    p95 = percentile(upserts, 95) * 1000
    verdict = "ok" if p95 <= 1 else "MISSED"
    print("per-call commit latency (WAL, synchronous=FULL, one transaction a call)")
    print(f"  record_rep      {ms(upserts)}   (target p95 <= 1 ms: {verdict})")
    print(f"  set_rep_effort  {ms(efforts)}")
    print(f"  bare sqlite3    {ms(baseline)}   (one-row INSERT, same settings: the disk's share)")
    return p95 <= 1


def raw_commits(path: Path, count: int) -> list[float]:
    """The same commits without HillSprint's code, to tell fsync cost from our overhead."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE t (a INTEGER, b TEXT)")
        times = []
        for i in range(count):
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t VALUES (?, 'x')", (i,))
            conn.execute("COMMIT")
            times.append(time.perf_counter() - start)
    return times


def bench_history(folder: Path, years: float) -> None:
    path = folder / "history.sqlite3"
    with closing(open_database(path)) as conn:
        start = time.perf_counter()
        sessions = fill_history(SessionRepository(conn), years=years)
        fill_s = time.perf_counter() - start
        reps = conn.execute("SELECT count(*) FROM reps").fetchone()[0]
    size_mb = path.stat().st_size / 1e6
    print(f"\nhistory: {sessions} sessions, {reps} reps over {years:g} years, {size_mb:.1f} MB")
    print(f"  fill_history (one transaction)       {fill_s:7.2f} s")
    opens = []
    for _ in range(5):
        start = time.perf_counter()
        open_database(path).close()
        opens.append(time.perf_counter() - start)
    print(f"  open_database + close                {ms(opens)}")
    with closing(open_database(path)) as conn:
        repo = SessionRepository(conn)
        middle = repo.list_sessions()[sessions // 2].id
        queries: dict[str, Callable[[], object]] = {
            "list_sessions() all": repo.list_sessions,
            "list_sessions(one month)": lambda: repo.list_sessions(
                "2025-09-01T00:00:00+02:00", "2025-10-01T00:00:00+02:00"
            ),
            "list_sessions(one year)": lambda: repo.list_sessions(
                "2025-01-01T00:00:00+01:00", "2026-01-01T00:00:00+01:00"
            ),
            "reps(one session)": lambda: repo.reps(middle),
            "actions(one session)": lambda: repo.actions(middle),
            "count_sessions_since(week)": lambda: repo.count_sessions_since(
                "2026-04-20T00:00:00+02:00"
            ),
            "last_session()": repo.last_session,
            "in_progress_sessions()": repo.in_progress_sessions,
        }
        print(f"  query (first call, then median of {QUERY_ROUNDS})")
        for name, query in queries.items():
            first = timed(query)
            rest = [timed(query) for _ in range(QUERY_ROUNDS)]
            print(
                f"    {name:<28} first {first * 1000:7.2f} ms"
                f"   median {statistics.median(rest) * 1000:7.2f} ms"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="where to put the databases (a temp dir)")
    parser.add_argument("--reps", type=int, default=2000, help="record_rep calls timed (2000)")
    parser.add_argument("--years", type=float, default=10.0, help="years of history (10)")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}")
    with tempfile.TemporaryDirectory(prefix="hillsprint-bench-", dir=args.dir) as folder:
        print(f"databases in {folder} (history ends {DEFAULT_UNTIL:%Y-%m-%d})\n")
        ok = bench_commits(Path(folder), args.reps)
        bench_history(Path(folder), args.years)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
