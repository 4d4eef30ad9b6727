"""Laps of a stored session, checked against sessions run by the real engine on a fake clock:
every boundary must be where the engine put it, to the millisecond."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from activity_support import BERLIN, ZonedClock, run_session

from hillsprint.core.activity_laps import HillFacts, LapKind, build_activity
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import ActionRecord, RepStatus

PLAN = Plan(
    name="Test 3 reps",
    reps=(RepSpec(10, 60), RepSpec(12, 30, manual=True), RepSpec(10, 60)),
    warmup_s=30,
    get_ready_s=5,
    cooldown_s=20,
)


def activity_of(run, hill: HillFacts | None = None, session_rpe: int | None = 6):
    return build_activity(
        started_at=run.started_at,
        ended_at=run.ended_at,
        plan=run.plan,
        reps=run.reps,
        actions=run.actions,
        status=run.status.value,
        session_rpe=session_rpe,
        duration_s=run.active_s,
        notes="",
        hill=hill or HillFacts(None),
    )


def kinds(activity) -> list[str]:
    return [lap.title for lap in activity.laps]


def assert_sprints_match_engine(run, activity) -> None:
    sprints = {lap.rep: lap for lap in activity.laps if lap.kind is LapKind.SPRINT}
    assert set(sprints) == {rep.number for rep in run.reps}
    for rep in run.reps:
        lap = sprints[rep.number]
        assert lap.start_ms == run.ms(run.sprint_starts[rep.number])
        assert lap.end_ms == run.ms(run.sprint_ends[rep.number])
        assert lap.timer_ms == round(rep.sprint_s * 1000)


def assert_contiguous(activity) -> None:
    assert activity.laps[0].start_ms == 0
    for before, after in zip(activity.laps, activity.laps[1:], strict=False):
        assert before.end_ms == after.start_ms
    assert activity.laps[-1].end_ms == activity.end_ms
    assert all(0 <= lap.timer_ms <= lap.elapsed_ms for lap in activity.laps)


def test_a_plain_session_has_warmup_sprint_walkdown_pairs_and_cooldown() -> None:
    run = run_session(PLAN, [31, 4, 60, 50, "advance"], efforts={1: 5, 2: 7, 3: 9})
    activity = activity_of(run)
    assert kinds(activity) == [
        "Warm-up",
        "Sprint 1",
        "Walk-down 1",
        "Sprint 2",
        "Walk-down 2",
        "Sprint 3",
        "Cool-down",
    ]
    assert_sprints_match_engine(run, activity)
    assert_contiguous(activity)
    assert [lap.effort for lap in activity.laps if lap.kind is LapKind.SPRINT] == [5, 7, 9]
    assert all(lap.timer_ms == lap.elapsed_ms for lap in activity.laps)  # no pause
    assert activity.timer_ms == round(run.active_s * 1000)
    walk_downs = [lap for lap in activity.laps if lap.kind is LapKind.WALK_DOWN]
    assert [lap.manual for lap in walk_downs] == [False, True]
    # the walk-down is the stored recovery: the get-ready before the next sprint included
    assert [lap.elapsed_ms for lap in walk_downs] == [
        round(rep.recovery_s * 1000) for rep in run.reps[:2]
    ]
    assert activity.foster_load == pytest.approx(6 * run.active_s / 60)


def test_a_pause_in_a_sprint_stops_the_timer_until_the_sprint_goes_on() -> None:
    # rep 1 starts at 35 s; paused 4 s into it for 20 s; the lead-in is 5 s
    run = run_session(PLAN, [39, "pause", 20, "resume", 200, "advance"])
    activity = activity_of(run)
    assert_sprints_match_engine(run, activity)
    assert_contiguous(activity)
    sprint = activity.laps[1]
    assert sprint.elapsed_ms == 10_000 + 20_000 + 5_000
    assert sprint.timer_ms == 10_000
    assert activity.stops == ((39_000, 64_000),)


def test_a_pause_in_a_walk_down_is_taken_off_its_timer_time() -> None:
    run = run_session(PLAN, [50, "pause", 30, "resume", 200, "advance"])
    activity = activity_of(run)
    assert_sprints_match_engine(run, activity)
    walk = activity.laps[2]
    assert walk.kind is LapKind.WALK_DOWN
    assert walk.elapsed_ms - walk.timer_ms == 30_000


def test_a_pause_in_the_warm_up_and_a_skip() -> None:
    run = run_session(PLAN, [10, "pause", 100, "resume", 25, 3, "skip", 300, "advance"])
    activity = activity_of(run)
    assert_sprints_match_engine(run, activity)
    assert_contiguous(activity)
    assert activity.laps[0].elapsed_ms - activity.laps[0].timer_ms == 100_000
    sprint = activity.laps[1]
    assert sprint.skipped and sprint.manual and sprint.timer_ms == 3_000
    assert run.reps[0].status is RepStatus.SKIPPED


def test_ended_in_a_sprint_ends_with_that_sprint() -> None:
    run = run_session(PLAN, [31, 4, 60, 50, "advance", 5, 7, "end"])
    activity = activity_of(run)
    assert kinds(activity)[-1] == "Sprint 3"
    assert activity.laps[-1].skipped
    assert_contiguous(activity)


def test_ended_in_a_walk_down_ends_with_a_walk_down() -> None:
    run = run_session(PLAN, [31, 4, 20, "end"])
    activity = activity_of(run)
    assert kinds(activity) == ["Warm-up", "Sprint 1", "Walk-down 1"]
    assert activity.laps[-1].elapsed_ms == 10_000
    assert_contiguous(activity)


def test_ended_in_the_warm_up_is_one_warm_up_lap() -> None:
    run = run_session(PLAN, [12.5, "end"])
    activity = activity_of(run)
    assert kinds(activity) == ["Warm-up"]
    assert activity.laps[0].elapsed_ms == 12_500
    assert activity.reps_done == 0


def test_a_suspended_laptop_is_a_timer_stop_from_when_it_fell_asleep() -> None:
    run = run_session(PLAN, [50, ("suspend", 120), 5, "resume", 300, "advance"])
    activity = activity_of(run)
    assert activity.stops[0] == (50_000, 175_000)
    walk = activity.laps[2]
    assert walk.elapsed_ms - walk.timer_ms == 125_000
    assert_contiguous(activity)


def test_a_change_to_summer_time_mid_session_is_no_jump() -> None:
    # 2026-03-29 01:59:30 CET; clocks go from 02:00 to 03:00 during the warm-up
    clock = ZonedClock(datetime(2026, 3, 29, 1, 59, 30, tzinfo=BERLIN))
    run = run_session(PLAN, [31, 4, 60, 50, "advance"], clock=clock)
    assert run.started_at.endswith("+01:00") and run.ended_at.endswith("+02:00")
    activity = activity_of(run)
    assert_sprints_match_engine(run, activity)
    assert activity.end_ms == round((run.active_s) * 1000)
    assert activity.end_offset == timedelta(hours=2)
    assert activity.start.utcoffset() == timedelta(hours=1)


def test_a_session_resumed_after_a_crash_stops_the_timer_over_the_gap() -> None:
    first = run_session(PLAN, [31, 4, 20, "end"])  # rep 1 run, then the crash
    rep1 = first.reps[0]
    restart = "2026-05-04T07:30:00.250+02:00"
    actions = [
        *[a for a in first.actions if a.action != "end"],
        ActionRecord("start", restart, 5.0, "get_ready", 2),
    ]
    activity = build_activity(
        started_at=first.started_at,
        ended_at="2026-05-04T07:31:00.250+02:00",
        plan=PLAN,
        reps=[rep1],
        actions=actions,
        status="ended_early",
        session_rpe=None,
        duration_s=None,
        notes="",
        hill=HillFacts(None),
    )
    walk = activity.laps[-1]
    assert walk.kind is LapKind.WALK_DOWN
    sprint_end = 35_000 + 10_000
    assert activity.stops == ((sprint_end + 10_000, 30 * 60_000),)  # from the last known instant
    assert walk.timer_ms == walk.elapsed_ms - (30 * 60_000 - sprint_end - 10_000)
    assert activity.foster_load is None


def test_a_known_hill_gives_distance_and_climb_on_done_sprints_only() -> None:
    run = run_session(PLAN, [31, 4, 60, 50, "advance", 5, 4, "skip", 100])
    hill = HillFacts("Steep one", length_m=120.0, gradient_pct=10.0)
    activity = activity_of(run, hill)
    sprints = [lap for lap in activity.laps if lap.kind is LapKind.SPRINT]
    assert [lap.distance_m for lap in sprints] == [120.0, 120.0, None]
    assert hill.climb_m == pytest.approx(120 * 0.1 / (1.01**0.5))
    assert activity.distance_m == 240.0
    assert activity.ascent_m == pytest.approx(2 * hill.climb_m)
    assert activity.distance_at(0) == 0.0
    assert activity.distance_at(sprints[0].start_ms + 5_000) == pytest.approx(60.0)
    assert activity.distance_at(activity.end_ms) == 240.0
    assert HillFacts("No length", None, 8.0).climb_m is None
    assert activity_of(run).distance_m is None


def test_samples_are_whole_utc_seconds_and_the_running_ends() -> None:
    run = run_session(PLAN, [39, "pause", 20, "resume", 200, "advance"])
    activity = activity_of(run)  # starts at .250 past a second
    samples = activity.sample_ms(0, 3_000)
    assert samples == [0, 750, 1_750, 2_750, 3_000]
    # nothing is sampled while the timer is stopped (39 s to 64 s)
    around = activity.sample_ms(38_000, 66_000)
    assert [ms for ms in around if 39_000 < ms < 64_000] == []
    assert 39_000 in around and 64_000 in around


def test_reps_stored_out_of_order_or_before_the_start_stay_inside_the_session() -> None:
    run = run_session(PLAN, [31, 4, 60, 50, "advance"])
    broken = list(run.reps)
    early = broken[0].__class__(**{**broken[0].__dict__, "started_at": "2026-05-04T06:00:00+02:00"})
    broken[0] = early
    activity = build_activity(
        started_at=run.started_at,
        ended_at="2026-05-04T07:00:10.000+02:00",  # before most reps
        plan=PLAN,
        reps=list(reversed(broken)),
        actions=[],
        status="completed",
        session_rpe=None,
        duration_s=None,
        notes="",
        hill=HillFacts(None),
    )
    assert_contiguous(activity)
    assert [lap.rep for lap in activity.laps if lap.kind is LapKind.SPRINT] == [1, 2, 3]


def test_a_pause_never_resumed_stops_the_timer_to_the_end() -> None:
    run = run_session(PLAN, [31, 4, 20, "end"])
    actions = [*[a for a in run.actions if a.action != "end"]]
    pause_at = "2026-05-04T07:00:50.250+02:00"  # 5 s into the walk-down
    actions.append(ActionRecord("pause", pause_at, 0.0, "walk_down", 1))
    activity = build_activity(
        started_at=run.started_at,
        ended_at=run.ended_at,
        plan=PLAN,
        reps=run.reps,
        actions=actions,
        status="ended_early",
        session_rpe=None,
        duration_s=None,
        notes="",
        hill=HillFacts(None),
    )
    assert activity.end_ms == 55_000
    assert activity.stops == ((50_000, 55_000),)
    assert activity.laps[-1].timer_ms == 5_000
