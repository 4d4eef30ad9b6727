"""Training metrics for the history and its charts: load, weekly sums, EWMA acute/chronic load
and their ratio, monotony and strain, effort across reps, and a per-session summary.

Pure Python (stdlib only), fed plain values — aware datetimes, dates, floats, efforts — never
storage objects, so the history screens, the charts and the tests all call it the same way.

Sources
- Session load: Foster C, et al. A new approach to monitoring exercise training. J Strength Cond
  Res 2001;15(1):109-115. Load = session RPE (0-10) × session minutes, in arbitrary units (AU).
- Monotony and strain: Foster C. Monitoring training in athletes with reference to overtraining
  syndrome. Med Sci Sports Exerc 1998;30(7):1164-1168.
- EWMA acute and chronic load: Williams S, et al. Better way to determine the acute:chronic
  workload ratio? Br J Sports Med 2017;51(3):209-210. λ = 2 / (N + 1).
- The ratio's critique: Impellizzeri FM, et al. Acute:chronic workload ratio: conceptual issues
  and fundamental pitfalls. Int J Sports Physiol Perform 2020;15(6):907-913; Impellizzeri FM, et
  al. What role do chronic workloads play in the acute to chronic workload ratio? Time to dismiss
  ACWR and its underlying theory. Sports Med 2021;51(3):581-592. We compute the ratio because
  runners ask for it, and the UI shows `RATIO_CAVEAT` with it.

Days and weeks are *local* to each session: a session's calendar day is the date in the UTC
offset it was recorded with (what the runner's watch said), not its UTC date. A week starts on
Monday (`hillsprint.core.calendar.week_start`), so a week across a DST change (+01:00 → +02:00)
is still seven calendar days.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hillsprint.core.calendar import week_start
from hillsprint.core.load import session_load

ACUTE_DAYS = 7
CHRONIC_DAYS = 28
DAYS_PER_WEEK = 7

LOAD_SOURCE = (
    "Session load = session effort (0-10) × minutes, in arbitrary units "
    "(Foster et al. 2001, J Strength Cond Res 15:109)."
)
EWMA_SOURCE = (
    "Acute (7-day) and chronic (28-day) load are exponentially weighted moving averages of the "
    "daily load with λ = 2/(N+1) (Williams et al. 2017, Br J Sports Med 51:209)."
)
RATIO_CAVEAT = (
    "The acute:chronic ratio is shown for interest only. The injury-risk thresholds often quoted "
    "for it (such as a 'sweet spot' of 0.8-1.3) are disputed: the ratio has statistical and "
    "conceptual flaws and has not been shown to predict injury (Impellizzeri et al. 2020, Int J "
    "Sports Physiol Perform 15:907; 2021, Sports Med 51:581)."
)
MONOTONY_SOURCE = (
    "Monotony = mean daily load of the week / its standard deviation; strain = weekly load × "
    "monotony (Foster 1998, Med Sci Sports Exerc 30:1164)."
)
MONOTONY_CAVEAT = (
    "Monotony and strain were made for athletes who train most days. At 1-3 sessions a week "
    "they mean little: they mostly reflect how many rest days the week had."
)


DatedLoad = tuple[datetime, float | None]
"""One session for the daily and weekly sums: (start, load). The start must be aware."""


# -- session load ----------------------------------------------------------------------------


# `session_load(session_rpe, duration_s)` lives in `hillsprint.core.load` (shared with the CSV
# export) and is re-exported here: Foster's RPE × active minutes, None when either is missing —
# an unknown load is not a zero load.


# -- days and weeks --------------------------------------------------------------------------


def local_day(moment: datetime) -> date:
    """The calendar day of `moment` in its own UTC offset (the runner's local day)."""
    if moment.tzinfo is None:
        raise ValueError("metrics need aware datetimes (with a UTC offset)")
    return moment.date()


def monday_of(day: date) -> date:
    """The Monday starting the week of `day` (weeks start on Monday, as `week_start`)."""
    return day - timedelta(days=day.weekday())


def _days(start: date, end: date) -> list[date]:
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _mondays(first: date, last: date) -> list[date]:
    """The Mondays from `first` to `last` (both Mondays), without building every day between."""
    return [first + timedelta(weeks=i) for i in range((last - first).days // DAYS_PER_WEEK + 1)]


def daily_loads(sessions: Iterable[DatedLoad], start: date, end: date) -> dict[date, float]:
    """Load per local calendar day from `start` to `end` (both included), in date order.

    Every day is present: a day without a session counts 0, which is what the EWMA and
    monotony need. Several sessions on one day add up. Sessions outside the range are left
    out. A session whose load is None (no session effort given) adds 0 — it did happen, but
    its load is unknown, and leaving the day at 0 is the only honest number we have.
    """
    totals = dict.fromkeys(_days(start, end), 0.0)
    for moment, load in sessions:
        day = local_day(moment)
        if load is not None and day in totals:
            totals[day] += load
    return totals


def weekly_sums(daily: Mapping[date, float]) -> dict[date, float]:
    """Sum a daily series into Monday-start weeks, keyed by each week's Monday, in order.

    Weeks in the span of `daily` with no load count 0. A week only partly covered by `daily`
    sums the days it has.
    """
    if not daily:
        return {}
    first, last = monday_of(min(daily)), monday_of(max(daily))
    # summed by the Monday's ordinal (date.fromordinal(1) is a Monday): no date made per day
    by_ordinal = dict.fromkeys(range(first.toordinal(), last.toordinal() + 1, 7), 0.0)
    for day, load in daily.items():
        ordinal = day.toordinal()
        by_ordinal[ordinal - (ordinal - 1) % DAYS_PER_WEEK] += load
    return {date.fromordinal(o): total for o, total in by_ordinal.items()}


def weekly_loads(sessions: Iterable[DatedLoad], start: date, end: date) -> dict[date, float]:
    """Load per Monday-start week for every week touching `start`..`end`, keyed by Monday.

    Whole weeks are counted (from the Monday of `start`'s week to the Sunday of `end`'s), so
    the first and last bars are comparable with the others. Weeks with no session count 0.
    """
    first, last = monday_of(start), monday_of(end) + timedelta(days=DAYS_PER_WEEK - 1)
    return weekly_sums(daily_loads(sessions, first, last))


def sessions_per_week(starts: Iterable[datetime], start: date, end: date) -> dict[date, int]:
    """Number of sessions per Monday-start week for every week touching `start`..`end`.

    Counts every session given, with or without a load; weeks with none count 0.
    """
    first, last = monday_of(start), monday_of(end)
    if last < first:
        raise ValueError(f"end {end} is before start {start}")
    counts = dict.fromkeys(_mondays(first, last), 0)
    for moment in starts:
        monday = week_start(moment).date()  # raises on a naive datetime
        if monday in counts:
            counts[monday] += 1
    return counts


# -- EWMA acute / chronic load ---------------------------------------------------------------


def ewma_lambda(days: int) -> float:
    """Williams et al. (2017): λ = 2 / (N + 1); 0.25 for 7 days, 2/29 ≈ 0.069 for 28 days."""
    if days < 1:
        raise ValueError(f"days must be 1 or more, got {days!r}")
    return 2.0 / (days + 1)


def ewma(daily: Iterable[float], days: int, seed: float = 0.0) -> list[float]:
    """Exponentially weighted moving average of a daily load series, one value per day.

    EWMA_today = load_today × λ + (1 − λ) × EWMA_yesterday, λ = 2/(N+1) (Williams et al. 2017).
    `daily` must have one value per calendar day, rest days as 0 (see `daily_loads`).

    Seed: EWMA_yesterday before the first day is `seed`, 0 by default. Williams et al. do not
    prescribe a start value. We seed with 0 because before the first recorded day the app knows
    of no training, and 0 keeps every value a plain weighted sum of recorded loads (so it never
    exceeds the largest daily load). The cost: the chronic value ramps up from 0 over the first
    weeks and the ratio is inflated then; the further a chart starts after the first session,
    the less the seed matters (its weight after d days is (1 − λ)^d: 0.75^28 ≈ 0.0003 for the
    acute, (27/29)^28 ≈ 0.14 for the chronic load). Pass a seed to start from a known load.
    """
    lam = ewma_lambda(days)
    value = seed
    out = []
    for load in daily:
        value = load * lam + (1.0 - lam) * value
        out.append(value)
    return out


def acwr(acute: float, chronic: float) -> float | None:
    """Acute:chronic ratio; None when the chronic load is 0 (no history to compare with).

    Shown with `RATIO_CAVEAT`: its injury thresholds are disputed (Impellizzeri 2020/2021).
    """
    if chronic == 0:
        return None
    return acute / chronic


@dataclass(frozen=True)
class LoadTrend:
    """Acute and chronic EWMA load and their ratio, one value per day of the input series."""

    acute: list[float]
    chronic: list[float]
    ratio: list[float | None]


def load_trend(
    daily: Iterable[float],
    acute_days: int = ACUTE_DAYS,
    chronic_days: int = CHRONIC_DAYS,
) -> LoadTrend:
    """Acute (7-day) and chronic (28-day) EWMA of `daily` (seeded at 0) and their ratio."""
    daily = list(daily)
    acute = ewma(daily, acute_days)
    chronic = ewma(daily, chronic_days)
    return LoadTrend(acute, chronic, [acwr(a, c) for a, c in zip(acute, chronic, strict=True)])


# -- monotony and strain ---------------------------------------------------------------------


def _week(daily: Sequence[float]) -> list[float]:
    values = [float(v) for v in daily]
    if len(values) != DAYS_PER_WEEK:
        raise ValueError(f"a week has 7 daily loads (rest days as 0), got {len(values)}")
    return values


def monotony(week_daily: Sequence[float]) -> float | None:
    """Foster (1998) monotony: mean of the week's 7 daily loads / their standard deviation.

    Rest days count as 0 (give all 7 days). The SD is the *population* SD (`statistics.pstdev`,
    divide by 7): the seven days are the whole week being described, not a sample drawn to
    estimate something larger. Foster (1998) does not say which SD; spreadsheets often use the
    sample SD (divide by 6), which gives monotony √(6/7) ≈ 0.926 times ours — keep that in mind
    when comparing with a threshold from the literature (e.g. "above 2").

    SD = 0 (all seven days equal: a week of rest, or the same load every day) makes the ratio
    undefined, so we return None rather than infinity or an arbitrary cap.
    """
    values = _week(week_daily)
    sd = statistics.pstdev(values)
    if sd == 0:
        return None
    return statistics.fmean(values) / sd


def strain(week_daily: Sequence[float]) -> float | None:
    """Foster (1998) strain: weekly load × monotony; None when monotony is None."""
    values = _week(week_daily)
    mono = monotony(values)
    if mono is None:
        return None
    return math.fsum(values) * mono


# -- effort across reps ----------------------------------------------------------------------


def _known(efforts: Sequence[float | None]) -> list[tuple[int, float]]:
    """(rep number, effort) for the reps with an effort; `efforts[i]` is rep i + 1."""
    return [(i + 1, float(e)) for i, e in enumerate(efforts) if e is not None]


def effort_slope(efforts: Sequence[float | None]) -> float | None:
    """Least-squares slope of effort against rep number, in effort points per rep.

    `efforts[i]` is the effort of rep i + 1; None (no effort given) is left out, the other
    reps keep their numbers. A positive slope means effort rose across the session (fatigue
    at a fixed pace); it uses every known rep, so one odd rep moves it less than the
    first-to-last change does. None with fewer than 2 known efforts.
    """
    points = _known(efforts)
    if len(points) < 2:
        return None
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return statistics.linear_regression(xs, ys).slope


def effort_change(efforts: Sequence[float | None]) -> float | None:
    """Last known effort − first known effort (None with fewer than 2 known efforts).

    The plainest measure of drift across a session; see `effort_slope` for a steadier one.
    """
    points = _known(efforts)
    if len(points) < 2:
        return None
    return points[-1][1] - points[0][1]


# -- per-session summary ---------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSummary:
    reps_done: int
    reps_planned: int
    mean_effort: float | None  # over reps with an effort; None if none has one
    max_effort: float | None
    efforts_given: int
    load: float | None  # Foster session load, None without a session effort

    @property
    def reps_text(self) -> str:
        return f"{self.reps_done}/{self.reps_planned}"


def session_summary(
    efforts: Sequence[float | None],
    reps_done: int,
    reps_planned: int,
    session_rpe: float | None = None,
    duration_s: float | None = None,
) -> SessionSummary:
    """What the history table shows for one session: reps done / planned, mean and max rep
    effort (reps without an effort are ignored, not counted as 0) and the session load."""
    known = [y for _, y in _known(efforts)]
    return SessionSummary(
        reps_done=reps_done,
        reps_planned=reps_planned,
        mean_effort=statistics.fmean(known) if known else None,
        max_effort=max(known) if known else None,
        efforts_given=len(known),
        load=session_load(session_rpe, duration_s),
    )
