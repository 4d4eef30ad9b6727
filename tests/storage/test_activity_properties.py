"""Hypothesis: any session the app can store -- pauses, skips, manual walk-downs, a sleeping
laptop, no efforts, ended early, a change of summer time in the middle -- exports to a FIT file
both decoders read without a problem and a TCX file that passes the schema and tcxreader, with
the same laps in both and the efforts where they belong."""

from __future__ import annotations

import itertools
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

from activity_readers import fitdecode_read, garmin_read, tcx_laps, tcxreader_read, validate_tcx
from activity_support import BERLIN, ZonedClock, run_session, store_run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hillsprint.core.activity_laps import LapKind
from hillsprint.core.hill import Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.activity_export import encode, find_sessions, session_activity
from hillsprint.storage.database import open_database
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.repository import SessionRepository

# Starts around Berlin's changes to and from summer time, and an ordinary morning.
STARTS = [
    datetime(2026, 3, 29, 1, 58, tzinfo=BERLIN),
    datetime(2026, 10, 25, 2, 58, fold=0, tzinfo=BERLIN),
    datetime(2026, 5, 4, 7, 0, tzinfo=BERLIN),
]

reps = st.builds(
    RepSpec,
    sprint_s=st.integers(1, 20).map(float),
    recovery_s=st.integers(1, 40).map(float),
    manual=st.booleans(),
)
plans = st.builds(
    Plan,
    name=st.text(min_size=1, max_size=30).filter(str.strip),
    reps=st.lists(reps, min_size=1, max_size=4).map(tuple),
    warmup_s=st.integers(0, 20).map(float),
    get_ready_s=st.integers(1, 5).map(float),
    cooldown_s=st.integers(0, 20).map(float),
)
steps = st.one_of(
    st.integers(0, 30_000).map(lambda ms: ms / 1000),
    st.sampled_from(["pause", "resume", "skip", "advance", "end", "add_time"]),
    st.tuples(st.just("suspend"), st.integers(1, 600).map(float)),
)
hills = st.one_of(
    st.none(),
    st.just(Hill("Name only")),
    st.builds(
        Hill,
        name=st.just("Measured"),
        length_m=st.floats(10, 2000),
        gradient_pct=st.one_of(st.none(), st.floats(0.5, 40)),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=plans,
    script=st.lists(steps, max_size=25),
    start=st.sampled_from(STARTS),
    start_ms=st.integers(0, 999),
    efforts=st.dictionaries(st.integers(1, 4), st.integers(0, 10)),
    session_rpe=st.one_of(st.none(), st.integers(0, 10)),
    notes=st.text(max_size=400),
    hill=hills,
)
def test_any_stored_session_exports_to_valid_files(
    plan, script, start, start_ms, efforts, session_rpe, notes, hill
) -> None:
    clock = ZonedClock(start.replace(microsecond=start_ms * 1000))
    run = run_session(plan, script, efforts=efforts, clock=clock, final_wait_s=300.0)
    with (
        tempfile.TemporaryDirectory() as folder,
        closing(open_database(Path(folder) / "db.sqlite3")) as conn,
    ):
        repo = SessionRepository(conn)
        if hill is not None:
            HillLibrary(conn).add(hill)
        session_id = store_run(
            repo, run, hill=hill.name if hill else None, session_rpe=session_rpe, notes=notes
        )
        (session,) = find_sessions(conn, session_ids=[session_id])
        activity = session_activity(conn, session)
        fit = encode(activity, "fit", serial=session_id)
        tcx = encode(activity, "tcx")

        laps = activity.laps
        assert laps[0].start_ms == 0 and laps[-1].end_ms == activity.end_ms
        assert all(a.end_ms == b.start_ms for a, b in itertools.pairwise(laps))
        assert all(0 <= lap.timer_ms <= lap.elapsed_ms for lap in laps)
        sprints = [lap for lap in laps if lap.kind is LapKind.SPRINT]
        assert [lap.rep for lap in sprints] == [rep.number for rep in run.reps]

        for read in (garmin_read, fitdecode_read):
            decoded = read(fit)
            assert len(decoded["lap"]) == len(laps)
            for lap, read_lap in zip(laps, decoded["lap"], strict=True):
                assert round(read_lap["total_elapsed_time"] * 1000) == lap.elapsed_ms
                assert round(read_lap["total_timer_time"] * 1000) == lap.timer_ms
                if lap.kind is LapKind.SPRINT:
                    assert read_lap.get("effort") == efforts.get(lap.rep)
                else:
                    assert "effort" not in read_lap
            (read_session,) = decoded["session"]
            expected_rpe = None if session_rpe is None else session_rpe * 10
            assert read_session.get("workout_rpe") == expected_rpe

        validate_tcx(tcx)
        read_tcx = tcx_laps(tcx)
        assert [lap["start"] for lap in read_tcx] == [activity.at(lap.start_ms) for lap in laps]
        exercise = tcxreader_read(tcx, Path(folder))
        assert len(exercise.laps) == len(laps)
