"""Memory of a long session: RSS of the real window through a 60-rep session.

The real MainWindow (offscreen), its session screen, controller and storage run a 60-rep plan
(10 s sprint, 60 s walk-down) on a fake clock advanced a quarter second per wake, as the
controller's timer would; an effort is entered for every rep. RSS (VmRSS of /proc/self/status)
is printed after reps 1, 10, 20, ..., 60 and after the summary is saved, with the growth from
rep 10 to rep 60 and per rep. The cue player is the recording double: the fake clock cannot
drive a real sound stream (the mixer's own memory is fixed: its clips, read once, and numpy).

    python tests/benchmarks/bench_session_rss.py
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from hillsprint.core.clock import ManualClock
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.store import Store


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=60)
    args = parser.parse_args()
    app = QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp())
    connection = open_database(folder / "rss.sqlite3")
    clock = ManualClock(10_000.0)
    from hillsprint.audio.recording_player import RecordingCuePlayer

    player = RecordingCuePlayer(clock=clock.monotonic)
    from hillsprint.ui.home.main_window import MainWindow

    plan = Plan("RSS", tuple(RepSpec(10.0, 60.0) for _ in range(args.reps)), warmup_s=0.0)
    window = MainWindow(
        Store(connection), resolve_paths(folder), plan=plan, clock=clock, cue_player=player
    )
    window.show()
    app.processEvents()
    print(f"before the session      {rss_mb():7.1f} MB")
    window.start_session(plan)
    controller = window.controller
    marks = {1, *range(10, args.reps + 1, 10)}
    seen: dict[int, float] = {}
    done_reps = 0
    while window.controller is not None:
        clock.advance(0.25)
        controller.wake()
        app.processEvents()
        rated = controller.effort_target()
        if rated is not None and rated > done_reps:
            controller.set_effort(7)
            done_reps = rated
            if rated in marks:
                gc.collect()
                seen[rated] = rss_mb()
                print(f"after rep {rated:3d}           {seen[rated]:7.1f} MB")
    window.flow.save_summary(7, "")
    app.processEvents()
    print(f"summary saved           {rss_mb():7.1f} MB")
    if 10 in seen and args.reps in seen:
        growth = seen[args.reps] - seen[10]
        per_rep = growth / (args.reps - 10) * 1024
        print(f"growth rep 10 -> {args.reps}: {growth:+.1f} MB ({per_rep:+.0f} kB a rep)")
    window.close()
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
