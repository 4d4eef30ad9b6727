"""The hills dialog's form: one hill's name, length, average gradient, surface and notes, with
what is wrong said under each field.

Every value is read by the hill's own rules (`core.hill`): a length or gradient the form
accepts is one the library stores, and a refusal reads the same here as there. Lengths are shown
and typed in the runner's unit (`units`, "m" or "ft"); a length typed with its own unit ("120
m", "400 ft") is read in that unit. A value left as it was shown is kept exactly: showing
123.456 m as "405" ft and saving must not turn it into 123.444 m.

Enter in a one-line field asks to save (`saveRequested`); Save and Cancel say so too
(`saveRequested`, `cancelRequested`). The form itself stores nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.hill import (
    HILL_SURFACES,
    MAX_HILL_NAME_LEN,
    Hill,
    HillError,
    gradient_from_text,
    length_from_text,
    name_problem,
    validate_hill,
)
from hillsprint.core.units import LENGTH_UNITS, format_gradient, format_length
from hillsprint.ui.common.look import METRICS, set_flag
from hillsprint.ui.common.widgets import hidden_label
from hillsprint.ui.library.hill_details import surface_word

FIELDS = ("name", "length", "gradient", "surface", "notes")
FIELD_NAMES = {
    "name": "Name",
    "length": "Length",
    "gradient": "Average gradient",
    "surface": "Surface",
    "notes": "Notes",
}
NOTES_HEIGHT = METRICS["hill_notes_px"]
FORM_SPACING = 24  # between the title, the fields, the hint and the buttons (and the buttons)
# the form's field keys for the `Hill` fields the rules name
_FORM_KEY = {"length_m": "length", "gradient_pct": "gradient"}


def form_key(field: str) -> str:
    """The form's key for a `Hill` field named in a refusal ("length_m" -> "length")."""
    return _FORM_KEY.get(field, field)


def number_text(shown: str) -> str:
    """'394 ft' -> '394', '8.5 %' -> '8.5': the form shows the unit beside the field."""
    return shown.rsplit(" ", 1)[0]


class FormProblems(Exception):
    """The form does not describe a hill: `problems` maps each bad field to why."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


class HillForm(QWidget):
    """`HillForm(units)`: `fill(hill, title)` shows a hill, `hill()` reads the one on screen
    (or raises `FormProblems`), `show_problems` marks fields, `is_dirty` spots changes."""

    saveRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, units: str = "m", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if units not in LENGTH_UNITS:
            raise ValueError(f"units: expected 'm' or 'ft', got {units!r}")
        self.units = units
        self._loaded: dict[str, str] = {}  # the texts as filled in, to spot changes
        self._loaded_values: dict[str, float | None] = {"length": None, "gradient": None}

        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.title.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_HILL_NAME_LEN)
        self.name_edit.setPlaceholderText("e.g. Water tower lane")
        self.length_edit = QLineEdit()
        self.length_edit.setPlaceholderText("e.g. 120" if units == "m" else "e.g. 400")
        self.gradient_edit = QLineEdit()
        self.gradient_edit.setPlaceholderText("e.g. 8")
        self.surface_box = QComboBox()
        self.surface_box.addItem("— not set —", None)
        for surface in HILL_SURFACES:
            self.surface_box.addItem(surface_word(surface), surface)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText("Where it starts, landmarks, traffic, lights…")
        self.notes_edit.setFixedHeight(NOTES_HEIGHT)
        self.fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "length": self.length_edit,
            "gradient": self.gradient_edit,
            "surface": self.surface_box,
            "notes": self.notes_edit,
        }
        self.field_errors: dict[str, QLabel] = {key: hidden_label("fieldError") for key in FIELDS}
        for key, widget in self.fields.items():
            widget.setAccessibleName(FIELD_NAMES[key])
        for edit in (self.name_edit, self.length_edit, self.gradient_edit):
            edit.returnPressed.connect(self.saveRequested)
        self.save_button = QPushButton("&Save hill")
        self.save_button.setObjectName("saveHillButton")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.saveRequested)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancelRequested)
        self.unit_hint = QLabel(
            f"Lengths in {'metres' if units == 'm' else 'feet'} (the unit is set in Settings); "
            f"'{'400 ft' if units == 'm' else '120 m'}' is read as written."
        )
        self.unit_hint.setObjectName("unitHint")
        self.unit_hint.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(FORM_SPACING)
        layout.addWidget(self.title)
        layout.addLayout(self._grid())
        layout.addWidget(self.unit_hint)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _grid(self) -> QGridLayout:
        """Label, field (with its unit) and, under the field, its problem."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        suffixes = {"length": self.units, "gradient": "%"}
        for i, key in enumerate(FIELDS):
            label = QLabel(FIELD_NAMES[key])
            label.setBuddy(self.fields[key])
            row = 2 * i
            align = Qt.AlignmentFlag.AlignTop if key == "notes" else Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, row, 0, align)
            if key in suffixes:
                field_row = QHBoxLayout()
                field_row.addWidget(self.fields[key], 1)
                unit = QLabel(suffixes[key])
                unit.setObjectName("unitLabel")
                field_row.addWidget(unit)
                grid.addLayout(field_row, row, 1)
            else:
                grid.addWidget(self.fields[key], row, 1)
            grid.addWidget(self.field_errors[key], row + 1, 1)
        return grid

    # -- showing a hill ---------------------------------------------------------------------

    def fill(self, hill: Hill, title: str) -> None:
        """Show `hill` (its problems cleared) under `title`; what it shows now counts as
        unchanged."""
        self.title.setText(title)
        self.name_edit.setText(hill.name)
        self.length_edit.setText(
            "" if hill.length_m is None else number_text(format_length(hill.length_m, self.units))
        )
        self.gradient_edit.setText(
            "" if hill.gradient_pct is None else number_text(format_gradient(hill.gradient_pct))
        )
        self.surface_box.setCurrentIndex(max(0, self.surface_box.findData(hill.surface)))
        self.notes_edit.setPlainText(hill.notes)
        self._loaded = self.texts()
        self._loaded_values = {"length": hill.length_m, "gradient": hill.gradient_pct}
        self.show_problems({})

    def texts(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text(),
            "length": self.length_edit.text(),
            "gradient": self.gradient_edit.text(),
            "surface": str(self.surface_box.currentData()),
            "notes": self.notes_edit.toPlainText(),
        }

    def is_dirty(self) -> bool:
        """True when the form holds something not saved yet."""
        return self.texts() != self._loaded

    # -- reading it back ------------------------------------------------------------------

    def hill(self) -> Hill:
        """The hill on screen (tidied as stored), or `FormProblems` naming every bad field."""
        problems: dict[str, str] = {}
        name = self.name_edit.text()
        if reason := name_problem(name):
            problems["name"] = reason
        length = self._number("length", lambda text: length_from_text(text, self.units), problems)
        gradient = self._number("gradient", gradient_from_text, problems)
        notes = self.notes_edit.toPlainText()
        try:
            validate_hill(Hill("notes", notes=notes))
        except HillError as exc:
            problems["notes"] = exc.problem
        if problems:
            raise FormProblems(problems)
        try:
            return validate_hill(
                Hill(name, length, gradient, self.surface_box.currentData(), notes)
            )
        except HillError as exc:  # e.g. a character that cannot be stored
            raise FormProblems({form_key(exc.field): exc.problem}) from None

    def _number(self, key: str, read, problems: dict[str, str]) -> float | None:
        text = self.texts()[key].strip()
        if text and text == self._loaded.get(key, "").strip():  # as shown: keep the stored value
            return self._loaded_values[key]
        try:
            return read(text)
        except HillError as exc:
            problems[key] = exc.problem
            return None

    # -- problems -----------------------------------------------------------------------------

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show each message under its field (and mark the field); {} clears them all."""
        for key in FIELDS:
            text = problems.get(key, "")
            self.field_errors[key].setText(f"✗ {text}" if text else "")
            self.field_errors[key].setVisible(bool(text))
            if key != "surface":
                set_flag(self.fields[key], "problem", bool(text))

    def problems(self) -> dict[str, str]:
        """The messages shown at the fields now (without the ✗)."""
        return {
            key: label.text().removeprefix("✗ ")
            for key, label in self.field_errors.items()
            if label.text()
        }

    def focus_first(self, keys) -> None:
        """Put the cursor in the first of these fields, in the form's order."""
        self.fields[next(key for key in FIELDS if key in keys)].setFocus()
