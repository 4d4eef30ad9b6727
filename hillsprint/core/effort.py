"""The 0-10 effort scale with Foster's session-RPE wording (Foster et al. 2001, J Strength
Cond Res 15:109). Values 6, 8 and 9 carry no words. Not "Borg CR10": that layout is licensed."""

from __future__ import annotations

EFFORT_MIN = 0
EFFORT_MAX = 10

EFFORT_WORDS: dict[int, str] = {
    0: "Rest",
    1: "Very, very easy",
    2: "Easy",
    3: "Moderate",
    4: "Somewhat hard",
    5: "Hard",
    6: "",
    7: "Very hard",
    8: "",
    9: "",
    10: "Maximal",
}

SOURCE = (
    "Foster C, et al. A new approach to monitoring exercise training. "
    "J Strength Cond Res 2001;15(1):109-115."
)


def is_valid_effort(value: object) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and EFFORT_MIN <= value <= EFFORT_MAX
    )


def effort_words(value: int) -> str:
    if not is_valid_effort(value):
        raise ValueError(f"effort must be a whole number 0-10, got {value!r}")
    return EFFORT_WORDS[value]
