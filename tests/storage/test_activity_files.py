"""FIT and TCX files of a session, read back by readers we did not write: Garmin's FIT decoder,
fitdecode, Garmin's TCX schema and tcxreader. Values must survive the trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from activity_readers import (
    fitdecode_read,
    garmin_read,
    tcx_laps,
    tcxreader_read,
    validate_tcx,
)
from activity_support import run_session

from hillsprint import __version__
from hillsprint.core.activity_laps import HillFacts, LapKind, build_activity
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.fit_export import APPLICATION_ID, DEV_FIELDS, MAX_STRING_BYTES, fit_bytes
from hillsprint.storage.tcx_export import tcx_bytes

PLAN = Plan(
    name="Hill 3 × mixed",
    reps=(RepSpec(10, 60), RepSpec(12, 30, manual=True), RepSpec(10.5, 60)),
    warmup_s=30,
    get_ready_s=5,
    cooldown_s=20,
)
# pause 4 s into sprint 1, a manual walk-down after rep 2, efforts on reps 1 and 3 only
SCRIPT = [39, "pause", 20.125, "resume", 200, 3, "advance", 100]
EFFORTS = {1: 5, 3: 9}
HILL = HillFacts("Kapellenberg", length_m=150.0, gradient_pct=9.0)


def make_activity(session_rpe=7, notes="Windy; legs heavy", hill=HILL):
    run = run_session(PLAN, SCRIPT, efforts=EFFORTS)
    activity = build_activity(
        started_at=run.started_at,
        ended_at=run.ended_at,
        plan=PLAN,
        reps=run.reps,
        actions=run.actions,
        status=run.status.value,
        session_rpe=session_rpe,
        duration_s=run.active_s,
        notes=notes,
        hill=hill,
    )
    assert [lap.kind for lap in activity.laps].count(LapKind.SPRINT) == 3
    assert activity.stops  # the pause is in there
    return activity


def whole_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


@pytest.mark.parametrize("read", [garmin_read, fitdecode_read], ids=["garmin", "fitdecode"])
def test_fit_laps_round_trip_through_both_decoders(read) -> None:
    activity = make_activity()
    fit = read(fit_bytes(activity, "a1b2c3"))
    laps = fit["lap"]
    assert len(laps) == len(activity.laps)
    first = activity.at(0)
    for lap, read_lap in zip(activity.laps, laps, strict=True):
        # date_time has whole seconds: the start's second, truncated
        assert read_lap["start_time"] == whole_second(activity.at(lap.start_ms))
        assert round(read_lap["total_elapsed_time"] * 1000) == lap.elapsed_ms
        assert round(read_lap["total_timer_time"] * 1000) == lap.timer_ms
    # ... and each lap's start to the millisecond: the first start plus the laps before it
    assert first.microsecond == 250_000
    offset = 0
    for lap, read_lap in zip(activity.laps, laps, strict=True):
        assert offset == lap.start_ms
        offset += round(read_lap["total_elapsed_time"] * 1000)
    assert offset == activity.end_ms


@pytest.mark.parametrize("read", [garmin_read, fitdecode_read], ids=["garmin", "fitdecode"])
def test_fit_carries_session_rpe_and_each_reps_effort(read) -> None:
    activity = make_activity()
    fit = read(fit_bytes(activity, "a1b2c3"))
    (session,) = fit["session"]
    assert session["workout_rpe"] == 70
    assert session["num_laps"] == len(activity.laps)
    assert session["plan"] == "Hill 3 × mixed"
    assert session["hill"] == "Kapellenberg"
    assert session["notes"] == "Windy; legs heavy"
    assert session["reps_done"] == 3 and session["reps_planned"] == 3
    assert session["foster_load"] == pytest.approx(activity.foster_load, rel=1e-6)
    assert round(session["total_timer_time"] * 1000) == activity.timer_ms
    assert round(session["total_elapsed_time"] * 1000) == activity.end_ms
    assert session["total_distance"] == pytest.approx(450.0)
    assert session["total_ascent"] == round(3 * HILL.climb_m)
    efforts = [
        (lap.get("rep"), lap.get("effort"), lap.get("total_distance"))
        for lap, built in zip(fit["lap"], activity.laps, strict=True)
        if built.kind is LapKind.SPRINT
    ]
    assert efforts == [(1, 5, 150.0), (2, None, 150.0), (3, 9, 150.0)]
    intensities = [str(lap["intensity"]) for lap in fit["lap"]]
    assert intensities == [
        "warmup", "active", "rest", "active", "rest", "active", "cooldown",
    ]  # fmt: skip


def test_fit_developer_fields_are_described_with_names_and_units() -> None:
    fit = fitdecode_read(fit_bytes(make_activity(), "a1b2c3"))
    described = {d["field_name"]: d for d in fit["field_description"]}
    assert set(described) == {spec.name for spec in DEV_FIELDS.values()}
    assert described["effort"]["units"] == "RPE 0-10"
    assert described["foster_load"]["units"] == "AU"
    effort_units = [lap["_units"].get("effort") for lap in fit["lap"] if "effort" in lap]
    assert effort_units == ["RPE 0-10", "RPE 0-10"]
    (developer,) = fit["developer_data_id"]
    assert bytes(developer["application_id"]) == APPLICATION_ID


def test_fit_file_structure_follows_the_activity_recipe() -> None:
    activity = make_activity()
    data = fit_bytes(activity, "a1b2c3")
    fit = garmin_read(data)
    (file_id,) = fit["file_id"]
    assert file_id["type"] == "activity" and file_id["product_name"] == "HillSprint"
    (device,) = fit["device_info"]
    assert device["product_name"] == f"HillSprint {__version__}"
    events = [(e["event"], e["event_type"]) for e in fit["event"]]
    assert events[0] == ("timer", "start") and events[-1] == ("timer", "stop_all")
    assert ("timer", "stop") in events  # the pause
    records = fit["record"]
    assert records and all("timestamp" in r and "position_lat" not in r for r in records)
    stamps = [r["timestamp"] for r in records]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    (pause,) = activity.stops
    assert not [
        s
        for s in stamps
        if activity.at(pause[0]) < s < activity.at(pause[1]) - timedelta(seconds=1)
    ]
    assert records[-1]["distance"] == pytest.approx(450.0)
    (summary,) = fit["activity"]
    assert summary["num_sessions"] == 1
    # local_timestamp: the end in Berlin summer time, seconds since the FIT epoch
    fit_epoch = datetime(1989, 12, 31, tzinfo=UTC)
    local_end = whole_second(activity.at(activity.end_ms)) + timedelta(hours=2)
    assert summary["local_timestamp"] == (local_end - fit_epoch).total_seconds()
    # the order of the recipe: file_id first, then session and activity last
    garmin_order = _message_order(data)
    assert garmin_order[0] == "file_id"
    assert garmin_order[-2:] == ["session", "activity"]
    assert garmin_order.index("device_info") < garmin_order.index("record")
    # the same session gives the same bytes
    assert fit_bytes(activity, "a1b2c3") == data


def _message_order(data: bytes) -> list[str]:
    import io

    import fitdecode

    order = []
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and (
                not order or order[-1] != frame.name
            ):
                order.append(frame.name)
    return order


def test_fit_without_effort_hill_or_notes_leaves_those_fields_out() -> None:
    activity = make_activity(session_rpe=None, notes="", hill=HillFacts(None))
    fit = garmin_read(fit_bytes(activity))
    (session,) = fit["session"]
    assert "workout_rpe" not in session and "foster_load" not in session
    assert "hill" not in session and "notes" not in session
    assert "total_distance" not in session
    assert all("total_distance" not in lap for lap in fit["lap"])


def test_fit_strings_are_cut_to_what_a_fit_field_holds() -> None:
    notes = "Ä" * 300 + " 🏃" * 50
    activity = make_activity(notes=notes, hill=HillFacts("ü" * 200))
    for read in (garmin_read, fitdecode_read):
        (session,) = read(fit_bytes(activity))["session"]
        assert len(session["notes"].encode("utf-8")) <= MAX_STRING_BYTES
        assert notes.startswith(session["notes"])
        assert session["hill"] == "ü" * 127


def test_tcx_validates_and_reads_back(tmp_path) -> None:
    activity = make_activity()
    data = tcx_bytes(activity)
    validate_tcx(data)
    laps = tcx_laps(data)
    assert len(laps) == len(activity.laps)
    for lap, read in zip(activity.laps, laps, strict=True):
        assert read["start"] == activity.at(lap.start_ms)  # to the millisecond
        assert round(read["seconds"] * 1000) == lap.timer_ms
    assert [lap["intensity"] for lap in laps].count("Resting") == 2
    sprint_notes = [lap["notes"] for lap in laps if lap["notes"].startswith("Sprint")]
    assert sprint_notes == [
        "Sprint 1 of 3: effort 5 (Hard)",
        "Sprint 2 of 3: no effort given",
        "Sprint 3 of 3: effort 9",
    ]
    assert [lap["trigger"] for lap in laps][4] == "Manual"  # the walk-down ended with Space
    exercise = tcxreader_read(data, tmp_path)
    assert len(exercise.laps) == len(activity.laps)
    assert exercise.activity_type == "Running"
    assert exercise.distance == pytest.approx(450.0)
    assert exercise.start_time == activity.at(0).replace(tzinfo=None)
    assert exercise.end_time == activity.at(activity.end_ms).replace(tzinfo=None)
    assert [lap.distance for lap in exercise.laps] == [
        lap.distance_m or 0.0 for lap in activity.laps
    ]


def test_tcx_activity_notes_name_plan_hill_efforts_and_load() -> None:
    import xml.etree.ElementTree as ET

    activity = make_activity(notes="Windy\n\x07legs heavy")
    root = ET.fromstring(tcx_bytes(activity))
    ns = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
    notes = root.find(f"{ns}Activities/{ns}Activity/{ns}Notes").text
    assert "Hill sprints: Hill 3 × mixed" in notes
    assert "Hill: Kapellenberg (150 m, 9 %)" in notes
    assert "Effort per rep (0-10): 1: 5, 3: 9" in notes
    assert "Session effort: 7/10 (Very hard)" in notes
    assert f"Training load (Foster session RPE): {activity.foster_load:.0f} AU" in notes
    assert "Windy\nlegs heavy" in notes  # the bell character cannot be in XML: dropped
    plan = root.find(f"{ns}Activities/{ns}Activity/{ns}Training/{ns}Plan/{ns}Name").text
    assert plan == "Hill 3 × mixed"[:15]
    creator = root.find(f"{ns}Activities/{ns}Activity/{ns}Creator/{ns}Name").text
    assert creator == "HillSprint"


@pytest.mark.parametrize("name", ["\x01", "\x01 ab\x85c\u00a0d  e\tf", "  x  ", "é" * 40, "a\x1cb"])
def test_tcx_plan_names_of_any_shape_stay_valid(name: str) -> None:
    from dataclasses import replace

    validate_tcx(tcx_bytes(replace(make_activity(), plan_name=name)))
