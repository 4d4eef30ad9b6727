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

The parts: `hill_form.HillForm` (the form, read by the hill's rules in `core.hill`) and
`hill_details` (the one-line description the start screen and the session detail show).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.hill import Hill, name_key
from hillsprint.core.units import format_gradient, format_length
from hillsprint.storage.errors import StorageError
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.library_errors import InvalidFieldError, LibraryError, NameClashError
from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.look import (
    METRICS,
    fit_to_screen,
    style_sheet,
)
from hillsprint.ui.common.widgets import MessageLine
from hillsprint.ui.library.hill_details import surface_word
from hillsprint.ui.library.hill_form import FormProblems, HillForm, form_key

DIALOG_SIZE = (1240, 660)  # fits a 1366×768 screen with a title bar and a panel
COLUMNS = ("Name", "Length", "Gradient", "Surface", "Notes")
COL_NAME, COL_LENGTH, COL_GRADIENT, COL_SURFACE, COL_NOTES = range(len(COLUMNS))
ROW_HEIGHT = METRICS["hill_row_px"]
HISTORY_NOTE = (
    "Deleting or renaming a hill never changes your history: sessions keep the hill name they "
    "were run with."
)
NONE_YET = "No hills yet. Add the hills you sprint up: the start screen offers them."


HILLS_STYLE = style_sheet("hills")


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
        self.setObjectName("hillsDialog")
        self.setWindowTitle("Hills")
        self.setStyleSheet(HILLS_STYLE)
        self.library = library
        self.units = units
        self.editing_id: int | None = None  # None: the form adds a new hill
        self.question = Question(self)
        self._hills: list[Hill] = []

        self.form = HillForm(units)  # checks `units` first
        self.form.saveRequested.connect(self.save)
        self.form.cancelRequested.connect(self.cancel_edit)
        self.message = MessageLine("hillsMessage")
        self.history_note = _note(HISTORY_NOTE)
        self.empty_note = _note(NONE_YET)
        self.table = self._hill_table()
        self.add_button = QPushButton("&Add hill")
        self.add_button.clicked.connect(self.new_hill)
        self.edit_button = QPushButton("&Edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button = QPushButton("Close  (Esc)")
        self.close_button.clicked.connect(self.reject)
        self._lay_out()
        # No default button: Enter saves only from a form field (returnPressed), and never
        # clicks Add or Delete because one of them happened to come first in the focus chain.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        keys = {Qt.Key.Key_Delete: self.delete_selected, Qt.Key.Key_Return: self.edit_selected}
        for key, slot in keys.items():
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        fit_to_screen(self, DIALOG_SIZE)
        self.reload()
        self._start_with(initial_name)

    def _hill_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setObjectName("hillTable")
        table.setAccessibleName("Hills")
        table.setHorizontalHeaderLabels(COLUMNS)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTES, QHeaderView.ResizeMode.Stretch)
        header.setSectionsClickable(False)
        table.itemSelectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        return table

    def _lay_out(self) -> None:
        """Title and message; the list (left) beside the form (right); the history note."""
        title = QLabel("Hills")
        title.setObjectName("hillsTitle")
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
        columns.addWidget(self.form, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.history_note, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

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
            self.message.say(f"Your hills cannot be read: {exc}", ok=False)
        self.table.setRowCount(len(self._hills))
        for row, hill in enumerate(self._hills):
            for column, item in enumerate(_row_items(hill, self.units)):
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
        wanted = name_key(name)
        return next((r for r, h in enumerate(self._hills) if name_key(h.name) == wanted), -1)

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    # -- the form ------------------------------------------------------------------------------

    def new_hill(self, name: str = "") -> None:
        """An empty form (the name filled in, if given) that adds a hill when saved."""
        self.editing_id = None
        self.form.fill(Hill(name or ""), "New hill")
        self.form.name_edit.setFocus()

    def edit_selected(self) -> None:
        hill = self.selected()
        if hill is None:
            return
        self.editing_id = hill.id
        self.form.fill(hill, f"Edit hill: {hill.name}")
        self.form.name_edit.setFocus()
        self.form.name_edit.selectAll()

    def cancel_edit(self) -> None:
        self.new_hill()
        self.message.say("")

    def is_dirty(self) -> bool:
        """True when the form holds something not saved yet."""
        return self.form.is_dirty()

    def problems(self) -> dict[str, str]:
        """The messages shown at the form's fields now (without the ✗)."""
        return self.form.problems()

    def save(self) -> bool:
        """Add the form's hill, or save the hill being edited. False (with the reasons shown
        at the fields) when something is wrong."""
        try:
            hill = self.form.hill()
        except FormProblems as exc:
            self.form.show_problems(exc.problems)
            self.form.focus_first(exc.problems)
            return False
        self.form.show_problems({})
        try:
            stored, done = self._store(hill)
        except NameClashError as exc:
            self.form.show_problems({"name": str(exc)})
            self.form.name_edit.setFocus()
            return False
        except InvalidFieldError as exc:
            self.form.show_problems({form_key(exc.field): exc.problem})
            return False
        except (LibraryError, StorageError) as exc:
            self.message.say(f"The hill could not be saved: {exc}", ok=False)
            return False
        self.reload(select_id=stored.id)
        self.new_hill()
        self.message.say(done)
        self.hillsChanged.emit()
        return True

    def _store(self, hill: Hill) -> tuple[Hill, str]:
        """Add or update; the stored hill and what to say about it."""
        if self.editing_id is None:
            stored = self.library.add(hill)
            return stored, f"Added {stored.name}."
        before = next((h for h in self._hills if h.id == self.editing_id), None)
        stored = self.library.update(self.editing_id, hill)
        done = f"Saved {stored.name}."
        if before is not None and before.name != stored.name:
            done += f" Sessions run before keep the name {before.name}."
        return stored, done

    # -- delete ----------------------------------------------------------------------------

    def delete_selected(self) -> None:
        hill = self.selected()
        if hill is None:
            return
        self.question.ask(
            "Delete this hill?",
            f"Delete the hill {hill.name} from your list?\n\n"
            f"Your history does not change: sessions run on it keep the name {hill.name}.",
            lambda yes: self._delete_answered(hill, yes),
            warning=True,
            yes_text="Delete",
            no_text="Keep",
        )

    def _delete_answered(self, hill: Hill, yes: bool) -> None:
        if not yes or hill.id is None:
            self.table.setFocus()
            return
        row = self.table.currentRow()
        try:
            self.library.delete(hill.id)
        except (LibraryError, StorageError) as exc:
            self.message.say(f"{hill.name} could not be deleted: {exc}", ok=False)
            return
        if self.editing_id == hill.id:
            self.new_hill()
        self.reload()
        if self._hills:
            self.table.selectRow(min(max(row, 0), len(self._hills) - 1))
        self.message.say(f"Deleted {hill.name}. Sessions run on it keep its name in your history.")
        self.hillsChanged.emit()
        self.table.setFocus()

    # -- keys ----------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        """Esc discards an edit in progress first; a second Esc (or a clean form) closes."""
        if event.key() == Qt.Key.Key_Escape and self.is_dirty():
            self.cancel_edit()
            self.message.say("Changes discarded. Esc again closes.")
            event.accept()
            return
        super().keyPressEvent(event)


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("historyNote")
    label.setWordWrap(True)
    return label


def _row_items(hill: Hill, units: str) -> list[QTableWidgetItem]:
    """The table's cells for one hill: numbers right-aligned, multi-line notes on one line
    (the whole notes in the tooltip)."""
    cells = (
        hill.name,
        "—" if hill.length_m is None else format_length(hill.length_m, units),
        "—" if hill.gradient_pct is None else format_gradient(hill.gradient_pct),
        surface_word(hill.surface),
        " / ".join(line.strip() for line in hill.notes.splitlines() if line.strip()),
    )
    items = [QTableWidgetItem(text) for text in cells]
    if hill.notes:
        items[COL_NOTES].setToolTip(hill.notes)
    for column in (COL_LENGTH, COL_GRADIENT):
        items[column].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return items
