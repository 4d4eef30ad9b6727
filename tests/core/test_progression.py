"""The progression rule table: every row, every threshold boundary, two-in-a-row, the cap, and
accepting a suggestion (a new plan that passes plan validation)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hillsprint.core.plan import MAX_NAME_LEN, MAX_REPS, Plan, PlanError, RepSpec, plan_from_json
from hillsprint.core.presets import preset
from hillsprint.core.progression import (
    ADD_MAX_EFFORT,
    BACK_OFF_EFFORT,
    HOLD_MIN_EFFORT,
    REP_CAP,
    RULES,
    SHORT_SPRINT_MAX_S,
    SessionOutcome,
    Suggestion,
    SuggestionKind,
    apply_suggestion,
    plan_name_with_reps,
    rule,
    suggest_next,
)

K = SuggestionKind


def hill(n: int, sprint_s: float = 10) -> Plan:
    return Plan("Hill power", (RepSpec(sprint_s, 120, manual=True),) * n)


def done(mean: float | None, n: int = 6, sprint_s: float = 10) -> SessionOutcome:
    """A complete session: every rep of an n-rep plan done."""
    return SessionOutcome(hill(n, sprint_s), reps_done=n, mean_effort=mean)


def skipped(mean: float | None, n: int = 6, skips: int = 1) -> SessionOutcome:
    return SessionOutcome(hill(n), reps_done=n - skips, reps_skipped=skips, mean_effort=mean)


def ended(mean: float | None, n: int = 6, reps_done: int = 4) -> SessionOutcome:
    return SessionOutcome(hill(n), reps_done=reps_done, mean_effort=mean, ended_early=True)


# -- the table as data -----------------------------------------------------------------------


def test_the_table_is_ordered_data_the_ui_can_show():
    assert [r.id for r in RULES] == [
        "no_data",
        "incomplete_at_minimum",
        "incomplete",
        "no_effort",
        "very_hard_at_minimum",
        "very_hard",
        "hard",
        "between",
        "long_sprints",
        "at_cap",
        "easy_once",
        "add_rep",
    ]
    for row in RULES:
        assert row.when and row.then
        assert row.source or row.id == "no_data"
    assert rule("hard").when == "Mean effort from 8 to below 9.5"
    assert rule("between").when == "Mean effort above 7 and below 8"
    assert rule("add_rep").change == 1
    assert rule("very_hard").change == -1 and rule("incomplete").change == -1
    assert {r.change for r in RULES if r.kind in (K.HOLD, K.AT_CAP, K.NOT_ENOUGH_DATA)} == {0}


def test_thresholds_are_the_issues_numbers():
    assert (ADD_MAX_EFFORT, HOLD_MIN_EFFORT, BACK_OFF_EFFORT) == (7.0, 8.0, 9.5)
    assert (REP_CAP, SHORT_SPRINT_MAX_S) == (12, 12.0)


def test_unknown_rule_id_lists_the_ids():
    with pytest.raises(KeyError, match="no_data"):
        rule("nope")


# One case per row: (sessions, rule id, kind, current reps, suggested reps).
ROW_CASES = {
    "no_data": ([], K.NOT_ENOUGH_DATA, None, None),
    "incomplete_at_minimum": ([skipped(5, n=1)], K.HOLD, 1, 1),
    "incomplete": ([skipped(5)], K.BACK_OFF, 6, 5),
    "no_effort": ([done(None)], K.NOT_ENOUGH_DATA, 6, 6),
    "very_hard_at_minimum": ([done(9.8, n=1)], K.HOLD, 1, 1),
    "very_hard": ([done(9.8)], K.BACK_OFF, 6, 5),
    "hard": ([done(8.5)], K.HOLD, 6, 6),
    "between": ([done(7.5)], K.HOLD, 6, 6),
    "long_sprints": ([done(5, n=4, sprint_s=30)] * 2, K.HOLD, 4, 4),
    "at_cap": ([done(5, n=12)] * 2, K.AT_CAP, 12, 12),
    "easy_once": ([done(5)], K.HOLD, 6, 6),
    "add_rep": ([done(6.5), done(6.8)], K.ADD_REP, 6, 7),
}


def test_every_row_has_a_case():
    assert set(ROW_CASES) == {r.id for r in RULES}


@pytest.mark.parametrize("rule_id", list(ROW_CASES))
def test_each_row_fires(rule_id: str):
    sessions, kind, current, suggested = ROW_CASES[rule_id]

    s = suggest_next(sessions)

    assert (s.rule_id, s.kind, s.current_rep_count, s.rep_count) == (
        rule_id,
        kind,
        current,
        suggested,
    )
    assert s.source == rule(rule_id).source
    assert s.changes_plan == (kind in (K.ADD_REP, K.BACK_OFF))


# -- the sentences ---------------------------------------------------------------------------


def test_add_sentence_names_both_means_oldest_first():
    s = suggest_next([done(6.5), done(6.8)])

    assert s.rule == (
        "Every rep done and mean effort ≤ 7 in the last 2 sessions (6.5, 6.8): "
        "add one rep (6 → 7 reps)."
    )


@pytest.mark.parametrize(
    ("sessions", "text"),
    [
        ([], "No saved session on this plan and hill yet: no suggestion."),
        ([skipped(5)], "1 rep skipped in the last session: back off one rep (6 → 5 reps)."),
        (
            [skipped(5, skips=2)],
            "2 reps skipped in the last session: back off one rep (6 → 5 reps).",
        ),
        (
            [ended(5)],
            "Ended early (4 of 6 reps done) in the last session: back off one rep (6 → 5 reps).",
        ),
        (
            [SessionOutcome(hill(6), reps_done=3, reps_skipped=1, ended_early=True)],
            "1 rep skipped and ended early (3 of 6 reps done) in the last session: "
            "back off one rep (6 → 5 reps).",
        ),
        (
            [done(None)],
            "No rep effort recorded in the last session: hold at 6 reps (rate the reps to get "
            "a suggestion).",
        ),
        (
            [done(9.7)],
            "Mean effort ≥ 9.5 in the last session (9.7): back off one rep (6 → 5 reps).",
        ),
        (
            [done(9.7, n=2)],
            "Mean effort ≥ 9.5 in the last session (9.7): back off one rep (2 → 1 rep).",
        ),
        (
            [done(9.7, n=1)],
            "Mean effort ≥ 9.5 in the last session (9.7), but the plan is at 1 rep, the minimum: "
            "hold at 1 rep.",
        ),
        ([done(8.25)], "Mean effort 8 to below 9.5 in the last session (8.25): hold at 6 reps."),
        (
            [done(7.5)],
            "Mean effort above 7 and below 8 in the last session (7.5): hold at 6 reps.",
        ),
        (
            [done(5)],
            "Every rep done and mean effort ≤ 7 in the last session (5), but there is no "
            "earlier session on this plan and hill: hold at 6 reps; add a rep after 2 sessions "
            "like this in a row.",
        ),
        (
            [done(5, n=12)],
            "Every rep done and mean effort ≤ 7 in the last session (5), but the plan is at the "
            "cap of 12 reps for sprints of 12 s or less: hold at 12 reps.",
        ),
        (
            [done(5, n=4, sprint_s=30)],
            "Every rep done and mean effort ≤ 7 in the last session (5), but this plan has "
            "sprints longer than 12 s (up to 30 s) and the add-a-rep rule is for short hill "
            "sprints: hold at 4 reps.",
        ),
    ],
)
def test_sentences(sessions: list[SessionOutcome], text: str):
    assert suggest_next(sessions).rule == text


# -- effort boundaries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mean", "rule_id", "reps"),
    [
        (0.0, "add_rep", 7),
        (7.0, "add_rep", 7),  # ≤ 7 adds
        (7.01, "between", 6),  # just above 7: the gap the issue left, hold
        (7.99, "between", 6),
        (8.0, "hard", 6),  # the issue's hold band starts at 8
        (9.0, "hard", 6),  # ... and its end, 9
        (9.2, "hard", 6),  # 9-9.5: the other gap, hold
        (9.49, "hard", 6),
        (9.5, "very_hard", 5),  # ≥ 9.5 backs off
        (10.0, "very_hard", 5),
    ],
)
def test_boundaries_with_the_same_mean_twice(mean: float, rule_id: str, reps: int):
    s = suggest_next([done(mean), done(mean)])

    assert (s.rule_id, s.rep_count) == (rule_id, reps)


def test_the_mean_is_compared_as_shown_rounded_to_two_decimals():
    assert suggest_next([done(7.004), done(7.004)]).rule_id == "add_rep"  # shows 7
    easy_looking = suggest_next([done(7.006), done(7.006)])
    assert easy_looking.rule_id == "between"
    assert "(7.01)" in easy_looking.rule
    assert suggest_next([done(9.496)]).rule_id == "very_hard"  # shows 9.5


def test_whole_number_efforts_give_exact_means():
    # 7, 7, 7, 8 over four reps: 29/4 = 7.25 → hold; 7, 7, 7, 7 → 7.0 → easy.
    assert suggest_next([done(29 / 4)]).rule_id == "between"
    assert suggest_next([done(28 / 4), done(28 / 4)]).rule_id == "add_rep"


# -- two in a row ----------------------------------------------------------------------------


def test_one_easy_session_is_not_enough():
    assert suggest_next([done(6)]).kind is K.HOLD


def test_the_session_before_must_be_easy_too():
    s = suggest_next([done(7.4), done(6)])

    assert (s.rule_id, s.rep_count) == ("easy_once", 6)
    assert "the session before had mean effort 7.4" in s.rule


def test_a_skipped_rep_before_breaks_the_row():
    s = suggest_next([skipped(5), done(5)])

    assert s.rule_id == "easy_once"
    assert "the session before had a skipped rep or ended early" in s.rule


def test_an_unrated_session_before_breaks_the_row():
    s = suggest_next([done(None), done(5)])

    assert s.rule_id == "easy_once"
    assert "the session before has no effort recorded" in s.rule


def test_after_adding_a_rep_it_takes_two_more_easy_sessions():
    at_six = [done(5, n=6), done(5, n=6)]
    assert suggest_next(at_six).rep_count == 7

    first_at_seven = suggest_next([*at_six, done(5, n=7)])
    assert (first_at_seven.rule_id, first_at_seven.rep_count) == ("easy_once", 7)
    assert "the session before was at 6 reps" in first_at_seven.rule

    second_at_seven = suggest_next([*at_six, done(5, n=7), done(6, n=7)])
    assert (second_at_seven.kind, second_at_seven.rep_count) == (K.ADD_REP, 8)


def test_only_the_newest_sessions_count():
    assert suggest_next([done(9.8), done(6), done(6)]).kind is K.ADD_REP
    assert suggest_next([done(6), done(6), done(9.8)]).kind is K.BACK_OFF
    assert suggest_next([done(6), done(6), done(8)]).rule_id == "hard"


# -- skipped reps, early end, missing efforts ------------------------------------------------


def test_skipped_reps_back_off_whatever_the_effort():
    for mean in (0.0, 5.0, 7.0, 8.5, 10.0, None):
        s = suggest_next([done(5), skipped(mean)])
        assert (s.rule_id, s.kind, s.rep_count) == ("incomplete", K.BACK_OFF, 5)


def test_ended_early_counts_like_skipped():
    s = suggest_next([done(5), ended(5, reps_done=5)])

    assert (s.rule_id, s.rep_count) == ("incomplete", 5)


def test_fewer_reps_than_planned_counts_as_ended_early_even_without_the_flag():
    s = suggest_next([SessionOutcome(hill(6), reps_done=5, mean_effort=5)])

    assert (s.rule_id, s.rep_count) == ("incomplete", 5)
    assert "Ended early (5 of 6 reps done)" in s.rule


def test_ended_early_backs_off_even_with_every_rep_done():
    s = suggest_next(
        [done(5), SessionOutcome(hill(6), reps_done=6, mean_effort=5, ended_early=True)]
    )

    assert (s.rule_id, s.rep_count) == ("incomplete", 5)
    assert s.rule.startswith("Ended early (6 of 6 reps done) in the last session")


def test_back_off_never_below_one_rep():
    assert suggest_next([skipped(5, n=2)]).rep_count == 1
    at_one = suggest_next([skipped(5, n=1)])
    assert (at_one.kind, at_one.rep_count, at_one.changes_plan) == (K.HOLD, 1, False)
    assert suggest_next([ended(None, n=1, reps_done=0)]).rep_count == 1


def test_no_effort_holds_and_says_why():
    s = suggest_next([done(5), done(None)])

    assert (s.kind, s.rep_count, s.changes_plan) == (K.NOT_ENOUGH_DATA, 6, False)


# -- the cap ---------------------------------------------------------------------------------


def test_adds_up_to_the_cap_then_stops():
    assert suggest_next([done(5, n=11)] * 2).rep_count == 12
    at_cap = suggest_next([done(5, n=12)] * 2)
    assert (at_cap.kind, at_cap.rep_count) == (K.AT_CAP, 12)
    assert "after Hudson" in at_cap.source


def test_a_plan_above_the_cap_is_held_not_cut():
    s = suggest_next([done(5, n=14)] * 2)

    assert (s.kind, s.rep_count) == (K.AT_CAP, 14)
    assert "above (14 reps) the cap of 12" in s.rule


def test_at_the_cap_hard_sessions_still_hold_and_back_off():
    assert suggest_next([done(8.5, n=12)]).rule_id == "hard"
    assert suggest_next([done(9.5, n=12)]).rep_count == 11


def test_twelve_second_sprints_are_short_a_longer_one_is_not():
    assert suggest_next([done(5, n=11, sprint_s=12)] * 2).rep_count == 12
    assert suggest_next([done(5, n=12, sprint_s=12)] * 2).kind is K.AT_CAP
    assert suggest_next([done(5, n=6, sprint_s=12.5)] * 2).rule_id == "long_sprints"


def test_one_long_sprint_in_the_plan_is_enough_to_stop_adding():
    pyramid = preset("pyramid")  # 10-15-20-15-10 s
    s = suggest_next([SessionOutcome(pyramid, reps_done=5, mean_effort=5)] * 2)

    assert (s.rule_id, s.rep_count) == ("long_sprints", 5)
    assert "up to 20 s" in s.rule
    assert "Vollaard" in s.source


def test_plans_with_long_sprints_still_back_off():
    sit = preset("classic-sit")
    s = suggest_next([SessionOutcome(sit, reps_done=3, reps_skipped=1, mean_effort=9)])

    assert (s.kind, s.rep_count) == (K.BACK_OFF, 3)


# -- input checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reps_done": -1},
        {"reps_done": 7},
        {"reps_done": 5, "reps_skipped": 2},
        {"reps_done": True},
        {"reps_done": 6.0},
        {"reps_done": 6, "mean_effort": 10.5},
        {"reps_done": 6, "mean_effort": -0.5},
        {"reps_done": 6, "mean_effort": float("nan")},
        {"reps_done": 6, "mean_effort": True},
        {"reps_done": 6, "mean_effort": "7"},
    ],
)
def test_bad_session_outcomes_are_refused(kwargs: dict):
    with pytest.raises(ValueError):
        SessionOutcome(hill(6), **kwargs)


def test_planned_reps_come_from_the_plan():
    s = SessionOutcome(hill(6), reps_done=6, mean_effort=5)

    assert (s.reps_planned, s.complete, s.easy) == (6, True, True)


# -- invariants over any history -------------------------------------------------------------

EFFORTS = st.one_of(st.none(), st.floats(min_value=0, max_value=10, allow_nan=False))


@st.composite
def outcomes(draw: st.DrawFn) -> SessionOutcome:
    n = draw(st.integers(min_value=1, max_value=16))
    sprint = draw(st.sampled_from([8, 10, 12, 15, 30]))
    run = draw(st.integers(min_value=0, max_value=n))
    skips = draw(st.integers(min_value=0, max_value=n - run))
    return SessionOutcome(
        hill(n, sprint),
        reps_done=run,
        reps_skipped=skips,
        mean_effort=draw(EFFORTS),
        ended_early=draw(st.booleans()) if run < n else False,
    )


@given(st.lists(outcomes(), max_size=4))
def test_suggestions_move_at_most_one_rep_and_stay_in_bounds(sessions: list[SessionOutcome]):
    s = suggest_next(sessions)

    if not sessions:
        assert s.rep_count is None
        return
    n = sessions[-1].reps_planned
    assert s.current_rep_count == n
    assert s.rep_count is not None and s.rep_count >= 1
    assert s.rep_count - n == {K.ADD_REP: 1, K.BACK_OFF: -1}.get(s.kind, 0)
    if s.kind is K.ADD_REP:
        assert n < REP_CAP
        assert max(r.sprint_s for r in sessions[-1].plan.reps) <= SHORT_SPRINT_MAX_S
        assert sessions[-1].easy and sessions[-2].easy
    if not sessions[-1].complete:
        assert s.rule_id in ("incomplete", "incomplete_at_minimum")
    assert s.rule.endswith(".")


@given(
    st.floats(min_value=0, max_value=10, allow_nan=False),
    st.floats(min_value=0, max_value=10, allow_nan=False),
    st.integers(min_value=1, max_value=14),
)
def test_a_harder_session_never_suggests_more_reps(low: float, high: float, n: int):
    low, high = sorted((low, high))
    before = done(5, n=n)

    easier = suggest_next([before, done(low, n=n)])
    harder = suggest_next([before, done(high, n=n)])

    assert harder.rep_count is not None and easier.rep_count is not None
    assert harder.rep_count <= easier.rep_count


# -- accepting a suggestion ------------------------------------------------------------------

LADDER = Plan(
    "Ladder",
    (RepSpec(8, 80, manual=True), RepSpec(10, 100), RepSpec(12, 120, manual=True)),
    warmup_s=900,
    get_ready_s=5,
    cooldown_s=240,
    description="Up the ladder.",
    source="Somebody",
)


def suggestion(rep_count: int | None, current: int | None = 3) -> Suggestion:
    return Suggestion(K.ADD_REP, rep_count, current, "rule", "source", "add_rep")


def test_adding_repeats_the_last_rep_and_keeps_the_rest():
    new = apply_suggestion(LADDER, suggestion(4))

    assert new.name == "Ladder (4 reps)"
    assert new.reps == (*LADDER.reps, RepSpec(12, 120, manual=True))
    assert (new.warmup_s, new.get_ready_s, new.cooldown_s) == (900, 5, 240)
    assert (new.description, new.source) == ("Up the ladder.", "Somebody")


def test_backing_off_drops_the_last_rep():
    new = apply_suggestion(LADDER, suggestion(2))

    assert new.reps == LADDER.reps[:2]
    assert new.name == "Ladder (2 reps)"
    assert apply_suggestion(LADDER, suggestion(1)).name == "Ladder (1 rep)"


def test_holding_returns_the_plan_itself():
    assert apply_suggestion(LADDER, suggestion(3)) is LADDER
    assert apply_suggestion(LADDER, suggestion(None, None)) is LADDER


def test_the_new_plan_passes_plan_validation():
    new = apply_suggestion(LADDER, suggestion(5))

    assert plan_from_json(new.to_json()) == new


def test_an_earlier_rep_suffix_is_replaced_not_stacked():
    once = apply_suggestion(LADDER, suggestion(4))
    twice = apply_suggestion(once, suggestion(5, 4))

    assert twice.name == "Ladder (5 reps)"
    assert plan_name_with_reps("My (hill) plan", 7) == "My (hill) plan (7 reps)"


def test_a_long_name_is_shortened_to_fit():
    long = Plan("x" * MAX_NAME_LEN, LADDER.reps)

    new = apply_suggestion(long, suggestion(4))

    assert len(new.name) == MAX_NAME_LEN
    assert new.name.endswith("x (4 reps)")


def test_rep_counts_outside_the_plan_limits_are_refused():
    full = Plan("Full", (RepSpec(10, 60),) * MAX_REPS)
    with pytest.raises(PlanError, match="over the limit of 99"):
        apply_suggestion(full, suggestion(MAX_REPS + 1, MAX_REPS))
    with pytest.raises(PlanError, match="at least 1 rep"):
        apply_suggestion(LADDER, suggestion(0))


def test_suggest_then_accept_end_to_end():
    power = preset("hill-power")  # 8 × 10 s
    history = [SessionOutcome(power, reps_done=8, mean_effort=e) for e in (6.5, 6.8)]

    s = suggest_next(history)
    new = apply_suggestion(power, s)

    assert (s.kind, new.rep_count, new.name) == (K.ADD_REP, 9, "Hill power (9 reps)")
    back = suggest_next([SessionOutcome(new, reps_done=8, reps_skipped=1, mean_effort=9)])
    assert apply_suggestion(new, back).rep_count == 8
