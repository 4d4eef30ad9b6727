"""What the history charts draw, computed without Qt from the sessions and a date range.

Each chart has one function here that turns sessions into plain series; the pyqtgraph widgets
in `hillsprint.ui.history.charts` only draw what these return, and the tests check these against
`hillsprint.core.metrics` (and the widgets against these). Sessions are any objects with the
attributes of `ChartSession` (the history's `HistoryRow` has them), so core never imports
storage.

Days and weeks are the runner's local ones (see `hillsprint.core.metrics`). Sessions still in
progress are left out of every chart: their duration and efforts are not known yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol

from hillsprint.core import metrics
from hillsprint.core.load import session_load

IN_PROGRESS = "in_progress"
DEFAULT_WEEKLY_TARGET = 2
RECENT_WEEKS_SHOWN = 4  # monotony and strain: the last four whole weeks of the range

# The range buttons: days back from (and including) the last day; None = from the first session.
RANGES: dict[str, int | None] = {"4 weeks": 28, "3 months": 91, "1 year": 365, "All": None}


class ChartSession(Protocol):
    """The attributes the charts read from a session (a `HistoryRow` has them all)."""

    id: str
    started_at: str  # ISO 8601 with the runner's UTC offset
    started_ts: float  # Unix seconds
    plan_name: str
    hill: str | None
    status: str
    reps_done: int
    reps_planned: int
    mean_effort: float | None
    max_effort: int | None
    session_rpe: int | None
    duration_s: float | None


def finished(sessions: Iterable[ChartSession]) -> list[ChartSession]:
    """The sessions the charts use (not in progress), oldest first."""
    return sorted((s for s in sessions if s.status != IN_PROGRESS), key=lambda s: s.started_ts)


# Every chart reads every session's local start; parsing 1,600 ISO strings per chart per range
# change cost ~5 ms each time, so the parsed values are kept (strings are immutable keys).
_parse_start = lru_cache(maxsize=1 << 16)(datetime.fromisoformat)


def local_start(session: ChartSession) -> datetime:
    return _parse_start(session.started_at)


def in_range(sessions: Iterable[ChartSession], first: date, last: date) -> list[ChartSession]:
    """Finished sessions whose local day is within first..last, oldest first."""
    return [s for s in finished(sessions) if first <= local_start(s).date() <= last]


def range_first_day(key: str, last: date, sessions: Sequence[ChartSession]) -> date:
    """The first day of a range button's span ending on `last` (included): 4 weeks is 28
    days, 3 months 91, 1 year 365; "All" starts at the first session (or `last`)."""
    days = RANGES[key]
    if days is None:
        starts = [local_start(s).date() for s in finished(sessions)]
        return min(starts, default=last)
    return last - timedelta(days=days - 1)


# -- 1. effort per session ---------------------------------------------------------------------


@dataclass(frozen=True)
class EffortSeries:
    """One entry per finished session in the range, oldest first. x is Unix seconds."""

    ids: list[str]
    x: list[float]
    starts: list[str]  # ISO 8601 with the runner's offset, for the words ("Tue 03 Mar 00:30")
    mean_effort: list[float | None]
    max_effort: list[float | None]
    session_effort: list[float | None]
    reps_done: list[int]
    reps_planned: list[int]
    load: list[float | None]


def effort_series(sessions: Iterable[ChartSession], first: date, last: date) -> EffortSeries:
    chosen = in_range(sessions, first, last)
    return EffortSeries(
        ids=[s.id for s in chosen],
        x=[s.started_ts for s in chosen],
        starts=[s.started_at for s in chosen],
        mean_effort=[s.mean_effort for s in chosen],
        max_effort=[None if s.max_effort is None else float(s.max_effort) for s in chosen],
        session_effort=[None if s.session_rpe is None else float(s.session_rpe) for s in chosen],
        reps_done=[s.reps_done for s in chosen],
        reps_planned=[s.reps_planned for s in chosen],
        load=[session_load(s.session_rpe, s.duration_s) for s in chosen],
    )


# -- 2. weekly sessions and load ----------------------------------------------------------------


@dataclass(frozen=True)
class WeeklySeries:
    """One entry per Monday-start week touching the range, each week counted whole (all seven
    days, even where the range starts or ends mid-week); weeks without sessions are 0."""

    mondays: list[date]
    sessions: list[int]
    load: list[float]  # Foster AU; a session without a session effort adds 0
    unknown_load: list[int]  # sessions in the week whose load is unknown (no session effort)
    target: int


def weekly_series(
    sessions: Iterable[ChartSession],
    first: date,
    last: date,
    target: int = DEFAULT_WEEKLY_TARGET,
) -> WeeklySeries:
    # whole weeks, so the first and last bars compare with the others
    chosen = in_range(sessions, metrics.monday_of(first), metrics.monday_of(last) + timedelta(6))
    counts = metrics.sessions_per_week((local_start(s) for s in chosen), first, last)
    loads = metrics.weekly_loads(
        ((local_start(s), session_load(s.session_rpe, s.duration_s)) for s in chosen),
        first,
        last,
    )
    unknown = dict.fromkeys(counts, 0)
    for s in chosen:
        if session_load(s.session_rpe, s.duration_s) is None:
            unknown[metrics.monday_of(local_start(s).date())] += 1
    mondays = list(counts)
    return WeeklySeries(
        mondays=mondays,
        sessions=[counts[m] for m in mondays],
        load=[loads[m] for m in mondays],
        unknown_load=[unknown[m] for m in mondays],
        target=target,
    )


# -- 3. rep curves ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RepCurve:
    session_id: str
    started_at: str
    plan_name: str
    efforts: list[float | None]  # efforts[i] is rep i + 1; None: no effort given / skipped
    slope: float | None  # effort points per rep (metrics.effort_slope)
    change: float | None  # last − first known effort (metrics.effort_change)


def rep_curve(session: ChartSession, efforts: Sequence[float | None]) -> RepCurve:
    return RepCurve(
        session_id=session.id,
        started_at=session.started_at,
        plan_name=session.plan_name,
        efforts=list(efforts),
        slope=metrics.effort_slope(efforts),
        change=metrics.effort_change(efforts),
    )


def default_curve_sessions(
    sessions: Iterable[ChartSession], first: date, last: date, count: int = 5
) -> list[str]:
    """Which sessions the rep-curve chart starts with: the newest `count` in the range at the
    plan of the newest one, so the curves compare like with like (progress at a fixed plan).
    Newest first."""
    chosen = in_range(sessions, first, last)
    if not chosen:
        return []
    plan = chosen[-1].plan_name
    same_plan = [s.id for s in reversed(chosen) if s.plan_name == plan]
    return same_plan[:count]


# -- 4. load trend, monotony and strain -----------------------------------------------------------


@dataclass(frozen=True)
class LoadTrendSeries:
    """Daily acute and chronic EWMA load and their ratio over the range's days.

    The EWMA runs from the first finished session's day (not the range's first day), so the
    chronic load of a short range is not a ramp from 0; see `metrics.ewma` on the seed.
    """

    days: list[date]
    daily_load: list[float]
    acute: list[float]
    chronic: list[float]
    ratio: list[float | None]


def load_trend_series(sessions: Iterable[ChartSession], first: date, last: date) -> LoadTrendSeries:
    done = finished(sessions)
    starts = [local_start(s).date() for s in done]
    begin = min(min(starts, default=first), first)
    daily = metrics.daily_loads(
        ((local_start(s), session_load(s.session_rpe, s.duration_s)) for s in done), begin, last
    )
    trend = metrics.load_trend(daily.values())
    skip = (first - begin).days
    return LoadTrendSeries(
        days=list(daily)[skip:],
        daily_load=list(daily.values())[skip:],
        acute=trend.acute[skip:],
        chronic=trend.chronic[skip:],
        ratio=trend.ratio[skip:],
    )


@dataclass(frozen=True)
class WeekNumbers:
    monday: date
    sessions: int
    load: float
    monotony: float | None  # None when the 7 daily loads are all equal (SD 0)
    strain: float | None


def recent_weeks(
    sessions: Iterable[ChartSession],
    last: date,
    count: int = RECENT_WEEKS_SHOWN,
    first: date | None = None,
    today: date | None = None,
) -> list[WeekNumbers]:
    """Monotony and strain of the last `count` whole Monday-Sunday weeks within `first`..`last`
    (`first` None: no lower bound), newest first. A week still running (its Sunday is today
    or later) is left out: its rest days are not over."""
    done = finished(sessions)
    today = date.today() if today is None else today
    last = min(last, today - timedelta(days=1))
    end = last if last.weekday() == 6 else metrics.monday_of(last) - timedelta(days=1)
    begin = metrics.monday_of(end) - timedelta(weeks=count - 1)
    if first is not None:
        whole_from = first if first.weekday() == 0 else metrics.monday_of(first) + timedelta(7)
        begin = max(begin, whole_from)
    if begin > end:
        return []
    # only the sessions near these weeks (UTC offsets are within a day): cheap float tests
    # instead of calendar arithmetic on years of sessions
    lo = datetime.combine(begin - timedelta(days=1), time(), UTC).timestamp()
    hi = datetime.combine(end + timedelta(days=2), time(), UTC).timestamp()
    done = [s for s in done if lo <= s.started_ts < hi]
    daily = metrics.daily_loads(
        ((local_start(s), session_load(s.session_rpe, s.duration_s)) for s in done), begin, end
    )
    counts = metrics.sessions_per_week((local_start(s) for s in done), begin, end)
    values = list(daily.values())
    weeks = []
    for n, monday in enumerate(counts):
        week = values[n * 7 : n * 7 + 7]
        weeks.append(
            WeekNumbers(
                monday=monday,
                sessions=counts[monday],
                load=sum(week),
                monotony=metrics.monotony(week),
                strain=metrics.strain(week),
            )
        )
    return weeks[::-1]
