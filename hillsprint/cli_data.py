"""The data commands: `export` (CSV, or FIT/TCX for a training log), `import`, `backup`, `restore`.

Registered on the parser by `cli.build_parser` (kept apart so that file stays short). Every
failure ends as one line on stderr (an import lists its problems, one a line, then a summary
line) and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from hillsprint.paths import AppPaths, DataDirError, ensure_data_dir, resolve_paths

EXIT_FAILURE = 1


def _day(text: str) -> date:
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected a date like 2026-05-04, got {text!r}")


def add_data_commands(commands) -> None:
    """Add the subcommands to the `add_subparsers()` object of the main parser."""
    export = commands.add_parser(
        "export", help="write sessions to a CSV file, or as FIT/TCX files for a training log"
    )
    export.add_argument(
        "--out",
        metavar="PATH",
        required=True,
        help="the CSV file to write; for FIT/TCX a file (one session) or a folder",
    )
    export.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", type=_day)
    export.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", type=_day)
    export.add_argument(
        "--format",
        choices=("csv", "fit", "tcx"),
        default="csv",
        help="csv (default), or one FIT/TCX activity file per session with a lap per sprint "
        "and walk-down and the efforts",
    )
    export.add_argument(
        "--session",
        metavar="ID",
        action="append",
        help="FIT/TCX: export this session (its id, or the id's first 6+ characters, as in "
        "the CSV export); may be repeated",
    )
    export.add_argument(
        "--level",
        choices=("reps", "sessions"),
        default=None,
        help="CSV: one row per rep (default; can be imported again) or per session",
    )
    imp = commands.add_parser("import", help="add sessions from a reps CSV export")
    imp.add_argument("file", metavar="FILE")
    commands.add_parser("backup", help="copy the database into backups/ now")
    restore = commands.add_parser("restore", help="replace the database by a backup")
    restore.add_argument("file", metavar="FILE")


def fail(message: str, code: int = EXIT_FAILURE) -> int:
    """One line on stderr, "hillsprint: <message>", and the exit code to return."""
    print(f"hillsprint: {message}", file=sys.stderr)
    return code


class CommandError(Exception):
    """What a command says on its one line of failure."""


@contextmanager
def opened_database(args: argparse.Namespace) -> Iterator[tuple[AppPaths, sqlite3.Connection]]:
    """(paths, connection) of the data folder, closed when the block ends; CommandError when
    the folder or the database cannot be used (the message says why and what to do)."""
    from hillsprint.storage.database import open_database
    from hillsprint.storage.db_file import DatabaseError
    from hillsprint.storage.repair import database_error_message

    paths = resolve_paths(args.data_dir)
    try:
        ensure_data_dir(paths)
        conn = open_database(paths.database, backups_dir=paths.backups)
    except DataDirError as exc:
        raise CommandError(str(exc)) from exc
    except DatabaseError as exc:
        raise CommandError(database_error_message(exc, paths.backups)) from exc
    try:
        yield paths, conn
    finally:
        conn.close()


def cmd_export(args: argparse.Namespace) -> int:
    from hillsprint.storage.csv_export import ExportError, export_csv

    if args.format != "csv":
        return cmd_export_activity(args)
    if args.session:
        return fail("--session applies to --format fit or tcx")
    args.level = args.level or "reps"
    if args.date_from and args.date_to and args.date_from > args.date_to:
        return fail(f"--from {args.date_from} is after --to {args.date_to}")
    try:
        with opened_database(args) as (paths, conn):
            try:
                rows = export_csv(conn, Path(args.out), args.level, args.date_from, args.date_to)
            except sqlite3.Error as exc:
                raise CommandError(f"{paths.database} cannot be read ({exc})") from exc
    except (CommandError, ExportError) as exc:
        return fail(str(exc))
    unit = "rep" if args.level == "reps" else "session"
    print(f"exported {rows} {unit}{'' if rows == 1 else 's'} to {args.out}", file=sys.stderr)
    return 0


def cmd_export_activity(args: argparse.Namespace) -> int:
    """`export --format fit|tcx`: one activity file a session, for a training log."""
    from hillsprint.storage.activity_export import (
        ActivityExportError,
        export_sessions,
        find_sessions,
    )
    from hillsprint.storage.errors import StorageError, storage_errors

    if args.level is not None:
        return fail("--level applies to the CSV export only")
    if args.session and (args.date_from or args.date_to):
        return fail("give either --session or --from/--to, not both")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        return fail(f"--from {args.date_from} is after --to {args.date_to}")
    try:
        with opened_database(args) as (paths, conn), storage_errors(paths.database):
            sessions = find_sessions(
                conn,
                date_from=args.date_from,
                date_to=args.date_to,
                session_ids=args.session or (),
            )
            written = export_sessions(conn, sessions, Path(args.out), args.format)
    except (CommandError, ActivityExportError) as exc:
        return fail(str(exc))
    except StorageError as exc:
        return fail(f"the database cannot be read: {exc}")
    for item in written:
        print(item.path)
    count = len(written)
    print(
        f"exported {count} session{'' if count == 1 else 's'} as {args.format.upper()}",
        file=sys.stderr,
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """While a window holds the folder, the import writes in short transactions that give
    way to its rep commits (storage/shared_import.py); otherwise in one."""
    from hillsprint.instance_lock import held_by_another
    from hillsprint.storage.csv_import import import_csv
    from hillsprint.storage.csv_reading import CsvImportError
    from hillsprint.storage.shared_import import ImportInterrupted, import_csv_giving_way

    try:
        with opened_database(args) as (paths, conn):
            write = import_csv_giving_way if held_by_another(paths.data_dir) else import_csv
            result = write(conn, Path(args.file))
    except CommandError as exc:
        return fail(str(exc))
    except CsvImportError as exc:
        for line in str(exc).splitlines():
            print(line, file=sys.stderr)
        problems = f"{exc.total} problem{'' if exc.total == 1 else 's'}"
        return fail(f"import of {args.file} refused ({problems}); nothing was imported")
    except ImportInterrupted as exc:
        return fail(
            f"{paths.database}: the import failed ({exc}) after {exc.done.sessions} new "
            "session(s); run it again to add the rest (sessions already there are skipped)"
        )
    except sqlite3.Error as exc:
        return fail(f"{paths.database}: the import failed ({exc}); nothing was imported")
    print(
        f"imported {result.sessions} session(s) with {result.reps} rep(s) from {args.file}; "
        f"{result.skipped} already present, skipped"
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from hillsprint.storage.backups import make_backup

    try:
        with opened_database(args) as (paths, conn):
            try:
                target = make_backup(conn, paths.backups, "manual")
            except (OSError, sqlite3.Error) as exc:
                raise CommandError(f"cannot write a backup in {paths.backups} ({exc})") from exc
    except CommandError as exc:
        return fail(str(exc))
    print(target)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Refused while another process holds the folder: a window would go on writing its reps
    into the replaced (deleted) file, and they would be lost."""
    from hillsprint.instance_lock import FolderInUse, exclusive
    from hillsprint.storage.db_file import DatabaseError
    from hillsprint.storage.repair import restore_backup

    paths = resolve_paths(args.data_dir)
    try:
        ensure_data_dir(paths)
        with exclusive(paths.data_dir):
            previous = restore_backup(paths.database, Path(args.file), paths.backups)
    except DataDirError as exc:
        return fail(str(exc))
    except FolderInUse as exc:
        return fail(f"not restored: {exc}; {in_use_advice(exc)} and run the restore again")
    except DatabaseError as exc:
        return fail(f"not restored: {exc}")
    except (OSError, sqlite3.Error) as exc:
        return fail(f"not restored: {paths.database} ({exc})")
    kept = f"; the previous state is in {previous}" if previous else ""
    print(f"restored {args.file} into {paths.database}{kept}")
    return 0


def in_use_advice(exc) -> str:
    """What to do about a folder in use: quit the window (or wait for the command)."""
    if exc.holder is None:
        return "wait for it to finish"
    if exc.holder.program == "HillSprint":
        return f"quit HillSprint (process {exc.holder.pid}) first"
    return f"wait for process {exc.holder.pid} to finish (or end it)"


DATA_COMMANDS = {
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "restore": cmd_restore,
}
