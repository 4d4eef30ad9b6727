"""The plan library: the built-in plans (read-only) and the runner's own plans, with New,
Duplicate, Edit, Delete, plan-file Import and Export, and "Use this plan".

Open it with `open()` (never `exec()`: a blocking loop would stop a running app's timers). It
shows a list page and, for New, Duplicate and Edit, a `PlanEditor` page in the same window.
Nothing is written before the editor's Save, except Delete (after a confirm) and Import.
Problems (a bad plan file, a full disk, a plan stored by a newer version) are shown in the
message line in words, never as a traceback.

Keys: arrows choose a plan, Enter uses it (the default button), Alt+letter for each button,
Esc closes (on the editor page: cancels the edit, asking first about unsaved changes).

The list page is `plan_list_page.PlanListPage`; this module reads and writes the library, moves
between the pages and handles plan files.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QStackedWidget, QVBoxLayout, QWidget

from hillsprint.core.plan import Plan
from hillsprint.storage.errors import StorageError
from hillsprint.storage.library_errors import LibraryError
from hillsprint.storage.plans import PlanLibrary
from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.look import fit_to_screen, style_sheet
from hillsprint.ui.common.widgets import open_file_dialog
from hillsprint.ui.library.plan_editor import EDITOR_STYLE, PlanEditor
from hillsprint.ui.library.plan_list_page import OWN, ListedPlan, PlanListPage

DIALOG_SIZE = (1320, 700)  # fits a 1366×768 screen with a title bar and a panel
PLAN_FILES = "Plan files (*.json)"

LIBRARY_STYLE = style_sheet("library")


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
        self.question = Question(self)
        self.file_dialog: QFileDialog | None = None

        self.page = PlanListPage()
        page = self.page
        page.list.itemDoubleClicked.connect(lambda _item: self.use_selected())
        for button, slot in (
            (page.new_button, self.new_plan),
            (page.duplicate_button, self.duplicate_selected),
            (page.edit_button, self.edit_selected),
            (page.delete_button, self.delete_selected),
            (page.import_button, self.choose_import_file),
            (page.export_button, self.choose_export_file),
            (page.close_button, self.reject),
            (page.use_button, self.use_selected),
        ):
            button.clicked.connect(slot)
        self.editor = PlanEditor(library)
        if get_ready_s is not None:
            self.editor.default_get_ready_s = get_ready_s
        self.editor.saved.connect(self._editor_saved)
        self.editor.cancelled.connect(self.show_list)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.page)
        self.pages.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        page.use_button.setDefault(True)  # only now: the button must be in the dialog already
        fit_to_screen(self, DIALOG_SIZE)
        self.reload()
        page.list.setFocus()

    # -- the list --------------------------------------------------------------------------

    def reload(self, select: tuple[str, str | int] | None = None) -> None:
        """Read the own plans again; keep (or move to `select`, (kind, key)) the selection."""
        try:
            entries = self.library.list()
        except StorageError as exc:
            entries = []
            self.say(f"Your plans cannot be read: {exc}", ok=False)
        self.page.show_entries(entries, select)

    def selected(self) -> ListedPlan | None:
        return self.page.selected()

    def select_name(self, name: str) -> bool:
        """Select the plan of this name (by `name_key`): the dialog opens on the plan the
        start screen shows."""
        return self.page.select_name(name)

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
        self.page.message.hide()
        self.editor.load(plan, plan_id, title=title)
        self.pages.setCurrentWidget(self.editor)
        self.setWindowTitle(title)
        self.editor.plan_fields.name.setFocus()
        self.editor.plan_fields.name.selectAll()

    def show_list(self) -> None:
        self.pages.setCurrentWidget(self.page)
        self.setWindowTitle("Plans")
        self.page.list.setFocus()

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
        if choice is None or not choice.own:
            return
        self.question.ask(
            "Delete this plan?",
            f"Delete your plan {choice.name!r}? Sessions already run with it keep their copy."
            "\n\nEnter or Esc: keep it",
            lambda yes: self._delete_answered(choice, yes),
            warning=True,
            yes_text="Delete",
            no_text="Keep",
        )

    def _delete_answered(self, choice: ListedPlan, yes: bool) -> None:
        if not yes:
            self.page.list.setFocus()
            return
        try:
            self.library.delete(choice.key)
        except (LibraryError, StorageError) as exc:
            self.say(f"Not deleted: {exc}", ok=False)
            return
        row = self.page.list.currentRow()
        self.reload()
        self.page.select_near(row)
        self.say(f"Deleted {choice.name!r}.")
        self.plansChanged.emit()
        self.page.list.setFocus()

    # -- plan files -------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        self._keep(
            open_file_dialog(
                self, "Import a plan file", str(Path.home()), PLAN_FILES, self.import_file
            )
        )

    def choose_export_file(self) -> None:
        choice = self.selected()
        if choice is None or choice.plan is None:
            return
        start = str(Path.home() / file_name_for(choice.name))
        title = "Export the plan as a file"
        self._keep(
            open_file_dialog(
                self, title, start, PLAN_FILES, self.export_selected, save=True, suffix="json"
            )
        )

    def _keep(self, dialog: QFileDialog) -> None:
        """Hold the open chooser (tests pick a file in it) until it closes."""
        self.file_dialog = dialog
        dialog.finished.connect(self._file_dialog_closed)

    def _file_dialog_closed(self, _result: int) -> None:
        self.file_dialog = None

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
        return self.page.message.say(text, ok)

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
            if not self.editor.question.is_open():
                self.question.ask(
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
        if yes:
            self.editor.load(None)  # forget the changes
            self.show_list()
            self.close()
