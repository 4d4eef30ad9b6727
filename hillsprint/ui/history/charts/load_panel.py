"""Chart 4: acute (7-day) and chronic (28-day) EWMA load and their ratio, with the caveat in
plain sight, and monotony and strain of the last whole weeks as numbers with theirs."""

from __future__ import annotations

from datetime import date

import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hillsprint.core import metrics
from hillsprint.core.chart_data import LoadTrendSeries, WeekNumbers
from hillsprint.ui.common.local_format import DATE, moment_text
from hillsprint.ui.history.charts import style
from hillsprint.ui.history.charts.panel import ChartPanel

SIDE_PX = 460
CAPTION = (
    "Daily load (grey bars; session effort × minutes, Foster et al. 2001) and its acute 7-day "
    "and chronic 28-day exponentially weighted averages, λ = 2/(N+1) (Williams et al. 2017). "
    "Below: acute ÷ chronic."
)


def day_text(series: LoadTrendSeries, n: int) -> str:
    ratio = series.ratio[n]
    return (
        f"{moment_text(series.days[n], DATE)}: load {series.daily_load[n]:.0f} AU, acute "
        f"{series.acute[n]:.1f}, chronic {series.chronic[n]:.1f}, ratio {style.fmt(ratio, 2)}."
    )


def weeks_html(weeks: list[WeekNumbers]) -> str:
    """A small table of the last whole weeks: sessions, load, monotony, strain."""
    rows = "".join(
        f"<tr><td>{w.monday:%d %b}</td>"
        f"<td align='right'>{w.sessions}</td><td align='right'>{w.load:.0f}</td>"
        f"<td align='right'>{style.fmt(w.monotony, 2)}</td>"
        f"<td align='right'>{style.fmt(w.strain, 0)}</td></tr>"
        for w in weeks
    )
    head = (
        "<tr><th align='left'>Week of</th><th>&nbsp;Sessions</th><th>&nbsp;Load</th>"
        "<th>&nbsp;Monotony</th><th>&nbsp;Strain</th></tr>"
    )
    return f"<table cellspacing='0' cellpadding='2'>{head}{rows}</table>"


class LoadPanel(ChartPanel):
    title = "Load trend"
    hint = "Point at the chart to see that day's exact values."
    caption = CAPTION

    def build(self) -> None:
        self.load_plot = self.add_plot("Load (AU)", legend_columns=3)
        self.load_plot.setMouseEnabled(x=True, y=False)
        self.daily_bars = pg.BarGraphItem(
            x=[], height=[], width=1, brush=style.LIGHT_GREY, pen=None, name="daily load (bars)"
        )
        self.load_plot.addItem(self.daily_bars)
        # years of daily points: draw at most about one point per pixel column
        lines = {"autoDownsample": True, "downsampleMethod": "peak"}
        self.acute_line = self.load_plot.plot(
            pen=style.pen(style.VERMILLION, 2.5), name="acute, 7-day (orange, thin)", **lines
        )
        self.chronic_line = self.load_plot.plot(
            pen=style.pen(style.BLUE, 4.5), name="chronic, 28-day (blue, thick)", **lines
        )
        self.ratio_plot = self.add_plot("Acute ÷ chronic")
        self.ratio_plot.setMouseEnabled(x=True, y=False)
        self.ratio_plot.setMaximumHeight(200)
        self.ratio_line = self.ratio_plot.plot(pen=style.pen(style.BLACK, 2.5), **lines)
        self.ratio_plot.addItem(
            pg.InfiniteLine(pos=1.0, angle=0, pen=pg.mkPen(style.GREY, width=1))
        )

        self.caveat = QLabel(f"Please note: {metrics.RATIO_CAVEAT}")
        self.caveat.setObjectName("chartCaveat")
        self.caveat.setWordWrap(True)
        self.weeks = QLabel()
        self.weeks.setObjectName("chartNumbers")
        self.weeks.setToolTip(metrics.MONOTONY_SOURCE)
        self.weeks_caveat = QLabel(f"{metrics.MONOTONY_SOURCE} {metrics.MONOTONY_CAVEAT}")
        self.weeks_caveat.setObjectName("chartCaveat")
        self.weeks_caveat.setWordWrap(True)
        side = QWidget()
        side.setFixedWidth(SIDE_PX)
        column = QVBoxLayout(side)
        column.setContentsMargins(8, 0, 0, 0)
        for widget in (self.caveat, self.weeks, self.weeks_caveat):
            column.addWidget(widget)
        column.addStretch(1)
        self.body.addWidget(side)
        self.series: LoadTrendSeries | None = None
        self.week_numbers: list[WeekNumbers] = []

    def showEvent(self, event) -> None:
        """The caveats must be read whole: give each wrapped label the height its text needs at
        the side column's width (nested layouts do not pass height-for-width on by themselves)."""
        super().showEvent(event)
        for label in (self.caveat, self.weeks_caveat):
            label.setMinimumHeight(label.heightForWidth(label.width()))

    def draw(self, series: LoadTrendSeries, weeks: list[WeekNumbers], first: date, last: date):
        self.series = series
        self.week_numbers = weeks
        x = [style.midnight_ts(day) + style.DAY_S / 2 for day in series.days]
        self.daily_bars.setOpts(x=x, height=series.daily_load, width=style.DAY_S * 0.8)
        self.acute_line.setData(x, series.acute)
        self.chronic_line.setData(x, series.chronic)
        # the ratio is undefined before any chronic load: leave a gap there (NaN)
        ratio = [float("nan") if r is None else r for r in series.ratio]
        self.ratio_line.setData(x, ratio, connect="finite")
        top = max([*series.acute, *series.chronic, 1.0])
        self.load_plot.setYRange(0, top * 1.15, padding=0)
        known = [r for r in series.ratio if r is not None]
        self.ratio_plot.setYRange(0, max([*known, 1.5]) * 1.1, padding=0)
        self.load_plot.setXRange(*style.day_span(first, last), padding=0.01)
        if weeks:
            self.weeks.setText("<b>Monotony and strain, last whole weeks</b>" + weeks_html(weeks))
        else:
            self.weeks.setText("")

    def describe_at(self, plot_index: int, x: float, y: float) -> str | None:
        if not self.series or not self.series.days:
            return None
        try:
            n = (date.fromtimestamp(x) - self.series.days[0]).days  # local day under the mouse
        except (OverflowError, OSError, ValueError):
            return None
        if not 0 <= n < len(self.series.days):
            return None
        return day_text(self.series, n)
