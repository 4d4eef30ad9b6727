"""Reading a reps CSV for import: every cell parsed and checked, every problem reported as
`FILE:LINE: column: what is wrong`, nothing written.

A file in the exported shape is read a column at a time (`csv_columns`), several times faster.
That reader only answers "valid, here are the rows" or "not for me"; every other file, and so
every file with a problem, is read here row by row, and only this reader writes messages. So the
error list cannot depend on which reader ran. Rows that match the exported format take a short
cut here too (one regular expression instead of nine parsers).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from hillsprint.core.plan import MAX_RECOVERY_S, MAX_SPRINT_S
from hillsprint.storage.csv_cells import (
    COL,
    MAX_FIELD_CHARS,
    NUMBER_PATTERN,
    REP_FIELDS,
    REP_PARSERS,
    SESSION_FIELDS,
    SESSION_PARSERS,
    STAMP_PATTERN,
    CellError,
    field_limit,
    session_cells,
    show,
    text_cell,
)
from hillsprint.storage.csv_columns import read_columns
from hillsprint.storage.csv_format import MAX_ID_LEN, MAX_SECONDS, REPS_COLUMNS, os_error_text
from hillsprint.storage.csv_imported import REP_COLUMNS, ImportedRows, ImportedSession

MAX_ERRORS_SHOWN = 20


class CsvImportError(Exception):
    """The file cannot be imported; nothing was written. `errors` lists up to 20 problems
    as `FILE:LINE: column: what is wrong`; `total` counts all of them."""

    def __init__(self, errors: list[str], total: int | None = None) -> None:
        self.errors = errors[:MAX_ERRORS_SHOWN]
        self.total = len(errors) if total is None else total
        more = self.total - len(self.errors)
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__("\n".join(self.errors) + tail)


@dataclass
class _SessionSoFar:
    """A session while its rows are read: the first row's values, its reps by number, and
    where they were (for the messages)."""

    id: str
    line: int
    raw: tuple[str, ...]  # the session columns as written, to compare the other rows with
    values: dict
    reps: dict[int, tuple] = field(default_factory=dict)
    rep_lines: dict[int, int] = field(default_factory=dict)
    empty_row: bool = False
    bad_rows: bool = False  # a rep row was refused: its numbering is not checked again


class _Errors:
    """The problems found so far: the first MAX_ERRORS_SHOWN as text, and how many in all."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shown: list[str] = []
        self.total = 0

    def __call__(self, line: int, column: str, message: str) -> None:
        self.total += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            where = f"{self.name}:{line}: {column}: " if column else f"{self.name}:{line}: "
            self.shown.append(where + message)

    def raise_if_any(self) -> None:
        if self.total:
            raise CsvImportError(self.shown, self.total)


def read_reps_csv(path: str | os.PathLike) -> ImportedRows:
    """Parse and validate a reps CSV file; raises `CsvImportError` listing what is wrong."""
    name = str(path)
    text = _read_text(Path(path), name)
    rows = read_columns(text)
    if rows is None:
        rows = _as_imported(read_rows(text, name))
    return rows


def _read_text(path: Path, name: str) -> str:
    try:
        if path.is_dir():
            raise CsvImportError([f"{name}: is a folder, not a file"])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CsvImportError([f"{name}: no such file"]) from None
    except OSError as exc:
        raise CsvImportError([f"{name}: cannot be read ({os_error_text(exc)})"]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvImportError(
            [f"{name}:{line}: not UTF-8 text (byte {exc.start}: {raw[exc.start]:#04x})"]
        ) from None


def read_rows(text: str, name: str) -> list[_SessionSoFar]:
    """The row-by-row reader: every row checked cell by cell, every problem said."""
    errors = _Errors(name)
    sessions: dict[str, _SessionSoFar] = {}
    with field_limit(MAX_FIELD_CHARS):
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        line = 1
        try:
            _check_header(next(reader, None), name)
            line = reader.line_num + 1
            _read_body(reader, line, sessions, errors)
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = f"a field is longer than {MAX_FIELD_CHARS} characters"
            errors(reader.line_num or line, "", f"not valid CSV ({message})")
    _check_numbering(sessions, errors)
    errors.raise_if_any()
    return list(sessions.values())


def _check_header(header: list[str] | None, name: str) -> None:
    if header is None:
        raise CsvImportError([f"{name}:1: the file is empty (expected a header row)"])
    if tuple(header) != REPS_COLUMNS:
        raise CsvImportError(
            [
                f"{name}:1: header: expected the reps export columns "
                f"({','.join(REPS_COLUMNS)}), got {show(','.join(header))}"
            ]
        )


def _read_body(reader, line: int, sessions: dict[str, _SessionSoFar], error: _Errors) -> None:
    dates: dict[str, bool] = {}
    for row in reader:
        start_line, line = line, reader.line_num + 1
        if _took_known_rep(row, start_line, sessions, dates):
            continue
        if row:  # blank lines are skipped
            _check_row(row, start_line, sessions, dates, error)


def _took_known_rep(row: list[str], line: int, sessions, dates: dict[str, bool]) -> bool:
    """The common case inline: another well-formed rep of a session already seen."""
    if len(row) != len(REPS_COLUMNS):
        return False
    session = sessions.get(row[0])
    if session is None or session.empty_row or session_cells(row) != session.raw:
        return False
    rep = _fast_rep(row, dates)
    if rep is None or rep[0] in session.reps:
        return False
    session.reps[rep[0]] = rep
    session.rep_lines[rep[0]] = line
    return True


def _check_numbering(sessions: dict[str, _SessionSoFar], error: _Errors) -> None:
    for session in sessions.values():
        numbers = sorted(session.reps)
        if numbers and not session.bad_rows and numbers != list(range(1, len(numbers) + 1)):
            missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
            error(
                session.line,
                "rep",
                f"session {show(session.id)} lacks rep(s) {', '.join(map(str, missing))}",
            )


def _check_row(
    row: list[str], line: int, sessions: dict[str, _SessionSoFar], dates: dict[str, bool], error
) -> None:
    if len(row) != len(REPS_COLUMNS):
        error(line, "", f"expected {len(REPS_COLUMNS)} columns, found {len(row)}")
        return
    session = _session_of(row, line, sessions, error)
    if session is None:
        return
    if row[COL["rep"]] == "":
        _check_repless_row(row, line, session, error)
    elif session.empty_row:
        error(line, "rep", "the session already has a row without reps")
    else:
        _add_rep(row, line, session, dates, error)


def _session_of(row: list[str], line: int, sessions, error) -> _SessionSoFar | None:
    """The row's session: new (its cells checked) or seen before (its cells compared)."""
    session = sessions.get(row[0])  # keyed by the cell as written: `unprotect` is one-to-one
    raw = session_cells(row)
    if session is None:
        try:
            sid = text_cell(row[0], MAX_ID_LEN, required=True)
        except CellError as exc:
            error(line, "session_id", str(exc))
            return None
        session = _SessionSoFar(sid, line, raw, _session_values(row, line, error))
        sessions[row[0]] = session
    elif raw != session.raw:
        pairs = zip(SESSION_FIELDS, raw, session.raw, strict=True)
        column, mine, first = next(item for item in pairs if item[1] != item[2])
        error(
            line,
            column,
            f"differs from line {session.line} of the same session ({show(mine)} vs {show(first)})",
        )
    return session


def _session_values(row: list[str], line: int, error) -> dict:
    values, ok = {}, True
    for column in SESSION_FIELDS:
        try:
            values[column] = SESSION_PARSERS[column](row[COL[column]])
        except CellError as exc:
            error(line, column, str(exc))
            ok = False
    if ok and datetime.fromisoformat(values["session_end"]) < datetime.fromisoformat(
        values["session_start"]
    ):  # instants, not strings: the offsets may differ
        error(line, "session_end", "is before session_start")
    return values


def _check_repless_row(row: list[str], line: int, session: _SessionSoFar, error) -> None:
    extra = [c for c in REP_FIELDS if row[COL[c]] != ""]
    if extra:
        error(line, extra[0], "must be empty on a row without a rep number")
    elif session.reps or session.empty_row or session.line != line:
        error(line, "rep", "a row without a rep number must be its session's only row")
    session.empty_row = True


def _add_rep(row: list[str], line: int, session: _SessionSoFar, dates, error) -> None:
    rep = _fast_rep(row, dates)
    if rep is None:  # something is off: the careful path says what
        values: list = []
        for column in REP_FIELDS:
            try:
                values.append(REP_PARSERS[column](row[COL[column]]))
            except CellError as exc:
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


# The rep cells of a well-formed row, joined by NUL. No group can match a NUL, so a cell that
# holds one (the csv module accepts them) makes the whole pattern fail: no column can shift.
_FAST_REP = re.compile(
    rf"([1-9][0-9]?)\0({NUMBER_PATTERN})\0({NUMBER_PATTERN})\0({NUMBER_PATTERN})?"
    rf"\0({NUMBER_PATTERN})?\0(10|[0-9])?\0(done|skipped)\0({STAMP_PATTERN})\0(timed|manual)"
)


def _fast_rep(row: list[str], dates: dict[str, bool]) -> tuple | None:
    """The rep of a well-formed row, as the careful parsers would return it, or None.

    A timestamp in the canonical form (as exported) is checked for a real calendar date
    (`dates` remembers the answers); the pattern has checked the time and the offset.
    """
    match = _FAST_REP.fullmatch("\0".join(row[4:11]) + "\0" + row[15] + "\0" + row[16])
    if match is None:
        return None
    n, sp, s, rp, r, effort, status, start, day, walk = match.groups()
    if not _real_day(day, dates):
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


def _real_day(day: str, dates: dict[str, bool]) -> bool:
    valid = dates.get(day)
    if valid is None:
        try:
            valid = dates[day] = date.fromisoformat(day).year > 0
        except ValueError:
            valid = dates[day] = False
    return valid


def _as_imported(sessions: list[_SessionSoFar]) -> ImportedRows:
    """The row-by-row reader's sessions in the shape the writer takes (see csv_imported)."""
    imported: list[ImportedSession] = []
    reps: tuple[list, ...] = tuple([] for _ in REP_COLUMNS)
    for session in sessions:
        v = session.values
        values = (
            session.id,
            v["session_start"],
            v["session_end"],
            v["plan"],
            v["hill"],
            v["session_status"],
            v["session_effort"],
            v["duration_s"],
            v["notes"],
        )
        imported.append(ImportedSession(values, len(session.reps)))
        for number in sorted(session.reps):
            n, sp, s, rp, r, effort, status, start, walk = session.reps[number]
            rep = (session.id, n, start, sp, s, rp, r, int(walk == "manual"), effort, status)
            for column, value in zip(reps, rep, strict=True):
                column.append(value)
    return ImportedRows(imported, reps)
