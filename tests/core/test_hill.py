"""A hill's rules in one place: the limits, typed values read against them with one message,
a whole hill validated, names compared by `name_key`, a hill described in words."""

from __future__ import annotations

import math

import pytest

from hillsprint.core.hill import (
    HILL_SURFACES,
    MAX_HILL_GRADIENT_PCT,
    MAX_HILL_LENGTH_M,
    MAX_HILL_NAME_LEN,
    Hill,
    HillError,
    describe_hill,
    gradient_from_text,
    gradient_problem,
    length_from_text,
    length_problem,
    name_key,
    name_problem,
    validate_hill,
)

LENGTH_LIMIT = "must be more than 0 and at most 10000 m"
GRADIENT_LIMIT = "must be more than 0 and at most 60 %"


def test_the_limits():
    assert (MAX_HILL_LENGTH_M, MAX_HILL_GRADIENT_PCT, MAX_HILL_NAME_LEN) == (10_000, 60, 200)
    assert HILL_SURFACES == ("road", "trail", "grass", "track", "sand", "other")


@pytest.mark.parametrize(
    ("metres", "problem"),
    [
        (0.1, ""),
        (7000, ""),
        (10_000, ""),
        (0, LENGTH_LIMIT),
        (-5, LENGTH_LIMIT),
        (10_000.01, LENGTH_LIMIT),
        (math.inf, LENGTH_LIMIT),
        (math.nan, LENGTH_LIMIT),
    ],
)
def test_length_problem(metres: float, problem: str):
    assert length_problem(metres) == problem


def test_the_length_limit_is_said_in_the_runners_unit():
    assert length_problem(20_000, "ft") == "must be more than 0 and at most 32808 ft"


@pytest.mark.parametrize(
    ("percent", "problem"),
    [(0.1, ""), (60, ""), (0, GRADIENT_LIMIT), (-3, GRADIENT_LIMIT), (60.1, GRADIENT_LIMIT)],
)
def test_gradient_problem(percent: float, problem: str):
    assert gradient_problem(percent) == problem


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Kirchberg", ""),
        ("  " + "x" * MAX_HILL_NAME_LEN + "  ", ""),  # counted as trimmed
        ("x" * (MAX_HILL_NAME_LEN + 1), "longer than 200 characters"),
        ("", "a hill needs a name"),
        ("   ", "a hill needs a name"),
        (None, "a hill needs a name"),
        ("two\nlines", "must be one line without control characters"),
    ],
)
def test_name_problem(name, problem: str):
    assert name_problem(name) == problem


@pytest.mark.parametrize(
    ("text", "unit", "metres"),
    [
        ("120", "m", 120.0),
        ("400 ft", "m", 121.92),
        ("100", "ft", 30.48),
        ("120 m", "ft", 120.0),
        ("7000", "m", 7000.0),
        ("10000 m", "m", 10_000.0),
        ("", "m", None),
        ("  ", "ft", None),
    ],
)
def test_length_from_text(text: str, unit: str, metres: float | None):
    assert length_from_text(text, unit) == pytest.approx(metres)


@pytest.mark.parametrize(
    ("text", "unit", "problem"),
    [
        ("0", "m", LENGTH_LIMIT),
        ("-5 m", "m", LENGTH_LIMIT),
        ("10001", "m", LENGTH_LIMIT),
        ("32809", "ft", "must be more than 0 and at most 32808 ft"),
        ("abc", "m", "expected a number like '120 m' or '400 ft', got 'abc'"),
        ("1,5", "m", "use a point for decimals (12.5), got '1,5'"),
        ("12 km", "m", "unknown unit 'km' (use m or ft)"),
    ],
)
def test_length_from_text_refuses(text: str, unit: str, problem: str):
    with pytest.raises(HillError) as caught:
        length_from_text(text, unit)
    assert (caught.value.field, caught.value.problem) == ("length_m", problem)
    assert str(caught.value) == f"length_m: {problem}"


@pytest.mark.parametrize(
    ("text", "percent"), [("8", 8.0), ("8.5 %", 8.5), ("60", 60.0), ("", None)]
)
def test_gradient_from_text(text: str, percent: float | None):
    assert gradient_from_text(text) == percent


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0", GRADIENT_LIMIT),  # a flat stretch leaves the gradient blank
        ("-3", GRADIENT_LIMIT),
        ("60.1", GRADIENT_LIMIT),
        ("80 %", GRADIENT_LIMIT),
        ("steep", "expected a percentage like '8 %', got 'steep'"),
    ],
)
def test_gradient_from_text_refuses(text: str, problem: str):
    with pytest.raises(HillError) as caught:
        gradient_from_text(text)
    assert (caught.value.field, caught.value.problem) == ("gradient_pct", problem)


def test_a_typed_value_and_a_stored_value_are_refused_with_one_sentence():
    for text, value in (("0", 0.0), ("80", 80.0)):
        with pytest.raises(HillError) as typed:
            gradient_from_text(text)
        with pytest.raises(HillError) as stored:
            validate_hill(Hill("K", gradient_pct=value))
        assert str(stored.value) == f"gradient_pct: {typed.value.problem}, got {value!r}"


def test_validate_hill_tidies():
    assert validate_hill(Hill(" Kirchberg ", 85, 12, "", "")) == Hill("Kirchberg", 85.0, 12.0)
    tidy = validate_hill(Hill("K", 85, 12))
    assert isinstance(tidy.length_m, float) and isinstance(tidy.gradient_pct, float)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "name: a hill needs a name"),
        ({"length_m": 0}, f"length_m: {LENGTH_LIMIT}, got 0"),
        ({"length_m": True}, "length_m: expected a number, got True"),
        ({"gradient_pct": 61}, f"gradient_pct: {GRADIENT_LIMIT}, got 61"),
        ({"surface": "ice"}, "surface: expected one of road, trail, grass, track, sand, other"),
        ({"notes": "n" * 5001}, "notes: longer than 5000 characters"),
        ({"notes": "bad \ud800"}, "notes: contains an invalid character"),
    ],
)
def test_validate_hill_names_the_field(changes: dict, message: str):
    hill = Hill("Kirchberg", **{k: v for k, v in changes.items() if k != "name"})
    if "name" in changes:
        hill = Hill(changes["name"])
    with pytest.raises(HillError) as caught:
        validate_hill(hill)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, ValueError)


def test_name_key():
    assert name_key("  Ölberg ") == name_key("ÖLBERG") == "ölberg"
    assert name_key("Straße") == name_key("STRASSE")  # casefold, not lower
    assert name_key("Kirch berg") != name_key("Kirchberg")


def test_descriptions():
    assert describe_hill(Hill("K", 120.0, 8.0, "road")) == "120 m, 8 % gradient, road"
    assert describe_hill(Hill("K", 120.0, 8.25), "ft") == "394 ft, 8.3 % gradient"
    assert describe_hill(Hill("K", surface="sand")) == "sand"
    assert describe_hill(Hill("K")) == ""
