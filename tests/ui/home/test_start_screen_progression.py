"""The start screen's hill list, progression suggestion and reminders, in a real (offscreen)
window: what is shown, what the buttons emit, that Space still starts, that it fits 1366×768."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from hillsprint.core.hill import MAX_HILL_NAME_LEN
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.core.progression import (
    SessionOutcome,
    Suggestion,
    SuggestionKind,
    rule,
    suggest_next,
)
from hillsprint.core.reminders import REMINDERS, reminders_for
from hillsprint.ui.common.look import style_sheet
from hillsprint.ui.home.advice_panels import (
    accept_text,
    context_text,
    source_text,
    suggestion_headline,
)
from hillsprint.ui.home.start_screen import NEW_HILL, NO_DETAILS, StartScreen

POWER = PRESETS["hill-power"]  # 8 × 10 s


def easy(plan: Plan = POWER, mean: float = 6.0) -> SessionOutcome:
    return SessionOutcome(plan, plan.rep_count, 0, mean)


ADD = suggest_next([easy(), easy()])  # 8 -> 9 reps
HOLD = suggest_next([easy(mean=8.5)])
BACK = suggest_next([SessionOutcome(POWER, 6, 2, 7.0)])


@pytest.fixture
def screen(qtbot):
    plans = [(plan.name, plan) for plan in PRESETS.values()]
    screen = StartScreen(plans, chosen=list(PRESETS).index("hill-power"))
    screen.setStyleSheet(style_sheet("app") + screen.styleSheet())  # as inside the main window
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    screen.setFocus()
    return screen


def started(qtbot, screen, key=Qt.Key.Key_Space):
    """Press `key` where the focus is; return what startRequested carried."""
    with qtbot.waitSignal(screen.startRequested) as blocker:
        qtbot.keyClick(QApplication.focusWidget(), key)
    return blocker.args


# -- hills ----------------------------------------------------------------------------------


def test_the_hill_list_offers_the_library_and_a_typed_name_still_works(qtbot, screen):
    assert started(qtbot, screen) == [POWER, None]  # no hill
    screen.set_hills(["Kirchberg", "Quarry", "Water tower lane"])
    assert screen.hill_names() == ["Kirchberg", "Quarry", "Water tower lane"]
    assert screen.hill.currentText() == ""  # offering hills chooses none
    screen.hill.setCurrentIndex(1)
    assert started(qtbot, screen) == [POWER, "Quarry"]
    screen.hill.lineEdit().clear()
    qtbot.keyClicks(screen.hill.lineEdit(), "  Kirch ")  # typed: kept as typed, not completed
    assert screen.current_hill() == "Kirch"
    qtbot.keyClick(screen.hill.lineEdit(), Qt.Key.Key_Return)  # Enter: on to Start
    assert QApplication.focusWidget() is screen.start_button
    assert started(qtbot, screen) == [POWER, "Kirch"]
    assert screen.hill.count() == 3  # a typed name is not added to the list
    screen.set_hills(["Kirchberg"])  # the library changed: what was typed stays
    assert screen.current_hill() == "Kirch" and screen.hill_names() == ["Kirchberg"]
    assert screen.hill.lineEdit().maxLength() == MAX_HILL_NAME_LEN  # the hill's rule


def test_choosing_a_hill_from_the_list_hands_focus_back_to_start(qtbot, screen):
    screen.set_hills(["Kirchberg", "Quarry"])
    screen.hill.setFocus()
    screen.hill.setCurrentIndex(1)
    screen.hill.activated.emit(1)  # what a click in the drop-down list sends
    assert QApplication.focusWidget() is screen.start_button
    assert started(qtbot, screen) == [POWER, "Quarry"]


def test_hills_button(qtbot, screen):
    with qtbot.waitSignal(screen.hillsRequested):
        qtbot.mouseClick(screen.hills_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is screen.start_button  # a click does not take focus


def test_hill_details_line(qtbot, screen):
    known = {"kirchberg": "85 m, 11 % gradient, grass", "quarry": ""}
    screen.set_hills(["Kirchberg", "Quarry"])
    screen.set_hill("Kirchberg")
    assert not screen.hill_details.isVisible()  # no lookup: no line
    screen.set_hill_details(lambda name: known.get(name.casefold()))
    assert screen.hill_details.isVisible()
    assert screen.hill_details.text() == "85 m, 11 % gradient, grass"
    screen.set_hill("Quarry")
    assert screen.hill_details.text() == NO_DETAILS
    screen.set_hill("Somewhere new")
    assert screen.hill_details.text() == NEW_HILL
    screen.set_hill(None)
    assert not screen.hill_details.isVisible()
    screen.set_hill("kirchberg")
    known["kirchberg"] = "90 m"  # edited in the hills dialog
    screen.set_hills(["Kirchberg", "Quarry"])  # what the owner calls after hillsChanged
    assert screen.hill_details.text() == "90 m"


# -- the suggestion -------------------------------------------------------------------------


def test_suggestion_shows_headline_rule_and_source(qtbot, screen):
    screen.set_hill("Kirchberg")
    screen.show_suggestion(ADD, "Hill power", "Kirchberg")
    panel = screen.suggestion
    assert panel.isVisible() and screen.advice.isVisible()
    assert panel.context.text() == "Next session on Hill power at Kirchberg"
    assert panel.headline.text() == "Add a rep: 9 reps next time"
    assert panel.rule.text() == ADD.rule and "(8 → 9 reps)" in ADD.rule
    assert panel.source.isVisible() and panel.source.text() == f"Source: {ADD.source}"
    assert "Hudson" in panel.source.text()
    assert panel.accept_button.isVisible() and panel.accept_button.text() == (
        "Use 9 reps next time"
    )
    assert panel.ignore_button.text() == "Ignore"
    assert panel.property("kind") == "add_rep"
    assert screen.shown_suggestion() == ADD


def test_accepting_emits_the_plan_and_the_suggestion_and_keeps_space_for_start(qtbot, screen):
    screen.set_hill("Kirchberg")
    screen.show_suggestion(ADD, "Hill power", "Kirchberg")
    with qtbot.waitSignal(screen.suggestionAccepted) as blocker:
        qtbot.mouseClick(screen.suggestion.accept_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [screen.current_plan(), ADD]
    assert not screen.suggestion.isVisible() and not screen.advice.isVisible()
    assert screen.shown_suggestion() is None
    assert QApplication.focusWidget() is screen.start_button
    assert started(qtbot, screen) == [POWER, "Kirchberg"]


def test_ignoring_hides_it(qtbot, screen):
    screen.show_suggestion(BACK, "Hill power", None)
    assert screen.suggestion.headline.text() == "Back off a rep: 7 reps next time"
    assert screen.suggestion.property("kind") == "back_off"
    # from the keyboard: Tab reaches the buttons, Space presses them
    screen.suggestion.ignore_button.setFocus()
    with (
        qtbot.waitSignal(screen.suggestionIgnored),
        qtbot.assertNotEmitted(screen.suggestionAccepted),
        qtbot.assertNotEmitted(screen.startRequested),
    ):
        qtbot.keyClick(screen.suggestion.ignore_button, Qt.Key.Key_Space)
    assert not screen.suggestion.isVisible()
    assert QApplication.focusWidget() is screen.start_button


def test_a_hold_cannot_be_accepted_only_hidden(qtbot, screen):
    screen.show_suggestion(HOLD, "Hill power", None)
    panel = screen.suggestion
    assert panel.headline.text() == "Hold: stay at 8 reps"
    assert not panel.accept_button.isVisible()
    assert panel.ignore_button.text() == "Hide"
    with qtbot.waitSignal(screen.suggestionIgnored):
        panel.ignore_button.click()
    assert not panel.isVisible()


def test_no_session_yet_shows_nothing(qtbot, screen):
    screen.show_suggestion(HOLD, "Hill power", None)
    screen.show_suggestion(suggest_next([]), "Hill power", None)
    assert not screen.suggestion.isVisible() and not screen.advice.isVisible()


def test_the_suggestion_follows_its_plan_and_hill(qtbot, screen):
    screen.set_hill("Kirchberg")
    screen.show_suggestion(ADD, "Hill power", "Kirchberg")
    screen.set_hill("Quarry")
    assert not screen.suggestion.isVisible() and not screen.advice.isVisible()
    screen.set_hill(" kirchBERG")
    assert screen.suggestion.isVisible()
    screen.plan_picker.setCurrentIndex(list(PRESETS).index("minimal"))
    assert not screen.suggestion.isVisible() and screen.shown_suggestion() is None
    screen.plan_picker.setCurrentIndex(list(PRESETS).index("hill-power"))
    assert screen.suggestion.isVisible()
    screen.clear_suggestion()
    assert not screen.suggestion.isVisible()


def test_words_for_each_kind():
    at_cap = Suggestion(SuggestionKind.AT_CAP, 12, 12, "r", "s", "at_cap")
    no_effort = Suggestion(SuggestionKind.NOT_ENOUGH_DATA, 1, 1, "r", "", "no_effort")
    assert suggestion_headline(ADD) == "Add a rep: 9 reps next time"
    assert suggestion_headline(BACK) == "Back off a rep: 7 reps next time"
    assert suggestion_headline(HOLD) == "Hold: stay at 8 reps"
    assert suggestion_headline(at_cap) == "At the cap: stay at 12 reps"
    assert suggestion_headline(no_effort) == "Rate your reps: stay at 1 rep for now"
    assert suggestion_headline(suggest_next([])) == ""
    assert accept_text(ADD) == "Use 9 reps next time"
    assert accept_text(BACK) == "Use 7 reps next time"
    assert accept_text(HOLD) == accept_text(at_cap) == ""
    one = Suggestion(SuggestionKind.BACK_OFF, 1, 2, "r", "s", "incomplete")
    assert accept_text(one) == "Use 1 rep next time"
    assert context_text("Hill power", None) == "Next session on Hill power (no hill)"
    assert source_text("") == ""
    assert rule("add_rep").source in source_text(ADD.source)


# -- reminders ------------------------------------------------------------------------------


def test_reminders_show_title_text_and_source_and_go_with_got_it(qtbot, screen):
    reminders = reminders_for(0, None)
    assert len(reminders) == len(REMINDERS) == 5
    screen.show_reminders(reminders)
    panel = screen.reminders
    assert panel.isVisible() and screen.advice.isVisible()
    assert panel.title.text() == "Before you start: 5 reminders"
    expected = []
    for reminder in reminders:
        expected += [reminder.title, reminder.text, f"Source: {reminder.source}"]
    assert panel.texts() == expected
    assert any("Fradkin" in text for text in panel.texts())
    assert any("Opar" in text for text in panel.texts())
    qtbot.mouseClick(panel.got_it_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible() and not screen.advice.isVisible()
    assert QApplication.focusWidget() is screen.start_button
    assert started(qtbot, screen)[0] == POWER


def test_one_reminder_and_none(qtbot, screen):
    screen.show_reminders(reminders_for(5, 20.0))  # only the rest reminder
    assert screen.reminders.title.text() == "Before you start"
    assert screen.reminders.texts()[1].startswith("Your last sprint session was 20 hours ago.")
    screen.show_reminders([])
    assert not screen.reminders.isVisible() and not screen.advice.isVisible()


def test_reminders_stay_when_the_suggestion_goes(qtbot, screen):
    screen.show_suggestion(HOLD, "Hill power", None)
    screen.show_reminders(reminders_for(1, 30.0))
    screen.suggestion.ignore_button.click()
    assert screen.advice.isVisible() and screen.reminders.isVisible()


# -- fitting the screen -----------------------------------------------------------------------


def test_an_8_rep_plan_with_suggestion_and_reminders_fits_1366x768(qtbot, screen):
    assert POWER.rep_count == 8
    screen.set_hills(["Kirchberg"])
    screen.set_hill("Kirchberg")
    screen.set_hill_details(lambda name: "85 m, 11 % gradient, grass")
    screen.show_suggestion(ADD, "Hill power", "Kirchberg")
    screen.show_reminders(reminders_for(0, None))
    qtbot.wait(10)
    assert screen.minimumSizeHint().height() <= 768
    assert screen.height() == 768
    start = screen.start_button.geometry()
    assert start.bottom() < screen.height() and start.height() >= 80
    # the whole timeline (12 rows) is on screen, no scrolling
    assert screen.timeline_scroll.verticalScrollBar().maximum() == 0
    # the suggestion's buttons and the reminders' Got it are on screen without scrolling
    viewport = screen.advice.viewport()
    for button in (screen.suggestion.accept_button, screen.reminders.got_it_button):
        bottom = button.mapTo(viewport, button.rect().bottomLeft()).y()
        assert 0 <= bottom < viewport.height(), button.text()
    # a notice line (no sound, say) costs the timeline its last rows, which then scroll
    screen.show_notice("Sound unavailable: no audio output device found.")
    qtbot.wait(10)
    assert screen.minimumSizeHint().height() <= 768
    assert screen.start_button.geometry().bottom() < screen.height()


def test_a_99_rep_plan_with_advice_still_fits(qtbot):
    long_plan = Plan("Long", (RepSpec(10, 60),) * 99, 600, 10, 300)
    screen = StartScreen([("Long", long_plan)])
    screen.setStyleSheet(style_sheet("app") + screen.styleSheet())
    qtbot.addWidget(screen)
    screen.show_suggestion(suggest_next([easy(long_plan)]), "Long", None)
    screen.show_reminders(reminders_for(0, 1.0))
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.minimumSizeHint().height() <= 768
    assert screen.start_button.geometry().bottom() < screen.height()


def test_big_type(qtbot, screen):
    screen.show_suggestion(ADD, "Hill power", None)
    screen.show_reminders(reminders_for(0, None))
    sizes = {
        "headline": screen.suggestion.headline,
        "rule": screen.suggestion.rule,
        "accept": screen.suggestion.accept_button,
        "reminder text": screen.reminders.labels[1],
        "hill": screen.hill,
    }
    for name, widget in sizes.items():
        widget.ensurePolished()
        assert widget.font().pixelSize() >= 18, name
    assert screen.suggestion.headline.font().pixelSize() >= 24
    for small in (screen.suggestion.source, screen.reminders.labels[2]):
        small.ensurePolished()
        assert small.font().pixelSize() >= 15


def test_accept_is_the_filled_green_button(qtbot, screen):
    screen.show_suggestion(ADD, "Hill power", None)
    accept, ignore = screen.suggestion.accept_button, screen.suggestion.ignore_button
    image = screen.grab().toImage()
    for button, colour in ((accept, "#065321"), (ignore, "#ffffff")):
        inside = button.mapTo(screen, QPoint(8, button.height() // 2))  # past border, before text
        assert image.pixelColor(inside).name() == colour, button.text()
