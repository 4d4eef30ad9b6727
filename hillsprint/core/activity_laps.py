"""A stored session as a training-log activity: one lap per phase, pauses as timer stops.

Training logs (intervals.icu, Strava, Garmin Connect, GoldenCheetah) think in laps with a start
time, an elapsed time (wall clock, pauses included) and a timer time (pauses left out). This
module turns what HillSprint stores -- the session's start and end, each rep's start and sprint
seconds, the action log -- into such laps, so the FIT and TCX writers only encode.

The laps, in order:
- **warm-up**: from the start to the first sprint (the warm-up and the GET READY before rep 1);
- per rep a **sprint** lap, carrying the rep's effort, and a **walk-down** lap from the end of
  the sprint to the start of the next one (the get-ready before the next sprint included, as
  in the rep's stored `recovery_s`);
- after the last rep a **cool-down** lap, or a walk-down lap when the session was ended early in
  a walk-down (the rep then has a `recovery_s`; the last rep of a plan never has one).

Where a sprint ends is not stored; it is found by running the rep's `sprint_s` forward from its
start through the timer stops, so a sprint cut by a pause ends where the engine ended it.

Timer stops come from the action log: `pause` (or `suspend`, whose sleep started `slept` seconds
before it was noticed) to `resume` or `end`. A pause in a sprint resumes with a GET READY
lead-in before the rest of the sprint; the runner stands still then, so the stop lasts until
the sprint goes on and the sprint lap's timer time is the stored `sprint_s`. A second `start`
(a session resumed after a crash) stops the timer from the last instant known before it.

All instants are UTC milliseconds from the session's start, whatever UTC offset each stored
timestamp carries (a change to or from summer time in the middle of a session is no jump).
Stored data is trusted only as far as it is consistent: boundaries are kept in order and
inside the session, so any stored session gives a well-formed activity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from hillsprint.core.load import session_load
from hillsprint.core.plan import Plan
from hillsprint.core.records import ActionRecord, RepStatus

_FOREVER = 2**62
_SLEPT = re.compile(r"slept (?P<s>[0-9]+(?:\.[0-9]+)?) s")


class LapKind(StrEnum):
    WARMUP = "warmup"
    SPRINT = "sprint"
    WALK_DOWN = "walk_down"
    COOLDOWN = "cooldown"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    LapKind.WARMUP: "Warm-up",
    LapKind.SPRINT: "Sprint",
    LapKind.WALK_DOWN: "Walk-down",
    LapKind.COOLDOWN: "Cool-down",
}


class StoredRepLike(Protocol):
    """What a lap needs from a stored rep (`storage.repository.StoredRep` has it)."""

    number: int
    started_at: str
    sprint_s: float
    recovery_s: float | None
    recovery_manual: bool
    effort: int | None
    status: RepStatus


@dataclass(frozen=True)
class HillFacts:
    """What is known of the hill a session was run on: each None when unknown."""

    name: str | None
    length_m: float | None = None
    gradient_pct: float | None = None

    @property
    def climb_m(self) -> float | None:
        """Height gained over the hill's length. The length is measured along the slope and the
        gradient is rise over run, so the rise is length × sin(atan(gradient))."""
        if self.length_m is None or self.gradient_pct is None:
            return None
        grade = self.gradient_pct / 100.0
        return self.length_m * grade / math.sqrt(1.0 + grade * grade)


@dataclass(frozen=True)
class Lap:
    kind: LapKind
    rep: int  # the rep this lap belongs to; 0 for the warm-up
    start_ms: int  # from the activity's start
    end_ms: int
    timer_ms: int  # end - start less the timer stops inside the lap
    effort: int | None = None  # sprint laps: the rep's effort 0-10
    skipped: bool = False  # sprint laps: the runner cut the sprint short
    manual: bool = False  # ended by the runner (Space after a manual walk-down, a skip)
    distance_m: float | None = None  # sprint laps of a done rep on a hill of known length
    ascent_m: float | None = None

    @property
    def elapsed_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def title(self) -> str:
        """ "Warm-up", "Sprint 3", "Walk-down 3", "Cool-down"."""
        if self.kind in (LapKind.SPRINT, LapKind.WALK_DOWN):
            return f"{self.kind.label} {self.rep}"
        return self.kind.label


@dataclass(frozen=True)
class Activity:
    """One session, ready to encode. Times are UTC milliseconds from `start`."""

    start: datetime  # the session's start, in the UTC offset it was stored with
    end_offset: timedelta  # the UTC offset at the end: the runner's local time then
    end_ms: int
    laps: tuple[Lap, ...]
    stops: tuple[tuple[int, int], ...]  # timer stopped [from, to), in order, not overlapping
    plan_name: str
    hill: HillFacts
    session_rpe: int | None
    foster_load: float | None  # session RPE × active minutes (Foster 2001), as the history
    notes: str
    status: str  # completed, ended_early, in_progress
    reps_planned: int
    reps_done: int

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)

    def at(self, ms: int) -> datetime:
        """The UTC instant `ms` milliseconds after the start."""
        return self.start_utc + timedelta(milliseconds=ms)

    @property
    def timer_ms(self) -> int:
        return sum(lap.timer_ms for lap in self.laps)

    @property
    def distance_m(self) -> float | None:
        known = [lap.distance_m for lap in self.laps if lap.distance_m is not None]
        return sum(known) if known else None

    @property
    def ascent_m(self) -> float | None:
        known = [lap.ascent_m for lap in self.laps if lap.ascent_m is not None]
        return sum(known) if known else None

    def running(self, start_ms: int, end_ms: int) -> list[tuple[int, int]]:
        """The parts of [start_ms, end_ms] in which the timer runs."""
        return _running(start_ms, end_ms, self.stops)

    def distance_at(self, ms: int) -> float | None:
        """Distance covered by instant `ms` (linear over each sprint's running time), or None
        when no lap has a distance."""
        if self.distance_m is None:
            return None
        total = 0.0
        for lap in self.laps:
            if lap.distance_m is None or (lap.start_ms >= ms and lap.elapsed_ms > 0):
                continue
            if ms >= lap.end_ms or lap.timer_ms == 0:
                total += lap.distance_m
                continue
            ran = sum(b - a for a, b in self.running(lap.start_ms, min(ms, lap.end_ms)))
            total += lap.distance_m * ran / lap.timer_ms
        return total

    def sample_ms(self, start_ms: int, end_ms: int) -> list[int]:
        """Instants to sample [start_ms, end_ms] at while the timer runs: its running ends and
        every whole UTC second between them (record and trackpoint times)."""
        offset = self.start_utc.microsecond // 1000  # ms past the whole second at 0
        out: list[int] = []
        for a, b in self.running(start_ms, end_ms):
            out.append(a)
            first = a + (-(a + offset)) % 1000
            out.extend(range(first if first > a else first + 1000, b, 1000))
            if b > a:
                out.append(b)
        return sorted(set(out))


def build_activity(
    *,
    started_at: str,
    ended_at: str | None,
    plan: Plan,
    reps: Sequence[StoredRepLike],
    actions: Iterable[ActionRecord],
    status: str,
    session_rpe: int | None,
    duration_s: float | None,
    notes: str,
    hill: HillFacts,
) -> Activity:
    """The laps of a stored session (see the module's docstring)."""
    start = _parse(started_at)
    reps = sorted(reps, key=lambda rep: rep.number)

    def ms(stamp: str) -> int:
        return max(0, round((_parse(stamp) - start).total_seconds() * 1000))

    rep_starts = [ms(rep.started_at) for rep in reps]
    stops = _stops(list(actions), ms, reps, rep_starts, plan.get_ready_s)
    known = [*rep_starts, *(b for _, b in stops if b < _FOREVER)]
    for rep, begin in zip(reps, rep_starts, strict=True):
        known.append(begin + _ms(rep.sprint_s) + _ms(rep.recovery_s or 0.0))
    end = max(ms(ended_at) if ended_at else 0, *known, 0)
    stops = _merge([(min(a, end), min(b, end)) for a, b in stops])

    laps: list[Lap] = []
    cursor = 0

    def add(kind: LapKind, rep: int, begin: int, finish: int, **facts) -> None:
        nonlocal cursor
        begin = max(begin, cursor)
        finish = min(max(finish, begin), end)
        stopped = sum(b - a for a, b in _overlaps(begin, finish, stops))
        laps.append(Lap(kind, rep, begin, finish, finish - begin - stopped, **facts))
        cursor = finish

    first = rep_starts[0] if reps else end
    if first > 0 or not reps:
        add(LapKind.WARMUP, 0, 0, first)
    for index, rep in enumerate(reps):
        begin = max(rep_starts[index], cursor)
        following = rep_starts[index + 1] if index + 1 < len(reps) else end
        following = max(following, begin)
        sprint_end = min(_run_forward(begin, _ms(rep.sprint_s), stops), following)
        done = rep.status is RepStatus.DONE
        add(
            LapKind.SPRINT,
            rep.number,
            begin,
            sprint_end,
            effort=rep.effort,
            skipped=not done,
            manual=not done,
            distance_m=hill.length_m if done else None,
            ascent_m=hill.climb_m if done else None,
        )
        last = index + 1 == len(reps)
        kind = LapKind.COOLDOWN if last and rep.recovery_s is None else LapKind.WALK_DOWN
        if following > cursor:
            add(kind, rep.number, cursor, following, manual=rep.recovery_manual and not last)
    if not laps:  # a session of no length: one empty lap, so the file still has one
        add(LapKind.WARMUP, 0, 0, 0)
    return Activity(
        start=start,
        end_offset=_offset(ended_at) if ended_at else start.utcoffset() or timedelta(0),
        end_ms=end,
        laps=tuple(laps),
        stops=tuple(stops),
        plan_name=plan.name,
        hill=hill,
        session_rpe=session_rpe,
        foster_load=session_load(session_rpe, duration_s),
        notes=notes,
        status=status,
        reps_planned=plan.rep_count,
        reps_done=sum(1 for rep in reps if rep.status is RepStatus.DONE),
    )


def _stops(
    actions: list[ActionRecord],
    ms,
    reps: Sequence[StoredRepLike],
    rep_starts: list[int],
    get_ready_s: float,
) -> list[tuple[int, int]]:
    """Timer-stopped intervals from the action log (see the module's docstring)."""
    out: list[tuple[int, int]] = []
    opened: tuple[int, ActionRecord] | None = None
    last_seen = 0
    started = False
    lead_in = _ms(get_ready_s)
    for record in actions:
        at = ms(record.at)
        if record.action == "start":
            known = max(last_seen, _last_rep_instant(reps, rep_starts, before=at))
            if started and at > known:  # resumed after a crash
                out.append((known, at))
            started = True
        elif record.action in ("pause", "suspend") and opened is None:
            since = at
            if record.action == "suspend":
                slept = _SLEPT.search(record.detail)
                since = max(0, at - (_ms(float(slept["s"])) if slept else 0))
            opened = (since, record)
        elif record.action in ("resume", "end") and opened is not None:
            since, pause = opened
            until = at
            if record.action == "resume" and _in_sprint(pause, since, reps, rep_starts):
                until = at + lead_in  # the sprint goes on after the GET READY lead-in
            out.append((since, until))
            opened = None
        last_seen = max(last_seen, at)
    if opened is not None:  # never resumed: stopped to the end (the caller clips it there)
        out.append((opened[0], _FOREVER))
    return _merge(out)


def _in_sprint(
    pause: ActionRecord, since: int, reps: Sequence[StoredRepLike], rep_starts: list[int]
) -> bool:
    """Whether a pause fell in a sprint (or in the lead-in of a sprint cut by a pause): the
    engine then resumes with a GET READY before the rest of the sprint."""
    if pause.phase == "sprint":
        return True
    if pause.phase != "get_ready":
        return False
    for rep, begin in zip(reps, rep_starts, strict=True):
        if rep.number == pause.rep:
            return begin < since  # the rep's sprint had begun: a lead-in, not the first one
    return False


def _last_rep_instant(reps: Sequence[StoredRepLike], rep_starts: list[int], before: int) -> int:
    """The latest instant the reps that started before `before` are known to reach."""
    latest = 0
    for rep, begin in zip(reps, rep_starts, strict=True):
        if begin < before:
            reach = begin + _ms(rep.sprint_s) + _ms(rep.recovery_s or 0.0)
            latest = max(latest, min(reach, before))
    return latest


def _run_forward(begin: int, length: int, stops: Sequence[tuple[int, int]]) -> int:
    """The instant at which `length` ms of running time after `begin` are used up."""
    position, left = begin, length
    for a, b in stops:
        if b <= position:
            continue
        if a > position:
            run = min(left, a - position)
            position += run
            left -= run
            if left <= 0:
                return position
        position = max(position, b)
    return position + left


def _running(start: int, end: int, stops: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out, position = [], start
    for a, b in _overlaps(start, end, stops):
        if a > position:
            out.append((position, a))
        position = max(position, b)
    if end > position or (end == position == start and not out):
        out.append((position, end))
    return [(a, b) for a, b in out if b >= a]


def _overlaps(start: int, end: int, stops: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(max(a, start), min(b, end)) for a, b in stops if b > start and a < end]


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted((a, b) for a, b in intervals if b > a):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _ms(seconds: float) -> int:
    if not math.isfinite(seconds) or seconds <= 0:
        return 0
    return round(seconds * 1000)


def _parse(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp {stamp!r} has no UTC offset")
    return moment


def _offset(stamp: str) -> timedelta:
    return _parse(stamp).utcoffset() or timedelta(0)
