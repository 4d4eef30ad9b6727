"""A plan's timeline preview: warm-up, each rep, cool-down and the total time.

A widget of its own because two screens show it: the plan editor (live, as the plan is
typed) and the plan library dialog (the selected plan).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from hillsprint.core.plan import Plan, format_duration, timeline_rows
from hillsprint.ui.common.look import METRICS


class PlanTimeline(QWidget):
    """A plan as the start screen shows it (`timeline_rows`: warm-up, each rep, cool-down) and
    its total time, in a scroll area (a 99-rep plan has 100 rows)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str]] = []
        self.total = QLabel()
        self.total.setObjectName("totalTime")
        self.stale = QLabel("Not up to date: fix the problems marked ✗ to see the new timeline.")
        self.stale.setObjectName("stale")
        self.stale.setWordWrap(True)
        self.stale.hide()
        self.text = QLabel()
        self.text.setObjectName("timelineText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setWordWrap(True)
        frame = QFrame()
        frame.setObjectName("timelineFrame")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.addWidget(self.text)
        inner.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(frame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setMinimumHeight(METRICS["timeline_min_px"])
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.total)
        layout.addWidget(self.stale)
        layout.addWidget(self.scroll, 1)

    def set_plan(self, plan: Plan | None, *, stale: bool = False) -> None:
        """Show `plan` (None: nothing yet); `stale` says the values on screen differ from it."""
        self.stale.setVisible(stale)
        if plan is None:
            self.rows = []
            self.total.setText("Total: —")
            self.text.setText("")
            return
        rows = timeline_rows(plan)
        self.rows = rows[:-1]  # the last row is the total, shown big above
        reps = f"{plan.rep_count} rep{'s' if plan.rep_count != 1 else ''}"
        self.total.setText(f"Total: about {format_duration(plan.planned_total_s())}  ·  {reps}")
        cells = "".join(
            f"<tr><td style='padding: 2px 16px 2px 0'><b>{html.escape(what)}</b></td>"
            f"<td style='padding: 2px 0'>{html.escape(how)}</td></tr>"
            for what, how in self.rows
        )
        self.text.setText(f"<table cellspacing='0'>{cells}</table>")
