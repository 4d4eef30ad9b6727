"""Colours, fonts and axes shared by the charts: black on white, thick lines, and every series
told apart by colour *and* marker or dash (Okabe-Ito colours, darkened where needed so each is
at least 4.5:1 on white)."""

from __future__ import annotations

from datetime import date, datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

BLACK = "#000000"
BLUE = "#0060a0"  # Okabe-Ito blue, darker: 6.6:1 on white
VERMILLION = "#b34700"  # 5.6:1
GREEN = "#00704f"  # 6.3:1
PURPLE = "#8b3a70"  # 7.0:1
GREY = "#595959"  # 7.0:1
LIGHT_GREY = "#c8c8c8"
ORANGE = "#9c5c00"  # 5.4:1
SKY = "#1f6f9f"
CURVE_COLOURS = (BLACK, BLUE, VERMILLION, GREEN, PURPLE, ORANGE, GREY, SKY)

TICK_PT = 12
LEFT_AXIS_PX = 78
EFFORT_RANGE = (-0.3, 10.5)  # 0 and 10 both get a tick label
EFFORT_TICKS = [[(v, str(v)) for v in range(0, 11, 2)]]
LABEL_PT = "13pt"
TITLE_PT = "15pt"
DAY_S = 86400.0

_configured = False


def configure() -> None:
    """pyqtgraph's global options, once: white background, black text, antialiasing."""
    global _configured
    if not _configured:
        # segmentedLineMode "on": wide antialiased lines drawn as segments, not one path; a
        # 3 px line over ten years of days paints in ~9 ms instead of ~50 ms (measured here)
        pg.setConfigOptions(antialias=True, background="w", foreground="k", segmentedLineMode="on")
        _configured = True


def pen(colour: str, width: float = 3, dash: bool = False) -> pg.QtGui.QPen:
    style = Qt.PenStyle.DashLine if dash else Qt.PenStyle.SolidLine
    return pg.mkPen(colour, width=width, style=style)


def tick_font() -> QFont:
    font = QFont()
    font.setPointSize(TICK_PT)
    return font


def style_plot(plot: pg.PlotItem, left: str, bottom: str | None = None) -> None:
    """Large ticks and axis labels, a light grid, no auto-range button."""
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTickFont(tick_font())
        axis.setTextPen(BLACK)
        axis.setPen(pg.mkPen(BLACK, width=1))
    plot.setLabel("left", left, **{"font-size": LABEL_PT})
    if bottom:
        plot.setLabel("bottom", bottom, **{"font-size": LABEL_PT})
    plot.getAxis("left").setWidth(LEFT_AXIS_PX)  # same width: stacked plots line up in x
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.hideButtons()
    plot.setMenuEnabled(False)


def date_axis() -> pg.DateAxisItem:
    from hillsprint.ui.history.charts.local_date_axis import LocalDateAxis

    return LocalDateAxis(orientation="bottom")


def legend(columns: int = 1) -> pg.LegendItem:
    """A framed legend for its own layout row (see `ChartPanel.add_plot`)."""
    return pg.LegendItem(
        labelTextSize="12pt",
        labelTextColor=BLACK,
        brush=pg.mkBrush(255, 255, 255, 255),
        pen=pg.mkPen(LIGHT_GREY),
        colCount=columns,
        horSpacing=18,
    )


def legend_sample(colour: str, width: float = 3, dash: bool = False) -> pg.PlotDataItem:
    """A line for the legend only (e.g. for an InfiniteLine, which a legend cannot show)."""
    return pg.PlotDataItem(pen=pen(colour, width, dash))


def midnight_ts(day: date) -> float:
    """Local midnight at the start of `day`, in Unix seconds (what DateAxisItem shows)."""
    return datetime(day.year, day.month, day.day).timestamp()


def day_span(first: date, last: date) -> tuple[float, float]:
    """x range from the start of `first` to the end of `last`."""
    return midnight_ts(first), midnight_ts(last) + DAY_S


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"
