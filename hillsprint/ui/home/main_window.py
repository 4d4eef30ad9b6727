"""The main window: a stack of screens (start, session, summary, history). It wires the
screens to the controller and the store (`hillsprint.storage.store.Store`, the one door to the
database); the screens themselves hold no training state. Times it records or shows come from
the injected clock, so a test decides what "now" is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget

from hillsprint.core.calendar import week_start
from hillsprint.core.clock import Clock, SystemClock, iso
from hillsprint.core.plan import Plan, PlanError, load_plan_file
from hillsprint.core.records import SessionStatus
from hillsprint.core.session_events import SessionFinished
from hillsprint.paths import AppPaths
from hillsprint.settings import SETTINGS_FILENAME, Settings, load_settings, save_settings
from hillsprint.storage.errors import StorageError
from hillsprint.storage.store import Store
from hillsprint.ui.common.app_style import APP_STYLE
from hillsprint.ui.common.confirm import ask_yes_no
from hillsprint.ui.common.widgets import open_file_dialog
from hillsprint.ui.hill.save_trouble import SaveTrouble
from hillsprint.ui.hill.theme import THEMES
from hillsprint.ui.home.preload import (
    HISTORY_IDLE_MS,
    HISTORY_MODULES_IDLE_MS,
    START_IDLE_MS,
    Preloader,
    import_history,
)
from hillsprint.ui.home.start_choices import StartChoices
from hillsprint.ui.home.start_screen import RecentTraining, StartScreen

if TYPE_CHECKING:
    from hillsprint.storage.session_writer import SessionWriter
    from hillsprint.ui.hill.session_controller import SessionController
    from hillsprint.ui.hill.session_screen import SessionScreen
    from hillsprint.ui.history.history_screen import HistoryScreen

WINDOW_SIZE = (1366, 768)
# The start screen's advice (suggestion, reminders) is laid out after the first paint: its
# word-wrapped panels cost ~50 ms of build and paint that the start-up need not wait for.
ADVICE_DELAY_MS = 100


@dataclass(frozen=True)
class PendingSave:
    """A session whose summary is open: what Save will record."""

    session_id: str
    status: SessionStatus
    ended_at: str
    active_s: float


class MainWindow(QMainWindow):
    writer: SessionWriter | None = None  # the session's writes, on disk or waiting for it

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
        self.controller: SessionController | None = None
        self._prior_active_s = 0.0
        self.recovery = None  # the RecoveryDialog while it is open
        self._pending: PendingSave | None = None
        self.confirm_end: QMessageBox | None = None
        self.confirm_quit: QMessageBox | None = None
        self.settings, settings_notice = load_settings(paths.config_dir)
        self.settings_dialog = None  # the SettingsDialog while it is open
        self.muted = False
        self._history: HistoryScreen | None = None  # built when first opened
        self.setWindowTitle("HillSprint")
        self.setStyleSheet(APP_STYLE)
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
        self.save_trouble = SaveTrouble(self._show_save_problem, self)
        self.start_screen.show_notice(settings_notice or "")
        if cue_player is not None:
            self.set_cue_player(cue_player)
        self.advice_ready = False  # True once the start screen's advice has been shown
        self.refresh_recent(advice=False)
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
        screen.endPressed.connect(self.ask_end)
        self.help = HelpOverlay(screen)
        screen.helpPressed.connect(self.help.open)
        screen.mutePressed.connect(self.toggle_mute)
        return screen

    @cached_property
    def summary(self):
        from hillsprint.ui.hill.summary_screen import SummaryScreen

        summary = SummaryScreen()
        self.stack.addWidget(summary)
        summary.repEffortChanged.connect(self._summary_rep_effort)
        summary.sessionEffortChanged.connect(self._summary_session_effort)
        summary.saveRequested.connect(self._save_summary)
        summary.discardRequested.connect(self._discard_summary)
        summary.saveAsCsvRequested.connect(self._ask_csv_file)
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
        if self.controller is not None or self._pending is not None:
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

    # ---- a session ---------------------------------------------------------------------

    def start_session(self, plan: Plan, hill: str | None = None) -> None:
        if self.controller is not None:
            return
        plan = self.choices.plan_for_session(plan)  # a built-in one: the lead-in set now
        self.choices.remember_hill(hill)
        started_at = iso(self.clock.wall())
        try:
            session_id = self.repository.start_session(plan, started_at, hill=hill)
        except StorageError as exc:  # no session runs unless its reps can be saved
            self.start_screen.show_storage_problem(
                "new session", f"The session could not be started: {exc}"
            )
            return
        self.start_screen.show_storage_problem("new session", "")
        from hillsprint.storage.session_writer import SessionWriter, new_session_view

        session = new_session_view(session_id, plan, started_at, hill)
        self._run_session(plan, SessionWriter(self.repository, session, []))

    def _run_session(
        self, plan: Plan, writer: SessionWriter, first_rep: int = 1, prior_active_s: float = 0.0
    ) -> None:
        """Run it; every write goes through `writer`, which keeps it in memory until the disk
        takes it (a failing disk never stops the session). The session's modules are loaded
        here, not at start-up: the start screen's first paint does not wait for them."""
        from hillsprint.core.engine import SessionEngine
        from hillsprint.ui.hill.session_controller import SessionController
        from hillsprint.ui.hill.session_wiring import connect_session

        self._prior_active_s = prior_active_s
        self.chart_preload.cancel()
        self.history_preload.cancel()
        engine = SessionEngine(plan, self.clock, first_rep=first_rep)
        self.writer = writer
        self.save_trouble.follow(writer)
        controller = SessionController(engine, writer, writer.session_id, self.cue_player, self)
        screen = self.session_screen
        connect_session(controller, screen)
        controller.finished.connect(self._session_finished)
        self.controller = controller
        if self.cue_player is not None:
            # load "Rep n of N" before the first cue
            self.cue_player.prepare(plan.rep_count, last_walk_is_cooldown=plan.cooldown_s > 0)
        self.stack.setCurrentWidget(screen)
        screen.setFocus()
        if self.settings.keep_awake:
            self.keep_awake.inhibit("A hill-sprint session is running")
        controller.start()

    # ---- crash recovery ------------------------------------------------------------------

    def offer_recovery(self) -> None:
        """Offer the newest unfinished session (one at a time) left by a crash."""
        if self.recovery or self.controller or self._pending:
            return
        try:
            unfinished = self.repository.in_progress_sessions()
            reps = self.repository.reps(unfinished[0].id) if unfinished else []
        except StorageError as exc:
            self.start_screen.show_storage_problem(
                "unfinished", f"An unfinished session could not be read: {exc}"
            )
            return
        self.start_screen.show_storage_problem("unfinished", "")
        if not unfinished:
            return
        session = unfinished[0]
        from hillsprint.core.resume import resume_rep
        from hillsprint.ui.hill.resume_dialog import RecoveryDialog

        dialog = RecoveryDialog(session, len(reps), resume_rep(session.plan, reps), self)
        dialog.chosen.connect(lambda choice: self._recover(session, reps, choice))
        dialog.finished.connect(self._recovery_closed)
        self.recovery = dialog
        dialog.open()

    def _recover(self, session, reps, choice: str) -> None:
        from hillsprint.core.resume import estimated_active_s, final_status, resume_rep
        from hillsprint.storage.session_writer import SessionWriter
        from hillsprint.ui.hill.resume_dialog import RecoveryDialog

        if choice == RecoveryDialog.RESUME:
            self._run_session(
                session.plan,
                SessionWriter(self.repository, session, reps),
                first_rep=resume_rep(session.plan, reps),
                prior_active_s=estimated_active_s(session.plan, reps),
            )
        elif choice == RecoveryDialog.FINISH:
            last_seen = max([session.started_at] + [r.started_at for r in reps])
            status = final_status(session.plan, reps)
            self._show_summary(
                session.id, status, last_seen, estimated_active_s(session.plan, reps)
            )
        elif choice == RecoveryDialog.DISCARD:
            self.repository.delete_session(session.id)

    def _recovery_closed(self) -> None:
        dialog, self.recovery = self.recovery, None
        dialog.deleteLater()
        self.refresh_recent()
        self.offer_recovery()  # the next one, if several were left

    # ---- ending ----------------------------------------------------------------------------

    def ask_end(self) -> None:
        """Esc: end early? Enter says yes, Esc says no."""
        if self.controller is None or self.controller.engine.done:
            return
        self.confirm_end = ask_yes_no(
            self,
            "End the session?",
            "End this session now? Every rep so far is saved.\n\nEnter: end   ·   Esc: go on",
            self._end_answered,
            default_yes=True,
        )

    def _end_answered(self, yes: bool) -> None:
        self.confirm_end = None
        if yes and self.controller is not None:
            self.controller.end()
        self.session_screen.setFocus()

    def _session_finished(self, event: SessionFinished) -> None:
        """The last phase is over (or the runner ended early): every rep is on disk; the
        summary asks for what is missing, and Save records the outcome."""
        from hillsprint.ui.hill.session_wiring import disconnect_session

        controller, self.controller = self.controller, None
        self.keep_awake.release()  # every ending (done, Esc, closing) comes through here
        if self.cue_player is not None:
            self.cue_player.finish()
        disconnect_session(self.session_screen)
        controller.deleteLater()
        self._show_summary(
            controller.session_id,
            event.status,
            iso(self.clock.wall()),
            self._prior_active_s + event.active_s,
        )

    def _show_summary(
        self, session_id: str, status: SessionStatus, ended_at: str, active_s: float
    ) -> None:
        self._pending = PendingSave(session_id, status, ended_at, active_s)
        writer = self.writer
        if writer is None or writer.session_id != session_id:  # a crashed session, finished
            from hillsprint.storage.session_writer import SessionWriter

            session = self.repository.get_session(session_id)
            writer = SessionWriter(self.repository, session, self.repository.reps(session_id))
            self.writer = writer
        writer.retry()
        self.summary.load(
            writer.session(),  # as written, on disk or not yet
            writer.reps(),
            ended_early=status is SessionStatus.ENDED_EARLY,
            active_s=active_s,
        )
        self.save_trouble.follow(writer)
        self.stack.setCurrentWidget(self.summary)
        self.summary.setFocus()

    def _save_summary(self, session_rpe: int | None, notes: str) -> bool:
        """Record the outcome; False (the summary stays, saying why and offering a CSV file)
        when the database still refuses what the session wrote."""
        pending = self._pending
        if pending is None:
            return True
        saved = self.writer.finish_session(
            pending.session_id,
            pending.status,
            pending.ended_at,
            pending.active_s,
            session_rpe=session_rpe,
            notes=notes,
        )
        if not saved:
            self.summary.show_save_problem(self.writer.problem, saving=True)
            return False
        self._pending = None
        self._leave_summary()
        return True

    def _discard_summary(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            self.writer.drop_backlog()
            try:
                self.repository.delete_session(pending.session_id)
            except StorageError as exc:  # left unfinished: the next start offers it again
                self.start_screen.show_notice(f"The session could not be deleted: {exc}")
        self._leave_summary()

    def save_summary_as_csv(self, path: str) -> bool:
        """The database refused the save: the session goes to `path` in the export format
        (`hillsprint import` takes it later), and the window moves on."""
        from hillsprint.storage.csv_export import ExportError

        if self._pending is None or self.writer is None:
            return False
        try:
            self.writer.save_as_csv(path)
        except ExportError as exc:
            self.summary.show_save_problem(f"{self.writer.problem}; {exc}", saving=True)
            return False
        problem = self.writer.problem
        self.writer.drop_backlog()
        self._pending = None
        self._leave_summary()
        self.start_screen.show_notice(
            f"The session could not be saved in the database ({problem}). It is in {path}: "
            f"run 'hillsprint import {path}' once the disk works again."
        )
        return True

    def _ask_csv_file(self) -> None:
        name = f"hillsprint-session-{self._pending.ended_at[:10]}.csv" if self._pending else ""
        open_file_dialog(
            self,
            "Save the session as CSV",
            str(Path.home() / name),
            "CSV files (*.csv)",
            self.save_summary_as_csv,
            save=True,
            suffix="csv",
        )

    def _leave_summary(self) -> None:
        self.writer = None
        self.save_trouble.follow(None)
        self.back_to_start()

    def _show_save_problem(self, problem: str | None) -> None:
        band = problem
        if problem and self.store.database is not None:  # the band is read from metres away
            band = problem.removesuffix(f" ({self.store.database})")
        self.session_screen.show_save_problem(band)
        if self._pending is not None:
            self.summary.show_save_problem(problem)

    def _summary_rep_effort(self, rep: int, effort: int | None) -> None:
        if self._pending is not None:
            self.writer.set_rep_effort(self._pending.session_id, rep, effort)

    def _summary_session_effort(self, effort: int | None) -> None:
        if self._pending is not None:
            self.writer.update_session(self._pending.session_id, session_rpe=effort)

    def back_to_start(self) -> None:
        self.stack.setCurrentWidget(self.start_screen)
        self.start_screen.setFocus()
        self.chart_preload.arm(START_IDLE_MS)
        self.history_preload.arm(HISTORY_MODULES_IDLE_MS)
        self.refresh_recent()
        self.offer_recovery()  # another unfinished session, if a crash left several

    def closeEvent(self, event) -> None:
        """Closing during a session asks first (without blocking the event loop); yes stores
        the session as ended early and closes. Closing on the summary saves what it shows;
        when the disk refuses that, it asks before anything is lost."""
        if self.controller is None or self.controller.engine.done:
            if self._pending is not None:  # the summary is open: keep what it shows
                saved = self._save_summary(self.summary.session_effort(), self.summary.notes_text())
                if not saved and not self._quit_unsaved:
                    event.ignore()
                    self._ask_quit_unsaved()
                    return
            event.accept()
            return
        event.ignore()
        if self.confirm_quit is not None:
            return
        self.confirm_quit = ask_yes_no(
            self,
            "Quit during a session?",
            "A session is running. Quit and save it as ended early?",
            self._quit_answered,
        )

    _quit_unsaved = False  # the runner said to quit although writes wait for the disk

    def _ask_quit_unsaved(self) -> None:
        if self.confirm_quit is not None:
            return
        self.confirm_quit = ask_yes_no(
            self,
            "Quit without saving?",
            f"This session is not saved: {self.writer.problem}.\n\nQuit and lose it? "
            "(No: stay, and use “Save as CSV…” to keep it in a file.)",
            self._quit_unsaved_answered,
            warning=True,
            yes_text="Quit and lose it",
            no_text="Stay",
        )

    def _quit_unsaved_answered(self, yes: bool) -> None:
        self.confirm_quit = None
        if yes:
            self._quit_unsaved = True
            self.close()
        else:
            self.summary.setFocus()

    def _quit_answered(self, yes: bool) -> None:
        self.confirm_quit = None
        if yes and self.controller is not None:
            self.controller.end()
            self.close()

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
        return self.controller is not None or self._pending is not None

    def toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _first_advice(self) -> None:
        self.choices.refresh_advice(self.clock.wall())
        self.advice_ready = True
        _ = self.session_screen  # built now, after the first paint, ready for Space

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
    return moment.strftime("%a %d %b %Y, %H:%M")
