"""The timing engine on a fake clock: exact instants, no sleeping."""

from __future__ import annotations

import random
import re

import pytest

from hillsprint.core.clock import ManualClock
from hillsprint.core.engine import SessionEngine
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepStatus, SessionStatus
from hillsprint.core.session_events import (
    ActionLogged,
    CueDue,
    CueKind,
    Phase,
    RepFinished,
    SessionFinished,
    SprintEnded,
    SuspendDetected,
)

T0 = 1000.0


def timed_plan(reps=3, sprint=10.0, recovery=60.0, warmup=30.0, ready=10.0, cooldown=20.0):
    return Plan(
        "timed",
        tuple(RepSpec(sprint, recovery) for _ in range(reps)),
        warmup_s=warmup,
        get_ready_s=ready,
        cooldown_s=cooldown,
    )


def manual_plan(reps=3, sprint=10.0, minimum=60.0, warmup=0.0, ready=10.0, cooldown=20.0):
    return Plan(
        "manual",
        tuple(RepSpec(sprint, minimum, manual=True) for _ in range(reps)),
        warmup_s=warmup,
        get_ready_s=ready,
        cooldown_s=cooldown,
    )


def started(plan):
    clock = ManualClock(T0)
    engine = SessionEngine(plan, clock)
    assert engine.start()
    return engine, clock


def run_until(engine, clock, until, step=0.25):
    """Poll every `step` seconds up to instant `until`; return (poll time, event) pairs."""
    out = []
    while clock.monotonic() < until - 1e-9:
        clock.advance(min(step, until - clock.monotonic()))
        out.extend((clock.monotonic(), ev) for ev in engine.poll())
    return out


def cues(events, kind=None):
    return [
        (ev.cue.kind, ev.cue.deadline, ev.cue.value)
        for _, ev in events
        if isinstance(ev, CueDue) and (kind is None or ev.cue.kind is kind)
    ]


def of_type(events, cls):
    return [ev for _, ev in events if isinstance(ev, cls)]


# ---- the planned timeline ---------------------------------------------------------------


def test_state_before_start_shows_first_phase_in_full():
    engine = SessionEngine(timed_plan(), ManualClock(T0))
    state = engine.state()
    assert (state.phase, state.started, state.remaining_s) == (Phase.WARMUP, False, 30.0)
    assert engine.poll() == []
    assert engine.next_deadline() is None


@pytest.mark.parametrize(
    ("offset", "phase", "rep", "remaining"),
    [
        (0.0, Phase.WARMUP, 0, 30.0),
        (29.5, Phase.WARMUP, 0, 0.5),
        (30.0, Phase.GET_READY, 1, 10.0),
        (40.0, Phase.SPRINT, 1, 10.0),
        (49.0, Phase.SPRINT, 1, 1.0),
        (50.0, Phase.WALK_DOWN, 1, 60.0),
        (110.0, Phase.SPRINT, 2, 10.0),
        (120.0, Phase.WALK_DOWN, 2, 60.0),
        (180.0, Phase.SPRINT, 3, 10.0),
        (190.0, Phase.COOLDOWN, 3, 20.0),
        (210.0, Phase.DONE, 3, 0.0),
        (5000.0, Phase.DONE, 3, 0.0),
    ],
)
def test_state_at_any_instant_follows_the_plan(offset, phase, rep, remaining):
    engine, _ = started(timed_plan())
    state = engine.state(T0 + offset)
    assert (state.phase, state.rep, state.rep_count) == (phase, rep, 3)
    assert state.remaining_s == pytest.approx(remaining)


def test_state_is_pure_and_does_not_consume_events():
    engine, clock = started(timed_plan())
    for t in (50.0, 120.0, 400.0, 10.0):
        engine.state(T0 + t)
    events = run_until(engine, clock, T0 + 60)
    assert [k for k, _, _ in cues(events)][:3] == [CueKind.WARMUP_END, CueKind.REP_ANNOUNCE,
                                                   CueKind.TICK]  # fmt: skip


def test_cue_schedule_of_a_timed_plan():
    engine, clock = started(timed_plan())
    events = run_until(engine, clock, T0 + 300, step=0.1)
    got = [(k.value, round(t - T0, 6), v) for k, t, v in cues(events)]
    assert got == [
        ("warmup_end", 30.0, None),
        ("rep_announce", 30.0, 1),
        ("tick", 37.0, 3),
        ("tick", 38.0, 2),
        ("tick", 39.0, 1),
        ("go", 40.0, None),
        ("sprint_end", 50.0, None),
        # between timed reps the announce and the 3-2-1 come in the walk-down
        ("rep_announce", 100.0, 2),
        ("tick", 107.0, 3),
        ("tick", 108.0, 2),
        ("tick", 109.0, 1),
        ("go", 110.0, None),
        ("sprint_end", 120.0, None),
        ("rep_announce", 170.0, 3),
        ("last_rep", 170.0, None),
        ("tick", 177.0, 3),
        ("tick", 178.0, 2),
        ("tick", 179.0, 1),
        ("go", 180.0, None),
        ("sprint_end", 190.0, None),
        ("session_complete", 210.0, None),
    ]


def test_events_never_come_before_their_deadline_and_come_once():
    engine, clock = started(timed_plan())
    events = run_until(engine, clock, T0 + 300, step=0.37)
    for polled, ev in events:
        if isinstance(ev, CueDue):
            assert ev.cue.deadline <= polled + 1e-9
            assert polled - ev.cue.deadline < 0.37 + 1e-9
    deadlines = [t for _, t, _ in cues(events)]
    assert deadlines == sorted(deadlines)
    assert len(set(cues(events))) == len(cues(events))


def test_halfway_only_in_long_sprints():
    plan = Plan("h", (RepSpec(10, 30), RepSpec(20, 30), RepSpec(30, 30)), 0, 10, 0)
    engine, clock = started(plan)
    events = run_until(engine, clock, T0 + 500)
    # sprints start at 10, 50 and 100 s
    assert [round(t - T0, 6) for _, t, _ in cues(events, CueKind.HALFWAY)] == [60.0, 115.0]


def test_rep_records_for_a_timed_plan():
    engine, clock = started(timed_plan())
    events = run_until(engine, clock, T0 + 300)
    ended = of_type(events, SprintEnded)
    finished = of_type(events, RepFinished)
    assert [e.rep.number for e in ended] == [1, 2, 3]
    assert all(e.rep.recovery_s is None for e in ended)  # stored at once, walk-down to come
    assert [e.at - T0 for e in ended] == [50.0, 120.0, 190.0]
    assert [(e.rep.number, e.rep.recovery_s, e.at - T0) for e in finished] == [
        (1, 60.0, 110.0),
        (2, 60.0, 180.0),
        (3, None, 190.0),  # the last walk-down is folded into the cool-down
    ]
    assert all(e.rep.sprint_s == 10.0 and e.rep.status is RepStatus.DONE for e in finished)
    assert finished[-1].rep.recovery_planned_s is None
    assert finished[0].rep.started_at == "2026-05-04T07:00:40.000+02:00"
    (done,) = of_type(events, SessionFinished)
    assert (done.status, done.at - T0, done.active_s) == (SessionStatus.COMPLETED, 210.0, 210.0)
    assert engine.state().reps_done == 3


def test_warmup_and_cooldown_may_be_zero():
    engine, clock = started(timed_plan(reps=1, warmup=0, cooldown=0))
    assert engine.state().phase is Phase.GET_READY
    events = run_until(engine, clock, T0 + 30)
    (done,) = of_type(events, SessionFinished)
    assert done.at == T0 + 20  # 10 s get ready + 10 s sprint
    assert engine.state().phase is Phase.DONE


def test_next_deadline_is_the_next_cue_or_boundary():
    engine, clock = started(timed_plan())
    assert engine.next_deadline() == T0 + 30  # warm-up end
    clock.set(T0 + 30)
    engine.poll()
    assert engine.next_deadline() == T0 + 37  # tick 3
    clock.set(T0 + 39.5)
    engine.poll()
    assert engine.next_deadline() == T0 + 40  # GO / boundary
    engine.pause()
    assert engine.next_deadline() is None


# ---- drift -------------------------------------------------------------------------------


def test_sixty_minute_session_drifts_zero_whatever_the_wake_pattern():
    plan = Plan(
        "hour",
        tuple(RepSpec(30.0 + (i % 3) * 7.3, 90.0 + i % 5) for i in range(21)),
        warmup_s=600.0,
        get_ready_s=10.0,
        cooldown_s=300.0,
    )
    total = plan.planned_total_s()
    assert 3500 < total < 3700
    reference, clock_a = started(plan)
    precise = run_until(reference, clock_a, T0 + total + 5, step=0.001 * 997)

    engine, clock = started(plan)
    rng = random.Random(7)
    events = []
    while clock.monotonic() < T0 + total + 5:
        # late and irregular wake-ups, and a 300 ms stall every 20 s
        clock.advance(rng.uniform(0.05, 1.3) + (0.3 if rng.random() < 0.05 else 0.0))
        events.extend((clock.monotonic(), ev) for ev in engine.poll())
    (done,) = of_type(events, SessionFinished)
    assert done.at - T0 == pytest.approx(total, abs=1e-9)
    assert [t for _, t, _ in cues(events)] == [t for _, t, _ in cues(precise)]
    assert [e.at for e in of_type(events, SprintEnded)] == [
        e.at for e in of_type(precise, SprintEnded)
    ]


# ---- pause and resume --------------------------------------------------------------------


def pause_for(engine, clock, seconds):
    assert engine.pause()
    before = engine.state()
    clock.advance(seconds)
    assert engine.poll() == [] or all(isinstance(e, ActionLogged) for e in engine.poll())
    during = engine.state()
    assert during.paused
    assert during.remaining_s == before.remaining_s  # frozen
    assert during.session_elapsed_s == before.session_elapsed_s
    assert engine.next_deadline() is None
    assert engine.resume()


def test_pause_in_warmup_shifts_everything_by_the_pause():
    engine, clock = started(timed_plan())
    run_until(engine, clock, T0 + 12)
    pause_for(engine, clock, 100)
    assert engine.state().remaining_s == pytest.approx(18.0)
    events = run_until(engine, clock, T0 + 400)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [140.0, 210.0, 280.0]
    (done,) = of_type(events, SessionFinished)
    assert done.at - T0 == 310.0
    assert done.active_s == pytest.approx(210.0)


def test_pause_in_get_ready_restarts_the_lead_in():
    engine, clock = started(timed_plan(warmup=0))
    run_until(engine, clock, T0 + 8)  # tick 3 at 7 already heard
    pause_for(engine, clock, 50)  # resume at 58
    state = engine.state()
    assert (state.phase, state.remaining_s) == (Phase.GET_READY, 10.0)
    events = run_until(engine, clock, T0 + 70)
    assert [(t - T0, v) for _, t, v in cues(events, CueKind.TICK)] == [
        (65.0, 3),
        (66.0, 2),
        (67.0, 1),
    ]
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [68.0]


def test_pause_in_a_sprint_gets_ready_again_then_runs_the_rest():
    engine, clock = started(timed_plan(warmup=0, sprint=30))  # sprint 1: 10..40
    run_until(engine, clock, T0 + 22)
    pause_for(engine, clock, 60)  # resumed at 82 with 18 s of sprint left
    state = engine.state()
    assert (state.phase, state.rep, state.remaining_s) == (Phase.GET_READY, 1, 10.0)
    events = run_until(engine, clock, T0 + 120)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [92.0]
    assert [t - T0 for _, t, _ in cues(events, CueKind.TICK)] == [89.0, 90.0, 91.0]
    # halfway (15 s run) was 3 s away when the pause came: it comes 3 s into the rest
    assert [t - T0 for _, t, _ in cues(events, CueKind.HALFWAY)] == [95.0]
    (ended,) = of_type(events, SprintEnded)
    assert ended.at - T0 == 110.0
    assert ended.rep.sprint_s == pytest.approx(30.0)
    assert ended.rep.status is RepStatus.DONE


def test_pause_in_a_timed_walk_down_with_time_left_continues_it():
    engine, clock = started(timed_plan(warmup=0))  # walk-down 1: 20..80
    run_until(engine, clock, T0 + 30)
    pause_for(engine, clock, 45)  # resumed at 75, 50 s left
    assert engine.state().phase is Phase.WALK_DOWN
    events = run_until(engine, clock, T0 + 140)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [125.0]
    (finished, *_) = of_type(events, RepFinished)
    assert finished.rep.recovery_s == pytest.approx(105.0)  # the real rest, pause included


def test_pause_near_the_end_of_a_timed_walk_down_gives_a_get_ready():
    engine, clock = started(timed_plan(warmup=0))  # walk-down 1: 20..80
    run_until(engine, clock, T0 + 77.5)  # tick 3 heard at 77
    pause_for(engine, clock, 20)  # resumed at 97.5, only 2.5 s were left
    state = engine.state()
    assert (state.phase, state.rep, state.remaining_s) == (Phase.GET_READY, 2, 10.0)
    events = run_until(engine, clock, T0 + 110)
    assert [t - T0 for _, t, _ in cues(events, CueKind.TICK)] == [104.5, 105.5, 106.5]
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [107.5]


def test_pause_in_manual_walk_down_and_cooldown_freeze_them():
    engine, clock = started(manual_plan(reps=2))  # sprint 10..20, walk-down from 20
    run_until(engine, clock, T0 + 50)
    pause_for(engine, clock, 100)
    state = engine.state()
    assert state.phase_elapsed_s == pytest.approx(30.0)
    assert state.min_remaining_s == pytest.approx(30.0)
    assert engine.advance()  # below the minimum: armed
    events = run_until(engine, clock, T0 + 200)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [190.0]  # 180 + get ready
    # cool-down 200..220
    pause_for(engine, clock, 30)
    events = run_until(engine, clock, T0 + 260)
    (done,) = of_type(events, SessionFinished)
    assert done.at - T0 == pytest.approx(250.0)


def test_pause_and_resume_are_refused_when_they_make_no_sense():
    engine = SessionEngine(timed_plan(), ManualClock(T0))
    assert not engine.pause()  # not started
    engine.start()
    assert not engine.resume()  # not paused
    assert engine.pause()
    assert not engine.pause()
    assert not engine.skip()  # paused: resume first
    assert not engine.add_time()
    assert engine.resume()


# ---- skip, add time, advance -------------------------------------------------------------


def test_skip_the_last_sprint_records_it_skipped_and_cools_down():
    engine, clock = started(timed_plan(reps=2, warmup=0))  # sprint 2: 80..90
    run_until(engine, clock, T0 + 83)
    assert engine.skip()
    events = run_until(engine, clock, T0 + 120)
    (ended,) = of_type(events, SprintEnded)
    assert (ended.rep.number, ended.rep.status) == (2, RepStatus.SKIPPED)
    assert ended.rep.sprint_s == pytest.approx(3.0)
    assert of_type(events, RepFinished)[0].rep.status is RepStatus.SKIPPED
    (done,) = of_type(events, SessionFinished)
    assert (done.status, done.at - T0) == (SessionStatus.COMPLETED, 103.0)
    assert engine.state().reps_done == 1


def test_skip_warmup_and_cooldown():
    engine, clock = started(timed_plan(reps=1))
    clock.advance(5)
    engine.skip()
    assert engine.state().phase is Phase.GET_READY
    events = run_until(engine, clock, T0 + 30)  # get ready 5..15, sprint 15..25
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [15.0]
    assert cues(events, CueKind.WARMUP_END) == []  # the runner skipped it: no signal
    engine.skip()
    assert engine.state().phase is Phase.DONE
    (done,) = of_type([(0.0, e) for e in engine.poll()], SessionFinished)
    assert done.status is SessionStatus.COMPLETED


def test_skip_a_walk_down_leads_into_a_get_ready_not_a_sprint():
    engine, clock = started(timed_plan(warmup=0))  # walk-down 1: 20..80
    run_until(engine, clock, T0 + 30)
    engine.skip()
    state = engine.state()
    assert (state.phase, state.rep, state.remaining_s) == (Phase.GET_READY, 2, 10.0)
    events = run_until(engine, clock, T0 + 45)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [40.0]
    assert of_type(events, RepFinished)[0].rep.recovery_s == pytest.approx(20.0)


def test_skip_in_get_ready_starts_the_sprint_now_without_stale_ticks():
    engine, clock = started(timed_plan(warmup=0))
    run_until(engine, clock, T0 + 8.5)  # tick 3 at 7, tick 2 at 8 heard
    engine.skip()
    events = run_until(engine, clock, T0 + 10)
    assert [(t - T0, v) for _, t, v in cues(events, CueKind.TICK)] == []
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [8.5]


def test_add_time_lengthens_a_timed_walk_down_and_rearms_the_ticks():
    engine, clock = started(timed_plan(warmup=0))  # walk-down 1: 20..80
    run_until(engine, clock, T0 + 77.5)  # tick 3 heard
    assert engine.add_time()
    assert engine.state().remaining_s == pytest.approx(32.5)
    events = run_until(engine, clock, T0 + 115)
    assert [t - T0 for _, t, _ in cues(events, CueKind.TICK)] == [107.0, 108.0, 109.0]
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [110.0]
    # said at 70 for the old end; said again 10 s before the new one
    assert [t - T0 for _, t, _ in cues(events, CueKind.REP_ANNOUNCE)] == [100.0]


def test_add_time_only_in_a_walk_down():
    engine, clock = started(timed_plan())
    assert not engine.add_time()
    clock.advance(45)
    assert not engine.add_time()  # sprint


def test_manual_walk_down_waits_for_the_runner():
    engine, clock = started(manual_plan())  # sprint 1: 10..20, walk-down from 20, min 60
    events = run_until(engine, clock, T0 + 500)
    state = engine.state()
    assert (state.phase, state.manual, state.remaining_s) == (Phase.WALK_DOWN, True, None)
    assert state.phase_elapsed_s == pytest.approx(480.0)
    assert state.waiting_for_runner and state.can_advance
    assert engine.next_deadline() is None
    assert cues(events, CueKind.TICK)[-1][1] - T0 == 9.0  # nothing since the first sprint


def test_manual_walk_down_above_its_minimum_gets_ready_at_once():
    engine, clock = started(manual_plan())
    run_until(engine, clock, T0 + 95)  # 75 s walked, minimum 60 passed
    assert engine.state().waiting_for_runner
    assert engine.advance()
    state = engine.state()
    assert (state.phase, state.rep, state.remaining_s) == (Phase.GET_READY, 2, 10.0)
    events = run_until(engine, clock, T0 + 110)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [105.0]
    (finished,) = of_type(events, RepFinished)
    assert finished.rep.recovery_s == pytest.approx(85.0)  # 75 walking + 10 get ready
    assert finished.rep.recovery_planned_s == 60.0 and finished.rep.recovery_manual


def test_manual_walk_down_below_its_minimum_arms_the_next_rep():
    engine, clock = started(manual_plan())
    run_until(engine, clock, T0 + 50)  # 30 s walked of at least 60
    state = engine.state()
    assert not state.waiting_for_runner and state.min_remaining_s == pytest.approx(30.0)
    assert engine.advance()
    assert not engine.advance()  # already armed
    state = engine.state()
    assert (state.phase, state.remaining_s) == (Phase.WALK_DOWN, pytest.approx(30.0))
    assert engine.next_deadline() == T0 + 80
    events = run_until(engine, clock, T0 + 95)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [90.0]
    (logged,) = of_type(events, ActionLogged)
    assert (logged.record.action, logged.record.detail) == ("advance", "next rep in 30.0 s")


def test_advance_is_refused_outside_a_manual_walk_down():
    engine, clock = started(timed_plan())
    assert not engine.advance()
    clock.advance(60)
    assert engine.state().phase is Phase.WALK_DOWN
    assert not engine.advance()


def test_add_time_in_a_manual_walk_down_raises_its_minimum():
    engine, clock = started(manual_plan())
    run_until(engine, clock, T0 + 50)
    engine.add_time()
    assert engine.state().min_remaining_s == pytest.approx(60.0)
    engine.advance()
    events = run_until(engine, clock, T0 + 130)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [120.0]


# ---- ending early --------------------------------------------------------------------------


def test_end_early_in_a_sprint_stores_it_as_skipped():
    engine, clock = started(timed_plan(warmup=0))
    run_until(engine, clock, T0 + 85)  # sprint 2: 80..90
    assert engine.end()
    events = [(clock.monotonic(), ev) for ev in engine.poll()]
    (ended,) = of_type(events, SprintEnded)
    assert (ended.rep.number, ended.rep.status, ended.rep.sprint_s) == (
        2,
        RepStatus.SKIPPED,
        pytest.approx(5.0),
    )
    (done,) = of_type(events, SessionFinished)
    assert (done.status, done.active_s) == (SessionStatus.ENDED_EARLY, pytest.approx(85.0))
    assert engine.state().phase is Phase.DONE
    assert not engine.end() and not engine.skip() and not engine.pause()
    assert engine.status is SessionStatus.ENDED_EARLY


def test_end_early_in_a_walk_down_finishes_the_rep():
    engine, clock = started(timed_plan(warmup=0))
    run_until(engine, clock, T0 + 50)
    engine.end()
    events = [(clock.monotonic(), ev) for ev in engine.poll()]
    (finished,) = of_type(events, RepFinished)
    assert (finished.rep.number, finished.rep.recovery_s) == (1, pytest.approx(30.0))
    assert finished.rep.status is RepStatus.DONE


def test_end_early_in_the_warmup_stores_no_rep():
    engine, clock = started(timed_plan())
    clock.advance(5)
    engine.end()
    events = [(0.0, ev) for ev in engine.poll()]
    assert of_type(events, SprintEnded) == [] and of_type(events, RepFinished) == []
    assert of_type(events, SessionFinished)[0].status is SessionStatus.ENDED_EARLY


def test_end_while_paused_after_a_cut_sprint_keeps_what_was_run():
    engine, clock = started(timed_plan(warmup=0, sprint=30))
    run_until(engine, clock, T0 + 22)
    engine.pause()
    clock.advance(10)
    engine.resume()  # get ready again, sprint not over
    clock.advance(3)
    engine.end()
    events = [(0.0, ev) for ev in engine.poll()]
    (ended,) = of_type(events, SprintEnded)
    assert ended.rep.sprint_s == pytest.approx(12.0)
    assert ended.rep.status is RepStatus.SKIPPED
    (done,) = of_type(events, SessionFinished)
    assert done.active_s == pytest.approx(25.0)


# ---- the clock jumps -----------------------------------------------------------------------


def test_suspend_pauses_the_session_and_says_so():
    engine, clock = started(timed_plan(warmup=0))  # walk-down 1: 20..80
    run_until(engine, clock, T0 + 30)
    clock.suspend(1800)  # lid closed for half an hour; monotonic time stood still
    clock.advance(0.2)
    events = [(clock.monotonic(), ev) for ev in engine.poll()]
    (slept,) = of_type(events, SuspendDetected)
    assert slept.slept_s == pytest.approx(1800)
    assert [e.record.action for e in of_type(events, ActionLogged)] == ["suspend"]
    state = engine.state()
    assert state.paused and state.remaining_s == pytest.approx(49.8)
    clock.advance(5)
    engine.resume()
    events = run_until(engine, clock, T0 + 100)
    assert [t - T0 for _, t, _ in cues(events, CueKind.GO)] == [pytest.approx(85.0)]


def test_small_boot_clock_drift_is_not_a_suspend():
    engine, clock = started(timed_plan())
    clock.suspend(0.3)
    clock.advance(1)
    assert of_type([(0, e) for e in engine.poll()], SuspendDetected) == []
    assert not engine.state().paused


def test_a_long_stall_catches_up_in_order_without_losing_events():
    engine, clock = started(timed_plan())
    clock.advance(500)  # one poll, far past the end
    events = [(clock.monotonic(), ev) for ev in engine.poll()]
    reference, ref_clock = started(timed_plan())
    expected = run_until(reference, ref_clock, T0 + 500)
    assert cues(events) == cues(expected)
    assert [type(e) for _, e in events] == [type(e) for _, e in expected]


# ---- the action log and crash resume -------------------------------------------------------


def test_every_action_is_logged_with_monotonic_and_wall_time():
    engine, clock = started(timed_plan(warmup=0))
    clock.advance(15)
    engine.pause()
    clock.advance(5)
    engine.resume()  # a get-ready before the rest of the sprint
    clock.advance(1)
    engine.skip()  # the get-ready
    clock.advance(1)
    engine.skip()  # the sprint
    engine.add_time()
    engine.end()
    logged = [e.record for e in engine.poll() if isinstance(e, ActionLogged)]
    assert [r.action for r in logged] == [
        "start", "pause", "resume", "skip", "skip", "add_time", "end",
    ]  # fmt: skip
    assert [r.mono - T0 for r in logged] == [0.0, 15.0, 20.0, 21.0, 22.0, 22.0, 22.0]
    assert [r.phase for r in logged] == [
        "get_ready", "sprint", "sprint", "get_ready", "sprint", "walk_down", "walk_down",
    ]  # fmt: skip
    iso_offset = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")
    assert all(iso_offset.match(r.at) for r in logged)
    assert logged[1].at == "2026-05-04T07:00:15.000+02:00"


def test_first_rep_resumes_a_crashed_session_at_its_get_ready():
    engine = SessionEngine(timed_plan(reps=4), ManualClock(T0), first_rep=3)
    engine.start()
    state = engine.state()
    assert (state.phase, state.rep, state.rep_count) == (Phase.GET_READY, 3, 4)
    with pytest.raises(ValueError, match="first_rep"):
        SessionEngine(timed_plan(reps=4), ManualClock(T0), first_rep=5)


def test_progress_runs_from_zero_to_one():
    engine, _ = started(timed_plan())
    total = timed_plan().planned_total_s()
    values = [engine.state(T0 + t).progress for t in range(0, int(total) + 1, 5)]
    assert values[0] == 0.0 and values[-1] == 1.0
    assert values == sorted(values)
    assert engine.state(T0 + total / 2).progress == pytest.approx(0.5)


# -- looking ahead: the cues a player can place before they fall due ------------------------


def due_cues(engine, clock, until, step=0.05):
    return [ev.cue for _, ev in run_until(engine, clock, until, step) if isinstance(ev, CueDue)]


@pytest.mark.parametrize("horizon", [0.3, 1.5, 7.0])
@pytest.mark.parametrize("plan", [timed_plan(), timed_plan(cooldown=0.0, warmup=0.0)])
def test_upcoming_cues_are_exactly_the_cues_poll_will_return(plan, horizon):
    """Without the runner doing anything, what is announced for (now, now + h] is what poll()
    then returns for that span: the same Cue values, deadlines to the bit."""
    engine, clock = started(plan)
    rng = random.Random(7)
    while not engine.done:
        now = clock.monotonic()
        ahead = engine.upcoming_cues(horizon)
        assert all(now < cue.deadline <= now + horizon for cue in ahead)
        fell_due = due_cues(engine, clock, now + horizon + 1e-6)  # float steps reach it
        assert ahead == [c for c in fell_due if now < c.deadline <= now + horizon]
        clock.advance(rng.uniform(0, 0.5))
        engine.poll()


def test_nothing_is_upcoming_before_the_start_while_paused_or_when_done():
    plan = timed_plan(reps=1, warmup=0.0, cooldown=0.0)
    clock = ManualClock(T0)
    engine = SessionEngine(plan, clock)
    assert engine.upcoming_cues(60) == []
    engine.start()
    engine.poll()  # "Rep one of one" and "Last rep" were due at the start itself
    assert [(c.kind, c.deadline - T0) for c in engine.upcoming_cues(60)] == [
        (CueKind.TICK, 7.0),
        (CueKind.TICK, 8.0),
        (CueKind.TICK, 9.0),
        (CueKind.GO, 10.0),
        (CueKind.SPRINT_END, 20.0),
        (CueKind.SESSION_COMPLETE, 20.0),
    ]
    engine.pause()
    assert engine.upcoming_cues(60) == []
    engine.resume()
    run_until(engine, clock, T0 + 60)
    assert engine.done and engine.upcoming_cues(60) == []


@pytest.mark.parametrize("act", ["pause", "skip", "add_time"])
def test_after_the_runner_acts_the_upcoming_cues_follow_the_new_timeline(act):
    engine, clock = started(timed_plan(warmup=0.0))
    clock.advance(25.0 if act == "add_time" else 12.0)  # the walk-down, or the first sprint
    engine.poll()
    before = engine.upcoming_cues(70)
    if act == "pause":
        engine.pause()
        clock.advance(5.0)
        engine.resume()
    else:
        getattr(engine, act)()
    now = clock.monotonic()
    after = engine.upcoming_cues(70)
    assert after != [c for c in before if c.deadline > now]  # moved
    fell_due = due_cues(engine, clock, now + 70 + 1e-6)
    assert after == [c for c in fell_due if now < c.deadline <= now + 70]


def test_a_manual_walk_down_ends_the_view():
    engine, clock = started(manual_plan(reps=2))
    run_until(engine, clock, T0 + 10.0 + 10.0 + 1.0)  # into the manual walk-down
    assert engine.upcoming_cues(600) == []  # its end (and the next GO) is up to the runner
