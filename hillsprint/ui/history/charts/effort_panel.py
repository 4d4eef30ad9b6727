"""Chart 1: effort per session over time (mean and max rep effort, session effort) and the reps
done per session below it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pyqtgraph as pg

from hillsprint.core.chart_data import EffortSeries
from hillsprint.ui.common.local_format import moment_text
from hillsprint.ui.history.charts import style
from hillsprint.ui.history.charts.panel import ChartPanel

CAPTION = (
    "Each session in the range: the mean and the hardest of its rep efforts, the effort you "
    "gave the whole session (0-10, with the words of Foster's session RPE, 2001), and below, "
    "the reps you did. At a fixed plan, falling effort means the same work got easier."
)


def _points(xs: list[float], ys: list[float | None], ids: list[str]):
    kept = [(x, y, i) for x, y, i in zip(xs, ys, ids, strict=True) if y is not None]
    return [k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept]


def session_tip(series: EffortSeries, n: int, plan: str, hill: str | None) -> str:
    # the session's own local time, as the table shows it (not this machine's zone)
    when = moment_text(series.starts[n], "ddd dd MMM yyyy HH:mm")
    where = f" on {hill}" if hill else ""
    load = series.load[n]
    return (
        f"{when}: {plan}{where}. Mean rep effort {style.fmt(series.mean_effort[n])}, "
        f"hardest {style.fmt(series.max_effort[n], 0)}, session effort "
        f"{style.fmt(series.session_effort[n], 0)}, reps {series.reps_done[n]} of "
        f"{series.reps_planned[n]}, load {style.fmt(load, 0)} AU. Click to open."
    )


class SessionTips(Mapping):
    """Hover words per session id, made when asked for: formatting all of ten years' sessions
    on every range change cost ~30 ms, and only the one under the mouse is ever read."""

    def __init__(self, series: EffortSeries, names: dict[str, tuple]) -> None:
        self.series, self.names = series, names
        self.index = {sid: n for n, sid in enumerate(series.ids)}

    def __getitem__(self, session_id: str) -> str:
        n = self.index[session_id]
        return session_tip(self.series, n, *self.names.get(session_id, ("", None)))

    def __iter__(self):
        return iter(self.series.ids)

    def __len__(self) -> int:
        return len(self.series.ids)


class EffortPanel(ChartPanel):
    title = "Effort per session"
    caption = CAPTION

    def build(self) -> None:
        self.effort_plot = self.add_plot("Effort (0-10)", legend_columns=4)
        self.effort_plot.setYRange(*style.EFFORT_RANGE, padding=0)
        self.effort_plot.setMouseEnabled(x=True, y=False)
        self.effort_plot.getAxis("left").setTicks(style.EFFORT_TICKS)
        self.mean_line = self.effort_plot.plot(pen=style.pen(style.BLUE, 2), name=None)
        self.mean_points = self.session_points(
            self.effort_plot, symbol="o", size=11, brush=style.BLUE, pen=pg.mkPen("w")
        )
        self.max_points = self.session_points(
            self.effort_plot, symbol="t1", size=12, brush=style.VERMILLION, pen=pg.mkPen("w")
        )
        self.session_effort_points = self.session_points(
            self.effort_plot, symbol="s", size=10, brush=style.GREEN, pen=pg.mkPen("w")
        )
        legend = self.effort_plot.legend
        legend.addItem(self.mean_points, "mean rep effort (●)")
        legend.addItem(self.max_points, "hardest rep (▲)")
        legend.addItem(self.session_effort_points, "session effort (■)")
        legend.addItem(self.reps_sample(), "reps done (◆, lower chart)")

        self.reps_plot = self.add_plot("Reps done")
        self.reps_plot.setMouseEnabled(x=True, y=False)
        self.reps_plot.setMaximumHeight(180)
        self.reps_bars = pg.BarGraphItem(x=[], height=[], width=1, brush=style.GREY, pen=None)
        self.reps_plot.addItem(self.reps_bars)
        self.reps_points = self.session_points(
            self.reps_plot, symbol="d", size=9, brush=style.BLACK, pen=None
        )
        self.series: EffortSeries | None = None

    @staticmethod
    def reps_sample() -> pg.ScatterPlotItem:
        return pg.ScatterPlotItem(symbol="d", size=9, brush=style.BLACK, pen=None)

    def draw(self, series: EffortSeries, first: date, last: date, names: dict[str, tuple]) -> None:
        """`names` maps a session id to (plan, hill) for the hover text."""
        self.series = series
        self.tips = SessionTips(series, names)
        mx, my, mids = _points(series.x, series.mean_effort, series.ids)
        self.mean_line.setData(mx, my)
        self.mean_points.setData(mx, my, data=mids)
        x, y, ids = _points(series.x, series.max_effort, series.ids)
        self.max_points.setData(x, y, data=ids)
        x, y, ids = _points(series.x, series.session_effort, series.ids)
        self.session_effort_points.setData(x, y, data=ids)
        start, end = style.day_span(first, last)
        width = max(style.DAY_S * 0.8, (end - start) / 600)
        self.reps_bars.setOpts(x=series.x, height=series.reps_done, width=width)
        self.reps_points.setData(series.x, series.reps_done, data=series.ids)
        top = max([*series.reps_done, *series.reps_planned, 1])
        self.reps_plot.setYRange(0, top + 0.5, padding=0)
        self.effort_plot.setXRange(start, end, padding=0.01)

    def describe_at(self, plot_index: int, x: float, y: float) -> str | None:
        if not self.series or not self.series.x:
            return None
        nearest = min(range(len(self.series.x)), key=lambda n: abs(self.series.x[n] - x))
        view = self.plots[plot_index].vb.viewRange()[0]
        if abs(self.series.x[nearest] - x) > (view[1] - view[0]) / 50:
            return None
        return self.tips.get(self.series.ids[nearest])
