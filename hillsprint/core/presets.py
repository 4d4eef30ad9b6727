"""Built-in plans, each grounded in a published protocol (description + source).

All start with a 10-minute warm-up and end with a 5-minute cool-down unless the protocol says
otherwise. Presets are read-only; the plan editor duplicates them into own plans.
"""

from __future__ import annotations

from hillsprint.core.plan import Plan, RepSpec

HUDSON = (
    "Hudson B, Fitzgerald M. Run Faster from the 5K to the Marathon. "
    "New York: Broadway Books; 2008 (hill sprints)."
)


def _timed(count: int, sprint_s: float, recovery_s: float) -> tuple[RepSpec, ...]:
    return tuple(RepSpec(sprint_s, recovery_s) for _ in range(count))


def _manual(sprints: list[float], min_recovery_s: float) -> tuple[RepSpec, ...]:
    return tuple(RepSpec(s, min_recovery_s, manual=True) for s in sprints)


PRESETS: dict[str, Plan] = {
    "hill-primer": Plan(
        name="Hill primer",
        description=(
            "Your first hill sprints: 2 × 8 s all-out up a steep hill, walking all the way down "
            "(at least 2 min). Add one rep a week until you reach 8. Short and maximal: the "
            "sprint is over before fatigue sets in, so it builds power and stiff, resilient legs."
        ),
        source=HUDSON,
        reps=_manual([8, 8], 120),
    ),
    "hill-power": Plan(
        name="Hill power",
        description=(
            "8 × 10 s maximal hill sprints with a full walk-down (at least 2 min). The "
            "established version of the hill primer, for neuromuscular power."
        ),
        source=HUDSON,
        reps=_manual([10] * 8, 120),
    ),
    "uphill-sprints": Plan(
        name="Uphill sprints",
        description=(
            "8 × 12 s fast uphill sprints with a full walk-down recovery (Canova uses 6–10 × "
            "10–15 s): strength and speed for distance runners. Edit the rep count or length "
            "within that range."
        ),
        source="Renato Canova's special-strength training for distance runners (uphill sprints).",
        reps=_manual([12] * 8, 90),
    ),
    "uphill-10x10": Plan(
        name="Uphill 10×10",
        description="10 × 10 s all-out uphill sprints with 60 s recovery.",
        source="Kavaliauskas M, et al. 2017: uphill sprint interval training, 10 × 10 s.",
        reps=_timed(10, 10, 60),
    ),
    "short-sit": Plan(
        name="Short SIT",
        description=(
            "4 × 10 s all-out sprints with 4 min recovery: 10-s bouts improved aerobic and "
            "anaerobic performance as much as 30-s bouts."
        ),
        source=(
            "Hazell TJ, MacPherson RE, Gravelle BM, Lemon PW. 10 or 30-s sprint interval "
            "training bouts enhance both aerobic and anaerobic performance. "
            "Eur J Appl Physiol 2010;110:153-160."
        ),
        reps=_timed(4, 10, 240),
    ),
    "minimal": Plan(
        name="Minimal",
        description=(
            "3 × 20 s all-out with 2 min easy between: about 1 minute of hard work, which "
            "improved fitness like far longer endurance sessions over 12 weeks."
        ),
        source=(
            "Gillen JB, et al. Twelve weeks of sprint interval training improves indices of "
            "cardiometabolic health similar to traditional endurance training despite a "
            "five-fold lower exercise volume and time commitment. PLoS One 2016;11:e0154075."
        ),
        reps=_timed(3, 20, 120),
    ),
    "classic-sit": Plan(
        name="Classic SIT",
        description=(
            "4 × 30 s all-out with 4 min recovery, the classic sprint interval session. A "
            "meta-analysis found that more sprints per session did not add to the gain."
        ),
        source=(
            "Vollaard NBJ, Metcalfe RS, Williams S. Effect of number of sprints in an SIT "
            "session on change in VO2max: a meta-analysis. Med Sci Sports Exerc 2017;49:1147-1156."
        ),
        reps=_timed(4, 30, 240),
    ),
    "hill-hiit-4x4": Plan(
        name="Hill HIIT 4×4",
        description=(
            "4 × 4 min hard uphill running with 3 min easy recovery: long intervals at a hard "
            "but sustainable effort, not all-out sprints."
        ),
        source="Estes et al. 2017: 4 × 4 min uphill high-intensity intervals, 3 min recovery.",
        reps=_timed(4, 240, 180),
    ),
    "pyramid": Plan(
        name="Pyramid",
        description=(
            "Hill sprints of 10-15-20-15-10 s, walking down after each and starting the next "
            "when ready (Space, at least 90 s): a little longer in the middle, then sharp again."
        ),
        source=HUDSON,
        reps=_manual([10, 15, 20, 15, 10], 90),
    ),
}


def preset(preset_id: str) -> Plan:
    """The built-in plan with this id; KeyError lists the ids."""
    try:
        return PRESETS[preset_id]
    except KeyError:
        raise KeyError(f"no preset {preset_id!r}; presets: {', '.join(PRESETS)}") from None
