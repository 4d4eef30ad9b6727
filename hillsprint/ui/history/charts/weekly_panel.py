"""Chart 2: sessions per week against the weekly target, and the weekly load (Foster)."""

from __future__ import annotations

from datetime import timedelta

import pyqtgraph as pg

from hillsprint.core.chart_data import WeeklySeries
from hillsprint.ui.history.charts import style
from hillsprint.ui.history.charts.panel import ChartPanel

CAPTION = (
    "Sessions per Monday-Sunday week against your weekly target (dashed line; green bars reach "
    "it), and the week's load: session effort × minutes, summed (Foster et al. 2001, arbitrary "
    "units). Weeks without a session count as 0. A session without a session effort adds no load."
)
WEEK_S = 7 * style.DAY_S


def week_text(series: WeeklySeries, n: int) -> str:
    monday = series.mondays[n]
    sunday = monday + timedelta(days=6)
    count = series.sessions[n]
    reached = "target reached" if count >= series.target else "below target"
    unknown = series.unknown_load[n]
    missing = f" ({unknown} without a session effort)" if unknown else ""
    noun = "session" if count == 1 else "sessions"
    return (
        f"Week {monday:%d %b} – {sunday:%d %b %Y}: {count} {noun}, target {series.target} "
        f"({reached}); load {series.load[n]:.0f} AU{missing}."
    )


class WeeklyPanel(ChartPanel):
    title = "Sessions and load per week"
    hint = "Point at a week to see its exact values."
    caption = CAPTION

    def build(self) -> None:
        self.count_plot = self.add_plot("Sessions", legend_columns=3)
        self.count_plot.setMouseEnabled(x=True, y=False)
        self.met_bars = pg.BarGraphItem(x=[], height=[], width=1, brush=style.GREEN, pen=None)
        self.short_bars = pg.BarGraphItem(x=[], height=[], width=1, brush=style.GREY, pen=None)
        self.count_plot.addItem(self.short_bars)
        self.count_plot.addItem(self.met_bars)
        self.target_line = pg.InfiniteLine(
            pos=2,
            angle=0,
            pen=style.pen(style.BLACK, 2, dash=True),
        )
        self.count_plot.addItem(self.target_line)
        legend = self.count_plot.legend
        legend.addItem(self.met_bars, "target reached")
        legend.addItem(self.short_bars, "below target")
        self.target_sample = style.legend_sample(style.BLACK, 2, dash=True)
        legend.addItem(self.target_sample, "target")

        self.load_plot = self.add_plot("Load (AU)")
        self.load_plot.setMouseEnabled(x=True, y=False)
        self.load_bars = pg.BarGraphItem(x=[], height=[], width=1, brush=style.BLUE, pen=None)
        self.load_plot.addItem(self.load_bars)
        self.series: WeeklySeries | None = None
        self.centres: list[float] = []

    def draw(self, series: WeeklySeries) -> None:
        self.series = series
        self.centres = [style.midnight_ts(m) + WEEK_S / 2 for m in series.mondays]
        width = WEEK_S * 0.7
        weeks = list(zip(self.centres, series.sessions, strict=True))
        met = [(x, h) for x, h in weeks if h >= series.target]
        short = [(x, h) for x, h in weeks if h < series.target]
        self.met_bars.setOpts(x=[x for x, _ in met], height=[h for _, h in met], width=width)
        self.short_bars.setOpts(x=[x for x, _ in short], height=[h for _, h in short], width=width)
        self.load_bars.setOpts(x=self.centres, height=series.load, width=width)
        self.target_line.setValue(series.target)
        noun = "session" if series.target == 1 else "sessions"
        self.count_plot.legend.getLabel(self.target_sample).setText(
            f"target: {series.target} {noun} a week"
        )
        top = max([*series.sessions, series.target, 1])
        self.count_plot.setYRange(0, top + 0.6, padding=0)
        self.load_plot.setYRange(0, max([*series.load, 1.0]) * 1.08, padding=0)
        if series.mondays:
            first, last = series.mondays[0], series.mondays[-1] + timedelta(days=6)
            self.count_plot.setXRange(*style.day_span(first, last), padding=0.01)

    def week_at(self, x: float) -> int | None:
        for n, centre in enumerate(self.centres):
            if abs(x - centre) <= WEEK_S / 2:
                return n
        return None

    def describe_at(self, plot_index: int, x: float, y: float) -> str | None:
        n = self.week_at(x)
        if n is None or self.series is None:
            return None
        text = week_text(self.series, n)
        self.plots[plot_index].vb.setToolTip(text)
        return text
