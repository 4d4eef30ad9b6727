"""The fast paths of CSV import and export say exactly what the careful ones say.

- The column reader (`csv_columns`) either refuses a file or returns what the row-by-row reader
  returns for it, value for value; it refuses every spoilt file of csv_samples.
- Its plain split gives the csv module's cells; a timestamp it keeps as written is what the
  row-by-row reader's `iso` would give back.
- Multi-row INSERTs and their batches write the same database whatever the batch sizes.
- Export reads reps in storage order but writes them by number.
- Both report progress (rows done, rows total) for a window's progress bar.
"""

from __future__ import annotations

import csv
import io
import uuid
from contextlib import closing
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from csv_samples import (
    BAD_CASES,
    GOOD_CASES,
    SAMPLE,
    build_sample,
    database_digest,
    sequential_ids,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hillsprint.core.clock import iso
from hillsprint.core.records import RepRecord, RepStatus, SessionStatus
from hillsprint.storage import csv_import
from hillsprint.storage.csv_cells import STAMP_PATTERN
from hillsprint.storage.csv_columns import _plain_columns, read_columns
from hillsprint.storage.csv_export import export_csv, write_csv
from hillsprint.storage.csv_format import REPS_COLUMNS
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.csv_reading import CsvImportError, _as_imported, read_rows
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository

HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def careful(text: str):
    """What the row-by-row reader makes of `text`: the rows, or None when it refuses."""
    try:
        return _as_imported(read_rows(text, "in.csv"))
    except CsvImportError:
        return None


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_bytes().decode("utf-8")


def test_the_sample_takes_the_column_path(sample_text: str) -> None:
    fast = read_columns(sample_text)
    assert fast is not None and fast == careful(sample_text)
    assert len(fast.sessions) == 22 and len(fast.reps[0]) == 189


def test_a_plain_file_takes_the_column_path(sample_text: str) -> None:
    """The sample has quoted cells (csv module); without them, str.split does the parsing."""
    rows = list(csv.reader(io.StringIO(sample_text, newline="")))
    plain = [row for row in rows if not any(c in cell for cell in row for c in ',"\r\n')]
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(plain)
    text = out.getvalue()
    assert '"' not in text and _plain_columns(text) is not None
    fast = read_columns(text)
    assert fast is not None and fast == careful(text)


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_the_column_path_refuses_every_spoilt_file(case: str, sample_text: str) -> None:
    try:
        text = BAD_CASES[case](SAMPLE.read_bytes()).decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # refused before either reader
    assert read_columns(text) is None


@pytest.mark.parametrize("case", sorted(GOOD_CASES))
def test_the_column_path_agrees_on_edited_files(case: str) -> None:
    text = GOOD_CASES[case](SAMPLE.read_bytes()).decode("utf-8-sig")
    fast = read_columns(text)
    assert fast is None or fast == careful(text)


@st.composite
def edited(draw) -> str:
    """The sample with a few cells or characters changed, as a text."""
    text = SAMPLE.read_bytes().decode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text) - 1))
        piece = draw(
            st.sampled_from(["", ",", "\r\n", "\n", "\r", '"', "0", "1", "-", ".", "9" * 6, " "])
            | st.text(max_size=4)
        )
        cut = draw(st.integers(0, 3))
        text = text[:at] + piece + text[at + cut :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=HEALTH)
@given(edited())
def test_the_column_path_never_disagrees(text: str) -> None:
    fast = read_columns(text)
    if fast is not None:
        assert fast == careful(text)


@st.composite
def plain_texts(draw) -> str:
    """Rows of 19 cells (mostly), joined by CRLF, LF or CR, with blank lines and strays."""
    cells = st.text(alphabet="ab'\t= \x00", max_size=3)
    rows = draw(st.lists(st.lists(cells, min_size=18, max_size=20), max_size=5))
    lines = [",".join(REPS_COLUMNS)] + [",".join(row) for row in rows]
    text = ""
    for line in lines:
        text += line + draw(st.sampled_from(["\r\n", "\r\n", "\n", "\r", "\r\n\r\n", ""]))
    return text


@settings(max_examples=400, deadline=None)
@given(plain_texts())
def test_the_plain_split_gives_the_csv_modules_cells(text: str) -> None:
    columns = _plain_columns(text)
    if columns is None:
        return
    rows = [row for row in csv.reader(io.StringIO(text, newline="")) if row][1:]
    assert [list(row) for row in zip(*columns, strict=True)] == rows


@settings(max_examples=500, deadline=None)
@given(st.from_regex(STAMP_PATTERN, fullmatch=True))
def test_a_canonical_timestamp_is_what_iso_gives_back(text: str) -> None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return  # no such day: the column reader checks the day and refuses
    assert iso(moment) == text


# -- writing -----------------------------------------------------------------------------------


def imported_digest(path: Path, folder: Path, **kw) -> str:
    with closing(open_database(folder / "db.sqlite3")) as conn:
        import_csv(conn, path, **kw)
        return database_digest(conn)


def test_batch_sizes_do_not_change_what_is_written(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    whole = imported_digest(SAMPLE, tmp_path / "a")
    monkeypatch.setattr(csv_import, "ROWS_PER_INSERT", 7)
    monkeypatch.setattr(csv_import, "PROGRESS_EVERY", 30)
    calls: list[tuple[int, int]] = []
    assert imported_digest(SAMPLE, tmp_path / "b", progress=lambda *a: calls.append(a)) == whole
    assert calls[0] == (0, 189) and calls[-1] == (189, 189)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert len(calls) == 1 + -(-189 // 30)


def test_sessions_already_present_are_skipped_with_their_reps(tmp_path: Path) -> None:
    with closing(open_database(tmp_path / "db.sqlite3")) as conn:
        first = import_csv(conn, SAMPLE)
        conn.execute("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions LIMIT 5)")
        again = import_csv(conn, SAMPLE)
        assert (first.sessions, again.sessions, again.skipped) == (22, 5, 17)
        assert conn.execute("SELECT count(*) FROM reps").fetchone()[0] == 189
        (tmp_path / "again").mkdir()
        assert database_digest(conn) == imported_digest(SAMPLE, tmp_path / "again")


def test_import_progress_of_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(SAMPLE.read_bytes().split(b"\r\n")[0] + b"\r\n")
    calls: list[tuple[int, int]] = []
    with closing(open_database(tmp_path / "db.sqlite3")) as conn:
        assert import_csv(conn, path, progress=lambda *a: calls.append(a)).reps == 0
    assert calls == [(0, 0)]


# -- export ------------------------------------------------------------------------------------


def test_reps_stored_out_of_order_are_exported_by_number(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(uuid, "uuid4", sequential_ids())
    with closing(open_database(tmp_path / "db.sqlite3")) as conn:
        build_sample(SessionRepository(conn))
        in_order = io.StringIO(newline="")
        write_csv(conn, in_order)
        # The third session's reps rewritten last-first: storage order is now 10, 9, ..., 1.
        sid = conn.execute("SELECT id FROM sessions ORDER BY started_at LIMIT 1 OFFSET 2")
        sid = sid.fetchone()[0]
        reps = conn.execute("SELECT * FROM reps WHERE session_id = ?", (sid,)).fetchall()
        conn.execute("DELETE FROM reps WHERE session_id = ?", (sid,))
        conn.executemany(f"INSERT INTO reps VALUES ({', '.join('?' * 10)})", reversed(reps))
        shuffled = io.StringIO(newline="")
        write_csv(conn, shuffled)
    assert len(reps) > 2
    assert shuffled.getvalue() == in_order.getvalue() == SAMPLE.read_bytes().decode("utf-8")


def test_a_gap_in_the_rep_numbers_is_exported_in_order(repo, plan, tmp_path: Path) -> None:
    sid = repo.start_session(plan, "2026-05-04T07:00:00.000+02:00")
    for number in (3, 1):
        repo.record_rep(
            sid,
            RepRecord(
                number,
                f"2026-05-04T07:1{number}:00.000+02:00",
                10,
                10.5,
                None,
                None,
                False,
                RepStatus.DONE,
            ),
        )
    repo.finish_session(sid, SessionStatus.ENDED_EARLY, "2026-05-04T07:30:00.000+02:00", 900.0)
    out = io.StringIO(newline="")
    assert write_csv(repo.connection, out) == 2
    assert [row[4] for row in csv.reader(io.StringIO(out.getvalue()))][1:] == ["1", "3"]


@pytest.mark.parametrize(("level", "rows"), [("reps", 190), ("sessions", 22)])
def test_export_progress(tmp_path: Path, monkeypatch, level: str, rows: int) -> None:
    from hillsprint.storage import csv_export

    monkeypatch.setattr(csv_export, "ROWS_PER_WRITE", 50)
    with closing(open_database(tmp_path / "db.sqlite3")) as conn:
        import_csv(conn, SAMPLE)
        calls: list[tuple[int, int]] = []
        written = export_csv(conn, tmp_path / "out.csv", level, progress=lambda *a: calls.append(a))
    assert written == rows
    assert calls[0] == (0, rows) and calls[-1] == (rows, rows)
    steps = [b[0] - a[0] for a, b in pairwise(calls)]
    assert all(step >= 50 for step in steps[:-1])
    assert len(calls) >= 2 + (rows - 1) // 60


def test_the_store_passes_progress_on(tmp_path: Path) -> None:
    from hillsprint.storage.store import Store

    with closing(open_database(tmp_path / "db.sqlite3")) as conn:
        store = Store(conn, database=tmp_path / "db.sqlite3", backups_dir=tmp_path / "backups")
        imported: list[tuple[int, int]] = []
        exported: list[tuple[int, int]] = []
        assert store.import_csv(SAMPLE, progress=lambda *a: imported.append(a)).reps == 189
        assert store.export_csv(tmp_path / "o.csv", progress=lambda *a: exported.append(a)) == 190
    assert imported[-1] == (189, 189) and exported[-1] == (190, 190)
