"""The plan editor: typing, validation at the field, Save only when valid, storage through
PlanLibrary, names the library refuses, rep edits, quick patterns, Esc."""

from __future__ import annotations

from dataclasses import replace

import pytest
from plan_support import YES, mine, open_cell, reopened, retype, type_in_cell
from PySide6.QtCore import Qt

from hillsprint.core.plan import RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.ui.library.pattern_form import PATTERN_LADDER, PATTERN_PYRAMID, PATTERN_REPEAT
from hillsprint.ui.library.plan_editor import PlanEditor
from hillsprint.ui.library.plan_rules import COL_KIND, COL_REP, COL_SPRINT, COL_WALK


@pytest.fixture
def editor(qtbot, library):
    widget = PlanEditor(library)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


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
    qtbot.keyClicks(editor.plan_fields.name, "Tuesday hills")
    assert editor.save_button.isEnabled() and editor.field_error("name") == ""
    retype(qtbot, editor.plan_fields.warmup, "8:00")
    retype(qtbot, editor.plan_fields.get_ready, "15")
    retype(qtbot, editor.plan_fields.cooldown, "4:00")
    qtbot.keyClicks(editor.plan_fields.description, "Water tower lane")
    qtbot.keyClicks(editor.plan_fields.source, "my coach")
    type_in_cell(qtbot, editor, 0, COL_SPRINT, "8")
    type_in_cell(qtbot, editor, 0, COL_WALK, "1:30")
    editor.rep_list.add_button.click()
    type_in_cell(qtbot, editor, 1, COL_SPRINT, "10")
    type_in_cell(qtbot, editor, 1, COL_WALK, "105")
    editor.rep_list.model.setData(
        editor.rep_list.model.index(1, COL_KIND),
        Qt.CheckState.Checked,
        Qt.ItemDataRole.CheckStateRole,
    )
    editor.rep_list.add_button.click()
    type_in_cell(qtbot, editor, 2, COL_SPRINT, "12")
    type_in_cell(qtbot, editor, 2, COL_WALK, "2:00")
    editor.rep_list.model.setData(
        editor.rep_list.model.index(2, COL_KIND), 0, Qt.ItemDataRole.CheckStateRole
    )
    assert editor.timeline.rows[0] == ("Warm-up", "8:00")
    assert "Total: about" in editor.timeline.total.text()

    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(editor.plan_fields.name, Qt.Key.Key_Return)  # Enter in a field saves
    expected = replace(mine(), reps=(*mine().reps[:2], RepSpec(12, 120)))
    assert saved.args == [expected]
    assert editor.plan_id is not None and not editor.is_dirty()
    assert [(e.id, e.plan) for e in reopened(db_path, tmp_path)] == [(editor.plan_id, expected)]


def test_invalid_values_are_marked_at_the_field_and_block_save(qtbot, editor):
    qtbot.keyClicks(editor.plan_fields.name, "Hills")
    assert editor.save_button.isEnabled()

    retype(qtbot, editor.plan_fields.warmup, "3:00:00")
    assert editor.field_error("warmup_s") == "✗ Warm-up: 10800 is over the limit of 7200 s"
    assert editor.plan_fields.warmup.property("problem") is True
    assert not editor.save_button.isEnabled()
    assert "Save is off" in editor.save_state.text()
    retype(qtbot, editor.plan_fields.get_ready, "0")
    assert "Get ready: must be more than 0 seconds" in editor.field_error("get_ready_s")
    retype(qtbot, editor.plan_fields.cooldown, "soon")
    assert "'soon' is not a time" in editor.field_error("cooldown_s")
    assert set(editor.problems()) == {"warmup_s", "get_ready_s", "cooldown_s"}
    assert "3 problems" in editor.save_state.text()
    assert editor.timeline.stale.isVisibleTo(editor)  # the preview says it is out of date

    type_in_cell(qtbot, editor, 0, COL_SPRINT, "700")
    assert editor.rep_list.model.problems() == {
        0: {COL_SPRINT: "sprint: 700 is over the limit of 600 s"}
    }
    assert editor.rep_list.model.data(editor.rep_list.model.index(0, COL_REP)) == "1  ✗"
    assert "Rep 1: sprint: 700 is over the limit of 600 s" in editor.field_error("reps")
    assert editor.rep_list.table.property("problem") is True

    # Enter while something is wrong saves nothing and goes to the first problem
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.keyClick(editor.plan_fields.name, Qt.Key.Key_Return)
    assert editor.focusWidget() is editor.plan_fields.warmup

    retype(qtbot, editor.plan_fields.warmup, "10:00")
    retype(qtbot, editor.plan_fields.get_ready, "10")
    retype(qtbot, editor.plan_fields.cooldown, "0")
    assert not editor.save_button.isEnabled()  # the rep is still wrong
    type_in_cell(qtbot, editor, 0, COL_SPRINT, "60")
    assert editor.problems() == {} and editor.save_button.isEnabled()
    assert editor.field_error("warmup_s") == editor.field_error("reps") == ""
    assert editor.plan_fields.warmup.property("problem") is False
    assert not editor.timeline.stale.isVisibleTo(editor)
    assert editor.rep_list.model.data(editor.rep_list.model.index(0, COL_REP)) == "1"

    retype(qtbot, editor.plan_fields.name, "   ")
    assert editor.field_error("name") == "✗ Name: must not be empty"
    retype(qtbot, editor.plan_fields.name, "x" * 101)
    assert "longer than 100 characters" in editor.field_error("name")


def test_a_manual_walk_down_is_a_minimum(qtbot, editor):
    qtbot.keyClicks(editor.plan_fields.name, "Hills")
    index = editor.rep_list.model.index(0, COL_KIND)
    editor.rep_list.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert editor.rep_list.model.data(index) == "manual (Space)"
    assert editor.rep_list.model.data(editor.rep_list.model.index(0, COL_WALK)) == "at least 2:00"
    assert editor.candidate_plan().reps == (RepSpec(10, 120, manual=True),)
    type_in_cell(qtbot, editor, 0, COL_WALK, "0")
    assert "minimum walk-down: must be more than 0 seconds" in editor.problems()["reps[0]"]


def test_the_reps_table_is_used_with_the_keyboard(qtbot, library):
    editor = PlanEditor(library, mine("Keys", sprints=(8, 10)))
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    table = editor.rep_list.table
    table.setFocus()
    table.setCurrentIndex(editor.rep_list.model.index(0, COL_KIND))
    qtbot.keyClick(table, Qt.Key.Key_Space)  # Space switches timed / manual
    assert editor.candidate_plan().reps[0].manual
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert not editor.candidate_plan().reps[0].manual

    with qtbot.assertNotEmitted(editor.saved), qtbot.assertNotEmitted(editor.cancelled):
        type_in_cell(qtbot, editor, 1, COL_SPRINT, "11")  # Enter ends the cell, saves nothing
        index = editor.rep_list.model.index(1, COL_WALK)
        table.edit(index)
        cell = open_cell(editor)
        qtbot.keyClicks(cell, "999")
        qtbot.keyClick(cell, Qt.Key.Key_Escape)  # Esc drops the cell's edit, not the plan
        qtbot.wait(10)
    assert editor.rep_list.model.data(index, Qt.ItemDataRole.EditRole) == "1:45"
    assert editor.question.box is None
    assert sprints(editor) == [8, 11]

    table.setCurrentIndex(editor.rep_list.model.index(1, COL_SPRINT))
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert sprints(editor) == [11, 8] and editor.rep_list.current_row() == 0
    qtbot.keyClick(table, Qt.Key.Key_Insert)
    assert sprints(editor) == [11, 11, 8] and editor.rep_list.current_row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert sprints(editor) == [11, 8]


def test_names_of_presets_and_other_own_plans_are_refused(qtbot, editor, library):
    other = library.save_new(mine("Mine"))
    qtbot.keyClicks(editor.plan_fields.name, "hill POWER")
    assert "'Hill power' is the name of a built-in plan" in editor.field_error("name")
    assert not editor.save_button.isEnabled()
    retype(qtbot, editor.plan_fields.name, "  MINE ")
    assert "an own plan called 'Mine' already exists" in editor.field_error("name")
    retype(qtbot, editor.plan_fields.name, "Mine too")
    assert editor.save_button.isEnabled()
    editor.load(other.plan, other.id)  # the plan's own name is no clash with itself
    assert editor.is_valid() and editor.field_error("name") == ""


def test_reps_are_added_reordered_repeated_and_removed(qtbot, library):
    editor = PlanEditor(library, mine(sprints=(8, 10, 12)))
    qtbot.addWidget(editor)
    editor.plan_fields.name.setText("Reps")
    editor.rep_list.select_row(0)
    editor.rep_list.down_button.click()
    assert sprints(editor) == [10, 8, 12] and editor.rep_list.current_row() == 1
    editor.rep_list.up_button.click()
    assert sprints(editor) == [8, 10, 12] and editor.rep_list.current_row() == 0
    assert not editor.rep_list.up_button.isEnabled()
    editor.rep_list.select_row(2)
    assert not editor.rep_list.down_button.isEnabled()
    editor.rep_list.move_rep(-3)  # past the first rep: refused, nothing moves
    editor.rep_list.select_row(1)
    editor.rep_list.repeat_count.setValue(3)
    editor.rep_list.repeat_button.click()  # rep 2 now three times in a row
    assert sprints(editor) == [8, 10, 10, 10, 12]
    assert [r.manual for r in editor.candidate_plan().reps] == [False, True, True, True, False]
    editor.rep_list.select_row(4)
    editor.rep_list.add_button.click()  # a copy of the selected rep after it
    assert sprints(editor) == [8, 10, 10, 10, 12, 12] and editor.rep_list.current_row() == 5
    editor.rep_list.select_row(0)
    editor.rep_list.remove_button.click()
    assert sprints(editor) == [10, 10, 10, 12, 12]
    assert editor.is_dirty()
    for _ in range(4):
        editor.rep_list.remove_button.click()
    assert (
        sprints(editor) == [12] and not editor.rep_list.remove_button.isEnabled()
    )  # one rep stays

    editor.rep_list.repeat_rep(200)  # as many as the limit allows
    assert len(editor.candidate_plan().reps) == 99
    assert (
        not editor.rep_list.add_button.isEnabled() and not editor.rep_list.repeat_button.isEnabled()
    )
    editor.rep_list.add_rep()
    assert editor.rep_list.model.rowCount() == 99


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
    editor.rep_list.pattern_buttons[kind].click()
    form = editor.rep_list.pattern_form
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
    before = editor.rep_list.model.rows()
    editor.rep_list.open_pattern(PATTERN_PYRAMID)
    form = editor.rep_list.pattern_form
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
    assert editor.rep_list.model.rows() == before
    qtbot.keyClick(form.high, Qt.Key.Key_Escape)  # Esc closes the form, not the editor
    assert not form.isVisibleTo(editor)
    assert editor.rep_list.model.rows() == before


def test_esc_cancels_and_asks_first_about_unsaved_changes(qtbot, library):
    editor = PlanEditor(library, mine("Mine"))
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.cancelled):
        qtbot.keyClick(editor.plan_fields.name, Qt.Key.Key_Escape)  # nothing changed: no question
    assert editor.question.box is None

    qtbot.keyClicks(editor.plan_fields.name, " 2")
    with qtbot.assertNotEmitted(editor.cancelled):
        qtbot.keyClick(editor.plan_fields.name, Qt.Key.Key_Escape)
        box = editor.question.box
        assert box is not None and box.isVisible()
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc: keep editing
    assert editor.question.box is None and editor.plan_fields.name.text() == "Mine 2"
    editor.cancel_button.click()
    with qtbot.waitSignal(editor.cancelled):
        editor.question.box.done(YES)
    assert editor.question.box is None
