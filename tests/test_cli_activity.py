"""`hillsprint export --format fit|tcx` as a user meets it: real processes, real files, and the
storage functions behind it (choosing sessions, naming files, refusing what cannot be done)."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from activity_readers import garmin_read, validate_tcx
from activity_support import BERLIN, ZonedClock, run_session, store_run
from cli_support import assert_one_line_error, hillsprint

from hillsprint.core.hill import Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.activity_export import (
    ActivityExportError,
    export_sessions,
    file_name,
    find_sessions,
    safe_name,
)
from hillsprint.storage.database import open_database
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.repository import SessionRepository

PLAN = Plan(
    name="Classic 2x10 / test",
    reps=(RepSpec(10, 30), RepSpec(10, 30)),
    warmup_s=20,
    get_ready_s=5,
    cooldown_s=10,
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data dir with two sessions (one on a measured hill) and one still in progress."""
    folder = tmp_path / "data"
    folder.mkdir()
    with closing(open_database(folder / "hillsprint.sqlite3")) as conn:
        repo = SessionRepository(conn)
        HillLibrary(conn).add(Hill("Kapellenberg", length_m=120.0, gradient_pct=8.0))
        run = run_session(PLAN, [], efforts={1: 6, 2: 8})
        store_run(repo, run, hill="kapellenberg", session_rpe=7, notes="good")
        two_days_on = ZonedClock(datetime(2026, 5, 6, 7, 0, 0, 500000, tzinfo=BERLIN))
        later = run_session(PLAN, [30, "end"], clock=two_days_on)
        store_run(repo, later)
        repo.start_session(PLAN, "2026-05-07T07:00:00.000+02:00")
    return folder


def ids(folder: Path) -> list[str]:
    with closing(open_database(folder / "hillsprint.sqlite3")) as conn:
        return [s.id for s in find_sessions(conn)]


def test_one_session_to_a_fit_file(data: Path, tmp_path: Path) -> None:
    first = ids(data)[0]
    out = tmp_path / "run.fit"
    result = hillsprint(
        "--data-dir",
        str(data),
        "export",
        "--format",
        "fit",
        "--out",
        str(out),
        "--session",
        first[:8],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    fit = garmin_read(out.read_bytes())
    (session,) = fit["session"]
    assert session["workout_rpe"] == 70 and session["hill"] == "kapellenberg"
    assert [lap.get("effort") for lap in fit["lap"] if "effort" in lap] == [6, 8]
    assert session["total_distance"] == pytest.approx(240.0)  # the library's hill, by name


def test_a_date_range_to_a_folder_of_tcx_files(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "logs"
    result = hillsprint(
        "--data-dir",
        str(data),
        "export",
        "--format",
        "tcx",
        "--out",
        str(out),
        "--from",
        "2026-05-01",
        "--to",
        "2026-05-31",
    )
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    # the session still in progress is left out, as in the CSV export
    assert [f.name for f in files] == [
        "2026-05-04_0700_Classic-2x10-test.tcx",
        "2026-05-06_0700_Classic-2x10-test.tcx",
    ]
    for f in files:
        validate_tcx(f.read_bytes())
    assert "exported 2 sessions as TCX" in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--session", "abc"], "too short"),
        (["--session", "ffffffffff"], "no session with id"),
        (["--level", "sessions"], "--level applies to the CSV export only"),
        (["--session", "abcdef", "--from", "2026-01-01"], "either --session or --from/--to"),
        (["--from", "2026-06-01", "--to", "2026-05-01"], "is after"),
        (["--from", "2030-01-01"], "no finished session to export"),
    ],
)
def test_refusals_are_one_line(data: Path, tmp_path: Path, args, needle) -> None:
    result = hillsprint(
        "--data-dir",
        str(data),
        "export",
        "--format",
        "fit",
        "--out",
        str(tmp_path / "x.fit"),
        *args,
    )
    assert_one_line_error(result, 1, needle)


def test_a_session_in_progress_is_refused_by_id(data: Path, tmp_path: Path) -> None:
    with closing(open_database(data / "hillsprint.sqlite3")) as conn:
        (open_one,) = SessionRepository(conn).in_progress_sessions()
    result = hillsprint(
        "--data-dir",
        str(data),
        "export",
        "--format",
        "tcx",
        "--out",
        str(tmp_path / "x.tcx"),
        "--session",
        open_one.id,
    )
    assert_one_line_error(result, 1, "still in progress")


def test_several_sessions_need_a_folder_and_an_existing_parent(data: Path, tmp_path: Path):
    several = hillsprint(
        "--data-dir", str(data), "export", "--format", "fit", "--out", str(tmp_path / "all.fit")
    )
    assert_one_line_error(several, 1, "give a folder")
    nowhere = hillsprint(
        "--data-dir",
        str(data),
        "export",
        "--format",
        "fit",
        "--out",
        str(tmp_path / "missing" / "deeper"),
    )
    assert_one_line_error(nowhere, 1, "does not exist")


def test_csv_stays_the_default_and_refuses_session(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "reps.csv"
    result = hillsprint("--data-dir", str(data), "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("session_id")
    refused = hillsprint(
        "--data-dir", str(data), "export", "--out", str(out), "--session", "abcdef"
    )
    assert_one_line_error(refused, 1, "--session applies to --format fit or tcx")


def test_same_minute_same_plan_files_do_not_overwrite_each_other(data: Path, tmp_path: Path):
    with closing(open_database(data / "hillsprint.sqlite3")) as conn:
        sessions = find_sessions(conn)
        twice = [sessions[0], sessions[0]]
        written = export_sessions(conn, twice, tmp_path / "out", "fit")
        assert [w.path.name for w in written] == [
            "2026-05-04_0700_Classic-2x10-test.fit",
            "2026-05-04_0700_Classic-2x10-test_2.fit",
        ]
        assert written[0].path.read_bytes() == written[1].path.read_bytes()
        with pytest.raises(ActivityExportError, match="unknown format"):
            export_sessions(conn, sessions, tmp_path / "out", "gpx")
        assert file_name(sessions[0], "tcx").endswith(".tcx")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Classic 8x10", "Classic-8x10"),
        ("../../etc/passwd", "etcpasswd"),
        ("Côte  d'Azur 5×20", "Côte-dAzur-520"),
        ("   ", "session"),
        (".hidden", "hidden"),
        ("a" * 100, "a" * 60),
    ],
)
def test_safe_names(name: str, expected: str) -> None:
    assert safe_name(name) == expected
