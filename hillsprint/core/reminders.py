"""Beginner reminders: short safety notes from the literature and coaching practice, each with
its source, and the rule for which to show before a session (`reminders_for`).

Sources are given as what they are: a published review where one says it, "coaching
consensus" where the advice is common practice rather than a tested threshold (the 48 h gap
and "stop at the first twinge" are such rules of thumb).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

BEGINNER_SESSIONS = 3  # every reminder is shown before each of the first 3 sessions
MIN_HOURS_BETWEEN = 48.0  # the rest reminder is shown when the last sprint session is closer

FRADKIN_2010 = (
    "Fradkin AJ, Zazryn TR, Smoliga JM. Effects of warming-up on physical performance: a "
    "systematic review with meta-analysis. J Strength Cond Res 2010;24(1):140-148."
)
CHEUNG_2003 = (
    "Cheung K, Hume P, Maxwell L. Delayed onset muscle soreness: treatment strategies and "
    "performance factors. Sports Med 2003;33(2):145-164."
)
MCHUGH_2003 = (
    "McHugh MP. Recent advances in the understanding of the repeated bout effect: the "
    "protective effect against muscle damage from a single bout of eccentric exercise. "
    "Scand J Med Sci Sports 2003;13(2):88-97."
)
OPAR_2012 = (
    "Opar DA, Williams MD, Shield AJ. Hamstring strain injuries: factors that lead to injury "
    "and re-injury. Sports Med 2012;42(3):209-226."
)


@dataclass(frozen=True)
class Reminder:
    id: str
    title: str
    text: str
    source: str


WARM_UP = Reminder(
    id="warm_up",
    title="Warm up, then ease in",
    text=(
        "Warm up for 10-15 minutes first: easy running, then a few drills and strides. Run "
        "the first rep a little below all-out and build from there."
    ),
    source=(
        "Warm-ups improved performance in most of the measures studied (" + FRADKIN_2010 + "). "
        "The 10-15 minutes and the easier first rep are coaching consensus."
    ),
)
WALK_DOWN = Reminder(
    id="walk_down",
    title="Sore thighs from the walk down",
    text=(
        "Walking down the hill is eccentric work: the thigh muscles brake while they lengthen. "
        "After the first sessions, expect sore quads for a day or three (delayed-onset muscle "
        "soreness). It fades as you repeat the sessions, so start with few reps."
    ),
    source=(
        "Soreness after unaccustomed eccentric exercise, peaking 1-3 days later: "
        + CHEUNG_2003
        + " Less damage and soreness when the exercise is repeated (the repeated-bout "
        "effect): " + MCHUGH_2003
    ),
)
REST_48H = Reminder(
    id="rest_48h",
    title="48 hours between sprint sessions",
    text=(
        "Leave at least 48 hours between sprint sessions, and skip a session while your legs "
        "are still sore. Easy running in between is fine."
    ),
    source=(
        "Coaching consensus: a rule of thumb, not a tested threshold. Soreness after eccentric "
        "work lasts 1-3 days (" + CHEUNG_2003 + ")."
    ),
)
HAMSTRING = Reminder(
    id="hamstring",
    title="Stop at the first hamstring twinge",
    text=(
        "If you feel a twinge, tightness or a sharp pull at the back of the thigh, stop the "
        "session there: do not finish the rep or the set. Walk down and go home."
    ),
    source=(
        "Hamstring strains are among the most common injuries in sports with fast running, "
        "and they recur often (" + OPAR_2012 + "). Stopping at the first sign is coaching "
        "consensus."
    ),
)

LID_OPEN = Reminder(
    id="lid_open",
    title="Keep the laptop's lid open at the hill",
    text=(
        "HillSprint keeps the screen on during a session, but closing the lid still puts most "
        "laptops to sleep, and the timer and the sound stop with it. Leave the lid open."
    ),
    source=(
        "systemd-logind suspends on lid close by default (HandleLidSwitch=suspend), and an "
        "application's sleep inhibitor does not stop it (logind.conf(5), "
        "LidSwitchIgnoreInhibited=yes)."
    ),
)

REMINDERS: tuple[Reminder, ...] = (WARM_UP, WALK_DOWN, REST_48H, HAMSTRING, LID_OPEN)


def _hours_ago(hours: float) -> str:
    if hours < 1:
        return "less than an hour ago"
    whole = int(hours)
    return f"{whole} hour ago" if whole == 1 else f"{whole} hours ago"


def reminders_for(
    sessions_done: int, hours_since_last_sprint_session: float | None
) -> list[Reminder]:
    """The reminders to show before a session.

    `sessions_done`: sprint sessions saved so far (0 before the very first one).
    `hours_since_last_sprint_session`: since the end of the last one, None if there is none.

    - Before each of the first `BEGINNER_SESSIONS` sessions (0, 1 or 2 done): all of them.
    - Whenever the last sprint session ended less than 48 h ago: the rest reminder, first,
      saying how long ago it was. A negative time (a clock set back) counts as recent.
    - Otherwise: none.
    """
    if isinstance(sessions_done, bool) or not isinstance(sessions_done, int) or sessions_done < 0:
        raise ValueError(f"sessions_done: expected a whole number 0 or more, got {sessions_done!r}")
    hours = hours_since_last_sprint_session
    if hours is not None and (isinstance(hours, bool) or not math.isfinite(hours)):
        raise ValueError(f"hours_since_last_sprint_session: expected a number, got {hours!r}")
    recent = hours is not None and hours < MIN_HOURS_BETWEEN
    chosen = list(REMINDERS) if sessions_done < BEGINNER_SESSIONS else []
    if recent:
        assert hours is not None
        rest = replace(
            REST_48H, text=f"Your last sprint session was {_hours_ago(hours)}. {REST_48H.text}"
        )
        chosen = [rest, *(r for r in chosen if r.id != REST_48H.id)]
    return chosen
