"""Helpers for the plan editor and plan library tests: a plan of the runner's own, the plans
as a new connection reads them, and typing into fields and reps cells as a runner would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.database import open_database
from hillsprint.storage.plans import PlanLibrary
from hillsprint.ui.library.plan_editor import PlanEditor

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def mine(name: str = "Tuesday hills", sprints=(8, 10, 12)) -> Plan:
    return Plan(
        name=name,
        description="Water tower lane",
        source="my coach",
        warmup_s=480,
        get_ready_s=15,
        cooldown_s=240,
        reps=tuple(RepSpec(s, 90 + i * 15, manual=i % 2 == 1) for i, s in enumerate(sprints)),
    )


def reopened(db_path: Path, tmp_path: Path) -> list:
    """The own plans as a new connection reads them."""
    conn = open_database(db_path, backups_dir=tmp_path / "backups")
    try:
        return PlanLibrary(conn).list()
    finally:
        conn.close()


def retype(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def open_cell(editor: PlanEditor) -> QLineEdit:
    """The reps table's open cell editor (closed ones linger until deleted)."""
    (cell,) = [w for w in editor.rep_list.table.viewport().findChildren(QLineEdit) if w.isVisible()]
    return cell


def type_in_cell(qtbot, editor: PlanEditor, row: int, column: int, text: str) -> None:
    """Open the cell's editor as a double click would, type, and press Enter."""
    index = editor.rep_list.model.index(row, column)
    editor.rep_list.table.setCurrentIndex(index)
    editor.rep_list.table.edit(index)
    cell = open_cell(editor)
    cell.selectAll()
    qtbot.keyClicks(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the view commits it queued: let that run
    qtbot.waitUntil(lambda: editor.rep_list.model.data(index, Qt.ItemDataRole.EditRole) == text)
    assert editor.rep_list.model.data(index, Qt.ItemDataRole.EditRole) == text
