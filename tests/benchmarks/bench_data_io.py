#!/usr/bin/env python3
"""Data in and out: CSV export and import of 100,000 reps, and a backup of ten years.

Targets (issue 5): export of 100,000 reps <= 1 s; import of 100,000 reps <= 3 s with full
validation (into an empty database, one transaction, committed); backup of a 10-year database
<= 0.5 s.

    python tests/benchmarks/bench_data_io.py [--dir DIR] [--rounds 5]

The 100,000 reps come from `fill_history` over 62 years (~9,900 sessions, ~99,000 reps; it
takes a while to build); the 10-year database is `fill_history`'s default. Not collected by
pytest (not named test_*.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from hillsprint.storage.backups import make_backup
from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history

TARGETS = {"export": 1.0, "import": 3.0, "backup": 0.5}


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def report(name: str, times: list[float], what: str) -> bool:
    median = statistics.median(times)
    ok = median <= TARGETS[name]
    print(
        f"{name:<7} {what:<28} median {median * 1000:7.0f} ms  min {min(times) * 1000:7.0f} ms"
        f"  (target <= {TARGETS[name] * 1000:.0f} ms) {'ok' if ok else 'OVER'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="where to build the databases")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        root = Path(folder)
        ok = True
        with closing(open_database(root / "ten-years.sqlite3")) as conn:
            fill_history(SessionRepository(conn), years=10)
            size = (root / "ten-years.sqlite3").stat().st_size
            times = [timed(lambda: make_backup(conn, root / "backups")) for _ in range(args.rounds)]
            ok &= report("backup", times, f"10 years ({size / 1e6:.1f} MB)")

        big = root / "big.sqlite3"
        with closing(open_database(big)) as conn:
            fill_history(SessionRepository(conn), years=62)
            reps = conn.execute("SELECT count(*) FROM reps").fetchone()[0]
            out = root / "reps.csv"
            times = [timed(lambda: export_csv(conn, out)) for _ in range(args.rounds)]
            ok &= report("export", times, f"{reps} reps ({out.stat().st_size / 1e6:.1f} MB)")

        times = []
        for i in range(max(3, args.rounds // 2 + 1)):
            target = root / f"import-{i}.sqlite3"
            with closing(open_database(target)) as conn:
                times.append(timed(lambda conn=conn: import_csv(conn, out)))
                assert conn.execute("SELECT count(*) FROM reps").fetchone()[0] == reps
        ok &= report("import", times, f"{reps} reps, validated")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
