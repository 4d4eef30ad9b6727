"""The plan model and the plan-file format: parsing, refusals, round trips, file loading."""

from __future__ import annotations

import copy
import json
import math
import os
import sys
from pathlib import Path

import pytest

from hillsprint.core.plan import (
    MAX_GET_READY_S,
    MAX_PLAN_FILE_BYTES,
    MAX_RECOVERY_S,
    MAX_REPS,
    MAX_SPRINT_S,
    MAX_WARMUP_S,
    Plan,
    PlanError,
    RepSpec,
    format_duration,
    load_plan_file,
    plan_from_json,
    plan_from_json_text,
    timeline_rows,
)

# The example from the issue: one timed rep, one manual rep.
EXAMPLE_TEXT = """{"name": "Classic 8x10", "warmup_s": 600, "get_ready_s": 10, "cooldown_s": 300,
 "reps": [{"sprint_s": 10, "recovery_s": 120},
          {"sprint_s": 10, "recovery": "manual", "min_recovery_s": 60}]}"""
EXAMPLE = json.loads(EXAMPLE_TEXT)

DELETE = object()  # marker for "remove this key"


def plan_with(**changes: object) -> dict:
    """The example plan with top-level keys changed (or removed with DELETE)."""
    data = copy.deepcopy(EXAMPLE)
    for key, value in changes.items():
        if value is DELETE:
            del data[key]
        else:
            data[key] = value
    return data


def rep_with(index: int, **changes: object) -> dict:
    """The example plan with keys of reps[index] changed (or removed with DELETE)."""
    data = copy.deepcopy(EXAMPLE)
    rep = data["reps"][index]
    for key, value in changes.items():
        if value is DELETE:
            del rep[key]
        else:
            rep[key] = value
    return data


def timed_reps(count: int, sprint_s: float = 10, recovery_s: float = 60) -> list[dict]:
    return [{"sprint_s": sprint_s, "recovery_s": recovery_s} for _ in range(count)]


def as_text(data: object) -> str:
    # Python's json writes NaN / Infinity / -Infinity, and reads them back: the parser must
    # refuse them itself.
    return data if isinstance(data, str) else json.dumps(data)


def refusal(text: str) -> str:
    """Parse `text`, expect a PlanError, and return its (one-line) message."""
    with pytest.raises(PlanError) as caught:
        plan_from_json_text(text)
    message = str(caught.value)
    assert message
    assert "\n" not in message, f"not one message: {message!r}"
    return message


# --- Accepted plans ------------------------------------------------------------------------------


def test_the_example_from_the_issue_parses_with_timed_and_manual_reps():
    plan = plan_from_json_text(EXAMPLE_TEXT)

    assert plan == Plan(
        name="Classic 8x10",
        warmup_s=600,
        get_ready_s=10,
        cooldown_s=300,
        reps=(RepSpec(sprint_s=10, recovery_s=120), RepSpec(10, 60, manual=True)),
    )
    assert plan.rep_count == 2
    assert plan.reps[0].manual is False
    assert plan.reps[1].manual is True
    assert plan.description == ""
    assert plan.source == ""


def test_the_example_is_written_back_exactly():
    assert plan_from_json_text(EXAMPLE_TEXT).to_json() == EXAMPLE


def test_optional_description_and_source_are_read():
    plan = plan_from_json(plan_with(description="Up the hill.", source="Hudson 2008"))

    assert plan.description == "Up the hill."
    assert plan.source == "Hudson 2008"


def test_numbers_come_back_as_floats():
    plan = plan_from_json(plan_with(warmup_s=0, cooldown_s=12.5))

    assert plan.warmup_s == 0.0
    assert isinstance(plan.warmup_s, float)
    assert plan.cooldown_s == 12.5
    assert all(isinstance(rep.sprint_s, float) for rep in plan.reps)


ROUND_TRIP_PLANS = [
    pytest.param(Plan("One rep", (RepSpec(10, 120),)), id="defaults-one-timed-rep"),
    pytest.param(
        Plan(
            "Mixed 7.5 s × 4",
            (
                RepSpec(7.5, 90),
                RepSpec(8, 120.25, manual=True),
                RepSpec(MAX_SPRINT_S, MAX_RECOVERY_S),
                RepSpec(0.5, 1, manual=True),
            ),
            warmup_s=0,
            get_ready_s=2.5,
            cooldown_s=0,
            description="Åsa's hill – “steep”, 12 %\nsecond line",
            source="Hudson B, Fitzgerald M. 2008",
        ),
        id="mixed-fractional-unicode-zero-warmup",
    ),
    pytest.param(
        Plan("Max", tuple(RepSpec(10, 60) for _ in range(MAX_REPS)), warmup_s=MAX_WARMUP_S),
        id="99-reps",
    ),
]


@pytest.mark.parametrize("plan", ROUND_TRIP_PLANS)
def test_round_trip_through_json_text_gives_an_equal_plan(plan: Plan):
    text = plan.to_json_text()

    assert plan_from_json_text(text) == plan
    assert text.endswith("\n")


@pytest.mark.parametrize("plan", ROUND_TRIP_PLANS)
def test_round_trip_through_json_object_gives_an_equal_plan(plan: Plan):
    assert plan_from_json(plan.to_json()) == plan


def test_to_json_leaves_out_empty_optional_keys_and_writes_whole_numbers_as_ints():
    data = Plan("Plain", (RepSpec(10.0, 60.0),), warmup_s=600.0).to_json()

    assert "description" not in data
    assert "source" not in data
    assert data["warmup_s"] == 600
    assert isinstance(data["warmup_s"], int)
    assert data["reps"] == [{"sprint_s": 10, "recovery_s": 60}]


def test_to_json_text_keeps_unicode_readable():
    text = Plan("Uphill 10×10", (RepSpec(10, 60),)).to_json_text()

    assert "Uphill 10×10" in text


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(plan_with(reps=timed_reps(MAX_REPS)), id="99-reps"),
        pytest.param(rep_with(0, sprint_s=600), id="sprint-600"),
        pytest.param(rep_with(1, sprint_s=600), id="manual-sprint-600"),
        pytest.param(plan_with(warmup_s=0), id="warmup-0"),
        pytest.param(plan_with(cooldown_s=0), id="cooldown-0"),
        pytest.param(plan_with(warmup_s=MAX_WARMUP_S), id="warmup-at-limit"),
        pytest.param(plan_with(cooldown_s=MAX_WARMUP_S), id="cooldown-at-limit"),
        pytest.param(plan_with(get_ready_s=MAX_GET_READY_S), id="get-ready-at-limit"),
        pytest.param(plan_with(get_ready_s=0.5), id="get-ready-fraction"),
        pytest.param(rep_with(0, recovery_s=MAX_RECOVERY_S), id="recovery-at-limit"),
        pytest.param(rep_with(1, min_recovery_s=MAX_RECOVERY_S), id="min-recovery-at-limit"),
        pytest.param(rep_with(0, sprint_s=7.5), id="fractional-sprint"),
        pytest.param(plan_with(reps=timed_reps(1)), id="one-rep"),
    ],
)
def test_boundary_values_are_accepted(data: dict):
    plan = plan_from_json_text(json.dumps(data))

    assert plan.rep_count == len(data["reps"])


def test_a_sprint_of_exactly_600_s_is_kept():
    assert plan_from_json(rep_with(0, sprint_s=600)).reps[0].sprint_s == 600


# --- Refusals ------------------------------------------------------------------------------------

REFUSALS = [
    # not JSON
    pytest.param('{"name": "x",', ["not valid JSON"], id="truncated-json"),
    pytest.param("", ["not valid JSON"], id="empty-text"),
    pytest.param("{'name': 'x'}", ["not valid JSON"], id="single-quotes"),
    pytest.param(EXAMPLE_TEXT + " trailing", ["not valid JSON"], id="trailing-garbage"),
    pytest.param("[" * 100_000 + "]" * 100_000, ["not valid JSON"], id="nested-too-deeply"),
    # the wrong shape
    pytest.param([EXAMPLE], ["JSON object", "[{"], id="top-level-list"),
    pytest.param('"Classic 8x10"', ["JSON object", "Classic 8x10"], id="top-level-string"),
    pytest.param("42", ["JSON object", "42"], id="top-level-number"),
    pytest.param("null", ["JSON object", "null"], id="top-level-null"),
    # missing keys
    pytest.param(plan_with(name=DELETE), ["name", "missing"], id="missing-name"),
    pytest.param(plan_with(warmup_s=DELETE), ["warmup_s", "missing"], id="missing-warmup"),
    pytest.param(plan_with(get_ready_s=DELETE), ["get_ready_s", "missing"], id="missing-ready"),
    pytest.param(plan_with(cooldown_s=DELETE), ["cooldown_s", "missing"], id="missing-cooldown"),
    pytest.param(plan_with(reps=DELETE), ["reps", "missing"], id="missing-reps"),
    pytest.param(
        rep_with(0, sprint_s=DELETE), ["reps[0].sprint_s", "missing"], id="missing-sprint"
    ),
    pytest.param(
        rep_with(0, recovery_s=DELETE), ["reps[0].recovery_s", "missing"], id="missing-recovery"
    ),
    pytest.param(
        rep_with(1, sprint_s=DELETE), ["reps[1].sprint_s", "missing"], id="missing-manual-sprint"
    ),
    pytest.param(
        rep_with(1, min_recovery_s=DELETE),
        ["reps[1].min_recovery_s", "missing"],
        id="missing-min-recovery",
    ),
    # unknown keys
    pytest.param(plan_with(colour="red"), ["colour", "unknown key"], id="unknown-top-key"),
    pytest.param(plan_with(Name="x"), ["Name", "unknown key"], id="unknown-key-wrong-case"),
    pytest.param(rep_with(0, effort=5), ["reps[0].effort", "unknown key"], id="unknown-rep-key"),
    pytest.param(
        rep_with(0, min_recovery_s=60),
        ["reps[0].min_recovery_s", "unknown key"],
        id="timed-rep-with-min-recovery",
    ),
    pytest.param(
        rep_with(1, recovery_s=120),
        ["reps[1].recovery_s", "unknown key"],
        id="manual-rep-with-recovery-s",
    ),
    # "recovery" may only be "manual"
    pytest.param(rep_with(1, recovery="timed"), ["reps[1].recovery", "timed"], id="recovery-timed"),
    pytest.param(
        rep_with(1, recovery="Manual"), ["reps[1].recovery", "Manual"], id="recovery-case"
    ),
    pytest.param(rep_with(1, recovery=True), ["reps[1].recovery", "true"], id="recovery-true"),
    pytest.param(rep_with(1, recovery=None), ["reps[1].recovery", "null"], id="recovery-null"),
    # not numbers
    pytest.param(plan_with(warmup_s="ten"), ["warmup_s", "ten"], id="warmup-string"),
    pytest.param(plan_with(get_ready_s="10"), ["get_ready_s", "'10'"], id="ready-numeric-string"),
    pytest.param(plan_with(cooldown_s=None), ["cooldown_s", "null"], id="cooldown-null"),
    pytest.param(plan_with(cooldown_s=[300]), ["cooldown_s", "[300]"], id="cooldown-list"),
    pytest.param(rep_with(0, sprint_s="10s"), ["reps[0].sprint_s", "10s"], id="sprint-string"),
    pytest.param(
        rep_with(0, recovery_s={"s": 120}), ["reps[0].recovery_s", '{"s": 120}'], id="rec-object"
    ),
    pytest.param(
        rep_with(1, min_recovery_s="1 min"), ["reps[1].min_recovery_s", "1 min"], id="min-string"
    ),
    # booleans are not numbers
    pytest.param(plan_with(warmup_s=True), ["warmup_s", "true"], id="warmup-true"),
    pytest.param(plan_with(get_ready_s=True), ["get_ready_s", "true"], id="ready-true"),
    pytest.param(plan_with(cooldown_s=False), ["cooldown_s", "false"], id="cooldown-false"),
    pytest.param(rep_with(0, sprint_s=True), ["reps[0].sprint_s", "true"], id="sprint-true"),
    pytest.param(rep_with(0, recovery_s=True), ["reps[0].recovery_s", "true"], id="rec-true"),
    pytest.param(
        rep_with(1, min_recovery_s=True), ["reps[1].min_recovery_s", "true"], id="min-rec-true"
    ),
    # NaN and infinities (Python's json reads them)
    pytest.param(plan_with(warmup_s=math.nan), ["warmup_s", "NaN"], id="warmup-nan"),
    pytest.param(plan_with(cooldown_s=math.inf), ["cooldown_s", "Infinity"], id="cooldown-inf"),
    pytest.param(plan_with(get_ready_s=-math.inf), ["get_ready_s", "-Infinity"], id="ready-ninf"),
    pytest.param(rep_with(0, sprint_s=math.nan), ["reps[0].sprint_s", "NaN"], id="sprint-nan"),
    pytest.param(rep_with(1, sprint_s=math.inf), ["reps[1].sprint_s", "Infinity"], id="sprint-inf"),
    pytest.param(
        rep_with(0, recovery_s=math.nan), ["reps[0].recovery_s", "NaN"], id="recovery-nan"
    ),
    pytest.param(
        rep_with(1, min_recovery_s=math.inf),
        ["reps[1].min_recovery_s", "Infinity"],
        id="min-recovery-inf",
    ),
    pytest.param(
        EXAMPLE_TEXT.replace('"warmup_s": 600', '"warmup_s": 1e400'),
        ["warmup_s", "Infinity"],
        id="warmup-float-overflow",
    ),
    # durations <= 0 (warm-up and cool-down may be 0, nothing else)
    pytest.param(plan_with(get_ready_s=0), ["get_ready_s", "0"], id="get-ready-0"),
    pytest.param(plan_with(get_ready_s=-1), ["get_ready_s", "-1"], id="get-ready-negative"),
    pytest.param(plan_with(warmup_s=-1), ["warmup_s", "-1"], id="warmup-negative"),
    pytest.param(plan_with(cooldown_s=-0.5), ["cooldown_s", "-0.5"], id="cooldown-negative"),
    pytest.param(rep_with(0, sprint_s=0), ["reps[0].sprint_s", "0"], id="sprint-0"),
    pytest.param(rep_with(1, sprint_s=-10), ["reps[1].sprint_s", "-10"], id="sprint-negative"),
    pytest.param(rep_with(0, recovery_s=0), ["reps[0].recovery_s", "0"], id="recovery-0"),
    pytest.param(
        rep_with(1, min_recovery_s=0), ["reps[1].min_recovery_s", "0"], id="min-recovery-0"
    ),
    pytest.param(
        rep_with(1, min_recovery_s=-5), ["reps[1].min_recovery_s", "-5"], id="min-recovery-neg"
    ),
    # over the limits
    pytest.param(rep_with(0, sprint_s=600.5), ["reps[0].sprint_s", "600.5"], id="sprint-600.5"),
    pytest.param(rep_with(1, sprint_s=601), ["reps[1].sprint_s", "601"], id="sprint-601"),
    pytest.param(
        plan_with(warmup_s=MAX_WARMUP_S + 1), ["warmup_s", "7201"], id="warmup-over-limit"
    ),
    pytest.param(
        plan_with(cooldown_s=MAX_WARMUP_S + 1), ["cooldown_s", "7201"], id="cooldown-over-limit"
    ),
    pytest.param(
        plan_with(get_ready_s=MAX_GET_READY_S + 0.5), ["get_ready_s", "300.5"], id="ready-over"
    ),
    pytest.param(
        rep_with(0, recovery_s=MAX_RECOVERY_S + 1), ["reps[0].recovery_s", "3601"], id="rec-over"
    ),
    pytest.param(
        rep_with(1, min_recovery_s=MAX_RECOVERY_S + 1),
        ["reps[1].min_recovery_s", "3601"],
        id="min-rec-over",
    ),
    pytest.param(plan_with(reps=timed_reps(MAX_REPS + 1)), ["reps", "100"], id="100-reps"),
    pytest.param(plan_with(reps=timed_reps(1000)), ["reps", "1000"], id="1000-reps"),
    # reps: not a list, empty, or holding something other than objects
    pytest.param(plan_with(reps=[]), ["reps", "empty"], id="reps-empty"),
    pytest.param(plan_with(reps="8x10"), ["reps", "8x10"], id="reps-string"),
    pytest.param(
        plan_with(reps={"sprint_s": 10, "recovery_s": 60}), ["reps", "sprint_s"], id="reps-object"
    ),
    pytest.param(plan_with(reps=8), ["reps", "8"], id="reps-number"),
    pytest.param(
        plan_with(reps=[EXAMPLE["reps"][0], [10, 120]]), ["reps[1]", "[10, 120]"], id="rep-list"
    ),
    pytest.param(plan_with(reps=[EXAMPLE["reps"][0], 10]), ["reps[1]", "10"], id="rep-number"),
    pytest.param(plan_with(reps=[None]), ["reps[0]", "null"], id="rep-null"),
    pytest.param(plan_with(reps=[[[{"sprint_s": 10}]]]), ["reps[0]", "[[{"], id="rep-nested"),
    pytest.param(plan_with(reps=["10/120"]), ["reps[0]", "10/120"], id="rep-string"),
    # name, description, source
    pytest.param(plan_with(name=""), ["name", "''"], id="name-empty"),
    pytest.param(plan_with(name="   "), ["name", "'   '"], id="name-blank"),
    pytest.param(plan_with(name=42), ["name", "42"], id="name-number"),
    pytest.param(plan_with(name=None), ["name", "null"], id="name-null"),
    pytest.param(plan_with(name="x" * 101), ["name", "100"], id="name-too-long"),
    pytest.param(plan_with(description=5), ["description", "5"], id="description-number"),
    pytest.param(plan_with(source=["a"]), ["source", '["a"]'], id="source-list"),
]


@pytest.mark.parametrize(("data", "expected"), REFUSALS)
def test_an_invalid_plan_is_refused_naming_the_field_and_the_value(
    data: object, expected: list[str]
):
    message = refusal(as_text(data))

    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"


def test_a_refused_value_is_shown_shortened():
    message = refusal(json.dumps(plan_with(warmup_s="x" * 10_000)))

    assert "warmup_s" in message
    assert len(message) < 200


def test_plan_from_json_refuses_a_non_object_without_json_text():
    with pytest.raises(PlanError, match="JSON object"):
        plan_from_json(["not", "a", "plan"])


def test_plan_error_is_a_value_error():
    assert issubclass(PlanError, ValueError)


# Integers too big for a float are valid JSON; they must be refused like any other bad number.
BIG_INT = "1" + "0" * 400  # 1e400, as an integer literal


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        pytest.param('"warmup_s": 600', f'"warmup_s": {BIG_INT}', "warmup_s", id="warmup"),
        pytest.param('"cooldown_s": 300', f'"cooldown_s": -{BIG_INT}', "cooldown_s", id="cooldown"),
        pytest.param('"sprint_s": 10', f'"sprint_s": {BIG_INT}', "reps[0].sprint_s", id="sprint"),
    ],
)
def test_an_integer_too_big_for_a_float_is_refused(old: str, new: str, field: str):
    text = EXAMPLE_TEXT.replace(old, new, 1)
    assert json.loads(text)  # valid JSON

    assert field in refusal(text)


def test_an_integer_with_more_digits_than_python_converts_is_refused():
    # Python's json refuses ints over sys.get_int_max_str_digits() digits with a plain
    # ValueError (not a JSONDecodeError).
    digits = sys.get_int_max_str_digits() + 1
    text = EXAMPLE_TEXT.replace('"warmup_s": 600', '"warmup_s": 1' + "0" * digits)

    refusal(text)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("%s", id="top-level"),
        pytest.param(EXAMPLE_TEXT.replace('"Classic 8x10"', "%s"), id="name"),
        pytest.param(EXAMPLE_TEXT.replace('"warmup_s": 600', '"warmup_s": %s'), id="warmup"),
        pytest.param(
            '{"name": "x", "warmup_s": 0, "get_ready_s": 1, "cooldown_s": 0, "reps": [%s]}',
            id="rep",
        ),
    ],
)
def test_deeply_nested_values_are_refused_at_every_depth(template: str):
    # Around the recursion limit the decoder either manages (and the value must then be refused
    # as a bad field) or gives up (and the text is refused as too deeply nested): never a
    # RecursionError escaping from showing the value in the message.
    limit = sys.getrecursionlimit()
    escaped = {}
    for depth in range(limit - 250, limit + 10):
        try:
            plan_from_json_text(template % _nested(depth))
        except PlanError:
            pass
        except RecursionError as exc:
            escaped[depth] = repr(exc)
    assert not escaped, f"tracebacks at nesting depths {sorted(escaped)}"


# --- planned_total_s -----------------------------------------------------------------------------


def test_planned_total_for_mixed_timed_and_manual_reps():
    plan = Plan(
        "Mixed",
        (
            RepSpec(10, 120),  # timed:  10 + 120
            RepSpec(8, 90, manual=True),  # manual:  8 + 90 + 10 (get ready after the Space)
            RepSpec(15, 60),  # timed:  15 + 60
            RepSpec(12, 75, manual=True),  # manual: 12 + 75 + 10
            RepSpec(20, 100, manual=True),  # last:   20 (its walk-down is the cool-down)
        ),
        warmup_s=600,
        get_ready_s=10,
        cooldown_s=300,
    )
    # warm-up + first get-ready + cool-down = 910
    by_hand = 910 + (10 + 120) + (8 + 90 + 10) + (15 + 60) + (12 + 75 + 10) + 20

    assert by_hand == 1340
    assert plan.planned_total_s() == pytest.approx(by_hand)


def test_planned_total_of_the_issue_example():
    # 600 warm-up + 10 get-ready + 10 sprint + 120 walk-down + 10 sprint (its manual walk-down
    # is folded into the cool-down) + 300 cool-down
    assert plan_from_json_text(EXAMPLE_TEXT).planned_total_s() == pytest.approx(1050)


@pytest.mark.parametrize("manual", [False, True], ids=["timed", "manual"])
def test_planned_total_of_one_rep_ignores_its_walk_down(manual: bool):
    plan = Plan(
        "One",
        (RepSpec(30, 3000, manual=manual),),
        warmup_s=0,
        get_ready_s=5,
        cooldown_s=60,
    )

    assert plan.planned_total_s() == pytest.approx(0 + 5 + 30 + 60)


# --- format_duration and timeline_rows ----------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (0.5, "0.5 s"),
        (10, "10 s"),
        (10.0, "10 s"),
        (7.5, "7.5 s"),
        (59, "59 s"),
        (60, "1:00"),
        (90, "1:30"),
        (120.4, "2:00"),
        (600, "10:00"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
    ],
)
def test_format_duration(seconds: float, text: str):
    assert format_duration(seconds) == text


def test_timeline_rows_of_the_issue_example():
    plan = plan_from_json(plan_with(reps=[*EXAMPLE["reps"], {"sprint_s": 12, "recovery_s": 90}]))
    # 600 + 10 + (10 + 120) + (10 + 60 + 10) + 12 + 300 = 1132 s
    assert timeline_rows(plan) == [
        ("Warm-up", "10:00"),
        ("Get ready", "10 s"),
        ("Rep 1", "sprint 10 s, walk down 2:00"),
        ("Rep 2", "sprint 10 s, walk down ≥ 1:00, Space at the bottom"),
        ("Rep 3", "sprint 12 s, then cool-down"),
        ("Cool-down", "5:00"),
        ("Total", "about 18:52"),
    ]


def test_timeline_rows_leave_out_a_zero_warm_up_and_cool_down():
    plan = Plan("Bare", (RepSpec(10, 60),), warmup_s=0, get_ready_s=5, cooldown_s=0)

    assert timeline_rows(plan) == [
        ("Get ready", "5 s"),
        ("Rep 1", "sprint 10 s, then cool-down"),
        ("Total", "about 15 s"),
    ]


# --- load_plan_file ------------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def load_refusal(path: Path | str) -> str:
    with pytest.raises(PlanError) as caught:
        load_plan_file(path)
    message = str(caught.value)
    assert str(path) in message, f"the path is not in {message!r}"
    assert "\n" not in message
    return message


@pytest.mark.parametrize("as_str", [False, True], ids=["Path", "str"])
def test_load_plan_file_reads_a_valid_file(tmp_path: Path, as_str: bool):
    path = write(tmp_path / "classic.json", EXAMPLE_TEXT)

    plan = load_plan_file(str(path) if as_str else path)

    assert plan == plan_from_json_text(EXAMPLE_TEXT)


def test_load_plan_file_reads_a_file_written_by_to_json_text(tmp_path: Path):
    plan = ROUND_TRIP_PLANS[1].values[0]
    path = write(tmp_path / "mixed.json", plan.to_json_text())

    assert load_plan_file(path) == plan


def test_load_plan_file_accepts_a_utf8_bom(tmp_path: Path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(plan_with(name="Café ×2")).encode("utf-8"))

    assert load_plan_file(path).name == "Café ×2"


def test_load_plan_file_missing_file(tmp_path: Path):
    message = load_refusal(tmp_path / "nowhere.json")

    assert "no such file" in message


def test_load_plan_file_missing_folder(tmp_path: Path):
    assert load_refusal(tmp_path / "no-dir" / "plan.json").endswith(": no such file")


def test_load_plan_file_below_a_file(tmp_path: Path):
    parent = write(tmp_path / "a-file", "x")

    assert "cannot be read (Not a directory)" in load_refusal(parent / "plan.json")


def test_load_plan_file_a_directory(tmp_path: Path):
    folder = tmp_path / "plans.json"
    folder.mkdir()

    message = load_refusal(folder)

    assert "folder" in message


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            json.dumps(plan_with(name="Café"), ensure_ascii=False).encode("latin-1"), id="latin-1"
        ),
        pytest.param(b"\xff\xfe" + EXAMPLE_TEXT.encode("utf-16-le"), id="utf-16"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", id="binary"),
    ],
)
def test_load_plan_file_non_utf8_bytes(tmp_path: Path, raw: bytes):
    path = tmp_path / "plan.json"
    path.write_bytes(raw)

    message = load_refusal(path)

    assert "UTF-8" in message


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop root from reading the file",
)
def test_load_plan_file_unreadable_file(tmp_path: Path):
    path = write(tmp_path / "secret.json", EXAMPLE_TEXT)
    path.chmod(0)
    try:
        message = load_refusal(path)
    finally:
        path.chmod(0o600)

    assert "cannot be read" in message


def test_load_plan_file_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The same path as an unreadable file, also when the tests run as root.
    path = write(tmp_path / "secret.json", EXAMPLE_TEXT)

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)

    message = load_refusal(path)

    assert "Permission denied" in message


def test_load_plan_file_huge_file(tmp_path: Path):
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (MAX_PLAN_FILE_BYTES + 1))

    message = load_refusal(path)

    assert "larger than" in message


def test_load_plan_file_at_the_size_limit_loads(tmp_path: Path):
    body = EXAMPLE_TEXT.encode("utf-8")
    path = tmp_path / "padded.json"
    path.write_bytes(body + b" " * (MAX_PLAN_FILE_BYTES - len(body)))
    assert path.stat().st_size == MAX_PLAN_FILE_BYTES

    assert load_plan_file(path).rep_count == 2


def test_load_plan_file_empty_file(tmp_path: Path):
    message = load_refusal(write(tmp_path / "empty.json", ""))

    assert "not valid JSON" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param('{"name": ', ["not valid JSON"], id="broken-json"),
        pytest.param(rep_with(1, sprint_s=600.5), ["reps[1].sprint_s", "600.5"], id="sprint"),
        pytest.param(plan_with(get_ready_s=0), ["get_ready_s", "0"], id="get-ready-0"),
        pytest.param(plan_with(reps=timed_reps(100)), ["reps", "100"], id="100-reps"),
        pytest.param([EXAMPLE], ["JSON object"], id="top-level-list"),
    ],
)
def test_load_plan_file_names_the_file_and_the_field(
    tmp_path: Path, data: object, expected: list[str]
):
    path = write(tmp_path / "bad plan.json", as_text(data))

    message = load_refusal(path)

    assert message.startswith(f"plan file {path}")
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"


def test_load_plan_file_with_an_overlong_integer(tmp_path: Path):
    # A small file (~4 KB) of valid JSON that Python's int parser refuses.
    digits = sys.get_int_max_str_digits() + 1
    path = write(
        tmp_path / "digits.json",
        EXAMPLE_TEXT.replace('"warmup_s": 600', '"warmup_s": 1' + "0" * digits),
    )

    load_refusal(path)


def test_a_name_is_measured_as_stored_trimmed():
    base = {"name": "x", "warmup_s": 0, "get_ready_s": 10, "cooldown_s": 0}
    base["reps"] = [{"sprint_s": 10, "recovery_s": 60}]
    name = "N" * 100
    assert plan_from_json({**base, "name": f"  {name} "}).name == name  # 100 once trimmed
    with pytest.raises(PlanError, match="name: longer than 100"):
        plan_from_json({**base, "name": name + "N"})
