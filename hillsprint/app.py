"""Entry point: parse the command line, check files, then build the window.

Everything that can fail because of the user's files (plan, data dir, database) is checked
before Qt is imported, so errors are quick, one line on stderr, and never a traceback. Nothing
heavy (pyqtgraph, speech) is imported on the way to the first paint. The one exception: a
damaged database is reported in that line and then in a dialog, which offers to restore the
newest good backup or to start a new database.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from hillsprint import APP_ID, APP_NAME, __version__, cli
from hillsprint.cli_data import fail
from hillsprint.core.plan import Plan, PlanError, load_plan_file
from hillsprint.paths import CONFIG_DIR_ENV, DataDirError, ensure_data_dir, resolve_paths

BENCH_FIRST_PAINT_ENV = "HILLSPRINT_BENCH_FIRST_PAINT"
SOUND_LOAD_DELAY_MS = 200  # after the first paint; a session's first cue is seconds away


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = cli.parse_args(argv)
    except cli.UsageError as exc:
        return fail(str(exc), cli.EXIT_USAGE)
    if args.self_check:
        from hillsprint.self_check import run as self_check

        return self_check()
    if args.command:
        return cli.run_command(args)

    plan: Plan | None = None
    if args.plan:
        try:
            plan = load_plan_file(args.plan)
        except PlanError as exc:
            return fail(str(exc))

    from hillsprint.instance_lock import AlreadyRunning, claim_for_window
    from hillsprint.storage.database import open_database
    from hillsprint.storage.db_file import DatabaseError

    demo_dir = _make_demo_dir() if args.demo else None
    folder_lock = None
    try:
        paths = resolve_paths(demo_dir or args.data_dir)
        try:
            ensure_data_dir(paths)
            folder_lock = claim_for_window(paths.data_dir)  # one window per data folder
            connection = open_database(paths.database, backups_dir=paths.backups)
        except DataDirError as exc:
            return fail(str(exc))
        except AlreadyRunning as exc:
            return fail(str(exc), exc.exit_code)
        except DatabaseError as exc:
            from hillsprint.storage.repair import database_error_message, is_damaged

            code = fail(database_error_message(exc, paths.backups))
            if not is_damaged(exc):
                return code
            connection = open_damaged_database(exc, paths)
            if connection is None:
                return code
        from hillsprint.storage.store import Store

        # the one door to the database for every screen (they never see the connection)
        store = Store(connection, database=paths.database, backups_dir=paths.backups)
        try:
            if demo_dir is not None:
                _fill_demo(connection)
            else:
                _daily_backup(store)
            return _run_gui(store, paths, plan, args.plan)
        finally:
            store.close()
    finally:
        if folder_lock is not None:
            folder_lock.release()
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)


def open_damaged_database(exc, paths, run_dialog=None):
    """The database is damaged (the one-line message is on stderr already): a dialog offers
    to restore the newest good backup, to start a new database (both keep the damaged file,
    renamed beside it) or to quit. Returns the opened database, or None to exit with status 1
    (quit, or it still cannot be opened: said on stderr). A failed restore leaves the database
    as it was and asks again, saying what failed; so does another process holding the folder
    (it would go on writing into the file being replaced). `run_dialog` shows the dialog and
    returns once it is answered (tests click it; the default is `wait_for_answer`)."""
    from hillsprint.instance_lock import FolderInUse, exclusive
    from hillsprint.storage.backups import newest_backup_summary
    from hillsprint.storage.database import open_database
    from hillsprint.storage.db_file import DatabaseError
    from hillsprint.storage.repair import (
        QUIT,
        RecoveryError,
        carry_out,
        describe_problem,
        is_damaged,
    )
    from hillsprint.ui.home.damaged_database_dialog import DamagedDatabaseDialog

    _application()
    run_dialog = run_dialog or wait_for_answer
    failure = None
    while True:
        backup = newest_backup_summary(paths.backups)
        problem, detail = describe_problem(exc, paths.database)
        dialog = DamagedDatabaseDialog(
            paths.database, problem, backup, paths.backups, detail=detail, failure=failure
        )
        try:
            run_dialog(dialog)
            choice = dialog.choice
        finally:
            dialog.deleteLater()
        if choice == QUIT:
            return None
        try:
            with exclusive(paths.data_dir):  # never under a window that writes there
                done = carry_out(choice, paths.database, paths.backups, backup and backup.path)
        except (RecoveryError, FolderInUse) as error:
            failure = str(error)
            if isinstance(error, FolderInUse):
                failure += (
                    f": quit it first, then try again; {paths.database.name} was left as it was"
                )
            print(f"hillsprint: {failure}", file=sys.stderr)
            continue
        print(f"hillsprint: {done}", file=sys.stderr)
        try:
            return open_database(paths.database, backups_dir=paths.backups)
        except DatabaseError as again:
            if not is_damaged(again):
                fail(str(again))
                return None
            exc, failure = again, None


HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})


def wait_for_answer(dialog) -> None:
    """Show the dialog and wait for the answer. On a platform without a screen (Qt's
    offscreen or minimal) nobody could answer it, and it would wait for ever: that is Quit."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() in HEADLESS_PLATFORMS:
        return
    dialog.exec()


def _application():
    """The QApplication, made on first use (the damaged-database dialog may come first). From
    then on a second start on the folder this process holds is answered."""
    from PySide6.QtWidgets import QApplication

    from hillsprint.ui.home.app_icon import app_icon

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0]])
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(__version__)
        # Wayland's app id and the .desktop file (packaging/linux/) that names the icon
        app.setDesktopFileName(APP_ID)
        app.setWindowIcon(app_icon())
    from hillsprint.instance_lock import serve_held_folders

    serve_held_folders()  # a second start on our folder now brings this window forward
    return app


def _daily_backup(store) -> None:
    """The first start of a day copies the database to backups/ (the last 10 are kept). A
    failed copy is reported but does not stop the runner from training."""
    from hillsprint.storage.errors import StorageError

    try:
        store.daily_backup()
    except (OSError, StorageError) as exc:
        print(f"hillsprint: warning: the daily backup failed ({exc})", file=sys.stderr)


def _make_demo_dir() -> str:
    """--demo: a throw-away data dir (removed at exit); the real one is never opened. Settings
    changed during the demo go to a config dir inside it, so the real ones stay as they are."""
    demo = tempfile.mkdtemp(prefix="hillsprint-demo-")
    os.environ[CONFIG_DIR_ENV] = os.path.join(demo, "config")
    return demo


def _fill_demo(connection) -> None:
    from datetime import datetime

    from hillsprint.storage.repository import SessionRepository
    from hillsprint.storage.sample_history import fill_history

    fill_history(SessionRepository(connection), years=1, until=datetime.now().astimezone())


def _run_gui(store, paths, plan: Plan | None, plan_path: str | None) -> int:
    from PySide6.QtCore import QTimer

    from hillsprint.ui.home.main_window import MainWindow

    app = _application()
    for session in store.sessions.in_progress_sessions():
        print(
            f"hillsprint: an unfinished session was found ({session.plan.name}, started "
            f"{session.started_at}); offering to resume, finish or discard it",
            file=sys.stderr,
        )
    window = MainWindow(store, paths, plan=plan, plan_path=plan_path)
    if os.environ.get(BENCH_FIRST_PAINT_ENV):
        _quit_after_first_paint(window)
    window.show()
    window.offer_recovery()
    QTimer.singleShot(SOUND_LOAD_DELAY_MS, lambda: _attach_sound(window))
    return app.exec()


def _attach_sound(window) -> None:
    """QtMultimedia and the clips load after the first paint: the start-up does not wait."""
    from PySide6.QtWidgets import QApplication

    from hillsprint.audio.mixer_player import best_cue_player

    player = best_cue_player(window)
    window.set_cue_player(player)
    QApplication.instance().aboutToQuit.connect(player.close)


def _quit_after_first_paint(window) -> None:
    """For tests/benchmarks/bench_startup.py: say when the window first painted, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                print("first-paint", flush=True)
                window.removeEventFilter(self)
                QTimer.singleShot(0, QApplication.quit)
            return False

    window._first_paint_filter = FirstPaint(window)
    window.installEventFilter(window._first_paint_filter)


if __name__ == "__main__":
    sys.exit(main())
