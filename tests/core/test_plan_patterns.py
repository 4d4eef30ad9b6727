"""Plan-editor patterns and rep-list edits: exact results, refusals with clear messages, and
every result accepted by plan validation."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hillsprint.core.plan import (
    MAX_RECOVERY_S,
    MAX_REPS,
    MAX_SPRINT_S,
    Plan,
    PlanError,
    RepSpec,
    plan_from_json,
)
from hillsprint.core.plan_patterns import (
    ladder,
    move_rep,
    pyramid,
    remove_rep,
    repeat,
    repeat_rep,
)

A = RepSpec(8, 80)
B = RepSpec(10, 100, manual=True)
C = RepSpec(12, 120)


def round_trips(reps: tuple[RepSpec, ...]) -> bool:
    plan = Plan("p", reps)
    return plan_from_json(plan.to_json()) == plan


def sprints(reps: tuple[RepSpec, ...]) -> list[float]:
    return [r.sprint_s for r in reps]


def rests(reps: tuple[RepSpec, ...]) -> list[float]:
    return [r.recovery_s for r in reps]


# -- repeat ----------------------------------------------------------------------------------


def test_repeat_timed():
    reps = repeat(3, 10, 60)

    assert reps == (RepSpec(10, 60),) * 3
    assert round_trips(reps)


def test_repeat_manual_uses_min_s_or_rest_s_as_the_minimum():
    assert repeat(2, 8, 120, manual=True) == (RepSpec(8, 120, manual=True),) * 2
    assert repeat(2, 8, 120, manual=True, min_s=90) == (RepSpec(8, 90, manual=True),) * 2
    assert round_trips(repeat(2, 8, 120, manual=True, min_s=90))


def test_repeat_limits_are_plan_limits():
    assert len(repeat(MAX_REPS, MAX_SPRINT_S, MAX_RECOVERY_S)) == MAX_REPS
    assert repeat(1, 0.5, 0.5) == (RepSpec(0.5, 0.5),)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 10, 60), {}, "n: must be 1 to 99, got 0"),
        ((100, 10, 60), {}, "n: must be 1 to 99, got 100"),
        ((2.0, 10, 60), {}, "n: expected a whole number, got 2"),
        ((True, 10, 60), {}, "n: expected a whole number, got True"),
        ((3, 0, 60), {}, "sprint_s: must be more than 0 seconds, got 0"),
        ((3, -1, 60), {}, "sprint_s: must be more than 0 seconds, got -1"),
        ((3, 601, 60), {}, "sprint_s: 601 is over the limit of 600 s"),
        ((3, math.nan, 60), {}, "sprint_s: expected a number of seconds, got nan"),
        ((3, "10", 60), {}, "sprint_s: expected a number of seconds, got '10'"),
        ((3, 10, 3601), {}, "rest_s: 3601 is over the limit of 3600 s"),
        ((3, 10, 0), {}, "rest_s: must be more than 0 seconds, got 0"),
        ((3, 10, 60), {"min_s": 30}, "min_s: only a manual walk-down has a minimum"),
        ((3, 10, 60), {"manual": True, "min_s": 0}, "min_s: must be more than 0 seconds"),
    ],
)
def test_repeat_refuses_bad_input(args: tuple, kwargs: dict, message: str):
    with pytest.raises(PlanError) as info:
        repeat(*args, **kwargs)

    assert str(info.value).startswith(message)


# -- ladder and pyramid ----------------------------------------------------------------------


def test_ladder_ascends_with_proportional_rest():
    reps = ladder(8, 12, 2, 10)

    assert sprints(reps) == [8, 10, 12]
    assert rests(reps) == [80, 100, 120]
    assert not any(r.manual for r in reps)
    assert round_trips(reps)


def test_pyramid_goes_up_and_back_down_with_the_peak_once():
    reps = pyramid(8, 12, 2, 10)

    assert sprints(reps) == [8, 10, 12, 10, 8]
    assert rests(reps) == [80, 100, 120, 100, 80]
    assert round_trips(reps)


def test_pyramid_like_the_preset_with_manual_walk_downs():
    reps = pyramid(10, 20, 5, 9, manual=True)

    assert sprints(reps) == [10, 15, 20, 15, 10]
    assert rests(reps) == [90, 135, 180, 135, 90]
    assert all(r.manual for r in reps)


def test_a_single_step_pyramid():
    assert sprints(pyramid(10, 12, 2, 6)) == [10, 12, 10]
    assert sprints(ladder(10, 12, 2, 6)) == [10, 12]


def test_fractional_steps_leave_no_float_noise():
    assert sprints(ladder(10, 10.3, 0.1, 10)) == [10, 10.1, 10.2, 10.3]
    assert rests(ladder(10, 10.3, 0.1, 10)) == [100, 101, 102, 103]
    assert sprints(ladder(0.1, 0.4, 0.1, 1)) == [0.1, 0.2, 0.3, 0.4]  # 0.1 + 2 × 0.1 ≠ 0.3


def test_the_rep_limit_counts_the_way_down_too():
    assert len(pyramid(1, 50, 1, 2)) == MAX_REPS  # 50 up, 49 down
    with pytest.raises(PlanError, match="101 reps is over the limit of 99"):
        pyramid(1, 51, 1, 2)
    with pytest.raises(PlanError, match="makes 100 sprints, over the limit of 99"):
        ladder(1, 100, 1, 2)


@pytest.mark.parametrize("pattern", [ladder, pyramid])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((8, 13, 2, 10), "step_s: 13 − 8 = 5 s is not a whole number of 2 s steps"),
        ((12, 8, 2, 10), "high_s: must be more than low_s (12), got 8"),
        ((10, 10, 2, 10), "high_s: must be more than low_s (10), got 10"),
        ((8, 12, 0, 10), "step_s: must be more than 0 seconds, got 0"),
        ((0, 12, 2, 10), "low_s: must be more than 0 seconds, got 0"),
        ((8, 700, 2, 10), "high_s: 700 is over the limit of 600 s"),
        ((8, 12, 2, 0), "rest_ratio: expected a number more than 0, got 0"),
        ((8, 12, 2, -1), "rest_ratio: expected a number more than 0, got -1"),
        ((8, 12, 2, math.inf), "rest_ratio: expected a number more than 0, got inf"),
        ((8, 12, 2, 301), "rest_ratio: 301 × 12 s = 3612 s walk-down, outside the limits"),
        ((8, 12, 2, 1e-5), "rest_ratio: 1e-05 × 8 s = 0 s walk-down, outside the limits"),
    ],
)
def test_ladder_and_pyramid_refuse_bad_input(pattern, args: tuple, message: str):
    with pytest.raises(PlanError) as info:
        pattern(*args)

    assert str(info.value).startswith(message)


def test_the_longest_walk_down_may_reach_the_limit():
    assert max(rests(ladder(8, 12, 2, 300))) == MAX_RECOVERY_S
    assert max(rests(pyramid(8, 12, 2, 300))) == MAX_RECOVERY_S


@given(
    low=st.integers(min_value=1, max_value=30),
    steps=st.integers(min_value=1, max_value=10),
    step=st.sampled_from([0.5, 1, 2, 2.5, 5]),
    ratio=st.sampled_from([1, 4.5, 10, 12]),
    manual=st.booleans(),
)
def test_patterns_always_make_valid_plans(low, steps, step, ratio, manual):
    high = low + steps * step
    for pattern in (ladder, pyramid):
        reps = pattern(low, high, step, ratio, manual=manual)
        assert round_trips(reps)
        assert sprints(reps)[0] == low and max(sprints(reps)) == high
        assert all(r.recovery_s == pytest.approx(r.sprint_s * ratio) for r in reps)
        assert all(r.manual == manual for r in reps)
    up = sprints(ladder(low, high, step, ratio))
    assert up == sorted(up) and len(up) == steps + 1
    assert sprints(pyramid(low, high, step, ratio)) == up + up[-2::-1]


@given(
    st.integers(min_value=-5, max_value=120),
    st.one_of(st.floats(allow_nan=True), st.integers(min_value=-10, max_value=5000)),
    st.one_of(st.floats(allow_nan=True), st.integers(min_value=-10, max_value=5000)),
)
def test_repeat_makes_a_valid_plan_or_raises_plan_error(n, sprint_s, rest_s):
    try:
        reps = repeat(n, sprint_s, rest_s)
    except PlanError:
        return
    assert round_trips(reps) and len(reps) == n


# -- repeat_rep, move_rep, remove_rep --------------------------------------------------------


def test_repeat_rep_makes_the_rep_appear_n_times_in_a_row():
    assert repeat_rep((A, B, C), 1, 3) == (A, B, B, B, C)
    assert repeat_rep((A, B, C), 2, 2) == (A, B, C, C)
    assert repeat_rep((A, B, C), 0, 1) == (A, B, C)
    assert round_trips(repeat_rep((A, B, C), 1, 3))


def test_repeat_rep_respects_the_rep_limit():
    reps = (A,) * 98 + (B,)
    assert len(repeat_rep((A, B), 1, 98)) == MAX_REPS
    with pytest.raises(PlanError, match=r"times: 99 would make 100 reps, over the limit of 99"):
        repeat_rep((A, B), 1, 99)
    with pytest.raises(PlanError, match=r"at most 1 here"):
        repeat_rep(reps, 0, 2)


@pytest.mark.parametrize(
    ("index", "times", "message"),
    [
        (3, 2, "index: no rep 4 (index 3); the plan has 3 reps"),
        (-1, 2, "index: no rep 0 (index -1); the plan has 3 reps"),
        ("1", 2, "index: expected a whole number, got '1'"),
        (1, 0, "times: must be 1 or more, got 0"),
        (1, 2.0, "times: expected a whole number, got 2"),
    ],
)
def test_repeat_rep_refuses_bad_input(index, times, message: str):
    with pytest.raises(PlanError) as info:
        repeat_rep((A, B, C), index, times)

    assert str(info.value) == message


def test_move_rep():
    assert move_rep((A, B, C), 0, 1) == (B, A, C)
    assert move_rep((A, B, C), 0, 2) == (B, C, A)
    assert move_rep((A, B, C), 2, -1) == (A, C, B)
    assert move_rep((A, B, C), 2, -2) == (C, A, B)
    assert move_rep((A, B, C), 1, 0) == (A, B, C)


@pytest.mark.parametrize(
    ("index", "delta", "message"),
    [
        (0, -1, "delta: cannot move rep 1 by -1; it would go past the first rep (the plan has 3)"),
        (2, 1, "delta: cannot move rep 3 by +1; it would go past the last rep (the plan has 3)"),
        (1, 5, "delta: cannot move rep 2 by +5; it would go past the last rep (the plan has 3)"),
        (5, 1, "index: no rep 6 (index 5); the plan has 3 reps"),
        (1, 1.0, "delta: expected a whole number, got 1"),
    ],
)
def test_move_rep_refuses_moves_past_the_ends(index, delta, message: str):
    with pytest.raises(PlanError) as info:
        move_rep((A, B, C), index, delta)

    assert str(info.value) == message


@given(st.data())
def test_move_keeps_every_rep_and_moving_back_undoes_it(data: st.DataObject):
    reps = tuple(
        data.draw(
            st.lists(st.sampled_from([A, B, C, RepSpec(20, 30)]), min_size=1, max_size=12),
            label="reps",
        )
    )
    index = data.draw(st.integers(0, len(reps) - 1), label="index")
    delta = data.draw(st.integers(-index, len(reps) - 1 - index), label="delta")

    moved = move_rep(reps, index, delta)

    assert Counter(moved) == Counter(reps)
    assert moved[index + delta] == reps[index]
    assert move_rep(moved, index + delta, -delta) == reps


def test_remove_rep():
    assert remove_rep((A, B, C), 1) == (A, C)
    assert remove_rep((A, B, C), 0) == (B, C)
    assert remove_rep((A, B, C), 2) == (A, B)


def test_remove_rep_refuses_the_only_rep_and_missing_ones():
    with pytest.raises(PlanError, match="cannot remove the only rep"):
        remove_rep((A,), 0)
    with pytest.raises(PlanError, match=r"no rep 3 \(index 2\); the plan has 2 reps"):
        remove_rep((A, B), 2)


def test_edits_refuse_an_empty_or_invalid_rep_list():
    with pytest.raises(PlanError, match="the list is empty"):
        remove_rep((), 0)
    with pytest.raises(PlanError, match="rep 2: expected a RepSpec, got dict"):
        move_rep((A, {"sprint_s": 10}), 0, 1)  # type: ignore[arg-type]
    with pytest.raises(PlanError, match=r"reps\[0\]\.sprint_s: 700 is over the limit of 600 s"):
        move_rep((RepSpec(700, 60), A), 0, 1)
