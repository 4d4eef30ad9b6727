"""Property-based tests (Hypothesis) for the CSV round trip and for malformed input."""

from __future__ import annotations

import tempfile
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hillsprint.core.clock import iso
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus, SessionStatus
from hillsprint.storage.csv_export import export_csv
from hillsprint.storage.csv_format import protect, unprotect
from hillsprint.storage.csv_import import import_csv
from hillsprint.storage.csv_reading import CsvImportError
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository

# Each example makes its own folder below the test's tmp_path (tempfile.mkdtemp(dir=...)), so
# sharing the function-scoped fixture between examples is safe.
HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
name = text.map(str.strip).filter(bool).map(lambda s: s[:100].strip())
seconds = st.floats(min_value=0, max_value=5000, allow_nan=False)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
moments = st.builds(
    lambda base, tz: base.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 1, 1)),
    offsets,
)
spec = st.builds(
    RepSpec,
    st.floats(min_value=0.5, max_value=600),
    st.floats(min_value=1, max_value=3600),
    st.booleans(),
)


@st.composite
def sessions(draw):
    plan = Plan(draw(name), tuple(draw(st.lists(spec, min_size=1, max_size=4))))
    start = draw(moments)
    reps = []
    for number in range(1, draw(st.integers(0, plan.rep_count)) + 1):
        rep_spec = plan.reps[number - 1]
        last = number == plan.rep_count
        reps.append(
            (
                RepRecord(
                    number=number,
                    started_at=iso(draw(moments)),
                    sprint_planned_s=rep_spec.sprint_s,
                    sprint_s=draw(seconds),
                    recovery_planned_s=None if last else rep_spec.recovery_s,
                    recovery_s=None if last else draw(st.none() | seconds),
                    recovery_manual=rep_spec.manual,
                    status=draw(st.sampled_from(RepStatus)),
                ),
                draw(st.none() | st.integers(0, 10)),
            )
        )
    return {
        "plan": plan,
        "start": iso(start),
        "end": iso(start + timedelta(seconds=draw(seconds))),
        "hill": draw(st.none() | text),
        "notes": draw(text),
        "rpe": draw(st.none() | st.integers(0, 10)),
        "duration": draw(seconds),
        "status": draw(st.sampled_from([SessionStatus.COMPLETED, SessionStatus.ENDED_EARLY])),
        "reps": reps,
    }


def store(repo: SessionRepository, session: dict) -> None:
    sid = repo.start_session(session["plan"], session["start"], hill=session["hill"])
    for rep, effort in session["reps"]:
        repo.record_rep(sid, rep)
        repo.set_rep_effort(sid, rep.number, effort)
    repo.finish_session(
        sid,
        session["status"],
        session["end"],
        session["duration"],
        session_rpe=session["rpe"],
        notes=session["notes"],
    )


@SETTINGS
@given(st.lists(sessions(), max_size=5))
def test_round_trip_of_generated_sessions(tmp_path: Path, generated) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    with (
        closing(open_database(root / "a.sqlite3")) as first,
        closing(open_database(root / "b.sqlite3")) as second,
    ):
        for session in generated:
            store(SessionRepository(first), session)
        export_csv(first, root / "1.csv")
        result = import_csv(second, root / "1.csv")
        assert result.sessions == len(generated)
        export_csv(second, root / "2.csv")
        assert (root / "1.csv").read_bytes() == (root / "2.csv").read_bytes()
        assert import_csv(second, root / "2.csv").skipped == len(generated)


@given(text)
def test_protection_round_trips_any_text(value: str) -> None:
    cell = protect(value)
    assert unprotect(cell) == value
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


GOOD = (
    b"session_id,session_start,plan,hill,rep,sprint_planned_s,sprint_s,recovery_planned_s,"
    b"recovery_s,effort,rep_status,session_status,session_effort,session_load,notes,rep_start,"
    b"walk_down,session_end,duration_s\r\n"
    b"abc,2026-05-04T07:00:00.000+02:00,Uphill,Kirchberg,1,10,10.2,60,61,7,done,completed,8,"
    b"200,,2026-05-04T07:10:00.000+02:00,timed,2026-05-04T07:30:00.000+02:00,1500\r\n"
    b"abc,2026-05-04T07:00:00.000+02:00,Uphill,Kirchberg,2,10,10.1,,,9,done,completed,8,"
    b"200,,2026-05-04T07:11:10.000+02:00,timed,2026-05-04T07:30:00.000+02:00,1500\r\n"
)


@st.composite
def mangled(draw) -> bytes:
    """The good file with a few random edits: bytes replaced, inserted or deleted, a cut,
    a BOM, CRLF turned into LF, bad UTF-8, a huge field, a column more or less."""
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "cut", "bom", "lf", "huge"]))
        at = draw(st.integers(0, len(data)))
        if kind == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=5) | st.sampled_from([b",", b'"']))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 5))]
        elif kind == "cut":
            del data[at:]
        elif kind == "bom":
            data[0:0] = b"\xef\xbb\xbf"
        elif kind == "lf":
            data = bytearray(bytes(data).replace(b"\r\n", b"\n"))
        elif kind == "huge":
            data[at:at] = b"9" * draw(st.sampled_from([5000, 1_100_000]))
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=HEALTH)
@given(mangled())
def test_malformed_input_raises_only_the_import_error_and_writes_nothing(
    tmp_path: Path, data: bytes
) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    (root / "in.csv").write_bytes(data)
    with closing(open_database(root / "db.sqlite3")) as conn:
        before = conn.total_changes
        try:
            result = import_csv(conn, root / "in.csv")
        except CsvImportError as exc:
            assert exc.errors and all(line.startswith(str(root)) for line in exc.errors)
            assert conn.total_changes == before
            assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
        else:  # the edits left a valid file (e.g. only a BOM or LF line ends)
            assert result.sessions <= 1
