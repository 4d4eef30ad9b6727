"""Loads code before the runner asks for it, at a moment when nothing else happens: the history
screen's modules a second after the start screen was shown, the chart code (pyqtgraph and numpy,
0.3-0.6 s of imports here) a few seconds after it or just after the history's table has been
painted. Never while a session runs or its summary is open, so `busy()` is asked again at the
moment of loading.

The import runs on a worker thread. An import cannot be cut into slices, but on a thread it
hands the GIL back every few ms: measured here, the GUI thread's longest pause during it was
20 ms (one 0.42 s import), where the same import on the GUI thread blocks it for all of that.
pyqtgraph creates no QObject while it is imported (Qt warns of none), so nothing of it ends up
owned by the worker thread. Should the runner open a chart before the thread is done, Python's
import lock makes the GUI thread wait for the rest of the import, as it would have anyway.
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

CHARTS_MODULE = "hillsprint.ui.history.charts.chart_set"
HISTORY_MODULE = "hillsprint.ui.history.history_screen"
START_IDLE_MS = 4000  # the start screen shown this long with nothing done: load the charts
HISTORY_IDLE_MS = 300  # after the history's table is painted
HISTORY_MODULES_IDLE_MS = 1000  # the start screen shown this long: load the history's modules


def import_charts() -> None:
    importlib.import_module(CHARTS_MODULE)


def import_history() -> None:
    importlib.import_module(HISTORY_MODULE)


class Preloader(QObject):
    """Arm it when a quiet moment begins, cancel it when a session starts; it loads once (by
    default the chart code; `importer` says what else)."""

    loaded = Signal(float)  # seconds the import took (emitted on the GUI thread)
    _finished = Signal(float)

    def __init__(
        self,
        busy: Callable[[], bool],
        parent: QObject | None = None,
        *,
        importer: Callable[[], None] = import_charts,
    ) -> None:
        super().__init__(parent)
        self._busy = busy
        self._importer = importer
        self.done = False
        self.started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._load)
        self._finished.connect(self._loaded)  # queued: emitted from the worker thread

    def arm(self, delay_ms: int) -> None:
        """Load after `delay_ms` unless cancelled meanwhile (a later arm moves the moment)."""
        if not self.started:
            self._timer.start(delay_ms)

    def cancel(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def _load(self) -> None:
        if self.started or self._busy():
            return
        self.started = True
        threading.Thread(target=self._run, name="preload", daemon=True).start()

    def _run(self) -> None:
        began = time.perf_counter()
        self._importer()
        self._finished.emit(time.perf_counter() - began)

    def _loaded(self, seconds: float) -> None:
        self.done = True
        self.loaded.emit(seconds)
