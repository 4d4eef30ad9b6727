#!/usr/bin/env python3
"""Start-up benchmark: process spawn -> first painted main window.

Compares (a) a bare PySide6 QMainWindow with a QLabel against (b) the real app,
`python -m hillsprint --data-dir TMP` with HILLSPRINT_BENCH_FIRST_PAINT=1, which prints a line
`first-paint` on stdout after its main window's first paint and then quits. The time is taken
from just before the spawn to the moment that line is read. Rounds alternate a, b, a, b, ...
after one unmeasured warm-up round of each, and the median and p90 of each are reported together
with the ratio app/bare (the target is <= 2x).

    python tests/benchmarks/bench_startup.py                 # offscreen, 15 rounds
    python tests/benchmarks/bench_startup.py --rounds 30 --xvfb
    python tests/benchmarks/bench_startup.py --imports       # also: slowest imports of the app

Not collected by pytest (not named test_*.py); run it by hand or with `make bench`.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

MARKER = "first-paint"

BARE_CHILD = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print("first-paint", flush=True)
            QTimer.singleShot(0, QApplication.quit)


app = QApplication(sys.argv)
window = Window()
window.setWindowTitle("bench")
window.setCentralWidget(QLabel("GET READY"))
window.resize(800, 600)
window.show()
sys.exit(app.exec())
"""


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p90 of 15 values is the 14th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


class StartFailed(Exception):
    pass


def time_to_marker(cmd: list[str], env: dict[str, str], timeout: float) -> float:
    """Seconds from spawning `cmd` to reading the MARKER line on its stdout."""
    lines: queue.Queue[str | None] = queue.Queue()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    stderr_lines: list[str] = []

    def drain_stderr() -> None:
        assert proc.stderr is not None
        stderr_lines.extend(proc.stderr)

    threads = [threading.Thread(target=f, daemon=True) for f in (pump, drain_stderr)]
    for thread in threads:
        thread.start()
    deadline = start + timeout
    elapsed = None
    timed_out = False
    seen: list[str] = []
    try:
        while elapsed is None:
            remaining = deadline - time.perf_counter()
            try:
                line = lines.get(timeout=max(remaining, 0))
            except queue.Empty:
                timed_out = True
                break
            if line is None:
                break
            if line.strip() == MARKER:
                elapsed = time.perf_counter() - start
            else:
                seen.append(line)
    finally:
        # Give it a moment to quit by itself (unmeasured), then make sure it is gone.
        try:
            proc.wait(timeout=5 if elapsed is not None else 0.1)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for thread in threads:
            thread.join(timeout=2)
    if elapsed is None:
        tail = "".join((seen + stderr_lines)[-15:]).rstrip()
        if timed_out:
            why = f"no {MARKER!r} line within {timeout:g} s (killed)"
        else:
            why = f"exited with code {proc.returncode} without printing {MARKER!r}"
        raise StartFailed(why + (f"; its output:\n{tail}" if tail else ""))
    return elapsed


@contextmanager
def xvfb_display():
    """Start Xvfb on a free display; yields the DISPLAY value."""
    binary = shutil.which("Xvfb") or "Xvfb"
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not report a display number")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def child_env(base: dict[str, str], home: Path, display: str | None) -> dict[str, str]:
    env = dict(base)
    env["HILLSPRINT_BENCH_FIRST_PAINT"] = "1"
    # An installed app has its bytecode (pip compiles at install); PySide6's is in site-packages.
    # With PYTHONDONTWRITEBYTECODE set (as in some shells and CI), an editable checkout would
    # compile every hillsprint module from source on each start: ~70 ms the runner never pays.
    # So let the warm-up round write __pycache__ and the measured rounds use it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Keep the benchmark away from the user's real config and data.
    env["HILLSPRINT_CONFIG_DIR"] = str(home / "config")
    env["XDG_CONFIG_HOME"] = str(home / "xdg-config")
    env["XDG_CACHE_HOME"] = str(home / "xdg-cache")
    env["XDG_DATA_HOME"] = str(home / "xdg-data")
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["QT_QPA_PLATFORM"] = "xcb"
        env["DISPLAY"] = display
        env.pop("WAYLAND_DISPLAY", None)
    return env


def summarize(name: str, times: list[float]) -> str:
    if not times:
        return f"{name:<6} no successful runs"
    ms = [t * 1000 for t in times]
    return (
        f"{name:<6} n={len(ms):<3} median {statistics.median(ms):7.1f} ms   "
        f"p90 {percentile(ms, 90):7.1f} ms   min {min(ms):7.1f} ms   max {max(ms):7.1f} ms"
    )


def run_benchmark(args: argparse.Namespace, display: str | None) -> int:
    home = Path(tempfile.mkdtemp(prefix="hillsprint-bench-"))
    try:
        env = child_env(os.environ, home, display)
        data_dir = home / "data"
        variants: dict[str, list[str]] = {}
        if args.only in (None, "bare"):
            variants["bare"] = [sys.executable, "-c", BARE_CHILD]
        if args.only in (None, "app"):
            variants["app"] = [sys.executable, "-m", "hillsprint", "--data-dir", str(data_dir)]

        platform = f"xcb on Xvfb {display}" if display else "offscreen"
        print(f"start-up to first paint, {platform}, {args.rounds} rounds (+1 warm-up)")
        print(f"python {sys.version.split()[0]} at {sys.executable}")

        times: dict[str, list[float]] = {name: [] for name in variants}
        for round_no in range(args.rounds + 1):
            for name in list(variants):
                try:
                    elapsed = time_to_marker(variants[name], env, args.timeout)
                except StartFailed as exc:
                    print(f"\n{name}: did not print {MARKER!r}: {exc}")
                    if name == "app":
                        print(
                            "app: it must print 'first-paint' on stdout after the first paint of "
                            "its main window when HILLSPRINT_BENCH_FIRST_PAINT=1, then quit; "
                            "skipping the app from here on.\n"
                        )
                    del variants[name]
                    continue
                if round_no > 0:  # round 0 is the warm-up
                    times[name].append(elapsed)
            if not variants:
                break

        print()
        for name, values in times.items():
            print(summarize(name, values))
        bare, app = times.get("bare"), times.get("app")
        if bare and app:
            ratio = statistics.median(app) / statistics.median(bare)
            p90_ratio = percentile(app, 90) / percentile(bare, 90)
            verdict = "ok" if ratio <= args.max_ratio else f"ABOVE the {args.max_ratio:g}x target"
            print(f"ratio  app/bare median {ratio:.2f}x, p90 {p90_ratio:.2f}x  ({verdict})")
        if args.imports:
            print()
            report_imports(env, data_dir, args)
        wanted = {"bare", "app"} if args.only is None else {args.only}
        return 0 if all(times.get(name) for name in wanted) else 1
    finally:
        shutil.rmtree(home, ignore_errors=True)


def report_imports(env: dict[str, str], data_dir: Path, args: argparse.Namespace) -> None:
    """Run the app once with -X importtime and list the slowest imports."""
    cmd = [sys.executable, "-X", "importtime", "-m", "hillsprint", "--data-dir", str(data_dir)]
    try:
        proc = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=args.timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr or ""
        stderr = stderr.decode() if isinstance(stderr, bytes) else stderr
        print(f"imports: the app did not exit within {args.timeout:.0f} s; partial data")
    else:
        stderr = proc.stderr
    rows: list[tuple[int, int, str]] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|", 2)
        if not own.strip().isdigit():
            continue  # the header line
        # `name` is " " + two spaces per nesting level + the module name.
        rows.append((int(own), int(cumulative), name[1:]))
    if not rows:
        print("imports: no -X importtime output (did the app start?)")
        return
    top_level = sum(us for _, us, name in rows if not name.startswith(" "))
    print(f"imports: {len(rows)} modules, {top_level / 1000:.1f} ms cumulative at top level")
    print(f"slowest {args.top} by cumulative time (includes their own imports):")
    for _self, cumulative, name in sorted(rows, key=lambda r: r[1], reverse=True)[: args.top]:
        print(f"  {cumulative / 1000:8.1f} ms  {name.strip()}")
    print(f"slowest {args.top} by own time:")
    for own, _cum, name in sorted(rows, key=lambda r: r[0], reverse=True)[: args.top]:
        print(f"  {own / 1000:8.1f} ms  {name.strip()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", "-n", type=int, default=15, help="measured rounds (15)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per start (10)")
    parser.add_argument("--only", choices=("bare", "app"), help="measure one variant only")
    parser.add_argument(
        "--xvfb", action="store_true", help="real X server (Xvfb) instead of offscreen"
    )
    parser.add_argument("--imports", action="store_true", help="list the app's slowest imports")
    parser.add_argument("--top", type=int, default=15, help="rows in the --imports lists (15)")
    parser.add_argument("--max-ratio", type=float, default=2.0, help="target app/bare ratio (2)")
    args = parser.parse_args(argv)

    if not args.xvfb:
        return run_benchmark(args, None)
    if shutil.which("Xvfb") is None:
        print("--xvfb: no Xvfb binary on PATH (Debian: apt-get install xvfb); skipped")
        return 0
    with xvfb_display() as display:
        return run_benchmark(args, display)


if __name__ == "__main__":
    sys.exit(main())
