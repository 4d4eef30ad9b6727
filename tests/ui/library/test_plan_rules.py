"""The plan editor's rules without Qt (hillsprint.ui.library.plan_rules): times typed as text,
reps as typed, and each value checked as a plan file checks it. No display needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_probe import modules_after, qt_modules

from hillsprint.core.plan import RepSpec
from hillsprint.ui.library.plan_rules import (
    COL_SPRINT,
    COL_WALK,
    BadTime,
    RepRow,
    field_problem,
    json_number,
    locate,
    parse_seconds,
    rep_cell_problems,
    rep_json,
    seconds_text,
    shown_time,
    time_json,
    time_value,
)

REPO_ROOT = Path(__file__).resolve().parents[3]


# -- times ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("7.5", 7.5), ("7,5", 7.5), ("12 s", 12), ("1:30", 90), ("10:00", 600),
     ("1:02:03", 3723), (" 0 ", 0), ("-5", -5)],
)  # fmt: skip
def test_times_are_seconds_or_minutes_and_seconds(text, seconds):
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "1:75", "nan", "inf", "1::2", "1:30:"])
def test_unreadable_times_say_how_to_type_them(text):
    with pytest.raises(ValueError, match=r"empty|not a time|under 60"):
        parse_seconds(text)


def test_times_are_shown_as_typed_back():
    assert [seconds_text(s) for s in (10, 7.5, 90, 600, 3723, 0.25)] == [
        "10", "7.5", "1:30", "10:00", "1:02:03", "0.25",
    ]  # fmt: skip
    for seconds in (10, 7.5, 90, 600, 3723, 0.25, 59.999):
        assert parse_seconds(seconds_text(seconds)) == seconds


def test_whole_numbers_become_ints_for_the_plan_file():
    assert json_number(10.0) == 10
    assert type(json_number(10.0)) is int
    assert json_number(7.5) == 7.5


def test_time_fields_give_a_number_or_keep_the_text_and_the_reason():
    assert time_value("1:30") == 90
    bad = time_value("abc")
    assert isinstance(bad, BadTime)
    assert bad.text == "abc"
    assert "not a time" in bad.reason
    assert time_json("7.5") == 7.5
    assert time_json("abc") == "abc"  # left as text, so plan_from_json refuses it


def test_the_table_shows_times_as_durations_and_bad_text_as_typed():
    assert shown_time("90") == "1:30"
    assert shown_time("abc") == "abc"
    assert shown_time("") == "(empty)"


# -- reps as typed -----------------------------------------------------------------------


def test_reprow_keeps_what_was_typed():
    assert RepRow.from_spec(RepSpec(7.5, 150, manual=True)) == RepRow("7.5", "2:30", True)


def test_a_rep_row_becomes_the_plan_file_rep():
    assert rep_json(RepRow("10", "2:00")) == {"sprint_s": 10, "recovery_s": 120}
    assert rep_json(RepRow("8", "90", manual=True)) == {
        "sprint_s": 8, "recovery": "manual", "min_recovery_s": 90,
    }  # fmt: skip
    assert rep_json(RepRow("x", "90"))["sprint_s"] == "x"


# -- checking as a plan file does --------------------------------------------------------


def test_plan_error_messages_are_located():
    assert locate("reps[2].sprint_s: 700 is over the limit") == (
        "reps", 2, "sprint_s", "700 is over the limit",
    )  # fmt: skip
    assert locate("warmup_s: 9000 is too long") == ("warmup_s", None, None, "9000 is too long")
    assert locate("no key here") == (None, None, None, "no key here")


def test_one_field_is_checked_on_an_otherwise_valid_plan():
    assert field_problem(warmup_s=90) is None
    assert "over the limit" in field_problem(warmup_s=9000)
    assert not field_problem(warmup_s=9000).startswith("warmup_s")  # the reason, without the key
    assert "empty" in field_problem(name="  ")


def test_each_value_of_a_rep_is_checked_on_its_own():
    assert rep_cell_problems(RepRow("10", "2:00")) == {}
    cells = rep_cell_problems(RepRow("abc", "99999"))
    assert set(cells) == {COL_SPRINT, COL_WALK}
    assert cells[COL_SPRINT].startswith("sprint: ")
    assert "not a time" in cells[COL_SPRINT]
    assert cells[COL_WALK].startswith("walk-down: ")
    manual = rep_cell_problems(RepRow("10", "99999", manual=True))
    assert set(manual) == {COL_WALK}
    assert manual[COL_WALK].startswith("minimum walk-down: ")


def test_the_rules_load_no_qt():
    assert qt_modules(modules_after("import hillsprint.ui.library.plan_rules")) == []
