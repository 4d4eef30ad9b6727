"""A pinned reps export and a catalogue of ways to spoil it, for the CSV import tests.

`build_sample` writes a small, fully reproducible history (the seeded sample history plus a few
sessions made to be awkward: quoted and formula-protected cells, a line break in the notes, odd
UTC offsets, unrounded durations, a session without reps). Its export is committed as
`data/reps_sample.csv`, so a change of the export bytes shows as a failing test.

`BAD_CASES` turns that file into broken ones; the error list today's reader gives for each is
committed in `data/import_errors.txt` (see test_csv_pinned.py), so a faster reader cannot change
a single message. `GOOD_CASES` are edits a runner or a spreadsheet may make that must still
import, each to a pinned database content.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus, SessionStatus
from hillsprint.storage.csv_format import REPS_COLUMNS
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import fill_history

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "reps_sample.csv"
EXPECTED = DATA / "import_errors.txt"
UNTIL = datetime(2026, 5, 1, tzinfo=timezone(timedelta(hours=2)))
COL = {name: i for i, name in enumerate(REPS_COLUMNS)}


def sequential_ids() -> Callable[[], object]:
    """A stand-in for uuid.uuid4 whose `.hex` counts up, so the sample is the same each time."""
    counter = itertools.count(1)

    class _Id:
        def __init__(self) -> None:
            self.hex = f"{next(counter):032x}"

    return _Id


def build_sample(repo: SessionRepository) -> None:
    fill_history(repo, years=0.12, until=UNTIL)
    _awkward_session(repo)
    _session_without_reps(repo)
    _far_offsets_session(repo)


def _rep(number: int, at: str, sprint: float, recovery: float | None, **kw) -> RepRecord:
    return RepRecord(
        number=number,
        started_at=at,
        sprint_planned_s=kw.get("planned", 10.0),
        sprint_s=sprint,
        recovery_planned_s=None if recovery is None else kw.get("recovery_planned", 90.0),
        recovery_s=recovery,
        recovery_manual=kw.get("manual", False),
        status=kw.get("status", RepStatus.DONE),
    )


def _awkward_session(repo: SessionRepository) -> None:
    plan = Plan(name="=Hill, sprints", reps=(RepSpec(10, 90),) * 3)
    sid = repo.start_session(plan, "2026-04-20T18:00:00.000-05:00", hill='@"Steep" one')
    reps = (
        _rep(1, "2026-04-20T18:10:00.000-05:00", 10.0004999, 90.0005),
        _rep(2, "2026-04-20T18:11:40.123-05:00", 10.1235, 121.987654, manual=True),
        _rep(3, "2026-04-20T18:14:00.000-05:00", 4.5, None, status=RepStatus.SKIPPED),
    )
    for rep in reps:
        repo.record_rep(sid, rep)
    repo.set_rep_effort(sid, 2, 10)
    repo.set_rep_effort(sid, 3, 0)
    notes = 'legs "heavy",\r\nthen fine\nok'
    repo.finish_session(
        sid, SessionStatus.ENDED_EARLY, "2026-04-20T18:30:00.000-05:00", 1234.5678, notes=notes
    )


def _session_without_reps(repo: SessionRepository) -> None:
    plan = Plan(name="'plain", reps=(RepSpec(12, 60),) * 2)
    sid = repo.start_session(plan, "2026-04-22T07:00:00.000+02:00")
    repo.finish_session(
        sid, SessionStatus.ENDED_EARLY, "2026-04-22T07:05:00.000+02:00", 300.0, 3, "'=already"
    )


def _far_offsets_session(repo: SessionRepository) -> None:
    plan = Plan(name="Tabs", reps=(RepSpec(8, 75),) * 2)
    sid = repo.start_session(plan, "2026-04-25T06:00:00.000+05:45", hill="\tindented")
    repo.record_rep(sid, _rep(1, "2026-04-25T00:20:00.000+00:00", 8.25, 75.5, planned=8.0))
    repo.record_rep(sid, _rep(2, "2026-04-25T00:22:00.000+00:00", 7.999, None, planned=8.0))
    repo.set_rep_effort(sid, 1, 5)
    repo.finish_session(sid, SessionStatus.COMPLETED, "2026-04-25T06:30:00.000+05:45", 1800.0, 6)


# -- editing the sample ------------------------------------------------------------------------


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def bytes_of(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _session_rows(rows: list[list[str]], sid: str) -> list[list[str]]:
    return [row for row in rows[1:] if row and row[0] == sid]


def _nth_session(rows: list[list[str]], n: int) -> str:
    """The id of the n-th session in file order (0-based); sessions with 8+ reps only."""
    seen: dict[str, int] = {}
    for row in rows[1:]:
        seen[row[0]] = seen.get(row[0], 0) + 1
    return [sid for sid, count in seen.items() if count >= 8][n]


def set_cell(row_index: int, column: str, value: str) -> Callable[[bytes], bytes]:
    """Change one cell of data row `row_index` (1 = the first row after the header)."""

    def edit(data: bytes) -> bytes:
        rows = rows_of(data)
        rows[row_index][COL[column]] = value
        return bytes_of(rows)

    return edit


def set_session_cell(session: int, column: str, value: str) -> Callable[[bytes], bytes]:
    """Change a session column on every row of the n-th session (they must agree)."""

    def edit(data: bytes) -> bytes:
        rows = rows_of(data)
        for row in _session_rows(rows, _nth_session(rows, session)):
            row[COL[column]] = value
        return bytes_of(rows)

    return edit


def edit_rows(change: Callable[[list[list[str]]], None]) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        rows = rows_of(data)
        change(rows)
        return bytes_of(rows)

    return edit


def _many_bad_efforts(rows: list[list[str]]) -> None:
    for row in rows[10:40]:
        row[COL["effort"]] = "x"


def _drop_rep(rows: list[list[str]]) -> None:
    sid = _nth_session(rows, 3)
    rows.remove(_session_rows(rows, sid)[4])


def _renumber_from_two(rows: list[list[str]]) -> None:
    for row in _session_rows(rows, _nth_session(rows, 4)):
        row[COL["rep"]] = str(int(row[COL["rep"]]) + 1)


def _duplicate_rep(rows: list[list[str]]) -> None:
    session = _session_rows(rows, _nth_session(rows, 2))
    session[3][COL["rep"]] = session[2][COL["rep"]]


def _differs_later(rows: list[list[str]]) -> None:
    session = _session_rows(rows, _nth_session(rows, 1))
    session[5][COL["notes"]] = "changed"
    session[6][COL["hill"]] = "Elsewhere"


def _repless_row_among_reps(rows: list[list[str]]) -> None:
    row = _session_rows(rows, _nth_session(rows, 0))[2]
    for name in ("rep", "sprint_planned_s", "sprint_s", "recovery_planned_s", "recovery_s"):
        row[COL[name]] = ""
    for name in ("effort", "rep_status", "rep_start", "walk_down"):
        row[COL[name]] = ""


def _repless_row_with_a_cell(rows: list[list[str]]) -> None:
    row = _session_rows(rows, _nth_session(rows, 0))[0]
    for name in ("rep", "sprint_planned_s", "sprint_s", "recovery_planned_s", "recovery_s"):
        row[COL[name]] = ""
    for name in ("effort", "rep_status", "rep_start"):
        row[COL[name]] = ""


def _second_repless_row(rows: list[list[str]]) -> None:
    repless = next(row for row in rows[1:] if row[COL["rep"]] == "")
    rows.append(list(repless))
    rows.append(list(repless))
    rows[-1][4:11] = ["1", "10", "10", "", "", "", "done"]
    rows[-1][15:17] = ["2026-04-22T07:01:00.000+02:00", "timed"]


def _rep_row_before_repless(rows: list[list[str]]) -> None:
    index = next(i for i, row in enumerate(rows) if i and row[COL["rep"]] == "")
    row = list(rows[index])
    row[4:11] = ["1", "10", "10", "", "", "", "done"]
    row[15:17] = ["2026-04-22T07:01:00.000+02:00", "timed"]
    rows.insert(index, row)


def _short_and_long_rows(rows: list[list[str]]) -> None:
    rows[7] = rows[7][:-1]
    rows[9] = [*rows[9], "extra"]
    rows[11] = ["only one cell"]


def _errors_everywhere(rows: list[list[str]]) -> None:
    """Row errors, a session error and lacking reps in several sessions: the order is pinned."""
    rows[3][COL["effort"]] = "12"
    rows[20][COL["walk_down"]] = "slow"
    _drop_rep(rows)
    for row in _session_rows(rows, _nth_session(rows, 6)):
        row[COL["session_load"]] = "lots"
    rows[-3][COL["sprint_s"]] = "fast"


def _after_the_line_break(data: bytes) -> bytes:
    """An error on the row after the notes that span three lines: line numbers count them."""
    rows = rows_of(data)
    index = next(i for i, row in enumerate(rows) if "\n" in row[COL["notes"]])
    rows[index + 1][COL["effort"]] = "eleven"
    rows[index][COL["rep_status"]] = "ok"
    return bytes_of(rows)


def _replace_text(old: bytes, new: bytes, count: int = 1) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(old, new, count)


def _cut_at(fraction: float, tail: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data[: int(len(data) * fraction)] + tail


def _unclosed_quote(data: bytes) -> bytes:
    at = data.index(b"\r\n", len(data) * 2 // 3) + 2
    return data[:at] + b'"never closed,\r\n' + data[at:]


def _bad_utf8(data: bytes) -> bytes:
    at = data.index(b"\r\n", len(data) // 2) + 5
    return data[:at] + b"\xff" + data[at + 1 :]


def _huge_field(data: bytes) -> bytes:
    rows = rows_of(data)
    rows[30][COL["notes"]] = "x" * 1_000_010
    return bytes_of(rows)


def _header(data: bytes, header: bytes) -> bytes:
    return header + data[data.index(b"\r\n") :]


def _several_session_errors(data: bytes) -> bytes:
    data = set_session_cell(1, "plan", "")(data)
    data = set_session_cell(1, "session_effort", "x")(data)
    return set_session_cell(1, "session_end", "soon")(data)


BAD_CASES: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "only-blank-lines": lambda data: b"\r\n\r\n",
    "header-renamed": lambda data: _header(data, data[: data.index(b"\r\n")].replace(b"_", b" ")),
    "header-short": lambda data: _header(data, data[: data.index(b",duration_s")]),
    "bom-header-short": lambda data: codecs.BOM_UTF8 + _header(data, b"session_id,rep"),
    "not-utf8": _bad_utf8,
    "latin1-notes": _replace_text(b"windy", "wíndy".encode("latin-1")),
    "quote-mid-file": _unclosed_quote,
    "unclosed-quote-at-end": lambda data: data + b'x,"never closed,\r\nmore\r\n',
    "row-error-then-quote": lambda data: _unclosed_quote(set_cell(3, "rep", "x")(data)),
    "file-twice": lambda data: data + data[data.index(b"\r\n") + 2 :],
    "text-after-quote": _cut_at(0.3, b'x,"a"b,c\r\n'),
    "huge-field": _huge_field,
    "nul-in-rep-cell": set_cell(12, "sprint_s", "10\x00.5"),
    "short-long-rows": edit_rows(_short_and_long_rows),
    "thirty-errors": edit_rows(_many_bad_efforts),
    "rep-zero": set_cell(5, "rep", "0"),
    "rep-100": set_cell(5, "rep", "100"),
    "rep-decimal": set_cell(5, "rep", "1.0"),
    "rep-spaced": set_cell(5, "rep", " 1"),
    "sprint-planned-zero": set_cell(6, "sprint_planned_s", "0"),
    "sprint-planned-negative": set_cell(6, "sprint_planned_s", "-1"),
    "sprint-planned-exponent": set_cell(6, "sprint_planned_s", "1e3"),
    "sprint-planned-dot": set_cell(6, "sprint_planned_s", "10."),
    "sprint-planned-leading-dot": set_cell(6, "sprint_planned_s", ".5"),
    "sprint-planned-over": set_cell(6, "sprint_planned_s", "600.001"),
    "sprint-planned-empty": set_cell(6, "sprint_planned_s", ""),
    "sprint-nan": set_cell(7, "sprint_s", "nan"),
    "sprint-inf": set_cell(7, "sprint_s", "inf"),
    "sprint-comma": set_cell(7, "sprint_s", "10,5"),
    "sprint-underscore": set_cell(7, "sprint_s", "1_0"),
    "sprint-plus": set_cell(7, "sprint_s", "+10"),
    "sprint-over-a-day": set_cell(7, "sprint_s", "86400.001"),
    "sprint-huge-digits": set_cell(7, "sprint_s", "9" * 400),
    "recovery-planned-zero": set_cell(8, "recovery_planned_s", "0"),
    "recovery-planned-over": set_cell(8, "recovery_planned_s", "3600.5"),
    "recovery-negative": set_cell(8, "recovery_s", "-0.5"),
    "recovery-text": set_cell(8, "recovery_s", "long"),
    "effort-eleven": set_cell(9, "effort", "11"),
    "effort-decimal": set_cell(9, "effort", "7.5"),
    "effort-negative": set_cell(9, "effort", "-1"),
    "effort-spaced": set_cell(9, "effort", " 7"),
    "rep-status-ok": set_cell(10, "rep_status", "ok"),
    "rep-status-case": set_cell(10, "rep_status", "Done"),
    "rep-start-feb-30": set_cell(11, "rep_start", "2026-02-30T07:00:00.000+01:00"),
    "rep-start-no-offset": set_cell(11, "rep_start", "2026-03-04T07:00:00.000"),
    "rep-start-offset-seconds": set_cell(11, "rep_start", "2026-03-04T07:00:00.000+01:00:30"),
    "rep-start-empty": set_cell(11, "rep_start", ""),
    "rep-start-words": set_cell(11, "rep_start", "yesterday morning, early, " * 3),
    "walk-down-empty": set_cell(13, "walk_down", ""),
    "walk-down-case": set_cell(13, "walk_down", "Manual"),
    "session-id-empty": set_session_cell(2, "session_id", ""),
    "session-id-blank": set_session_cell(2, "session_id", "   "),
    "session-id-long": set_session_cell(2, "session_id", "i" * 101),
    "session-start-bad": set_session_cell(2, "session_start", "2026-13-01T07:00:00.000+01:00"),
    "plan-empty": set_session_cell(3, "plan", ""),
    "plan-spaces": set_session_cell(3, "plan", " Uphill "),
    "plan-long": set_session_cell(3, "plan", "p" * 101),
    "hill-long": set_session_cell(4, "hill", "h" * 201),
    "session-in-progress": set_session_cell(4, "session_status", "in_progress"),
    "session-effort-eleven": set_session_cell(5, "session_effort", "11"),
    "session-load-text": set_session_cell(5, "session_load", "lots"),
    "session-load-negative": set_session_cell(5, "session_load", "-3"),
    "notes-long": set_session_cell(6, "notes", "n" * 20_001),
    "session-end-before-start": set_session_cell(6, "session_end", "2020-01-01T00:00:00.000Z"),
    "session-end-empty": set_session_cell(6, "session_end", ""),
    "duration-over-a-day": set_session_cell(7, "duration_s", "86400.5"),
    "duration-empty": set_session_cell(7, "duration_s", ""),
    "session-errors-together": _several_session_errors,
    "differs-later": edit_rows(_differs_later),
    "duplicate-rep": edit_rows(_duplicate_rep),
    "missing-rep": edit_rows(_drop_rep),
    "reps-from-two": edit_rows(_renumber_from_two),
    "repless-row-among-reps": edit_rows(_repless_row_among_reps),
    "repless-row-with-a-cell": edit_rows(_repless_row_with_a_cell),
    "second-repless-row": edit_rows(_second_repless_row),
    "rep-before-repless-row": edit_rows(_rep_row_before_repless),
    "errors-everywhere": edit_rows(_errors_everywhere),
    "after-the-line-break": _after_the_line_break,
}


def _efforts_ten_and_empty(rows: list[list[str]]) -> None:
    for i, row in enumerate(rows[1:30]):
        row[COL["effort"]] = "10" if i % 2 else ""


def _lf_and_blank_lines(data: bytes) -> bytes:
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    return b"\n\n".join(lines[:40]) + b"\n" + b"\n".join(lines[40:]) + b"\n\n"


def _shuffled_rows(data: bytes) -> bytes:
    rows = rows_of(data)
    body = rows[1:]
    return bytes_of([rows[0], *body[1::2], *body[::2][::-1]])


def _unquoted_to_quoted(data: bytes) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows_of(data))
    return out.getvalue().encode("utf-8")


GOOD_CASES: dict[str, Callable[[bytes], bytes]] = {
    "nul-in-notes": set_session_cell(3, "notes", "a\x00b"),
    "plan-protected-blank": set_session_cell(3, "plan", "'"),
    "effort-padded": set_cell(9, "effort", "07"),
    "as-exported": lambda data: data,
    "bom": lambda data: codecs.BOM_UTF8 + data,
    "lf-and-blank-lines": _lf_and_blank_lines,
    "cr-only": lambda data: data.replace(b"\r\n", b"\r"),
    "shuffled-rows": _shuffled_rows,
    "all-quoted": _unquoted_to_quoted,
    "no-final-line-end": lambda data: data[:-2],
    "z-offset-and-space": set_cell(4, "rep_start", "2026-02-20 07:00:00Z"),
    "minus-zero-offset": set_cell(4, "rep_start", "2026-02-20T07:00:00.000-00:00"),
    "seconds-without-millis": set_cell(4, "rep_start", "2026-02-20T07:00:00+01:00"),
    "minus-zero-recovery": set_cell(5, "recovery_s", "-0"),
    "many-decimals": set_cell(5, "sprint_s", "10.123456789"),
    "leading-zeros": set_cell(5, "sprint_s", "0010.50"),
    "effort-ten-and-empty": edit_rows(_efforts_ten_and_empty),
    "plan-with-inner-spaces": set_session_cell(2, "plan", "My  plan"),
    "hill-empty-and-protected": set_session_cell(3, "hill", "'-steep"),
}


def database_digest(conn: sqlite3.Connection) -> str:
    """What an import wrote, as one hash: every session and rep column, in key order."""
    digest = hashlib.sha256()
    for table, order in (("sessions", "id"), ("reps", "session_id, number")):
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
            digest.update(repr(row).encode())
    return digest.hexdigest()[:16]
