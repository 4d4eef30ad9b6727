"""A small bar chart of effort per rep (0–10), drawn with QPainter.

Plain QPainter on purpose: pyqtgraph costs ~0.24 s at import and must stay off the path from the
session to its summary. A missing effort is a hatched stub with a "–" above it, so a gap reads as
"not rated" in shape and text, not just in colour. Every text is black on white (21:1); the bars
are dark blue on white (10.6:1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hillsprint.core.effort import EFFORT_MAX, EFFORT_MIN, is_valid_effort
from hillsprint.ui.common.look import PALETTE

BACKGROUND = PALETTE["background"]
TEXT = PALETTE["text"]
BAR = PALETTE["info"]
GRID = PALETTE["grid"]
LABEL_PX = 20  # axis labels, rep numbers and values: readable at arm's length
MISSING_HEIGHT = 0.8  # the hatched stub of a missing effort, in effort units
MAX_BAR_PX = 56


class RepEffortBars(QWidget):
    """Bars for each rep's effort; `None` is drawn as a hatched stub marked "–"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("effortChart")
        self._efforts: list[int | None] = []
        self._numbers: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Effort per rep")
        self._describe()

    # ---- data ----------------------------------------------------------------------------

    def set_efforts(
        self, efforts: Iterable[int | None], numbers: Iterable[int] | None = None
    ) -> None:
        """One effort (or None) per rep, in order; `numbers` labels the bars (default 1, 2, …)."""
        values = list(efforts)
        for value in values:
            if value is not None and not is_valid_effort(value):
                raise ValueError(f"an effort must be a whole number 0-10 or None, got {value!r}")
        labels = list(numbers) if numbers is not None else list(range(1, len(values) + 1))
        if len(labels) != len(values):
            raise ValueError(f"{len(values)} efforts but {len(labels)} rep numbers")
        if (values, labels) != (self._efforts, self._numbers):
            self._efforts, self._numbers = values, labels
            self._describe()
            self.updateGeometry()
            self.update()

    def efforts(self) -> list[int | None]:
        return list(self._efforts)

    def numbers(self) -> list[int]:
        return list(self._numbers)

    def _describe(self) -> None:
        """The same data in words, for screen readers and the tooltip."""
        if not self._efforts:
            text = "No reps"
        else:
            text = ", ".join(
                f"rep {n}: {'no effort' if e is None else e}"
                for n, e in zip(self._numbers, self._efforts, strict=True)
            )
        self.setAccessibleDescription(text)
        self.setToolTip(f"Effort per rep (0–10): {text}")

    # ---- size ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(max(320, 60 + 48 * len(self._efforts)), 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 160)

    # ---- painting ------------------------------------------------------------------------

    def _label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(LABEL_PX)
        return font

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        font = self._label_font()
        painter.setFont(font)
        metrics = QFontMetrics(font)
        text_h = metrics.height()
        left = metrics.horizontalAdvance("10") + 14
        plot = QRectF(left, text_h + 6, self.width() - left - 10, self.height() - 2 * text_h - 14)
        if plot.width() < 20 or plot.height() < 20:
            return
        scale = _Scale(plot)
        self._paint_axes(painter, scale, left, text_h)
        if not self._efforts:
            painter.setPen(QPen(QColor(TEXT)))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No reps")
            return
        slot = plot.width() / len(self._efforts)
        bar_w = max(2.0, min(slot * 0.64, MAX_BAR_PX))
        show_values = slot >= metrics.horizontalAdvance("10") + 2
        # Rep numbers: every one when they fit, else every `step`-th (1, 1+step, ...).
        widest = max(metrics.horizontalAdvance(str(n)) for n in self._numbers)
        step = max(1, math.ceil((widest + 8) / slot))
        for index, effort in enumerate(self._efforts):
            centre = plot.left() + slot * (index + 0.5)
            top, label = _paint_bar(painter, scale, effort, centre - bar_w / 2, bar_w)
            painter.setPen(QPen(QColor(TEXT)))
            if show_values:
                painter.setFont(self._missing_font() if effort is None else font)
                painter.drawText(
                    QRectF(centre - slot / 2, top - text_h - 2, slot, text_h),
                    Qt.AlignmentFlag.AlignCenter,
                    label,
                )
                painter.setFont(font)
            if index % step == 0:
                painter.drawText(
                    QRectF(centre - slot * step / 2, plot.bottom() + 4, slot * step, text_h),
                    Qt.AlignmentFlag.AlignCenter,
                    str(self._numbers[index]),
                )

    def _missing_font(self) -> QFont:
        font = self._label_font()
        font.setBold(True)
        font.setPixelSize(round(LABEL_PX * 1.4))  # a bare "–" is thin: make it carry
        return font

    @staticmethod
    def _paint_axes(painter: QPainter, scale: _Scale, left: float, text_h: float) -> None:
        """Dotted grid lines at 0, 5 and 10 with their labels, then the two axes."""
        plot = scale.plot
        for value in (0, 5, 10):
            painter.setPen(QPen(QColor(GRID), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QLineF(plot.left(), scale.y(value), plot.right(), scale.y(value)))
            painter.setPen(QPen(QColor(TEXT)))
            painter.drawText(
                QRectF(0, scale.y(value) - text_h / 2, left - 8, text_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        painter.setPen(QPen(QColor(TEXT), 2))
        painter.drawLine(QLineF(plot.left(), plot.top(), plot.left(), plot.bottom()))
        painter.drawLine(QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()))


class _Scale:
    """Effort values to pixel heights in the plot area."""

    def __init__(self, plot: QRectF) -> None:
        self.plot = plot

    def y(self, value: float) -> float:
        span = EFFORT_MAX - EFFORT_MIN
        return self.plot.bottom() - (value - EFFORT_MIN) / span * self.plot.height()


def _paint_bar(
    painter: QPainter, scale: _Scale, effort: int | None, x: float, bar_w: float
) -> tuple[float, str]:
    """One rep's bar (a hatched stub when the effort is missing, a thick line at 0); returns
    where its label goes and the label."""
    y, bottom = scale.y, scale.plot.bottom()
    if effort is None:
        stub = QRectF(x, y(MISSING_HEIGHT), bar_w, y(0) - y(MISSING_HEIGHT))
        painter.fillRect(stub, QBrush(QColor(TEXT), Qt.BrushStyle.BDiagPattern))
        painter.setPen(QPen(QColor(TEXT), 2, Qt.PenStyle.DashLine))
        painter.drawRect(stub)
        return stub.top(), "–"
    if effort == EFFORT_MIN:
        painter.setPen(QPen(QColor(BAR), 5))
        painter.drawLine(QLineF(x, bottom - 2, x + bar_w, bottom - 2))
        return bottom - 4, str(effort)
    bar = QRectF(x, y(effort), bar_w, y(0) - y(effort))
    painter.fillRect(bar, QColor(BAR))
    return bar.top(), str(effort)
