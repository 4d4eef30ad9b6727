"""CSV export: reps or sessions, one row each, in the format of `csv_format`.

A session without any rep gets one row with the rep columns empty. Sessions still in progress are
not exported; the action log (pauses, skips) is not exported. The file is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from hillsprint.storage.atomic_file import write_atomically
from hillsprint.storage.csv_format import (
    LEVELS,
    LINE_END,
    REPS_COLUMNS,
    SESSIONS_COLUMNS,
    NumberCells,
    csv_cell,
    exported_seconds,
    format_number,
    int_cell,
    load_cell,
    os_error_text,
    protect,
)


class ExportError(Exception):
    """The export file cannot be written; the one-line message names it and says why."""


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
    SELECT session_id, number, sprint_planned_s, sprint_s, recovery_planned_s, recovery_s, effort,
           status, started_at, recovery_manual
    FROM reps
"""  # one plain scan, in storage order: faster than walking the (session_id, number) index


_ONE_SESSION_REPS_QUERY = _REPS_TABLE_QUERY + " WHERE session_id = ? ORDER BY number"


_EFFORT_CELLS = {None: ""} | {n: str(n) for n in range(11)}


_WALK_CELLS = (",timed", ",manual")  # by recovery_manual


def rep_blocks(
    conn: sqlite3.Connection, date_from: date | None = None, date_to: date | None = None
) -> list[list[str]]:
    """The reps format: for each session, in export order, its finished CSV lines (with CRLF).

    Built by hand rather than with csv.writer: only the session's text cells can need quoting
    or protection, and they are encoded once per session; a rep line is one f-string of cells
    from caches (numbers repeat). Reps are read in storage order, which is their number order
    whenever they were written rep after rep; a session whose reps come otherwise is read again
    in order. 100,000 reps take about a third of a second.
    """
    where, params = _date_filter(date_from, date_to)
    # Each session's cells around the rep columns, encoded once: (head, middle, tail, lines).
    parts: dict[str, tuple[str, str, str, list[str]]] = {}
    text = _TextCells()  # plans, hills and notes repeat
    for sid, start, plan, hill, status, rpe, notes, end, duration in conn.execute(
        _REPS_SESSIONS_QUERY.format(where=where), params
    ):
        parts[sid] = (
            f"{csv_cell(sid)},{start},{text[plan]},{text[hill or '']},",
            f",{status},{'' if rpe is None else rpe},{load_cell(rpe, duration)},{text[notes]},",
            f",{end or ''},{format_number(duration)}{LINE_END}",
            [],
        )
    cell = NumberCells()
    unordered = _add_rep_lines(conn.execute(_REPS_TABLE_QUERY), parts, cell)
    for sid in unordered:
        parts[sid][3].clear()
        _add_rep_lines(conn.execute(_ONE_SESSION_REPS_QUERY, (sid,)), parts, cell)
    blocks = []
    for head, middle, tail, lines in parts.values():
        blocks.append(lines or [f"{head},,,,,,{middle},{tail}"])  # no reps: rep columns empty
    return blocks


class _TextCells(dict):
    """csv_cell with a memory."""

    def __missing__(self, text: str) -> str:
        cell = self[text] = csv_cell(text)
        return cell


def _add_rep_lines(rows, parts: dict, cell: NumberCells) -> set[str]:
    """Append each rep's line to its session's lines; returns the sessions whose reps did not
    come as 1, 2, 3, ... (they must be read again in order)."""
    unordered = set()
    effort_cells, walk_cells = _EFFORT_CELLS, _WALK_CELLS
    for sid, n, sp, s, rp, r, effort, status, start, manual in rows:
        part = parts.get(sid)
        if part is None:
            continue  # in progress, or outside the dates
        head, middle, tail, lines = part
        if n != len(lines) + 1:
            unordered.add(sid)
        lines.append(
            f"{head}{n},{cell[sp]},{cell[s]},{cell[rp]},{cell[r]},{effort_cells[effort]},{status}"
            f"{middle}{start}{walk_cells[manual]}{tail}"
        )
    return unordered


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
            int_cell(top),
            int_cell(rpe),
            format_number(None if duration is None else exported_seconds(duration) / 60.0, 2),
            load_cell(rpe, duration),
            status,
            protect(notes),
        ]


Progress = Callable[[int, int], object]  # (rows written, rows to write)


ROWS_PER_WRITE = 4096


def write_csv(
    conn: sqlite3.Connection,
    stream: io.TextIOBase,
    level: str = "reps",
    date_from: date | None = None,
    date_to: date | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the header and the rows to an open text stream (newline=''); returns the rows.

    `progress(done, total)`, if given, is called with the rows written and the rows to write
    once they are known, then after every ROWS_PER_WRITE or so and at the end. It runs in the
    exporting thread."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    if level == "reps":
        stream.write(",".join(REPS_COLUMNS) + LINE_END)
        blocks = rep_blocks(conn, date_from, date_to)
    else:
        stream.write(",".join(SESSIONS_COLUMNS) + LINE_END)
        lines = _Lines()
        csv.writer(lines, lineterminator=LINE_END).writerows(session_rows(conn, date_from, date_to))
        blocks = [[line] for line in lines]
    total = sum(map(len, blocks))
    return _write_blocks(stream, blocks, total, progress or (lambda done, total: None))


def _write_blocks(stream, blocks: list[list[str]], total: int, progress: Progress) -> int:
    done = 0
    progress(done, total)
    chunk: list[str] = []
    for lines in blocks:
        chunk += lines
        if len(chunk) >= ROWS_PER_WRITE:
            stream.write("".join(chunk))
            done += len(chunk)
            chunk = []
            progress(done, total)
    if chunk:
        stream.write("".join(chunk))
        done += len(chunk)
        progress(done, total)
    return done


class _Lines(list):
    """A stream for csv.writer that keeps each row's line (the writer writes a row at once)."""

    write = list.append


def export_csv(
    conn: sqlite3.Connection,
    out: str | os.PathLike,
    level: str = "reps",
    date_from: date | None = None,
    date_to: date | None = None,
    progress: Progress | None = None,
) -> int:
    """Export to the file `out`; returns the number of data rows (`progress`: see write_csv).

    A regular file is written under a temporary name in the same folder and renamed into place
    when complete, so a failure (full disk, no permission) leaves no partial file and keeps an
    older file of that name intact. A device or pipe (/dev/stdout) is written directly.
    Every failure is an `ExportError` with one line naming the file.
    """
    out = Path(out)

    def write(stream) -> int:
        return write_csv(conn, stream, level, date_from, date_to, progress)

    if out.is_dir():
        raise ExportError(f"cannot export to {out}: it is a folder, not a file")
    if out.exists() and not out.is_file():
        return _export_direct(out, write)
    folder = out.parent
    if not folder.is_dir():
        raise ExportError(f"cannot export to {out}: folder {folder} does not exist")
    try:
        return write_atomically(out, write)
    except OSError as exc:
        raise ExportError(
            f"cannot export to {out}: {os_error_text(exc)}; nothing was written"
        ) from None


def _export_direct(out: Path, write: Callable[[io.TextIOBase], int]) -> int:
    try:
        with out.open("w", encoding="utf-8", newline="") as stream:
            return write(stream)
    except OSError as exc:
        raise ExportError(f"cannot export to {out}: {os_error_text(exc)}") from None
