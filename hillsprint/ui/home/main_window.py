"""The main window: a stack of screens (start, session, summary, history), navigation between
them, the settings and the sound. A session's life from Space to Save is `SessionFlow`'s
(session_flow.py); the screens themselves hold no training state and reach the database only
through the store (`hillsprint.storage.store.Store`). Times it records or shows come from the
injected clock, so a test decides what "now" is."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from hillsprint.core.battery import LOW_PERCENT, BatteryReading, became_low, start_warning
from hillsprint.core.calendar import week_start
from hillsprint.core.clock import Clock, SystemClock, iso
from hillsprint.core.plan import Plan, PlanError, load_plan_file
from hillsprint.paths import AppPaths
from hillsprint.settings import SETTINGS_FILENAME, Settings, load_settings, save_settings
from hillsprint.storage.errors import StorageError
from hillsprint.storage.store import Store
from hillsprint.ui.common.local_format import moment_text
from hillsprint.ui.common.look import style_sheet
from hillsprint.ui.common.widgets import open_file_dialog
from hillsprint.ui.hill.theme import THEMES
from hillsprint.ui.home.preload import (
    HISTORY_IDLE_MS,
    HISTORY_MODULES_IDLE_MS,
    START_IDLE_MS,
    Preloader,
    import_history,
)
from hillsprint.ui.home.session_flow import SessionFlow
from hillsprint.ui.home.start_choices import StartChoices
from hillsprint.ui.home.start_screen import RecentTraining, StartScreen

if TYPE_CHECKING:
    from hillsprint.ui.common.battery_watch import BatteryWatch
    from hillsprint.ui.hill.session_controller import SessionController
    from hillsprint.ui.hill.session_screen import SessionScreen
    from hillsprint.ui.history.history_screen import HistoryScreen

WINDOW_SIZE = (1366, 768)
# The start screen's advice (suggestion, reminders) is laid out after the first paint: its
# word-wrapped panels cost ~50 ms of build and paint that the start-up need not wait for.
ADVICE_DELAY_MS = 100


class MainWindow(QMainWindow):
    _battery: BatteryReading | None = None  # the last reading (None: no battery or no UPower)

    def __init__(
        self,
        store: Store,
        paths: AppPaths,
        plan: Plan | None = None,
        plan_path: str | None = None,
        clock: Clock | None = None,
        cue_player=None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.repository = store.sessions
        self.paths = paths
        self.clock = clock or SystemClock()
        self.cue_player = None
        self.settings, settings_notice = load_settings(paths.config_dir)
        self.settings_dialog = None  # the SettingsDialog while it is open
        self.muted = False
        self._history: HistoryScreen | None = None  # built when first opened
        self.setWindowTitle("HillSprint")
        self.setStyleSheet(style_sheet("app"))
        self.resize(*WINDOW_SIZE)

        # plans (files, own, built-in with the lead-in set), hills and advice for the start screen
        self.choices = StartChoices(store, self.settings, self)
        if plan is not None:
            self.choices.add_plan_file(plan_path or plan.name, plan)
        self.start_screen = StartScreen(self.choices.plan_entries(), chosen=0)
        self.choices.attach(self.start_screen)
        if plan is None:
            self.choices.choose_last_used()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_screen)
        self.setCentralWidget(self.stack)
        self.start_screen.startRequested.connect(self.start_session)
        self.start_screen.settingsRequested.connect(self.open_settings)
        self.start_screen.historyRequested.connect(self.open_history)
        self.start_screen.openPlanRequested.connect(self.choose_plan_file)
        self.flow = SessionFlow(self, self, store, self.clock)
        self.flow.notice.connect(self.start_screen.show_notice)
        self.flow.storageProblem.connect(self.start_screen.show_storage_problem)
        self.flow.sessionStarting.connect(self._session_starting)
        self.start_screen.show_notice(settings_notice or "")
        if cue_player is not None:
            self.set_cue_player(cue_player)
        self.advice_ready = False  # True once the start screen's advice has been shown
        self.refresh_recent(advice=False)
        self.start_screen.plan_picker.currentIndexChanged.connect(self.show_battery_note)
        QTimer.singleShot(ADVICE_DELAY_MS, self, self._first_advice)
        self.chart_preload, self.history_preload = self._preloaders()
        self.start_screen.setFocus()

    # ---- built when first needed (keeps them off the start-up path) ----------------------

    @cached_property
    def session_screen(self) -> SessionScreen:
        """The at-the-hill screen, built after the first paint (by the sound set-up, or at the
        latest when a session starts): the start screen does not wait for it."""
        from hillsprint.ui.hill.help_overlay import HelpOverlay
        from hillsprint.ui.hill.session_screen import SessionScreen

        screen = SessionScreen(THEMES[self.settings.theme])
        self.stack.insertWidget(1, screen)
        screen.fullscreenPressed.connect(self.toggle_fullscreen)
        screen.endPressed.connect(self.flow.ask_end)
        self.help = HelpOverlay(screen)
        screen.helpPressed.connect(self.help.open)
        screen.mutePressed.connect(self.toggle_mute)
        return screen

    @cached_property
    def summary(self):
        from hillsprint.ui.hill.summary_screen import SummaryScreen

        summary = SummaryScreen()
        self.stack.addWidget(summary)
        self.flow.connect_summary(summary)
        return summary

    @property
    def history(self) -> HistoryScreen:
        """The history screen, built the first time it is asked for."""
        if self._history is None:
            from hillsprint.ui.history.history_screen import HistoryScreen

            history = HistoryScreen(self.store)
            history.set_preferences(self.settings.weekly_target, self.choices.hill_details())
            self.stack.addWidget(history)
            history.backRequested.connect(self.back_to_start)
            history.startRequested.connect(self.back_to_start)
            self._history = history
        return self._history

    def open_history(self) -> None:
        if self.flow.busy():
            return
        self.history.load()
        self.stack.setCurrentWidget(self.history)
        self.history.setFocus()
        self.chart_preload.arm(HISTORY_IDLE_MS)

    @cached_property
    def keep_awake(self):
        from hillsprint.ui.hill.keep_awake import ScreenAwake

        return ScreenAwake(self)

    # ---- plan files ------------------------------------------------------------------------

    def choose_plan_file(self) -> None:
        home = str(Path.home())
        open_file_dialog(self, "Open a plan file", home, "Plan files (*.json)", self.open_plan_file)

    def open_plan_file(self, path: str) -> bool:
        """Add the plan in `path` to the picker, or say in the notice what is wrong with it."""
        try:
            plan = load_plan_file(path)
        except PlanError as exc:
            self.start_screen.show_notice(f"That plan file cannot be used: {exc}")
            return False
        self.start_screen.show_notice("")
        self.choices.add_plan_file(path, plan)
        return True

    # ---- sound and settings -------------------------------------------------------------

    def set_cue_player(self, player) -> None:
        """Attach the sound layer (the app does it just after the first paint: loading
        QtMultimedia and the clips takes ~0.1 s that the start-up should not wait for)."""
        self.cue_player = player
        player.unavailable.connect(self._sound_unavailable)
        self._apply_sound_settings()
        if not player.available:
            self._sound_unavailable(player.problem)

    def open_settings(self) -> None:
        problem = None
        if self.cue_player is not None and not self.cue_player.available:
            problem = self.cue_player.problem
        from hillsprint.ui.home.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.settings,
            problem,
            self,
            data_dir=self.paths.data_dir,
            settings_file=self.paths.config_dir / SETTINGS_FILENAME,
        )
        dialog.settingsChosen.connect(self._settings_chosen)
        dialog.testSoundRequested.connect(self._test_sound)
        dialog.finished.connect(lambda _result: self._settings_closed())
        self.settings_dialog = dialog
        dialog.open()

    def _settings_closed(self) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        dialog.deleteLater()
        self._apply_sound_settings()  # undo a test sound's unsaved values after Cancel

    def _settings_chosen(self, settings: Settings) -> None:
        try:
            save_settings(self.paths.config_dir, settings)
        except OSError as exc:
            self.start_screen.show_notice(f"Settings could not be saved: {exc}")
        self.settings = settings
        self.session_screen.set_theme(THEMES[settings.theme])
        self.choices.set_settings(settings)  # lead-in of the built-in plans, hill units
        if self._history is not None:  # not built yet: it reads the settings when it is
            self._history.set_preferences(settings.weekly_target, self.choices.hill_details())
        self._apply_sound_settings()
        # keep_awake is read when the next session starts (settings open only between sessions)

    def _apply_sound_settings(self, settings: Settings | None = None) -> None:
        settings = settings or self.settings
        player = self.cue_player
        if player is not None:
            player.set_beeps(settings.beeps)
            player.set_voice(settings.voice)
            player.set_volume(settings.volume / 100)
            player.set_muted(self.muted)

    def _test_sound(self, settings: Settings) -> None:
        if self.cue_player is not None:
            self._apply_sound_settings(settings)
            self.cue_player.test_sound()

    def toggle_mute(self) -> None:
        """M: sound off and on again; the screen says so in words."""
        self.muted = not self.muted
        if self.cue_player is not None:
            self.cue_player.set_muted(self.muted)
        if self.cue_player is None or self.cue_player.available:
            self.session_screen.show_sound_state("SOUND OFF" if self.muted else "")

    def _sound_unavailable(self, problem: str) -> None:
        text = f"Sound unavailable: {problem}. The session runs without it."
        self.start_screen.show_notice(text)
        self.session_screen.show_sound_state("NO SOUND")

    # ---- a session (its life from Space to Save is the SessionFlow's) ---------------------

    @property
    def controller(self) -> SessionController | None:
        """The running session's controller, or None between sessions."""
        return self.flow.controller

    def start_session(self, plan: Plan, hill: str | None = None) -> None:
        if self.flow.controller is not None:
            return
        if self._history is not None and self._history.transferring():
            # its one big write would hold up the session's rep commits
            self.start_screen.show_notice(
                "An import or export of the history is still running: start when it is done."
            )
            return
        plan = self.choices.plan_for_session(plan)  # a built-in one: the lead-in set now
        self.choices.remember_hill(hill)
        self.flow.start(plan, hill)

    def offer_recovery(self) -> None:
        self.flow.offer_recovery()

    def show_screen(self, screen) -> None:
        self.stack.setCurrentWidget(screen)
        screen.setFocus()

    def _session_starting(self) -> None:
        self.chart_preload.cancel()
        self.history_preload.cancel()

    def back_to_start(self) -> None:
        self.stack.setCurrentWidget(self.start_screen)
        self.start_screen.setFocus()
        self.chart_preload.arm(START_IDLE_MS)
        self.history_preload.arm(HISTORY_MODULES_IDLE_MS)
        self.refresh_recent()
        self.offer_recovery()  # another unfinished session, if a crash left several

    def closeEvent(self, event) -> None:
        """Closing asks the session flow first: a running session or an unsaved summary is
        never closed without a word (see `SessionFlow.may_close`)."""
        if self.flow.may_close():
            event.accept()
        else:
            event.ignore()

    def _preloaders(self) -> tuple[Preloader, Preloader]:
        """The chart code, and the history's modules: both load on a thread in quiet moments.
        Once the history's modules are in, its screen is built (~50 ms) while the start screen
        still waits, so the first open only reads and paints the table."""
        charts = Preloader(self._session_on_screen, self)
        charts.arm(START_IDLE_MS)
        history = Preloader(self._session_on_screen, self, importer=import_history)
        history.loaded.connect(self._build_history_when_quiet)
        history.arm(HISTORY_MODULES_IDLE_MS)
        return charts, history

    def _build_history_when_quiet(self, _seconds: float) -> None:
        if not self._session_on_screen() and self.stack.currentWidget() is self.start_screen:
            _ = self.history  # built now, shown when asked for

    def _session_on_screen(self) -> bool:
        """A session runs or its summary waits: no import may stall the main thread now."""
        return self.flow.busy()

    def toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _first_advice(self) -> None:
        self.choices.refresh_advice(self.clock.wall())
        self.advice_ready = True
        _ = self.session_screen  # built now, after the first paint, ready for Space
        self.battery.start()

    # ---- the battery ---------------------------------------------------------------------

    @cached_property
    def battery(self) -> BatteryWatch:
        """UPower's battery, read every minute once the window is up (nothing without one).
        QtDBus loads here, after the first paint."""
        from hillsprint.ui.common.battery_watch import BatteryWatch

        watch = BatteryWatch(self)
        watch.changed.connect(self._battery_changed)
        return watch

    def _battery_changed(self, reading: BatteryReading | None) -> None:
        before, self._battery = self._battery, reading
        self.show_battery_note()
        if self.controller is not None and became_low(before, reading):
            self.session_screen.show_notice(f"Battery {LOW_PERCENT:.0f} %")
            if self.cue_player is not None:
                self.cue_player.say("battery_low")

    def show_battery_note(self, *_changed) -> None:
        minutes = self.start_screen.current_plan().planned_total_s() / 60
        self.start_screen.show_battery(start_warning(self._battery, minutes))

    def refresh_recent(self, now: datetime | None = None, advice: bool = True) -> None:
        now = now or self.clock.wall()
        try:
            last = self.repository.last_session()
            unfinished = self.repository.in_progress_sessions()
            this_week = self.repository.count_sessions_since(iso(week_start(now)))
        except StorageError as exc:
            self.start_screen.show_storage_problem(
                "recent", f"Your recent sessions could not be read: {exc}"
            )
            last, unfinished, this_week = None, [], 0
        else:
            self.start_screen.show_storage_problem("recent", "")
        notice = None
        if unfinished:
            oldest = unfinished[-1]
            notice = (
                f"An unfinished session was found: {oldest.plan.name}, started "
                f"{_friendly(oldest.started_at)}. Its reps are saved."
            )
        self.start_screen.show_recent(
            RecentTraining(
                last_session=f"{_friendly(last.started_at)}, {last.plan.name}" if last else None,
                sessions_this_week=this_week,
                unfinished=notice,
            )
        )
        if advice:
            self.choices.refresh_advice(now)


def _friendly(timestamp: str) -> str:
    moment = datetime.fromisoformat(timestamp)
    return moment_text(moment)
