#!/usr/bin/env python3
"""History benchmark on ten years of sessions (fill_history years=10: ~1,600 sessions, ~16,000
reps), through the real main window.

1. Open: from the History button to the end of the table's first paint. The first open in the
   process also imports and builds the history screen; later opens re-read the database.
   Target: <= 300 ms.
2. Range / filter change: moving the "From" date (one year on, then back) and choosing a plan,
   to the end of the table's repaint. Target: <= 100 ms.
3. Charts: the first chart tab shown (builds and draws the chart; pyqtgraph is loaded by then
   unless --no-preload: the window loads it on a thread while the history is looked at), then
   on each chart tab a range button pressed ("1 year", then "All"), to the end of the chart's
   repaint. Target for a range change: <= 100 ms.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_history.py [--rounds 20]

Not collected by pytest (not named test_*.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OPEN_TARGET_MS = 150.0  # first open of the history (the screen preloaded on the start screen)
FILTER_TARGET_MS = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument(
        "--quiet-s",
        type=float,
        default=2.0,
        help="seconds on the start screen before History is clicked (the history preloads "
        "after 1 s); 0 clicks as soon as the advice is shown",
    )
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="keep the chart code from loading before the first chart (as before the preload)",
    )
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from hillsprint.paths import resolve_paths
    from hillsprint.storage.database import open_database
    from hillsprint.storage.repository import SessionRepository
    from hillsprint.storage.sample_history import fill_history
    from hillsprint.storage.store import Store
    from hillsprint.ui.history.history_model import COL_DATE, COL_LOAD
    from hillsprint.ui.home.main_window import MainWindow

    folder = Path(tempfile.mkdtemp(prefix="hillsprint-bench-history-"))
    connection = open_database(folder / "hs.sqlite3")
    repository = SessionRepository(connection)
    count = fill_history(repository, years=args.years)
    reps = connection.execute("SELECT count(*) FROM reps").fetchone()[0]
    print(f"history: {count} sessions, {reps} reps ({args.years:g} years)")
    window = MainWindow(Store(repository.connection), resolve_paths(folder))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    deadline = time.perf_counter() + 5  # the start screen's advice comes 0.1 s after showing
    while not window.advice_ready and time.perf_counter() < deadline:
        app.processEvents()

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    watch = PaintWatch()

    def until_painted(action: Callable[[], None], target=None) -> float:
        """Seconds from the action to the end of the table's (or `target()`'s) next paint."""
        if target is not None:
            viewport = None
        else:
            viewport = window.history.table.viewport() if "history" in window.__dict__ else None
        if viewport is not None:
            viewport.installEventFilter(watch)
        watch.painted = False
        start = time.perf_counter()
        action()
        if viewport is None:  # the first open builds the screen; a chart tab builds its chart
            viewport = target() if target is not None else window.history.table.viewport()
            viewport.installEventFilter(watch)
        deadline = start + 5
        while not watch.painted and time.perf_counter() < deadline:
            app.processEvents()
        elapsed = time.perf_counter() - start
        viewport.removeEventFilter(watch)
        if not watch.painted:
            raise RuntimeError("the table never painted")
        return elapsed

    preload = window.chart_preload
    if args.no_preload:
        for loader in (preload, window.history_preload):
            loader.cancel()
            loader.started = True  # it never loads
    quiet_until = time.perf_counter() + args.quiet_s  # the runner reads the start screen
    while time.perf_counter() < quiet_until:
        app.processEvents()
        time.sleep(0.002)
    first_open = until_painted(window.start_screen.history_button.click)
    if not args.no_preload:  # the runner looks at the table: the chart code loads meanwhile
        deadline = time.perf_counter() + 10
        while not preload.done and time.perf_counter() < deadline:
            app.processEvents()
    opens = []
    for _ in range(args.rounds):
        window.back_to_start()
        app.processEvents()
        opens.append(until_painted(window.start_screen.history_button.click))

    history = window.history
    first = history.filters.first.date()
    ranges = []
    for _ in range(args.rounds):
        ranges.append(until_painted(lambda: history.filters.first.setDate(first.addYears(5))))
        ranges.append(until_painted(lambda: history.filters.first.setDate(first)))
    plans = []
    for _ in range(args.rounds):
        plans.append(until_painted(lambda: history.filters.plan.setCurrentIndex(1)))
        plans.append(until_painted(lambda: history.filters.plan.setCurrentIndex(0)))
    sorts = []
    for _ in range(args.rounds):
        sorts.append(
            until_painted(lambda: history.table.sortByColumn(COL_LOAD, Qt.SortOrder.AscendingOrder))
        )
        sorts.append(
            until_painted(
                lambda: history.table.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
            )
        )

    from hillsprint.ui.history.history_screen import CHART_TAB_TITLES

    loaded = "pyqtgraph" in sys.modules
    window.chart_preload.cancel()
    first_chart = until_painted(
        lambda: history.tabs.setCurrentIndex(1),
        lambda: history.charts.panels[0].graphics.viewport(),
    )
    buttons = {b.text(): b for b in history.filters.range_buttons.buttons()}
    chart_ranges: dict[str, list[float]] = {}
    for index, title in enumerate(CHART_TAB_TITLES):
        history.tabs.setCurrentIndex(index + 1)
        app.processEvents()
        panel = history.charts.panels[index]
        # the rep curves keep their curves when the ticked sessions stay in range: only the
        # list of sessions changes, so that is what must repaint
        viewport = panel.choices.viewport if hasattr(panel, "choices") else panel.graphics.viewport

        times = chart_ranges.setdefault(title.replace("&", ""), [])
        for _ in range(args.rounds):
            times.append(until_painted(buttons["1 year"].click, viewport))
            times.append(until_painted(buttons["All"].click, viewport))

    def report(name: str, values: list[float], target: float | None) -> bool:
        ms = sorted(v * 1000 for v in values)
        median = statistics.median(ms)
        verdict = ""
        if target is not None:
            verdict = "  OK" if median <= target else f"  OVER the {target:g} ms target"
        print(f"{name:<28} median {median:7.1f} ms  max {ms[-1]:7.1f} ms  n={len(ms)}{verdict}")
        return target is None or median <= target

    built = "preloaded" if window.history_preload.done and not args.no_preload else "built now"
    print(
        f"first open after {args.quiet_s:g} s on the start screen ({built}): "
        f"{first_open * 1000:.1f} ms"
    )
    ok = first_open * 1000 <= OPEN_TARGET_MS
    ok &= report("open (re-read + paint)", opens, OPEN_TARGET_MS)
    ok &= report("date range change", ranges, FILTER_TARGET_MS)
    ok &= report("plan filter change", plans, FILTER_TARGET_MS)
    ok &= report("sort by a column", sorts, FILTER_TARGET_MS)
    print(f"pyqtgraph imported before the first chart: {loaded}")
    print(f"{'first chart (pyqtgraph)':<28} {first_chart * 1000:7.1f} ms")
    for title, times in chart_ranges.items():
        ok &= report(f"range change: {title}", times, FILTER_TARGET_MS)
    window.close()
    connection.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
