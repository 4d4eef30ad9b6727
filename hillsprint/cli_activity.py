"""`hillsprint export --format fit|tcx`: sessions as activity files for a training log.

Kept apart from the CSV export in `cli_data` so that module only routes to it. Every failure
ends as one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_FAILURE = 1


def cmd_export_activity(args: argparse.Namespace, open_database) -> int:
    """`open_database(args)` gives (paths, connection or error message), as in cli_data."""
    from hillsprint.storage.activity_export import (
        ActivityExportError,
        export_sessions,
        find_sessions,
    )
    from hillsprint.storage.errors import StorageError, storage_errors

    if args.level is not None:
        return _fail("--level applies to the CSV export only")
    if args.session and (args.date_from or args.date_to):
        return _fail("give either --session or --from/--to, not both")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        return _fail(f"--from {args.date_from} is after --to {args.date_to}")
    paths, conn = open_database(args)
    if isinstance(conn, str):
        return _fail(conn)
    try:
        with storage_errors(paths.database):
            sessions = find_sessions(
                conn,
                date_from=args.date_from,
                date_to=args.date_to,
                session_ids=args.session or (),
            )
            written = export_sessions(conn, sessions, Path(args.out), args.format)
    except ActivityExportError as exc:
        return _fail(str(exc))
    except StorageError as exc:
        return _fail(f"the database cannot be read: {exc}")
    finally:
        conn.close()
    for item in written:
        print(item.path)
    count = len(written)
    print(
        f"exported {count} session{'' if count == 1 else 's'} as {args.format.upper()}",
        file=sys.stderr,
    )
    return 0


def _fail(message: str) -> int:
    print(f"hillsprint: {message}", file=sys.stderr)
    return EXIT_FAILURE
