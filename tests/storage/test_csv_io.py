"""CSV export and import: the format, the round trip, validation and safe writing."""

from __future__ import annotations

import csv
import errno
import io
import os
import sqlite3
from pathlib import Path

import pytest

from hillsprint.core.load import session_load
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus, SessionStatus
from hillsprint.storage import csv_export, csv_reading
from hillsprint.storage.csv_export import ExportError, export_csv
from hillsprint.storage.csv_format import (
    REPS_COLUMNS,
    SESSIONS_COLUMNS,
    format_number,
    protect,
    unprotect,
)
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.csv_reading import CsvImportError
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import DEFAULT_UNTIL, fill_history


def add_session(
    repo: SessionRepository,
    plan: Plan,
    *,
    start: str = "2026-05-04T07:00:00.000+02:00",
    reps: int | None = None,
    hill: str | None = "Kirchberg",
    notes: str = "",
    rpe: int | None = 7,
    status: SessionStatus = SessionStatus.COMPLETED,
) -> str:
    sid = repo.start_session(plan, start, hill=hill)
    count = plan.rep_count if reps is None else reps
    for number in range(1, count + 1):
        spec = plan.reps[number - 1]
        last = number == count
        repo.record_rep(
            sid,
            RepRecord(
                number=number,
                started_at=f"2026-05-04T07:{10 + number:02d}:00.000+02:00",
                sprint_planned_s=spec.sprint_s,
                sprint_s=spec.sprint_s + 0.123456,
                recovery_planned_s=None if last else spec.recovery_s,
                recovery_s=None if last else spec.recovery_s + 1.5,
                recovery_manual=spec.manual,
                status=RepStatus.DONE if number != 2 else RepStatus.SKIPPED,
            ),
        )
        if number != 3:
            repo.set_rep_effort(sid, number, min(10, 5 + number))
    if status is not SessionStatus.IN_PROGRESS:
        repo.finish_session(
            sid, status, "2026-05-04T07:40:00.000+02:00", 1500.25, session_rpe=rpe, notes=notes
        )
    return sid


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def other(tmp_path: Path):
    """A second, empty database (another data dir)."""
    (tmp_path / "other").mkdir()
    conn = open_database(tmp_path / "other" / "hillsprint.sqlite3")
    try:
        yield conn
    finally:
        conn.close()


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- the format -------------------------------------------------------------------------------


def test_reps_export_columns_values_and_bytes(repo, plan, tmp_path: Path) -> None:
    sid = add_session(repo, plan, notes='=HYPERLINK("x"), then a comma\nand a line')
    repo.start_session(plan, "2026-05-05T07:00:00.000+02:00")  # in progress: not exported
    out = tmp_path / "reps.csv"
    assert export_csv(repo.connection, out) == 3
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.startswith(",".join(REPS_COLUMNS).encode() + b"\r\n")
    assert raw.count(b"\r\n") == 4  # header and three rows; the notes hold a bare "\n"
    assert raw.count(b"\n") == 4 + 3
    rows = read_rows(out)
    assert list(rows[0]) == list(REPS_COLUMNS)
    assert REPS_COLUMNS[:15] == (
        "session_id", "session_start", "plan", "hill", "rep", "sprint_planned_s", "sprint_s",
        "recovery_planned_s", "recovery_s", "effort", "rep_status", "session_status",
        "session_effort", "session_load", "notes",
    )  # fmt: skip
    first, second, third = rows
    assert first["session_id"] == sid
    assert first["session_start"] == "2026-05-04T07:00:00.000+02:00"
    assert first["plan"] == "Classic 3x10"
    assert (first["rep"], first["sprint_planned_s"], first["sprint_s"]) == ("1", "10", "10.123")
    assert (first["recovery_planned_s"], first["recovery_s"]) == ("120", "121.5")
    assert (first["effort"], first["rep_status"], first["walk_down"]) == ("6", "done", "timed")
    assert second["rep_status"] == "skipped"
    assert third["effort"] == ""  # no effort given: an empty cell
    assert (third["recovery_planned_s"], third["recovery_s"], third["walk_down"]) == (
        "",
        "",
        "manual",
    )
    assert first["session_effort"] == "7"
    assert first["session_load"] == format_number(session_load(7, 1500.25)) == "175.029"
    assert first["duration_s"] == "1500.25"
    assert first["notes"] == '\'=HYPERLINK("x"), then a comma\nand a line'


def test_sessions_export(repo, plan, tmp_path: Path) -> None:
    add_session(repo, plan, reps=2, status=SessionStatus.ENDED_EARLY, hill=None, rpe=None)
    out = tmp_path / "sessions.csv"
    assert export_csv(repo.connection, out, level="sessions") == 1
    [row] = read_rows(out)
    assert list(row) == list(SESSIONS_COLUMNS)
    assert row["reps_planned"] == "3"
    assert row["reps_done"] == "1"  # rep 2 was skipped
    assert (row["mean_effort"], row["max_effort"]) == ("6.5", "7")
    assert (row["session_effort"], row["session_load"], row["hill"]) == ("", "", "")
    assert row["duration_min"] == "25" and row["status"] == "ended_early"
    assert row["session_end"] == "2026-05-04T07:40:00.000+02:00"


def test_date_filter_uses_the_local_start_date(repo, plan, tmp_path: Path) -> None:
    for day in ("2026-05-03", "2026-05-04", "2026-05-05"):
        add_session(repo, plan, start=f"{day}T23:30:00.000+02:00")
    out = tmp_path / "x.csv"
    from datetime import date

    export_csv(repo.connection, out, "sessions", date(2026, 5, 4), date(2026, 5, 5))
    assert [r["session_start"][:10] for r in read_rows(out)] == ["2026-05-04", "2026-05-05"]
    export_csv(repo.connection, out, "sessions", None, date(2026, 5, 3))
    assert len(read_rows(out)) == 1


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+49 170", "'+49 170"),
        ("-5 °C", "'-5 °C"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("''-", "'''-"),
        ("'quoted'", "'quoted'"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_formula_protection_is_reversible(text: str, cell: str) -> None:
    assert protect(text) == cell
    assert unprotect(cell) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (10.0, "10"), (10.25, "10.25"), (0.0004, "0"), (-0.0001, "0"),
     (120.1236, "120.124"),
     (1e-3, "0.001"), (123456789.0, "123456789")],
)  # fmt: skip
def test_number_format(value, text) -> None:
    assert format_number(value) == text


def test_pandas_reads_the_export_with_dates(repo, plan, tmp_path: Path) -> None:
    """One UTC offset in a column: `parse_dates` gives time-zone-aware datetimes. Summer and
    winter offsets mixed: pandas keeps one zone a column, so it leaves the text, and
    `to_datetime(..., utc=True)` (as README says) gives the instants."""
    pd = pytest.importorskip("pandas")
    add_session(repo, plan, notes="-3 °C, icy")
    out = tmp_path / "reps.csv"
    export_csv(repo.connection, out)
    dates = ["session_start", "rep_start", "session_end"]
    frame = pd.read_csv(out, parse_dates=dates)
    assert len(frame) == 3
    for column in dates:
        assert frame[column].dt.tz is not None
    assert frame["session_start"][0] == pd.Timestamp("2026-05-04T05:00:00Z")
    assert frame["sprint_s"].dtype.kind == "f" and frame["effort"].isna().sum() == 1
    assert frame["notes"][0] == "'-3 °C, icy"

    add_session(repo, plan, start="2026-01-10T07:00:00.000+01:00")
    export_csv(repo.connection, out)
    frame = pd.read_csv(out)
    starts = pd.to_datetime(frame["session_start"], utc=True, format="ISO8601")
    assert list(starts.drop_duplicates()) == [
        pd.Timestamp("2026-01-10T06:00:00Z"),
        pd.Timestamp("2026-05-04T05:00:00Z"),
    ]


# -- round trip -------------------------------------------------------------------------------


def test_round_trip_is_byte_identical(repo, other, tmp_path: Path) -> None:
    fill_history(repo, years=0.3, until=DEFAULT_UNTIL)
    plan = Plan('Odd ,"names"', (RepSpec(10, 60, manual=True), RepSpec(12.5, 90)))
    add_session(repo, plan, notes="=cmd|' /C calc'!A0", hill="-hill")
    add_session(repo, plan, reps=0, status=SessionStatus.ENDED_EARLY, notes="no reps at all")
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    export_csv(repo.connection, first)
    result = import_csv(other, first)
    assert result.skipped == 0
    assert result.sessions == count(repo.connection, "sessions")
    assert result.reps == count(repo.connection, "reps")
    export_csv(other, second)
    assert first.read_bytes() == second.read_bytes()
    # Importing again adds nothing.
    again = import_csv(other, first)
    assert (again.sessions, again.reps, again.skipped) == (0, 0, result.sessions)


def test_imported_sessions_read_back_with_a_rebuilt_plan(repo, other, plan, tmp_path: Path):
    sid = add_session(repo, plan)
    empty = add_session(repo, plan, reps=0, status=SessionStatus.ENDED_EARLY)
    out = tmp_path / "x.csv"
    export_csv(repo.connection, out)
    import_csv(other, out)
    imported = SessionRepository(other)
    session = imported.get_session(sid)
    assert session.plan.name == plan.name
    assert session.plan.reps == (RepSpec(10, 120), RepSpec(10, 120), RepSpec(12, 120, manual=True))
    assert session.status is SessionStatus.COMPLETED and session.reps_done == 2
    assert [r.effort for r in imported.reps(sid)] == [6, 7, None]
    assert imported.get_session(empty).plan.rep_count == 1  # a placeholder rep
    assert imported.reps(empty) == []


def test_bom_and_lf_line_ends_are_accepted(repo, other, plan, tmp_path: Path) -> None:
    add_session(repo, plan)
    out = tmp_path / "x.csv"
    export_csv(repo.connection, out)
    changed = tmp_path / "lf.csv"
    changed.write_bytes(b"\xef\xbb\xbf" + out.read_bytes().replace(b"\r\n", b"\n"))
    assert import_csv(other, changed).reps == 3


# -- refusals ---------------------------------------------------------------------------------


def exported(repo, plan, tmp_path: Path) -> list[list[str]]:
    add_session(repo, plan)
    out = tmp_path / "good.csv"
    export_csv(repo.connection, out)
    with out.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return path


def cell(rows, line: int, column: str, value: str) -> None:
    rows[line - 1][REPS_COLUMNS.index(column)] = value


@pytest.mark.parametrize(
    ("line", "column", "value", "needle"),
    [
        (2, "effort", "11", "effort: expected a whole number 0-10"),
        (2, "effort", "7.5", "effort: expected a whole number 0-10"),
        (3, "sprint_s", "10,5", "sprint_s: expected a number"),
        (3, "sprint_s", "nan", "sprint_s: expected a number"),
        (2, "sprint_planned_s", "0", "sprint_planned_s: 0 is out of range"),
        (2, "rep_start", "2026-02-30T07:00:00.000+01:00", "rep_start: not a valid ISO 8601"),
        (2, "rep_start", "2026-05-04T07:00:00.000", "rep_start: '2026-05-04T07:00:00.000' has no"),
        (2, "rep_status", "ok", "rep_status: expected one of done, skipped"),
        (2, "walk_down", "", "walk_down: expected one of timed, manual"),
        (2, "session_status", "in_progress", "session_status: expected one of completed"),
        (3, "plan", "Other plan", "plan: differs from line 2 of the same session"),
        (2, "rep", "0", "rep: expected a rep number 1-99"),
        (3, "rep", "1", "rep: rep 1 of this session is also on line 2"),
        (2, "rep", "5", "lacks rep(s) 1"),
        (2, "session_end", "2026-05-04T06:00:00.000+02:00", "session_end: is before"),
        (2, "session_effort", "-1", "session_effort: expected a whole number"),
    ],
)
def test_bad_cells_are_reported_and_nothing_is_imported(
    repo, other, plan, tmp_path: Path, line, column, value, needle
) -> None:
    rows = exported(repo, plan, tmp_path)
    if column.startswith("session_"):
        for n in range(2, len(rows) + 1):  # session columns must agree on every row
            cell(rows, n, column, value)
    else:
        cell(rows, line, column, value)
    bad = write_rows(tmp_path / "bad.csv", rows)
    with pytest.raises(CsvImportError) as caught:
        import_csv(other, bad)
    assert f"{bad}:{line}: " in str(caught.value)
    assert needle in str(caught.value)
    assert count(other, "sessions") == 0


def test_errors_are_listed_up_to_twenty(repo, other, plan, tmp_path: Path) -> None:
    rows = exported(repo, plan, tmp_path)
    rows += [["x"] * 3 for _ in range(30)]
    bad = write_rows(tmp_path / "bad.csv", rows)
    with pytest.raises(CsvImportError) as caught:
        import_csv(other, bad)
    assert len(caught.value.errors) == 20 and caught.value.total == 30
    assert caught.value.errors[0] == f"{bad}:5: expected 19 columns, found 3"
    assert str(caught.value).endswith("... and 10 more")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", ":1: the file is empty"),
        (b"a,b,c\r\n", ":1: header: expected the reps export columns"),
        (",".join(REPS_COLUMNS).encode() + b"\r\n\xff\xfe\r\n", ":2: not UTF-8 text"),
        (",".join(REPS_COLUMNS).encode() + b'\r\n"unclosed,x\r\n', "not valid CSV"),
    ],
)
def test_unreadable_files(other, tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(CsvImportError, match=needle):
        import_csv(other, path)


def test_huge_field_is_refused(other, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    huge = "x" * (csv_reading.MAX_FIELD_CHARS + 10)
    path.write_text(",".join(REPS_COLUMNS) + "\r\n" + huge + ",a\r\n", encoding="utf-8")
    with pytest.raises(CsvImportError, match="a field is longer than"):
        import_csv(other, path)
    assert csv.field_size_limit() == 131072  # restored


def test_missing_file_and_folder(other, tmp_path: Path) -> None:
    with pytest.raises(CsvImportError, match="no such file"):
        import_csv(other, tmp_path / "nope.csv")
    with pytest.raises(CsvImportError, match="is a folder"):
        import_csv(other, tmp_path)


# -- writing safely ---------------------------------------------------------------------------


def test_export_to_a_folder_is_refused(repo, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        export_csv(repo.connection, tmp_path)


def test_full_disk_leaves_no_partial_file_and_keeps_the_old_one(
    repo, plan, tmp_path: Path, monkeypatch
) -> None:
    add_session(repo, plan)
    out = tmp_path / "out" / "x.csv"
    out.parent.mkdir()
    out.write_text("the previous export")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left on device; nothing was written"):
        export_csv(repo.connection, out)
    assert [p.name for p in out.parent.iterdir()] == ["x.csv"]
    assert out.read_text() == "the previous export"


def test_dev_full_gives_a_clear_error(repo, plan) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    add_session(repo, plan)
    with pytest.raises(ExportError, match="No space left on device"):
        export_csv(repo.connection, Path("/dev/full"))


def test_write_csv_to_a_stream(repo, plan) -> None:
    add_session(repo, plan)
    stream = io.StringIO(newline="")
    assert csv_export.write_csv(repo.connection, stream, "sessions") == 1
    assert stream.getvalue().startswith("session_id,session_start,session_end,")


def test_import_is_one_transaction(repo, other, plan, tmp_path: Path) -> None:
    """A failure half-way through the writes (here: a trigger on the third session's reps)
    leaves nothing behind, not even the sessions inserted before it."""
    sids = [
        add_session(repo, plan, start=f"2026-05-0{day}T07:00:00.000+02:00") for day in (1, 2, 3)
    ]
    out = tmp_path / "x.csv"
    export_csv(repo.connection, out)
    other.execute(
        "CREATE TEMP TRIGGER fail BEFORE INSERT ON reps WHEN NEW.session_id = ? "
        "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END".replace("?", f"'{sids[2]}'")
    )
    with pytest.raises(sqlite3.IntegrityError):
        import_csv(other, out)
    assert count(other, "sessions") == 0 and count(other, "reps") == 0
    assert not other.in_transaction
