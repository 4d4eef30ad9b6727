"""The import's fast path: a reps file in the exported shape, read a whole column at a time.

Checking 100,000 rows one by one costs about 20 µs a row in Python; here each check is a pass
over a column in C (a split, a set of the distinct cells, a dict lookup through `map`), and only
the distinct cells and the first row of each session go through Python code. The rules are those
of `csv_cells`, with the forms the export writes: canonical numbers and timestamps, rep numbers
1, 2, 3, ... in order, each session's rows together, no blank lines.

This reader never explains anything. `read_columns` returns the rows or None, and None sends the
file to the row-by-row reader (`csv_reading.read_rows`), which accepts everything this one
accepts, with the same values, and also writes the messages. A file in any other shape (rows
sorted by another column, a padded number, LF line ends mixed with CRLF) is still imported; it
only takes the slower path.
"""

from __future__ import annotations

import csv
import io
import operator
import re
from datetime import date, datetime
from itertools import chain, compress, islice, repeat
from operator import ne

from hillsprint.core.plan import MAX_RECOVERY_S, MAX_REPS, MAX_SPRINT_S
from hillsprint.storage.csv_cells import (
    COL,
    MAX_FIELD_CHARS,
    NUMBER_PATTERN,
    REP_PARSERS,
    SESSION_FIELDS,
    SESSION_INDEXES,
    SESSION_PARSERS,
    STAMP_PATTERN,
    CellError,
    field_limit,
    text_cell,
    timestamp,
)
from hillsprint.storage.csv_format import MAX_ID_LEN, MAX_SECONDS, REPS_COLUMNS
from hillsprint.storage.csv_imported import ImportedRows, ImportedSession

_WIDTH = len(REPS_COLUMNS)


_HEADER = ",".join(REPS_COLUMNS)


_REP_TEXTS = tuple(str(n) for n in range(MAX_REPS + 1))  # _REP_TEXTS[n] is how n is written


class _NotForMe(Exception):
    """The file is not in the exported shape, or something in it is wrong."""


def read_columns(text: str) -> ImportedRows | None:
    """The rows of a valid file in the exported shape, or None (see the module docstring)."""
    columns = _quoted_columns(text) if '"' in text else _plain_columns(text)
    if columns is None:
        return None
    try:
        return _checked(columns)
    except (_NotForMe, CellError):
        return None


def _plain_columns(text: str) -> list[list[str]] | None:
    """Without quotes, CSV is a split at line ends and commas (the csv module agrees: its
    quoting is the only thing that would let a comma or a line end into a cell)."""
    lines = text.split("\r\n" if "\r" in text else "\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != _HEADER:
        return None
    del lines[0]
    if "" in lines:
        lines = [line for line in lines if line]  # blank lines are skipped
    if not lines or max(map(len, lines)) > MAX_FIELD_CHARS:
        return None  # a huge cell: the row-by-row reader says so
    if set(map(str.count, lines, repeat(","))) != {_WIDTH - 1}:
        return None
    joined = ",".join(lines)
    if "\r" in joined or "\n" in joined:
        return None  # a lone CR or LF among CRLF line ends
    cells = joined.split(",")
    return [cells[i::_WIDTH] for i in range(_WIDTH)]


def _quoted_columns(text: str) -> list[list[str]] | None:
    """Quoted cells (a comma or a line break in the notes) need the csv module's parser."""
    with field_limit(MAX_FIELD_CHARS):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error:
            return None
    if not rows or rows[0] != list(REPS_COLUMNS):
        return None
    rows = [row for row in islice(rows, 1, None) if row]  # blank lines are skipped
    if not rows or set(map(len, rows)) != {_WIDTH}:
        return None
    cells = list(chain.from_iterable(rows))
    return [cells[i::_WIDTH] for i in range(_WIDTH)]


def _checked(columns: list[list[str]]) -> ImportedRows:
    ids = columns[0]
    starts, counts = _session_blocks(ids)
    _check_sessions_agree(columns, starts, counts)
    repless = _repless_sessions(columns, starts, counts)
    _check_rep_numbers(columns[COL["rep"]], counts, repless)
    sessions = [
        ImportedSession(values, 0 if i in repless else count)
        for i, (values, count) in enumerate(
            zip(_session_values(columns, starts), counts, strict=True)
        )
    ]
    if repless:  # take their rows out of the rep columns
        keep = columns[COL["rep"]]  # a cell is true when not empty
        columns = [list(compress(column, keep)) for column in columns]
    return ImportedRows(sessions, _rep_columns(columns, sessions))


def _session_blocks(ids: list[str]) -> tuple[list[int], list[int]]:
    """Where each session's rows start and how many there are; each session must be one
    block of rows, as the export writes them."""
    changes = list(compress(range(1, len(ids)), map(ne, ids, islice(ids, 1, None))))
    starts = [0, *changes]
    if len(set(ids)) != len(starts):
        raise _NotForMe("a session's rows are not together")
    ends = [*changes, len(ids)]
    return starts, [end - start for start, end in zip(starts, ends, strict=True)]


def _check_sessions_agree(columns: list[list[str]], starts: list[int], counts: list[int]):
    """Every row of a session carries the session cells of its first row: each column is
    compared with the column its first rows would make (string comparisons, no hashing)."""
    for i in SESSION_INDEXES:
        column = columns[i]
        firsts = map(repeat, map(column.__getitem__, starts), counts)
        if column != list(chain.from_iterable(firsts)):
            raise _NotForMe("session cells differ between rows")


def _repless_sessions(columns: list[list[str]], starts, counts) -> set[int]:
    """The sessions (by position) whose one row has no rep: all its rep cells empty."""
    reps = columns[COL["rep"]]
    if "" not in reps:
        return set()
    found = {i for i, start in enumerate(starts) if reps[start] == ""}
    for i in found:
        start = starts[i]
        row = [column[start] for column in columns]
        if counts[i] != 1 or any(row[j] for j in range(4, 11)) or row[15] or row[16]:
            raise _NotForMe("a row without a rep among reps, or with rep cells")
    return found


def _check_rep_numbers(reps: list[str], counts: list[int], repless: set[int]) -> None:
    """Rep numbers are 1, 2, 3, ... in each session, written as the export writes them."""
    expected = list(
        chain.from_iterable(
            ("",) if i in repless else _REP_TEXTS[1 : count + 1] for i, count in enumerate(counts)
        )
    )
    if reps != expected:
        raise _NotForMe("rep numbers")


def _session_values(columns: list[list[str]], starts: list[int]) -> list[tuple]:
    """The session cells of each session's first row (as stored), and the one rule between
    cells: a session does not end before it starts."""
    first = {name: [columns[COL[name]][row] for row in starts] for name in SESSION_FIELDS}
    values = {
        name: _stamps(cells) if name in _STAMP_FIELDS else _parsed(cells, SESSION_PARSERS[name])
        for name, cells in first.items()
    }
    _check_ends(values["session_start"], values["session_end"])
    ids = _parsed([columns[0][row] for row in starts], _session_id)
    names = ("plan", "hill", "session_status", "session_effort", "duration_s", "notes")
    stored = (ids, values["session_start"], values["session_end"], *(values[n] for n in names))
    return list(zip(*stored, strict=True))


_STAMP_FIELDS = ("session_start", "session_end")


def _session_id(text: str) -> str:
    return text_cell(text, MAX_ID_LEN, required=True)


def _check_ends(starts: list[str], ends: list[str]) -> None:
    for start, end in zip(starts, ends, strict=True):
        if start[23:] == end[23:]:  # the same UTC offset: the text sorts as the instant does
            if end < start:
                raise _NotForMe("session_end before session_start")
        elif datetime.fromisoformat(end) < datetime.fromisoformat(start):
            raise _NotForMe("session_end before session_start")


def _rep_columns(columns: list[list[str]], sessions: list[ImportedSession]) -> tuple[list, ...]:
    """The reps table's columns (csv_imported.REP_COLUMNS) from the file's rep columns."""
    ids = list(chain.from_iterable(repeat(session.id, session.rep_count) for session in sessions))
    numbers = list(chain.from_iterable(range(1, s.rep_count + 1) for s in sessions))
    parse = REP_PARSERS
    return (
        ids,
        numbers,
        _stamps(columns[COL["rep_start"]]),
        _numbers(columns[COL["sprint_planned_s"]], parse["sprint_planned_s"], MAX_SPRINT_S, True),
        _numbers(columns[COL["sprint_s"]], parse["sprint_s"], MAX_SECONDS),
        _numbers(
            columns[COL["recovery_planned_s"]], parse["recovery_planned_s"], MAX_RECOVERY_S, True
        ),
        _numbers(columns[COL["recovery_s"]], parse["recovery_s"], MAX_SECONDS),
        _parsed(columns[COL["walk_down"]], _manual),
        _parsed(columns[COL["effort"]], parse["effort"]),
        _checked_texts(columns[COL["rep_status"]], parse["rep_status"]),
    )


def _manual(text: str) -> int:
    return int(REP_PARSERS["walk_down"](text) == "manual")


def _parsed(column: list[str], parse) -> list:
    """Each distinct cell through the row-by-row reader's own parser, once: the same values
    and the same refusals (a CellError), at the cost of the distinct cells only."""
    values = {text: parse(text) for text in set(column)}
    return list(map(values.__getitem__, column))


def _checked_texts(column: list[str], parse) -> list[str]:
    """A column whose parser returns the cell itself (a choice among words): checked, kept."""
    for text in set(column):
        parse(text)
    return column


def _numbers(column: list[str], parse, high: float, above_zero: bool = False) -> list:
    """Numbers: the distinct cells checked in one pass when all are written as the export
    writes them (no sign, no exponent, in range); else each through `parse`. An empty cell
    is None (`parse` refuses it where a number is required)."""
    distinct = set(column)
    empty = "" in distinct
    distinct.discard("")
    texts = list(distinct)
    values = dict(zip(texts, map(float, texts), strict=True)) if _all_match(_NUMBERS, texts) else {}
    if values and (max(values.values()) > high or (above_zero and min(values.values()) == 0)):
        values = {}
    if not values:
        values = {text: parse(text) for text in texts}
    if empty:
        values[""] = parse("")
    return list(map(values.__getitem__, column))


def _stamps(column: list[str]) -> list[str]:
    """Timestamps in the exported form on real calendar days are kept as written (that form is
    what the row-by-row reader's `iso` gives back too); other forms go through its parser."""
    if _all_match(_STAMPS, column) and all(map(_real_day, set(map(_DAY, column)))):
        return column
    return _parsed(column, timestamp)


def _all_match(pattern: re.Pattern, texts: list[str]) -> bool:
    """Whether every text matches `pattern`'s item: one regular expression over the texts
    joined by line ends, and a count of those ends (so no text can hold one and pass as two)."""
    joined = "\n".join(texts)
    return joined.count("\n") == len(texts) - 1 and pattern.fullmatch(joined) is not None


def _repeated(item: str) -> re.Pattern:
    return re.compile(rf"(?:{item}\n)*{item}")


_NUMBERS = _repeated(NUMBER_PATTERN)


_STAMPS = _repeated(STAMP_PATTERN.replace("(", "(?:", 1))  # no group: only the match counts


_DAY = operator.itemgetter(slice(0, 10))


def _real_day(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True
