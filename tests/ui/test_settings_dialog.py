"""Settings: beeps, voice, volume with a test sound, theme; stored and applied at once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from hillsprint.core.clock import ManualClock
from hillsprint.paths import resolve_paths
from hillsprint.settings import Settings, load_settings
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.ui.cues import RecordingCuePlayer
from hillsprint.ui.main_window import MainWindow
from hillsprint.ui.theme import DARK


@pytest.fixture
def window(qtbot, tmp_path):
    connection = open_database(tmp_path / "hs.sqlite3")
    clock = ManualClock()
    player = RecordingCuePlayer(clock=clock.monotonic)
    window = MainWindow(SessionRepository(connection), resolve_paths(), clock=clock,
                        cue_player=player)  # fmt: skip
    qtbot.addWidget(window)
    yield window
    connection.close()


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
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.settings_dialog is None
    chosen = Settings(beeps=False, voice=True, volume=40, theme="dark")
    assert window.settings == chosen
    assert load_settings(resolve_paths().config_dir) == (chosen, None)
    assert not window.cue_player.beeps and window.cue_player.voice
    assert window.session_screen.theme is DARK


def test_cancel_keeps_the_old_settings(qtbot, window):
    window.start_screen.settings_button.click()
    dialog = window.settings_dialog
    dialog.volume.setValue(10)
    dialog.test_button.click()
    dialog.reject()
    assert window.settings == Settings()
    assert window.cue_player.volume == pytest.approx(1.0)  # the test's volume is undone


def test_a_damaged_settings_file_is_reported_on_the_start_screen(qtbot, tmp_path):
    config = resolve_paths().config_dir
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text("{oops")
    connection = open_database(tmp_path / "hs.sqlite3")
    window = MainWindow(SessionRepository(connection), resolve_paths(), clock=ManualClock())
    qtbot.addWidget(window)
    assert "was damaged" in window.start_screen.notice.text()
    assert (config / "settings.json.bak").read_text() == "{oops"
    connection.close()
