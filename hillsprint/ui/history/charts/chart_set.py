"""The four history charts behind the history's tabs, built and drawn only when shown.

`ChartSet` gets the sessions (already filtered by plan and hill) and the date range each time
the history's filters change; it redraws the chart on screen at once and the others when they
are next shown, so a range change costs one chart's redraw.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from hillsprint.core import chart_data
from hillsprint.core.chart_data import ChartSession
from hillsprint.ui.history.charts.effort_panel import EffortPanel
from hillsprint.ui.history.charts.load_panel import LoadPanel
from hillsprint.ui.history.charts.panel import ChartPanel
from hillsprint.ui.history.charts.rep_curves_panel import EffortsFor, RepCurvesPanel
from hillsprint.ui.history.charts.weekly_panel import WeeklyPanel

EFFORT, WEEKLY, REP_CURVES, LOAD = range(4)
NOTHING_IN_RANGE = (
    "No finished session in this range and for this plan and hill: choose a longer range or "
    "Show all."
)


class ChartSet(QObject):
    sessionClicked = Signal(str)

    def __init__(self, hosts: Sequence[QWidget], efforts_for: EffortsFor, parent=None) -> None:
        super().__init__(parent)
        self.hosts = list(hosts)
        self.efforts_for = efforts_for
        self.panels: dict[int, ChartPanel] = {}
        self.sessions: list[ChartSession] = []
        self.first = self.last = date.today()
        self.target = chart_data.DEFAULT_WEEKLY_TARGET
        self.dirty: set[int] = set()
        self.generation = 0  # +1 whenever sessions were edited, deleted or read again

    def set_data(
        self, sessions: Sequence[ChartSession], first: date, last: date, target: int
    ) -> None:
        self.sessions = list(sessions)
        self.first, self.last, self.target = first, last, target
        self.dirty = set(range(len(self.hosts)))

    def sessions_changed(self) -> None:
        """Stored sessions changed (not just the filters): charts that keep data drawn from
        the database (the rep curves) must read it again."""
        self.generation += 1

    def panel(self, index: int) -> ChartPanel:
        """The chart of tab `index`, built on first use."""
        if index not in self.panels:
            if index == REP_CURVES:
                panel: ChartPanel = RepCurvesPanel(self.efforts_for)
            else:
                panel = {EFFORT: EffortPanel, WEEKLY: WeeklyPanel, LOAD: LoadPanel}[index]()
            panel.sessionClicked.connect(self.sessionClicked)
            host = self.hosts[index]
            if host.layout() is None:
                QVBoxLayout(host).setContentsMargins(0, 0, 0, 0)
            host.layout().addWidget(panel)
            self.panels[index] = panel
        return self.panels[index]

    def show(self, index: int) -> ChartPanel:
        """Make sure tab `index`'s chart is built and up to date."""
        panel = self.panel(index)
        if index in self.dirty:
            self.dirty.discard(index)
            self.draw(index)
        return panel

    def draw(self, index: int) -> None:
        sessions, first, last = self.sessions, self.first, self.last
        panel = self.panels[index]
        if index == EFFORT:
            names = {s.id: (s.plan_name, s.hill) for s in sessions}
            panel.draw(chart_data.effort_series(sessions, first, last), first, last, names)
            if not panel.series.ids:
                panel.readout.setText(NOTHING_IN_RANGE)
        elif index == WEEKLY:
            panel.draw(chart_data.weekly_series(sessions, first, last, self.target))
        elif index == REP_CURVES:
            present = {s.id for s in chart_data.in_range(sessions, first, last)}
            kept = [sid for sid in panel.chosen_ids() if sid in present]
            chosen = kept or chart_data.default_curve_sessions(sessions, first, last)
            panel.draw(chart_data.finished(sessions), present, chosen, self.generation)
        elif index == LOAD:
            panel.draw(
                chart_data.load_trend_series(sessions, first, last),
                chart_data.recent_weeks(sessions, last, first=first),
                first,
                last,
            )
