#!/usr/bin/env python3
"""Data in and out: CSV import and export of 100,000 reps, and a backup of ten years.

Targets:
- `hillsprint import` of the 100,000-rep file (validated, one transaction, committed, into a new
  data dir) within 2x the sqlite3 command-line shell importing the same file into a new
  database (`sqlite3 FILE ".mode csv" ".import big.csv reps"`), measured in the same run;
- export of the 100,000 reps <= 0.4 s (the export function; `hillsprint export` shown too);
- backup of a 10-year database <= 0.5 s.

Rounds interleave the contenders (anchor, command, function, ...) so that a busy neighbour on a
shared machine slows all of them alike; the median of each is reported (at least 5 rounds).
The anchor needs Debian's `sqlite3` package (`apt-get install sqlite3`); without it the import
is reported in seconds only, and the script says so.

    python tests/benchmarks/bench_data_io.py [--rounds 7] [--keep DIR]

The 100,000 reps come from `fill_history` over 62 years (9,926 sessions, 99,132 reps), which
takes a while to build: `--keep DIR` builds them once into DIR and reuses them, so that two
versions of the code can be compared back to back on the same files (PYTHONPATH picks the
version; the `hillsprint` processes inherit it). Not collected by pytest (not named test_*.py).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
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

IMPORT_RATIO_TARGET = 2.0
EXPORT_TARGET_S = 0.4
BACKUP_TARGET_S = 0.5
YEARS_FOR_100K_REPS = 62


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


# The commands run as from an installed copy, which has its bytecode: with
# PYTHONDONTWRITEBYTECODE=1 (set on the development machines) every start would compile
# HillSprint's modules again.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(*cmd: str) -> None:
    """Run a command in an empty folder: `python -m` puts the working directory first on
    sys.path, so started from a checkout it would run that checkout, not PYTHONPATH's code."""
    with tempfile.TemporaryDirectory() as empty:
        subprocess.run(
            cmd,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=CHILD_ENV,
            cwd=empty,
        )


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"load average {load}; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def big_files(folder: Path) -> tuple[Path, Path]:
    """(database with ~100,000 reps, its reps export); built once per folder."""
    database, csv_file = folder / "big.sqlite3", folder / "big.csv"
    if not csv_file.exists():
        print(f"building {YEARS_FOR_100K_REPS} years of history in {folder} ...", flush=True)
        for stale in folder.glob("big.sqlite3*"):
            stale.unlink()
        with closing(open_database(database)) as conn:
            fill_history(SessionRepository(conn), years=YEARS_FOR_100K_REPS)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            export_csv(conn, folder / "big.csv.part")
        (folder / "big.csv.part").rename(csv_file)
    return database, csv_file


class Rounds:
    """Named lists of times, filled round by round."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}

    def add(self, name: str, seconds: float) -> None:
        self.times.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])

    def line(self, name: str, what: str, verdict: str = "") -> str:
        times = self.times[name]
        return (
            f"  {name:<18} {what:<34} median {self.median(name) * 1000:6.0f} ms"
            f"  min {min(times) * 1000:6.0f}  max {max(times) * 1000:6.0f}  {verdict}"
        ).rstrip()


def import_round(rounds: Rounds, work: Path, csv_file: Path, reps: int, anchor: str | None):
    if anchor is not None:
        target = work / "anchor.sqlite3"
        target.unlink(missing_ok=True)
        rounds.add(
            "sqlite3 CLI",
            timed(lambda: run(anchor, str(target), ".mode csv", f".import {csv_file} reps")),
        )
    data_dir = work / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    command = (sys.executable, "-m", "hillsprint", "--data-dir", str(data_dir), "import")
    rounds.add("hillsprint import", timed(lambda: run(*command, str(csv_file))))
    with closing(open_database(data_dir / "hillsprint.sqlite3")) as conn:
        assert conn.execute("SELECT count(*) FROM reps").fetchone()[0] == reps
    for stale in work.glob("function.sqlite3*"):
        stale.unlink()
    with closing(open_database(work / "function.sqlite3")) as conn:
        rounds.add("import_csv()", timed(lambda: import_csv(conn, csv_file)))


def export_round(rounds: Rounds, work: Path, conn, data_dir: Path, anchor: str | None) -> None:
    rounds.add("export_csv()", timed(lambda: export_csv(conn, work / "out.csv")))
    command = (sys.executable, "-m", "hillsprint", "--data-dir", str(data_dir), "export")
    rounds.add("hillsprint export", timed(lambda: run(*command, "--out", str(work / "cli.csv"))))
    if anchor is not None:
        database = str(data_dir / "hillsprint.sqlite3")
        query = "SELECT * FROM reps"
        rounds.add(
            "sqlite3 CLI export",
            timed(lambda: run(anchor, database, ".mode csv", f".once {work / 'a.csv'}", query)),
        )


def report_import(rounds: Rounds, reps: int, anchor: str | None) -> bool:
    what = f"{reps} reps, validated, committed"
    if anchor is None:
        print("  (no sqlite3 command-line shell found: apt-get install sqlite3 for the anchor)")
        print(rounds.line("hillsprint import", what))
        print(rounds.line("import_csv()", what))
        return True
    base = rounds.median("sqlite3 CLI")
    ratio = rounds.median("hillsprint import") / base
    ok = ratio <= IMPORT_RATIO_TARGET
    print(rounds.line("sqlite3 CLI", ".mode csv, .import (anchor)"))
    verdict = f"{ratio:.2f}x anchor (target <= {IMPORT_RATIO_TARGET}x) {'ok' if ok else 'OVER'}"
    print(rounds.line("hillsprint import", what, verdict))
    print(rounds.line("import_csv()", what, f"{rounds.median('import_csv()') / base:.2f}x anchor"))
    return ok


def report_export(rounds: Rounds, reps: int, size: int, anchor: str | None) -> bool:
    median = rounds.median("export_csv()")
    ok = median <= EXPORT_TARGET_S
    what = f"{reps} reps ({size / 1e6:.1f} MB)"
    verdict = f"(target <= {EXPORT_TARGET_S * 1000:.0f} ms) {'ok' if ok else 'OVER'}"
    print(rounds.line("export_csv()", what, verdict))
    print(rounds.line("hillsprint export", what, "(process start included)"))
    if anchor is not None:
        print(rounds.line("sqlite3 CLI export", "SELECT * FROM reps, .mode csv", "(for scale)"))
    return ok


def bench_backup(root: Path, rounds: int) -> bool:
    with closing(open_database(root / "ten-years.sqlite3")) as conn:
        fill_history(SessionRepository(conn), years=10)
        size = (root / "ten-years.sqlite3").stat().st_size
        times = [timed(lambda: make_backup(conn, root / "backups")) for _ in range(rounds)]
    median = statistics.median(times)
    ok = median <= BACKUP_TARGET_S
    what = f"10 years ({size / 1e6:.1f} MB)"
    print(
        f"  {'backup':<18} {what:<34} median {median * 1000:6.0f} ms"
        f"  (target <= {BACKUP_TARGET_S * 1000:.0f} ms) {'ok' if ok else 'OVER'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="at least 5")
    parser.add_argument("--keep", type=Path, help="build the 100,000 reps here once and reuse them")
    parser.add_argument("--no-backup", action="store_true", help="skip the backup benchmark")
    args = parser.parse_args()
    rounds_wanted = max(5, args.rounds)
    anchor = shutil.which("sqlite3")
    print(f"machine: {machine()}")
    print(f"code: {Path(sys.modules['hillsprint'].__file__).parent}")
    print(f"anchor: {anchor or 'sqlite3 command-line shell NOT FOUND'}")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        keep = args.keep or work
        keep.mkdir(parents=True, exist_ok=True)
        database, csv_file = big_files(keep)
        data_dir = work / "export-data"
        data_dir.mkdir()
        shutil.copyfile(database, data_dir / "hillsprint.sqlite3")
        rounds = Rounds()
        with closing(open_database(data_dir / "hillsprint.sqlite3")) as conn:
            reps = conn.execute("SELECT count(*) FROM reps").fetchone()[0]
            export_round(Rounds(), work, conn, data_dir, anchor)  # warm-up (bytecode), not counted
            for _ in range(rounds_wanted):
                import_round(rounds, work, csv_file, reps, anchor)
                export_round(rounds, work, conn, data_dir, anchor)
        ok = report_import(rounds, reps, anchor)
        ok &= report_export(rounds, reps, csv_file.stat().st_size, anchor)
        if not args.no_backup:
            ok &= bench_backup(work, rounds_wanted)
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
