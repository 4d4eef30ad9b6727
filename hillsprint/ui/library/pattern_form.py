"""The plan editor's quick-pattern form: N equal reps, a pyramid or a ladder, from a few values.

Its own module because it is a small form of its own: it reads its fields, asks
`hillsprint.core.plan_patterns` for the reps and names the field a problem belongs to; the
editor only takes the reps it emits (`applied`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core import plan_patterns
from hillsprint.core.plan import MAX_REPS, PlanError, RepSpec
from hillsprint.ui.common.look import set_flag
from hillsprint.ui.library.plan_rules import json_number, locate, parse_seconds

PATTERN_REPEAT, PATTERN_PYRAMID, PATTERN_LADDER = "repeat", "pyramid", "ladder"
PATTERN_TITLES = {
    PATTERN_REPEAT: "N × sprint / walk-down: equal reps",
    PATTERN_PYRAMID: "Pyramid: sprints up to the longest and back down",
    PATTERN_LADDER: "Ladder: sprints from the shortest up to the longest",
}


class PatternForm(QFrame):
    """The small inline form behind a quick-pattern button. `applied` carries the reps."""

    applied = Signal(object)  # tuple[RepSpec, ...]
    closed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("patternForm")
        self.kind = PATTERN_REPEAT
        self.title = QLabel()
        self.title.setObjectName("sectionLabel")
        self.count = QSpinBox()
        self.count.setRange(1, MAX_REPS)
        self.count.setValue(8)
        self.count.setAccessibleName("Number of reps")
        self.sprint = _seconds_field("10", "Sprint")
        self.rest = _seconds_field("2:00", "Walk-down")
        self.low = _seconds_field("10", "Shortest sprint")
        self.high = _seconds_field("20", "Longest sprint")
        self.step = _seconds_field("5", "Step")
        self.ratio = _seconds_field("6", "Walk-down, times the sprint")
        self.walk_kind = QComboBox()
        self.walk_kind.addItem("timed", False)
        self.walk_kind.addItem("manual (Space)", True)
        self.walk_kind.setAccessibleName("Walk-down kind")
        self.error = QLabel()
        self.error.setObjectName("patternError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.apply_button = QPushButton("Replace the reps")
        self.apply_button.setObjectName("patternApply")
        self.apply_button.clicked.connect(self.apply)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close_form)

        self._labels: dict[QWidget, QLabel] = {}
        self.repeat_row = self._row(
            ("Reps", self.count), ("Sprint", self.sprint), ("Walk-down", self.rest)
        )
        self.steps_row = self._row(
            ("Shortest", self.low),
            ("Longest", self.high),
            ("Step", self.step),
            ("Walk-down = sprint ×", self.ratio),
        )
        self.ratio.setToolTip("Each walk-down is this many times its sprint (6: 10 s → 1:00)")
        self._lay_out()
        self.hide()

    def _lay_out(self) -> None:
        kind_row = QHBoxLayout()
        kind_label = QLabel("Walk-downs")
        kind_label.setBuddy(self.walk_kind)
        kind_row.addWidget(kind_label)
        kind_row.addWidget(self.walk_kind)
        kind_row.addStretch(1)
        kind_row.addWidget(self.apply_button)
        kind_row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.repeat_row)
        layout.addWidget(self.steps_row)
        layout.addLayout(kind_row)
        layout.addWidget(self.error)

    def _row(self, *fields: tuple[str, QWidget]) -> QWidget:
        row = QWidget()
        row.setObjectName("patternRow")
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        for text, widget in fields:
            label = QLabel(text)
            label.setBuddy(widget)
            self._labels[widget] = label
            box.addWidget(label)
            box.addWidget(widget)
        box.addStretch(1)
        return row

    def open_pattern(self, kind: str) -> None:
        self.kind = kind
        self.title.setText(PATTERN_TITLES[kind])
        self.repeat_row.setVisible(kind == PATTERN_REPEAT)
        self.steps_row.setVisible(kind != PATTERN_REPEAT)
        self._mark(None, "")
        self.show()
        (self.count if kind == PATTERN_REPEAT else self.low).setFocus()

    def keyPressEvent(self, event) -> None:
        """Enter in any of the form's fields applies the pattern; Esc closes the form."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.apply()
            return
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.close_form()
            return
        super().keyPressEvent(event)

    def close_form(self) -> None:
        self.hide()
        self.closed.emit()

    def reps(self) -> tuple[RepSpec, ...]:
        """The reps the form's values make; PlanError (naming the field) or ValueError."""
        manual = bool(self.walk_kind.currentData())
        if self.kind == PATTERN_REPEAT:
            sprint = self._seconds(self.sprint)
            rest = self._seconds(self.rest)
            return self._call(plan_patterns.repeat, self.count.value(), sprint, rest, manual)
        low, high, step = (self._seconds(edit) for edit in (self.low, self.high, self.step))
        ratio = self._number(self.ratio)
        pattern = plan_patterns.pyramid if self.kind == PATTERN_PYRAMID else plan_patterns.ladder
        return self._call(pattern, low, high, step, ratio, manual=manual)

    def apply(self) -> bool:
        try:
            reps = self.reps()
        except _FieldProblem as problem:
            self._mark(problem.widget, problem.reason)
            return False
        self._mark(None, "")
        self.hide()
        self.applied.emit(reps)
        return True

    # -- helpers -------------------------------------------------------------------------

    def _seconds(self, edit: QLineEdit) -> float:
        try:
            return json_number(parse_seconds(edit.text()))
        except ValueError as exc:
            raise _FieldProblem(edit, str(exc)) from None

    def _number(self, edit: QLineEdit) -> float:
        text = edit.text().strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise _FieldProblem(edit, f"{text!r} is not a number, e.g. 6") from None
        return json_number(value)

    def _call(self, pattern, *args, **kwargs) -> tuple[RepSpec, ...]:
        arg_widgets = {
            "n": self.count,
            "sprint_s": self.sprint,
            "rest_s": self.rest,
            "min_s": self.rest,
            "low_s": self.low,
            "high_s": self.high,
            "step_s": self.step,
            "rest_ratio": self.ratio,
        }
        try:
            return pattern(*args, **kwargs)
        except PlanError as exc:
            key, _index, _sub, reason = locate(str(exc))
            widget = arg_widgets.get(key or "")
            if widget is None and self.kind != PATTERN_REPEAT:
                widget = self.step
            raise _FieldProblem(widget, reason) from None

    def _mark(self, widget: QWidget | None, reason: str) -> None:
        for edit in (self.sprint, self.rest, self.low, self.high, self.step, self.ratio):
            set_flag(edit, "problem", edit is widget)
        if widget is None:
            self.error.hide()
            self.error.setText("")
            return
        label = self._labels.get(widget)
        name = label.text() if label is not None else "Values"
        self.error.setText(f"✗ {name}: {reason}")
        self.error.show()
        widget.setFocus()


class _FieldProblem(Exception):
    def __init__(self, widget: QWidget | None, reason: str) -> None:
        super().__init__(reason)
        self.widget = widget
        self.reason = reason


def _seconds_field(text: str, name: str) -> QLineEdit:
    """A short field for a time or a number ('10', '2:00'), named for screen readers."""
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setMaximumWidth(110)
    return edit
