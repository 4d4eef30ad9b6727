"""The hills library: a list of the runner's hills (name, length, average gradient, surface,
notes) with Add, Edit and Delete, and a form that says at each field what is wrong.

Lengths are stored in metres and shown and typed in the unit of the settings (`units`, "m" or
"ft"); a length typed with its own unit ("120 m", "400 ft") is read in that unit. A value left as
it was shown is kept exactly (showing 120 m in feet and saving must not turn it into
120.09 m). Deleting or renaming a hill never changes the history: sessions keep the hill name
they were run with (the dialog says so).

Open it with `open()` (never `exec()`: a blocking loop would stop a running app's timers);
`hillsChanged` tells the start screen to refresh its hill list. Keys: Enter in a form field
saves, Enter or a double click on a hill edits it, Delete asks to delete it, Esc discards an
edit in progress, then closes.

`describe_hill` and `hill_details_lookup` make the one-line description ("120 m, 8 % gradient,
road") the start screen and the session detail show.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import MAX_TEXT_LEN
from hillsprint.core.units import (
    LENGTH_UNITS,
    UnitsError,
    format_gradient,
    format_length,
    parse_gradient,
    parse_length,
)
from hillsprint.storage.errors import StorageError
from hillsprint.storage.library import (
    MAX_HILL_NAME_LEN,
    Hill,
    HillLibrary,
    InvalidFieldError,
    LibraryError,
    NameClashError,
    validate_hill,
)
from hillsprint.storage.schema import HILL_SURFACES
from hillsprint.ui.common.confirm import ask_yes_no
from hillsprint.ui.common.look import (
    BACKGROUND,
    BUTTONS_CSS,
    FIELDS_CSS,
    FOCUS,
    PROBLEM,
    TABLE_HEADER_CSS,
    TEXT,
    fit_to_screen,
    set_flag,
)
from hillsprint.ui.library.hill_details import surface_word

DIALOG_SIZE = (1240, 660)  # fits a 1366×768 screen with a title bar and a panel
COLUMNS = ("Name", "Length", "Gradient", "Surface", "Notes")
COL_NAME, COL_LENGTH, COL_GRADIENT, COL_SURFACE, COL_NOTES = range(len(COLUMNS))
FIELDS = ("name", "length", "gradient", "surface", "notes")
HISTORY_NOTE = (
    "Deleting or renaming a hill never changes your history: sessions keep the hill name they "
    "were run with."
)
NONE_YET = "No hills yet. Add the hills you sprint up: the start screen offers them."


HILLS_STYLE = f"""
QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: 20px; }}
QLabel#hillsTitle {{ font-size: 30px; font-weight: 700; }}
QLabel#formTitle {{ font-size: 24px; font-weight: 700; }}
QLabel#historyNote, QLabel#unitHint {{ font-size: 17px; color: #333333; }}
QLabel#fieldError {{ color: {PROBLEM}; font-weight: 700; font-size: 18px; }}
QLabel#hillsMessage {{ font-size: 19px; padding: 6px; border: 2px solid {FOCUS};
    background: #e8f5ec; }}
QLabel#hillsMessage[problem="true"] {{ border: 3px solid {PROBLEM}; background: #fff3b0; }}
{FIELDS_CSS}
QTableWidget#hillTable {{ border: 2px solid {TEXT}; gridline-color: #595959;
    selection-background-color: {TEXT}; selection-color: {BACKGROUND}; }}
QTableWidget#hillTable:focus {{ border: 4px solid {FOCUS}; }}
{TABLE_HEADER_CSS}
{BUTTONS_CSS}
QPushButton#saveHillButton {{ font-size: 22px; font-weight: 700; padding: 6px 20px;
    color: #ffffff; background: {FOCUS}; border: 3px solid {TEXT}; }}
QPushButton#saveHillButton:focus {{ border: 6px solid #ff9f1c; }}
"""


def _number_text(shown: str) -> str:
    """'394 ft' -> '394', '8.5 %' -> '8.5': the form shows the unit beside the field."""
    return shown.rsplit(" ", 1)[0]


_MESSAGE_HEADS = ("name", "notes", "length_m", "gradient_pct", "surface", "hill length", "gradient")


def _reason(exc: Exception) -> str:
    """The message without its leading 'field: ', for showing at that field."""
    text = str(exc)
    head, sep, rest = text.partition(": ")
    return rest if sep and head in _MESSAGE_HEADS else text


class _Problems(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems


# -- the dialog ------------------------------------------------------------------------------


class HillsDialog(QDialog):
    """`HillsDialog(library, units, parent, initial_name=None)`; `hillsChanged()` after a
    hill was added, changed or deleted. `initial_name` (the hill typed on the start screen)
    opens that hill for editing, or a new-hill form with that name when it is not listed."""

    hillsChanged = Signal()

    def __init__(
        self,
        library: HillLibrary,
        units: str = "m",
        parent: QWidget | None = None,
        *,
        initial_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        if units not in LENGTH_UNITS:
            raise ValueError(f"units: expected 'm' or 'ft', got {units!r}")
        self.setObjectName("hillsDialog")
        self.setWindowTitle("Hills")
        self.setStyleSheet(HILLS_STYLE)
        self.library = library
        self.units = units
        self.editing_id: int | None = None  # None: the form adds a new hill
        self.confirm_delete: QMessageBox | None = None
        self._hills: list[Hill] = []
        self._loaded: dict[str, str] = {}  # the form's texts as loaded, to spot changes
        self._loaded_values: tuple[float | None, float | None] = (None, None)

        title = QLabel("Hills")
        title.setObjectName("hillsTitle")
        self.history_note = QLabel(HISTORY_NOTE)
        self.history_note.setObjectName("historyNote")
        self.history_note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("hillsMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("hillTable")
        self.table.setAccessibleName("Hills")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTES, QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.empty_note = QLabel(NONE_YET)
        self.empty_note.setObjectName("historyNote")
        self.empty_note.setWordWrap(True)

        self.add_button = QPushButton("&Add hill")
        self.add_button.clicked.connect(self.new_hill)
        self.edit_button = QPushButton("&Edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button = QPushButton("Close  (Esc)")
        self.close_button.clicked.connect(self.reject)

        # the form
        self.form_title = QLabel()
        self.form_title.setObjectName("formTitle")
        self.form_title.setWordWrap(True)
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
        self.notes_edit.setFixedHeight(84)
        self.fields: dict[str, QWidget] = {
            "name": self.name_edit,
            "length": self.length_edit,
            "gradient": self.gradient_edit,
            "surface": self.surface_box,
            "notes": self.notes_edit,
        }
        names = {
            "name": "Name",
            "length": "Length",
            "gradient": "Average gradient",
            "surface": "Surface",
            "notes": "Notes",
        }
        self.field_errors: dict[str, QLabel] = {}
        for key in FIELDS:
            self.fields[key].setAccessibleName(names[key])
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            self.field_errors[key] = error
        for edit in (self.name_edit, self.length_edit, self.gradient_edit):
            edit.returnPressed.connect(self.save)
        self.save_button = QPushButton("&Save hill")
        self.save_button.setObjectName("saveHillButton")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_edit)

        form = QGridLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(2)
        suffixes = {"length": units, "gradient": "%"}
        for i, key in enumerate(FIELDS):
            label = QLabel(names[key])
            label.setBuddy(self.fields[key])
            row = 2 * i
            align = Qt.AlignmentFlag.AlignTop if key == "notes" else Qt.AlignmentFlag.AlignVCenter
            form.addWidget(label, row, 0, align)
            if key in suffixes:
                field_row = QHBoxLayout()
                field_row.addWidget(self.fields[key], 1)
                unit = QLabel(suffixes[key])
                unit.setObjectName("unitLabel")
                field_row.addWidget(unit)
                form.addLayout(field_row, row, 1)
            else:
                form.addWidget(self.fields[key], row, 1)
            form.addWidget(self.field_errors[key], row + 1, 1)
        self.unit_hint = QLabel(
            f"Lengths in {'metres' if units == 'm' else 'feet'} (the unit is set in Settings); "
            f"'{'400 ft' if units == 'm' else '120 m'}' is read as written."
        )
        self.unit_hint.setObjectName("unitHint")
        self.unit_hint.setWordWrap(True)
        form_buttons = QHBoxLayout()
        form_buttons.addStretch(1)
        form_buttons.addWidget(self.cancel_button)
        form_buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(self.form_title)
        right.addLayout(form)
        right.addWidget(self.unit_hint)
        right.addStretch(1)
        right.addLayout(form_buttons)

        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.empty_note)
        left.addLayout(list_buttons)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.history_note, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)
        # No default button: Enter saves only from a form field (returnPressed), and never
        # clicks Add or Delete because one of them happened to come first in the focus chain.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        edit = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        edit.setContext(Qt.ShortcutContext.WidgetShortcut)
        edit.activated.connect(self.edit_selected)

        fit_to_screen(self, DIALOG_SIZE)
        self.reload()
        self._start_with(initial_name)

    def _start_with(self, name: str | None) -> None:
        name = (name or "").strip()
        known = self._row_named(name) if name else -1
        if known >= 0:
            self.table.selectRow(known)
            self.edit_selected()
            return
        self.new_hill(name)
        if not name and self._hills:
            self.table.selectRow(0)
            self.table.setFocus()

    # -- the list ----------------------------------------------------------------------------

    def hills(self) -> list[Hill]:
        """The hills listed, in the order shown."""
        return list(self._hills)

    def reload(self, select_id: int | None = None) -> None:
        """Read the library again; select `select_id` (else keep the selected hill)."""
        current = self.selected()
        wanted = select_id if select_id is not None else (current.id if current else None)
        try:
            self._hills = self.library.list()
        except StorageError as exc:
            self._hills = []
            self.say(f"Your hills cannot be read: {exc}", ok=False)
        self.table.setRowCount(len(self._hills))
        for row, hill in enumerate(self._hills):
            cells = (
                hill.name,
                "—" if hill.length_m is None else format_length(hill.length_m, self.units),
                "—" if hill.gradient_pct is None else format_gradient(hill.gradient_pct),
                surface_word(hill.surface),
                " / ".join(line.strip() for line in hill.notes.splitlines() if line.strip()),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == COL_NOTES and hill.notes:
                    item.setToolTip(hill.notes)
                if column in (COL_LENGTH, COL_GRADIENT):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        rows = [r for r, h in enumerate(self._hills) if h.id == wanted]
        if rows:
            self.table.selectRow(rows[0])
        self.table.setVisible(bool(self._hills))
        self.empty_note.setVisible(not self._hills)
        self._selection_changed()

    def selected(self) -> Hill | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._hills):
            return None
        return self._hills[rows[0].row()]

    def select_name(self, name: str) -> bool:
        row = self._row_named(name)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _row_named(self, name: str) -> int:
        wanted = name.strip().casefold()
        for row, hill in enumerate(self._hills):
            if hill.name.casefold() == wanted:
                return row
        return -1

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- the form ------------------------------------------------------------------------------

    def new_hill(self, name: str = "") -> None:
        """An empty form (the name filled in, if given) that adds a hill when saved."""
        self.editing_id = None
        self.form_title.setText("New hill")
        self._fill(Hill(name or ""))
        self.name_edit.setFocus()

    def edit_selected(self) -> None:
        hill = self.selected()
        if hill is None:
            return
        self.editing_id = hill.id
        self.form_title.setText(f"Edit hill: {hill.name}")
        self._fill(hill)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def cancel_edit(self) -> None:
        self.new_hill()
        self.say("")

    def _fill(self, hill: Hill) -> None:
        self.name_edit.setText(hill.name)
        self.length_edit.setText(
            "" if hill.length_m is None else _number_text(format_length(hill.length_m, self.units))
        )
        self.gradient_edit.setText(
            "" if hill.gradient_pct is None else _number_text(format_gradient(hill.gradient_pct))
        )
        self.surface_box.setCurrentIndex(max(0, self.surface_box.findData(hill.surface)))
        self.notes_edit.setPlainText(hill.notes)
        self._loaded = self._texts()
        self._loaded_values = (hill.length_m, hill.gradient_pct)
        self.show_problems({})

    def _texts(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text(),
            "length": self.length_edit.text(),
            "gradient": self.gradient_edit.text(),
            "surface": str(self.surface_box.currentData()),
            "notes": self.notes_edit.toPlainText(),
        }

    def is_dirty(self) -> bool:
        """True when the form holds something not saved yet."""
        return self._texts() != self._loaded

    def form_hill(self) -> Hill:
        """The hill the form describes, or `_Problems` with a message for each bad field."""
        problems: dict[str, str] = {}
        name = self.name_edit.text()
        try:
            validate_hill(Hill(name))
        except InvalidFieldError as exc:
            problems["name"] = _reason(exc)
        length = self._number("length", 0, parse_length, self.units, problems)
        gradient = self._number("gradient", 1, parse_gradient, None, problems)
        notes = self.notes_edit.toPlainText()
        if len(notes) > MAX_TEXT_LEN:
            problems["notes"] = f"longer than {MAX_TEXT_LEN} characters ({len(notes)})"
        if problems:
            raise _Problems(problems)
        hill = Hill(name, length, gradient, self.surface_box.currentData(), notes)
        try:
            return validate_hill(hill)
        except InvalidFieldError as exc:  # e.g. a character that cannot be stored
            raise _Problems({_field_key(exc.field): _reason(exc)}) from None

    def _number(self, key, loaded_index, parse, unit, problems) -> float | None:
        edit: QLineEdit = self.fields[key]  # type: ignore[assignment]
        text = edit.text().strip()
        if not text:
            return None
        if text == self._loaded.get(key, "").strip():  # as shown: keep the stored value
            return self._loaded_values[loaded_index]
        try:
            value = parse(text) if unit is None else parse(text, unit)
            field = "length_m" if key == "length" else "gradient_pct"
            validate_hill(Hill("x", **{field: value}))
        except (UnitsError, InvalidFieldError) as exc:
            problems[key] = _reason(exc)
            return None
        return value

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

    def save(self) -> bool:
        """Add the form's hill, or save the hill being edited. False (with the reasons shown
        at the fields) when something is wrong."""
        try:
            hill = self.form_hill()
        except _Problems as exc:
            self.show_problems(exc.problems)
            self.fields[next(k for k in FIELDS if k in exc.problems)].setFocus()
            return False
        self.show_problems({})
        try:
            if self.editing_id is None:
                stored = self.library.add(hill)
                done = f"Added {stored.name}."
            else:
                before = next((h for h in self._hills if h.id == self.editing_id), None)
                stored = self.library.update(self.editing_id, hill)
                done = f"Saved {stored.name}."
                if before is not None and before.name != stored.name:
                    done += f" Sessions run before keep the name {before.name}."
        except NameClashError as exc:
            self.show_problems({"name": str(exc)})
            self.name_edit.setFocus()
            return False
        except InvalidFieldError as exc:
            self.show_problems({_field_key(exc.field): _reason(exc)})
            return False
        except (LibraryError, StorageError) as exc:
            self.say(f"The hill could not be saved: {exc}", ok=False)
            return False
        self.reload(select_id=stored.id)
        self.new_hill()
        self.say(done)
        self.hillsChanged.emit()
        return True

    # -- delete ----------------------------------------------------------------------------

    def delete_selected(self) -> None:
        hill = self.selected()
        if hill is None or self.confirm_delete is not None:
            return
        self.confirm_delete = ask_yes_no(
            self,
            "Delete this hill?",
            f"Delete the hill {hill.name} from your list?\n\n"
            f"Your history does not change: sessions run on it keep the name {hill.name}.",
            lambda yes: self._delete_answered(hill, yes),
            warning=True,
            yes_text="Delete",
            no_text="Keep",
        )

    def _delete_answered(self, hill: Hill, yes: bool) -> None:
        self.confirm_delete = None
        if not yes or hill.id is None:
            self.table.setFocus()
            return
        row = self.table.currentRow()
        try:
            self.library.delete(hill.id)
        except (LibraryError, StorageError) as exc:
            self.say(f"{hill.name} could not be deleted: {exc}", ok=False)
            return
        if self.editing_id == hill.id:
            self.new_hill()
        self.reload()
        if self._hills:
            self.table.selectRow(min(max(row, 0), len(self._hills) - 1))
        self.say(f"Deleted {hill.name}. Sessions run on it keep its name in your history.")
        self.hillsChanged.emit()
        self.table.setFocus()

    # -- messages and keys -------------------------------------------------------------------

    def say(self, text: str, *, ok: bool = True) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_flag(self.message, "problem", not ok)

    def keyPressEvent(self, event) -> None:
        """Esc discards an edit in progress first; a second Esc (or a clean form) closes."""
        if event.key() == Qt.Key.Key_Escape and self.is_dirty():
            self.cancel_edit()
            self.say("Changes discarded. Esc again closes.")
            event.accept()
            return
        super().keyPressEvent(event)


def _field_key(field: str) -> str:
    return {"length_m": "length", "gradient_pct": "gradient"}.get(field, field)
