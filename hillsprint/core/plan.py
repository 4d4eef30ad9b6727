"""Plans: the recipe of a session, and the JSON plan-file format with its validation.

A plan file is a JSON object:

    {"name": "Classic 8x10", "warmup_s": 600, "get_ready_s": 10, "cooldown_s": 300,
     "reps": [{"sprint_s": 10, "recovery_s": 120},
              {"sprint_s": 10, "recovery": "manual", "min_recovery_s": 60}]}

with optional "description" and "source". Anything else is refused with one message that
names the field and the value (`PlanError`), so a runner never sees a traceback.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

MAX_REPS = 99
MAX_SPRINT_S = 600
MAX_WARMUP_S = 7200  # warm-up / cool-down: two hours is far beyond any sensible session
MAX_RECOVERY_S = 3600
MAX_GET_READY_S = 300
MAX_NAME_LEN = 100
MAX_TEXT_LEN = 5000
DEFAULT_GET_READY_S = 10
DEFAULT_WARMUP_S = 600
DEFAULT_COOLDOWN_S = 300

PLAN_KEYS = ("name", "description", "source", "warmup_s", "get_ready_s", "cooldown_s", "reps")
REQUIRED_PLAN_KEYS = ("name", "warmup_s", "get_ready_s", "cooldown_s", "reps")
TIMED_REP_KEYS = ("sprint_s", "recovery_s")
MANUAL_REP_KEYS = ("sprint_s", "recovery", "min_recovery_s")


class PlanError(ValueError):
    """A plan (file) is not valid; the message names the field and the value."""


@dataclass(frozen=True)
class RepSpec:
    """One rep: a sprint, then a walk-down (recovery).

    A timed walk-down lasts `recovery_s`. A manual one (`manual=True`) lasts until the runner,
    back at the laptop, presses Space, but at least `recovery_s` (the plan's `min_recovery_s`).
    """

    sprint_s: float
    recovery_s: float
    manual: bool = False

    def to_json(self) -> dict:
        if self.manual:
            return {
                "sprint_s": _num_out(self.sprint_s),
                "recovery": "manual",
                "min_recovery_s": _num_out(self.recovery_s),
            }
        return {"sprint_s": _num_out(self.sprint_s), "recovery_s": _num_out(self.recovery_s)}


@dataclass(frozen=True)
class Plan:
    """A session recipe. The last rep's walk-down is folded into the cool-down (see engine)."""

    name: str
    reps: tuple[RepSpec, ...]
    warmup_s: float = DEFAULT_WARMUP_S
    get_ready_s: float = DEFAULT_GET_READY_S
    cooldown_s: float = DEFAULT_COOLDOWN_S
    description: str = ""
    source: str = ""

    @property
    def rep_count(self) -> int:
        return len(self.reps)

    def planned_total_s(self) -> float:
        """Planned length: manual walk-downs count at their minimum plus the get-ready after."""
        total = self.warmup_s + self.get_ready_s + self.cooldown_s
        for i, rep in enumerate(self.reps):
            total += rep.sprint_s
            if i < len(self.reps) - 1:
                total += rep.recovery_s + (self.get_ready_s if rep.manual else 0)
        return total

    def to_json(self) -> dict:
        data: dict = {"name": self.name}
        if self.description:
            data["description"] = self.description
        if self.source:
            data["source"] = self.source
        data.update(
            warmup_s=_num_out(self.warmup_s),
            get_ready_s=_num_out(self.get_ready_s),
            cooldown_s=_num_out(self.cooldown_s),
            reps=[rep.to_json() for rep in self.reps],
        )
        return data

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"


def _num_out(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _show(value: object) -> str:
    """The offending value, short, for a message; never fails (huge ints, deep nesting)."""
    try:
        text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    except (RecursionError, ValueError):
        text = f"a deeply nested {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _number(data: dict, key: str, where: str, *, zero_ok: bool, maximum: float) -> float:
    value = data[key]
    name = f"{where}{key}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanError(f"{name}: expected a number of seconds, got {_show(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise PlanError(f"{name}: expected a number of seconds, got {_show(value)}")
    if value < 0 or (value == 0 and not zero_ok):
        need = "0 or more" if zero_ok else "more than 0"
        raise PlanError(f"{name}: must be {need} seconds, got {_show(value)}")
    if value > maximum:
        raise PlanError(f"{name}: {_show(value)} is over the limit of {maximum:g} s")
    return float(value)


def _text(data: dict, key: str, *, required: bool, limit: int) -> str:
    if key not in data:
        return ""
    value = data[key]
    if not isinstance(value, str):
        raise PlanError(f"{key}: expected text, got {_show(value)}")
    if required:  # the name: measured as it will be stored (trimmed)
        value = value.strip()
        if not value:
            raise PlanError(f"{key}: must not be empty, got {_show(data[key])}")
    if len(value) > limit:
        raise PlanError(f"{key}: longer than {limit} characters ({len(value)})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PlanError(f"{key}: contains an invalid character (a lone surrogate)") from None
    return value


def _check_keys(data: dict, allowed: tuple[str, ...], required: tuple[str, ...], where: str):
    for key in data:
        if key not in allowed:
            raise PlanError(f"{where}{key}: unknown key (allowed: {', '.join(allowed)})")
    for key in required:
        if key not in data:
            raise PlanError(f"{where}{key}: missing")


def _rep_from_json(item: object, index: int) -> RepSpec:
    where = f"reps[{index}]."
    if not isinstance(item, dict):
        raise PlanError(
            f'reps[{index}]: expected an object like {{"sprint_s": 10, '
            f'"recovery_s": 120}}, got {_show(item)}'
        )
    if "recovery" in item:
        if item["recovery"] != "manual":
            raise PlanError(
                f'{where}recovery: the only value allowed is "manual", '
                f"got {_show(item['recovery'])}"
            )
        _check_keys(item, MANUAL_REP_KEYS, MANUAL_REP_KEYS, where)
        recovery = _number(item, "min_recovery_s", where, zero_ok=False, maximum=MAX_RECOVERY_S)
        manual = True
    else:
        _check_keys(item, TIMED_REP_KEYS, TIMED_REP_KEYS, where)
        recovery = _number(item, "recovery_s", where, zero_ok=False, maximum=MAX_RECOVERY_S)
        manual = False
    sprint = _number(item, "sprint_s", where, zero_ok=False, maximum=MAX_SPRINT_S)
    return RepSpec(sprint_s=sprint, recovery_s=recovery, manual=manual)


def plan_from_json(data: object) -> Plan:
    """Validate a decoded plan object and build a `Plan`; raises `PlanError`."""
    if not isinstance(data, dict):
        raise PlanError(f"the plan must be a JSON object {{...}}, got {_show(data)}")
    _check_keys(data, PLAN_KEYS, REQUIRED_PLAN_KEYS, "")
    name = _text(data, "name", required=True, limit=MAX_NAME_LEN)
    description = _text(data, "description", required=False, limit=MAX_TEXT_LEN)
    source = _text(data, "source", required=False, limit=MAX_TEXT_LEN)
    warmup = _number(data, "warmup_s", "", zero_ok=True, maximum=MAX_WARMUP_S)
    get_ready = _number(data, "get_ready_s", "", zero_ok=False, maximum=MAX_GET_READY_S)
    cooldown = _number(data, "cooldown_s", "", zero_ok=True, maximum=MAX_WARMUP_S)
    reps = data["reps"]
    if not isinstance(reps, list):
        raise PlanError(f"reps: expected a list of reps [...], got {_show(reps)}")
    if not reps:
        raise PlanError("reps: the list is empty; a plan needs at least one rep")
    if len(reps) > MAX_REPS:
        raise PlanError(f"reps: {len(reps)} reps is over the limit of {MAX_REPS}")
    return Plan(
        name=name,
        description=description,
        source=source,
        warmup_s=warmup,
        get_ready_s=get_ready,
        cooldown_s=cooldown,
        reps=tuple(_rep_from_json(item, i) for i, item in enumerate(reps)),
    )


def plan_from_json_text(text: str) -> Plan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise PlanError(f"not valid JSON: {exc.msg} at {where}") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (4300 digits)
        raise PlanError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise PlanError("not valid JSON: nested too deeply") from None
    try:
        return plan_from_json(data)
    except RecursionError:
        raise PlanError("not valid JSON: nested too deeply") from None


MAX_PLAN_FILE_BYTES = 1_000_000


def load_plan_file(path: str | Path) -> Plan:
    """Read and validate a plan file; every failure is a `PlanError` naming the file."""
    path = Path(path)
    try:
        if path.is_dir():
            raise PlanError(f"plan file {path}: is a folder, not a file")
        with path.open("rb") as fh:
            raw = fh.read(MAX_PLAN_FILE_BYTES + 1)
    except PlanError:
        raise
    except FileNotFoundError:
        raise PlanError(f"plan file {path}: no such file") from None
    except OSError as exc:
        raise PlanError(f"plan file {path}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_PLAN_FILE_BYTES:
        raise PlanError(f"plan file {path}: larger than {MAX_PLAN_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(f"plan file {path}: not UTF-8 text (byte {exc.start})") from None
    try:
        return plan_from_json_text(text)
    except PlanError as exc:
        raise PlanError(f"plan file {path}: {exc}") from None


def format_duration(seconds: float) -> str:
    """'45 s', '2:00', '1:02:03': short and readable from a distance."""
    whole = round(seconds)
    if whole < 60:
        return f"{seconds:g} s" if seconds != whole else f"{whole} s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def timeline_rows(plan: Plan) -> list[tuple[str, str]]:
    """The plan as (what, how long) rows for previews: warm-up, each rep, cool-down, total."""
    rows: list[tuple[str, str]] = []
    if plan.warmup_s:
        rows.append(("Warm-up", format_duration(plan.warmup_s)))
    rows.append(("Get ready", format_duration(plan.get_ready_s)))
    for number, rep in enumerate(plan.reps, start=1):
        if number == plan.rep_count:
            walk = "then cool-down"
        elif rep.manual:
            walk = f"walk down ≥ {format_duration(rep.recovery_s)}, Space at the bottom"
        else:
            walk = f"walk down {format_duration(rep.recovery_s)}"
        rows.append((f"Rep {number}", f"sprint {format_duration(rep.sprint_s)}, {walk}"))
    if plan.cooldown_s:
        rows.append(("Cool-down", format_duration(plan.cooldown_s)))
    rows.append(("Total", f"about {format_duration(plan.planned_total_s())}"))
    return rows
