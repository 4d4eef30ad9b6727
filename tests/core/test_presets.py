"""Built-in plans: valid, documented, and true to the protocol each one cites."""

from __future__ import annotations

import pytest

from hillsprint.core.plan import Plan, plan_from_json, plan_from_json_text
from hillsprint.core.presets import PRESETS, preset


def sprints(plan: Plan) -> list[float]:
    return [rep.sprint_s for rep in plan.reps]


def recoveries(plan: Plan) -> list[float]:
    return [rep.recovery_s for rep in plan.reps]


def all_manual(plan: Plan) -> bool:
    return all(rep.manual for rep in plan.reps)


def all_timed(plan: Plan) -> bool:
    return not any(rep.manual for rep in plan.reps)


# id -> a check of the protocol the preset's description and source promise.
def _hill_primer(plan: Plan) -> None:  # Hudson: 2 × 8 s, full walk-down (>= 2 min)
    assert sprints(plan) == [8, 8]
    assert all_manual(plan)
    assert min(recoveries(plan)) >= 120


def _hill_power(plan: Plan) -> None:  # Hudson: 8 × 10 s, full walk-down (>= 2 min)
    assert sprints(plan) == [10] * 8
    assert all_manual(plan)
    assert min(recoveries(plan)) >= 120


def _uphill_sprints(plan: Plan) -> None:  # Canova: 6-10 × 10-15 s, full walk-down
    assert 6 <= plan.rep_count <= 10
    assert all(10 <= s <= 15 for s in sprints(plan))
    assert all_manual(plan)


def _uphill_10x10(plan: Plan) -> None:  # Kavaliauskas 2017: 10 × 10 s, 60 s recovery
    assert sprints(plan) == [10] * 10
    assert all_timed(plan)
    assert recoveries(plan) == [60] * 10


def _short_sit(plan: Plan) -> None:  # Hazell 2010: 4 × 10 s, 4 min recovery
    assert sprints(plan) == [10] * 4
    assert all_timed(plan)
    assert recoveries(plan) == [240] * 4


def _minimal(plan: Plan) -> None:  # Gillen 2016: 3 × 20 s, 2 min recovery
    assert sprints(plan) == [20] * 3
    assert all_timed(plan)
    assert recoveries(plan) == [120] * 3


def _classic_sit(plan: Plan) -> None:  # Vollaard 2017: 4 × 30 s, 4 min recovery
    assert sprints(plan) == [30] * 4
    assert all_timed(plan)
    assert recoveries(plan) == [240] * 4


def _hill_hiit_4x4(plan: Plan) -> None:  # Estes 2017: 4 × 4 min, 3 min recovery
    assert sprints(plan) == [240] * 4
    assert all_timed(plan)
    assert recoveries(plan) == [180] * 4


def _pyramid(plan: Plan) -> None:  # Hudson: 10-15-20-15-10 s, walk down, Space when ready
    assert sprints(plan) == [10, 15, 20, 15, 10]
    assert all_manual(plan)


PROTOCOLS = {
    "hill-primer": _hill_primer,
    "hill-power": _hill_power,
    "uphill-sprints": _uphill_sprints,
    "uphill-10x10": _uphill_10x10,
    "short-sit": _short_sit,
    "minimal": _minimal,
    "classic-sit": _classic_sit,
    "hill-hiit-4x4": _hill_hiit_4x4,
    "pyramid": _pyramid,
}

every_preset = pytest.mark.parametrize("preset_id", list(PRESETS))


def test_every_preset_has_a_protocol_check_and_every_check_a_preset():
    assert set(PRESETS) == set(PROTOCOLS)


@pytest.mark.parametrize("preset_id", list(PROTOCOLS))
def test_preset_matches_its_protocol(preset_id: str):
    PROTOCOLS[preset_id](PRESETS[preset_id])


@every_preset
def test_preset_has_a_description_and_a_source(preset_id: str):
    plan = PRESETS[preset_id]

    assert plan.name.strip()
    assert plan.description.strip()
    assert plan.source.strip()


@every_preset
def test_preset_is_a_valid_plan(preset_id: str):
    plan = PRESETS[preset_id]

    assert plan_from_json(plan.to_json()) == plan
    assert plan_from_json_text(plan.to_json_text()) == plan


@every_preset
def test_preset_warms_up_10_min_and_cools_down_5_min(preset_id: str):
    plan = PRESETS[preset_id]

    assert plan.warmup_s == 600
    assert plan.cooldown_s == 300


@every_preset
def test_preset_has_a_positive_get_ready_and_recoveries(preset_id: str):
    plan = PRESETS[preset_id]

    assert plan.get_ready_s > 0
    assert all(r > 0 for r in recoveries(plan))


def test_preset_names_are_unique():
    names = [plan.name for plan in PRESETS.values()]

    assert len(names) == len(set(names))


@every_preset
def test_preset_looks_up_by_id(preset_id: str):
    assert preset(preset_id) is PRESETS[preset_id]


def test_unknown_preset_raises_key_error_listing_the_ids():
    with pytest.raises(KeyError) as caught:
        preset("nope")

    message = caught.value.args[0]
    assert "nope" in message
    for preset_id in PRESETS:
        assert preset_id in message
