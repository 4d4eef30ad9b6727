"""The self-check of the database: a new one in a temporary folder is created, written, read
back, reopened with every check, and removed; the runner's own data is never touched."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hillsprint.self_check.report import CheckFailed


def check_database() -> str:
    """Create, write, read, close and reopen a database in a temporary folder."""
    from datetime import datetime

    from hillsprint.core.presets import PRESETS
    from hillsprint.storage.database import SQLITE_VERSION, open_database
    from hillsprint.storage.repository import SessionRepository
    from hillsprint.storage.schema import SCHEMA_VERSION

    with tempfile.TemporaryDirectory(prefix="hillsprint-self-check-") as folder:
        path = Path(folder) / "hillsprint.sqlite3"
        connection = open_database(path, backups_dir=Path(folder) / "backups")
        try:
            repository = SessionRepository(connection)
            plan = next(iter(PRESETS.values()))
            session_id = repository.start_session(plan, datetime.now().astimezone().isoformat())
            stored = repository.get_session(session_id)
            if stored is None or stored.plan.name != plan.name:
                raise CheckFailed([f"{path}: a session written was not read back"])
        finally:
            connection.close()
        connection = open_database(path, backups_dir=Path(folder) / "backups")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            count = len(SessionRepository(connection).in_progress_sessions())
        finally:
            connection.close()
        if version != SCHEMA_VERSION or count != 1:
            raise CheckFailed([f"{path}: reopened with schema v{version} and {count} session(s)"])
    return (
        f"created, written, reopened and removed a temporary database "
        f"(schema v{version}, SQLite {SQLITE_VERSION})"
    )
