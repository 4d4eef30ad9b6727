"""CSV export (reps or sessions, one row each) and import (the reps format, round trip).

The format, documented for runners in README ("CSV export and import"):

- UTF-8 without a BOM (a BOM is accepted on import), a header row, RFC 4180 quoting (Python's
  `csv` module, `QUOTE_MINIMAL`) and CRLF line ends, as RFC 4180 says.
- Timestamps as stored: ISO 8601 with milliseconds and UTC offset. Seconds with at most three
  decimals (the records' millisecond precision), a `.` as decimal point, no exponent, no
  thousands separator; an empty cell for a missing value. The number format is fixed (not
  `repr`), so export → import → export gives the same bytes.
- Text cells (ids, plan, hill, notes) are protected against spreadsheet formula injection
  (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return,
  possibly after some apostrophes, gets one more `'` in front. Import removes exactly that one
  apostrophe, so the rule is reversible: `=1+1` → `'=1+1` and `'=x` → `''=x`.

The reps format carries, after the fifteen columns the issue asks for, four more that make the
import lossless: `rep_start`, `walk_down` (timed/manual), `session_end`, `duration_s`. A session
without any rep gets one row with the rep columns empty. Sessions still in progress are not
exported (and not accepted on import); the action log (pauses, skips) is not exported.

Import validates everything before it writes anything, then writes every new session in one
transaction. The plan snapshot is not in the file: an imported session gets a plan rebuilt from
its reps (name from `plan`, each rep's planned sprint and walk-down, timed or manual; the last
rep's walk-down, which is folded into the cool-down, copies the rep before it) with the default
warm-up, get-ready and cool-down.
"""

from __future__ import annotations

import csv
import io
import json
import math
import operator
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from hillsprint.core.clock import iso
from hillsprint.core.load import session_load
from hillsprint.core.plan import MAX_NAME_LEN, MAX_RECOVERY_S, MAX_REPS, MAX_SPRINT_S, Plan, RepSpec
from hillsprint.core.records import RepStatus, SessionStatus
from hillsprint.storage.atomic_file import write_atomically
from hillsprint.storage.database import transaction

REPS_COLUMNS = (
    "session_id",
    "session_start",
    "plan",
    "hill",
    "rep",
    "sprint_planned_s",
    "sprint_s",
    "recovery_planned_s",
    "recovery_s",
    "effort",
    "rep_status",
    "session_status",
    "session_effort",
    "session_load",
    "notes",
    "rep_start",
    "walk_down",
    "session_end",
    "duration_s",
)
SESSIONS_COLUMNS = (
    "session_id",
    "session_start",
    "session_end",
    "plan",
    "hill",
    "reps_planned",
    "reps_done",
    "mean_effort",
    "max_effort",
    "session_effort",
    "duration_min",
    "session_load",
    "status",
    "notes",
)
LEVELS = ("reps", "sessions")
LINE_END = "\r\n"
MAX_ERRORS_SHOWN = 20
MAX_FIELD_CHARS = 1_000_000  # csv.field_size_limit while importing
MAX_ID_LEN = 100
MAX_HILL_LEN = 200
MAX_NOTES_LEN = 20_000
IMPORT_CACHE_KIB = -65_536  # PRAGMA cache_size while importing: 64 MiB
MAX_SECONDS = 86_400.0  # a rep or a session longer than a day is a typo
IMPORT_PLAN_NOTE = (
    "Rebuilt from a CSV import: reps and walk-downs as recorded; warm-up, get-ready and "
    "cool-down are the defaults."
)
PLACEHOLDER_REP = RepSpec(10.0, 60.0)  # the plan of a session with no reps still needs one

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
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


class ExportError(Exception):
    """The export file cannot be written; the one-line message names it and says why."""


class CsvImportError(Exception):
    """The file cannot be imported; nothing was written. `errors` lists up to 20 problems
    as `FILE:LINE: column: what is wrong`; `total` counts all of them."""

    def __init__(self, errors: list[str], total: int | None = None) -> None:
        self.errors = errors[:MAX_ERRORS_SHOWN]
        self.total = len(errors) if total is None else total
        more = self.total - len(self.errors)
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__("\n".join(self.errors) + tail)


@dataclass(frozen=True)
class ImportResult:
    sessions: int  # new sessions written
    reps: int  # their reps
    skipped: int  # sessions already present (same session_id), left as they were


# -- cell formatting ------------------------------------------------------------------------


def protect(text: str) -> str:
    """Neutralise a text cell for spreadsheets (see module docstring); reversible."""
    return "'" + text if _FORMULA_START.match(text) else text


def unprotect(text: str) -> str:
    """Undo `protect`: drop the one apostrophe it added."""
    return text[1:] if _ESCAPED.match(text) else text


def format_number(value: float | None, places: int = 3) -> str:
    """Fixed-point, trailing zeros dropped, empty for None: '10', '10.25', '0.001'."""
    if value is None:
        return ""
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _exported(seconds: float) -> float:
    """The value a reader of the file sees: derived cells (load, minutes) are computed from it,
    so an imported file (which only has that) exports the same derived cells again."""
    return float(format_number(seconds))


def _load_cell(rpe: int | None, duration_s: float | None) -> str:
    if duration_s is None:
        return ""
    return format_number(session_load(rpe, _exported(duration_s)))


def _int_cell(value: int | None) -> str:
    return "" if value is None else str(value)


# -- export ---------------------------------------------------------------------------------

_REPS_QUERY = """
    SELECT s.id, s.started_at, s.plan_name, s.hill, r.number, r.sprint_planned_s, r.sprint_s,
           r.recovery_planned_s, r.recovery_s, r.effort, r.status, s.status, s.session_rpe,
           s.notes, r.started_at, r.recovery_manual, s.ended_at, s.duration_s
    FROM sessions s LEFT JOIN reps r ON r.session_id = s.id
    WHERE s.status != 'in_progress' {where}
    ORDER BY julianday(s.started_at), s.id, r.number
"""
_SESSIONS_QUERY = """
    SELECT s.id, s.started_at, s.ended_at, s.plan_name, s.plan_json, s.hill,
           count(CASE WHEN r.status = 'done' THEN 1 END), avg(r.effort), max(r.effort),
           s.session_rpe, s.duration_s, s.status, s.notes
    FROM sessions s LEFT JOIN reps r ON r.session_id = s.id
    WHERE s.status != 'in_progress' {where}
    GROUP BY s.id
    ORDER BY julianday(s.started_at), s.id
"""


def _date_filter(date_from: date | None, date_to: date | None) -> tuple[str, tuple]:
    """Sessions by the calendar date the runner saw when they started (the local date in
    `session_start`), both ends included."""
    where, params = "", []
    if date_from is not None:
        where += " AND substr(s.started_at, 1, 10) >= ?"
        params.append(date_from.isoformat())
    if date_to is not None:
        where += " AND substr(s.started_at, 1, 10) <= ?"
        params.append(date_to.isoformat())
    return where, tuple(params)


_REPS_SESSIONS_QUERY = """
    SELECT s.id, s.started_at, s.plan_name, s.hill, s.status, s.session_rpe, s.notes,
           s.ended_at, s.duration_s
    FROM sessions s
    WHERE s.status != 'in_progress' {where}
    ORDER BY julianday(s.started_at), s.id
"""
_REPS_TABLE_QUERY = """
    SELECT session_id, number, sprint_planned_s, sprint_s, recovery_planned_s, recovery_s,
           coalesce(effort, '') || ',' || status,
           started_at || CASE recovery_manual WHEN 1 THEN ',manual' ELSE ',timed' END
    FROM reps
"""  # text cells are joined by SQLite: fewer Python objects a row


class _NumberCells(dict):
    """format_number with a memory: most durations repeat (planned values, millisecond
    readings around them), and a dict lookup is far cheaper than formatting."""

    def __missing__(self, value: float | None) -> str:
        text = self[value] = format_number(value)
        return text


def csv_cell(text: str) -> str:
    """A text cell: protected against formula injection, quoted as RFC 4180 (and the csv
    module's QUOTE_MINIMAL) say: only when it holds a comma, a quote or a line break."""
    text = protect(text)
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def rep_lines(
    conn: sqlite3.Connection, date_from: date | None = None, date_to: date | None = None
) -> Iterator[str]:
    """The reps format, one finished CSV line (with its CRLF) per rep.

    Built by hand rather than with csv.writer: only the session's text cells can need quoting
    or protection, and they are encoded once per session, which makes the export several times
    faster (100,000 reps well under a second).
    """
    where, params = _date_filter(date_from, date_to)
    # Each session's cells around the rep columns, encoded once: (head, middle, tail, lines).
    parts: dict[str, tuple[str, str, str, list[tuple[int, str]]]] = {}
    for sid, start, plan, hill, status, rpe, notes, end, duration in conn.execute(
        _REPS_SESSIONS_QUERY.format(where=where), params
    ):
        parts[sid] = (
            f"{csv_cell(sid)},{start},{csv_cell(plan)},{csv_cell(hill or '')},",
            f",{status},{'' if rpe is None else rpe},{_load_cell(rpe, duration)},"
            f"{csv_cell(notes)},",
            f",{end or ''},{format_number(duration)}{LINE_END}",
            [],
        )
    cell = _NumberCells()
    # One plain scan of the table is faster than walking the (session_id, number) index.
    for sid, n, sp, s, rp, r, effort_status, start_walk in conn.execute(_REPS_TABLE_QUERY):
        part = parts.get(sid)
        if part is not None:  # else in progress, or outside the dates
            head, middle, tail, lines = part
            lines.append(
                (
                    n,
                    f"{head}{n},{cell[sp]},{cell[s]},{cell[rp]},{cell[r]},{effort_status}"
                    f"{middle}{start_walk}{tail}",
                )
            )
    for head, middle, tail, lines in parts.values():
        if not lines:
            yield f"{head},,,,,,{middle},{tail}"  # no reps: the rep columns left empty
            continue
        lines.sort()
        for _, line in lines:
            yield line


def session_rows(
    conn: sqlite3.Connection, date_from: date | None = None, date_to: date | None = None
) -> Iterator[list[str]]:
    where, params = _date_filter(date_from, date_to)
    planned: dict[str, int] = {}
    for (
        sid,
        start,
        end,
        plan,
        plan_json,
        hill,
        done,
        mean,
        top,
        rpe,
        duration,
        status,
        notes,
    ) in conn.execute(_SESSIONS_QUERY.format(where=where), params):
        if plan_json not in planned:
            planned[plan_json] = len(json.loads(plan_json)["reps"])
        yield [
            protect(sid),
            start,
            end or "",
            protect(plan),
            protect(hill or ""),
            str(planned[plan_json]),
            str(done),
            format_number(mean, 2),
            _int_cell(top),
            _int_cell(rpe),
            format_number(None if duration is None else _exported(duration) / 60.0, 2),
            _load_cell(rpe, duration),
            status,
            protect(notes),
        ]


def write_csv(
    conn: sqlite3.Connection,
    stream: io.TextIOBase,
    level: str = "reps",
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    """Write the header and the rows to an open text stream (newline=''); returns the rows."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    count = 0
    if level == "reps":
        stream.write(",".join(REPS_COLUMNS) + LINE_END)
        for chunk in _chunks(rep_lines(conn, date_from, date_to), 4096):
            stream.write("".join(chunk))
            count += len(chunk)
        return count
    writer = csv.writer(stream, lineterminator=LINE_END)
    writer.writerow(SESSIONS_COLUMNS)
    for chunk in _chunks(session_rows(conn, date_from, date_to), 4096):
        writer.writerows(chunk)
        count += len(chunk)
    return count


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_csv(
    conn: sqlite3.Connection,
    out: str | os.PathLike,
    level: str = "reps",
    date_from: date | None = None,
    date_to: date | None = None,
) -> int:
    """Export to the file `out`; returns the number of data rows.

    A regular file is written under a temporary name in the same folder and renamed into place
    when complete, so a failure (full disk, no permission) leaves no partial file and keeps an
    older file of that name intact. A device or pipe (/dev/stdout) is written directly.
    Every failure is an `ExportError` with one line naming the file.
    """
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"cannot export to {out}: it is a folder, not a file")
    if out.exists() and not out.is_file():
        return _export_direct(conn, out, level, date_from, date_to)
    folder = out.parent
    if not folder.is_dir():
        raise ExportError(f"cannot export to {out}: folder {folder} does not exist")
    try:
        return write_atomically(
            out, lambda stream: write_csv(conn, stream, level, date_from, date_to)
        )
    except OSError as exc:
        raise ExportError(f"cannot export to {out}: {_why(exc)}; nothing was written") from None


def _export_direct(conn, out: Path, level, date_from, date_to) -> int:
    try:
        with out.open("w", encoding="utf-8", newline="") as stream:
            return write_csv(conn, stream, level, date_from, date_to)
    except OSError as exc:
        raise ExportError(f"cannot export to {out}: {_why(exc)}") from None


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


# -- import ---------------------------------------------------------------------------------


class _Bad(Exception):
    """One cell is wrong; the message says what."""


@dataclass
class _Session:
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


def read_reps_csv(path: str | os.PathLike) -> list[_Session]:
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
        raise CsvImportError([f"{name}: cannot be read ({_why(exc)})"]) from None
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

    sessions: dict[str, _Session] = {}
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
    row: list[str], line: int, sessions: dict[str, _Session], dates: dict[str, bool], error
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
        session = _Session(sid, line, raw, values)
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


def _rebuilt_plan(name: str, reps: list[tuple]) -> Plan:
    if not reps:
        return Plan(name=name, reps=(PLACEHOLDER_REP,), description=IMPORT_PLAN_NOTE)
    specs = []
    fallback = next((r[3] for r in reversed(reps) if r[3] is not None), PLACEHOLDER_REP.recovery_s)
    previous = fallback
    for rep in reps:
        recovery = rep[3] if rep[3] is not None else previous
        previous = recovery
        specs.append(RepSpec(rep[1], recovery, manual=rep[8] == "manual"))
    return Plan(name=name, reps=tuple(specs), description=IMPORT_PLAN_NOTE)


def import_csv(conn: sqlite3.Connection, path: str | os.PathLike) -> ImportResult:
    """Validate the whole file, then add its new sessions in one transaction.

    Raises `CsvImportError` (nothing written) when anything is wrong. Sessions whose id is
    already in the database are skipped, so importing a file twice adds nothing.
    """
    sessions = read_reps_csv(path)
    cache_size = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB:d}")
    try:
        return _write_sessions(conn, sessions)
    finally:
        conn.execute(f"PRAGMA cache_size = {cache_size:d}")


def _write_sessions(conn: sqlite3.Connection, sessions: list[_Session]) -> ImportResult:
    # Every rep goes in with its session in this one transaction (the file was checked), so
    # the per-row foreign-key lookups can be skipped. The pragma only acts outside a
    # transaction: inside a caller's transaction the checks simply stay on.
    checks_off = not conn.in_transaction
    if checks_off:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with transaction(conn):
            return _insert_sessions(conn, sessions)
    finally:
        if checks_off:
            conn.execute("PRAGMA foreign_keys = ON")


def _insert_sessions(conn: sqlite3.Connection, sessions: list[_Session]) -> ImportResult:
    session_rows: list[tuple] = []
    rep_rows: list[tuple] = []
    plan_texts: dict[tuple, str] = {}
    manual = {"manual": 1, "timed": 0}
    existing = _existing_ids(conn, [session.id for session in sessions])
    # In key order (session id, rep number) and with a bigger page cache, the indexes are
    # built several times faster than in file order.
    for session in sorted(sessions, key=lambda item: item.id):
        if session.id in existing:
            continue
        v = session.values
        reps = [session.reps[n] for n in sorted(session.reps)]
        key = (v["plan"], tuple((r[1], r[3], r[8]) for r in reps))
        plan_json = plan_texts.get(key)
        if plan_json is None:
            plan_json = plan_texts[key] = _rebuilt_plan(v["plan"], reps).to_json_text()
        session_rows.append(
            (
                session.id,
                v["session_start"],
                v["session_end"],
                v["plan"],
                plan_json,
                v["hill"],
                v["session_status"],
                v["session_effort"],
                v["duration_s"],
                v["notes"],
            )
        )
        rep_rows.extend(
            (session.id, n, start, sp, s, rp, r, manual[walk], effort, status)
            for n, sp, s, rp, r, effort, status, start, walk in reps
        )
    conn.executemany(
        "INSERT INTO sessions (id, started_at, ended_at, plan_name, plan_json, hill, status,"
        " session_rpe, duration_s, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        session_rows,
    )
    conn.executemany(
        "INSERT INTO reps (session_id, number, started_at, sprint_planned_s, sprint_s,"
        " recovery_planned_s, recovery_s, recovery_manual, effort, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rep_rows,
    )
    return ImportResult(len(session_rows), len(rep_rows), len(existing))


def _existing_ids(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(
            row[0] for row in conn.execute(f"SELECT id FROM sessions WHERE id IN ({marks})", chunk)
        )
    return found
