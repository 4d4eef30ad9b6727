"""Hill length in metres or feet, and gradient in percent: formatting and parsing.

Lengths are kept in metres; feet are only for showing and typing (the international foot,
exactly 0.3048 m). Shown values are rounded half up (12.5 → 13, not Python's 12) to whole
metres or feet by default; gradients to 0.1 %. Parsing accepts what a runner types: "120",
"120 m", "120m", "394 ft", "394 feet", "8", "8 %", "8.5%". A comma is refused rather than
guessed at ("1,200" could be 1200 or 1.2), with a message saying to use a point.

Round trip: `parse_length(format_length(m, unit))` is `m` to within half a shown unit, and
formatting that again gives the same text (likewise for gradients).

Parsing reads the number and its unit only. How long and how steep a hill may be is the hill's
rule, kept with the hill (`core.hill`: `length_from_text`, `gradient_from_text`), so that the
hills form and the hills library cannot each hold their own limits.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

LengthUnit = Literal["m", "ft"]
LENGTH_UNITS: tuple[LengthUnit, ...] = ("m", "ft")
METRES_PER_FOOT = 0.3048  # the international foot, exact by definition (1959)
GRADIENT_DECIMALS = 1

_UNIT_WORDS: dict[str, LengthUnit] = {
    "m": "m",
    "metre": "m",
    "metres": "m",
    "meter": "m",
    "meters": "m",
    "ft": "ft",
    "foot": "ft",
    "feet": "ft",
    "'": "ft",
}
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-z']*)\s*$", re.IGNORECASE)
_GRADIENT = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)\s*$")


class UnitsError(ValueError):
    """A length or gradient could not be read; the message says why."""


def metres_to_feet(metres: float) -> float:
    return metres / METRES_PER_FOOT


def feet_to_metres(feet: float) -> float:
    return feet * METRES_PER_FOOT


def _round_half_up(value: float, decimals: int) -> Decimal:
    # Decimal(repr) rounds the number as written (2.675 → 2.68), not its binary neighbour;
    # the precision covers every finite float (up to 309 digits before the point).
    with localcontext() as ctx:
        ctx.prec = 400
        return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _unit(unit: str) -> LengthUnit:
    if unit not in LENGTH_UNITS:
        raise UnitsError(f"unit: expected 'm' or 'ft', got {unit!r}")
    return unit  # type: ignore[return-value]


def _finite(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise UnitsError(f"{name}: expected a number, got {value!r}")
    return float(value)


def format_length(metres: float, unit: str = "m", decimals: int = 0) -> str:
    """'120 m' or '394 ft': `metres` shown in `unit`, rounded half up to `decimals`."""
    length = _finite("metres", metres)
    shown = metres_to_feet(length) if _unit(unit) == "ft" else length
    return f"{_plain(_round_half_up(shown, decimals))} {unit}"


def parse_length(text: str, default_unit: str = "m") -> float:
    """Metres from what a runner typed: a number, optionally followed by m / metre(s) /
    meter(s) / ft / foot / feet / ' (no unit: `default_unit`); anything else raises
    `UnitsError`. The range is the hill's (`core.hill.length_problem`)."""
    default = _unit(default_unit)
    if not isinstance(text, str):
        raise UnitsError(f"hill length: expected text, got {text!r}")
    if "," in text:
        raise UnitsError(f"hill length: use a point for decimals (12.5), got {text.strip()!r}")
    match = _LENGTH.match(text)
    if not match:
        raise UnitsError(f"hill length: expected a number like '120 m' or '400 ft', got {text!r}")
    number, word = match.groups()
    unit = _UNIT_WORDS.get(word.lower()) if word else default
    if unit is None:
        raise UnitsError(f"hill length: unknown unit {word!r} (use m or ft)")
    value = float(number)
    return feet_to_metres(value) if unit == "ft" else value


def format_gradient(percent: float) -> str:
    """'8 %' or '8.5 %': rounded half up to 0.1 %."""
    value = _finite("percent", percent)
    return f"{_plain(_round_half_up(value, GRADIENT_DECIMALS))} %"


def parse_gradient(text: str) -> float:
    """Percent from '8', '8%', '8 %' or '8.5 %'; anything else raises `UnitsError`. The range
    is the hill's (`core.hill.gradient_problem`)."""
    if not isinstance(text, str):
        raise UnitsError(f"gradient: expected text, got {text!r}")
    if "," in text:
        raise UnitsError(f"gradient: use a point for decimals (8.5), got {text.strip()!r}")
    match = _GRADIENT.match(text)
    if not match:
        raise UnitsError(f"gradient: expected a percentage like '8 %', got {text!r}")
    return float(match.group(1))
