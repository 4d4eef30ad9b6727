"""The hills library: CRUD, names unique ignoring case, the hill's rules on every write, and
history that never changes when a hill is renamed or deleted."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from hillsprint.core.hill import HILL_SURFACES, MAX_HILL_NAME_LEN, Hill
from hillsprint.core.plan import Plan
from hillsprint.storage.database import open_database
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.library_errors import InvalidFieldError, NameClashError, NotInLibraryError
from hillsprint.storage.repository import SessionRepository

T0 = "2026-05-04T07:00:00.000+02:00"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    with closing(open_database(db_path)) as connection:
        yield connection


@pytest.fixture
def hills(conn: sqlite3.Connection) -> HillLibrary:
    return HillLibrary(conn)


def fresh_look(db_path: Path) -> sqlite3.Connection:
    """A second connection: sees only what was committed."""
    return sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)


# -- hills -----------------------------------------------------------------------------------------


KIRCHBERG = Hill("Kirchberg", 85, 12.5, "road", "steep at the top")


def test_hill_crud(hills: HillLibrary, db_path: Path) -> None:
    added = hills.add(KIRCHBERG)
    assert added == replace(KIRCHBERG, length_m=85.0, id=added.id)
    assert isinstance(added.length_m, float)
    assert hills.list() == [added]
    assert hills.get(added.id) == added
    assert hills.find(" kirchBERG ") == added
    assert hills.find(None) is None and hills.find("  ") is None and hills.find("x") is None
    with closing(fresh_look(db_path)) as other:
        assert other.execute("SELECT count(*) FROM hills").fetchone()[0] == 1

    changed = hills.update(added.id, replace(added, name="Kirchberg top", surface=None))
    assert changed == replace(added, name="Kirchberg top", surface=None)
    assert hills.get(added.id) == changed
    assert hills.update(added.id, replace(KIRCHBERG, notes="")) == replace(
        KIRCHBERG, length_m=85.0, notes="", id=added.id
    )
    hills.delete(added.id)
    assert hills.list() == []
    with pytest.raises(NotInLibraryError, match=f"no hill with id {added.id}"):
        hills.delete(added.id)
    with pytest.raises(NotInLibraryError):
        hills.update(added.id, KIRCHBERG)


def test_hill_with_unknown_facts(hills: HillLibrary) -> None:
    added = hills.add(Hill("Park steps", surface=""))
    assert added == Hill("Park steps", None, None, None, "", added.id)


def test_hills_are_listed_by_name(hills: HillLibrary) -> None:
    for name in ("quarry", "Kirchberg", "alpe"):
        hills.add(Hill(name))
    assert [h.name for h in hills.list()] == ["alpe", "Kirchberg", "quarry"]


def test_hill_name_clash(hills: HillLibrary) -> None:
    ölberg = hills.add(Hill("Ölberg"))
    other = hills.add(Hill("Other"))
    with pytest.raises(NameClashError, match="a hill called 'Ölberg' already exists") as e:
        hills.add(Hill("  ölberg "))
    assert e.value.name == "ölberg"
    with pytest.raises(NameClashError):
        hills.update(other.id, Hill("ÖLBERG"))
    assert hills.update(ölberg.id, Hill("ÖLBERG")).name == "ÖLBERG"  # its own name: fine
    assert [h.name for h in hills.list()] == ["Other", "ÖLBERG"]


def test_update_refuses_a_hill_with_another_id(hills: HillLibrary) -> None:
    first, second = hills.add(Hill("A")), hills.add(Hill("B"))
    with pytest.raises(InvalidFieldError, match=r"^id: "):
        hills.update(first.id, replace(second, notes="x"))
    assert hills.list() == [first, second]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": ""}, "name", "a hill needs a name"),
        ({"name": "   "}, "name", "a hill needs a name"),
        ({"name": None}, "name", "a hill needs a name"),
        ({"name": "x" * (MAX_HILL_NAME_LEN + 1)}, "name", "longer than 200 characters"),
        ({"name": "two\nlines"}, "name", "one line"),
        ({"name": "bad \ud800"}, "name", "invalid character"),
        ({"length_m": 0}, "length_m", "more than 0 and at most 10000 m, got 0"),
        ({"length_m": -3.5}, "length_m", "got -3.5"),
        ({"length_m": 10000.01}, "length_m", "at most 10000"),
        ({"length_m": float("nan")}, "length_m", "got nan"),
        ({"length_m": float("inf")}, "length_m", "got inf"),
        ({"length_m": True}, "length_m", "expected a number, got True"),
        ({"length_m": "85"}, "length_m", "expected a number, got '85'"),
        ({"gradient_pct": 0}, "gradient_pct", "more than 0 and at most 60 %"),
        ({"gradient_pct": 61}, "gradient_pct", "got 61"),
        ({"surface": "ice"}, "surface", "expected one of road, trail, grass, track, sand, other"),
        ({"surface": "Road"}, "surface", "got 'Road'"),
        ({"notes": None}, "notes", "expected text"),
        ({"notes": "n" * 5001}, "notes", "longer than 5000 characters"),
    ],
)
def test_hill_validation_names_the_field(
    hills: HillLibrary, changes: dict, field: str, words: str
) -> None:
    bad = replace(KIRCHBERG, **changes)
    with pytest.raises(InvalidFieldError, match=f"^{field}: ") as caught:
        hills.add(bad)
    assert caught.value.field == field
    assert words in str(caught.value)
    added = hills.add(KIRCHBERG)
    with pytest.raises(InvalidFieldError, match=f"^{field}: "):
        hills.update(added.id, bad)
    assert hills.list() == [added]


def test_hill_limits_are_accepted(hills: HillLibrary) -> None:
    hill = hills.add(Hill("x" * MAX_HILL_NAME_LEN, 10000, 60, "other", "n" * 5000))
    assert (hill.length_m, hill.gradient_pct) == (10000.0, 60.0)
    for surface in HILL_SURFACES:
        assert hills.add(Hill(f"On {surface}", 0.5, 0.5, surface)).surface == surface


def test_renaming_or_deleting_a_hill_keeps_history(hills: HillLibrary, conn, plan: Plan) -> None:
    """Sessions keep the name the hill had when they were run: history is never rewritten."""
    repo = SessionRepository(conn)
    session_id = repo.start_session(plan, T0, hill="Kirchberg")
    hill = hills.add(Hill("Kirchberg"))
    assert hills.find(repo.get_session(session_id).hill) == hill
    hills.update(hill.id, Hill("Kirchberg (north side)"))
    assert repo.get_session(session_id).hill == "Kirchberg"
    assert hills.find("Kirchberg") is None
    hills.delete(hill.id)
    assert repo.get_session(session_id).hill == "Kirchberg"
