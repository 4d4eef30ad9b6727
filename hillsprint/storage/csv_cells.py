"""The rules for one cell of a reps CSV on import, and the words that say what is wrong.

Both readers use these: the row-by-row reader (`csv_reading`) calls the parsers cell by cell and
turns a `CellError` into `FILE:LINE: column: message`; the column reader (`csv_columns`) uses
the same parsers for the session cells and the same patterns and limits for whole rep columns.
Keeping the rules in one place is what makes the two readers accept exactly the same files.
"""

from __future__ import annotations

import csv
import math
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager

from hillsprint.core.clock import (
    NoUtcOffsetError,
    OffsetSecondsError,
    canonical_timestamp,
)
from hillsprint.core.plan import MAX_NAME_LEN, MAX_RECOVERY_S, MAX_REPS, MAX_SPRINT_S
from hillsprint.core.records import RepStatus, SessionStatus
from hillsprint.storage.csv_format import (
    MAX_HILL_LEN,
    MAX_NOTES_LEN,
    MAX_SECONDS,
    REPS_COLUMNS,
    unprotect,
)

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


_INTEGER = re.compile(r"[0-9]+")


# How the export writes a number and a timestamp (the only forms the fast paths take).
NUMBER_PATTERN = r"[0-9]+(?:\.[0-9]+)?"


STAMP_PATTERN = (
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}"
    r"(?:\+(?:[01][0-9]|2[0-3]):[0-5][0-9]|-(?!00:00)(?:[01][0-9]|2[0-3]):[0-5][0-9])"
)


# The columns that describe the session and so must be equal on each of its rows.
SESSION_FIELDS = (
    "session_start",
    "plan",
    "hill",
    "session_status",
    "session_effort",
    "session_load",
    "notes",
    "session_end",
    "duration_s",
)


REP_FIELDS = (
    "rep",
    "sprint_planned_s",
    "sprint_s",
    "recovery_planned_s",
    "recovery_s",
    "effort",
    "rep_status",
    "rep_start",
    "walk_down",
)


COL = {name: i for i, name in enumerate(REPS_COLUMNS)}


SESSION_INDEXES = tuple(COL[name] for name in SESSION_FIELDS)


session_cells = operator.itemgetter(*SESSION_INDEXES)


class CellError(Exception):
    """One cell is wrong; the message says what."""


def number(text: str, low: float, high: float, *, low_open: bool = False) -> float:
    if not _NUMBER.fullmatch(text):
        raise CellError(
            f"expected a number like 10 or 10.25 (a '.' for decimals), got {show(text)}"
        )
    value = float(text)
    if not math.isfinite(value) or value < low or value > high or (low_open and value == low):
        lower = f"more than {low:g}" if low_open else f"{low:g}"
        raise CellError(f"{text} is out of range (allowed: {lower} to {high:g})")
    return value


def optional_number(text: str, low: float, high: float, *, low_open: bool = False):
    return None if text == "" else number(text, low, high, low_open=low_open)


def effort(text: str) -> int | None:
    if text == "":
        return None
    if len(text) > 2 or not _INTEGER.fullmatch(text) or int(text) > 10:
        raise CellError(f"expected a whole number 0-10 or an empty cell, got {show(text)}")
    return int(text)


def timestamp(text: str) -> str:
    if text == "":
        raise CellError("missing (expected a date and time like 2026-05-04T07:00:00.000+02:00)")
    try:
        return canonical_timestamp(text)
    except NoUtcOffsetError:
        raise CellError(f"{show(text)} has no UTC offset (like +02:00 or Z)") from None
    except OffsetSecondsError:
        raise CellError(f"{show(text)}: the UTC offset must be whole minutes") from None
    except ValueError:
        raise CellError(f"not a valid ISO 8601 date and time: {show(text)}") from None


def text_cell(text: str, limit: int, *, required: bool = False) -> str:
    value = unprotect(text)
    if required and not value.strip():
        raise CellError("must not be empty")
    if len(value) > limit:
        raise CellError(f"longer than {limit} characters ({len(value)})")
    return value


def choice(text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise CellError(f"expected one of {', '.join(allowed)}, got {show(text)}")
    return text


def show(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def plan_name(text: str) -> str:
    value = text_cell(text, MAX_NAME_LEN, required=True)
    if value != value.strip():
        raise CellError(f"has spaces at the start or end: {show(value)}")
    return value


def rep_number(text: str) -> int:
    if len(text) > 3 or not _INTEGER.fullmatch(text) or not 1 <= int(text) <= MAX_REPS:
        raise CellError(f"expected a rep number 1-{MAX_REPS}, got {show(text)}")
    return int(text)


SESSION_STATUSES = (SessionStatus.COMPLETED.value, SessionStatus.ENDED_EARLY.value)


REP_STATUSES = (RepStatus.DONE.value, RepStatus.SKIPPED.value)


WALK_DOWNS = ("timed", "manual")


SESSION_PARSERS = {
    "session_start": timestamp,
    "plan": plan_name,
    "hill": lambda t: text_cell(t, MAX_HILL_LEN) or None,
    "session_status": lambda t: choice(t, SESSION_STATUSES),
    "session_effort": effort,
    "session_load": lambda t: optional_number(t, 0, 1e9),
    "notes": lambda t: text_cell(t, MAX_NOTES_LEN),
    "session_end": timestamp,
    "duration_s": lambda t: number(t, 0, MAX_SECONDS),
}


REP_PARSERS = {
    "rep": rep_number,
    "sprint_planned_s": lambda t: number(t, 0, MAX_SPRINT_S, low_open=True),
    "sprint_s": lambda t: number(t, 0, MAX_SECONDS),
    "recovery_planned_s": lambda t: optional_number(t, 0, MAX_RECOVERY_S, low_open=True),
    "recovery_s": lambda t: optional_number(t, 0, MAX_SECONDS),
    "effort": effort,
    "rep_status": lambda t: choice(t, REP_STATUSES),
    "rep_start": timestamp,
    "walk_down": lambda t: choice(t, WALK_DOWNS),
}


MAX_FIELD_CHARS = 1_000_000  # csv.field_size_limit while importing


@contextmanager
def field_limit(limit: int) -> Iterator[None]:
    """csv.field_size_limit for a while (the module keeps it in a global)."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)
