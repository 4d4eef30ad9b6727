"""A hill the runner sprints up, and the rules for one: its name, how long and how steep it may
be, its surface, and how it is described in words.

One module owns these rules so that every place a hill comes in agrees: the hills form
(`length_from_text`, `gradient_from_text`), the hills library (`validate_hill`), the database's
CHECK constraints (schema 2 writes out the same numbers; a test holds them equal) and the CSV
import (a session's hill cell is a hill name, `MAX_HILL_NAME_LEN`). A value the form accepts is
one the library stores, and a refusal reads the same wherever it comes from.

The limits:
- length more than 0 and at most `MAX_HILL_LENGTH_M` (10 km): far beyond any interval hill
  (600 s at 8 m/s is 4.8 km), so only a typo is refused;
- average gradient more than 0 and at most `MAX_HILL_GRADIENT_PCT` (60 %, about 31°): steeper
  ground is scrambled, not sprinted. 0 % is no hill: a flat stretch leaves the gradient blank;
- a name of 1 to `MAX_HILL_NAME_LEN` characters after trimming, on one line.

Two names mean the same hill (or the same own plan) when their `name_key`s are equal: trimmed
and case-folded, so "Ölberg" and " ölberg " are one hill (`str.casefold`, not SQLite's NOCASE,
which folds ASCII letters only).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from hillsprint.core.plan import MAX_TEXT_LEN
from hillsprint.core.units import (
    LENGTH_UNITS,
    UnitsError,
    format_gradient,
    format_length,
    parse_gradient,
    parse_length,
)

HILL_SURFACES = ("road", "trail", "grass", "track", "sand", "other")
MAX_HILL_LENGTH_M = 10_000.0
MAX_HILL_GRADIENT_PCT = 60.0
MAX_HILL_NAME_LEN = 200
MAX_HILL_NOTES_LEN = MAX_TEXT_LEN  # as a plan's description

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def name_key(name: str) -> str:
    """What makes two hill (or own plan) names the same name: trimmed, case-folded."""
    return name.strip().casefold()


@dataclass(frozen=True)
class Hill:
    """A hill the runner sprints up. `id` is None until it is stored. Optional facts are None
    when unknown; `surface` is one of `HILL_SURFACES`."""

    name: str
    length_m: float | None = None
    gradient_pct: float | None = None
    surface: str | None = None
    notes: str = ""
    id: int | None = None


class HillError(ValueError):
    """A hill's value is not allowed: `field` (a `Hill` attribute) and `problem` (why, without
    the field); the message is "field: problem"."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


# -- one rule per field -----------------------------------------------------------------------


def name_problem(name: object) -> str:
    """Why `name` cannot be a hill's name ('' when it can); the name counts as trimmed."""
    if not isinstance(name, str) or not name.strip():
        return "a hill needs a name"
    name = name.strip()
    if len(name) > MAX_HILL_NAME_LEN:
        return f"longer than {MAX_HILL_NAME_LEN} characters"
    if _CONTROL.search(name):
        return "must be one line without control characters"
    return ""


def length_problem(metres: float, unit: str = "m") -> str:
    """Why `metres` cannot be a hill's length ('' when it can); the limit is said in `unit`."""
    if math.isfinite(metres) and 0 < metres <= MAX_HILL_LENGTH_M:
        return ""
    return f"must be more than 0 and at most {format_length(MAX_HILL_LENGTH_M, unit)}"


def gradient_problem(percent: float) -> str:
    """Why `percent` cannot be a hill's average gradient ('' when it can)."""
    if math.isfinite(percent) and 0 < percent <= MAX_HILL_GRADIENT_PCT:
        return ""
    return f"must be more than 0 and at most {format_gradient(MAX_HILL_GRADIENT_PCT)}"


# -- a hill as typed ---------------------------------------------------------------------------


def length_from_text(text: str, unit: str = "m") -> float | None:
    """Metres from a typed length ("120", "400 ft"; no unit: `unit`), None when blank, or
    `HillError("length_m", why)` with the limit said in the unit the runner uses."""
    if unit not in LENGTH_UNITS:
        raise ValueError(f"unit: expected 'm' or 'ft', got {unit!r}")
    if not text.strip():
        return None
    try:
        metres = parse_length(text, unit)
    except UnitsError as exc:
        raise HillError("length_m", _without_head(exc)) from None
    problem = length_problem(metres, unit)
    if problem:
        raise HillError("length_m", problem)
    return metres


def gradient_from_text(text: str) -> float | None:
    """Percent from a typed gradient ("8", "8.5 %"), None when blank, or
    `HillError("gradient_pct", why)`."""
    if not text.strip():
        return None
    try:
        percent = parse_gradient(text)
    except UnitsError as exc:
        raise HillError("gradient_pct", _without_head(exc)) from None
    problem = gradient_problem(percent)
    if problem:
        raise HillError("gradient_pct", problem)
    return percent


def _without_head(exc: UnitsError) -> str:
    """'hill length: unknown unit ...' -> 'unknown unit ...': the field says what it is."""
    return str(exc).partition(": ")[2] or str(exc)


# -- a whole hill ------------------------------------------------------------------------------


def validate_hill(hill: Hill) -> Hill:
    """The hill with its values tidied (name trimmed, numbers as float, "" surface as None),
    or `HillError` naming the first field that is not allowed."""
    problem = name_problem(hill.name)
    if problem:
        raise HillError("name", problem)
    name = hill.name.strip()
    length = _optional_number("length_m", hill.length_m, length_problem)
    gradient = _optional_number("gradient_pct", hill.gradient_pct, gradient_problem)
    surface = hill.surface or None
    if surface is not None and surface not in HILL_SURFACES:
        raise HillError("surface", f"expected one of {', '.join(HILL_SURFACES)}, got {surface!r}")
    notes = hill.notes
    if not isinstance(notes, str):
        raise HillError("notes", f"expected text, got {type(notes).__name__}")
    if len(notes) > MAX_HILL_NOTES_LEN:
        raise HillError("notes", f"longer than {MAX_HILL_NOTES_LEN} characters")
    for field, text in (("name", name), ("notes", notes)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise HillError(field, "contains an invalid character") from None
    return Hill(name, length, gradient, surface, notes, hill.id)


def _optional_number(field: str, value: object, problem_of) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise HillError(field, f"expected a number, got {value!r}")
    problem = problem_of(float(value))
    if problem:
        raise HillError(field, f"{problem}, got {value!r}")
    return float(value)


def describe_hill(hill: Hill, units: str = "m") -> str:
    """'120 m, 8 % gradient, road' (what is known of it; '' when nothing is)."""
    parts = []
    if hill.length_m is not None:
        parts.append(format_length(hill.length_m, units))
    if hill.gradient_pct is not None:
        parts.append(f"{format_gradient(hill.gradient_pct)} gradient")
    if hill.surface:
        parts.append(hill.surface)
    return ", ".join(parts)
