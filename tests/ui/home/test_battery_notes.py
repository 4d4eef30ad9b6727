"""The battery in the window: the start screen's note when the plan would outlast the battery,
and at 10 % during a session a line on the screen and one spoken "Battery ten percent". The
readings come through the window's BatteryWatch signal (UPower itself: test_battery_watch)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hillsprint.audio.recording_player import RecordingCuePlayer
from hillsprint.core.battery import BatteryReading
from hillsprint.core.clock import ManualClock
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.paths import resolve_paths
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow

PLAN = Plan("Battery test", (RepSpec(10.0, 60.0),) * 10, warmup_s=600.0)  # ~22 min


@pytest.fixture
def window(qtbot, repository):
    clock = ManualClock(5000.0)
    player = RecordingCuePlayer(clock=clock.monotonic)
    window = MainWindow(
        Store(repository.connection), resolve_paths(), plan=PLAN, plan_path="battery.json",
        clock=clock, cue_player=player,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    window.clock = clock
    yield window
    if window.controller is not None:
        window.controller.end()


def test_short_of_the_plan_on_battery_the_start_screen_says_so(qtbot, window):
    minutes = PLAN.planned_total_s() / 60
    window.battery.changed.emit(BatteryReading(30.0, True, (minutes + 5) * 60))
    note = window.start_screen.battery_note
    assert note.isVisibleTo(window) and note.text().startswith("On battery: 30 %")
    assert f"This plan takes {minutes:.0f} min" in note.text()
    window.battery.changed.emit(BatteryReading(30.0, False, 0))  # plugged in
    assert not note.isVisibleTo(window)
    window.battery.changed.emit(BatteryReading(90.0, True, 4 * 3600))  # plenty
    assert not note.isVisibleTo(window)
    window.battery.changed.emit(None)  # no battery at all
    assert not note.isVisibleTo(window)


def test_at_ten_percent_the_session_shows_and_says_it_once(qtbot, window):
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    assert window.controller is not None
    player = window.cue_player
    window.battery.changed.emit(BatteryReading(11.0, True, 0))
    assert "battery_low" not in player.labels
    window.battery.changed.emit(BatteryReading(10.0, True, 0))
    assert window.session_screen.notice.text() == "Battery 10 %"
    assert player.labels.count("battery_low") == 1
    window.battery.changed.emit(BatteryReading(9.0, True, 0))
    assert player.labels.count("battery_low") == 1  # once
