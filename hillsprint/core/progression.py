"""Progression: after a saved session, a suggestion for the next one on the same plan and hill.

The suggestion comes from an explicit, ordered rule table (`RULES`); the first row whose
condition holds fires, and the suggestion carries that row's sentence, filled in with the
numbers that made it fire, so the runner sees *why*. The UI can show the whole table from
`RULES` (`Rule.when`, `Rule.then`, `Rule.note`). The runner accepts the suggestion
(`apply_suggestion` makes the new plan) or ignores it; nothing here changes a plan by itself.

The input is the recent sessions on the same plan and hill, newest last, each reduced to a
`SessionOutcome` (the caller filters by plan and hill; only the last two matter).

Why one module of ~570 lines: about a third is the rule table itself, each row beside the
sentence it says and the thresholds it reads. Splitting rules from sentences would put a
rule's condition and its explanation in two files, which is how they drift apart.

The table, in order (thresholds are the constants below):

 1. no session yet                                          → not enough data, no suggestion
 2. reps skipped or ended early, plan at 1 rep              → hold at 1 (never below 1 rep)
 3. reps skipped or ended early                             → back off one rep
 4. no rep effort recorded                                  → not enough data, hold
 5. mean effort ≥ 9.5, plan at 1 rep                        → hold at 1
 6. mean effort ≥ 9.5                                       → back off one rep
 7. 8 ≤ mean effort < 9.5                                   → hold
 8. 7 < mean effort < 8                                     → hold
 9. every rep done, mean ≤ 7, a sprint longer than 12 s     → hold (add is for short sprints)
10. every rep done, mean ≤ 7, plan at or above the cap (12) → at cap, hold
11. every rep done, mean ≤ 7, but not twice in a row        → hold
12. every rep done and mean ≤ 7 twice in a row              → add one rep

Where the effort bands leave a gap, and how it is filled:
- The hold band is 8–9 and back-off starts at 9.5. Between 7 and 8 and between 9 and 9.5
  neither "easy" nor "too hard" fits, so both hold (rows 7 and 8).
- "Twice in a row" means the last two sessions, both at the current rep count: an easy
  session at 6 reps says nothing about 7, so after adding a rep it takes two more easy
  sessions to add the next one.
- A session that ended early counts like one with skipped reps (it is more than the runner
  had that day), and a skipped rep backs off whatever the effort was.
- Reps without an effort are left out of the mean (as in `metrics.session_summary`); a
  session with no effort at all cannot be judged, so the rep count holds (row 4) and it does
  not count towards "twice in a row".
- The mean is rounded to 2 decimals before it is compared, so what the sentence shows is
  what was compared (with 0-10 whole-number efforts over at most 99 reps this rounding never
  moves a mean across a threshold).
- Back-off never goes below 1 rep (rows 2 and 5).
- The cap (after Hudson, a coaching guideline, not a tested limit): no rep is added beyond
  `REP_CAP` = 12 reps for plans whose sprints are all 12 s or shorter. For plans with longer
  sprints the add-a-rep rule is not grounded at all (and for sprint interval training a
  meta-analysis found more sprints per session did not add to the gain), so the table never
  suggests adding a rep there (row 9); it still backs off. A plan already above the cap is
  held where it is, not cut back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from hillsprint.core.effort import EFFORT_MAX, EFFORT_MIN
from hillsprint.core.plan import MAX_NAME_LEN, Plan, PlanError, plan_from_json
from hillsprint.core.presets import HUDSON

ADD_MAX_EFFORT = 7.0  # add a rep when the mean effort was at most this ...
EASY_IN_A_ROW = 2  # ... in this many sessions in a row, every rep done
HOLD_MIN_EFFORT = 8.0  # the hold band: 8-9 (and the gaps either side hold too: above 7, below 9.5)
HOLD_MAX_EFFORT = 9.0
BACK_OFF_EFFORT = 9.5  # back off a rep at this mean effort or above
MIN_REPS = 1  # back-off never goes below this
REP_CAP = 12  # no rep added beyond this ...
SHORT_SPRINT_MAX_S = 12.0  # ... for plans whose sprints are all this short or shorter
EFFORT_DECIMALS = 2  # the mean effort is rounded to this before it is compared and shown

CAP_SOURCE = (
    "Coaching guideline after Hudson: build short, maximal hill sprints up a rep at a time to "
    "about 10-12 reps of 12 s or less (" + HUDSON + "). The cap of 12 is this app's reading "
    "of that guideline, not a tested limit."
)
EFFORT_SOURCE = (
    "The effort thresholds (add at a mean of 7 or less twice in a row, hold above 7, back off "
    "at 9.5 or more) are this app's rule of thumb on the 0-10 effort scale (Foster et al. "
    "2001, J Strength Cond Res 15:109), not a tested protocol."
)
INCOMPLETE_SOURCE = (
    "Coaching consensus: a skipped rep or an early end means the session was more than you "
    "had that day; do a little less next time rather than the same again."
)
LONG_SPRINT_SOURCE = (
    "The add-a-rep progression comes from short hill sprints (after Hudson). For longer "
    "sprint intervals, more sprints per session did not add to the gain in VO2max in a "
    "meta-analysis (Vollaard NBJ, Metcalfe RS, Williams S. Med Sci Sports Exerc "
    "2017;49:1147-1156)."
)


class SuggestionKind(StrEnum):
    ADD_REP = "add_rep"
    HOLD = "hold"
    BACK_OFF = "back_off"
    AT_CAP = "at_cap"
    NOT_ENOUGH_DATA = "not_enough_data"


@dataclass(frozen=True)
class SessionOutcome:
    """One completed (saved) session, as the rule table needs it.

    `plan` is the plan the session ran (its snapshot), so the planned rep count is
    `plan.rep_count`. `reps_done` counts reps with status done, `reps_skipped` those cut short.
    `mean_effort` is the mean rep effort over the reps that have one (None if none has);
    `ended_early` is the session status `ended_early`.
    """

    plan: Plan
    reps_done: int
    reps_skipped: int = 0
    mean_effort: float | None = None
    ended_early: bool = False

    def __post_init__(self) -> None:
        for name in ("reps_done", "reps_skipped"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name}: expected a whole number 0 or more, got {value!r}")
        if self.reps_done + self.reps_skipped > self.reps_planned:
            raise ValueError(
                f"{self.reps_done} done + {self.reps_skipped} skipped reps is more than the "
                f"{self.reps_planned} planned"
            )
        effort = self.mean_effort
        if effort is not None and (
            isinstance(effort, bool)
            or not isinstance(effort, (int, float))
            or not math.isfinite(effort)
            or not EFFORT_MIN <= effort <= EFFORT_MAX
        ):
            raise ValueError(f"mean_effort: expected None or 0-10, got {effort!r}")

    @property
    def reps_planned(self) -> int:
        return self.plan.rep_count

    @property
    def complete(self) -> bool:
        """Every planned rep done, none skipped, not ended early."""
        return (
            self.reps_done == self.reps_planned and self.reps_skipped == 0 and not self.ended_early
        )

    @property
    def mean(self) -> float | None:
        """The mean effort as compared and shown: rounded to `EFFORT_DECIMALS`."""
        return None if self.mean_effort is None else round(self.mean_effort, EFFORT_DECIMALS)

    @property
    def easy(self) -> bool:
        """Every rep done and mean effort ≤ 7: counts towards adding a rep."""
        return self.complete and self.mean is not None and self.mean <= ADD_MAX_EFFORT


@dataclass(frozen=True)
class Suggestion:
    """What the table suggests for the next session on this plan and hill.

    `rep_count` is the suggested rep count (the current one when holding; None only when
    there is no session at all). `rule` is the sentence of the row that fired, with its
    numbers; `rule_id` names the row in `RULES`; `source` says where the rule comes from.
    """

    kind: SuggestionKind
    rep_count: int | None
    current_rep_count: int | None
    rule: str
    source: str
    rule_id: str

    @property
    def changes_plan(self) -> bool:
        """True when accepting it changes the rep count (add one rep or back off one)."""
        return self.rep_count is not None and self.rep_count != self.current_rep_count


@dataclass(frozen=True)
class _Facts:
    sessions: tuple[SessionOutcome, ...]

    @property
    def latest(self) -> SessionOutcome:
        return self.sessions[-1]

    @property
    def reps(self) -> int:
        return self.latest.reps_planned

    @property
    def mean(self) -> float:
        mean = self.latest.mean
        assert mean is not None  # rows after "no_effort" only
        return mean

    @property
    def longest_sprint_s(self) -> float:
        return max(rep.sprint_s for rep in self.latest.plan.reps)

    def easy_run(self) -> int:
        """How many of the newest sessions in a row were easy at the current rep count."""
        run = 0
        for session in reversed(self.sessions):
            if not (session.easy and session.reps_planned == self.reps):
                break
            run += 1
        return run


@dataclass(frozen=True)
class Rule:
    """One row of the progression table. `when` and `then` are the row as the UI shows it;
    `note` gives the reason for a row that fills a gap between the bands. Rows are tried in order
    and the first whose condition holds fires (each row's condition assumes the rows above did
    not)."""

    id: str
    kind: SuggestionKind
    when: str
    then: str
    source: str
    note: str = ""
    change: int = 0  # rep count change: +1, 0 or -1
    applies: Callable[[_Facts], bool] = field(default=lambda f: True, repr=False, compare=False)
    says: Callable[[_Facts], str] = field(default=lambda f: "", repr=False, compare=False)


# -- sentences -------------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.{EFFORT_DECIMALS}f}".rstrip("0").rstrip(".")


def _reps(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"


def _incomplete(session: SessionOutcome) -> bool:
    return (
        session.reps_skipped > 0
        or session.ended_early
        or session.reps_done + session.reps_skipped < session.reps_planned
    )


def _why_incomplete(session: SessionOutcome) -> str:
    parts = []
    if session.reps_skipped:
        parts.append(f"{_reps(session.reps_skipped)} skipped")
    if session.ended_early or session.reps_done + session.reps_skipped < session.reps_planned:
        parts.append(f"ended early ({session.reps_done} of {session.reps_planned} reps done)")
    text = " and ".join(parts)
    return text[0].upper() + text[1:]


def _back_off(f: _Facts) -> str:
    return f"back off one rep ({f.reps} → {_reps(f.reps - 1)})."


def _hold(f: _Facts) -> str:
    return f"hold at {_reps(f.reps)}"


def _easy_last(f: _Facts) -> str:
    limit = _num(ADD_MAX_EFFORT)
    return f"Every rep done and mean effort ≤ {limit} in the last session ({_num(f.mean)})"


def _says_easy_once(f: _Facts) -> str:
    run = f.easy_run()
    sessions = f.sessions
    if run == 1:
        head = _easy_last(f)
    else:
        means = ", ".join(_num(s.mean or 0.0) for s in sessions[-run:])
        head = (
            f"Every rep done and mean effort ≤ {_num(ADD_MAX_EFFORT)} in the last {run} "
            f"sessions ({means})"
        )
    if len(sessions) == run:
        why = "there is no earlier session on this plan and hill"
    else:
        before = sessions[-run - 1]
        if before.reps_planned != f.reps:
            why = f"the session before was at {_reps(before.reps_planned)}"
        elif _incomplete(before):
            why = "the session before had a skipped rep or ended early"
        elif before.mean is None:
            why = "the session before has no effort recorded"
        else:
            why = f"the session before had mean effort {_num(before.mean)}"
    return (
        f"{head}, but {why}: {_hold(f)}; add a rep after {EASY_IN_A_ROW} sessions like "
        "this in a row."
    )


def _says_add(f: _Facts) -> str:
    means = ", ".join(_num(s.mean or 0.0) for s in f.sessions[-EASY_IN_A_ROW:])
    return (
        f"Every rep done and mean effort ≤ {_num(ADD_MAX_EFFORT)} in the last {EASY_IN_A_ROW} "
        f"sessions ({means}): add one rep ({f.reps} → {_reps(f.reps + 1)})."
    )


def _says_at_cap(f: _Facts) -> str:
    where = "at" if f.reps == REP_CAP else f"above ({_reps(f.reps)})"
    return (
        f"{_easy_last(f)}, but the plan is {where} the cap of {REP_CAP} reps for sprints of "
        f"{_num(SHORT_SPRINT_MAX_S)} s or less: {_hold(f)}."
    )


def _says_long(f: _Facts) -> str:
    return (
        f"{_easy_last(f)}, but this plan has sprints longer than {_num(SHORT_SPRINT_MAX_S)} s "
        f"(up to {_num(f.longest_sprint_s)} s) and the add-a-rep rule is for short hill "
        f"sprints: {_hold(f)}."
    )


_LAST = "in the last session"

RULES: tuple[Rule, ...] = (
    Rule(
        id="no_data",
        kind=SuggestionKind.NOT_ENOUGH_DATA,
        when="No saved session on this plan and hill yet",
        then="No suggestion",
        source="",
        applies=lambda f: not f.sessions,
        says=lambda f: "No saved session on this plan and hill yet: no suggestion.",
    ),
    Rule(
        id="incomplete_at_minimum",
        kind=SuggestionKind.HOLD,
        when="A rep skipped or the session ended early, and the plan is at 1 rep",
        then="Hold at 1 rep",
        source=INCOMPLETE_SOURCE,
        note=f"Back-off never goes below {MIN_REPS} rep.",
        applies=lambda f: _incomplete(f.latest) and f.reps <= MIN_REPS,
        says=lambda f: (
            f"{_why_incomplete(f.latest)} {_LAST}, but the plan is at {_reps(f.reps)}, the "
            f"minimum: {_hold(f)}."
        ),
    ),
    Rule(
        id="incomplete",
        kind=SuggestionKind.BACK_OFF,
        when="A rep skipped or the session ended early",
        then="Back off one rep",
        source=INCOMPLETE_SOURCE,
        note="An early end counts like a skipped rep; either backs off whatever the effort.",
        change=-1,
        applies=lambda f: _incomplete(f.latest),
        says=lambda f: f"{_why_incomplete(f.latest)} {_LAST}: {_back_off(f)}",
    ),
    Rule(
        id="no_effort",
        kind=SuggestionKind.NOT_ENOUGH_DATA,
        when="Every rep done but no rep effort recorded",
        then="Hold (rate the reps to get a suggestion)",
        source=EFFORT_SOURCE,
        note="A session without efforts cannot be judged and does not count towards adding.",
        applies=lambda f: f.latest.mean is None,
        says=lambda f: (
            f"No rep effort recorded {_LAST}: {_hold(f)} (rate the reps to get a suggestion)."
        ),
    ),
    Rule(
        id="very_hard_at_minimum",
        kind=SuggestionKind.HOLD,
        when=f"Mean effort ≥ {_num(BACK_OFF_EFFORT)}, and the plan is at 1 rep",
        then="Hold at 1 rep",
        source=EFFORT_SOURCE,
        note=f"Back-off never goes below {MIN_REPS} rep.",
        applies=lambda f: f.mean >= BACK_OFF_EFFORT and f.reps <= MIN_REPS,
        says=lambda f: (
            f"Mean effort ≥ {_num(BACK_OFF_EFFORT)} {_LAST} ({_num(f.mean)}), but the plan is "
            f"at {_reps(f.reps)}, the minimum: {_hold(f)}."
        ),
    ),
    Rule(
        id="very_hard",
        kind=SuggestionKind.BACK_OFF,
        when=f"Mean effort ≥ {_num(BACK_OFF_EFFORT)}",
        then="Back off one rep",
        source=EFFORT_SOURCE,
        change=-1,
        applies=lambda f: f.mean >= BACK_OFF_EFFORT,
        says=lambda f: (
            f"Mean effort ≥ {_num(BACK_OFF_EFFORT)} {_LAST} ({_num(f.mean)}): {_back_off(f)}"
        ),
    ),
    Rule(
        id="hard",
        kind=SuggestionKind.HOLD,
        when=f"Mean effort from {_num(HOLD_MIN_EFFORT)} to below {_num(BACK_OFF_EFFORT)}",
        then="Hold",
        source=EFFORT_SOURCE,
        note=(
            f"The hold band is {_num(HOLD_MIN_EFFORT)}-{_num(HOLD_MAX_EFFORT)}; above "
            f"{_num(HOLD_MAX_EFFORT)} and below {_num(BACK_OFF_EFFORT)} is not yet too hard, so it "
            "holds too."
        ),
        applies=lambda f: f.mean >= HOLD_MIN_EFFORT,
        says=lambda f: (
            f"Mean effort {_num(HOLD_MIN_EFFORT)} to below {_num(BACK_OFF_EFFORT)} {_LAST} "
            f"({_num(f.mean)}): {_hold(f)}."
        ),
    ),
    Rule(
        id="between",
        kind=SuggestionKind.HOLD,
        when=f"Mean effort above {_num(ADD_MAX_EFFORT)} and below {_num(HOLD_MIN_EFFORT)}",
        then="Hold",
        source=EFFORT_SOURCE,
        note="Neither easy enough to add a rep nor hard enough to back off: the rep count holds.",
        applies=lambda f: f.mean > ADD_MAX_EFFORT,
        says=lambda f: (
            f"Mean effort above {_num(ADD_MAX_EFFORT)} and below {_num(HOLD_MIN_EFFORT)} "
            f"{_LAST} ({_num(f.mean)}): {_hold(f)}."
        ),
    ),
    Rule(
        id="long_sprints",
        kind=SuggestionKind.HOLD,
        when=(
            f"Every rep done and mean effort ≤ {_num(ADD_MAX_EFFORT)}, but a sprint is longer "
            f"than {_num(SHORT_SPRINT_MAX_S)} s"
        ),
        then="Hold (no reps added to plans with longer sprints)",
        source=LONG_SPRINT_SOURCE,
        note="The add-a-rep rule and its cap are for short hill sprints only.",
        applies=lambda f: f.longest_sprint_s > SHORT_SPRINT_MAX_S,
        says=_says_long,
    ),
    Rule(
        id="at_cap",
        kind=SuggestionKind.AT_CAP,
        when=(
            f"Every rep done and mean effort ≤ {_num(ADD_MAX_EFFORT)}, and the plan has "
            f"{REP_CAP} reps or more"
        ),
        then=f"Hold at the cap ({REP_CAP} reps of {_num(SHORT_SPRINT_MAX_S)} s or less)",
        source=CAP_SOURCE,
        note="A plan already above the cap is held where it is, not cut back.",
        applies=lambda f: f.reps >= REP_CAP,
        says=_says_at_cap,
    ),
    Rule(
        id="easy_once",
        kind=SuggestionKind.HOLD,
        when=(
            f"Every rep done and mean effort ≤ {_num(ADD_MAX_EFFORT)}, but not in "
            f"{EASY_IN_A_ROW} sessions in a row at this rep count"
        ),
        then="Hold",
        source=EFFORT_SOURCE,
        note="Sessions at another rep count do not count towards the row.",
        applies=lambda f: f.easy_run() < EASY_IN_A_ROW,
        says=_says_easy_once,
    ),
    Rule(
        id="add_rep",
        kind=SuggestionKind.ADD_REP,
        when=(
            f"Every rep done and mean effort ≤ {_num(ADD_MAX_EFFORT)} in {EASY_IN_A_ROW} "
            "sessions in a row"
        ),
        then="Add one rep",
        source=EFFORT_SOURCE + " " + CAP_SOURCE,
        change=+1,
        says=_says_add,
    ),
)

_RULES_BY_ID = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """The row of `RULES` with this id (KeyError lists the ids)."""
    try:
        return _RULES_BY_ID[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id!r}; rules: {', '.join(_RULES_BY_ID)}") from None


def suggest_next(sessions: Sequence[SessionOutcome]) -> Suggestion:
    """The suggestion for the next session, from the saved sessions on the same plan and hill
    (newest last; only the last `EASY_IN_A_ROW` matter). The first row of `RULES` that holds
    fires. The rep count is based on the newest session's plan."""
    facts = _Facts(tuple(sessions))
    for row in RULES:
        if row.applies(facts):
            current = facts.reps if facts.sessions else None
            return Suggestion(
                kind=row.kind,
                rep_count=None if current is None else current + row.change,
                current_rep_count=current,
                rule=row.says(facts),
                source=row.source,
                rule_id=row.id,
            )
    raise AssertionError("the last rule always applies")  # pragma: no cover


# -- accepting a suggestion ------------------------------------------------------------------

_REPS_SUFFIX = re.compile(r" \(\d+ reps?\)$")


def plan_name_with_reps(name: str, rep_count: int) -> str:
    """'<name> (7 reps)': an earlier such suffix is replaced, not stacked, and the name is
    shortened so the whole fits the plan-name limit."""
    base = _REPS_SUFFIX.sub("", name.strip())
    suffix = f" ({_reps(rep_count)})"
    base = base[: MAX_NAME_LEN - len(suffix)].rstrip()
    return base + suffix


def apply_suggestion(plan: Plan, suggestion: Suggestion) -> Plan:
    """The plan with the suggested rep count: a new plan named '<name> (7 reps)'.

    Adding repeats the last rep (same sprint and walk-down); removing drops reps from the end.
    A suggestion that does not change the rep count (hold, at cap, not enough data) returns
    `plan` itself. The new plan passes the plan-file validation (it is round-tripped through
    `plan_from_json`), so e.g. a rep count under 1 or over the plan limit raises `PlanError`.
    """
    target = suggestion.rep_count
    if target is None or target == plan.rep_count:
        return plan
    if isinstance(target, bool) or not isinstance(target, int) or target < MIN_REPS:
        raise PlanError(f"reps: a plan needs at least {MIN_REPS} rep, got {target!r}")
    if target > plan.rep_count:
        reps = plan.reps + (plan.reps[-1],) * (target - plan.rep_count)
    else:
        reps = plan.reps[:target]
    data = plan.to_json()
    data["name"] = plan_name_with_reps(plan.name, target)
    data["reps"] = [rep.to_json() for rep in reps]
    return plan_from_json(data)
