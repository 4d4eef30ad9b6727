"""The start screen in a real window with its libraries wired in: own plans, the plan library
dialog, hills remembered, the progression suggestion and the reminders (`StartChoices`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt
from session_support import add_session

from hillsprint.core.hill import Hill
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.core.progression import SuggestionKind
from hillsprint.core.reminders import REMINDERS
from hillsprint.paths import resolve_paths
from hillsprint.settings import Settings
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.plans import PlanLibrary
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow
from hillsprint.ui.home.start_choices import OWN_PLAN_MARK

TZ = timezone(timedelta(hours=1))


def make_window(qtbot, repository, **kw):
    window = MainWindow(Store(repository.connection), resolve_paths(), **kw)
    qtbot.addWidget(window)
    assert not window.advice_ready  # laid out after the first paint, not before
    qtbot.waitUntil(lambda: window.advice_ready, timeout=2000)
    return window


def labels(window) -> list[str]:
    picker = window.start_screen.plan_picker
    return [picker.itemText(i) for i in range(picker.count())]


def days_ago(days: float) -> str:
    return (datetime.now(TZ) - timedelta(days=days)).isoformat(timespec="milliseconds")


def test_own_plans_come_before_the_presets(qtbot, repository):
    own = Plan("Tuesday hills", (RepSpec(8, 90),) * 5)
    PlanLibrary(repository.connection).save_new(own)
    window = make_window(qtbot, repository)
    assert labels(window) == [own.name + OWN_PLAN_MARK] + [p.name for p in PRESETS.values()]
    assert window.start_screen.current_plan() == own


def test_a_plan_saved_in_the_library_dialog_joins_the_picker(qtbot, repository):
    window = make_window(qtbot, repository)
    qtbot.mouseClick(window.start_screen.plans_button, Qt.MouseButton.LeftButton)
    dialog = window.choices.plans_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.new_plan()
    editor = dialog.editor
    editor.plan_fields.name.setText("Saturday ladder")
    assert editor.save()
    assert labels(window)[0] == "Saturday ladder" + OWN_PLAN_MARK
    dialog.reject()


def test_use_this_plan_chooses_it_on_the_start_screen(qtbot, repository):
    window = make_window(qtbot, repository)
    window.choices.open_plans()
    dialog = window.choices.plans_dialog
    short_sit = PRESETS["short-sit"]
    dialog.planChosen.emit(short_sit)
    chosen = window.start_screen.current_plan()
    assert chosen.name == short_sit.name
    assert window.choices.is_builtin(chosen)  # the picker's copy, with the runner's lead-in
    dialog.reject()


def test_a_new_hill_typed_for_a_session_is_remembered(qtbot, repository):
    window = make_window(qtbot, repository)
    window.start_screen.set_hill("Water tower lane")
    window.start_session(window.start_screen.current_plan(), "Water tower lane")
    assert HillLibrary(repository.connection).find("water tower lane") is not None
    assert "Water tower lane" in window.start_screen.hill_names()
    window.controller.end()


def test_hill_details_follow_the_units_setting(qtbot, repository):
    HillLibrary(repository.connection).add(Hill("Kirchberg", length_m=120.0, gradient_pct=8.0))
    window = make_window(qtbot, repository)
    window.start_screen.set_hill("Kirchberg")
    assert "120 m" in window.start_screen.hill_details.text()
    window._settings_chosen(Settings(units="ft"))
    assert "394 ft" in window.start_screen.hill_details.text()


def test_a_newcomer_sees_the_reminders_with_their_sources(qtbot, repository):
    window = make_window(qtbot, repository)
    panel = window.start_screen.reminders
    assert window.start_screen.advice.isVisibleTo(window)
    text = " ".join(label.text() for label in panel.findChildren(type(window.start_screen.title)))
    for reminder in REMINDERS:
        assert reminder.title in text
        assert reminder.source[:40] in text


def after_two_easy_sessions(qtbot, repository, plan: Plan, hill: str) -> MainWindow:
    """A window opened after two easy sessions of `plan` at `hill`, with both chosen."""
    for days in (4, 2):
        add_session(repository, plan, days_ago(days), [6] * plan.rep_count, hill=hill)
    window = make_window(qtbot, repository)
    window.start_screen.plan_picker.setCurrentIndex(labels(window).index(plan.name))
    window.start_screen.set_hill(hill)
    return window


def test_after_two_easy_sessions_the_suggestion_is_to_add_a_rep(qtbot, repository):
    hill_power = PRESETS["hill-power"]
    window = after_two_easy_sessions(qtbot, repository, hill_power, "Kirchberg")
    start = window.start_screen
    suggestion = start.shown_suggestion()
    assert suggestion is not None and suggestion.kind == SuggestionKind.ADD_REP
    assert suggestion.rep_count == hill_power.rep_count + 1

    start._accept_suggestion()
    new_name = f"{hill_power.name} ({hill_power.rep_count + 1} reps)"
    stored = PlanLibrary(repository.connection).find(new_name)
    assert stored is not None and stored.plan.rep_count == hill_power.rep_count + 1
    assert start.current_plan().name == new_name
    assert start.current_plan().reps[-1] == hill_power.reps[-1]


def test_an_ignored_suggestion_stays_away_until_the_next_session(qtbot, repository):
    hill_power = PRESETS["hill-power"]
    window = after_two_easy_sessions(qtbot, repository, hill_power, "Kirchberg")
    start = window.start_screen
    assert start.shown_suggestion() is not None
    start._ignore_suggestion()
    window.refresh_recent()
    assert start.shown_suggestion() is None
    add_session(repository, hill_power, days_ago(0.5), [6] * hill_power.rep_count, hill="Kirchberg")
    window.refresh_recent()
    assert start.shown_suggestion() is not None


def test_the_suggestion_shows_only_for_its_plan_and_hill(qtbot, repository):
    hill_power = PRESETS["hill-power"]
    window = after_two_easy_sessions(qtbot, repository, hill_power, "Kirchberg")
    start = window.start_screen
    assert start.shown_suggestion() is not None
    start.set_hill("Quarry lane")
    assert start.shown_suggestion() is None
    start.set_hill("Kirchberg")
    assert start.shown_suggestion() is not None
    start.plan_picker.setCurrentIndex(labels(window).index(PRESETS["short-sit"].name))
    assert start.shown_suggestion() is None


def test_the_window_opens_on_the_last_sessions_plan_and_hill(qtbot, repository):
    short_sit = PRESETS["short-sit"]
    add_session(repository, short_sit, days_ago(3), [5] * 4, hill="Quarry lane")
    window = make_window(qtbot, repository)
    assert window.start_screen.current_plan().name == short_sit.name
    assert window.start_screen.current_hill() == "Quarry lane"


def test_the_plan_library_opens_on_the_plan_chosen(qtbot, repository):
    window = make_window(qtbot, repository)
    names = labels(window)
    window.start_screen.plan_picker.setCurrentIndex(names.index(PRESETS["classic-sit"].name))
    window.choices.open_plans()
    dialog = window.choices.plans_dialog
    assert dialog.selected().name == PRESETS["classic-sit"].name
    dialog.reject()
