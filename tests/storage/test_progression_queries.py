"""What the progression table and the reminders read from the history: the recent outcomes on one
plan and hill, the number of finished sessions, and the hours since the last one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.progression import SuggestionKind, suggest_next
from hillsprint.core.records import RepRecord, RepStatus, SessionStatus
from hillsprint.storage import progression_queries
from hillsprint.storage.progression_queries import (
    finished_session_count,
    hours_since_last_session,
    last_finished_session,
    recent_outcomes,
)
from hillsprint.storage.repository import SessionRepository

TZ = timezone(timedelta(hours=2))
DAY0 = datetime(2026, 5, 4, 7, 0, tzinfo=TZ)
POWER = Plan("Hill power", (RepSpec(10, 120),) * 4)
POWER5 = Plan("Hill power", (RepSpec(10, 120),) * 5)  # same name, one rep more
OTHER = Plan("Other plan", (RepSpec(10, 120),) * 4)


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def add(
    repo: SessionRepository,
    plan: Plan,
    day: int,
    efforts: list[int | None],
    *,
    hill: str | None = "Kirchberg",
    skipped: tuple[int, ...] = (),
    status: SessionStatus | None = SessionStatus.COMPLETED,
    minutes: float = 20.0,
    offset: timezone = TZ,
) -> str:
    """A session started `day` days after DAY0 with one rep per effort (rep numbers in
    `skipped` cut short); status None leaves it in progress."""
    start = (DAY0 + timedelta(days=day)).astimezone(offset)
    session_id = repo.start_session(plan, stamp(start), hill=hill)
    for number, effort in enumerate(efforts, start=1):
        repo.record_rep(
            session_id,
            RepRecord(
                number=number,
                started_at=stamp(start + timedelta(minutes=number)),
                sprint_planned_s=10.0,
                sprint_s=5.0 if number in skipped else 10.1,
                recovery_planned_s=120.0,
                recovery_s=121.0,
                recovery_manual=False,
                status=RepStatus.SKIPPED if number in skipped else RepStatus.DONE,
            ),
        )
        repo.set_rep_effort(session_id, number, effort)
    if status is not None:
        end = start + timedelta(minutes=minutes)
        repo.finish_session(session_id, status, stamp(end), minutes * 60)
    return session_id


def test_outcomes_are_the_newest_on_that_plan_and_hill_oldest_first(repo):
    add(repo, POWER, 0, [5, 6, 7, 6])
    add(repo, POWER, 2, [6, 6, 6, 6])
    add(repo, OTHER, 3, [9, 9, 9, 9])  # another plan
    add(repo, POWER, 4, [9, 9, 9, 9], hill="Quarry")  # another hill
    add(repo, POWER, 5, [4, 5, 6, 5])
    outcomes = recent_outcomes(repo.connection, "Hill power", "Kirchberg")
    assert [o.mean_effort for o in outcomes] == [6.0, 6.0, 5.0]
    assert all(o.plan == POWER and o.reps_done == 4 and o.reps_skipped == 0 for o in outcomes)
    assert not any(o.ended_early for o in outcomes)
    assert suggest_next(outcomes).kind is SuggestionKind.ADD_REP


def test_order_is_by_the_instant_the_session_started_not_insertion_or_text(repo):
    add(repo, POWER, 3, [3] * 4)
    add(repo, POWER, 1, [1] * 4)
    # day 2 at 07:00+02:00, written in another offset: text order would put it elsewhere
    add(repo, POWER, 2, [2] * 4, offset=timezone(timedelta(hours=-9)))
    means = [o.mean_effort for o in recent_outcomes(repo.connection, "Hill power", "Kirchberg")]
    assert means == [1.0, 2.0, 3.0]


def test_limit_keeps_the_newest(repo):
    for day in range(7):
        add(repo, POWER, day, [day % 10] * 4)
    outcomes = recent_outcomes(repo.connection, "Hill power", "Kirchberg", limit=3)
    assert [o.mean_effort for o in outcomes] == [4.0, 5.0, 6.0]
    assert len(recent_outcomes(repo.connection, "Hill power", "Kirchberg")) == 5  # default
    assert recent_outcomes(repo.connection, "Hill power", "Kirchberg", limit=0) == []
    for bad in (-1, 2.0, True, "3"):
        with pytest.raises(ValueError, match="limit"):
            recent_outcomes(repo.connection, "Hill power", "Kirchberg", limit=bad)


def test_names_match_ignoring_case_and_surrounding_spaces(repo):
    add(repo, POWER, 0, [5] * 4, hill="Ölberg")
    add(repo, POWER, 1, [6] * 4, hill="  ÖLBERG ")
    add(repo, POWER, 2, [7] * 4, hill="olberg")  # another hill: Ö is not O
    outcomes = recent_outcomes(repo.connection, "  HILL POWER", "ölberg")
    assert [o.mean_effort for o in outcomes] == [5.0, 6.0]
    # casefold, not lower(): "STRASSE" and "Straße" are one name
    add(repo, POWER, 3, [8] * 4, hill="Straße")
    assert [o.mean_effort for o in recent_outcomes(repo.connection, "hill power", "STRASSE")] == [
        8.0
    ]


def test_no_hill_means_sessions_without_one(repo):
    add(repo, POWER, 0, [5] * 4, hill=None)
    add(repo, POWER, 1, [6] * 4, hill="Kirchberg")
    add(repo, POWER, 2, [7] * 4, hill="   ")  # a blank name is no hill
    for hill in (None, "", "  "):
        means = [o.mean_effort for o in recent_outcomes(repo.connection, "Hill power", hill)]
        assert means == [5.0, 7.0]


def test_in_progress_sessions_are_left_out_and_early_ends_kept(repo):
    add(repo, POWER, 0, [5] * 4)
    add(repo, POWER, 1, [6, 6], status=SessionStatus.ENDED_EARLY)
    add(repo, POWER, 2, [2] * 4, status=None)  # a crash left it open
    outcomes = recent_outcomes(repo.connection, "Hill power", "Kirchberg")
    assert len(outcomes) == 2
    last = outcomes[-1]
    assert last.ended_early and last.reps_done == 2 and last.reps_planned == 4
    assert not last.complete
    assert suggest_next(outcomes).kind is SuggestionKind.BACK_OFF


def test_skipped_reps_and_efforts(repo):
    add(repo, POWER, 0, [5, 8, None, 6], skipped=(2, 4))
    (outcome,) = recent_outcomes(repo.connection, "Hill power", "Kirchberg")
    assert (outcome.reps_done, outcome.reps_skipped) == (2, 2)
    assert outcome.mean_effort == pytest.approx((5 + 8 + 6) / 3)  # reps without one left out
    add(repo, POWER, 1, [None] * 4)
    assert recent_outcomes(repo.connection, "Hill power", "Kirchberg")[-1].mean_effort is None
    add(repo, POWER, 2, [], status=SessionStatus.ENDED_EARLY)  # ended before the first sprint
    empty = recent_outcomes(repo.connection, "Hill power", "Kirchberg")[-1]
    assert (empty.reps_done, empty.reps_skipped, empty.mean_effort) == (0, 0, None)
    assert empty.ended_early


def test_each_outcome_carries_the_plan_snapshot_it_ran(repo):
    add(repo, POWER, 0, [5] * 4)
    add(repo, POWER5, 1, [5] * 5)
    first, second = recent_outcomes(repo.connection, "Hill power", "Kirchberg")
    assert (first.reps_planned, second.reps_planned) == (4, 5)
    assert second.plan == POWER5


def test_an_unreadable_snapshot_breaks_the_run(repo):
    add(repo, POWER, 0, [5] * 4)
    broken = add(repo, POWER, 1, [5] * 4)
    add(repo, POWER, 2, [6] * 4)
    repo.connection.execute("UPDATE sessions SET plan_json = '{' WHERE id = ?", (broken,))
    outcomes = recent_outcomes(repo.connection, "Hill power", "Kirchberg")
    assert [o.mean_effort for o in outcomes] == [6.0]  # not joined to the one before the gap


def test_nothing_on_that_plan_and_hill(repo):
    assert recent_outcomes(repo.connection, "Hill power", "Kirchberg") == []
    add(repo, POWER, 0, [5] * 4)
    assert recent_outcomes(repo.connection, "Hill power", "Quarry") == []
    assert recent_outcomes(repo.connection, "Hill power (5 reps)", "Kirchberg") == []


def test_two_queries_however_many_sessions(repo):
    for day in range(40):
        add(repo, POWER if day % 2 else OTHER, day, [5] * 4)
    statements: list[str] = []
    repo.connection.set_trace_callback(statements.append)
    try:
        assert len(recent_outcomes(repo.connection, "Hill power", "Kirchberg", limit=10)) == 10
    finally:
        repo.connection.set_trace_callback(None)
    assert len(statements) == 2


def test_finished_session_count(repo):
    assert finished_session_count(repo.connection) == 0
    add(repo, POWER, 0, [5] * 4)
    add(repo, OTHER, 1, [5], status=SessionStatus.ENDED_EARLY, hill=None)
    add(repo, POWER, 2, [5], status=None)
    assert finished_session_count(repo.connection) == 2


def test_last_finished_session_is_the_newest_by_start_and_skips_one_in_progress(repo):
    assert last_finished_session(repo.connection) is None
    add(repo, POWER, 3, [5] * 4)
    newest = add(repo, OTHER, 5, [5], status=SessionStatus.ENDED_EARLY, hill=None)
    add(repo, POWER, 1, [5] * 4, hill="Quarry")  # written later, started earlier
    add(repo, POWER, 6, [5], status=None)  # still running
    assert last_finished_session(repo.connection) == (newest, "Other plan", None)


def test_hours_since_the_end_of_the_last_finished_session(repo):
    now = DAY0 + timedelta(days=3)
    assert hours_since_last_session(repo.connection, now) is None
    add(repo, POWER, 0, [5] * 4, minutes=30)  # ends DAY0 + 30 min
    assert hours_since_last_session(repo.connection, now) == pytest.approx(72 - 0.5)
    add(repo, POWER, 1, [5] * 4, minutes=60, offset=UTC)  # ends DAY0 + 1 day + 1 h
    add(repo, POWER, 2, [5] * 4, status=None)  # in progress: does not count
    assert hours_since_last_session(repo.connection, now) == pytest.approx(48 - 1)
    # the same instant in another zone gives the same answer
    other = now.astimezone(timezone(timedelta(hours=-5)))
    assert hours_since_last_session(repo.connection, other) == pytest.approx(47)
    # a clock set back: negative, which reminders_for counts as recent
    assert hours_since_last_session(repo.connection, DAY0) < 0


def test_hours_since_counts_from_the_start_when_there_is_no_end(repo):
    session_id = add(repo, POWER, 0, [5] * 4)
    repo.connection.execute("UPDATE sessions SET ended_at = NULL WHERE id = ?", (session_id,))
    assert hours_since_last_session(repo.connection, DAY0 + timedelta(hours=5)) == pytest.approx(5)


def test_hours_since_needs_an_aware_now(repo):
    with pytest.raises(ValueError, match="time zone"):
        hours_since_last_session(repo.connection, datetime(2026, 5, 4, 7, 0))


def test_default_limit_covers_the_rule_tables_run():
    from hillsprint.core.progression import EASY_IN_A_ROW

    assert progression_queries.DEFAULT_LIMIT >= EASY_IN_A_ROW
