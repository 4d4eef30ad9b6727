"""The plan library dialog: presets listed read-only, own plans first, duplicate, edit and
delete through the editor page, Esc and the window's close button, plan files in and out."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from plan_support import NO, YES, mine, reopened, retype, type_in_cell
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from hillsprint.core.plan import RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.storage.database import transaction
from hillsprint.ui.library.plan_library_dialog import PlanLibraryDialog, file_name_for
from hillsprint.ui.library.plan_list_page import OWN, PRESET
from hillsprint.ui.library.plan_rules import COL_SPRINT, COL_WALK


@pytest.fixture
def dialog(qtbot, library):
    widget = PlanLibraryDialog(library)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_presets_are_listed_read_only_and_own_plans_first(qtbot, dialog, library):
    names = [(c.kind, c.name) for c in dialog.page.choices()]
    assert names == [(PRESET, p.name) for p in PRESETS.values()]
    texts = [dialog.page.list.item(r).text() for r in range(dialog.page.list.count())]
    assert "   Hill power  — preset, read-only" in texts
    assert dialog.selected().kind == PRESET
    assert not dialog.page.edit_button.isEnabled() and not dialog.page.delete_button.isEnabled()
    assert dialog.page.duplicate_button.isEnabled() and dialog.page.use_button.isEnabled()
    assert "read-only" in dialog.page.plan_kind.text()

    library.save_new(mine("Zebra"))
    library.save_new(mine("apple"))
    dialog.reload()
    assert [c.name for c in dialog.page.choices()[:2]] == ["apple", "Zebra"]


def test_duplicating_a_preset_leaves_it_as_it_was(qtbot, dialog, library, db_path, tmp_path):
    original = PRESETS["hill-power"]
    before = json.dumps(original.to_json())
    assert dialog.page.select(PRESET, "hill-power")
    dialog.page.duplicate_button.click()
    assert dialog.editing()
    editor = dialog.editor
    assert editor.plan_fields.name.text() == "Hill power (2)" and editor.plan_id is None
    assert editor.save_button.isEnabled()
    editor.rep_list.model.setData(
        editor.rep_list.model.index(0, COL_SPRINT), "6"
    )  # change the copy
    with qtbot.waitSignal(dialog.plansChanged):
        editor.save_button.click()
    assert not dialog.editing()
    assert json.dumps(PRESETS["hill-power"].to_json()) == before
    assert PRESETS["hill-power"] is original
    (entry,) = reopened(db_path, tmp_path)
    assert entry.name == "Hill power (2)"
    assert entry.plan.reps == (RepSpec(6, 120, manual=True), *original.reps[1:])
    assert entry.plan.description == original.description
    assert (dialog.selected().kind, dialog.selected().key) == (OWN, entry.id)
    assert "Saved 'Hill power (2)'" in dialog.page.message.text()


def test_own_plans_are_edited_and_deleted(qtbot, dialog, library):
    entry = library.save_new(mine("Mine"))
    other = library.save_new(mine("Other"))
    dialog.reload()
    assert dialog.page.select(OWN, entry.id)
    assert dialog.page.edit_button.isEnabled() and dialog.page.delete_button.isEnabled()
    dialog.page.edit_button.click()
    editor = dialog.editor
    assert editor.plan_id == entry.id and editor.title.text() == "Edit plan: Mine"
    retype(qtbot, editor.plan_fields.name, "Other")  # taken
    assert not editor.save_button.isEnabled()
    retype(qtbot, editor.plan_fields.name, "Mine, longer")
    type_in_cell(qtbot, editor, 2, COL_WALK, "3:00")
    with qtbot.waitSignal(editor.saved):
        qtbot.keyClick(editor.plan_fields.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = library.get(entry.id)
    assert stored.name == "Mine, longer"
    assert stored.plan.reps[2] == RepSpec(12, 180, manual=False)
    assert library.get(other.id).plan == other.plan
    assert dialog.selected().key == entry.id

    with qtbot.assertNotEmitted(dialog.plansChanged):
        dialog.page.delete_button.click()
        assert dialog.question.box.isVisible()
        dialog.question.box.done(NO)
    assert library.get(entry.id) is not None
    dialog.page.delete_button.click()
    with qtbot.waitSignal(dialog.plansChanged):
        dialog.question.box.done(YES)
    assert library.get(entry.id) is None
    assert [c.name for c in dialog.page.choices() if c.own] == ["Other"]
    assert dialog.selected() is not None
    assert "Deleted 'Mine, longer'" in dialog.page.message.text()


def test_esc_on_the_editor_page_goes_back_to_the_list(qtbot, dialog):
    dialog.page.new_button.click()
    assert dialog.editing() and dialog.editor.title.text() == "New plan"
    qtbot.keyClick(dialog.editor.plan_fields.name, Qt.Key.Key_Escape)  # nothing typed: no question
    assert not dialog.editing() and dialog.isVisible()
    qtbot.keyClick(dialog.page.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_closing_the_window_while_editing_asks_about_unsaved_changes(qtbot, dialog):
    dialog.page.new_button.click()
    qtbot.keyClicks(dialog.editor.plan_fields.name, "Half done")
    dialog.close()
    assert dialog.isVisible() and dialog.question.box.isVisible()
    dialog.question.box.done(NO)
    assert dialog.isVisible() and dialog.editing()
    assert dialog.editor.plan_fields.name.text() == "Half done"
    dialog.close()
    dialog.question.box.done(YES)
    assert not dialog.isVisible() and not dialog.editing()


def test_use_this_plan_emits_the_plan_and_closes(qtbot, dialog):
    dialog.page.select(PRESET, "short-sit")
    with qtbot.waitSignal(dialog.planChosen) as chosen:
        qtbot.keyClick(dialog.page.list, Qt.Key.Key_Return)  # Enter: the default button
    assert chosen.args == [PRESETS["short-sit"]]
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_export_then_import_gives_the_same_plan(qtbot, dialog, library, tmp_path):
    entry = library.save_new(mine("Mine"))
    dialog.reload()
    dialog.page.select(OWN, entry.id)
    path = tmp_path / file_name_for("Mine")
    assert dialog.export_selected(path)
    assert path.read_text(encoding="utf-8") == entry.plan.to_json_text()
    assert "Exported 'Mine'" in dialog.page.message.text()

    with qtbot.waitSignal(dialog.plansChanged):
        assert dialog.import_file(path)
    copy = library.find("Mine (2)")  # the name was taken
    assert copy.plan == replace(entry.plan, name="Mine (2)")
    assert dialog.selected().key == copy.id
    assert "Imported 'Mine (2)' from Mine.json" in dialog.page.message.text()

    library.delete(entry.id)
    assert dialog.import_file(path)
    assert library.find("Mine").plan == entry.plan  # the round trip loses nothing

    preset_file = tmp_path / "preset.json"
    dialog.page.select(PRESET, "pyramid")
    assert dialog.export_selected(preset_file)  # presets can be shared too
    assert json.loads(preset_file.read_text(encoding="utf-8")) == PRESETS["pyramid"].to_json()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"name": "x", ', "not valid JSON"),
        (json.dumps({**mine().to_json(), "reps": [{"sprint_s": 700, "recovery_s": 60}]}),
         "reps[0].sprint_s: 700 is over the limit of 600 s"),
        (json.dumps({**mine().to_json(), "colour": "red"}), "colour: unknown key"),
    ],
)  # fmt: skip
def test_a_bad_plan_file_shows_why_and_adds_nothing(qtbot, dialog, library, tmp_path, content,
                                                   reason):  # fmt: skip
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with qtbot.assertNotEmitted(dialog.plansChanged):
        assert not dialog.import_file(path)
    assert library.list() == []
    text = dialog.page.message.text()
    assert text.startswith("✗ Nothing was imported. plan file ") and reason in text
    assert "Traceback" not in text and dialog.page.message.property("problem") is True
    assert not dialog.import_file(tmp_path / "missing.json")
    assert "no such file" in dialog.page.message.text()


def test_export_problems_are_shown_not_raised(qtbot, dialog, tmp_path):
    dialog.page.select(PRESET, "minimal")
    assert not dialog.export_selected(tmp_path)  # a folder
    assert "Not exported." in dialog.page.message.text() and "folder" in dialog.page.message.text()
    assert not dialog.export_selected(tmp_path / "no" / "such" / "dir" / "p.json")
    assert "does not exist" in dialog.page.message.text()


def test_broken_stored_plans_are_listed_with_the_reason(qtbot, library):
    with transaction(library.connection) as conn:
        conn.execute(
            "INSERT INTO plans (name, plan_json, created_at, updated_at) VALUES (?, ?, ?, ?)",
            ("Old plan", '{"name": "Old plan"}', "2026-01-01T00:00:00+00:00", "2026-01-01"),
        )
    dialog = PlanLibraryDialog(library)
    qtbot.addWidget(dialog)
    (broken,) = [c for c in dialog.page.choices() if c.own]
    assert broken.plan is None and "warmup_s: missing" in broken.problem
    assert dialog.page.select(OWN, broken.key)
    assert "— broken, cannot be used" in dialog.page.list.currentItem().text()
    assert "warmup_s: missing" in dialog.page.plan_kind.text()
    for button in (dialog.page.use_button, dialog.page.edit_button, dialog.page.duplicate_button,
                   dialog.page.export_button):  # fmt: skip
        assert not button.isEnabled()
    assert dialog.page.delete_button.isEnabled()
    dialog.page.delete_button.click()
    dialog.question.box.done(YES)
    assert library.list() == []


def test_the_list_rows_match_the_choices(qtbot, dialog, library):
    library.save_new(mine("Mine"))
    dialog.reload()
    rows = [r for r in range(dialog.page.list.count()) if dialog.page.list.item(r).flags()]
    assert len(rows) == len(dialog.page.choices())
    assert dialog.page.list.item(0).text() == "Your plans"
    assert not dialog.page.list.item(0).flags() & Qt.ItemFlag.ItemIsSelectable


def test_the_file_dialogs_do_not_block(qtbot, dialog, library, tmp_path):
    dialog.page.select(PRESET, "hill-primer")
    dialog.page.export_button.click()
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    assert Path(chooser.selectedFiles()[0]).name == "Hill-primer.json"
    path = tmp_path / "primer.json"
    chooser.selectFile(str(path))
    chooser.accept()
    assert dialog.file_dialog is None
    assert json.loads(path.read_text(encoding="utf-8")) == PRESETS["hill-primer"].to_json()

    dialog.page.import_button.click()
    chooser = dialog.file_dialog
    chooser.selectFile(str(path))
    with qtbot.waitSignal(dialog.plansChanged):
        chooser.accept()
    assert library.find("Hill primer (2)").plan.reps == PRESETS["hill-primer"].reps


def test_a_new_plan_starts_with_the_runners_lead_in(qtbot, library):
    """Settings.get_ready_s reaches the editor through the library dialog."""
    dialog = PlanLibraryDialog(library, get_ready_s=25)
    qtbot.addWidget(dialog)
    dialog.new_plan()
    assert dialog.editor.plan_fields.get_ready.text() == "25"
    retype(qtbot, dialog.editor.plan_fields.name, "Lead-in check")
    assert dialog.editor.candidate_plan().get_ready_s == 25
