"""Hill length (m / ft) and gradient (%): formatting, parsing, rounding and round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hillsprint.core.hill import MAX_HILL_GRADIENT_PCT, MAX_HILL_LENGTH_M
from hillsprint.core.units import (
    METRES_PER_FOOT,
    UnitsError,
    feet_to_metres,
    format_gradient,
    format_length,
    metres_to_feet,
    parse_gradient,
    parse_length,
)

# -- conversions -----------------------------------------------------------------------------


def test_the_international_foot():
    assert METRES_PER_FOOT == 0.3048
    assert feet_to_metres(100) == pytest.approx(30.48)
    assert metres_to_feet(30.48) == pytest.approx(100)
    assert metres_to_feet(100) == pytest.approx(328.08399, abs=1e-5)


# -- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metres", "unit", "decimals", "text"),
    [
        (120, "m", 0, "120 m"),
        (120.4, "m", 0, "120 m"),
        (12.5, "m", 0, "13 m"),  # half up; Python's round() would give 12
        (13.5, "m", 0, "14 m"),
        (0.4, "m", 0, "0 m"),
        (-0.4, "m", 0, "0 m"),  # no "-0"
        (2.675, "m", 2, "2.68 m"),  # as written, not its binary neighbour 2.67499…
        (120, "m", 1, "120 m"),  # trailing zeros dropped
        (120.25, "m", 1, "120.3 m"),
        (100, "ft", 0, "328 ft"),  # 328.084 ft
        (30.48, "ft", 0, "100 ft"),
        (0.1524, "ft", 0, "1 ft"),  # exactly half a foot: up
        (150, "ft", 1, "492.1 ft"),  # 492.126 ft
    ],
)
def test_format_length(metres: float, unit: str, decimals: int, text: str):
    assert format_length(metres, unit, decimals) == text


def test_format_length_default_unit_is_metres():
    assert format_length(85) == "85 m"


def test_format_length_handles_any_finite_number():
    assert format_length(1e300).endswith("0 m")
    assert format_length(1e-300) == "0 m"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((120, "km"), "unit: expected 'm' or 'ft', got 'km'"),
        ((math.nan, "m"), "metres: expected a number, got nan"),
        ((math.inf, "m"), "metres: expected a number, got inf"),
        (("120", "m"), "metres: expected a number, got '120'"),
        ((True, "m"), "metres: expected a number, got True"),
    ],
)
def test_format_length_refuses(args: tuple, message: str):
    with pytest.raises(UnitsError) as info:
        format_length(*args)

    assert str(info.value) == message


@pytest.mark.parametrize(
    ("percent", "text"),
    [
        (8, "8 %"),
        (8.0, "8 %"),
        (8.5, "8.5 %"),
        (8.25, "8.3 %"),  # half up
        (0.25, "0.3 %"),  # round(0.25, 1) would give 0.2
        (8.04, "8 %"),
        (0, "0 %"),
        (12.345, "12.3 %"),
    ],
)
def test_format_gradient(percent: float, text: str):
    assert format_gradient(percent) == text


# -- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("120", 120.0),
        ("120 m", 120.0),
        ("120m", 120.0),
        ("  120   m  ", 120.0),
        ("120 M", 120.0),
        ("120 metres", 120.0),
        ("120 meters", 120.0),
        ("1 metre", 1.0),
        ("12.5 m", 12.5),
        (".5 m", 0.5),
        ("100 ft", 30.48),
        ("100ft", 30.48),
        ("100 feet", 30.48),
        ("1 foot", 0.3048),
        ("100'", 30.48),
        ("100 FT", 30.48),
        ("5000 m", 5000.0),
        # the range is the hill's rule (tests/core/test_hill.py): parsing only reads the number
        ("12000 m", 12000.0),
        ("-5 m", -5.0),
    ],
)
def test_parse_length(text: str, metres: float):
    assert parse_length(text) == pytest.approx(metres, rel=1e-12)


def test_parse_length_default_unit():
    assert parse_length("100", default_unit="ft") == pytest.approx(30.48)
    assert parse_length("100 m", default_unit="ft") == 100.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "hill length: expected a number like '120 m' or '400 ft', got ''"),
        ("abc", "hill length: expected a number like '120 m' or '400 ft', got 'abc'"),
        ("1e3 m", "hill length: expected a number like '120 m' or '400 ft', got '1e3 m'"),
        ("120 km", "hill length: unknown unit 'km' (use m or ft)"),
        ("120 m ft", "hill length: expected a number like '120 m' or '400 ft', got '120 m ft'"),
        ("12,5 m", "hill length: use a point for decimals (12.5), got '12,5 m'"),
        ("1,200 ft", "hill length: use a point for decimals (12.5), got '1,200 ft'"),
    ],
)
def test_parse_length_refuses(text: str, message: str):
    with pytest.raises(UnitsError) as info:
        parse_length(text)

    assert str(info.value) == message


def test_parse_length_refuses_non_text_and_bad_default_unit():
    with pytest.raises(UnitsError, match="expected text"):
        parse_length(120)  # type: ignore[arg-type]
    with pytest.raises(UnitsError, match="unit: expected 'm' or 'ft'"):
        parse_length("120", default_unit="yd")


@pytest.mark.parametrize(
    ("text", "percent"),
    [("8", 8.0), ("8%", 8.0), ("8 %", 8.0), (" 8.5 % ", 8.5), ("0", 0.0), ("100 %", 100.0)],
    # the range is the hill's rule (tests/core/test_hill.py): parsing only reads the number
)
def test_parse_gradient(text: str, percent: float):
    assert parse_gradient(text) == percent


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("8,5 %", "gradient: use a point for decimals (8.5), got '8,5 %'"),
        ("steep", "gradient: expected a percentage like '8 %', got 'steep'"),
        ("8 %%", "gradient: expected a percentage like '8 %', got '8 %%'"),
        ("", "gradient: expected a percentage like '8 %', got ''"),
    ],
)
def test_parse_gradient_refuses(text: str, message: str):
    with pytest.raises(UnitsError) as info:
        parse_gradient(text)

    assert str(info.value) == message


# -- round trips -----------------------------------------------------------------------------

LENGTHS = st.floats(min_value=1, max_value=MAX_HILL_LENGTH_M - 1, allow_nan=False)


@given(LENGTHS, st.sampled_from(["m", "ft"]), st.sampled_from([0, 1, 2]))
def test_length_round_trip(metres: float, unit: str, decimals: int):
    text = format_length(metres, unit, decimals)
    back = parse_length(text)

    half_unit = 0.5 * 10**-decimals * (METRES_PER_FOOT if unit == "ft" else 1)
    assert abs(back - metres) <= half_unit * (1 + 1e-9)
    assert format_length(back, unit, decimals) == text


@given(st.floats(min_value=0, max_value=MAX_HILL_GRADIENT_PCT, allow_nan=False))
def test_gradient_round_trip(percent: float):
    text = format_gradient(percent)
    back = parse_gradient(text)

    assert abs(back - percent) <= 0.05 * (1 + 1e-9)
    assert format_gradient(back) == text
