"""A chart panel: a title and a caption saying what the chart shows and where the metric comes
from, the pyqtgraph plots, a read-out line that shows exact values under the mouse, and
"Save as PNG…".

Subclasses build their plots in `build()`, draw a `core.chart_data` series in `draw()`, and
answer `describe_at(plot_index, x, y)` with the words for the point under the mouse (or None).
Clicking a session's point emits `sessionClicked(session_id)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hillsprint.ui.common.widgets import open_file_dialog
from hillsprint.ui.history.charts import style

EXPORT_WIDTH_PX = 1600
HOVER_HINT = "Point at the chart to see exact values; click a session's point to open it."


class ChartPanel(QWidget):
    sessionClicked = Signal(str)
    title = "Chart"
    caption = ""
    hint = HOVER_HINT  # what the read-out line says while the mouse is not on a value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.configure()
        self.setObjectName("chartPanel")
        self.caption_label = QLabel(self.caption)
        self.caption_label.setObjectName("chartCaption")
        self.caption_label.setWordWrap(True)
        self.caption_label.setToolTip(self.caption)
        self.save_button = QPushButton("Save as PNG…")
        self.save_button.setToolTip("Save this chart as a PNG image")
        self.save_button.clicked.connect(self._choose_png_file)
        top = QHBoxLayout()
        top.addWidget(self.caption_label, 1)
        top.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setAccessibleName(self.title)
        self.graphics.ci.setContentsMargins(4, 4, 12, 4)
        # the title inside the scene, so that a saved PNG says what it is
        self.graphics.addLabel(self.title, row=0, col=0, size=style.TITLE_PT, bold=True)
        self._rows = 1
        self.readout = QLabel(self.hint)
        self.readout.setObjectName("chartReadout")
        self.readout.setWordWrap(True)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 8, 0, 0)
        self.layout_.addLayout(top)
        self.body = QHBoxLayout()
        self.body.addWidget(self.graphics, 1)
        self.layout_.addLayout(self.body, 1)
        self.layout_.addWidget(self.readout)
        self.plots: list[pg.PlotItem] = []
        self.tips: Mapping[str, str] = {}  # hover words by point data (a session id)
        self.build()
        self.graphics.scene().sigMouseMoved.connect(self._mouse_moved)

    # -- for subclasses ----------------------------------------------------------------------

    def build(self) -> None:
        raise NotImplementedError

    def describe_at(self, plot_index: int, x: float, y: float) -> str | None:
        return None

    def add_plot(
        self,
        left: str,
        *,
        dates: bool = True,
        bottom: str | None = None,
        legend_columns: int = 0,
    ) -> pg.PlotItem:
        """A plot in the next row (x linked to the first plot). With `legend_columns`, a legend
        row above it that never covers the data; items added with a `name` go into it."""
        if legend_columns:
            legend = style.legend(legend_columns)
            self.graphics.addItem(legend, row=self._rows, col=0)
            self._rows += 1
        axes = {"bottom": style.date_axis()} if dates else {}
        plot = self.graphics.addPlot(row=self._rows, col=0, axisItems=axes)
        self._rows += 1
        if legend_columns:
            plot.legend = legend  # PlotItem.addItem(name=...) adds to plot.legend
        style.style_plot(plot, left, bottom)
        # pyqtgraph makes the "Plot Options" menu without a parent: give it one, so it goes
        # with the panel instead of living on as a top-level widget
        plot.ctrlMenu.setParent(self, plot.ctrlMenu.windowFlags())
        if self.plots:
            plot.setXLink(self.plots[0])
            # the plots share their dates: the lowest one labels them (saves a date axis's
            # tick layout, ~5 ms, on every redraw)
            self.plots[-1].getAxis("bottom").setStyle(showValues=False)
        self.plots.append(plot)
        return plot

    def session_points(self, plot: pg.PlotItem, **options) -> pg.ScatterPlotItem:
        """A scatter whose points carry session ids: hover shows `tips[id]`, click opens it."""
        scatter = pg.ScatterPlotItem(hoverable=True, tip=self._tip, **options)
        scatter.sigClicked.connect(self._points_clicked)
        plot.addItem(scatter)
        return scatter

    def _tip(self, x: float, y: float, data: object) -> str:
        return self.tips.get(data, "")

    def _points_clicked(self, _item, points, _event) -> None:
        if len(points):
            self.sessionClicked.emit(str(points[0].data()))

    # -- hover read-out ------------------------------------------------------------------------

    def _mouse_moved(self, position: QPointF) -> None:
        for index, plot in enumerate(self.plots):
            if plot.sceneBoundingRect().contains(position):
                point = plot.vb.mapSceneToView(position)
                text = self.describe_at(index, point.x(), point.y())
                self.readout.setText(text or self.hint)
                return

    # -- PNG -------------------------------------------------------------------------------------

    def png_image(self, width: int = EXPORT_WIDTH_PX) -> QImage:
        """The chart (title, plots, legends) rendered by pyqtgraph's ImageExporter."""
        exporter = ImageExporter(self.graphics.ci)
        exporter.parameters()["width"] = width
        return exporter.export(toBytes=True)

    def save_png(self, path: str) -> str | None:
        """Write the PNG; returns a problem in words, or None when it was saved."""
        target = Path(path)
        if target.is_dir():
            return f"{target} is a folder; choose a file name"
        image = self.png_image()
        if image.isNull() or not image.save(str(target), "PNG"):
            return f"could not write {target} (is the folder writable and the disk not full?)"
        return None

    def _choose_png_file(self) -> None:
        name = self.title.lower().replace(" ", "-") + ".png"
        start = str(Path.home() / name)
        title = f"Save {self.title} as PNG"
        filters = "PNG images (*.png)"
        open_file_dialog(self, title, start, filters, self._save_chosen, save=True, suffix="png")

    def _save_chosen(self, path: str) -> None:
        problem = self.save_png(path)
        self.readout.setText(f"Not saved: {problem}." if problem else f"Saved {path}.")
