"""The plan library: the built-in plans (read-only) and the runner's own plans, with New,
Duplicate, Edit, Delete, plan-file Import and Export, and "Use this plan".

Open it with `open()` (never `exec()`: a blocking loop would stop a running app's timers). It
shows a list page and, for New, Duplicate and Edit, a `PlanEditor` page in the same window.
Nothing is written before the editor's Save, except Delete (after a confirm) and Import.
Problems (a bad plan file, a full disk, a plan stored by a newer version) are shown in the
message line in words, never as a traceback.

Keys: arrows choose a plan, Enter uses it (the default button), Alt+letter for each button,
Esc closes (on the editor page: cancels the edit, asking first about unsaved changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import Plan
from hillsprint.core.presets import PRESETS
from hillsprint.storage.errors import StorageError
from hillsprint.storage.library import LibraryError, PlanEntry, PlanLibrary
from hillsprint.ui.common.confirm import ask_yes_no
from hillsprint.ui.common.look import BACKGROUND, FOCUS, TEXT, fit_to_screen, set_flag
from hillsprint.ui.common.plan_timeline import PlanTimeline
from hillsprint.ui.library.plan_editor import EDITOR_STYLE, PlanEditor

PRESET, OWN = "preset", "own"
DIALOG_SIZE = (1320, 700)  # fits a 1366×768 screen with a title bar and a panel

LIBRARY_STYLE = f"""
QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: 20px; }}
QLabel#libraryTitle {{ font-size: 30px; font-weight: 700; }}
QLabel#planName {{ font-size: 26px; font-weight: 700; }}
QLabel#planKind {{ font-size: 19px; font-weight: 700; padding: 2px 8px; border: 2px solid {TEXT}; }}
QLabel#planKind[problem="true"] {{ border: 3px solid #8a0015; background: #ffe3e6; }}
QLabel#planSource, QLabel#hint {{ font-size: 17px; color: #333333; }}
QLabel#libraryMessage {{ font-size: 19px; padding: 6px; border: 2px solid {FOCUS};
    background: #e8f5ec; }}
QLabel#libraryMessage[problem="true"] {{ border: 3px solid #8a0015; background: #fff3b0; }}
QListWidget#planList {{ border: 2px solid {TEXT}; font-size: 20px;
    selection-background-color: {TEXT}; selection-color: {BACKGROUND}; }}
QListWidget#planList::item {{ padding: 3px 6px; }}
QListWidget#planList::item:selected {{ background: {TEXT}; color: {BACKGROUND}; }}
QListWidget#planList:focus {{ border: 4px solid {FOCUS}; }}
QPushButton {{ font-size: 20px; padding: 5px 12px; border: 3px solid {TEXT};
    background: {BACKGROUND}; }}
QPushButton:focus {{ border: 5px solid {FOCUS}; }}
QPushButton:disabled {{ color: #595959; border: 2px dashed #595959; }}
QPushButton#useButton {{ font-size: 24px; font-weight: 700; padding: 8px 22px; color: #ffffff;
    background: {FOCUS}; border: 3px solid {TEXT}; }}
QPushButton#useButton:focus {{ border: 6px solid #ff9f1c; }}
QPushButton#useButton:disabled {{ color: #404040; background: #e6e6e6;
    border: 3px dashed #404040; }}
"""


@dataclass(frozen=True)
class Choice:
    """What a list row stands for: a preset (`key` = preset id) or an own plan (`key` = id).
    `plan` is None for a broken own plan; `problem` says why."""

    kind: str
    key: str | int
    name: str
    plan: Plan | None
    problem: str = ""

    @property
    def own(self) -> bool:
        return self.kind == OWN


def file_name_for(plan_name: str) -> str:
    """A safe file name for a plan: 'Hill power (2)' -> 'Hill-power-2.json'."""
    stem = re.sub(r"[^\w.-]+", "-", plan_name, flags=re.UNICODE).strip("-.") or "plan"
    return f"{stem[:80]}.json"


class PlanLibraryDialog(QDialog):
    """Signals: `planChosen(Plan)` ("Use this plan"; the dialog then closes), `plansChanged()`
    after own plans were added, changed or deleted (refresh a plan picker)."""

    planChosen = Signal(object)  # Plan
    plansChanged = Signal()

    def __init__(
        self,
        library: PlanLibrary,
        parent: QWidget | None = None,
        *,
        get_ready_s: float | None = None,
    ) -> None:
        """`get_ready_s`: the lead-in a new plan starts with (the runner's setting)."""
        super().__init__(parent)
        self.setObjectName("planLibrary")
        self.setWindowTitle("Plans")
        self.setStyleSheet(LIBRARY_STYLE + EDITOR_STYLE)
        self.library = library
        self.confirm_delete: QMessageBox | None = None
        self.confirm_close: QMessageBox | None = None
        self.file_dialog: QFileDialog | None = None
        self._choices: list[Choice] = []

        title = QLabel("Plans")
        title.setObjectName("libraryTitle")
        self.list = QListWidget()
        self.list.setObjectName("planList")
        self.list.setAccessibleName("Plans")
        self.list.currentRowChanged.connect(self._show_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.use_selected())

        self.new_button = QPushButton("&New")
        self.new_button.clicked.connect(self.new_plan)
        self.duplicate_button = QPushButton("Dupli&cate")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.edit_button = QPushButton("&Edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button = QPushButton("&Import plan file…")
        self.import_button.clicked.connect(self.choose_import_file)
        self.export_button = QPushButton("E&xport plan file…")
        self.export_button.clicked.connect(self.choose_export_file)
        self.close_button = QPushButton("Close  (Esc)")
        self.close_button.clicked.connect(self.reject)
        self.use_button = QPushButton("&Use this plan")
        self.use_button.setObjectName("useButton")
        self.use_button.clicked.connect(self.use_selected)

        self.message = QLabel()
        self.message.setObjectName("libraryMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        # the chosen plan, as the start screen would show it
        self.plan_name = QLabel()
        self.plan_name.setObjectName("planName")
        self.plan_name.setWordWrap(True)
        self.plan_kind = QLabel()
        self.plan_kind.setObjectName("planKind")
        self.plan_kind.setWordWrap(True)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.source = QLabel()
        self.source.setObjectName("planSource")
        self.source.setWordWrap(True)
        self.timeline = PlanTimeline()
        self.hint = QLabel(
            "Built-in plans are read-only: Duplicate one to change your own copy. "
            "Your plans are kept in your HillSprint data."
        )
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)

        buttons = QGridLayout()
        for i, button in enumerate(
            (
                self.new_button,
                self.duplicate_button,
                self.edit_button,
                self.delete_button,
                self.import_button,
                self.export_button,
            )
        ):
            buttons.addWidget(button, i // 2, i % 2)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self.plan_name)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.plan_kind, 0)
        kind_row.addStretch(1)
        right.addLayout(kind_row)
        right.addWidget(self.description)
        right.addWidget(self.timeline, 1)
        right.addWidget(self.source)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.use_button)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        self.list_page = QWidget()
        page = QVBoxLayout(self.list_page)
        page.setContentsMargins(16, 8, 16, 8)
        page.addWidget(title)
        page.addWidget(self.message)
        page.addLayout(columns, 1)
        page.addLayout(bottom)

        self.editor = PlanEditor(library)
        if get_ready_s is not None:
            self.editor.default_get_ready_s = get_ready_s
        self.editor.saved.connect(self._editor_saved)
        self.editor.cancelled.connect(self.show_list)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.use_button.setDefault(True)  # only now: the button must be in the dialog already
        fit_to_screen(self, DIALOG_SIZE)
        self.reload()
        self.list.setFocus()

    # -- the list --------------------------------------------------------------------------

    def reload(self, select: tuple[str, str | int] | None = None) -> None:
        """Read the own plans again; keep (or move to `select`, (kind, key)) the selection."""
        current = self.selected()
        wanted = select or ((current.kind, current.key) if current else None)
        try:
            entries = self.library.list()
        except StorageError as exc:
            entries = []
            self.say(f"Your plans cannot be read: {exc}", ok=False)
        self.list.blockSignals(True)  # no half-built list reaches _show_current
        try:
            self.list.clear()
            self._choices = []
            self._header("Your plans")
            if not entries:
                self._note("None yet: New, Duplicate or Import plan file")
            for entry in entries:
                self._add(_own_choice(entry))
            self._header("Built-in plans (read-only)")
            for key, plan in PRESETS.items():
                self._add(Choice(PRESET, key, plan.name, plan))
            row = self._row_of(wanted) if wanted else -1
            if row >= 0:
                self.list.setCurrentRow(row)
            else:
                self._select_near(0)
        finally:
            self.list.blockSignals(False)
        self._show_current()

    def _select_near(self, row: int) -> None:
        """Select the plan at `row`, or the nearest one after it, or before it."""
        rows = [r for r in range(self.list.count()) if self._choice_at(r) is not None]
        after = [r for r in rows if r >= row]
        target = after[0] if after else (rows[-1] if rows else -1)
        self.list.setCurrentRow(target)

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setForeground(Qt.GlobalColor.black)
        self.list.addItem(item)

    def _note(self, text: str) -> None:
        item = QListWidgetItem(f"   {text}")
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(Qt.GlobalColor.black)
        self.list.addItem(item)

    def _add(self, choice: Choice) -> None:
        if choice.kind == PRESET:
            text = f"   {choice.name}  — preset, read-only"
        elif choice.plan is None:
            text = f"   {choice.name}  — broken, cannot be used"
        else:
            text = f"   {choice.name}"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, len(self._choices))
        if choice.problem:
            item.setToolTip(choice.problem)
        self._choices.append(choice)
        self.list.addItem(item)

    def _choice_at(self, row: int) -> Choice | None:
        item = self.list.item(row)
        if item is None:
            return None
        index = item.data(Qt.ItemDataRole.UserRole)
        return self._choices[index] if index is not None else None

    def _row_of(self, wanted: tuple[str, str | int]) -> int:
        for row in range(self.list.count()):
            choice = self._choice_at(row)
            if choice is not None and (choice.kind, choice.key) == tuple(wanted):
                return row
        return -1

    def choices(self) -> list[Choice]:
        """Every plan listed, own plans first (by name), then the presets."""
        return list(self._choices)

    def selected(self) -> Choice | None:
        return self._choice_at(self.list.currentRow()) if self.list.count() else None

    def select(self, kind: str, key: str | int) -> bool:
        """Select the preset (kind "preset", key its id) or own plan ("own", its id)."""
        row = self._row_of((kind, key))
        if row >= 0:
            self.list.setCurrentRow(row)
        return row >= 0

    def select_name(self, name: str) -> bool:
        for row in range(self.list.count()):
            choice = self._choice_at(row)
            if choice is not None and choice.name.casefold() == name.casefold():
                self.list.setCurrentRow(row)
                return True
        return False

    def _show_current(self, _row: int = -1) -> None:
        choice = self.selected()
        usable = choice is not None and choice.plan is not None
        own = choice is not None and choice.own
        self.duplicate_button.setEnabled(usable)
        self.export_button.setEnabled(usable)
        self.use_button.setEnabled(usable)
        self.edit_button.setEnabled(own and usable)
        self.delete_button.setEnabled(own)
        for button, why in (
            (self.edit_button, "Built-in plans are read-only: Duplicate to edit a copy"),
            (self.delete_button, "Built-in plans cannot be deleted"),
        ):
            button.setToolTip(why if choice is not None and not own else "")
        if choice is None:
            self.plan_name.setText("No plan chosen")
            self.plan_kind.setText("")
            self.plan_kind.hide()
            self.description.setText("")
            self.source.setText("")
            self.timeline.set_plan(None)
            return
        self.plan_name.setText(choice.name)
        if choice.kind == PRESET:
            kind, problem = "Built-in plan: preset, read-only", False
        elif choice.plan is None:
            kind, problem = f"✗ Broken, cannot be used or exported: {choice.problem}", True
        else:
            kind, problem = "Your plan", False
        self.plan_kind.setText(kind)
        self.plan_kind.show()
        set_flag(self.plan_kind, "problem", bool(problem))
        plan = choice.plan
        self.description.setText(plan.description if plan else "Delete it, or import it again.")
        self.source.setText(f"Source: {plan.source}" if plan and plan.source else "")
        self.timeline.set_plan(plan)

    # -- actions ---------------------------------------------------------------------------

    def use_selected(self) -> None:
        choice = self.selected()
        if choice is None or choice.plan is None:
            return
        self.planChosen.emit(choice.plan)
        self.accept()

    def new_plan(self) -> None:
        self._edit(None, None, "New plan")

    def duplicate_selected(self) -> None:
        """Open the editor on a copy named like "Hill power (2)"; Save adds it as an own plan
        (the original, preset or own, is not changed)."""
        choice = self.selected()
        if choice is None or choice.plan is None:
            return
        try:
            name = self.library.unique_name(choice.plan.name)
        except StorageError as exc:
            self.say(f"Cannot duplicate: {exc}", ok=False)
            return
        self._edit(replace(choice.plan, name=name), None, f"New plan: a copy of {choice.name}")

    def edit_selected(self) -> None:
        choice = self.selected()
        if choice is None or not choice.own or choice.plan is None:
            return
        self._edit(choice.plan, choice.key, f"Edit plan: {choice.name}")

    def _edit(self, plan: Plan | None, plan_id: int | None, title: str) -> None:
        self.message.hide()
        self.editor.load(plan, plan_id, title=title)
        self.pages.setCurrentWidget(self.editor)
        self.setWindowTitle(title)
        self.editor.name.setFocus()
        self.editor.name.selectAll()

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.list_page)
        self.setWindowTitle("Plans")
        self.list.setFocus()

    def editing(self) -> bool:
        return self.pages.currentWidget() is self.editor

    def _editor_saved(self, plan: Plan) -> None:
        self.reload(select=(OWN, self.editor.plan_id))
        self.show_list()
        self.say(f"Saved {plan.name!r}.")
        self.plansChanged.emit()

    def delete_selected(self) -> None:
        """Ask first (No is the default), then delete the own plan."""
        choice = self.selected()
        if choice is None or not choice.own or self.confirm_delete is not None:
            return
        self.confirm_delete = ask_yes_no(
            self,
            "Delete this plan?",
            f"Delete your plan {choice.name!r}? Sessions already run with it keep their copy."
            "\n\nEnter or Esc: keep it",
            lambda yes: self._delete_answered(choice, yes),
            warning=True,
            yes_text="Delete",
            no_text="Keep",
        )

    def _delete_answered(self, choice: Choice, yes: bool) -> None:
        self.confirm_delete = None
        if not yes:
            self.list.setFocus()
            return
        try:
            self.library.delete(choice.key)
        except (LibraryError, StorageError) as exc:
            self.say(f"Not deleted: {exc}", ok=False)
            return
        row = self.list.currentRow()
        self.reload()
        self._select_near(row)
        self.say(f"Deleted {choice.name!r}.")
        self.plansChanged.emit()
        self.list.setFocus()

    # -- plan files -------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        dialog = QFileDialog(self, "Import a plan file", str(Path.home()), "Plan files (*.json)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self._open_file_dialog(dialog, self.import_file)

    def choose_export_file(self) -> None:
        choice = self.selected()
        if choice is None or choice.plan is None:
            return
        start = str(Path.home() / file_name_for(choice.name))
        dialog = QFileDialog(self, "Export the plan as a file", start, "Plan files (*.json)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("json")
        self._open_file_dialog(dialog, self.export_selected)

    def _open_file_dialog(self, dialog: QFileDialog, on_file) -> None:
        self.file_dialog = dialog
        dialog.fileSelected.connect(on_file)

        def finished(_result: int) -> None:
            self.file_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def import_file(self, path: str | Path) -> bool:
        """Add the plan in a plan file as an own plan (a taken name gets " (2)"); a file that
        cannot be used adds nothing and the message says why. True when imported."""
        try:
            entry = self.library.import_plan_file(path)
        except (LibraryError, StorageError) as exc:
            return self.say(f"Nothing was imported. {exc}", ok=False)
        self.reload(select=(OWN, entry.id))
        self.plansChanged.emit()
        return self.say(f"Imported {entry.name!r} from {Path(path).name}.")

    def export_selected(self, path: str | Path) -> bool:
        """Write the selected plan (preset or own) as a plan file. True when written."""
        choice = self.selected()
        if choice is None or choice.plan is None:
            return self.say("Choose a plan that can be used first.", ok=False)
        try:
            written = self.library.export_plan_file(choice.key if choice.own else choice.plan, path)
        except (LibraryError, StorageError) as exc:
            return self.say(f"Not exported. {exc}", ok=False)
        return self.say(f"Exported {choice.name!r} to {written}.")

    def say(self, text: str, ok: bool = True) -> bool:
        """Show what happened (ok) or what went wrong in the message line; returns `ok`."""
        self.message.setText(text if ok else f"✗ {text}")
        set_flag(self.message, "problem", bool(not ok))
        self.message.show()
        return ok

    # -- leaving ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc: on the editor page, cancel the edit (asking first about unsaved changes) and
        go back to the list; on the list page, close."""
        if self.editing():
            self.editor.request_cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        """The window's close button closes the dialog from either page, asking first when
        the editor holds unsaved changes."""
        if self.editing() and self.editor.is_dirty():
            event.ignore()
            if self.confirm_close is None and self.editor.confirm_cancel is None:
                self.confirm_close = ask_yes_no(
                    self,
                    "Discard your changes?",
                    "Your changes to this plan are not saved. Discard them and close?"
                    "\n\nEnter or Esc: keep editing",
                    self._close_answered,
                    warning=True,
                    yes_text="Discard and close",
                    no_text="Keep editing",
                )
            return
        self.show_list()
        super().closeEvent(event)

    def _close_answered(self, yes: bool) -> None:
        self.confirm_close = None
        if yes:
            self.editor.load(None)  # forget the changes
            self.show_list()
            self.close()


def _own_choice(entry: PlanEntry) -> Choice:
    return Choice(OWN, entry.id, entry.name, entry.plan, entry.problem)
