"""Will the laptop last the session? The battery rules, without D-Bus or Qt.

A reading is what UPower's display device says (the percentage, whether it discharges, the
system's own estimate of the time to empty). The start screen warns when, on battery, that time
(or, when the system has no estimate, the percentage at a typical drain) is shorter than the
chosen plan plus MARGIN_MIN; during a session the runner hears once that the battery is at
LOW_PERCENT. Machines without a battery give no reading and nothing is said.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LOW_PERCENT = 10.0
MARGIN_MIN = 10.0
# Used only when the system gives no time to empty: about 6.5 hours from full, a mid-range
# laptop with its screen at full brightness (the brightness a screen needs in daylight).
TYPICAL_DRAIN_PERCENT_PER_HOUR = 15.0
UPOWER_BATTERY = 2  # org.freedesktop.UPower.Device Type
UPOWER_DISCHARGING = (2, 6)  # State: discharging, pending discharge


@dataclass(frozen=True)
class BatteryReading:
    percentage: float
    on_battery: bool
    time_to_empty_s: float = 0.0  # 0: the system has no estimate

    @classmethod
    def from_upower(
        cls, kind: int, percentage: float, state: int, time_to_empty_s: float
    ) -> BatteryReading | None:
        """A reading from UPower's display device; None when it is not a battery (a desktop
        reports a display device of type 0)."""
        if kind != UPOWER_BATTERY or not math.isfinite(percentage):
            return None
        on_battery = state in UPOWER_DISCHARGING
        return cls(max(0.0, min(100.0, percentage)), on_battery, max(0.0, time_to_empty_s))


def minutes_left(reading: BatteryReading | None) -> float | None:
    """Minutes the battery lasts from now; None when plugged in or unknown."""
    if reading is None or not reading.on_battery:
        return None
    if reading.time_to_empty_s > 0:
        return reading.time_to_empty_s / 60
    return reading.percentage / TYPICAL_DRAIN_PERCENT_PER_HOUR * 60


def start_warning(reading: BatteryReading | None, plan_minutes: float) -> str:
    """What the start screen says about the battery ("" when nothing needs saying)."""
    left = minutes_left(reading)
    if left is None or left >= plan_minutes + MARGIN_MIN:
        return ""
    assert reading is not None
    estimate = "" if reading.time_to_empty_s > 0 else " at a typical drain"
    return (
        f"On battery: {reading.percentage:.0f} %, about {left:.0f} min left{estimate}. "
        f"This plan takes {plan_minutes:.0f} min: plug in, or choose a shorter plan."
    )


def became_low(before: BatteryReading | None, now: BatteryReading | None) -> bool:
    """True once, when the battery falls to LOW_PERCENT or below while discharging."""
    if now is None or not now.on_battery or now.percentage > LOW_PERCENT:
        return False
    return before is None or before.percentage > LOW_PERCENT or not before.on_battery
