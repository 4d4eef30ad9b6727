"""A session's life in the window, from Space to Save: start (or resume after a crash), run,
end early on a question, finish, the summary's Save, Discard and "Save as CSV…", and quitting
while a session or its unsaved summary is open.

It owns the controller and the session's writer while a session runs or its summary waits; the
main window keeps the stack, navigation, settings and sound. What the flow needs of the window
is named in `SessionHost` (screens built when first needed, the settings and sound of the
moment), and what it tells the start screen goes out as signals, so the flow never reaches into
another screen's widgets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from hillsprint.core.clock import Clock, iso
from hillsprint.core.plan import Plan
from hillsprint.core.records import SessionStatus
from hillsprint.core.session_events import SessionFinished
from hillsprint.storage.errors import StorageError
from hillsprint.storage.store import Store
from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.widgets import open_file_dialog
from hillsprint.ui.hill.save_trouble import SaveTrouble

if TYPE_CHECKING:
    from hillsprint.settings import Settings
    from hillsprint.storage.session_writer import SessionWriter
    from hillsprint.ui.hill.session_controller import SessionController


@dataclass(frozen=True)
class PendingSave:
    """A session whose summary is open: what Save will record."""

    session_id: str
    status: SessionStatus
    ended_at: str
    active_s: float


class SessionHost(Protocol):
    """What the flow asks of the window it runs in."""

    settings: Settings
    cue_player: object | None

    @property
    def session_screen(self): ...  # the at-the-hill screen, built when first asked for

    @property
    def summary(self): ...  # the summary screen, built when first asked for

    @property
    def keep_awake(self): ...  # the screen/sleep inhibitor

    def show_screen(self, screen) -> None: ...

    def back_to_start(self) -> None: ...

    def refresh_recent(self) -> None: ...


class SessionFlow(QObject):
    notice = Signal(str)  # a line for the start screen ("" clears it)
    storageProblem = Signal(str, str)  # (which read or write, message; "" clears it)
    sessionStarting = Signal()  # nothing else may stall the main thread from now on

    writer: SessionWriter | None = None  # the session's writes, on disk or waiting for it
    quit_without_saving = False  # the runner said to quit although writes wait for the disk

    def __init__(self, window: QMainWindow, host: SessionHost, store: Store, clock: Clock) -> None:
        super().__init__(window)
        self.window = window
        self.host = host
        self.store = store
        self.repository = store.sessions
        self.clock = clock
        self.controller: SessionController | None = None
        self.pending: PendingSave | None = None
        self.recovery = None  # the RecoveryDialog while it is open
        self._prior_active_s = 0.0
        self.end_question = Question(window)
        self.quit_question = Question(window)
        self.save_trouble = SaveTrouble(self._show_save_problem, self)

    def busy(self) -> bool:
        """A session runs or its summary waits: no import may stall the main thread now."""
        return self.controller is not None or self.pending is not None

    # ---- starting ---------------------------------------------------------------------------

    def start(self, plan: Plan, hill: str | None = None) -> None:
        """A new session of `plan` (its lead-in already set) on `hill`; nothing runs unless its
        first row is on disk, since no rep of it could be saved otherwise."""
        if self.controller is not None:
            return
        started_at = iso(self.clock.wall())
        try:
            session_id = self.repository.start_session(plan, started_at, hill=hill)
        except StorageError as exc:
            self.storageProblem.emit("new session", f"The session could not be started: {exc}")
            return
        self.storageProblem.emit("new session", "")
        from hillsprint.storage.session_writer import SessionWriter, new_session_view

        session = new_session_view(session_id, plan, started_at, hill)
        self._run(plan, SessionWriter(self.repository, session, []))

    def _run(
        self, plan: Plan, writer: SessionWriter, first_rep: int = 1, prior_active_s: float = 0.0
    ) -> None:
        """Run it; every write goes through `writer`, which keeps it in memory until the disk
        takes it (a failing disk never stops the session). The session's modules are loaded
        here, not at start-up: the start screen's first paint does not wait for them."""
        from hillsprint.core.engine import SessionEngine
        from hillsprint.ui.hill.session_controller import SessionController
        from hillsprint.ui.hill.session_wiring import connect_session

        self._prior_active_s = prior_active_s
        self.sessionStarting.emit()
        engine = SessionEngine(plan, self.clock, first_rep=first_rep)
        self.writer = writer
        self.save_trouble.follow(writer)
        player = self.host.cue_player
        controller = SessionController(engine, writer, writer.session_id, player, self)
        screen = self.host.session_screen
        connect_session(controller, screen)
        controller.finished.connect(self._finished)
        self.controller = controller
        if player is not None:
            # load "Rep n of N" before the first cue
            player.prepare(plan.rep_count, last_walk_is_cooldown=plan.cooldown_s > 0)
        self.host.show_screen(screen)
        if self.host.settings.keep_awake:
            self.host.keep_awake.inhibit("A hill-sprint session is running")
        controller.start()

    # ---- crash recovery ---------------------------------------------------------------------

    def offer_recovery(self) -> None:
        """Offer the newest unfinished session (one at a time) left by a crash."""
        if self.recovery or self.busy():
            return
        try:
            unfinished = self.repository.in_progress_sessions()
            reps = self.repository.reps(unfinished[0].id) if unfinished else []
        except StorageError as exc:
            self.storageProblem.emit(
                "unfinished", f"An unfinished session could not be read: {exc}"
            )
            return
        self.storageProblem.emit("unfinished", "")
        if not unfinished:
            return
        session = unfinished[0]
        from hillsprint.core.resume import resume_rep
        from hillsprint.ui.hill.resume_dialog import RecoveryDialog

        dialog = RecoveryDialog(session, len(reps), resume_rep(session.plan, reps), self.window)
        dialog.chosen.connect(lambda choice: self._recover(session, reps, choice))
        dialog.finished.connect(self._recovery_closed)
        self.recovery = dialog
        dialog.open()

    def _recover(self, session, reps, choice: str) -> None:
        from hillsprint.core.resume import estimated_active_s, final_status, resume_rep
        from hillsprint.storage.session_writer import SessionWriter
        from hillsprint.ui.hill.resume_dialog import RecoveryDialog

        if choice == RecoveryDialog.RESUME:
            self._run(
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
        self.host.refresh_recent()
        self.offer_recovery()  # the next one, if several were left

    # ---- ending -----------------------------------------------------------------------------

    def ask_end(self) -> None:
        """Esc: end early? Enter says yes, Esc says no."""
        if self.controller is None or self.controller.engine.done:
            return
        self.end_question.ask(
            "End the session?",
            "End this session now? Every rep so far is saved.\n\nEnter: end   ·   Esc: go on",
            self._end_answered,
            default_yes=True,
        )

    def _end_answered(self, yes: bool) -> None:
        if yes and self.controller is not None:
            self.controller.end()  # the summary opens and takes the keys
        else:
            self.host.session_screen.setFocus()

    def _finished(self, event: SessionFinished) -> None:
        """The last phase is over (or the runner ended early): every rep is on disk; the
        summary asks for what is missing, and Save records the outcome."""
        from hillsprint.ui.hill.session_wiring import disconnect_session

        controller, self.controller = self.controller, None
        self.host.keep_awake.release()  # every ending (done, Esc, closing) comes through here
        if self.host.cue_player is not None:
            self.host.cue_player.finish()
        disconnect_session(self.host.session_screen)
        controller.deleteLater()
        self._show_summary(
            controller.session_id,
            event.status,
            iso(self.clock.wall()),
            self._prior_active_s + event.active_s,
        )

    # ---- the summary ------------------------------------------------------------------------

    def _show_summary(
        self, session_id: str, status: SessionStatus, ended_at: str, active_s: float
    ) -> None:
        self.pending = PendingSave(session_id, status, ended_at, active_s)
        writer = self.writer
        if writer is None or writer.session_id != session_id:  # a crashed session, finished
            from hillsprint.storage.session_writer import SessionWriter

            session = self.repository.get_session(session_id)
            writer = SessionWriter(self.repository, session, self.repository.reps(session_id))
            self.writer = writer
        writer.retry()
        summary = self.host.summary
        summary.load(
            writer.session(),  # as written, on disk or not yet
            writer.reps(),
            ended_early=status is SessionStatus.ENDED_EARLY,
            active_s=active_s,
        )
        self.save_trouble.follow(writer)
        self.host.show_screen(summary)

    def connect_summary(self, summary) -> None:
        """The summary screen's requests, answered here (called once, when it is built)."""
        summary.repEffortChanged.connect(self._summary_rep_effort)
        summary.sessionEffortChanged.connect(self._summary_session_effort)
        summary.saveRequested.connect(self.save_summary)
        summary.discardRequested.connect(self._discard_summary)
        summary.saveAsCsvRequested.connect(self._ask_csv_file)

    def save_summary(self, session_rpe: int | None, notes: str) -> bool:
        """Record the outcome; False (the summary stays, saying why and offering a CSV file)
        when the database still refuses what the session wrote."""
        pending = self.pending
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
            self.host.summary.show_save_problem(self.writer.problem, saving=True)
            return False
        self.pending = None
        self._leave_summary()
        return True

    def _discard_summary(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            self.writer.drop_backlog()
            try:
                self.repository.delete_session(pending.session_id)
            except StorageError as exc:  # left unfinished: the next start offers it again
                self.notice.emit(f"The session could not be deleted: {exc}")
        self._leave_summary()

    def save_summary_as_csv(self, path: str) -> bool:
        """The database refused the save: the session goes to `path` in the export format
        (`hillsprint import` takes it later), and the window moves on."""
        from hillsprint.storage.csv_export import ExportError

        if self.pending is None or self.writer is None:
            return False
        try:
            self.writer.save_as_csv(path)
        except ExportError as exc:
            self.host.summary.show_save_problem(f"{self.writer.problem}; {exc}", saving=True)
            return False
        problem = self.writer.problem
        self.writer.drop_backlog()
        self.pending = None
        self._leave_summary()
        self.notice.emit(
            f"The session could not be saved in the database ({problem}). It is in {path}: "
            f"run 'hillsprint import {path}' once the disk works again."
        )
        return True

    def _ask_csv_file(self) -> None:
        name = f"hillsprint-session-{self.pending.ended_at[:10]}.csv" if self.pending else ""
        open_file_dialog(
            self.window,
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
        self.host.back_to_start()

    def _show_save_problem(self, problem: str | None) -> None:
        band = problem
        if problem and self.store.database is not None:  # the band is read from metres away
            band = problem.removesuffix(f" ({self.store.database})")
        self.host.session_screen.show_save_problem(band)
        if self.pending is not None:
            self.host.summary.show_save_problem(problem)

    def _summary_rep_effort(self, rep: int, effort: int | None) -> None:
        if self.pending is not None:
            self.writer.set_rep_effort(self.pending.session_id, rep, effort)

    def _summary_session_effort(self, effort: int | None) -> None:
        if self.pending is not None:
            self.writer.update_session(self.pending.session_id, session_rpe=effort)

    # ---- quitting ---------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Closing the window: True when nothing is lost by closing now. During a session it
        asks first (yes stores the session as ended early and closes); on the summary it saves
        what the summary shows, and when the disk refuses that it asks before anything is
        lost."""
        if self.controller is None or self.controller.engine.done:
            if self.pending is not None:  # the summary is open: keep what it shows
                summary = self.host.summary
                saved = self.save_summary(summary.session_effort(), summary.notes_text())
                if not saved and not self.quit_without_saving:
                    self._ask_quit_unsaved()
                    return False
            return True
        self.quit_question.ask(
            "Quit during a session?",
            "A session is running. Quit and save it as ended early?",
            self._quit_answered,
        )
        return False

    def _ask_quit_unsaved(self) -> None:
        self.quit_question.ask(
            "Quit without saving?",
            f"This session is not saved: {self.writer.problem}.\n\nQuit and lose it? "
            "(No: stay, and use “Save as CSV…” to keep it in a file.)",
            self._quit_unsaved_answered,
            warning=True,
            yes_text="Quit and lose it",
            no_text="Stay",
        )

    def _quit_unsaved_answered(self, yes: bool) -> None:
        if yes:
            self.quit_without_saving = True
            self.window.close()
        else:
            self.host.summary.setFocus()

    def _quit_answered(self, yes: bool) -> None:
        if yes and self.controller is not None:
            self.controller.end()
            self.window.close()
