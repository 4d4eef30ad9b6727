"""Chart 3: effort by rep number for the sessions the runner ticks, overlaid.

The list on the left holds the sessions in the range (newest first); the chart starts with the
newest few at the newest session's plan, so fatigue across reps and progress at a fixed plan
are visible at once. Each curve has its own colour *and* marker, and the legend names its date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from hillsprint.core.chart_data import ChartSession, RepCurve, rep_curve
from hillsprint.ui.common.local_format import SHORT_DATE, moment_text
from hillsprint.ui.history.charts import style
from hillsprint.ui.history.charts.panel import ChartPanel

MAX_CURVES = len(style.CURVE_COLOURS)
LIST_PX = 400
SYMBOLS = ("o", "s", "t1", "d", "t", "p", "h", "star")
CAPTION = (
    "Effort (0-10) of each rep, one line per ticked session. A line that climbs is fatigue "
    "across the reps; lines that sit lower over the weeks at the same plan are progress. The "
    "slope is the least-squares change in effort per rep."
)

EffortsFor = Callable[[list[str]], dict[str, list[int | None]]]


def curve_label(curve: RepCurve) -> str:
    when = moment_text(curve.started_at, SHORT_DATE)
    slope = "—" if curve.slope is None else f"{curve.slope:+.2f}/rep"
    return f"{when} ({slope})"


def session_item_text(session: ChartSession) -> str:
    when = moment_text(session.started_at, "dd MMM yy")
    return f"{when}  {session.plan_name}  ({session.reps_done}/{session.reps_planned})"


class RepCurvesPanel(ChartPanel):
    title = "Rep curves"
    hint = "Point at a rep to see every ticked session's effort there; click a point to open it."
    caption = CAPTION

    def __init__(self, efforts_for: EffortsFor, parent: QWidget | None = None) -> None:
        self.efforts_for = efforts_for
        super().__init__(parent)

    def build(self) -> None:
        self.plot = self.add_plot("Effort (0-10)", dates=False, bottom="Rep", legend_columns=2)
        self.plot.setYRange(*style.EFFORT_RANGE, padding=0)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getAxis("left").setTicks(style.EFFORT_TICKS)

        self.choices = QListWidget()
        self.choices.setObjectName("curveChoices")
        self.choices.setAccessibleName("Sessions to overlay")
        self.choices.setFixedWidth(LIST_PX)
        self.choices.itemChanged.connect(self._choice_changed)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 8, 0)
        hint = QLabel(f"Tick up to {MAX_CURVES} sessions:")
        hint.setWordWrap(True)
        side_layout.addWidget(hint)
        side_layout.addWidget(self.choices, 1)
        self.body.insertWidget(0, side)
        self.sessions: dict[str, ChartSession] = {}
        self.curves: list[RepCurve] = []
        self._filling = False
        self._listed: list[str] = []  # session ids in the list, in order
        self._drawn: list[str] | None = None  # the ids whose curves are drawn
        self._generation = -1

    def draw(
        self,
        sessions: Sequence[ChartSession],
        in_range: set[str],
        chosen: Sequence[str],
        generation: int = 0,
    ) -> None:
        """`sessions`: every session the list may show (any order); `in_range`: the ids shown
        now; `chosen`: the ids to tick (at most MAX_CURVES); `generation`: changes when stored
        sessions changed (edited efforts), which forces the list and curves to be read again.

        A range change only hides and shows rows (the list of 1,600 sessions is built once per
        set of sessions) and redraws the curves only when the ticked sessions change."""
        self._filling = True
        ordered = sorted(sessions, key=lambda s: s.started_ts, reverse=True)
        stale = generation != self._generation
        self._generation = generation
        if stale or [s.id for s in ordered] != self._listed:
            self.choices.clear()
            self.sessions = {s.id: s for s in ordered}
            self._listed = [s.id for s in ordered]
            for session in ordered:
                item = QListWidgetItem(session_item_text(session))
                item.setData(Qt.ItemDataRole.UserRole, session.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.choices.addItem(item)
        ticked = set(list(chosen)[:MAX_CURVES])
        for row, session_id in enumerate(self._listed):
            item = self.choices.item(row)
            item.setHidden(session_id not in in_range)
            state = Qt.CheckState.Checked if session_id in ticked else Qt.CheckState.Unchecked
            if item.checkState() != state:
                item.setCheckState(state)
        self._filling = False
        if stale or self.chosen_ids() != self._drawn:
            self._redraw()

    def chosen_ids(self) -> list[str]:
        """The ticked sessions shown in the list, newest first."""
        ids = []
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            if item.checkState() == Qt.CheckState.Checked and not item.isHidden():
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return ids

    def _choice_changed(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        if len(self.chosen_ids()) > MAX_CURVES:
            self._filling = True
            item.setCheckState(Qt.CheckState.Unchecked)
            self._filling = False
            self.readout.setText(f"Up to {MAX_CURVES} curves at once: untick one first.")
            return
        self._redraw()

    def _redraw(self) -> None:
        for item in list(self.plot.listDataItems()):
            self.plot.removeItem(item)
        self.plot.legend.clear()
        ids = self.chosen_ids()
        self._drawn = ids
        efforts = self.efforts_for(ids)
        self.curves = [rep_curve(self.sessions[sid], efforts.get(sid, [])) for sid in ids]
        self.tips = {}
        longest = 1
        for n, curve in enumerate(self.curves):
            colour, symbol = style.CURVE_COLOURS[n], SYMBOLS[n]
            reps = [(i + 1, e) for i, e in enumerate(curve.efforts) if e is not None]
            longest = max(longest, len(curve.efforts))
            item = self.plot.plot(
                [r for r, _ in reps],
                [e for _, e in reps],
                pen=style.pen(colour, 4 if n == 0 else 2.5),
                symbol=symbol,
                symbolSize=11,
                symbolBrush=colour,
                symbolPen=pg.mkPen("w"),
                name=curve_label(curve),
                data=[f"{curve.session_id}#{r}" for r, _ in reps],
            )
            item.scatter.opts["hoverable"] = True  # tool tips on the points
            item.scatter.opts["tip"] = self._tip
            item.scatter.sigClicked.connect(self._curve_clicked)
            for rep, effort in reps:
                self.tips[f"{curve.session_id}#{rep}"] = (
                    f"{curve_label(curve)}: rep {rep}, effort {effort:.0f}. Click to open."
                )
        self.plot.setXRange(0.5, longest + 0.5, padding=0)
        self.plot.getAxis("bottom").setTicks([[(r, str(r)) for r in range(1, longest + 1)]])
        if not self.curves:
            self.readout.setText("Tick a session on the left to draw its reps.")

    def _curve_clicked(self, _item, points, _event) -> None:
        if len(points):
            self.sessionClicked.emit(str(points[0].data()).split("#")[0])

    def describe_at(self, plot_index: int, x: float, y: float) -> str | None:
        rep = round(x)
        parts = []
        for curve in self.curves:
            if 1 <= rep <= len(curve.efforts) and curve.efforts[rep - 1] is not None:
                parts.append(f"{curve_label(curve).split(' (')[0]}: {curve.efforts[rep - 1]:.0f}")
        return f"Rep {rep}: " + "; ".join(parts) if parts else None
