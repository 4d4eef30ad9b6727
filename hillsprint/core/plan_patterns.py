"""Quick patterns for the plan editor, and the rep-list edits behind its buttons.

Every function returns a new tuple of `RepSpec` that plan validation accepts (the limits are
plan.py's: 1-`MAX_REPS` reps, sprints up to `MAX_SPRINT_S`, walk-downs up to
`MAX_RECOVERY_S`), or raises `PlanError` with a message naming the argument and the value.
Rep indexes are 0-based, as in Python; messages name reps 1-based ("rep 3"), as the editor
shows them.

Patterns
- `repeat(n, sprint_s, rest_s)`: n equal reps. `manual=True` makes each walk-down manual
  (Space at the bottom) with a minimum of `min_s` (default: `rest_s`).
- `ladder(low_s, high_s, step_s, rest_ratio)`: ascending sprints low, low + step, ..., high;
  e.g. (8, 12, 2) → 8-10-12 s.
- `pyramid(low_s, high_s, step_s, rest_ratio)`: up the ladder and back down, the peak once;
  e.g. (8, 12, 2) → 8-10-12-10-8 s.
  For both, high − low must be a whole number of steps, and each walk-down is proportional
  to its sprint: rest = `rest_ratio` × sprint (e.g. ratio 10: a 12 s sprint gets 120 s). With
  `manual=True` that rest is the manual walk-down's minimum. Durations are rounded to the
  millisecond, so 0.1-second steps do not leave 10.299999 s sprints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from hillsprint.core.plan import (
    DEFAULT_GET_READY_S,
    MAX_RECOVERY_S,
    MAX_REPS,
    MAX_SPRINT_S,
    PlanError,
    RepSpec,
    plan_from_json,
)

_DECIMALS = 3  # durations are rounded to the millisecond
_STEP_TOLERANCE = 1e-6


def _show(value: object) -> str:
    return repr(value) if not isinstance(value, float) else f"{value:g}"


def _seconds(name: str, value: object, maximum: float) -> float:
    """A duration argument: a finite number, more than 0, at most `maximum` seconds."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise PlanError(f"{name}: expected a number of seconds, got {_show(value)}")
    if value <= 0:
        raise PlanError(f"{name}: must be more than 0 seconds, got {_show(value)}")
    if value > maximum:
        raise PlanError(f"{name}: {_show(value)} is over the limit of {maximum:g} s")
    return float(value)


def _count(name: str, value: object, minimum: int = 1, maximum: int = MAX_REPS) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanError(f"{name}: expected a whole number, got {_show(value)}")
    if not minimum <= value <= maximum:
        raise PlanError(f"{name}: must be {minimum} to {maximum}, got {value}")
    return value


def _validated(reps: Sequence[RepSpec]) -> tuple[RepSpec, ...]:
    """The reps as plan validation sees them (round trip through the plan-file format)."""
    plan = plan_from_json(
        {
            "name": "pattern",
            "warmup_s": 0,
            "get_ready_s": DEFAULT_GET_READY_S,
            "cooldown_s": 0,
            "reps": [rep.to_json() for rep in reps],
        }
    )
    return plan.reps


def _reps(reps: Sequence[RepSpec]) -> tuple[RepSpec, ...]:
    items = tuple(reps)
    for i, rep in enumerate(items):
        if not isinstance(rep, RepSpec):
            raise PlanError(f"rep {i + 1}: expected a RepSpec, got {type(rep).__name__}")
    if not items:
        raise PlanError("reps: the list is empty; a plan needs at least one rep")
    return _validated(items)  # a bad rep is named where it is now, before any edit


def _index(reps: tuple[RepSpec, ...], index: object) -> int:
    if isinstance(index, bool) or not isinstance(index, int):
        raise PlanError(f"index: expected a whole number, got {_show(index)}")
    if not 0 <= index < len(reps):
        raise PlanError(
            f"index: no rep {index + 1} (index {index}); the plan has {len(reps)} "
            f"rep{'s' if len(reps) != 1 else ''}"
        )
    return index


# -- patterns --------------------------------------------------------------------------------


def repeat(
    n: int, sprint_s: float, rest_s: float, manual: bool = False, min_s: float | None = None
) -> tuple[RepSpec, ...]:
    """n equal reps: sprint `sprint_s`, then a timed walk-down of `rest_s`; with `manual=True`
    a manual walk-down of at least `min_s` (default `rest_s`). `min_s` needs `manual=True`."""
    count = _count("n", n)
    sprint = _seconds("sprint_s", sprint_s, MAX_SPRINT_S)
    rest = _seconds("rest_s", rest_s, MAX_RECOVERY_S)
    if min_s is not None:
        if not manual:
            raise PlanError("min_s: only a manual walk-down has a minimum; pass manual=True")
        rest = _seconds("min_s", min_s, MAX_RECOVERY_S)
    return _validated([RepSpec(sprint, rest, manual=bool(manual))] * count)


def _steps(low_s: float, high_s: float, step_s: float) -> list[float]:
    low = _seconds("low_s", low_s, MAX_SPRINT_S)
    high = _seconds("high_s", high_s, MAX_SPRINT_S)
    step = _seconds("step_s", step_s, MAX_SPRINT_S)
    if high <= low:
        raise PlanError(f"high_s: must be more than low_s ({low:g}), got {high:g}")
    intervals = round((high - low) / step)
    if abs(low + intervals * step - high) > _STEP_TOLERANCE * max(1.0, high):
        raise PlanError(
            f"step_s: {high:g} − {low:g} = {high - low:g} s is not a whole number of "
            f"{step:g} s steps"
        )
    if intervals + 1 > MAX_REPS:
        raise PlanError(
            f"step_s: {low:g} to {high:g} s in {step:g} s steps makes {intervals + 1} "
            f"sprints, over the limit of {MAX_REPS} reps"
        )
    return [round(low + i * step, _DECIMALS) for i in range(intervals)] + [high]


def _proportional(sprints: list[float], rest_ratio: float, manual: bool) -> tuple[RepSpec, ...]:
    if (
        isinstance(rest_ratio, bool)
        or not isinstance(rest_ratio, (int, float))
        or not math.isfinite(rest_ratio)
        or rest_ratio <= 0
    ):
        raise PlanError(f"rest_ratio: expected a number more than 0, got {_show(rest_ratio)}")
    if len(sprints) > MAX_REPS:
        raise PlanError(f"reps: {len(sprints)} reps is over the limit of {MAX_REPS}")
    reps = []
    for sprint in sprints:
        rest = round(sprint * rest_ratio, _DECIMALS)
        if rest <= 0 or rest > MAX_RECOVERY_S:
            raise PlanError(
                f"rest_ratio: {rest_ratio:g} × {sprint:g} s = {rest:g} s walk-down, outside "
                f"the limits of more than 0 to {MAX_RECOVERY_S} s"
            )
        reps.append(RepSpec(sprint, rest, manual=bool(manual)))
    return _validated(reps)


def ladder(
    low_s: float, high_s: float, step_s: float, rest_ratio: float, *, manual: bool = False
) -> tuple[RepSpec, ...]:
    """Ascending sprints low, low + step, ..., high, each with a walk-down of
    `rest_ratio` × its sprint. (8, 12, 2, 10) → 8/80, 10/100, 12/120 s."""
    return _proportional(_steps(low_s, high_s, step_s), rest_ratio, manual)


def pyramid(
    low_s: float, high_s: float, step_s: float, rest_ratio: float, *, manual: bool = False
) -> tuple[RepSpec, ...]:
    """Up the ladder and back down, the peak once: (8, 12, 2, 10) → sprints 8-10-12-10-8 s
    with walk-downs 80-100-120-100-80 s (rest = `rest_ratio` × sprint)."""
    up = _steps(low_s, high_s, step_s)
    return _proportional(up + up[-2::-1], rest_ratio, manual)


# -- editing a rep list ----------------------------------------------------------------------


def repeat_rep(reps: Sequence[RepSpec], index: int, times: int) -> tuple[RepSpec, ...]:
    """ "Repeat this rep N times": afterwards the rep at `index` appears `times` times in a row
    there (the copies right after it); `times=1` changes nothing."""
    items = _reps(reps)
    i = _index(items, index)
    room = MAX_REPS - len(items) + 1
    if isinstance(times, bool) or not isinstance(times, int):
        raise PlanError(f"times: expected a whole number, got {_show(times)}")
    if times < 1:
        raise PlanError(f"times: must be 1 or more, got {times}")
    if times > room:
        raise PlanError(
            f"times: {times} would make {len(items) - 1 + times} reps, over the limit of "
            f"{MAX_REPS} (at most {room} here)"
        )
    return _validated(items[:i] + (items[i],) * times + items[i + 1 :])


def move_rep(reps: Sequence[RepSpec], index: int, delta: int) -> tuple[RepSpec, ...]:
    """Move the rep at `index` by `delta` places (−1: one up/earlier, +1: one down/later);
    the others keep their order. Moving past either end is refused."""
    items = _reps(reps)
    i = _index(items, index)
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise PlanError(f"delta: expected a whole number, got {_show(delta)}")
    target = i + delta
    if not 0 <= target < len(items):
        where = "first" if target < 0 else "last"
        raise PlanError(
            f"delta: cannot move rep {i + 1} by {delta:+d}; it would go past the {where} rep "
            f"(the plan has {len(items)})"
        )
    rest = list(items[:i] + items[i + 1 :])
    rest.insert(target, items[i])
    return _validated(rest)


def remove_rep(reps: Sequence[RepSpec], index: int) -> tuple[RepSpec, ...]:
    """The reps without the one at `index`; removing the only rep is refused."""
    items = _reps(reps)
    i = _index(items, index)
    if len(items) == 1:
        raise PlanError("reps: cannot remove the only rep; a plan needs at least one rep")
    return _validated(items[:i] + items[i + 1 :])
