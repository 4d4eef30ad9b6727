"""hillsprint.core.chart_data against hand-worked numbers and against hillsprint.core.metrics.

The sessions are hand-built (a frozen dataclass with ChartSession's attributes). Their start
times straddle the 2026 DST change (+01:00 → +02:00 on Sunday 29 March) and include a -05:00
session, so every local day below differs from its UTC day: a chart that used UTC days would
put them elsewhere. Two sessions are still in progress and carry loads and efforts that would
show up if they were counted.

Europe/Berlin-style local days of the hand-built history (UTC in brackets):

    Z  Fri 20 Feb 07:00+01:00            in progress (would be load 90)
    A  Mon  2 Mar 00:15+01:00 (Sun 1 Mar) Short, RPE 5 × 20 min = 100 AU
    B  Wed  4 Mar 18:00+01:00             Short, no session effort: load unknown
    C  Sat 28 Mar 23:00+01:00 (22:00 Sat) Long,  RPE 7 × 30 min = 210 AU
    D  Sun 29 Mar 00:30+02:00 (22:30 Sat) Long,  RPE 4 × 15 min =  60 AU
    E  Mon 30 Mar 00:30+02:00 (22:30 Sun) Short, RPE 8 × 30 min = 240 AU
    F  Sun  5 Apr 21:00-05:00 (02:00 Mon) Long,  RPE 6 × 40 min = 240 AU
    G  Wed  8 Apr 07:00+02:00             in progress (would be load 90)
    H  Thu  9 Apr 07:00+02:00             Long,  RPE 3 × 20 min =  60 AU, no rep efforts
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hillsprint.core import chart_data, metrics
from hillsprint.core.chart_data import (
    DEFAULT_WEEKLY_TARGET,
    IN_PROGRESS,
    RANGES,
    WeekNumbers,
    default_curve_sessions,
    effort_series,
    finished,
    in_range,
    load_trend_series,
    range_first_day,
    recent_weeks,
    rep_curve,
    weekly_series,
)


@dataclass(frozen=True)
class Session:
    """The attributes of chart_data.ChartSession, nothing else."""

    id: str
    started_at: str
    started_ts: float
    plan_name: str
    hill: str | None
    status: str
    reps_done: int
    reps_planned: int
    mean_effort: float | None
    max_effort: int | None
    session_rpe: int | None
    duration_s: float | None


def session(
    sid: str,
    started_at: str,
    plan: str = "Short",
    *,
    rpe: int | None = 5,
    minutes: float | None = 20.0,
    mean: float | None = 6.0,
    top: int | None = 8,
    reps: tuple[int, int] = (3, 3),
    status: str = "completed",
    hill: str | None = "Kirchberg",
) -> Session:
    return Session(
        id=sid,
        started_at=started_at,
        started_ts=datetime.fromisoformat(started_at).timestamp(),
        plan_name=plan,
        hill=hill,
        status=status,
        reps_done=reps[0],
        reps_planned=reps[1],
        mean_effort=mean,
        max_effort=top,
        session_rpe=rpe,
        duration_s=None if minutes is None else minutes * 60.0,
    )


Z = session("Z", "2026-02-20T07:00:00.000+01:00", "Long", rpe=9, minutes=10, mean=9.0, top=9,
            reps=(1, 12), status=IN_PROGRESS)  # fmt: skip
A = session("A", "2026-03-02T00:15:00.000+01:00", rpe=5, minutes=20, mean=5.5, top=7)
B = session("B", "2026-03-04T18:00:00.000+01:00", rpe=None, minutes=25, mean=6.0, top=8)
C = session("C", "2026-03-28T23:00:00.000+01:00", "Long", rpe=7, minutes=30, mean=6.5, top=8,
            reps=(12, 12))  # fmt: skip
D = session("D", "2026-03-29T00:30:00.000+02:00", "Long", rpe=4, minutes=15, mean=4.0, top=5,
            reps=(5, 12), status="ended_early", hill=None)  # fmt: skip
E = session("E", "2026-03-30T00:30:00.000+02:00", rpe=8, minutes=30, mean=7.5, top=9)
F = session("F", "2026-04-05T21:00:00.000-05:00", "Long", rpe=6, minutes=40, mean=6.0, top=7,
            reps=(12, 12))  # fmt: skip
G = session("G", "2026-04-08T07:00:00.000+02:00", "Long", rpe=9, minutes=10, mean=9.0, top=9,
            reps=(2, 12), status=IN_PROGRESS)  # fmt: skip
H = session("H", "2026-04-09T07:00:00.000+02:00", "Long", rpe=3, minutes=20, mean=None,
            top=None, reps=(12, 12))  # fmt: skip

# newest first and shuffled a little: chart_data must sort by instant itself
HISTORY = [H, G, E, F, D, C, Z, B, A]
FINISHED = [A, B, C, D, E, F, H]


def ids(sessions) -> list[str]:
    return [s.id for s in sessions]


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> float:
    return datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp()


def local_day(s) -> date:
    return datetime.fromisoformat(s.started_at).date()


def test_the_hand_built_days_are_what_the_docstring_says():
    """Guards the fixtures: each local day differs from the UTC day where claimed."""
    utc_day = {s.id: datetime.fromtimestamp(s.started_ts, UTC).date() for s in HISTORY}
    assert local_day(A) == date(2026, 3, 2) and utc_day["A"] == date(2026, 3, 1)
    assert local_day(D) == date(2026, 3, 29) and utc_day["D"] == date(2026, 3, 28)
    assert local_day(E) == date(2026, 3, 30) and utc_day["E"] == date(2026, 3, 29)
    assert local_day(F) == date(2026, 4, 5) and utc_day["F"] == date(2026, 4, 6)
    assert date(2026, 3, 2).weekday() == 0 and date(2026, 4, 5).weekday() == 6
    assert C.started_ts < D.started_ts  # C is the earlier instant, though D's clock says 00:30


# -- finished, in_range, range_first_day -------------------------------------------------------


def test_finished_drops_sessions_in_progress_and_sorts_by_instant():
    assert ids(finished(HISTORY)) == ["A", "B", "C", "D", "E", "F", "H"]
    assert finished([Z, G]) == []
    assert finished([]) == []


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), "A"),  # by UTC: nothing (A is 1 Mar 23:15Z)
        (date(2026, 3, 28), date(2026, 3, 28), "C"),  # by UTC: C and D
        (date(2026, 3, 29), date(2026, 3, 29), "D"),  # by UTC: E
        (date(2026, 3, 30), date(2026, 3, 30), "E"),  # by UTC: nothing
        (date(2026, 4, 5), date(2026, 4, 5), "F"),  # by UTC: nothing (F is 6 Apr 02:00Z)
        (date(2026, 4, 6), date(2026, 4, 12), "H"),  # G is in progress; by UTC also F
        (date(2026, 2, 1), date(2026, 2, 28), ""),  # only Z, in progress
        (date(2026, 3, 1), date(2026, 4, 30), "ABCDEFH"),
        (date(2026, 3, 3), date(2026, 3, 29), "BCD"),
    ],
)
def test_in_range_uses_local_days_and_leaves_out_sessions_in_progress(first, last, expected):
    assert ids(in_range(HISTORY, first, last)) == list(expected)


@pytest.mark.parametrize(
    ("key", "first", "days"),
    [
        ("4 weeks", date(2026, 3, 16), 28),
        ("3 months", date(2026, 1, 12), 91),
        ("1 year", date(2025, 4, 13), 365),
        # A's local day, not its UTC day (1 Mar), nor Z's (20 Feb, in progress)
        ("All", date(2026, 3, 2), 42),
    ],
)
def test_range_first_day(key, first, days):
    last = date(2026, 4, 12)
    assert range_first_day(key, last, HISTORY) == first
    assert (last - first).days + 1 == days


def test_range_first_day_all_without_finished_sessions_is_the_last_day():
    last = date(2026, 4, 12)
    assert range_first_day("All", last, []) == last
    assert range_first_day("All", last, [Z, G]) == last
    # the fixed spans do not look at the sessions at all
    assert range_first_day("4 weeks", last, []) == range_first_day("4 weeks", last, HISTORY)
    assert list(RANGES) == ["4 weeks", "3 months", "1 year", "All"]


# -- 1. effort per session ---------------------------------------------------------------------


def test_effort_series_hand_values():
    series = effort_series(HISTORY, date(2026, 3, 28), date(2026, 4, 12))
    assert series.ids == ["C", "D", "E", "F", "H"]  # G in progress: left out
    assert series.x == [
        utc(2026, 3, 28, 22),
        utc(2026, 3, 28, 22, 30),
        utc(2026, 3, 29, 22, 30),
        utc(2026, 4, 6, 2),
        utc(2026, 4, 9, 5),
    ]
    assert series.mean_effort == [6.5, 4.0, 7.5, 6.0, None]
    assert series.max_effort == [8.0, 5.0, 9.0, 7.0, None]
    assert all(isinstance(v, float) for v in series.max_effort if v is not None)
    assert series.session_effort == [7.0, 4.0, 8.0, 6.0, 3.0]
    assert series.reps_done == [12, 5, 3, 12, 12]
    assert series.reps_planned == [12, 12, 3, 12, 12]
    # Foster: RPE × minutes — 7×30, 4×15, 8×30, 6×40, 3×20
    assert series.load == [210.0, 60.0, 240.0, 240.0, 60.0]


def test_effort_series_unknown_load_and_empty_range():
    series = effort_series(HISTORY, date(2026, 3, 1), date(2026, 3, 7))
    assert series.ids == ["A", "B"]
    assert series.load == [100.0, None]  # B has no session effort: unknown, not 0
    assert series.session_effort == [5.0, None]
    empty = effort_series(HISTORY, date(2026, 2, 1), date(2026, 2, 28))  # only Z, in progress
    assert (empty.ids, empty.x, empty.mean_effort, empty.load) == ([], [], [], [])


def test_effort_series_agrees_with_metrics_session_load():
    series = effort_series(HISTORY, date(2026, 1, 1), date(2026, 12, 31))
    by_id = {s.id: s for s in HISTORY}
    assert series.ids == ids(FINISHED)
    for sid, load in zip(series.ids, series.load, strict=True):
        s = by_id[sid]
        assert load == metrics.session_load(s.session_rpe, s.duration_s)


# -- 2. weekly sessions and load ----------------------------------------------------------------


def test_weekly_series_hand_values_whole_weeks_from_a_mid_week_start():
    # Wed 4 Mar .. Wed 8 Apr: the weeks of 2 Mar .. 6 Apr, each counted whole, so A (Mon 2 Mar,
    # before the range) and H (Thu 9 Apr, after it) count; G is in progress and does not.
    series = weekly_series(HISTORY, date(2026, 3, 4), date(2026, 4, 8), target=2)
    assert series.mondays == [date(2026, 3, 2) + timedelta(weeks=n) for n in range(6)]
    assert series.sessions == [2, 0, 0, 2, 2, 1]  # A B | - | - | C D | E F | H
    assert series.load == [100.0, 0.0, 0.0, 270.0, 480.0, 60.0]  # B adds 0; 210+60; 240+240
    assert series.unknown_load == [1, 0, 0, 0, 0, 0]  # B
    assert series.target == 2


def test_weekly_series_target_default_and_single_day():
    series = weekly_series(HISTORY, date(2026, 3, 29), date(2026, 3, 29))
    assert series.target == DEFAULT_WEEKLY_TARGET == 2
    assert series.mondays == [date(2026, 3, 23)]
    assert series.sessions == [2]  # C (Sat) and D (Sun) — by UTC days it would be C, D and E
    assert series.load == [270.0]
    assert weekly_series(HISTORY, date(2026, 3, 29), date(2026, 3, 29), target=5).target == 5


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 3, 4), date(2026, 4, 8)),
        (date(2026, 3, 30), date(2026, 4, 5)),
        (date(2026, 1, 1), date(2026, 6, 30)),
        (date(2026, 4, 9), date(2026, 4, 9)),
    ],
)
def test_weekly_series_equals_metrics(first, last):
    series = weekly_series(HISTORY, first, last, target=3)
    dated = [
        (datetime.fromisoformat(s.started_at), metrics.session_load(s.session_rpe, s.duration_s))
        for s in FINISHED
    ]
    loads = metrics.weekly_loads(dated, first, last)
    counts = metrics.sessions_per_week([moment for moment, _ in dated], first, last)
    unknown = Counter(metrics.monday_of(local_day(s)) for s in FINISHED if s.session_rpe is None)
    assert series.mondays == list(loads) == list(counts)
    assert series.load == list(loads.values())
    assert series.sessions == list(counts.values())
    assert series.unknown_load == [unknown[m] for m in series.mondays]


# -- 3. rep curves ----------------------------------------------------------------------------


def curve_history() -> list[Session]:
    """Nine finished sessions on 1..9 April (07:00+02:00), mostly "Short", and a newer one
    still in progress at "Long" (it must not decide the plan)."""
    plans = ["Short", "Long", "Short", "Short", "Long", "Short", "Short", "Short", "Short"]
    sessions = [
        session(f"S{day}", f"2026-04-{day:02d}T07:00:00.000+02:00", plan)
        for day, plan in enumerate(plans, start=1)
    ]
    sessions.append(session("S10", "2026-04-10T07:00:00.000+02:00", "Long", status=IN_PROGRESS))
    return sessions[::-1]


@pytest.mark.parametrize(
    ("first", "last", "count", "expected"),
    [
        (date(2026, 4, 1), date(2026, 4, 30), 5, ["S9", "S8", "S7", "S6", "S4"]),
        (date(2026, 4, 1), date(2026, 4, 30), 3, ["S9", "S8", "S7"]),
        (date(2026, 4, 1), date(2026, 4, 8), 5, ["S8", "S7", "S6", "S4", "S3"]),
        (date(2026, 4, 1), date(2026, 4, 5), 5, ["S5", "S2"]),  # newest in range is Long
        (date(2026, 4, 6), date(2026, 4, 6), 5, ["S6"]),
        (date(2026, 4, 10), date(2026, 4, 30), 5, []),  # only S10, in progress
    ],
)
def test_default_curve_sessions_newest_plan_newest_first(first, last, count, expected):
    assert default_curve_sessions(curve_history(), first, last, count=count) == expected


def test_default_curve_sessions_counts_five_by_default():
    assert len(default_curve_sessions(curve_history(), date(2026, 4, 1), date(2026, 4, 30))) == 5


@pytest.mark.parametrize(
    ("efforts", "slope", "change"),
    [
        # reps 1..5: x̄ = 3, ȳ = 7; Σdx·dy = 2+1+0+1+2 = 6, Σdx² = 10: slope 0.6; 8 − 6 = 2
        ([6, 6, 7, 8, 8], 0.6, 2.0),
        # rep 2 has no effort, reps 1, 3, 4 keep their numbers: x̄ = 8/3, ȳ = 20/3,
        # deviations (−5/3, 1/3, 4/3) for both, so slope = 1; 8 − 5 = 3
        ([5, None, 7, 8], 1.0, 3.0),
        ([8, 7, 6], -1.0, -2.0),
        ([None, 4, None], None, None),  # one known effort
        ([7], None, None),
        ([], None, None),
    ],
)
def test_rep_curve_slope_and_change(efforts, slope, change):
    curve = rep_curve(C, efforts)
    assert curve.slope == (None if slope is None else pytest.approx(slope))
    assert curve.change == (None if change is None else pytest.approx(change))
    assert curve.slope == metrics.effort_slope(efforts)
    assert curve.change == metrics.effort_change(efforts)
    assert curve.efforts == list(efforts)


def test_rep_curve_carries_the_session():
    efforts = (5, None, 7)
    curve = rep_curve(F, efforts)
    assert (curve.session_id, curve.started_at, curve.plan_name) == ("F", F.started_at, "Long")
    assert curve.efforts == [5, None, 7] and isinstance(curve.efforts, list)


# -- 4. load trend, monotony and strain -----------------------------------------------------------

L7 = 0.25  # λ for 7 days: 2 / 8
L28 = 2 / 29  # λ for 28 days


def test_load_trend_series_hand_values_from_the_first_session():
    series = load_trend_series(HISTORY, date(2026, 3, 2), date(2026, 3, 4))
    assert series.days == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
    assert series.daily_load == [100.0, 0.0, 0.0]  # A: 100; B's load is unknown: 0
    # acute: 100 × 0.25 = 25, then × 0.75 each rest day
    assert series.acute == pytest.approx([25.0, 18.75, 14.0625])
    # chronic: 100 × 2/29 = 6.897, then × 27/29 each rest day
    assert series.chronic == pytest.approx(
        [200 / 29, 200 / 29 * 27 / 29, 200 / 29 * (27 / 29) ** 2]
    )
    # ratio on the first day: 0.25 / (2/29) = 29/8
    assert series.ratio[0] == pytest.approx(3.625)
    assert series.ratio == pytest.approx(
        [a / c for a, c in zip(series.acute, series.chronic, strict=True)]
    )


def test_load_trend_series_of_a_later_range_keeps_the_earlier_load():
    # The EWMA runs from A's day (2 Mar); a range starting on 4 Mar is not a ramp from 0.
    series = load_trend_series(HISTORY, date(2026, 3, 4), date(2026, 3, 4))
    assert series.days == [date(2026, 3, 4)]
    assert series.daily_load == [0.0]
    assert series.acute == pytest.approx([14.0625])
    assert series.chronic == pytest.approx([200 / 29 * (27 / 29) ** 2])


def test_load_trend_series_starting_before_the_first_session():
    # 25 Feb .. 3 Mar; Z (20 Feb) is in progress, so its 90 AU neither count nor start the EWMA
    series = load_trend_series(HISTORY, date(2026, 2, 25), date(2026, 3, 3))
    assert series.days == [date(2026, 2, 25) + timedelta(days=n) for n in range(7)]
    assert series.daily_load == [0.0, 0.0, 0.0, 0.0, 0.0, 100.0, 0.0]
    assert series.acute == pytest.approx([0.0] * 5 + [25.0, 18.75])
    assert series.ratio[:5] == [None] * 5  # no chronic load yet
    assert series.ratio[5] == pytest.approx(3.625)


def test_load_trend_series_daily_load_by_local_day_across_the_dst_change():
    series = load_trend_series(HISTORY, date(2026, 3, 28), date(2026, 3, 30))
    # C Sat, D Sun, E Mon; by UTC days it would be 270, 240, 0
    assert series.daily_load == [210.0, 60.0, 240.0]


def test_load_trend_series_before_any_session():
    series = load_trend_series(HISTORY, date(2026, 1, 1), date(2026, 1, 10))
    assert len(series.days) == 10
    assert series.daily_load == [0.0] * 10 and series.acute == [0.0] * 10
    assert series.ratio == [None] * 10


def daily_by_hand(sessions, begin: date, end: date) -> list[float]:
    """Load per local day from begin to end, rest days 0 — summed here, not by metrics."""
    loads = [0.0] * ((end - begin).days + 1)
    for s in sessions:
        if s.status == IN_PROGRESS or s.session_rpe is None or s.duration_s is None:
            continue
        n = (local_day(s) - begin).days
        if 0 <= n < len(loads):
            loads[n] += s.session_rpe * s.duration_s / 60.0
    return loads


def expected_trend(sessions, first: date, last: date):
    starts = [local_day(s) for s in sessions if s.status != IN_PROGRESS]
    begin = min([first, *starts])
    daily = daily_by_hand(sessions, begin, last)
    trend = metrics.load_trend(daily)
    skip = (first - begin).days
    days = [begin + timedelta(days=n) for n in range(len(daily))]
    return days[skip:], daily[skip:], trend.acute[skip:], trend.chronic[skip:], trend.ratio[skip:]


def assert_trend_equal(series, expected) -> None:
    days, daily, acute, chronic, ratio = expected
    assert series.days == days
    assert series.daily_load == pytest.approx(daily)
    assert series.acute == pytest.approx(acute)
    assert series.chronic == pytest.approx(chronic)
    assert [r is None for r in series.ratio] == [r is None for r in ratio]
    assert [r for r in series.ratio if r is not None] == pytest.approx(
        [r for r in ratio if r is not None]
    )


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2026, 3, 16), date(2026, 4, 12)),  # "4 weeks" to 12 Apr
        (date(2026, 4, 1), date(2026, 4, 9)),
        (date(2026, 3, 2), date(2026, 4, 30)),
        (date(2026, 1, 1), date(2026, 4, 12)),
        (date(2026, 4, 9), date(2026, 4, 9)),
    ],
)
def test_load_trend_series_equals_metrics_over_the_full_series_sliced(first, last):
    assert_trend_equal(
        load_trend_series(HISTORY, first, last), expected_trend(HISTORY, first, last)
    )


def pop_monotony(week: list[float]) -> float | None:
    """Mean / population SD, by hand."""
    mean = sum(week) / 7
    sd = math.sqrt(sum((v - mean) ** 2 for v in week) / 7)
    return None if sd == 0 else mean / sd


def test_recent_weeks_hand_values_skip_the_running_week():
    # Wed 8 Apr: the week of 6 Apr is still running; the last whole week is 30 Mar - 5 Apr.
    weeks = recent_weeks(HISTORY, date(2026, 4, 8))
    assert [w.monday for w in weeks] == [
        date(2026, 3, 30),
        date(2026, 3, 23),
        date(2026, 3, 16),
        date(2026, 3, 9),
    ]
    # 30 Mar - 5 Apr: E Mon 240, F Sun 240 → daily [240, 0, 0, 0, 0, 0, 240]. Two equal loads
    # in seven days: mean/SD = √(2/5) = 0.6325; strain 480 × 0.6325 = 303.6
    newest = weeks[0]
    assert (newest.sessions, newest.load) == (2, 480.0)
    assert newest.monotony == pytest.approx(math.sqrt(2 / 5)) == pytest.approx(0.632456, abs=1e-6)
    assert (
        newest.strain == pytest.approx(480 * math.sqrt(2 / 5)) == pytest.approx(303.579, abs=1e-3)
    )
    # 23-29 Mar: C Sat 210, D Sun 60 → Σ 270, Σ² 47 700; var = (7·47 700 − 270²)/49 = 261 000/49;
    # monotony = 270 / √261 000 = 0.5285; strain = 270 × 0.5285 = 142.69
    second = weeks[1]
    assert (second.sessions, second.load) == (2, 270.0)
    assert second.monotony == pytest.approx(0.528498, abs=1e-6)
    assert second.strain == pytest.approx(142.6945, abs=1e-3)
    assert second.monotony == pytest.approx(pop_monotony([0, 0, 0, 0, 0, 210, 60]))
    # weeks without load: SD 0, monotony undefined
    assert weeks[2] == WeekNumbers(date(2026, 3, 16), 0, 0.0, None, None)
    assert weeks[3] == WeekNumbers(date(2026, 3, 9), 0, 0.0, None, None)


def test_recent_weeks_include_a_week_that_ended_on_the_last_day():
    # Sun 12 Apr ends the week of 6 Apr: H Thu 60 (G in progress: not counted, not loaded)
    weeks = recent_weeks(HISTORY, date(2026, 4, 12))
    assert [w.monday for w in weeks] == [date(2026, 4, 6) - timedelta(weeks=n) for n in range(4)]
    assert (weeks[0].sessions, weeks[0].load) == (1, 60.0)
    # one load in seven days: √(1/6) = 0.4082; strain 60 × 0.4082 = 24.49
    assert weeks[0].monotony == pytest.approx(math.sqrt(1 / 6))
    assert weeks[0].strain == pytest.approx(24.4949, abs=1e-4)
    # Sat 11 Apr and Mon 6 Apr: that week is still running
    assert recent_weeks(HISTORY, date(2026, 4, 11))[0].monday == date(2026, 3, 30)
    assert recent_weeks(HISTORY, date(2026, 4, 6))[0].monday == date(2026, 3, 30)
    assert len(recent_weeks(HISTORY, date(2026, 4, 12), count=2)) == 2


@pytest.mark.parametrize(
    "last", [date(2026, 4, 8), date(2026, 4, 12), date(2026, 3, 29), date(2026, 3, 31)]
)
def test_recent_weeks_equal_metrics_of_the_seven_daily_loads(last):
    weeks = recent_weeks(HISTORY, last)
    assert len(weeks) == chart_data.RECENT_WEEKS_SHOWN == 4
    for week in weeks:
        assert week.monday.weekday() == 0 and week.monday + timedelta(days=6) <= last
        daily = daily_by_hand(HISTORY, week.monday, week.monday + timedelta(days=6))
        assert week.load == pytest.approx(sum(daily))
        assert week.sessions == sum(
            1 for s in FINISHED if week.monday <= local_day(s) <= week.monday + timedelta(days=6)
        )
        assert week.monotony == metrics.monotony(daily)
        assert week.strain == metrics.strain(daily)
        assert week.monotony == (
            None if week.monotony is None else pytest.approx(pop_monotony(daily))
        )
    mondays = [w.monday for w in weeks]
    assert mondays == sorted(mondays, reverse=True)
    assert all(a - b == timedelta(weeks=1) for a, b in itertools.pairwise(mondays))


# -- the same agreements on random histories -------------------------------------------------

# offsets east and west of UTC, including half-hour ones
OFFSETS = [
    timezone(timedelta(hours=h, minutes=m))
    for h, m in ((-5, 0), (0, 0), (1, 0), (2, 0), (5, 30), (-9, -30))
]


@st.composite
def histories(draw):
    count = draw(st.integers(0, 12))
    sessions = []
    for n in range(count):
        day = date(2026, 3, 1) + timedelta(days=draw(st.integers(0, 70)))
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        zone = draw(st.sampled_from(OFFSETS))
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        sessions.append(
            session(
                f"R{n}",
                start.isoformat(),
                draw(st.sampled_from(["Short", "Long"])),
                rpe=draw(st.none() | st.integers(0, 10)),
                minutes=draw(st.integers(5, 90)),
                status=draw(st.sampled_from(["completed", "ended_early", IN_PROGRESS])),
            )
        )
    first = date(2026, 3, 1) + timedelta(days=draw(st.integers(-10, 70)))
    last = first + timedelta(days=draw(st.integers(0, 60)))
    return sessions, first, last


@settings(max_examples=60, deadline=None)
@given(histories())
def test_random_histories_agree_with_metrics(case):
    sessions, first, last = case
    done = [s for s in sessions if s.status != IN_PROGRESS]
    in_days = [s for s in done if first <= local_day(s) <= last]
    assert sorted(ids(in_range(sessions, first, last))) == sorted(ids(in_days))
    assert effort_series(sessions, first, last).x == sorted(s.started_ts for s in in_days)

    weekly = weekly_series(sessions, first, last)
    dated = [
        (datetime.fromisoformat(s.started_at), metrics.session_load(s.session_rpe, s.duration_s))
        for s in done
    ]
    assert weekly.load == pytest.approx(list(metrics.weekly_loads(dated, first, last).values()))
    counts = metrics.sessions_per_week([moment for moment, _ in dated], first, last)
    assert weekly.sessions == list(counts.values())

    assert_trend_equal(
        load_trend_series(sessions, first, last), expected_trend(sessions, first, last)
    )
    for week in recent_weeks(sessions, last):
        daily = daily_by_hand(sessions, week.monday, week.monday + timedelta(days=6))
        assert week.load == pytest.approx(sum(daily))
        mono = metrics.monotony(daily)
        assert (week.monotony is None) == (mono is None)
        if mono is not None:
            assert week.monotony == pytest.approx(mono)


def test_a_session_edited_in_place_changes_only_its_own_numbers():
    """A later session effort (as edited in the history's detail) shows in every series."""
    edited = [replace(s, session_rpe=10) if s.id == "D" else s for s in HISTORY]
    before = effort_series(HISTORY, date(2026, 3, 29), date(2026, 3, 29))
    after = effort_series(edited, date(2026, 3, 29), date(2026, 3, 29))
    assert (before.load, after.load) == ([60.0], [150.0])  # 4 × 15 → 10 × 15
    weekly = weekly_series(edited, date(2026, 3, 23), date(2026, 3, 29))
    assert weekly.load == [360.0]  # 210 + 150


def test_recent_weeks_leave_out_a_week_whose_sunday_is_today():
    """Sunday 12 April 2026 is not over while it is today: that week is still running."""
    sunday = date(2026, 4, 12)
    assert recent_weeks(HISTORY, sunday, today=sunday)[0].monday == date(2026, 3, 30)
    assert recent_weeks(HISTORY, sunday, today=sunday + timedelta(days=1))[0].monday == date(
        2026, 4, 6
    )


def test_recent_weeks_stay_inside_the_range():
    """A range from Thursday 26 March holds one whole week before Sunday 12 April's week."""
    weeks = recent_weeks(HISTORY, date(2026, 4, 12), first=date(2026, 3, 26))
    assert [w.monday for w in weeks] == [date(2026, 4, 6), date(2026, 3, 30)]
    assert recent_weeks(HISTORY, date(2026, 4, 12), first=date(2026, 4, 6))[-1].monday == date(
        2026, 4, 6
    )
    assert recent_weeks(HISTORY, date(2026, 4, 10), first=date(2026, 4, 7)) == []
