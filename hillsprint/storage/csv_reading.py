"""Reading a reps CSV for import: every cell parsed and checked, every problem reported as
`FILE:LINE: column: what is wrong`, nothing written. Rows that match the exported format exactly
take a fast path; any other row goes through the full per-cell checks, so the error list is the
same either way.
"""

from __future__ import annotations

import csv
import io
import math
import operator
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from hillsprint.core.clock import iso
from hillsprint.core.plan import MAX_NAME_LEN, MAX_RECOVERY_S, MAX_REPS, MAX_SPRINT_S
from hillsprint.core.records import RepStatus, SessionStatus
from hillsprint.storage.csv_format import (
    MAX_HILL_LEN,
    MAX_ID_LEN,
    MAX_NOTES_LEN,
    MAX_SECONDS,
    REPS_COLUMNS,
    os_error_text,
    unprotect,
)

MAX_ERRORS_SHOWN = 20


MAX_FIELD_CHARS = 1_000_000  # csv.field_size_limit while importing


_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


_INTEGER = re.compile(r"[0-9]+")


# The columns that describe the session and so must be equal on each of its rows.
_SESSION_FIELDS = (
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


_REP_FIELDS = (
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


_COL = {name: i for i, name in enumerate(REPS_COLUMNS)}


_SESSION_IDX = tuple(_COL[name] for name in _SESSION_FIELDS)


_session_cells = operator.itemgetter(*_SESSION_IDX)


class CsvImportError(Exception):
    """The file cannot be imported; nothing was written. `errors` lists up to 20 problems
    as `FILE:LINE: column: what is wrong`; `total` counts all of them."""

    def __init__(self, errors: list[str], total: int | None = None) -> None:
        self.errors = errors[:MAX_ERRORS_SHOWN]
        self.total = len(errors) if total is None else total
        more = self.total - len(self.errors)
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__("\n".join(self.errors) + tail)


class _Bad(Exception):
    """One cell is wrong; the message says what."""


@dataclass
class ImportedSession:
    id: str
    line: int
    raw: tuple[str, ...]  # the session columns as written, to compare the other rows with
    values: dict
    reps: dict[int, tuple] = field(default_factory=dict)
    rep_lines: dict[int, int] = field(default_factory=dict)
    empty_row: bool = False
    bad_rows: bool = False  # a rep row was refused: its numbering is not checked again


def _number(text: str, low: float, high: float, *, low_open: bool = False) -> float:
    if not _NUMBER.fullmatch(text):
        raise _Bad(f"expected a number like 10 or 10.25 (a '.' for decimals), got {_show(text)}")
    value = float(text)
    if not math.isfinite(value) or value < low or value > high or (low_open and value == low):
        lower = f"more than {low:g}" if low_open else f"{low:g}"
        raise _Bad(f"{text} is out of range (allowed: {lower} to {high:g})")
    return value


def _optional_number(text: str, low: float, high: float, *, low_open: bool = False):
    return None if text == "" else _number(text, low, high, low_open=low_open)


def _effort(text: str) -> int | None:
    if text == "":
        return None
    if len(text) > 2 or not _INTEGER.fullmatch(text) or int(text) > 10:
        raise _Bad(f"expected a whole number 0-10 or an empty cell, got {_show(text)}")
    return int(text)


def _timestamp(text: str) -> str:
    if text == "":
        raise _Bad("missing (expected a date and time like 2026-05-04T07:00:00.000+02:00)")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"not a valid ISO 8601 date and time: {_show(text)}") from None
    offset = moment.utcoffset()
    if offset is None:
        raise _Bad(f"{_show(text)} has no UTC offset (like +02:00 or Z)")
    if offset % timedelta(minutes=1):
        raise _Bad(f"{_show(text)}: the UTC offset must be whole minutes")
    return iso(moment)


def _text(text: str, limit: int, *, required: bool = False) -> str:
    value = unprotect(text)
    if required and not value.strip():
        raise _Bad("must not be empty")
    if len(value) > limit:
        raise _Bad(f"longer than {limit} characters ({len(value)})")
    return value


def _choice(text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise _Bad(f"expected one of {', '.join(allowed)}, got {_show(text)}")
    return text


def _show(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def _plan_name(text: str) -> str:
    value = _text(text, MAX_NAME_LEN, required=True)
    if value != value.strip():
        raise _Bad(f"has spaces at the start or end: {_show(value)}")
    return value


_SESSION_PARSERS = {
    "session_start": _timestamp,
    "plan": _plan_name,
    "hill": lambda t: _text(t, MAX_HILL_LEN) or None,
    "session_status": lambda t: _choice(
        t, (SessionStatus.COMPLETED.value, SessionStatus.ENDED_EARLY.value)
    ),
    "session_effort": _effort,
    "session_load": lambda t: _optional_number(t, 0, 1e9),
    "notes": lambda t: _text(t, MAX_NOTES_LEN),
    "session_end": _timestamp,
    "duration_s": lambda t: _number(t, 0, MAX_SECONDS),
}


_REP_PARSERS = {
    "rep": lambda t: _rep_number(t),
    "sprint_planned_s": lambda t: _number(t, 0, MAX_SPRINT_S, low_open=True),
    "sprint_s": lambda t: _number(t, 0, MAX_SECONDS),
    "recovery_planned_s": lambda t: _optional_number(t, 0, MAX_RECOVERY_S, low_open=True),
    "recovery_s": lambda t: _optional_number(t, 0, MAX_SECONDS),
    "effort": _effort,
    "rep_status": lambda t: _choice(t, (RepStatus.DONE.value, RepStatus.SKIPPED.value)),
    "rep_start": _timestamp,
    "walk_down": lambda t: _choice(t, ("timed", "manual")),
}


def _rep_number(text: str) -> int:
    if len(text) > 3 or not _INTEGER.fullmatch(text) or not 1 <= int(text) <= MAX_REPS:
        raise _Bad(f"expected a rep number 1-{MAX_REPS}, got {_show(text)}")
    return int(text)


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def read_reps_csv(path: str | os.PathLike) -> list[ImportedSession]:
    """Parse and validate a reps CSV file; raises `CsvImportError` listing what is wrong."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise CsvImportError([f"{name}: is a folder, not a file"])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CsvImportError([f"{name}: no such file"]) from None
    except OSError as exc:
        raise CsvImportError([f"{name}: cannot be read ({os_error_text(exc)})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvImportError(
            [f"{name}:{line}: not UTF-8 text (byte {exc.start}: {raw[exc.start]:#04x})"]
        ) from None
    errors: list[str] = []
    total = 0

    def error(line: int, column: str, message: str) -> None:
        nonlocal total
        total += 1
        if len(errors) < MAX_ERRORS_SHOWN:
            errors.append(
                f"{name}:{line}: {column}: {message}" if column else f"{name}:{line}: {message}"
            )

    sessions: dict[str, ImportedSession] = {}
    dates: dict[str, bool] = {}
    with _field_limit(MAX_FIELD_CHARS):
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        line = 1
        try:
            header = next(reader, None)
            if header is None:
                raise CsvImportError([f"{name}:1: the file is empty (expected a header row)"])
            if tuple(header) != REPS_COLUMNS:
                raise CsvImportError(
                    [
                        f"{name}:1: header: expected the reps export columns "
                        f"({','.join(REPS_COLUMNS)}), got {_show(','.join(header))}"
                    ]
                )
            line = reader.line_num + 1
            width = len(REPS_COLUMNS)
            for row in reader:
                start_line, line = line, reader.line_num + 1
                # The common case inline: another well-formed rep of a session already seen.
                if len(row) == width:
                    session = sessions.get(row[0])
                    if (
                        session is not None
                        and not session.empty_row
                        and _session_cells(row) == session.raw
                    ):
                        rep = _fast_rep(row, dates)
                        if rep is not None and rep[0] not in session.reps:
                            session.reps[rep[0]] = rep
                            session.rep_lines[rep[0]] = start_line
                            continue
                if row:  # blank lines are skipped
                    _check_row(row, start_line, sessions, dates, error)
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = f"a field is longer than {MAX_FIELD_CHARS} characters"
            error(reader.line_num or line, "", f"not valid CSV ({message})")
    for session in sessions.values():
        numbers = sorted(session.reps)
        if numbers and not session.bad_rows and numbers != list(range(1, len(numbers) + 1)):
            missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
            error(
                session.line,
                "rep",
                f"session {_show(session.id)} lacks rep(s) {', '.join(map(str, missing))}",
            )
    if total:
        raise CsvImportError(errors, total)
    return list(sessions.values())


def _check_row(
    row: list[str], line: int, sessions: dict[str, ImportedSession], dates: dict[str, bool], error
) -> None:
    if len(row) != len(REPS_COLUMNS):
        error(line, "", f"expected {len(REPS_COLUMNS)} columns, found {len(row)}")
        return
    session = sessions.get(row[0])  # keyed by the cell as written: `unprotect` is one-to-one
    if session is None:
        try:
            sid = _text(row[0], MAX_ID_LEN, required=True)
        except _Bad as exc:
            error(line, "session_id", str(exc))
            return
    raw = _session_cells(row)
    if session is None:
        values, ok = {}, True
        for column in _SESSION_FIELDS:
            try:
                values[column] = _SESSION_PARSERS[column](row[_COL[column]])
            except _Bad as exc:
                error(line, column, str(exc))
                ok = False
        if ok and datetime.fromisoformat(values["session_end"]) < datetime.fromisoformat(
            values["session_start"]
        ):  # instants, not strings: the offsets may differ
            error(line, "session_end", "is before session_start")
        session = ImportedSession(sid, line, raw, values)
        sessions[row[0]] = session
    elif raw != session.raw:
        for column, mine, first in zip(_SESSION_FIELDS, raw, session.raw, strict=True):
            if mine != first:
                error(
                    line,
                    column,
                    f"differs from line {session.line} of the same session "
                    f"({_show(mine)} vs {_show(first)})",
                )
                break
    if row[_COL["rep"]] == "":
        extra = [c for c in _REP_FIELDS if row[_COL[c]] != ""]
        if extra:
            error(line, extra[0], "must be empty on a row without a rep number")
        elif session.reps or session.empty_row or session.line != line:
            error(line, "rep", "a row without a rep number must be its session's only row")
        session.empty_row = True
        return
    if session.empty_row:
        error(line, "rep", "the session already has a row without reps")
        return
    rep = _fast_rep(row, dates)
    if rep is None:  # something is off: the careful path says what
        values: list = []
        for column in _REP_FIELDS:
            try:
                values.append(_REP_PARSERS[column](row[_COL[column]]))
            except _Bad as exc:
                error(line, column, str(exc))
                session.bad_rows = True
                return
        rep = tuple(values)
    number = rep[0]
    if number in session.reps:
        error(
            line, "rep", f"rep {number} of this session is also on line {session.rep_lines[number]}"
        )
        return
    session.reps[number] = tuple(rep)
    session.rep_lines[number] = line


_STAMP = (
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{3}"
    r"(?:\+(?:[01][0-9]|2[0-3]):[0-5][0-9]|-(?!00:00)(?:[01][0-9]|2[0-3]):[0-5][0-9])"
)


_NUM = r"[0-9]+(?:\.[0-9]+)?"


# The rep cells of a well-formed row, joined by NUL. No group can match a NUL, so a cell that
# holds one (the csv module accepts them) makes the whole pattern fail: no column can shift.
_FAST_REP = re.compile(
    rf"([1-9][0-9]?)\0({_NUM})\0({_NUM})\0({_NUM})?\0({_NUM})?\0(10|[0-9])?\0(done|skipped)"
    rf"\0({_STAMP})\0(timed|manual)"
)


def _fast_rep(row: list[str], dates: dict[str, bool]) -> tuple | None:
    """The rep of a well-formed row, as the careful parsers would return it, or None.

    The export's own output takes this path: one regular expression and a few comparisons
    instead of nine parser calls, which keeps a 100,000-rep import within its time budget.
    A timestamp in the canonical form (as exported) is checked for a real calendar date
    (`dates` remembers the answers); the pattern has checked the time and the offset.
    """
    match = _FAST_REP.fullmatch("\0".join(row[4:11]) + "\0" + row[15] + "\0" + row[16])
    if match is None:
        return None
    n, sp, s, rp, r, effort, status, start, day, walk = match.groups()
    valid_day = dates.get(day)
    if valid_day is None:
        try:
            valid_day = dates[day] = date.fromisoformat(day).year > 0
        except ValueError:
            valid_day = dates[day] = False
    if not valid_day:
        return None
    sp_v, s_v = float(sp), float(s)
    rp_v = None if rp is None else float(rp)
    r_v = None if r is None else float(r)
    if not (
        0 < sp_v <= MAX_SPRINT_S
        and s_v <= MAX_SECONDS
        and (rp_v is None or 0 < rp_v <= MAX_RECOVERY_S)
        and (r_v is None or r_v <= MAX_SECONDS)
    ):
        return None
    return (
        int(n),
        sp_v,
        s_v,
        rp_v,
        r_v,
        None if effort is None else int(effort),
        status,
        start,
        walk,
    )
