"""Settings: Sound (beeps, voice, volume with a test sound), Display (theme, units, keep-awake),
Training (get-ready lead-in, weekly target), Data (the data folder and a button to open it);
stored, and applied at once where they matter."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QWidget,
)
from settings_support import MINE

from hillsprint.audio.recording_player import RecordingCuePlayer
from hillsprint.core.clock import ManualClock
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.paths import resolve_paths
from hillsprint.settings import SETTINGS_FILENAME, Settings, load_settings, save_settings
from hillsprint.storage.store import Store
from hillsprint.ui.hill.theme import DARK, HIGH_CONTRAST, LIGHT
from hillsprint.ui.home.main_window import MainWindow
from hillsprint.ui.home.settings_dialog import SettingsDialog

FILE_PLAN = Plan("From a file", (RepSpec(10, 60),), warmup_s=0, get_ready_s=7, cooldown_s=0)


class FakeScreenAwake:
    """Stands in for ScreenAwake: records the calls, talks to no screen saver."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def inhibit(self, reason: str) -> bool:
        self.calls.append("inhibit")
        return True

    def release(self) -> None:
        self.calls.append("release")


class FakeOpener:
    def __init__(self, result: bool = True) -> None:
        self.urls: list[QUrl] = []
        self.result = result

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.result


def make_window(qtbot, repository, **kwargs) -> MainWindow:
    clock = ManualClock()
    player = RecordingCuePlayer(clock=clock.monotonic)
    store = Store(repository.connection)
    window = MainWindow(store, resolve_paths(), clock=clock, cue_player=player, **kwargs)
    qtbot.addWidget(window)
    window.keep_awake = FakeScreenAwake()  # replaces the lazily built ScreenAwake
    return window


@pytest.fixture
def window(qtbot, repository):
    window = make_window(qtbot, repository)
    yield window
    if window.controller is not None:  # a session still running: end it so the window closes
        window.controller.end()


@pytest.fixture
def dialog(qtbot, tmp_path):
    dialog = SettingsDialog(
        Settings(),
        data_dir=tmp_path / "data",
        settings_file=tmp_path / "cfg" / SETTINGS_FILENAME,
        open_url=FakeOpener(),
    )
    qtbot.addWidget(dialog)
    return dialog


def ok(dialog: SettingsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def choose(window: MainWindow, **changes) -> None:
    """Open Settings from the start screen, make the changes in the dialog, press OK."""
    window.start_screen.settings_button.click()
    dialog = window.settings_dialog
    assert dialog.isVisible()
    EDIT = {
        "beeps": lambda v: dialog.beeps.setChecked(v),
        "voice": lambda v: dialog.voice.setChecked(v),
        "volume": lambda v: dialog.volume.setValue(v),
        "theme": lambda v: dialog.theme.setCurrentIndex(dialog.theme.findData(v)),
        "units": lambda v: dialog.units.setCurrentIndex(dialog.units.findData(v)),
        "keep_awake": lambda v: dialog.keep_awake.setChecked(v),
        "get_ready_s": lambda v: dialog.get_ready.setValue(v),
        "weekly_target": lambda v: dialog.weekly_target.setValue(v),
    }
    for name, value in changes.items():
        EDIT[name](value)
    ok(dialog)
    assert window.settings_dialog is None


# ---- the dialog on its own -------------------------------------------------------------------

# How the dialog's widgets set each field of MINE (every field away from its default).
EDITS = {
    "beeps": lambda d: d.beeps.setChecked(False),
    "voice": lambda d: d.voice.setChecked(False),
    "volume": lambda d: d.volume.setValue(35),
    "theme": lambda d: d.theme.setCurrentIndex(d.theme.findData("high-contrast")),
    "get_ready_s": lambda d: d.get_ready.setValue(25),
    "weekly_target": lambda d: d.weekly_target.setValue(4),
    "units": lambda d: d.units.setCurrentIndex(d.units.findData("ft")),
    "keep_awake": lambda d: d.keep_awake.setChecked(False),
}


def test_it_shows_the_settings_it_was_given(qtbot):
    dialog = SettingsDialog(MINE)
    qtbot.addWidget(dialog)
    assert dialog.current() == MINE
    assert not dialog.beeps.isChecked() and not dialog.voice.isChecked()
    assert dialog.volume.value() == 35 and dialog.volume_label.text() == "35 %"
    assert dialog.theme.currentText().startswith("High contrast")
    assert dialog.units.currentText() == "Feet (ft)"
    assert dialog.get_ready.text() == "25 s"
    assert dialog.weekly_target.text() == "4 sessions"
    assert not dialog.keep_awake.isChecked()


@pytest.mark.parametrize("field", list(EDITS))
def test_each_field_edited_alone_comes_out_in_the_chosen_settings(qtbot, dialog, field):
    EDITS[field](dialog)
    with qtbot.waitSignal(dialog.settingsChosen) as chosen:
        ok(dialog)
    assert chosen.args == [replace(Settings(), **{field: getattr(MINE, field)})]
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_all_fields_edited_come_out_together(qtbot, dialog):
    for edit in EDITS.values():
        edit(dialog)
    with qtbot.waitSignal(dialog.settingsChosen) as chosen:
        ok(dialog)
    assert chosen.args == [MINE]


def test_the_spin_boxes_keep_to_the_allowed_ranges(dialog):
    dialog.get_ready.setValue(0)
    dialog.weekly_target.setValue(99)
    assert (dialog.get_ready.value(), dialog.weekly_target.value()) == (1, 14)
    dialog.get_ready.setValue(1000)
    dialog.weekly_target.setValue(0)
    assert (dialog.get_ready.value(), dialog.weekly_target.value()) == (300, 1)
    dialog.current().validated()


def test_the_groups(dialog):
    titles = [box.title() for box in dialog.findChildren(QGroupBox)]
    assert titles == ["Sound", "Display", "Training", "Data"]
    sound, display, training, data = dialog.findChildren(QGroupBox)
    assert sound.isAncestorOf(dialog.volume) and sound.isAncestorOf(dialog.test_button)
    assert display.isAncestorOf(dialog.theme) and display.isAncestorOf(dialog.keep_awake)
    assert display.isAncestorOf(dialog.units)
    assert training.isAncestorOf(dialog.get_ready) and training.isAncestorOf(dialog.weekly_target)
    assert data.isAncestorOf(dialog.data_folder) and data.isAncestorOf(dialog.open_folder_button)


def test_the_data_folder_is_shown_selectable_and_opened_with_the_opener(qtbot, dialog, tmp_path):
    assert dialog.data_folder.text() == str(tmp_path / "data")
    assert dialog.data_folder.isReadOnly()
    dialog.data_folder.selectAll()
    assert dialog.data_folder.selectedText() == str(tmp_path / "data")
    assert any(str(tmp_path / "cfg" / SETTINGS_FILENAME) in label.text()
               for label in dialog.findChildren(QLabel))  # fmt: skip
    dialog.open_folder_button.click()
    (url,) = dialog.open_url.urls
    assert url == QUrl.fromLocalFile(str(tmp_path / "data"))
    assert url.isLocalFile() and Path(url.toLocalFile()) == tmp_path / "data"
    assert dialog.open_problem.isHidden()


def test_a_folder_that_cannot_be_opened_is_said(qtbot, tmp_path):
    opener = FakeOpener(result=False)
    dialog = SettingsDialog(Settings(), data_dir=tmp_path, open_url=opener)
    qtbot.addWidget(dialog)
    assert dialog.open_data_folder() is False
    assert opener.urls == [QUrl.fromLocalFile(str(tmp_path))]
    assert not dialog.open_problem.isHidden()
    assert "copy its path" in dialog.open_problem.text()


def test_without_a_data_folder_the_button_is_off(qtbot):
    dialog = SettingsDialog(Settings(), open_url=FakeOpener())
    qtbot.addWidget(dialog)
    assert not dialog.open_folder_button.isEnabled()
    assert dialog.open_data_folder() is False and dialog.open_url.urls == []


def test_the_real_opener_is_the_desktop_services_one(qtbot):
    from PySide6.QtGui import QDesktopServices

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.open_url == QDesktopServices.openUrl  # not called here


def test_keyboard_enter_is_ok_and_escape_is_cancel(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.weekly_target.setFocus()
    dialog.weekly_target.setValue(5)
    with qtbot.waitSignal(dialog.settingsChosen) as chosen:
        qtbot.keyClick(dialog.weekly_target, Qt.Key.Key_Return)
    assert chosen.args == [Settings(weekly_target=5)]
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_escape_cancels_without_settings(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.get_ready.setValue(30)
    with qtbot.assertNotEmitted(dialog.settingsChosen):
        qtbot.keyClick(dialog.get_ready, Qt.Key.Key_Escape)
    assert dialog.result() == SettingsDialog.DialogCode.Rejected


def test_tab_walks_every_field_in_reading_order(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.beeps)
    expected = [
        dialog.beeps,
        dialog.voice,
        dialog.volume,
        dialog.test_button,
        dialog.theme,
        dialog.units,
        dialog.keep_awake,
        dialog.get_ready,
        dialog.weekly_target,
        dialog.data_folder,
        dialog.open_folder_button,
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
    ]
    seen = []
    for _ in expected:
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert seen == expected


def test_every_field_has_an_alt_letter_and_they_differ(dialog):
    letters = {}
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:
            letters[label.buddy()] = label.text()
    for box in dialog.findChildren(QCheckBox):
        letters[box] = box.text()
    letters[dialog.test_button] = dialog.test_button.text()
    letters[dialog.open_folder_button] = dialog.open_folder_button.text()
    fields = [dialog.volume, dialog.theme, dialog.units, dialog.get_ready,
              dialog.weekly_target, dialog.data_folder]  # fmt: skip
    assert all(field in letters for field in fields)
    keys = [text[text.index("&") + 1].lower() for text in letters.values()]
    assert len(keys) == len(set(keys)) == 11
    assert not {"o", "c"} & set(keys)  # &OK and &Cancel


def test_big_type_and_it_fits_a_1366x768_screen(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, QLabel | QCheckBox) and widget.text():
            assert widget.font().pixelSize() >= 17, widget.text()
    assert dialog.beeps.font().pixelSize() >= 20
    hint = dialog.sizeHint()
    assert hint.width() <= 1366 - 40 and hint.height() <= 768 - 80


def test_a_sound_problem_is_shown(qtbot):
    dialog = SettingsDialog(Settings(), "no audio device")
    qtbot.addWidget(dialog)
    assert not dialog.sound_problem.isHidden()
    assert dialog.sound_problem.text() == "Sound unavailable: no audio device"


# ---- in the window ---------------------------------------------------------------------------


def test_settings_are_saved_and_applied(qtbot, window):
    window.start_screen.settings_button.click()
    dialog = window.settings_dialog
    assert dialog.isVisible()
    dialog.beeps.setChecked(False)
    dialog.volume.setValue(40)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.test_button.click()  # plays with the values on screen, before saving
    assert window.cue_player.volume == pytest.approx(0.4)
    assert window.cue_player.played  # the test sound was "played"
    ok(dialog)
    assert window.settings_dialog is None
    chosen = Settings(beeps=False, voice=True, volume=40, theme="dark")
    assert window.settings == chosen
    assert load_settings(resolve_paths().config_dir) == (chosen, None)
    assert not window.cue_player.beeps and window.cue_player.voice
    assert window.session_screen.theme is DARK


def test_every_field_is_saved_from_the_window(qtbot, window):
    choose(window, **{field: getattr(MINE, field) for field in EDITS})
    assert window.settings == MINE
    assert load_settings(resolve_paths().config_dir) == (MINE, None)


def test_cancel_keeps_the_old_settings(qtbot, window):
    window.start_screen.settings_button.click()
    dialog = window.settings_dialog
    dialog.volume.setValue(10)
    dialog.test_button.click()
    dialog.reject()
    assert window.settings == Settings()
    assert window.cue_player.volume == pytest.approx(1.0)  # the test's volume is undone
    assert not (resolve_paths().config_dir / SETTINGS_FILENAME).exists()


def test_a_damaged_settings_file_is_reported_on_the_start_screen(qtbot, repository):
    config = resolve_paths().config_dir
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text('{"weekly_target": "lots"}')
    window = make_window(qtbot, repository)
    assert window.settings == Settings()
    assert "was damaged" in window.start_screen.notice.text()
    assert "weekly_target" in window.start_screen.notice.text()
    assert (config / "settings.json.bak").read_text() == '{"weekly_target": "lots"}'


def test_the_window_shows_its_data_folder_and_opens_it(qtbot, window):
    window.start_screen.settings_button.click()
    dialog = window.settings_dialog
    assert dialog.data_folder.text() == str(resolve_paths().data_dir)
    dialog.open_url = opener = FakeOpener()
    dialog.open_folder_button.click()
    assert opener.urls == [QUrl.fromLocalFile(str(resolve_paths().data_dir))]
    dialog.reject()


@pytest.mark.parametrize(("key", "theme"), [("high-contrast", HIGH_CONTRAST), ("light", LIGHT)])
def test_the_theme_reaches_the_session_screen(qtbot, window, key, theme):
    if key == "light":
        choose(window, theme="dark")
    choose(window, theme=key)
    assert window.session_screen.theme is theme
    window.start_session(window.start_screen.current_plan())  # a preset: it starts warming up
    warmup = theme.phases["warmup"]
    assert window.session_screen.styleSheet().count(warmup.background) >= 1
    assert f"color: {warmup.text}" in window.session_screen.styleSheet()


def test_a_new_theme_recolours_the_session_screen_at_once(qtbot, window):
    window.start_session(window.start_screen.current_plan())
    window.controller.end()
    window.summary.saveRequested.emit(None, "")  # back on the start screen; the session
    assert window.stack.currentWidget() is window.start_screen  # screen keeps its last state
    choose(window, theme="high-contrast")
    assert HIGH_CONTRAST.phases["done"].background in window.session_screen.styleSheet()


def test_the_theme_is_read_at_start(qtbot, repository):
    save_settings(resolve_paths().config_dir, Settings(theme="high-contrast"))
    window = make_window(qtbot, repository)
    assert window.session_screen.theme is HIGH_CONTRAST


def test_keep_awake_off_means_no_screen_saver_call(qtbot, window):
    choose(window, keep_awake=False)
    window.start_session(window.start_screen.current_plan())
    assert window.controller is not None
    window.controller.end()
    assert "inhibit" not in window.keep_awake.calls


def test_keep_awake_on_holds_the_screen_saver_off_during_a_session(qtbot, window):
    assert window.settings.keep_awake
    window.start_session(window.start_screen.current_plan())
    assert window.keep_awake.calls == ["inhibit"]
    window.controller.end()
    assert window.keep_awake.calls == ["inhibit", "release"]


def test_the_weekly_target_reaches_a_history_built_before(qtbot, window):
    history = window.history
    assert history.weekly_target == 2
    choose(window, weekly_target=5)
    assert history.weekly_target == 5


def test_the_weekly_target_reaches_a_history_built_after(qtbot, window):
    choose(window, weekly_target=6)
    assert "history" not in window.__dict__  # still not built
    window.open_history()
    assert window.history.weekly_target == 6


def test_the_weekly_target_is_read_at_start(qtbot, repository):
    save_settings(resolve_paths().config_dir, Settings(weekly_target=3))
    window = make_window(qtbot, repository)
    assert window.history.weekly_target == 3


def timeline_texts(window: MainWindow) -> list[str]:
    box = window.start_screen.timeline_scroll.widget()
    return [label.text() for label in box.findChildren(QLabel)]


def test_the_lead_in_is_the_built_in_plans_and_shown_at_once(qtbot, window, repository):
    assert window.start_screen.current_plan().get_ready_s == 10
    choose(window, get_ready_s=20)
    plan = window.start_screen.current_plan()
    assert plan.name == next(iter(PRESETS.values())).name
    assert plan.get_ready_s == 20
    texts = timeline_texts(window)
    assert texts[texts.index("Get ready") + 1] == "20 s"
    assert next(iter(PRESETS.values())).get_ready_s == 10  # the presets themselves stay
    window.start_session(plan)
    session_id = window.controller.session_id
    assert window.controller.engine.plan.get_ready_s == 20
    window.controller.end()
    assert repository.get_session(session_id).plan.get_ready_s == 20  # resume uses it too


def test_every_built_in_plan_gets_the_lead_in(qtbot, window):
    choose(window, get_ready_s=15)
    picker = window.start_screen.plan_picker
    for index in range(picker.count()):
        picker.setCurrentIndex(index)
        assert window.start_screen.current_plan().get_ready_s == 15


def test_the_lead_in_is_read_at_start(qtbot, repository):
    save_settings(resolve_paths().config_dir, Settings(get_ready_s=30))
    window = make_window(qtbot, repository)
    assert window.start_screen.current_plan().get_ready_s == 30


def test_a_plan_file_keeps_its_own_lead_in(qtbot, repository):
    window = make_window(qtbot, repository, plan=FILE_PLAN, plan_path="mine.json")
    choose(window, get_ready_s=20)
    assert window.start_screen.current_plan() is FILE_PLAN
    window.start_session(FILE_PLAN)
    assert window.controller.engine.plan.get_ready_s == 7
    window.controller.end()


def test_a_stale_built_in_plan_still_runs_with_the_lead_in_set_now(qtbot, window):
    stale = window.start_screen.current_plan()
    choose(window, get_ready_s=45)
    window.start_session(stale)  # e.g. a picker that copied its plans
    assert window.controller.engine.plan.get_ready_s == 45
    window.controller.end()


def test_a_plan_file_equal_to_a_preset_keeps_its_own_lead_in(qtbot, repository):
    copy = replace(next(iter(PRESETS.values())), get_ready_s=12)
    window = make_window(qtbot, repository, plan=copy, plan_path="exported.json")
    choose(window, get_ready_s=20)
    assert window.start_screen.current_plan() is copy
    window.start_session(copy)
    assert window.controller.engine.plan.get_ready_s == 12
    window.controller.end()


def test_the_high_contrast_theme_is_black_white_and_yellow_where_it_counts():
    from hillsprint.ui.hill.theme import THEMES, contrast_ratio

    assert THEMES["high-contrast"] is HIGH_CONTRAST
    pure = {"#000000", "#ffffff", "#ffff00"}
    for colours in HIGH_CONTRAST.phases.values():
        assert {colours.text, colours.accent} <= pure
        assert contrast_ratio(colours.background, colours.text) >= 8.0
        assert contrast_ratio(colours.background, colours.accent) >= 8.0
    live = ("get_ready", "sprint", "walk_down")
    assert {HIGH_CONTRAST.phases[phase].background for phase in live} == pure
    assert HIGH_CONTRAST.border_px >= 2 * LIGHT.border_px
