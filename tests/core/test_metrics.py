"""hillsprint.core.metrics against values worked out by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hillsprint.core import metrics
from hillsprint.core.metrics import (
    LoadTrend,
    acwr,
    daily_loads,
    effort_change,
    effort_slope,
    ewma,
    ewma_lambda,
    load_trend,
    local_day,
    monday_of,
    monotony,
    session_load,
    session_summary,
    sessions_per_week,
    strain,
    weekly_loads,
    weekly_sums,
)

CET = timezone(timedelta(hours=1))  # Europe/Berlin in winter
CEST = timezone(timedelta(hours=2))  # ... and in summer (from 2026-03-29 02:00 local)


def at(year: int, month: int, day: int, hour: int, minute: int = 0, tz=CET) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


# -- session load ----------------------------------------------------------------------------


def test_session_load_is_rpe_times_minutes():
    # RPE 6 for 40 min (2400 s): 6 × 40 = 240 AU
    assert session_load(6, 2400) == 240.0
    # RPE 7 for 25.5 min (1530 s): 7 × 25.5 = 178.5 AU
    assert session_load(7, 1530.0) == pytest.approx(178.5)
    # RPE 0 (a rest-level session) is a load of 0, not "missing"
    assert session_load(0, 1800) == 0.0


def test_session_load_is_none_without_rpe_or_duration():
    assert session_load(None, 2400) is None
    assert session_load(5, None) is None


def test_session_load_is_the_shared_one():
    from hillsprint.core import load

    assert metrics.session_load is load.session_load


# -- days and weeks --------------------------------------------------------------------------


def test_local_day_uses_the_recorded_offset_not_utc():
    # 00:30+02:00 on Monday 30 March is 22:30 UTC on Sunday 29 March: the runner's day is Monday
    assert local_day(at(2026, 3, 30, 0, 30, CEST)) == date(2026, 3, 30)
    with pytest.raises(ValueError):
        local_day(datetime(2026, 3, 30, 7))


def test_monday_of():
    assert monday_of(date(2026, 3, 23)) == date(2026, 3, 23)  # a Monday
    assert monday_of(date(2026, 3, 29)) == date(2026, 3, 23)  # the Sunday after
    assert monday_of(date(2026, 1, 1)) == date(2025, 12, 29)  # across a year end


def test_daily_loads_sum_per_day_and_fill_rest_days_with_zero():
    sessions = [
        (at(2026, 3, 2, 7), 240.0),
        (at(2026, 3, 2, 18), 60.0),  # a second session the same day: 240 + 60 = 300
        (at(2026, 3, 4, 7), None),  # no session effort: adds 0
        (at(2026, 3, 5, 7), 150.0),
        (at(2026, 3, 9, 7), 999.0),  # after the range: left out
        (at(2026, 2, 28, 7), 999.0),  # before the range: left out
    ]
    loads = daily_loads(sessions, date(2026, 3, 1), date(2026, 3, 6))

    assert list(loads) == [date(2026, 3, d) for d in range(1, 7)]
    assert list(loads.values()) == [0.0, 300.0, 0.0, 0.0, 150.0, 0.0]


def test_daily_loads_empty():
    assert daily_loads([], date(2026, 3, 1), date(2026, 3, 3)) == dict.fromkeys(
        [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)], 0.0
    )
    with pytest.raises(ValueError):
        daily_loads([], date(2026, 3, 3), date(2026, 3, 1))


def test_dst_change_week_counts_by_local_day_and_monday_weeks():
    # Europe switches to summer time on Sunday 2026-03-29 at 02:00 (+01:00 → +02:00).
    sessions = [
        (at(2026, 3, 23, 7, tz=CET), 6 * 40.0),  # Mon: 240
        (at(2026, 3, 29, 1, 30, tz=CET), 100.0),  # Sun before the switch
        (at(2026, 3, 29, 9, tz=CEST), 7 * 30.0),  # Sun after the switch: 210
        (at(2026, 3, 30, 0, 30, tz=CEST), 5 * 20.0),  # Mon 00:30 local = Sun 22:30 UTC: 100
    ]
    daily = daily_loads(sessions, date(2026, 3, 23), date(2026, 3, 30))
    # Sunday: 100 + 210 = 310; the 00:30 session belongs to Monday the 30th
    assert daily[date(2026, 3, 29)] == 310.0
    assert daily[date(2026, 3, 30)] == 100.0
    assert len(daily) == 8  # 23..30 March: 8 calendar days, whatever the clock change

    weekly = weekly_loads(sessions, date(2026, 3, 23), date(2026, 4, 12))
    # week of 23 Mar: 240 + 100 + 210 = 550; week of 30 Mar: 100; weeks of 6 Apr: 0
    assert weekly == {date(2026, 3, 23): 550.0, date(2026, 3, 30): 100.0, date(2026, 4, 6): 0.0}

    counts = sessions_per_week([s for s, _ in sessions], date(2026, 3, 23), date(2026, 4, 12))
    assert counts == {date(2026, 3, 23): 3, date(2026, 3, 30): 1, date(2026, 4, 6): 0}


def test_weekly_loads_count_whole_weeks_and_empty_weeks_as_zero():
    sessions = [(at(2026, 3, 2, 7), 200.0), (at(2026, 3, 20, 7), 300.0)]
    # range Wed 4 Mar .. Tue 17 Mar touches the weeks of 2, 9 and 16 March; whole weeks are
    # counted, so Mon 2 Mar (before `start`) is in and Fri 20 Mar (after `end`) too
    weekly = weekly_loads(sessions, date(2026, 3, 4), date(2026, 3, 17))
    assert weekly == {date(2026, 3, 2): 200.0, date(2026, 3, 9): 0.0, date(2026, 3, 16): 300.0}
    assert weekly_loads([], date(2026, 3, 4), date(2026, 3, 4)) == {date(2026, 3, 2): 0.0}


def test_weekly_sums_of_a_daily_series():
    daily = {date(2026, 3, 1) + timedelta(days=i): float(i) for i in range(10)}
    # 1 Mar is a Sunday (week of 23 Feb): 0; 2-8 Mar: 1+2+...+7 = 28; 9-10 Mar: 8+9 = 17
    assert weekly_sums(daily) == {
        date(2026, 2, 23): 0.0,
        date(2026, 3, 2): 28.0,
        date(2026, 3, 9): 17.0,
    }
    assert weekly_sums({}) == {}


def test_sessions_per_week_counts_sessions_without_load_and_rejects_naive():
    starts = [at(2026, 3, 2, 7), at(2026, 3, 4, 7), at(2026, 3, 17, 7)]
    assert sessions_per_week(starts, date(2026, 3, 2), date(2026, 3, 22)) == {
        date(2026, 3, 2): 2,
        date(2026, 3, 9): 0,
        date(2026, 3, 16): 1,
    }
    with pytest.raises(ValueError):
        sessions_per_week([datetime(2026, 3, 2, 7)], date(2026, 3, 2), date(2026, 3, 2))


# -- EWMA ------------------------------------------------------------------------------------


def test_ewma_lambdas():
    assert ewma_lambda(7) == 0.25  # 2 / (7 + 1)
    assert ewma_lambda(28) == pytest.approx(0.0689655)  # 2 / 29
    with pytest.raises(ValueError):
        ewma_lambda(0)


def test_acute_ewma_by_hand():
    # λ7 = 0.25, seed 0:
    # day 1: 100 × 0.25 + 0.75 × 0      = 25
    # day 2:   0 × 0.25 + 0.75 × 25     = 18.75
    # day 3:  50 × 0.25 + 0.75 × 18.75  = 12.5 + 14.0625 = 26.5625
    assert ewma([100, 0, 50], 7) == [25.0, 18.75, 26.5625]


def test_chronic_ewma_and_ratio_by_hand():
    # λ28 = 2/29, 1 − λ = 27/29, seed 0:
    # day 1: 100 × 2/29                      = 200/29             ≈ 6.896552
    # day 2: 27/29 × 200/29                  = 5400/841           ≈ 6.420927
    # day 3: 50 × 2/29 + 27/29 × 5400/841   = 100/29 + 145800/24389
    #                                        = (84100 + 145800)/24389 = 229900/24389 ≈ 9.426381
    trend = load_trend([100, 0, 50])
    assert trend.chronic == pytest.approx([200 / 29, 5400 / 841, 229900 / 24389])
    # ratios: 25 / (200/29) = 3.625; 18.75 / (5400/841) = 15768.75/5400 = 2.920139;
    #         26.5625 / (229900/24389) = 647832.8125/229900 ≈ 2.817890
    assert trend.ratio == pytest.approx([3.625, 15768.75 / 5400, 647832.8125 / 229900])
    assert trend.ratio[2] == pytest.approx(2.817890, abs=1e-6)


def test_ewma_seed_and_empty():
    # seed 40, λ7: 0 × 0.25 + 0.75 × 40 = 30
    assert ewma([0], 7, seed=40) == [30.0]
    assert ewma([], 7) == []
    assert load_trend([]) == LoadTrend([], [], [])


def test_ratio_is_none_before_any_load():
    # rest days before the first session: chronic 0, so no ratio
    trend = load_trend([0, 0, 80])
    assert trend.ratio[:2] == [None, None]
    # day 3: acute 80 × 0.25 = 20; chronic 80 × 2/29 = 160/29; ratio = 20 × 29/160 = 3.625
    assert trend.ratio[2] == pytest.approx(3.625)
    assert acwr(5.0, 0.0) is None
    assert acwr(0.0, 4.0) == 0.0


def test_single_session_then_rest_decays_geometrically():
    # one session of 300 then 13 rest days: acute on day 14 = 300 × 0.25 × 0.75^13
    trend = load_trend([300.0] + [0.0] * 13)
    assert trend.acute[-1] == pytest.approx(75 * 0.75**13)  # ≈ 1.781
    # chronic on day 14 = 300 × 2/29 × (27/29)^13
    assert trend.chronic[-1] == pytest.approx(600 / 29 * (27 / 29) ** 13)


@given(st.lists(st.floats(min_value=0, max_value=5000, allow_subnormal=False), max_size=120))
def test_ewma_stays_between_zero_and_the_largest_daily_load(loads):
    top = max(loads, default=0.0)
    for days in (metrics.ACUTE_DAYS, metrics.CHRONIC_DAYS):
        for value in ewma(loads, days):
            assert 0.0 <= value <= top * (1 + 1e-12)


@given(st.lists(st.floats(min_value=0, max_value=5000, allow_subnormal=False), max_size=120))
def test_ratio_is_none_exactly_when_chronic_is_zero(loads):
    trend = load_trend(loads)
    for chronic, ratio in zip(trend.chronic, trend.ratio, strict=True):
        assert (ratio is None) == (chronic == 0)


# -- monotony and strain ---------------------------------------------------------------------


def test_monotony_and_strain_by_hand():
    week = [0, 0, 0, 700, 700, 700, 700]
    # mean = 2800 / 7 = 400
    # deviations: −400 (×3), +300 (×4); squares: 3 × 160000 + 4 × 90000 = 840000
    # population variance = 840000 / 7 = 120000; SD = √120000 = 200√3 ≈ 346.41
    # monotony = 400 / (200√3) = 2/√3 ≈ 1.1547; strain = 2800 × 2/√3 ≈ 3233.0
    assert monotony(week) == pytest.approx(2 / math.sqrt(3))
    assert strain(week) == pytest.approx(5600 / math.sqrt(3))
    # the sample SD (÷ 6) would give 400 / √140000 ≈ 1.0690: not what we use
    assert monotony(week) != pytest.approx(400 / math.sqrt(140000))


def test_monotony_of_two_equal_sessions_a_week():
    # k equal sessions of load L in 7 days: mean = kL/7, population SD = L√(k(7−k))/7,
    # so monotony = k / √(k(7−k)) = √(k/(7−k)); k = 2: √(2/5) ≈ 0.6325, whatever L is
    week = [300, 0, 0, 300, 0, 0, 0]
    assert monotony(week) == pytest.approx(math.sqrt(2 / 5))
    # strain = 600 × √(2/5) ≈ 379.47
    assert strain(week) == pytest.approx(600 * math.sqrt(2 / 5))


@pytest.mark.parametrize("week", [[0.0] * 7, [250.0] * 7])
def test_monotony_undefined_when_sd_is_zero(week):
    # all-rest week or the same load every day: SD = 0, mean/SD undefined → None
    assert monotony(week) is None
    assert strain(week) is None


def test_monotony_needs_seven_days():
    with pytest.raises(ValueError):
        monotony([100, 0, 100])
    with pytest.raises(ValueError):
        strain([0] * 8)


def test_monotony_of_a_week_from_daily_loads():
    # two sessions in the DST week 23-29 March (240 and 210): daily loads give all 7 days
    sessions = [(at(2026, 3, 23, 7, tz=CET), 240.0), (at(2026, 3, 29, 9, tz=CEST), 210.0)]
    week = list(daily_loads(sessions, date(2026, 3, 23), date(2026, 3, 29)).values())
    assert week == [240.0, 0, 0, 0, 0, 0, 210.0]
    # mean = 450/7 ≈ 64.2857; squares of deviations: (240 − 450/7)² = (1230/7)²,
    # (210 − 450/7)² = (1020/7)², 5 × (450/7)²; sum = (1512900 + 1040400 + 1012500)/49
    # = 3565800/49; variance = 3565800/343 ≈ 10395.92; SD ≈ 101.9604
    # monotony = 64.2857 / 101.9604 ≈ 0.630497
    assert monotony(week) == pytest.approx((450 / 7) / math.sqrt(3565800 / 343))
    assert monotony(week) == pytest.approx(0.630497, abs=1e-6)


@given(
    st.lists(st.integers(min_value=0, max_value=2000), min_size=7, max_size=7),
    st.floats(min_value=0.01, max_value=100),
)
def test_monotony_does_not_depend_on_the_load_unit(week, scale):
    # loads are RPE × minutes: whole numbers in practice; scaling them all changes nothing
    base = monotony(week)
    scaled = monotony([v * scale for v in week])
    assert (base is None) == (len(set(week)) == 1)  # SD 0 exactly when all 7 days are equal
    if base is not None:
        assert scaled == pytest.approx(base, rel=1e-9)


# -- effort across reps ----------------------------------------------------------------------


def test_effort_slope_by_hand():
    # reps 1..4, efforts 5, 6, 6, 8: x̄ = 2.5, ȳ = 6.25
    # Σ(x−x̄)(y−ȳ) = (−1.5)(−1.25) + (−0.5)(−0.25) + (0.5)(−0.25) + (1.5)(1.75)
    #             = 1.875 + 0.125 − 0.125 + 2.625 = 4.5
    # Σ(x−x̄)² = 2.25 + 0.25 + 0.25 + 2.25 = 5; slope = 4.5 / 5 = 0.9 points per rep
    assert effort_slope([5, 6, 6, 8]) == pytest.approx(0.9)
    assert effort_change([5, 6, 6, 8]) == 3  # 8 − 5


def test_effort_slope_ignores_missing_efforts_but_keeps_rep_numbers():
    # known: rep 1 → 4, rep 3 → 6, rep 5 → 7 (reps 2 and 4 without effort)
    # x̄ = 3, ȳ = 17/3; Σ(x−x̄)(y−ȳ) = (−2)(4 − 17/3) + 0 + 2(7 − 17/3) = 10/3 + 8/3 = 6
    # Σ(x−x̄)² = 4 + 0 + 4 = 8; slope = 6/8 = 0.75
    efforts = [4, None, 6, None, 7]
    assert effort_slope(efforts) == pytest.approx(0.75)
    # first known (rep 1: 4) to last known (rep 5: 7): +3
    assert effort_change(efforts) == 3
    # missing first and last reps: first known rep 2 (5), last known rep 3 (4): −1
    assert effort_change([None, 5, 4, None]) == -1


@pytest.mark.parametrize("efforts", [[], [None, None, None], [7], [None, 7, None]])
def test_effort_slope_and_change_need_two_known_efforts(efforts):
    assert effort_slope(efforts) is None
    assert effort_change(efforts) is None


def test_flat_effort_has_zero_slope():
    assert effort_slope([6, 6, 6]) == 0.0
    assert effort_change([6, None, 6]) == 0


@given(
    st.integers(min_value=-3, max_value=3),
    st.integers(min_value=0, max_value=10),
    st.lists(st.booleans(), min_size=2, max_size=12),
)
def test_slope_of_a_straight_line_is_its_slope(step, first, keep):
    # efforts on a line first + step × (rep − 1), some reps missing: the slope is `step`
    efforts = [first + step * i if k else None for i, k in enumerate(keep)]
    known = [e for e in efforts if e is not None]
    if len(known) < 2:
        assert effort_slope(efforts) is None
    else:
        assert effort_slope(efforts) == pytest.approx(step, abs=1e-9)


# -- session summary -------------------------------------------------------------------------


def test_session_summary():
    # efforts 5, (none), 7, 6: mean over known = (5 + 7 + 6) / 3 = 6, max 7
    # load: RPE 7 × 1800 s / 60 = 7 × 30 = 210
    summary = session_summary(
        [5, None, 7, 6], reps_done=4, reps_planned=6, session_rpe=7, duration_s=1800
    )
    assert summary.mean_effort == 6.0
    assert summary.max_effort == 7
    assert summary.efforts_given == 3
    assert (summary.reps_done, summary.reps_planned) == (4, 6)
    assert summary.reps_text == "4/6"
    assert summary.load == 210.0


def test_session_summary_without_any_effort():
    summary = session_summary([None, None], reps_done=2, reps_planned=2)
    assert summary.mean_effort is None
    assert summary.max_effort is None
    assert summary.efforts_given == 0
    assert summary.load is None
    empty = session_summary([], reps_done=0, reps_planned=8, session_rpe=3, duration_s=0)
    assert empty.mean_effort is None
    assert empty.load == 0.0


def test_caveats_and_sources_are_there_for_the_ui():
    assert "Impellizzeri" in metrics.RATIO_CAVEAT
    assert "disputed" in metrics.RATIO_CAVEAT
    assert "1-3 sessions a week" in metrics.MONOTONY_CAVEAT
    assert "Foster" in metrics.LOAD_SOURCE
    assert "Williams" in metrics.EWMA_SOURCE
    assert "Foster 1998" in metrics.MONOTONY_SOURCE
