"""Export of one ordinary session as FIT and TCX: median of 7 runs, with the CSV reps export
of the same database as the anchor (ratio = activity file / CSV).

    PYTHONPATH=. python tests/benchmarks/bench_activity_export.py

The session: the "classic" sample plan of 8 reps with a 10-minute warm-up and a 5-minute
cool-down (about 35 minutes, one record or trackpoint a second while the timer runs).
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from activity_support import run_session, store_run

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.activity_export import encode, find_sessions, session_activity
from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository

RUNS = 7
PLAN = Plan("Classic 8x10", (RepSpec(10, 120),) * 8, warmup_s=600, get_ready_s=10, cooldown_s=300)


def median_s(work) -> float:
    times = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        work()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        conn = open_database(Path(folder) / "db.sqlite3")
        run = run_session(PLAN, [700, "pause", 60, "resume"], efforts={n: 6 for n in range(1, 9)})
        store_run(SessionRepository(conn), run, session_rpe=7)
        (session,) = find_sessions(conn)
        csv = median_s(lambda: export_csv(conn, Path(folder) / "x.csv"))
        machine = f"{platform.machine()}, {os.cpu_count()} cores"
        print(f"machine: {machine}, Python {platform.python_version()}")
        print(f"anchor CSV reps export: {csv * 1000:.1f} ms")
        for fmt in ("fit", "tcx"):
            took = median_s(lambda f=fmt: encode(session_activity(conn, session), f, session.id))
            size = len(encode(session_activity(conn, session), fmt, session.id))
            print(f"{fmt}: {took * 1000:.1f} ms ({took / csv:.0f}x CSV), {size / 1024:.0f} KiB")
        conn.close()


if __name__ == "__main__":
    main()
