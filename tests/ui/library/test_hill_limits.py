"""One set of hill limits everywhere: for each limit, the hills form accepts exactly what the
hills library stores, the database's CHECKs accept it too, and the CSV import takes the same
hill names; a refusal reads the same in the form and in the library.

(These layers once disagreed: the form read lengths up to 5,000 m and gradients from 0 to
100 %, the library and the schema more than 0 up to 10,000 m and 60 %.)"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from hillsprint.core.hill import MAX_HILL_NAME_LEN, Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import SessionStatus
from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.csv_reading import CsvImportError
from hillsprint.storage.database import open_database
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.library_errors import InvalidFieldError
from hillsprint.storage.repository import SessionRepository
from hillsprint.ui.library.hill_form import FormProblems, HillForm

T0 = "2026-05-04T07:00:00.000+02:00"
REFUSED, STORED = False, True


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(open_database(tmp_path / "hs.sqlite3")) as connection:
        yield connection


@pytest.fixture
def form(qtbot) -> HillForm:
    widget = HillForm("m")
    qtbot.addWidget(widget)
    widget.fill(Hill(""), "New hill")
    return widget


def form_says(form: HillForm, key: str, text: str) -> str:
    """'' when the form gives a hill with this value, else its message at the field."""
    form.fill(Hill("Kirchberg"), "New hill")
    {"length": form.length_edit, "gradient": form.gradient_edit}[key].setText(text)
    try:
        form.hill()
    except FormProblems as exc:
        assert list(exc.problems) == [key]
        return exc.problems[key]
    return ""


def library_says(conn: sqlite3.Connection, field: str, value: float) -> str:
    """'' when the library stores a hill with this value, else its message (no field)."""
    try:
        HillLibrary(conn).add(Hill(f"Hill {field} {value}", **{field: value}))
    except InvalidFieldError as exc:
        assert exc.field == field
        return exc.problem
    return ""


def schema_takes(conn: sqlite3.Connection, field: str, value: float) -> bool:
    """Whether the hills table's CHECK constraints take the value, written past the library."""
    try:
        conn.execute(f"INSERT INTO hills (name, {field}) VALUES (?, ?)", (f"raw {value}", value))
    except sqlite3.IntegrityError:
        return False
    return True


@pytest.mark.parametrize(
    ("key", "field", "text", "value", "outcome"),
    [
        ("gradient", "gradient_pct", "0", 0.0, REFUSED),  # 0 % is no hill: leave it blank
        ("gradient", "gradient_pct", "60", 60.0, STORED),
        ("gradient", "gradient_pct", "60.1", 60.1, REFUSED),
        ("gradient", "gradient_pct", "80", 80.0, REFUSED),
        ("length", "length_m", "0", 0.0, REFUSED),
        ("length", "length_m", "7000", 7000.0, STORED),
        ("length", "length_m", "10000", 10_000.0, STORED),
        ("length", "length_m", "10001", 10_001.0, REFUSED),
    ],
)
def test_form_library_and_schema_agree(form, conn, key, field, text, value, outcome):
    in_form = form_says(form, key, text)
    in_library = library_says(conn, field, value)
    assert (not in_form, not in_library, schema_takes(conn, field, value)) == (outcome,) * 3
    # one message: the library's is the form's sentence, with the value it was given
    assert in_library == (f"{in_form}, got {value!r}" if in_form else "")


def test_a_refused_value_is_one_sentence_wherever_it_comes_from(form, conn):
    assert form_says(form, "gradient", "0") == form_says(form, "gradient", "80")
    assert form_says(form, "gradient", "-3") == "must be more than 0 and at most 60 %"
    assert form_says(form, "length", "10001") == "must be more than 0 and at most 10000 m"


def session_on_hill(path: Path, hill: str) -> Path:
    """A reps CSV of one session run on `hill`, as an export writes it."""
    with closing(open_database(path.with_suffix(".sqlite3"))) as conn:
        repo = SessionRepository(conn)
        session_id = repo.start_session(Plan("P", (RepSpec(10, 60),)), T0, hill=hill)
        repo.finish_session(session_id, SessionStatus.COMPLETED, T0, 60.0)
        export_csv(conn, path, "reps")
    return path


@pytest.mark.parametrize(("length", "outcome"), [(MAX_HILL_NAME_LEN, STORED), (201, REFUSED)])
def test_hill_names_agree_in_form_library_and_csv_import(form, conn, tmp_path, length, outcome):
    assert MAX_HILL_NAME_LEN == 200
    name = "h" * length
    form.name_edit.setText(name)
    form_takes = form.name_edit.text() == name and form.hill().name == name
    try:
        HillLibrary(conn).add(Hill(name))
        library_takes = True
    except InvalidFieldError as exc:
        assert exc.problem == "longer than 200 characters"
        library_takes = False
    csv_path = session_on_hill(tmp_path / "one.csv", name)
    try:
        import_csv(conn, csv_path)
        csv_takes = True
    except CsvImportError as exc:
        assert "longer than 200 characters" in str(exc)
        csv_takes = False
    assert (form_takes, library_takes, csv_takes) == (outcome,) * 3
