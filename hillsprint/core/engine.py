"""The timing engine: a pure state machine over an injected monotonic clock.

The session is a list of segments (warm-up, get ready, sprint, walk down, cool-down). Each
segment's start instant is the previous segment's end instant, and its end is its start plus its
planned duration, so boundaries come from the start instant, planned durations, pauses and
manual-advance instants -- never from counting ticks -- and a session does not drift whatever the
caller's wake-up pattern. A Qt timer (or a test) only decides *when* to ask.

Two ways to ask:
- `state(at)` is pure: what does the session look like at instant `at`?
- `poll()` moves the engine's cursor to the clock's now and returns the events that fell due
  since the last call, in order, each with its deadline: cue events (3-2-1 ticks, GO, ...),
  rep records (a sprint ended, a rep finished), the action log, a detected suspend, the end.
Actions (`start`, `pause`, `resume`, `skip`, `add_time`, `advance`, `end`) read the clock
themselves and queue their events for the next `poll()`.

Rules the runner sees:
- GET READY comes before the first sprint, after a manual walk-down (Space, `advance`, starts
  it) and after a resume in a sprint or a get-ready (or in a walk-down with less than the
  get-ready time left). Between timed reps the last 3 s of the walk-down carry the 3-2-1 ticks.
- A manual walk-down lasts until `advance`, but never less than its minimum: an early press
  arms it and the get-ready starts the moment the minimum is reached.
- Skipping a walk-down leads into a GET READY, never straight into a sprint. Skipping a sprint
  records that rep as skipped.
- The last rep's walk-down is folded into the cool-down.
- If boot time runs ahead of monotonic time (the laptop slept), the session pauses.

Why one module of ~550 lines: the segment list, the cursor over it and the set of emitted cues
hold the invariants that keep the timeline exact (every boundary is a sum of planned durations,
pauses and manual instants; no cue fires twice; an edit of the list never moves the past). Each
action edits all three together, so splitting the machine would scatter one invariant over
several files. Its plain value types (phases, cues, events, state) live in `session_events`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hillsprint.core.clock import Clock, iso
from hillsprint.core.plan import Plan
from hillsprint.core.records import ActionRecord, RepRecord, RepStatus, SessionStatus
from hillsprint.core.session_events import (
    ActionLogged,
    Cue,
    CueDue,
    CueKind,
    EngineState,
    Event,
    Phase,
    RepFinished,
    SessionFinished,
    SprintEnded,
    SuspendDetected,
)

TICKS = (3, 2, 1)
ANNOUNCE_LEAD_S = 10.0  # "Rep three of eight" this long before a sprint (or at its lead-in start)
HALFWAY_MIN_SPRINT_S = 20.0  # a sprint this long or longer gets a "halfway" cue
SUSPEND_THRESHOLD_S = 0.5  # boot time ahead of monotonic time by more than this: the laptop slept
ADD_TIME_S = 30.0


@dataclass(eq=False)
class _Segment:
    phase: Phase
    rep: int
    duration: float | None  # None: a manual walk-down still open
    planned: float  # what it contributes to the planned total (progress bar)
    segment_id: int
    min_s: float = 0.0  # manual walk-down minimum
    manual: bool = False
    sprint_before_s: float = 0.0  # a sprint resumed after a pause: seconds run before it
    split: bool = False  # a sprint part that a pause cut off (the sprint goes on after)
    skipped: bool = False
    start: float | None = None
    epoch: int = 0  # bumped when the end moves, so end-relative cues are re-armed

    def end(self, start: float | None = None) -> float | None:
        start = self.start if start is None else start
        if self.duration is None or start is None:
            return None
        return start + self.duration


@dataclass
class _RepProgress:
    number: int
    started_mono: float
    started_at: str
    sprint_planned_s: float
    recovery_planned_s: float | None
    manual: bool
    sprint_s: float = 0.0
    sprint_end: float | None = None
    skipped: bool = False
    finished: bool = False

    def record(self, recovery_s: float | None = None) -> RepRecord:
        return RepRecord(
            number=self.number,
            started_at=self.started_at,
            sprint_planned_s=self.sprint_planned_s,
            sprint_s=self.sprint_s,
            recovery_planned_s=self.recovery_planned_s,
            recovery_s=recovery_s,
            recovery_manual=self.manual,
            status=RepStatus.SKIPPED if self.skipped else RepStatus.DONE,
        )


class SessionEngine:
    """Runs one session of `plan` on `clock`. `first_rep` > 1 resumes a crashed session at the
    GET READY of that rep (no warm-up)."""

    def __init__(self, plan: Plan, clock: Clock, first_rep: int = 1) -> None:
        if not 1 <= first_rep <= plan.rep_count:
            raise ValueError(f"first_rep must be 1..{plan.rep_count}, got {first_rep}")
        self.plan = plan
        self._clock = clock
        self._next_sid = 0
        self._segments = self._build(first_rep)
        self._current = 0
        self._started_at: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._done_at: float | None = None
        self._status = SessionStatus.IN_PROGRESS
        self._pending: list[Event] = []
        self._emitted: set[tuple] = set()
        self._reps: dict[int, _RepProgress] = {}
        self._sleep_offset = clock.boottime() - clock.monotonic()
        self._total_planned = sum(seg.planned for seg in self._segments)

    # ---- building the timeline -------------------------------------------------------------

    def _segment(self, phase: Phase, rep: int, duration: float | None, **kw) -> _Segment:
        self._next_sid += 1
        planned = kw.pop("planned", duration if duration is not None else kw.get("min_s", 0.0))
        return _Segment(phase, rep, duration, planned, self._next_sid, **kw)

    def _build(self, first_rep: int) -> list[_Segment]:
        plan, seg = self.plan, self._segment
        out: list[_Segment] = []
        if first_rep == 1 and plan.warmup_s > 0:
            out.append(seg(Phase.WARMUP, 0, plan.warmup_s))
        out.append(seg(Phase.GET_READY, first_rep, plan.get_ready_s))
        for number in range(first_rep, plan.rep_count + 1):
            spec = plan.reps[number - 1]
            out.append(seg(Phase.SPRINT, number, spec.sprint_s))
            if number == plan.rep_count:
                break
            if spec.manual:
                out.append(seg(Phase.WALK_DOWN, number, None, min_s=spec.recovery_s, manual=True))
                out.append(seg(Phase.GET_READY, number + 1, plan.get_ready_s))
            else:
                out.append(seg(Phase.WALK_DOWN, number, spec.recovery_s))
        if plan.cooldown_s > 0:
            out.append(seg(Phase.COOLDOWN, plan.rep_count, plan.cooldown_s))
        return out

    # ---- queries ----------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._started_at is not None

    @property
    def started_at(self) -> float | None:
        """The monotonic instant the session started (the origin of every deadline)."""
        return self._started_at

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def done(self) -> bool:
        return self._done_at is not None

    @property
    def status(self) -> SessionStatus:
        return self._status

    def now(self) -> float:
        return self._clock.monotonic()

    def state(self, at: float | None = None) -> EngineState:
        """The session at instant `at` (default: now). Pure: nothing is emitted or changed."""
        at = self.now() if at is None else at
        if self._started_at is None:
            return self._describe(0, 0.0, 0.0, 0.0)
        if self._done_at is not None:
            at = min(at, self._done_at)
            elapsed = at - self._started_at - self._paused_total
            return self._describe(len(self._segments), 0.0, elapsed, at)
        if self._paused_at is not None:
            at = self._paused_at
        index, start = (
            self._current,
            self._segments[self._current].start if self._current < len(self._segments) else at,
        )
        while index < len(self._segments):
            end = self._segments[index].end(start)
            if end is None or end > at:
                break
            index, start = index + 1, end
        elapsed = at - self._started_at - self._paused_total
        return self._describe(index, at - start, elapsed, at)

    def _describe(self, index: int, in_phase: float, elapsed: float, at: float) -> EngineState:
        segs = self._segments
        if index >= len(segs):
            count = self.plan.rep_count
            return EngineState(
                Phase.DONE, count, count, True, False, 0.0, 0.0, 0.0, False, 0.0, False,
                elapsed, self._reps_done(at), Phase.DONE, count, None, 1.0,
            )  # fmt: skip
        seg = segs[index]
        nxt = segs[index + 1] if index + 1 < len(segs) else None
        remaining = None if seg.duration is None else max(0.0, seg.duration - in_phase)
        min_left = max(0.0, seg.min_s - in_phase) if seg.manual else 0.0
        before = sum(s.planned for s in segs[:index])
        progress = (before + min(in_phase, seg.planned)) / self._total_planned
        return EngineState(
            phase=seg.phase,
            rep=seg.rep,
            rep_count=self.plan.rep_count,
            started=self._started_at is not None,
            paused=self._paused_at is not None,
            remaining_s=remaining,
            phase_elapsed_s=in_phase,
            phase_duration_s=seg.duration,
            manual=seg.manual,
            min_remaining_s=min_left,
            waiting_for_runner=seg.manual and seg.duration is None and min_left == 0.0,
            session_elapsed_s=elapsed,
            reps_done=self._reps_done(at),
            next_phase=nxt.phase if nxt else Phase.DONE,
            next_rep=nxt.rep if nxt else seg.rep,
            next_duration_s=(nxt.duration if nxt.duration is not None else nxt.min_s)
            if nxt
            else None,
            progress=min(1.0, progress),
        )

    def _reps_done(self, at: float) -> int:
        return sum(
            1
            for rep in self._reps.values()
            if rep.sprint_end is not None and rep.sprint_end <= at and not rep.skipped
        )

    def next_deadline(self) -> float | None:
        """The next instant something is due (a cue or a phase boundary), for the caller's
        single-shot timer; None while nothing is scheduled (not started, paused, done, or a
        manual walk-down waiting for the runner)."""
        if not self.started or self.paused or self.done or self._current >= len(self._segments):
            return None
        seg = self._segments[self._current]
        times = [cue.deadline for key, cue in self._cues(self._current) if key not in self._emitted]
        end = seg.end()
        if end is not None:
            times.append(end)
        return min(times) if times else None

    def upcoming_cues(self, horizon_s: float) -> list[Cue]:
        """The cues due after now and at most `horizon_s` ahead, if the runner does nothing
        (no pause, skip or extra time): what a player can place on its stream before they are
        due. Each is the same `Cue` that `poll()` will return when it falls due. Empty while
        not started, paused or done; a manual walk-down ends the view (its end is unknown)."""
        if not self.started or self.paused or self.done:
            return []
        now = self.now()
        until = now + horizon_s
        out: list[Cue] = []
        index = self._current
        start = self._segments[index].start if index < len(self._segments) else None
        while index < len(self._segments) and start is not None and start <= until:
            seg = self._segments[index]
            out += [
                cue
                for key, cue in self._cues(index, start)
                if key not in self._emitted and now < cue.deadline <= until
            ]
            end = seg.end(start)
            if end is None or end > until:
                break
            if seg.phase is Phase.SPRINT and not seg.split and end > now:
                out.append(Cue(CueKind.SPRINT_END, end, seg.rep))
            index, start = index + 1, end
            if index == len(self._segments) and end > now:
                out.append(Cue(CueKind.SESSION_COMPLETE, end, self.plan.rep_count))
        out.sort(key=lambda cue: cue.deadline)
        return out

    # ---- the event pump ----------------------------------------------------------------------

    def poll(self) -> list[Event]:
        """Bring the engine up to now; return (and forget) every event that fell due."""
        now = self.now()
        self._check_suspend(now)
        self._advance(now)
        events, self._pending = self._pending, []
        return events

    def _check_suspend(self, now: float) -> None:
        offset = self._clock.boottime() - now
        slept = offset - self._sleep_offset
        if slept <= SUSPEND_THRESHOLD_S:
            return
        self._sleep_offset = offset
        if not self.started or self.done:
            return
        self._advance(now)
        if not self.paused:
            self._paused_at = now
            self._log("suspend", now, f"slept {slept:.1f} s; paused")
        self._pending.append(SuspendDetected(now, slept))

    def _advance(self, now: float) -> None:
        """Emit everything due up to `now` (frozen at the pause instant while paused)."""
        if self._started_at is None or self._done_at is not None:
            return
        frozen_now = now if self._paused_at is None else self._paused_at
        while self._current < len(self._segments):
            seg = self._segments[self._current]
            for key, cue in self._cues(self._current):
                if key not in self._emitted and cue.deadline <= frozen_now:
                    self._emitted.add(key)
                    self._pending.append(CueDue(cue))
            end = seg.end()
            if end is None or end > frozen_now:
                return
            self._close_current(end)

    def _cues(  # noqa: C901 (each phase's cues)
        self, index: int, start: float | None = None
    ) -> list[tuple[tuple, Cue]]:
        """The cues of segment `index`, sorted by deadline: from its own start, or from `start`
        for a segment that has not begun (what it will bring if nothing changes)."""
        seg = self._segments[index]
        nxt = self._segments[index + 1] if index + 1 < len(self._segments) else None
        start = seg.start if start is None else start
        assert start is not None
        end = seg.end(start)
        out: list[tuple[tuple, Cue]] = []

        def at_start(kind: CueKind, t: float, value: int | None = None) -> None:
            out.append(((seg.segment_id, kind, value), Cue(kind, t, seg.rep, value)))

        def at_end(kind: CueKind, t: float, rep: int, value: int | None = None) -> None:
            out.append(((seg.segment_id, seg.epoch, kind, value), Cue(kind, t, rep, value)))

        if seg.phase is Phase.SPRINT:
            at_start(CueKind.GO, start)
            planned = self.plan.reps[seg.rep - 1].sprint_s
            halfway = start + planned / 2 - seg.sprint_before_s
            if (
                planned >= HALFWAY_MIN_SPRINT_S
                and halfway > start
                and (end is None or halfway < end)
            ):
                at_start(CueKind.HALFWAY, halfway)
        if end is not None:
            if seg.phase is Phase.WARMUP:
                at_end(CueKind.WARMUP_END, end, 0)
            if nxt is not None and nxt.phase is Phase.SPRINT:
                announce = max(start, end - ANNOUNCE_LEAD_S)
                at_end(CueKind.REP_ANNOUNCE, announce, nxt.rep, nxt.rep)
                if nxt.rep == self.plan.rep_count:
                    at_end(CueKind.LAST_REP, announce, nxt.rep)
                for tick in TICKS:
                    if end - tick >= start:
                        at_end(CueKind.TICK, end - tick, nxt.rep, tick)
        out.sort(key=lambda item: item[1].deadline)
        return out

    def _close_current(self, end: float) -> None:
        """The current segment ends at `end`; the next one starts at exactly that instant."""
        seg = self._segments[self._current]
        if seg.phase is Phase.SPRINT:
            rep = self._reps[seg.rep]
            rep.sprint_s += end - seg.start
            if not seg.split:
                rep.sprint_end = end
                rep.skipped = rep.skipped or seg.skipped
                self._pending.append(SprintEnded(rep.record(), end))
                self._pending.append(CueDue(Cue(CueKind.SPRINT_END, end, seg.rep)))
                if seg.rep == self.plan.rep_count:
                    self._finish_rep(rep, end, walked=False)
        self._current += 1
        if self._current >= len(self._segments):
            self._finish(end, SessionStatus.COMPLETED)
            return
        nxt = self._segments[self._current]
        nxt.start = end
        if nxt.phase is Phase.SPRINT and nxt.rep not in self._reps:
            previous = self._reps.get(nxt.rep - 1)
            if previous is not None:
                self._finish_rep(previous, end)
            spec = self.plan.reps[nxt.rep - 1]
            last = nxt.rep == self.plan.rep_count
            self._reps[nxt.rep] = _RepProgress(
                number=nxt.rep,
                started_mono=end,
                started_at=iso(self._wall_at(end)),
                sprint_planned_s=spec.sprint_s,
                recovery_planned_s=None if last else spec.recovery_s,
                manual=spec.manual and not last,
            )

    def _finish_rep(self, rep: _RepProgress, at: float, walked: bool = True) -> None:
        if rep.finished or rep.sprint_end is None:
            return
        rep.finished = True
        recovery = at - rep.sprint_end if walked and rep.recovery_planned_s is not None else None
        self._pending.append(RepFinished(rep.record(recovery), at))

    def _finish(self, at: float, status: SessionStatus) -> None:
        self._done_at = at
        self._status = status
        active = at - self._started_at - self._paused_total
        if status is SessionStatus.COMPLETED:
            count = self.plan.rep_count
            self._pending.append(CueDue(Cue(CueKind.SESSION_COMPLETE, at, count)))
        self._pending.append(SessionFinished(status, at, active))

    def _wall_at(self, mono: float):
        return self._clock.wall() - timedelta(seconds=self._clock.monotonic() - mono)

    def _log(self, action: str, now: float, detail: str = "") -> None:
        seg = self._segments[self._current] if self._current < len(self._segments) else None
        record = ActionRecord(
            action=action,
            at=iso(self._wall_at(now)),
            mono=now,
            phase=seg.phase.value if seg else Phase.DONE.value,
            rep=seg.rep if seg else self.plan.rep_count,
            detail=detail,
        )
        self._pending.append(ActionLogged(record))

    # ---- actions -------------------------------------------------------------------------

    def _begin_action(self) -> float | None:
        """Common prologue: bring the engine to now; None if the session is not running."""
        now = self.now()
        if not self.started or self.done:
            return None
        self._check_suspend(now)
        self._advance(now)
        return None if self.done else now

    def start(self) -> bool:
        if self.started:
            return False
        now = self.now()
        self._sleep_offset = self._clock.boottime() - now
        self._started_at = now
        self._segments[0].start = now
        self._log("start", now, self.plan.name)
        self._advance(now)
        return True

    def pause(self) -> bool:
        now = self._begin_action()
        if now is None or self.paused:
            return False
        self._paused_at = now
        self._log("pause", now)
        return True

    def resume(self) -> bool:
        now = self._begin_action()
        if now is None or not self.paused:
            return False
        paused_for = now - self._paused_at
        self._paused_total += paused_for
        self._paused_at = None
        seg = self._segments[self._current]
        seg.start += paused_for
        self._log("resume", now, f"after {paused_for:.1f} s")
        ready = self.plan.get_ready_s
        if seg.phase is Phase.SPRINT:
            # Cut the sprint here; a get-ready lead-in, then the rest of it.
            run = now - seg.start
            rest = self._segment(
                Phase.SPRINT, seg.rep, seg.duration - run, sprint_before_s=seg.sprint_before_s + run
            )
            seg.split, seg.duration, seg.planned = True, run, min(seg.planned, run)
            rest.planned = max(
                0.0, self.plan.reps[seg.rep - 1].sprint_s - seg.sprint_before_s - run
            )
            lead = self._segment(Phase.GET_READY, seg.rep, ready, planned=0.0)
            self._segments[self._current + 1 : self._current + 1] = [lead, rest]
            self._reshape(now)
        elif seg.phase is Phase.GET_READY:
            seg.start = now
            self._reshape(now)
        elif seg.phase is Phase.WALK_DOWN and not seg.manual and seg.end() - now < ready:
            self._cut_walk_down_into_get_ready(seg, now)
        else:
            self._reshape(now)
        self._advance(now)
        return True

    def skip(self) -> bool:
        """Skip the rest of the current phase."""
        now = self._begin_action()
        if now is None or self.paused:
            return False
        seg = self._segments[self._current]
        self._log("skip", now)
        if seg.phase is Phase.WALK_DOWN:
            self._cut_walk_down_into_get_ready(seg, now)
        else:
            seg.skipped = seg.phase is Phase.SPRINT
            seg.duration = now - seg.start
            self._reshape(now)
        self._advance(now)
        return True

    def _cut_walk_down_into_get_ready(self, seg: _Segment, now: float) -> None:
        seg.duration = now - seg.start
        nxt = self._segments[self._current + 1]
        if nxt.phase is not Phase.GET_READY:
            lead = self._segment(Phase.GET_READY, seg.rep + 1, self.plan.get_ready_s, planned=0.0)
            self._segments.insert(self._current + 1, lead)
        self._reshape(now)

    def add_time(self, seconds: float = ADD_TIME_S) -> bool:
        """More walk-down: a timed one gets longer; a manual one's minimum grows."""
        now = self._begin_action()
        if now is None or self.paused:
            return False
        seg = self._segments[self._current]
        if seg.phase is not Phase.WALK_DOWN:
            return False
        if seg.manual:
            seg.min_s += seconds
            if seg.duration is not None:
                seg.duration = max(seg.duration, seg.min_s)
        else:
            seg.duration += seconds
        self._log("add_time", now, f"+{seconds:g} s")
        self._reshape(now)
        return True

    def advance(self) -> bool:
        """The runner is back at the bottom (manual walk-down): start the next rep's get-ready
        now, or as soon as the minimum walk-down has passed."""
        now = self._begin_action()
        if now is None or self.paused:
            return False
        seg = self._segments[self._current]
        if not (seg.phase is Phase.WALK_DOWN and seg.manual and seg.duration is None):
            return False
        elapsed = now - seg.start
        seg.duration = max(elapsed, seg.min_s)
        wait = seg.duration - elapsed
        self._log("advance", now, f"next rep in {wait:.1f} s" if wait > 0 else "")
        self._reshape(now)
        self._advance(now)
        return True

    def end(self) -> bool:
        """End the session early (the current rep is stored as it stands)."""
        now = self.now()
        if not self.started or self.done:
            return False
        self._advance(now)
        if self.paused:
            self._paused_total += now - self._paused_at
            self._segments[self._current].start += now - self._paused_at
            self._paused_at = None
        self._log("end", now)
        seg = self._segments[self._current]
        if seg.phase is Phase.SPRINT:
            self._reps[seg.rep].sprint_s += now - seg.start
        for rep in self._reps.values():
            if rep.sprint_end is None:  # a sprint under way, or cut by a pause and not resumed
                rep.sprint_end, rep.skipped = now, True
                self._pending.append(SprintEnded(rep.record(), now))
                self._finish_rep(rep, now, walked=False)
            else:
                self._finish_rep(rep, now)
        self._finish(now, SessionStatus.ENDED_EARLY)
        return True

    def _reshape(self, now: float) -> None:
        """The current segment's end moved: re-arm its end-relative cues, but never fire one
        whose new deadline has already passed."""
        seg = self._segments[self._current]
        seg.epoch += 1
        for key, cue in self._cues(self._current):
            if cue.deadline <= now and len(key) == 4:
                self._emitted.add(key)
