"""Beginner reminders: their content and sources, and which are shown when."""

from __future__ import annotations

import re

import pytest

from hillsprint.core.reminders import (
    BEGINNER_SESSIONS,
    HAMSTRING,
    LID_OPEN,
    MIN_HOURS_BETWEEN,
    REMINDERS,
    REST_48H,
    WALK_DOWN,
    WARM_UP,
    reminders_for,
)

ALL = ["warm_up", "walk_down", "rest_48h", "hamstring", "lid_open"]


def ids(reminders) -> list[str]:
    return [r.id for r in reminders]


def test_the_reminders_say_what_matters_at_the_hill():
    assert ids(REMINDERS) == ALL
    assert "10-15 minutes" in WARM_UP.text and "first rep" in WARM_UP.text
    assert "eccentric" in WALK_DOWN.text and "delayed-onset muscle soreness" in WALK_DOWN.text
    assert "48 hours" in REST_48H.text
    assert "twinge" in HAMSTRING.text and "stop" in HAMSTRING.text
    assert "lid open" in LID_OPEN.text.lower() or "leave the lid open" in LID_OPEN.text.lower()


def test_every_reminder_has_a_source_that_is_a_citation_or_says_consensus():
    citation = re.compile(r"\b(19|20)\d\d;\d+")  # "2010;24(1):140-148"
    for reminder in REMINDERS:
        assert reminder.title and reminder.text and reminder.source
        manual = re.search(r"\w+\.conf\(5\)", reminder.source)  # a system's documented default
        assert citation.search(reminder.source) or "consensus" in reminder.source or manual
    # The 48 h gap is a rule of thumb and must not pretend otherwise.
    assert "Coaching consensus" in REST_48H.source and "not a tested threshold" in REST_48H.source
    assert "repeated-bout" in WALK_DOWN.source


@pytest.mark.parametrize("sessions_done", range(BEGINNER_SESSIONS))
def test_all_reminders_for_the_first_three_sessions(sessions_done: int):
    assert ids(reminders_for(sessions_done, None)) == ALL
    assert ids(reminders_for(sessions_done, 72.0)) == ALL


@pytest.mark.parametrize("sessions_done", [3, 4, 50])
def test_none_after_that_when_rested(sessions_done: int):
    assert reminders_for(sessions_done, None) == []
    assert reminders_for(sessions_done, MIN_HOURS_BETWEEN) == []  # exactly 48 h is enough
    assert reminders_for(sessions_done, 200.0) == []


def test_the_rest_reminder_whenever_the_last_session_is_under_48_hours_ago():
    shown = reminders_for(10, 47.9)

    assert ids(shown) == ["rest_48h"]
    assert shown[0].text == f"Your last sprint session was 47 hours ago. {REST_48H.text}"
    assert shown[0].source == REST_48H.source


def test_a_beginner_back_too_soon_sees_the_rest_reminder_first_and_once():
    assert ids(reminders_for(1, 20.0)) == ["rest_48h", *(i for i in ALL if i != "rest_48h")]


@pytest.mark.parametrize(
    ("hours", "said"),
    [
        (0.0, "less than an hour ago"),
        (0.99, "less than an hour ago"),
        (1.0, "1 hour ago"),
        (1.5, "1 hour ago"),
        (2.0, "2 hours ago"),
        (-3.0, "less than an hour ago"),  # a clock set back: counts as recent
    ],
)
def test_how_long_ago_is_said(hours: float, said: str):
    (rest,) = reminders_for(5, hours)

    assert rest.text.startswith(f"Your last sprint session was {said}.")


def test_the_shared_reminder_is_not_changed():
    before = REST_48H.text
    reminders_for(5, 3.0)

    assert REST_48H.text == before
    assert REMINDERS[2] is REST_48H


@pytest.mark.parametrize(
    ("sessions_done", "hours"),
    [(-1, None), (True, None), (1.0, None), (0, float("nan")), (0, float("inf")), (0, True)],
)
def test_bad_input_is_refused(sessions_done, hours):
    with pytest.raises(ValueError):
        reminders_for(sessions_done, hours)
