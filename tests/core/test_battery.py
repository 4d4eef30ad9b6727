"""The battery rules: readings from UPower's values, the start screen's warning, the low line."""

from __future__ import annotations

import pytest

from hillsprint.core.battery import (
    LOW_PERCENT,
    TYPICAL_DRAIN_PERCENT_PER_HOUR,
    BatteryReading,
    became_low,
    minutes_left,
    start_warning,
)


def test_only_a_battery_gives_a_reading_and_only_discharging_is_on_battery():
    assert BatteryReading.from_upower(0, 0.0, 0, 0) is None  # a desktop's display device
    assert BatteryReading.from_upower(2, 80.0, 2, 3600) == BatteryReading(80.0, True, 3600)
    assert BatteryReading.from_upower(2, 80.0, 1, 0).on_battery is False  # charging
    assert BatteryReading.from_upower(2, 100.0, 4, 0).on_battery is False  # full
    assert BatteryReading.from_upower(2, 50.0, 6, 0).on_battery is True  # pending discharge


def test_minutes_left_uses_the_systems_estimate_or_a_typical_drain():
    assert minutes_left(BatteryReading(50.0, True, 1800)) == 30
    assert minutes_left(BatteryReading(30.0, True, 0)) == pytest.approx(
        30 / TYPICAL_DRAIN_PERCENT_PER_HOUR * 60
    )
    assert minutes_left(BatteryReading(5.0, False, 0)) is None  # plugged in
    assert minutes_left(None) is None


@pytest.mark.parametrize(
    ("reading", "plan_min", "warns"),
    [
        (BatteryReading(40.0, True, 30 * 60), 25, True),  # 30 < 25 + 10
        (BatteryReading(40.0, True, 35 * 60), 25, False),  # 35 = 25 + 10: enough
        (BatteryReading(5.0, False, 0), 25, False),  # plugged in
        (BatteryReading(8.0, True, 0), 25, True),  # 8 % at 15 %/h: 32 min
        (None, 25, False),  # no battery
    ],
)
def test_the_start_warning(reading, plan_min, warns):
    text = start_warning(reading, plan_min)
    assert bool(text) is warns
    if warns:
        assert text.startswith("On battery:") and f"This plan takes {plan_min} min" in text


def test_the_estimate_says_when_it_is_a_guess():
    assert "at a typical drain" in start_warning(BatteryReading(8.0, True, 0), 25)
    assert "typical" not in start_warning(BatteryReading(8.0, True, 600), 25)


def test_low_is_said_once_when_it_is_crossed_on_battery():
    high, low = BatteryReading(11.0, True), BatteryReading(LOW_PERCENT, True)
    assert became_low(high, low)
    assert not became_low(low, BatteryReading(9.0, True))  # already said
    assert became_low(None, low)  # the first reading of the session is already low
    assert not became_low(high, BatteryReading(LOW_PERCENT, False))  # plugged in meanwhile
    assert became_low(BatteryReading(9.0, False), BatteryReading(9.0, True))  # unplugged
