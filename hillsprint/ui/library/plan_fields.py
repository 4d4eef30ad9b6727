"""The plan editor's fields: name, description, source, and the warm-up, get-ready and
cool-down times, each with the reason it cannot be saved shown under it.

The fields hold text only; what the text means and whether it is allowed are the editor's rules
(`plan_rules.check_draft`). `edited` says any field changed, `submitted` that Enter was pressed
in a one-line field (the editor then saves, or goes to the first problem).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import DEFAULT_COOLDOWN_S, DEFAULT_WARMUP_S, Plan
from hillsprint.ui.common.look import METRICS, set_flag
from hillsprint.ui.common.widgets import hidden_label
from hillsprint.ui.library.plan_rules import (
    FIELD_LABELS,
    TEXT_FIELDS,
    TIME_FIELDS,
    TIME_HINT,
    seconds_text,
)

DESCRIPTION_HEIGHT = METRICS["description_px"]
TIME_FIELD_WIDTH = 120  # "1:00:00" and a little room
TIME_TIPS = {
    "warmup_s": "Easy running before the first sprint; 0 for none. " + TIME_HINT,
    "get_ready_s": "Lead-in before the first sprint and after each manual walk-down",
    "cooldown_s": "Easy running after the last sprint; 0 for none. " + TIME_HINT,
}
TIME_LABELS = {"warmup_s": "&Warm-up", "get_ready_s": "&Get ready", "cooldown_s": "C&ool-down"}


class PlanFields(QWidget):
    """The fields grid. `fields` by plan-file key; `texts()` reads them, `show_plan` fills
    them, `show_problems` marks them."""

    edited = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Hill power, 6 reps")
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("Optional: what the session is for, how to run it")
        self.description.setFixedHeight(DESCRIPTION_HEIGHT)
        self.source = QLineEdit()
        self.source.setPlaceholderText("Optional: where the plan comes from")
        self.warmup = QLineEdit()
        self.get_ready = QLineEdit()
        self.cooldown = QLineEdit()
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {
            "name": self.name,
            "description": self.description,
            "source": self.source,
            "warmup_s": self.warmup,
            "get_ready_s": self.get_ready,
            "cooldown_s": self.cooldown,
        }
        self.field_errors: dict[str, QLabel] = {}
        for key, widget in self.fields.items():
            widget.setAccessibleName(FIELD_LABELS[key])
            self.field_errors[key] = hidden_label("fieldError")
            widget.textChanged.connect(self.edited)
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.submitted)
        for key in TIME_FIELDS:
            self.fields[key].setToolTip(TIME_TIPS[key])
            self.fields[key].setMaximumWidth(TIME_FIELD_WIDTH)
        self.setFocusProxy(self.name)
        self._lay_out()

    def _lay_out(self) -> None:
        """The text fields one a row, the three times side by side; each problem under its
        field (the times' under the row of times)."""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        row = 0
        for key in TEXT_FIELDS:
            label = QLabel(f"&{FIELD_LABELS[key]}")
            label.setBuddy(self.fields[key])
            align = Qt.AlignmentFlag.AlignTop if key == "description" else Qt.AlignmentFlag(0)
            grid.addWidget(label, row, 0, align)
            grid.addWidget(self.fields[key], row, 1, 1, 6)
            grid.addWidget(self.field_errors[key], row + 1, 1, 1, 6)
            row += 2
        for column, key in enumerate(TIME_FIELDS):
            label = QLabel(TIME_LABELS[key])
            label.setBuddy(self.fields[key])
            grid.addWidget(label, row, column * 2)
            grid.addWidget(self.fields[key], row, column * 2 + 1)
        times_errors = QVBoxLayout()
        times_errors.setSpacing(0)
        for key in TIME_FIELDS:
            times_errors.addWidget(self.field_errors[key])
        grid.addLayout(times_errors, row + 1, 0, 1, 7)
        grid.setColumnStretch(6, 1)

    def tab_order(self) -> list[QWidget]:
        return list(self.fields.values())

    # -- the texts --------------------------------------------------------------------------

    def show_plan(self, plan: Plan | None, get_ready_s: float) -> None:
        """Fill in `plan`, or for None an empty name with the usual warm-up and cool-down and
        the lead-in `get_ready_s`."""
        if plan is None:
            texts = dict.fromkeys(TEXT_FIELDS, "")
            times = (DEFAULT_WARMUP_S, get_ready_s, DEFAULT_COOLDOWN_S)
        else:
            texts = {"name": plan.name, "description": plan.description, "source": plan.source}
            times = (plan.warmup_s, plan.get_ready_s, plan.cooldown_s)
        texts.update((key, seconds_text(s)) for key, s in zip(TIME_FIELDS, times, strict=True))
        for key, widget in self.fields.items():
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(texts[key])
            else:
                widget.setText(texts[key])

    def texts(self) -> dict[str, str]:
        """Every field's text, by plan-file key."""
        return {
            key: widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            for key, widget in self.fields.items()
        }

    # -- problems ---------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, str]) -> None:
        """Mark each field with a problem and say why under it; clear the others."""
        for key, widget in self.fields.items():
            reason = problems.get(key, "")
            set_flag(widget, "problem", bool(reason))
            label = self.field_errors[key]
            label.setText(f"✗ {FIELD_LABELS[key]}: {reason}" if reason else "")
            label.setVisible(bool(reason))

    def focus_first(self, keys) -> bool:
        """Put the cursor in the first field named in `keys`; False when there is none."""
        for key, widget in self.fields.items():
            if key in keys:
                widget.setFocus()
                return True
        return False
