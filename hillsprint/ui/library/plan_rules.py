"""The plan editor's rules without Qt: times as text, reps as typed, and each value checked
the way a plan file is checked (`plan_from_json`), giving the plan file's reason.

Pure Python, no Qt: the rules for what the editor accepts and the messages it shows can be
read and tested without a display, and the Qt modules (`plan_editor`, `rep_table`,
`pattern_form`) share one copy of them.

Times are typed as seconds (`90`, `7.5`) or minutes:seconds (`1:30`, `10:00`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from hillsprint.core.plan import (
    DEFAULT_GET_READY_S,
    Plan,
    PlanError,
    RepSpec,
    format_duration,
    plan_from_json,
)

TIME_HINT = "type seconds (90) or minutes:seconds (1:30)"

# The reps table's columns (rep_cell_problems names its problems by column).
COL_REP, COL_SPRINT, COL_KIND, COL_WALK = range(4)

# The plan's fields, keyed as in a plan file (what PlanError messages start with), as the
# editor names them.
FIELD_LABELS = {
    "name": "Name",
    "description": "Description",
    "source": "Source",
    "warmup_s": "Warm-up",
    "get_ready_s": "Get ready",
    "cooldown_s": "Cool-down",
    "reps": "Reps",
}
TEXT_FIELDS = ("name", "description", "source")
TIME_FIELDS = ("warmup_s", "get_ready_s", "cooldown_s")
_TIMING_KEYS = (*TIME_FIELDS, "reps")
# a rep's plan-file key -> the reps table's column that shows it
_REP_SUB_COLUMN = {
    "sprint_s": COL_SPRINT,
    "recovery_s": COL_WALK,
    "min_recovery_s": COL_WALK,
    "recovery": COL_KIND,
}
_EMPTY_GOT = re.compile(r", got '\s*'$")  # "must not be empty, got '  '": say less

# "reps[2].sprint_s: 700 is over ..." -> key "reps", index 2, sub "sprint_s", reason "700 ..."
_LOCATED = re.compile(
    r"^(?P<key>[a-z_]+)(?:\[(?P<index>\d+)\](?:\.(?P<sub>[a-z_]+))?)?: (?P<reason>.*)$", re.S
)
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>\d{1,2}(?:\.\d+)?)$")


# -- times as text -----------------------------------------------------------------------------


def parse_seconds(text: str) -> float:
    """'90', '7.5', '7,5', '90 s', '1:30', '1:02:03' -> seconds. ValueError says what is wrong
    (without the field's name). The range is checked by plan validation, not here."""
    raw = text.strip()
    value = raw.replace(",", ".")
    if value.endswith("s"):
        value = value[:-1].rstrip()
    if not value:
        raise ValueError(f"empty; {TIME_HINT}")
    clock = _CLOCK.match(value)
    if clock:
        seconds = float(clock["s"])
        if seconds >= 60:
            raise ValueError(f"{raw!r}: the seconds after the colon must be under 60")
        return int(clock["h"] or 0) * 3600 + int(clock["m"]) * 60 + seconds
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{raw!r} is not a time; {TIME_HINT}") from None
    if not math.isfinite(number):
        raise ValueError(f"{raw!r} is not a time; {TIME_HINT}")
    return number


def seconds_text(seconds: float) -> str:
    """The text a field shows for a time: '10', '7.5', '2:00', '10:00', '1:00:00'."""
    if seconds >= 60 and float(seconds).is_integer():
        hours, rest = divmod(int(seconds), 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{seconds:.15g}"


def json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def locate(message: str) -> tuple[str | None, int | None, str | None, str]:
    """Where a PlanError message points: (key, rep index, rep key, reason)."""
    match = _LOCATED.match(message)
    if not match:
        return None, None, None, message
    index = match["index"]
    return match["key"], int(index) if index is not None else None, match["sub"], match["reason"]


_CHECK_BASE = {
    "name": "plan",
    "warmup_s": 0,
    "get_ready_s": DEFAULT_GET_READY_S,
    "cooldown_s": 0,
    "reps": [{"sprint_s": 1, "recovery_s": 1}],
}


def field_problem(**fields) -> str | None:
    """plan_from_json's reason for these fields on an otherwise valid plan, or None."""
    try:
        plan_from_json({**_CHECK_BASE, **fields})
    except PlanError as exc:
        return locate(str(exc))[3]
    return None


# -- a rep as typed ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RepRow:
    """One rep as typed: the texts are kept as they are, so a bad value stays to be fixed."""

    sprint: str
    walk: str
    manual: bool = False

    @classmethod
    def from_spec(cls, rep: RepSpec) -> RepRow:
        return cls(seconds_text(rep.sprint_s), seconds_text(rep.recovery_s), rep.manual)


def shown_time(text: str) -> str:
    try:
        return format_duration(parse_seconds(text))
    except ValueError:
        return text or "(empty)"


# -- checking what was typed -------------------------------------------------------------------


@dataclass(frozen=True)
class BadTime:
    """A time field whose text is not a time, and why."""

    text: str
    reason: str


def time_value(text: str) -> int | float | BadTime:
    try:
        return json_number(parse_seconds(text))
    except ValueError as exc:
        return BadTime(text, str(exc))


def time_json(text: str) -> int | float | str:
    """A time for the plan-file object: the number, or the text when it is not a time."""
    value = time_value(text)
    return value.text if isinstance(value, BadTime) else value


def rep_json(row: RepRow) -> dict:
    sprint = time_json(row.sprint)
    walk = time_json(row.walk)
    if row.manual:
        return {"sprint_s": sprint, "recovery": "manual", "min_recovery_s": walk}
    return {"sprint_s": sprint, "recovery_s": walk}


def rep_cell_problems(row: RepRow) -> dict[int, str]:
    """Column -> reason for one rep; each value is checked on its own."""
    cells: dict[int, str] = {}
    for column, text in ((COL_SPRINT, row.sprint), (COL_WALK, row.walk)):
        value = time_value(text)
        what = "sprint" if column == COL_SPRINT else "walk-down"
        if isinstance(value, BadTime):
            cells[column] = f"{what}: {value.reason}"
            continue
        alone = (text, "1") if column == COL_SPRINT else ("1", text)
        rep = RepRow(*alone, row.manual)
        reason = field_problem(reps=[rep_json(rep)])
        if reason:
            if row.manual and column == COL_WALK:
                what = "minimum walk-down"
            cells[column] = f"{what}: {reason}"
    return cells


# -- a whole draft -----------------------------------------------------------------------------


def draft_json(texts: Mapping[str, str], rows: Sequence[RepRow]) -> dict:
    """The plan-file object the editor's texts make (`texts` by plan-file key; a blank
    description or source is left out); times that cannot be read stay text, so
    `plan_from_json` refuses them."""
    data: dict = {"name": texts["name"]}
    for key in ("description", "source"):
        if texts.get(key):
            data[key] = texts[key]
    for key in TIME_FIELDS:
        data[key] = time_json(texts[key])
    data["reps"] = [rep_json(row) for row in rows]
    return data


@dataclass
class DraftProblems:
    """What `check_draft` found: `problems` by field key ("reps[2]" for a rep, "reps" for the
    list as a whole) -> reason; `rep_cells` by rep index -> table column -> reason; `plan`
    when nothing is wrong; `preview` a plan of the same times and reps for the timeline, as
    long as those can be read (None when they cannot)."""

    problems: dict[str, str] = field(default_factory=dict)
    rep_cells: dict[int, dict[int, str]] = field(default_factory=dict)
    plan: Plan | None = None
    preview: Plan | None = None


def check_draft(
    texts: Mapping[str, str],
    rows: Sequence[RepRow],
    name_problem: Callable[[str], str] | None = None,
) -> DraftProblems:
    """Check every field on its own (each through `plan_from_json`), so every problem is found
    at once, not only the first. `name_problem(name)` adds the library's reason a name cannot
    be used ("" when it can), asked only for a name that is otherwise fine."""
    found = DraftProblems()
    problems, rep_cells = found.problems, found.rep_cells
    data = draft_json(texts, rows)
    problems.update(_field_problems(texts, data))
    for index, row in enumerate(rows):
        cells = rep_cell_problems(row)
        if cells:
            rep_cells[index] = cells
            problems[f"reps[{index}]"] = "; ".join(cells.values())
    if (
        "name" not in problems
        and name_problem is not None
        and (clash := name_problem(data["name"]))
    ):
        problems["name"] = clash
    if not rep_cells and not any(key in problems for key in TIME_FIELDS):
        # the timeline needs only the times and reps: it stays live while the name is off
        timing = {key: value for key, value in data.items() if key in _TIMING_KEYS}
        found.preview = _checked({**timing, "name": "preview"}, found)
    if found.preview is not None and not problems:
        found.plan = _checked(data, found)
    return found


def _field_problems(texts: Mapping[str, str], data: dict) -> dict[str, str]:
    """The text fields' and the times' problems, each field checked on its own."""
    problems: dict[str, str] = {}
    for key in TEXT_FIELDS:
        if key in data:
            reason = field_problem(**{key: data[key]})
            if reason:
                problems[key] = _EMPTY_GOT.sub("", reason) if key == "name" else reason
    for key in TIME_FIELDS:
        value = time_value(texts[key])
        reason = value.reason if isinstance(value, BadTime) else field_problem(**{key: value})
        if reason:
            problems[key] = reason
    return problems


def _checked(data: dict, found: DraftProblems) -> Plan | None:
    """plan_from_json(data), or None with its error put where it belongs (in practice only
    the list as a whole: empty, or more than 99 reps)."""
    try:
        return plan_from_json(data)
    except PlanError as exc:
        key, index, sub, reason = locate(str(exc))
        if index is not None:
            found.rep_cells[index] = {_REP_SUB_COLUMN.get(sub or "", COL_REP): reason}
            found.problems[f"reps[{index}]"] = reason
        else:
            found.problems[key if key in FIELD_LABELS else "reps"] = reason
        return None
