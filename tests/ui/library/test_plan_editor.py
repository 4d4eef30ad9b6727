"""The plan editor and the plan library dialog: typing, validation at the field, Save only when
valid, storage through PlanLibrary, presets untouched, rep edits, quick patterns, plan files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.storage.database import open_database, transaction
from hillsprint.storage.library import PlanLibrary
from hillsprint.ui.library.pattern_form import PATTERN_LADDER, PATTERN_PYRAMID, PATTERN_REPEAT
from hillsprint.ui.library.plan_editor import PlanEditor
from hillsprint.ui.library.plan_library_dialog import OWN, PRESET, PlanLibraryDialog, file_name_for
from hillsprint.ui.library.plan_rules import COL_KIND, COL_REP, COL_SPRINT, COL_WALK

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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hillsprint.sqlite3"


@pytest.fixture
def library(db_path: Path, tmp_path: Path):
    conn = open_database(db_path, backups_dir=tmp_path / "backups")
    yield PlanLibrary(conn)
    conn.close()


def reopened(db_path: Path, tmp_path: Path) -> list:
    """The own plans as a new connection reads them."""
    conn = open_database(db_path, backups_dir=tmp_path / "backups")
    try:
        return PlanLibrary(conn).list()
    finally:
        conn.close()


@pytest.fixture
def editor(qtbot, library):
    widget = PlanEditor(library)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


@pytest.fixture
def dialog(qtbot, library):
    widget = PlanLibraryDialog(library)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def retype(qtbot, edit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def open_cell(editor: PlanEditor) -> QLineEdit:
    """The reps table's open cell editor (closed ones linger until deleted)."""
    (cell,) = [w for w in editor.table.viewport().findChildren(QLineEdit) if w.isVisible()]
    return cell


def type_in_cell(qtbot, editor: PlanEditor, row: int, column: int, text: str) -> None:
    """Open the cell's editor as a double click would, type, and press Enter."""
    index = editor.model.index(row, column)
    editor.table.setCurrentIndex(index)
    editor.table.edit(index)
    cell = open_cell(editor)
    cell.selectAll()
    qtbot.keyClicks(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the view commits it queued: let that run
    qtbot.waitUntil(lambda: editor.model.data(index, Qt.ItemDataRole.EditRole) == text)
    assert editor.model.data(index, Qt.ItemDataRole.EditRole) == text


def sprints(editor: PlanEditor) -> list[float]:
    return [rep.sprint_s for rep in editor.candidate_plan().reps]


# -- the editor ---------------------------------------------------------------------------


def test_every_preset_loads_into_the_editor_unchanged(qtbot):
    editor = PlanEditor()  # without a library: no name check against the presets
    qtbot.addWidget(editor)
    for plan in PRESETS.values():
        editor.load(plan)
        assert editor.is_valid(), editor.problems()
        assert editor.candidate_plan() == plan
        assert not editor.is_dirty()


def test_a_new_plan_typed_in_is_saved_and_survives_a_new_connection(
    qtbot, editor, library, db_path, tmp_path
):
    assert not editor.save_button.isEnabled()  # a new plan has no name yet
    assert "must not be empty" in editor.field_error("name")
    # the timeline needs only times and reps: it is live before the plan has a name
    assert editor.timeline.rows[-2:] == [("Rep 1", "sprint 10 s, then cool-down"),
                                         ("Cool-down", "5:00")]  # fmt: skip
    assert editor.timeline.total.text() == "Total: about 15:20  ·  1 rep"
    assert not editor.timeline.stale.isVisibleTo(editor)
    qtbot.keyClicks(editor.name, "Tuesday hills")
    assert editor.save_button.isEnabled() and editor.field_error("name") == ""
    retype(qtbot, editor.warmup, "8:00")
    retype(qtbot, editor.get_ready, "15")
    retype(qtbot, editor.cooldown, "4:00")
    qtbot.keyClicks(editor.description, "Water tower lane")
    qtbot.keyClicks(editor.source, "my coach")
    type_in_cell(qtbot, editor, 0, COL_SPRINT, "8")
    type_in_cell(qtbot, editor, 0, COL_WALK, "1:30")
    editor.add_button.click()
    type_in_cell(qtbot, editor, 1, COL_SPRINT, "10")
    type_in_cell(qtbot, editor, 1, COL_WALK, "105")
    editor.model.setData(
        editor.model.index(1, COL_KIND), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    editor.add_button.click()
    type_in_cell(qtbot, editor, 2, COL_SPRINT, "12")
    type_in_cell(qtbot, editor, 2, COL_WALK, "2:00")
    editor.model.setData(editor.model.index(2, COL_KIND), 0, Qt.ItemDataRole.CheckStateRole)
    assert editor.timeline.rows[0] == ("Warm-up", "8:00")
    assert "Total: about" in editor.timeline.total.text()

    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)  # Enter in a field saves
    expected = replace(mine(), reps=(*mine().reps[:2], RepSpec(12, 120)))
    assert saved.args == [expected]
    assert editor.plan_id is not None and not editor.is_dirty()
    assert [(e.id, e.plan) for e in reopened(db_path, tmp_path)] == [(editor.plan_id, expected)]


def test_invalid_values_are_marked_at_the_field_and_block_save(qtbot, editor):
    qtbot.keyClicks(editor.name, "Hills")
    assert editor.save_button.isEnabled()

    retype(qtbot, editor.warmup, "3:00:00")
    assert editor.field_error("warmup_s") == "✗ Warm-up: 10800 is over the limit of 7200 s"
    assert editor.warmup.property("problem") is True
    assert not editor.save_button.isEnabled()
    assert "Save is off" in editor.save_state.text()
    retype(qtbot, editor.get_ready, "0")
    assert "Get ready: must be more than 0 seconds" in editor.field_error("get_ready_s")
    retype(qtbot, editor.cooldown, "soon")
    assert "'soon' is not a time" in editor.field_error("cooldown_s")
    assert set(editor.problems()) == {"warmup_s", "get_ready_s", "cooldown_s"}
    assert "3 problems" in editor.save_state.text()
    assert editor.timeline.stale.isVisibleTo(editor)  # the preview says it is out of date

    type_in_cell(qtbot, editor, 0, COL_SPRINT, "700")
    assert editor.model.problems() == {0: {COL_SPRINT: "sprint: 700 is over the limit of 600 s"}}
    assert editor.model.data(editor.model.index(0, COL_REP)) == "1  ✗"
    assert "Rep 1: sprint: 700 is over the limit of 600 s" in editor.field_error("reps")
    assert editor.table.property("problem") is True

    # Enter while something is wrong saves nothing and goes to the first problem
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    assert editor.focusWidget() is editor.warmup

    retype(qtbot, editor.warmup, "10:00")
    retype(qtbot, editor.get_ready, "10")
    retype(qtbot, editor.cooldown, "0")
    assert not editor.save_button.isEnabled()  # the rep is still wrong
    type_in_cell(qtbot, editor, 0, COL_SPRINT, "60")
    assert editor.problems() == {} and editor.save_button.isEnabled()
    assert editor.field_error("warmup_s") == editor.field_error("reps") == ""
    assert editor.warmup.property("problem") is False
    assert not editor.timeline.stale.isVisibleTo(editor)
    assert editor.model.data(editor.model.index(0, COL_REP)) == "1"

    retype(qtbot, editor.name, "   ")
    assert editor.field_error("name") == "✗ Name: must not be empty"
    retype(qtbot, editor.name, "x" * 101)
    assert "longer than 100 characters" in editor.field_error("name")


def test_a_manual_walk_down_is_a_minimum(qtbot, editor):
    qtbot.keyClicks(editor.name, "Hills")
    index = editor.model.index(0, COL_KIND)
    editor.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert editor.model.data(index) == "manual (Space)"
    assert editor.model.data(editor.model.index(0, COL_WALK)) == "at least 2:00"
    assert editor.candidate_plan().reps == (RepSpec(10, 120, manual=True),)
    type_in_cell(qtbot, editor, 0, COL_WALK, "0")
    assert "minimum walk-down: must be more than 0 seconds" in editor.problems()["reps[0]"]


def test_the_reps_table_is_used_with_the_keyboard(qtbot, library):
    editor = PlanEditor(library, mine("Keys", sprints=(8, 10)))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    table = editor.table
    table.setFocus()
    table.setCurrentIndex(editor.model.index(0, COL_KIND))
    qtbot.keyClick(table, Qt.Key.Key_Space)  # Space switches timed / manual
    assert editor.candidate_plan().reps[0].manual
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert not editor.candidate_plan().reps[0].manual

    with qtbot.assertNotEmitted(editor.saved), qtbot.assertNotEmitted(editor.cancelled):
        type_in_cell(qtbot, editor, 1, COL_SPRINT, "11")  # Enter ends the cell, saves nothing
        index = editor.model.index(1, COL_WALK)
        table.edit(index)
        cell = open_cell(editor)
        qtbot.keyClicks(cell, "999")
        qtbot.keyClick(cell, Qt.Key.Key_Escape)  # Esc drops the cell's edit, not the plan
        qtbot.wait(10)
    assert editor.model.data(index, Qt.ItemDataRole.EditRole) == "1:45"
    assert editor.confirm_cancel is None
    assert sprints(editor) == [8, 11]

    table.setCurrentIndex(editor.model.index(1, COL_SPRINT))
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert sprints(editor) == [11, 8] and editor.current_row() == 0
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert sprints(editor) == [11, 11, 8] and editor.current_row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert sprints(editor) == [11, 8]


def test_names_of_presets_and_other_own_plans_are_refused(qtbot, editor, library):
    other = library.save_new(mine("Mine"))
    qtbot.keyClicks(editor.name, "hill POWER")
    assert "'Hill power' is the name of a built-in plan" in editor.field_error("name")
    assert not editor.save_button.isEnabled()
    retype(qtbot, editor.name, "  MINE ")
    assert "an own plan called 'Mine' already exists" in editor.field_error("name")
    retype(qtbot, editor.name, "Mine too")
    assert editor.save_button.isEnabled()
    editor.load(other.plan, other.id)  # the plan's own name is no clash with itself
    assert editor.is_valid() and editor.field_error("name") == ""


def test_reps_are_added_reordered_repeated_and_removed(qtbot, library):
    editor = PlanEditor(library, mine(sprints=(8, 10, 12)))
    qtbot.addWidget(editor)
    editor.name.setText("Reps")
    editor.select_row(0)
    editor.down_button.click()
    assert sprints(editor) == [10, 8, 12] and editor.current_row() == 1
    editor.up_button.click()
    assert sprints(editor) == [8, 10, 12] and editor.current_row() == 0
    assert not editor.up_button.isEnabled()
    editor.select_row(2)
    assert not editor.down_button.isEnabled()
    editor.move_rep(-3)  # past the first rep: refused, nothing moves
    editor.select_row(1)
    editor.repeat_count.setValue(3)
    editor.repeat_button.click()  # rep 2 now three times in a row
    assert sprints(editor) == [8, 10, 10, 10, 12]
    assert [r.manual for r in editor.candidate_plan().reps] == [False, True, True, True, False]
    editor.select_row(4)
    editor.add_button.click()  # a copy of the selected rep after it
    assert sprints(editor) == [8, 10, 10, 10, 12, 12] and editor.current_row() == 5
    editor.select_row(0)
    editor.remove_button.click()
    assert sprints(editor) == [10, 10, 10, 12, 12]
    assert editor.is_dirty()
    for _ in range(4):
        editor.remove_button.click()
    assert sprints(editor) == [12] and not editor.remove_button.isEnabled()  # one rep stays

    editor.repeat_rep(200)  # as many as the limit allows
    assert len(editor.candidate_plan().reps) == 99
    assert not editor.add_button.isEnabled() and not editor.repeat_button.isEnabled()
    editor.add_rep()
    assert editor.model.rowCount() == 99


@pytest.mark.parametrize(
    ("kind", "values", "manual", "expected"),
    [
        (PATTERN_REPEAT, {"count": "6", "sprint": "12", "rest": "1:30"}, False,
         [(12, 90)] * 6),
        (PATTERN_PYRAMID, {"low": "8", "high": "12", "step": "2", "ratio": "10"}, True,
         [(8, 80), (10, 100), (12, 120), (10, 100), (8, 80)]),
        (PATTERN_LADDER, {"low": "10", "high": "20", "step": "5", "ratio": "6"}, False,
         [(10, 60), (15, 90), (20, 120)]),
    ],
)  # fmt: skip
def test_quick_patterns_replace_the_reps(qtbot, library, kind, values, manual, expected):
    editor = PlanEditor(library, mine("Patterns"))
    qtbot.addWidget(editor)
    editor.pattern_buttons[kind].click()
    form = editor.pattern_form
    assert form.isVisibleTo(editor) and form.kind == kind
    for field, text in values.items():
        widget = getattr(form, field)
        line = widget.lineEdit() if field == "count" else widget
        line.selectAll()
        qtbot.keyClicks(line, text)
    form.walk_kind.setCurrentIndex(1 if manual else 0)
    qtbot.keyClick(form.walk_kind, Qt.Key.Key_Return)  # Enter in the form applies it
    assert not form.isVisibleTo(editor)
    plan = editor.candidate_plan()
    assert [(r.sprint_s, r.recovery_s) for r in plan.reps] == expected
    assert {r.manual for r in plan.reps} == {manual}
    assert plan.warmup_s == mine().warmup_s  # only the reps are replaced


def test_a_bad_pattern_value_is_named_and_changes_nothing(qtbot, library):
    editor = PlanEditor(library, mine("Patterns"))
    qtbot.addWidget(editor)
    before = editor.model.rows()
    editor.open_pattern(PATTERN_PYRAMID)
    form = editor.pattern_form
    retype(qtbot, form.step, "3")  # 10 to 20 is not a whole number of 3 s steps
    form.apply_button.click()
    assert form.isVisibleTo(editor)
    assert form.error.text().startswith("✗ Step: 20 − 10 = 10 s is not a whole number")
    assert form.step.property("problem") is True
    retype(qtbot, form.high, "long")
    assert not form.apply()
    assert form.error.text() == (
        "✗ Longest: 'long' is not a time; type seconds (90) or minutes:seconds (1:30)"
    )
    assert editor.model.rows() == before
    qtbot.keyClick(form.high, Qt.Key.Key_Escape)  # Esc closes the form, not the editor
    assert not form.isVisibleTo(editor)
    assert editor.model.rows() == before


def test_esc_cancels_and_asks_first_about_unsaved_changes(qtbot, library):
    editor = PlanEditor(library, mine("Mine"))
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.cancelled):
        qtbot.keyClick(editor.name, Qt.Key.Key_Escape)  # nothing changed: no question
    assert editor.confirm_cancel is None

    qtbot.keyClicks(editor.name, " 2")
    with qtbot.assertNotEmitted(editor.cancelled):
        qtbot.keyClick(editor.name, Qt.Key.Key_Escape)
        box = editor.confirm_cancel
        assert box is not None and box.isVisible()
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc: keep editing
    assert editor.confirm_cancel is None and editor.name.text() == "Mine 2"
    editor.cancel_button.click()
    with qtbot.waitSignal(editor.cancelled):
        editor.confirm_cancel.done(YES)
    assert editor.confirm_cancel is None


# -- the library dialog ---------------------------------------------------------------------


def test_presets_are_listed_read_only_and_own_plans_first(qtbot, dialog, library):
    names = [(c.kind, c.name) for c in dialog.choices()]
    assert names == [(PRESET, p.name) for p in PRESETS.values()]
    texts = [dialog.list.item(r).text() for r in range(dialog.list.count())]
    assert "   Hill power  — preset, read-only" in texts
    assert dialog.selected().kind == PRESET
    assert not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert dialog.duplicate_button.isEnabled() and dialog.use_button.isEnabled()
    assert "read-only" in dialog.plan_kind.text()

    library.save_new(mine("Zebra"))
    library.save_new(mine("apple"))
    dialog.reload()
    assert [c.name for c in dialog.choices()[:2]] == ["apple", "Zebra"]


def test_duplicating_a_preset_leaves_it_as_it_was(qtbot, dialog, library, db_path, tmp_path):
    original = PRESETS["hill-power"]
    before = json.dumps(original.to_json())
    assert dialog.select(PRESET, "hill-power")
    dialog.duplicate_button.click()
    assert dialog.editing()
    editor = dialog.editor
    assert editor.name.text() == "Hill power (2)" and editor.plan_id is None
    assert editor.save_button.isEnabled()
    editor.model.setData(editor.model.index(0, COL_SPRINT), "6")  # change the copy
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
    assert "Saved 'Hill power (2)'" in dialog.message.text()


def test_own_plans_are_edited_and_deleted(qtbot, dialog, library):
    entry = library.save_new(mine("Mine"))
    other = library.save_new(mine("Other"))
    dialog.reload()
    assert dialog.select(OWN, entry.id)
    assert dialog.edit_button.isEnabled() and dialog.delete_button.isEnabled()
    dialog.edit_button.click()
    editor = dialog.editor
    assert editor.plan_id == entry.id and editor.title.text() == "Edit plan: Mine"
    retype(qtbot, editor.name, "Other")  # taken
    assert not editor.save_button.isEnabled()
    retype(qtbot, editor.name, "Mine, longer")
    type_in_cell(qtbot, editor, 2, COL_WALK, "3:00")
    with qtbot.waitSignal(editor.saved):
        qtbot.keyClick(editor.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = library.get(entry.id)
    assert stored.name == "Mine, longer"
    assert stored.plan.reps[2] == RepSpec(12, 180, manual=False)
    assert library.get(other.id).plan == other.plan
    assert dialog.selected().key == entry.id

    with qtbot.assertNotEmitted(dialog.plansChanged):
        dialog.delete_button.click()
        assert dialog.confirm_delete.isVisible()
        dialog.confirm_delete.done(NO)
    assert library.get(entry.id) is not None
    dialog.delete_button.click()
    with qtbot.waitSignal(dialog.plansChanged):
        dialog.confirm_delete.done(YES)
    assert library.get(entry.id) is None
    assert [c.name for c in dialog.choices() if c.own] == ["Other"]
    assert dialog.selected() is not None
    assert "Deleted 'Mine, longer'" in dialog.message.text()


def test_esc_on_the_editor_page_goes_back_to_the_list(qtbot, dialog):
    dialog.new_button.click()
    assert dialog.editing() and dialog.editor.title.text() == "New plan"
    qtbot.keyClick(dialog.editor.name, Qt.Key.Key_Escape)  # nothing typed: no question
    assert not dialog.editing() and dialog.isVisible()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_closing_the_window_while_editing_asks_about_unsaved_changes(qtbot, dialog):
    dialog.new_button.click()
    qtbot.keyClicks(dialog.editor.name, "Half done")
    dialog.close()
    assert dialog.isVisible() and dialog.confirm_close.isVisible()
    dialog.confirm_close.done(NO)
    assert dialog.isVisible() and dialog.editing()
    assert dialog.editor.name.text() == "Half done"
    dialog.close()
    dialog.confirm_close.done(YES)
    assert not dialog.isVisible() and not dialog.editing()


def test_use_this_plan_emits_the_plan_and_closes(qtbot, dialog):
    dialog.select(PRESET, "short-sit")
    with qtbot.waitSignal(dialog.planChosen) as chosen:
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # Enter: the default button
    assert chosen.args == [PRESETS["short-sit"]]
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_export_then_import_gives_the_same_plan(qtbot, dialog, library, tmp_path):
    entry = library.save_new(mine("Mine"))
    dialog.reload()
    dialog.select(OWN, entry.id)
    path = tmp_path / file_name_for("Mine")
    assert dialog.export_selected(path)
    assert path.read_text(encoding="utf-8") == entry.plan.to_json_text()
    assert "Exported 'Mine'" in dialog.message.text()

    with qtbot.waitSignal(dialog.plansChanged):
        assert dialog.import_file(path)
    copy = library.find("Mine (2)")  # the name was taken
    assert copy.plan == replace(entry.plan, name="Mine (2)")
    assert dialog.selected().key == copy.id
    assert "Imported 'Mine (2)' from Mine.json" in dialog.message.text()

    library.delete(entry.id)
    assert dialog.import_file(path)
    assert library.find("Mine").plan == entry.plan  # the round trip loses nothing

    preset_file = tmp_path / "preset.json"
    dialog.select(PRESET, "pyramid")
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
    text = dialog.message.text()
    assert text.startswith("✗ Nothing was imported. plan file ") and reason in text
    assert "Traceback" not in text and dialog.message.property("problem") is True
    assert not dialog.import_file(tmp_path / "missing.json")
    assert "no such file" in dialog.message.text()


def test_export_problems_are_shown_not_raised(qtbot, dialog, tmp_path):
    dialog.select(PRESET, "minimal")
    assert not dialog.export_selected(tmp_path)  # a folder
    assert "Not exported." in dialog.message.text() and "folder" in dialog.message.text()
    assert not dialog.export_selected(tmp_path / "no" / "such" / "dir" / "p.json")
    assert "does not exist" in dialog.message.text()


def test_broken_stored_plans_are_listed_with_the_reason(qtbot, library):
    with transaction(library.connection) as conn:
        conn.execute(
            "INSERT INTO plans (name, plan_json, created_at, updated_at) VALUES (?, ?, ?, ?)",
            ("Old plan", '{"name": "Old plan"}', "2026-01-01T00:00:00+00:00", "2026-01-01"),
        )
    dialog = PlanLibraryDialog(library)
    qtbot.addWidget(dialog)
    (broken,) = [c for c in dialog.choices() if c.own]
    assert broken.plan is None and "warmup_s: missing" in broken.problem
    assert dialog.select(OWN, broken.key)
    assert "— broken, cannot be used" in dialog.list.currentItem().text()
    assert "warmup_s: missing" in dialog.plan_kind.text()
    for button in (dialog.use_button, dialog.edit_button, dialog.duplicate_button,
                   dialog.export_button):  # fmt: skip
        assert not button.isEnabled()
    assert dialog.delete_button.isEnabled()
    dialog.delete_button.click()
    dialog.confirm_delete.done(YES)
    assert library.list() == []


def test_the_list_rows_match_the_choices(qtbot, dialog, library):
    library.save_new(mine("Mine"))
    dialog.reload()
    rows = [r for r in range(dialog.list.count()) if dialog.list.item(r).flags()]
    assert len(rows) == len(dialog.choices())
    assert dialog.list.item(0).text() == "Your plans"
    assert not dialog.list.item(0).flags() & Qt.ItemFlag.ItemIsSelectable


def test_the_file_dialogs_do_not_block(qtbot, dialog, library, tmp_path):
    dialog.select(PRESET, "hill-primer")
    dialog.export_button.click()
    chooser = dialog.file_dialog
    assert chooser is not None and chooser.isVisible()
    assert Path(chooser.selectedFiles()[0]).name == "Hill-primer.json"
    path = tmp_path / "primer.json"
    chooser.selectFile(str(path))
    chooser.accept()
    assert dialog.file_dialog is None
    assert json.loads(path.read_text(encoding="utf-8")) == PRESETS["hill-primer"].to_json()

    dialog.import_button.click()
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
    assert dialog.editor.get_ready.text() == "25"
    retype(qtbot, dialog.editor.name, "Lead-in check")
    assert dialog.editor.candidate_plan().get_ready_s == 25
