"""The hills dialog on a real (temporary) database: add, edit and delete reach the library;
problems are shown at their field; lengths are shown and typed in the chosen unit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from hillsprint.core.hill import Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import SessionStatus
from hillsprint.storage.database import open_database
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.repository import SessionRepository
from hillsprint.ui.library.hill_details import hill_details_lookup
from hillsprint.ui.library.hills_dialog import (
    COL_GRADIENT,
    COL_LENGTH,
    COL_NAME,
    COL_NOTES,
    COL_SURFACE,
    HISTORY_NOTE,
    HillsDialog,
)

T0 = "2026-05-04T07:00:00.000+02:00"


@pytest.fixture
def conn(tmp_path):
    connection = open_database(tmp_path / "hs.sqlite3")
    yield connection
    connection.close()


@pytest.fixture
def library(conn):
    return HillLibrary(conn)


def make(qtbot, library, units="m", **kw) -> HillsDialog:
    dialog = HillsDialog(library, units, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # focus and shortcuts need an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def fill(dialog, name=None, length=None, gradient=None, surface=None, notes=None) -> None:
    if name is not None:
        dialog.form.name_edit.setText(name)
    if length is not None:
        dialog.form.length_edit.setText(length)
    if gradient is not None:
        dialog.form.gradient_edit.setText(gradient)
    if surface is not None:
        dialog.form.surface_box.setCurrentIndex(dialog.form.surface_box.findData(surface))
    if notes is not None:
        dialog.form.notes_edit.setPlainText(notes)


def table(dialog) -> list[list[str]]:
    return [
        [dialog.table.item(row, col).text() for col in range(dialog.table.columnCount())]
        for row in range(dialog.table.rowCount())
    ]


def test_add_a_hill_with_the_form(qtbot, library):
    dialog = make(qtbot, library)
    assert dialog.form.title.text() == "New hill"
    assert dialog.empty_note.isVisible() and not dialog.table.isVisible()
    assert dialog.form.name_edit.hasFocus()
    fill(dialog, " Water tower lane ", "120", "8.5", "road", "Start at the gate")
    with qtbot.waitSignal(dialog.hillsChanged):
        qtbot.keyClick(dialog.form.gradient_edit, Qt.Key.Key_Return)  # Enter in a field saves
    (hill,) = library.list()
    assert (hill.name, hill.length_m, hill.gradient_pct, hill.surface, hill.notes) == (
        "Water tower lane",
        120.0,
        8.5,
        "road",
        "Start at the gate",
    )
    assert table(dialog) == [["Water tower lane", "120 m", "8.5 %", "Road", "Start at the gate"]]
    assert dialog.message.text() == "Added Water tower lane."
    assert dialog.form.name_edit.text() == "" and dialog.editing_id is None  # ready for the next


def test_only_the_name_is_needed(qtbot, library):
    dialog = make(qtbot, library)
    fill(dialog, "Kirchberg")
    assert dialog.save()
    (hill,) = library.list()
    assert (hill.length_m, hill.gradient_pct, hill.surface, hill.notes) == (None, None, None, "")
    assert table(dialog) == [["Kirchberg", "—", "—", "—", ""]]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "   ", "a hill needs a name"),
        ("length", "abc", "expected a number like '120 m' or '400 ft'"),
        ("length", "1,5", "use a point for decimals"),
        ("length", "0", "must be more than 0"),
        ("length", "12 km", "unknown unit 'km'"),
        ("length", "10001", "must be more than 0 and at most 10000 m"),
        ("gradient", "0", "must be more than 0 and at most 60 %"),
        ("gradient", "75", "at most 60 %"),
        ("gradient", "-3", "must be more than 0 and at most 60 %"),
        ("notes", "x" * 5001, "longer than 5000 characters"),
    ],
)
def test_problems_are_shown_at_their_field_and_nothing_is_saved(
    qtbot, library, field, value, expected
):
    dialog = make(qtbot, library)
    fill(dialog, "Kirchberg")
    fill(dialog, **{field: value})
    with qtbot.assertNotEmitted(dialog.hillsChanged):
        assert not dialog.save()
    assert library.list() == []
    problems = dialog.problems()
    assert list(problems) == [field]
    assert expected in problems[field]
    label = dialog.form.field_errors[field]
    assert label.isVisible() and label.text().startswith("✗ ")
    assert dialog.form.fields[field].property("problem") is True
    assert dialog.form.fields[field].hasFocus()
    # fixed, the marks go
    fill(dialog, **{field: "Kirchberg" if field == "name" else ""})
    assert dialog.save()
    assert dialog.problems() == {} and not label.isVisible()
    assert not dialog.form.fields[field].property("problem")


def test_every_bad_field_is_named_at_once(qtbot, library):
    dialog = make(qtbot, library)
    fill(dialog, "", "x", "y")
    assert not dialog.save()
    assert set(dialog.problems()) == {"name", "length", "gradient"}
    assert dialog.form.name_edit.hasFocus()  # the first one


def test_a_name_taken_ignoring_case_is_refused_at_the_name(qtbot, library):
    library.add(Hill("Ölberg"))
    dialog = make(qtbot, library)
    fill(dialog, "ÖLBERG", "100")
    assert not dialog.save()
    assert "already exists" in dialog.problems()["name"]
    assert len(library.list()) == 1


def test_edit_a_hill(qtbot, library):
    kirchberg = library.add(Hill("Kirchberg", 85.0, 11.0, "grass"))
    library.add(Hill("Quarry"))
    dialog = make(qtbot, library)
    assert dialog.select_name("kirchberg")
    dialog.edit_selected()
    assert dialog.form.title.text() == "Edit hill: Kirchberg"
    assert (
        dialog.form.name_edit.text(),
        dialog.form.length_edit.text(),
        dialog.form.gradient_edit.text(),
    ) == (
        "Kirchberg",
        "85",
        "11",
    )
    assert dialog.form.surface_box.currentData() == "grass"
    fill(dialog, gradient="12.5", surface="trail")
    with qtbot.waitSignal(dialog.hillsChanged):
        assert dialog.save()
    assert library.get(kirchberg.id) == Hill("Kirchberg", 85.0, 12.5, "trail", "", kirchberg.id)
    assert dialog.message.text() == "Saved Kirchberg."
    assert dialog.selected().id == kirchberg.id


def test_renaming_says_history_keeps_the_old_name(qtbot, library, conn):
    repo = SessionRepository(conn)
    plan = Plan("P", (RepSpec(10, 60),))
    session_id = repo.start_session(plan, T0, hill="Kirchberg")
    hill = library.add(Hill("Kirchberg"))
    dialog = make(qtbot, library, initial_name="kirchberg")  # opens it for editing
    assert dialog.editing_id == hill.id
    fill(dialog, "Church hill")
    assert dialog.save()
    assert [h.name for h in library.list()] == ["Church hill"]
    assert "Sessions run before keep the name Kirchberg" in dialog.message.text()
    assert repo.get_session(session_id).hill == "Kirchberg"


def test_a_value_left_as_shown_is_kept_exactly(qtbot, library):
    hill = library.add(Hill("Long one", 123.456, 7.25))
    dialog = make(qtbot, library, "ft", initial_name="Long one")
    assert dialog.form.length_edit.text() == "405"  # 123.456 m in feet, rounded
    assert dialog.form.gradient_edit.text() == "7.3"
    fill(dialog, notes="only the notes changed")
    assert dialog.save()
    stored = library.get(hill.id)
    assert (stored.length_m, stored.gradient_pct) == (123.456, 7.25)


def test_feet_are_shown_and_typed_in_feet(qtbot, library):
    library.add(Hill("Kirchberg", 120.0, 8.0))
    dialog = make(qtbot, library, "ft")
    assert table(dialog)[0][COL_LENGTH] == "394 ft"
    assert dialog.form.unit_hint.text().startswith("Lengths in feet")
    fill(dialog, "Bridge", "400")
    assert dialog.save()
    assert library.find("Bridge").length_m == pytest.approx(121.92)  # 400 ft
    fill(dialog, "Dam", "120 m")  # a unit typed in is read as written
    assert dialog.save()
    assert library.find("Dam").length_m == 120.0
    assert [row[COL_LENGTH] for row in table(dialog)] == ["400 ft", "394 ft", "394 ft"]
    fill(dialog, "Too long", "40000")  # 12,192 m
    assert not dialog.save()
    assert "at most 32808 ft" in dialog.problems()["length"]


def test_delete_asks_and_keeps_history(qtbot, library, conn):
    repo = SessionRepository(conn)
    plan = Plan("P", (RepSpec(10, 60),))
    session_id = repo.start_session(plan, T0, hill="Kirchberg")
    repo.finish_session(session_id, SessionStatus.COMPLETED, T0, 60.0)
    library.add(Hill("Kirchberg", 85.0))
    library.add(Hill("Quarry"))
    dialog = make(qtbot, library)
    assert dialog.select_name("Kirchberg")
    dialog.delete_selected()
    box = dialog.question.box
    assert box is not None and box.isVisible()
    assert "sessions run on it keep the name Kirchberg" in box.text()
    with qtbot.assertNotEmitted(dialog.hillsChanged):
        box.done(QMessageBox.StandardButton.No)
    assert dialog.question.box is None
    assert len(library.list()) == 2
    dialog.delete_selected()
    with qtbot.waitSignal(dialog.hillsChanged):
        dialog.question.box.done(QMessageBox.StandardButton.Yes)
    assert [h.name for h in library.list()] == ["Quarry"]
    assert table(dialog)[0][COL_NAME] == "Quarry"
    assert dialog.selected().name == "Quarry"
    assert "keep its name" in dialog.message.text()
    assert repo.get_session(session_id).hill == "Kirchberg"


def test_deleting_the_hill_being_edited_empties_the_form(qtbot, library):
    library.add(Hill("Kirchberg"))
    dialog = make(qtbot, library, initial_name="Kirchberg")
    assert dialog.editing_id is not None
    dialog.delete_selected()
    dialog.question.box.done(QMessageBox.StandardButton.Yes)
    assert library.list() == []
    assert dialog.editing_id is None and dialog.form.name_edit.text() == ""
    assert dialog.empty_note.isVisible()
    assert not dialog.delete_button.isEnabled() and not dialog.edit_button.isEnabled()


def test_the_dialog_says_history_is_not_changed(qtbot, library):
    dialog = make(qtbot, library)
    assert dialog.history_note.text() == HISTORY_NOTE
    assert "never changes your history" in HISTORY_NOTE


def test_an_unknown_initial_name_starts_a_new_hill_with_it(qtbot, library):
    library.add(Hill("Quarry"))
    dialog = make(qtbot, library, initial_name="  Water tower lane ")
    assert dialog.editing_id is None and dialog.form.name_edit.text() == "Water tower lane"


def test_keys(qtbot, library):
    library.add(Hill("Kirchberg", 85.0))
    library.add(Hill("Quarry"))
    dialog = make(qtbot, library)
    assert dialog.table.hasFocus() and dialog.selected().name == "Kirchberg"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter edits
    assert dialog.form.title.text() == "Edit hill: Quarry" and dialog.form.name_edit.hasFocus()
    fill(dialog, gradient="9")
    qtbot.keyClick(dialog.form.name_edit, Qt.Key.Key_Escape)  # first Esc: discard the edit
    assert dialog.isVisible() and dialog.editing_id is None
    assert "discarded" in dialog.message.text()
    assert library.find("Quarry").gradient_pct is None
    qtbot.keyClick(dialog.form.name_edit, Qt.Key.Key_Escape)  # then close
    assert not dialog.isVisible()


def test_delete_key_asks(qtbot, library):
    library.add(Hill("Kirchberg"))
    dialog = make(qtbot, library)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.question.box is not None
    assert "Delete the hill Kirchberg" in dialog.question.box.text()
    dialog.question.box.done(QMessageBox.StandardButton.No)
    assert dialog.question.box is None
    assert [h.name for h in library.list()] == ["Kirchberg"]  # No keeps it


def test_table_columns_and_multi_line_notes(qtbot, library):
    library.add(Hill("Kirchberg", 85.0, 11.0, "grass", "steep at the top\n\nmind the dog"))
    dialog = make(qtbot, library)
    row = table(dialog)[0]
    assert (row[COL_GRADIENT], row[COL_SURFACE]) == ("11 %", "Grass")
    assert row[COL_NOTES] == "steep at the top / mind the dog"
    assert dialog.table.item(0, COL_NOTES).toolTip() == "steep at the top\n\nmind the dog"


def test_it_fits_a_laptop_screen(qtbot, library):
    for i in range(30):
        library.add(Hill(f"Hill {i:02}", 100.0 + i, 5.0, "road", "notes " * 10))
    dialog = make(qtbot, library)
    assert dialog.width() <= 1366 - 20 and dialog.height() <= 768 - 40
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1366 - 20 and hint.height() <= 768 - 40


def test_details_lookup_reads_the_library_each_time(library):
    lookup = hill_details_lookup(library, "ft")
    assert lookup("Kirchberg") is None
    library.add(Hill("Kirchberg", 120.0, 8.0, "grass"))
    assert lookup("  KIRCHBERG") == "394 ft, 8 % gradient, grass"
    library.add(Hill("Quarry"))
    assert lookup("quarry") == ""  # in the list, nothing known of it
    with pytest.raises(ValueError, match="units"):
        hill_details_lookup(library, "yd")


def test_the_session_detail_describes_its_hill(qtbot, library, conn):
    from hillsprint.ui.history.session_detail import SessionDetail

    repo = SessionRepository(conn)
    plan = Plan("P", (RepSpec(10, 60),))
    on_hill = repo.start_session(plan, T0, hill="kirchberg")
    repo.finish_session(on_hill, SessionStatus.COMPLETED, T0, 60.0)
    no_hill = repo.start_session(plan, T0)
    library.add(Hill("Kirchberg", 120.0, 8.0, "road"))
    detail = SessionDetail(repo)
    qtbot.addWidget(detail)
    assert detail.load(on_hill)
    assert detail.subtitle.text().startswith("Hill: kirchberg  ·  0 of 1 reps done")  # no lookup
    detail.set_hill_details(hill_details_lookup(library, "ft"))  # shown at once
    assert detail.subtitle.text().startswith("Hill: kirchberg (394 ft, 8 % gradient, road)  ·  ")
    assert detail.load(no_hill)
    assert detail.subtitle.text().startswith("0 of 1 reps done")
    # deleted from the library: the session keeps its name, without details
    library.delete(library.find("Kirchberg").id)
    other = SessionDetail(repo, hill_details=hill_details_lookup(library))
    qtbot.addWidget(other)
    assert other.load(on_hill)
    assert other.subtitle.text().startswith("Hill: kirchberg  ·  ")


def test_enter_never_presses_a_button_by_itself(qtbot, library):
    library.add(Hill("Kirchberg"))
    dialog = make(qtbot, library)
    assert all(not b.autoDefault() and not b.isDefault() for b in dialog.findChildren(QPushButton))
    dialog.form.surface_box.setFocus()
    with qtbot.assertNotEmitted(dialog.hillsChanged):
        qtbot.keyClick(dialog.form.surface_box, Qt.Key.Key_Return)
    assert dialog.question.box is None and dialog.isVisible()
    assert [h.name for h in library.list()] == ["Kirchberg"]
