"""The CSV format shared by export and import: the columns, the limits on a cell, and how cells
are written (fixed-point numbers, formula protection). README ("CSV export and import") documents
it for runners:

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

The reps format carries, after the fifteen columns of a rep and its session, four more that make
the import lossless: `rep_start`, `walk_down` (timed/manual), `session_end`, `duration_s`.
"""

from __future__ import annotations

import re

from hillsprint.core.hill import MAX_HILL_NAME_LEN
from hillsprint.core.load import session_load

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


MAX_ID_LEN = 100


MAX_HILL_LEN = MAX_HILL_NAME_LEN  # a hill cell is a hill's name (core.hill)


MAX_NOTES_LEN = 20_000


MAX_SECONDS = 86_400.0  # a rep or a session longer than a day is a typo


_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


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


def exported_seconds(seconds: float) -> float:
    """The value a reader of the file sees: derived cells (load, minutes) are computed from it,
    so an imported file (which only has that) exports the same derived cells again."""
    return float(format_number(seconds))


def load_cell(rpe: int | None, duration_s: float | None) -> str:
    if duration_s is None:
        return ""
    return format_number(session_load(rpe, exported_seconds(duration_s)))


def int_cell(value: int | None) -> str:
    return "" if value is None else str(value)


class NumberCells(dict):
    """format_number with a memory: most durations repeat (planned values, millisecond
    readings around them), and a dict lookup is far cheaper than formatting."""

    def __missing__(self, value: float | None) -> str:
        if value is None:
            text = ""
        else:  # format_number inline: a cache miss is paid once per distinct value
            text = f"{value:.3f}".rstrip("0").rstrip(".")
            if text == "-0":
                text = "0"
        self[value] = text
        return text


def csv_cell(text: str) -> str:
    """A text cell: protected against formula injection, quoted as RFC 4180 (and the csv
    module's QUOTE_MINIMAL) say: only when it holds a comma, a quote or a line break."""
    text = protect(text)
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def os_error_text(exc: OSError) -> str:
    """The reason an OSError gives, in the words of the system ("No space left on device")."""
    return exc.strerror or str(exc)
