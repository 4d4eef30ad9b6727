#!/usr/bin/env python3
"""How much does `hillsprint import` delay the rep commits of a session that is running?

A child process stands in for the window: it holds the data folder (as the window does) and
commits a rep through `SessionRepository.record_rep` every 20 ms (a real session commits one
every few seconds; the fast cadence samples the import densely), timing each commit. While it
runs, `python -m hillsprint import FILE` is run ROUNDS times, each time with a new file of
YEARS years of sessions. Reported: the commit times that overlapped an import (median, p95,
max) against the anchor, the same commits with nothing else running; and each import's wall
time. Target: an import adds no more than a few ms to the worst commit (<= +5 ms against
the anchor's worst; this machine's own commit times vary by ~10 ms under load).

    python tests/benchmarks/bench_import_during_session.py [--rounds 5] [--years 2] [--no-lock]

Not collected by pytest (not named test_*.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history

TARGET_ADDED_MS = 5.0
CADENCE_S = 0.020

WRITER = r"""
import json, sys, time
from datetime import datetime
from pathlib import Path
from hillsprint.core.clock import iso
from hillsprint.core.presets import preset
from hillsprint.core.records import RepRecord, RepStatus
from hillsprint.instance_lock import FolderLock
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository

folder = Path(sys.argv[1])
lock = FolderLock(folder)
if sys.argv[3] == "lock":
    assert lock.try_acquire() is None
conn = open_database(folder / "hillsprint.sqlite3")
repo = SessionRepository(conn)
now = iso(datetime.now().astimezone())
sid = repo.start_session(preset("uphill-10x10"), now)
stop = Path(sys.argv[2])
samples = []
n = 0
print("ready", flush=True)
while not stop.exists():
    n += 1
    rep = RepRecord(n % 10 + 1, now, 10.0, 10.0 + n * 1e-6, 90.0, 90.0, False, RepStatus.DONE)
    t = time.monotonic()
    repo.record_rep(sid, rep)
    samples.append((t, time.monotonic() - t))
    time.sleep(max(0.0, t + CADENCE - time.monotonic()))
conn.close()
if sys.argv[3] == "lock":
    lock.release()
print(json.dumps(samples), flush=True)
"""


def stats(label: str, values_ms: list[float], anchor: float | None = None) -> str:
    ordered = sorted(values_ms)
    text = (
        f"{label:<30} n={len(ordered):>4}  median {statistics.median(ordered):6.2f} ms  "
        f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:6.2f} ms  max {ordered[-1]:6.2f} ms"
    )
    if anchor:
        text += f"  ({statistics.median(ordered) / anchor:.2f}x anchor median)"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--years", type=float, default=2.0)
    parser.add_argument("--verbose", action="store_true", help="the slowest commits, and when")
    parser.add_argument(
        "--no-lock",
        action="store_true",
        help="the writer does not hold the folder, so the import runs in one transaction "
        "(as before the import learnt to give way): for comparison",
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()} {os.cpu_count()} cpus, Python "
        f"{platform.python_version()} on {platform.platform()}, load {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory(prefix="hillsprint-bench-import-") as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir()
        with closing(open_database(data / "hillsprint.sqlite3")) as conn:
            fill_history(SessionRepository(conn), years=1, seed=99)
        files = []
        for i in range(args.rounds):
            with closing(open_database(root / f"src{i}.sqlite3")) as conn:
                fill_history(SessionRepository(conn), years=args.years, seed=i)
                rows = export_csv(conn, root / f"import{i}.csv", "reps", None, None)
            files.append(root / f"import{i}.csv")
        print(f"each import: {rows} reps ({args.years:g} years); database: 1 year")
        stop = root / "stop"
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER.replace("CADENCE", repr(CADENCE_S)),
                str(data),
                str(stop),
                "no-lock" if args.no_lock else "lock",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline().strip() == "ready"
        anchor_window = (time.monotonic(), time.monotonic() + 2.0)
        time.sleep(2.2)
        windows, walls = [], []
        for path in files:
            t0 = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "hillsprint", "--data-dir", str(data), "import", str(path)],
                capture_output=True,
                text=True,
            )
            t1 = time.monotonic()
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            windows.append((t0, t1))
            walls.append((t1 - t0) * 1000)
            time.sleep(0.5)
        stop.touch()
        samples = json.loads(writer.stdout.readline())
        writer.wait(timeout=10)
    anchor = [d * 1000 for t, d in samples if anchor_window[0] <= t <= anchor_window[1]]
    during = [d * 1000 for t, d in samples if any(a <= t <= b for a, b in windows)]
    # a commit that started just before an import and waited for it counts too
    during += [
        d * 1000
        for t, d in samples
        if any(t < a < t + d for a, _ in windows) and not any(a <= t <= b for a, b in windows)
    ]
    if args.verbose:
        for t, d in sorted(samples, key=lambda x: -x[1])[:8]:
            near = min(windows, key=lambda w: abs(t - w[0]))
            print(f"  {d * 1000:6.1f} ms at import start {(t - near[0]) * 1000:+7.1f} ms")
    anchor_median = statistics.median(anchor)
    print(stats("commit, nothing else running", anchor))
    print(stats("commit during an import", during, anchor_median))
    print(f"import wall time (whole command): {', '.join(f'{w:.0f}' for w in walls)} ms")
    added = max(during) - max(anchor)
    verdict = "ok" if added <= TARGET_ADDED_MS else "OVER"
    print(
        f"worst commit during an import {max(during):.1f} ms, {added:+.1f} ms against the worst "
        f"with nothing else running (target <= +{TARGET_ADDED_MS:g} ms) {verdict}"
    )
    return 0 if added <= TARGET_ADDED_MS else 1


if __name__ == "__main__":
    sys.exit(main())
