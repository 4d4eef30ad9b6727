#!/usr/bin/env python3
"""Start-up to first paint: the PyInstaller bundle against `python -m hillsprint`.

    python packaging/pyinstaller/time_startup.py dist/hillsprint/hillsprint [--rounds 15] [--xvfb]

Uses tests/benchmarks/bench_startup.py's timing (spawn -> the "first-paint" line the app prints
with HILLSPRINT_BENCH_FIRST_PAINT=1) and sandbox; rounds alternate after one warm-up of each.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    path = ROOT / "tests" / "benchmarks" / "bench_startup.py"
    spec = importlib.util.spec_from_file_location("bench_startup", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", help="the bundle's program, e.g. dist/hillsprint/hillsprint")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--xvfb", action="store_true", help="a real X11 window on Xvfb")
    args = parser.parse_args(argv)
    bench = _bench()
    home = Path(tempfile.mkdtemp(prefix="hillsprint-bundle-time-"))
    try:
        with bench.xvfb_display() if args.xvfb else nullcontext() as display:
            import os

            env = bench.child_env(os.environ, home, display)
            variants = {
                "bundle": [str(Path(args.bundle).resolve()), "--data-dir", str(home / "b")],
                "python": [sys.executable, "-m", "hillsprint", "--data-dir", str(home / "p")],
            }
            times: dict[str, list[float]] = {name: [] for name in variants}
            for round_no in range(args.rounds + 1):
                for name, cmd in variants.items():
                    elapsed = bench.time_to_marker(cmd, env, args.timeout)
                    if round_no:
                        times[name].append(elapsed)
        platform = f"xcb on Xvfb {display}" if args.xvfb else "offscreen"
        print(f"start-up to first paint, {platform}, {args.rounds} rounds (+1 warm-up)")
        for name, values in times.items():
            print(bench.summarize(name, values))
        ratio = statistics.median(times["bundle"]) / statistics.median(times["python"])
        print(f"ratio  bundle/python median {ratio:.2f}x")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
