"""The chart code is loaded in a quiet moment, never while a session is on screen."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.ui.home.preload import CHARTS_MODULE, Preloader, import_charts

PLAN = Plan("Two", (RepSpec(5, 10), RepSpec(5, 10)), warmup_s=0, cooldown_s=0)


class Importer:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


def test_it_loads_once_after_the_quiet_moment(qtbot):
    importer = Importer()
    preload = Preloader(lambda: False, importer=importer)
    with qtbot.waitSignal(preload.loaded, timeout=2000):
        preload.arm(20)
    assert preload.done and importer.calls == 1
    preload.arm(0)
    qtbot.wait(50)
    assert importer.calls == 1 and not preload.armed


def test_it_never_loads_while_busy_and_a_cancel_stops_it(qtbot):
    busy = [True]
    importer = Importer()
    preload = Preloader(lambda: busy[0], importer=importer)
    with qtbot.assertNotEmitted(preload.loaded, wait=100):
        preload.arm(10)
    assert importer.calls == 0 and not preload.done
    busy[0] = False
    preload.arm(30)
    preload.cancel()
    qtbot.wait(80)
    assert importer.calls == 0
    preload.arm(10)
    qtbot.waitUntil(lambda: preload.done, timeout=2000)


def test_the_window_arms_it_on_the_start_screen_and_cancels_it_for_a_session(qtbot, make_window):
    window = make_window()
    window.chart_preload._importer = Importer()  # this test process has the charts already
    assert window.chart_preload.armed
    window.start_session(PLAN)
    assert not window.chart_preload.armed
    assert window.chart_preload._busy()
    window.controller.end()
    qtbot.waitUntil(lambda: window.flow.pending is not None, timeout=3000)
    assert window.chart_preload._busy()  # the summary is still open


def test_the_history_arms_it_soon(qtbot, make_window):
    window = make_window()
    window.chart_preload.cancel()
    window.chart_preload._importer = Importer()
    window.open_history()
    assert window.chart_preload.armed
    qtbot.waitUntil(lambda: window.chart_preload.done, timeout=2000)


def test_the_import_on_its_thread_loads_charts_that_then_draw(qtbot):
    """In a fresh interpreter (this one has pyqtgraph already): the thread imports the chart
    set with no Qt warning, the GUI thread is never held for long, and a chart then draws."""
    code = textwrap.dedent(
        """
        import sys, time
        from PySide6.QtCore import QTimer, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication, QLabel
        messages = []
        qInstallMessageHandler(lambda mode, context, text: messages.append(text))
        app = QApplication([])
        from hillsprint.ui.home.preload import CHARTS_MODULE, Preloader
        gaps, last = [], [time.perf_counter()]
        def tick():
            now = time.perf_counter(); gaps.append(now - last[0]); last[0] = now
        timer = QTimer(); timer.timeout.connect(tick); timer.start(5)
        preload = Preloader(lambda: False)
        preload.arm(0)
        deadline = time.perf_counter() + 30
        while not preload.done and time.perf_counter() < deadline:
            app.processEvents()
        import pyqtgraph
        plot = pyqtgraph.PlotWidget(); plot.plot([1, 2, 3]); plot.show(); app.processEvents()
        print(preload.done, CHARTS_MODULE in sys.modules, len(gaps), repr(messages))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    done, loaded, ticks, messages = result.stdout.split(maxsplit=3)
    assert (done, loaded, messages.strip()) == ("True", "True", "[]")
    assert int(ticks) > 5  # the GUI thread kept running its timer during the import


def test_the_real_import_loads_the_chart_set():
    import_charts()
    assert CHARTS_MODULE in sys.modules


def test_the_history_screen_is_built_while_the_start_screen_waits(qtbot, make_window):
    window = make_window()
    assert window._history is None
    qtbot.waitUntil(lambda: window._history is not None, timeout=5000)
    assert window.stack.currentWidget() is window.start_screen  # built, not shown


def test_no_history_is_built_once_a_session_runs(qtbot, make_window):
    window = make_window()
    window.start_session(PLAN)
    assert not window.history_preload.armed
    qtbot.wait(1300)
    assert window._history is None
    window.controller.end()
