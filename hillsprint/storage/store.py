"""The one door between the screens and the database: `Store`.

`app.py` opens the database and builds one Store around the connection; the window hands each
screen the store (or the piece it needs: `store.sessions`, `store.plans`, `store.hills`).
No screen holds the connection, so none can run SQL of its own, and every failure of the open
database reaches a screen as one type, `StorageError`, with a message it can show as it is
(in the manner of napari's views, which take a model and never its internals).

- `sessions`: the `SessionRepository` (a session, its reps, its action log);
- `plans`, `hills`: the runner's plan and hill libraries;
- the history's queries (table rows, rep efforts, delete snapshots and Undo);
- the progression's queries (the start screen's suggestion and reminders);
- CSV export and import, FIT/TCX activity files, and backups.

Modules a screen needs only later (CSV, backups, the history's queries) are imported when
first used, so the start-up path loads no more than before.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from hillsprint.core.clock import Clock
from hillsprint.storage.errors import StorageError, guarded, storage_errors
from hillsprint.storage.hills import HillLibrary
from hillsprint.storage.plans import PlanLibrary
from hillsprint.storage.repository import SessionRepository

if TYPE_CHECKING:
    from hillsprint.core.progression import SessionOutcome
    from hillsprint.storage.csv_import import ImportResult
    from hillsprint.storage.history_queries import HistoryRow, SessionSnapshot


T = TypeVar("T")


class Store:
    """Everything the screens read and write, on one connection from `open_database`.

    `database` (the file's path) is named in error messages; `backups_dir` is where
    `make_backup` and `daily_backup` write. Every method raises `StorageError` for a failure
    of the database (never `sqlite3.Error`); the other errors are each method's own
    (`LibraryError`, `ExportError`, `CsvImportError`, `ValueError` for a caller's mistake).
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        database: Path | None = None,
        backups_dir: Path | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._connection = connection
        self.database = database
        self.backups_dir = backups_dir
        with storage_errors(database):
            repository = SessionRepository(connection)
            # the file, for a second connection on another thread (`on_own_connection`)
            self._file = database or Path(connection.execute("PRAGMA database_list").fetchone()[2])
        self.sessions: SessionRepository = guarded(repository, database)
        self.plans: PlanLibrary = guarded(PlanLibrary(connection, clock), database)
        self.hills: HillLibrary = guarded(HillLibrary(connection), database)

    def close(self) -> None:
        self._connection.close()

    def on_own_connection(self, work: Callable[[Store], T]) -> T:
        """`work(store)` with a Store of its own on the same database file, opened and closed
        on the calling thread: a worker thread's (a sqlite3 connection stays on the thread
        that opened it). WAL lets the window read while the worker writes."""
        from hillsprint.storage.database import open_database
        from hillsprint.storage.db_file import DatabaseError

        with storage_errors(self.database):
            try:
                connection = open_database(self._file)
            except DatabaseError as exc:
                raise StorageError(str(exc)) from exc
        try:
            return work(Store(connection, database=self.database, backups_dir=self.backups_dir))
        finally:
            connection.close()

    # -- the history ---------------------------------------------------------------------

    def history_rows(self, session_id: str | None = None) -> list[HistoryRow]:
        """Every session as the history table shows it (or just `session_id`), newest first."""
        from hillsprint.storage.history_queries import history_rows

        with storage_errors(self.database):
            return history_rows(self._connection, session_id)

    def rep_efforts(self, session_ids: list[str]) -> dict[str, list[int | None]]:
        """Each session's rep efforts in rep order (for the rep-curves chart)."""
        from hillsprint.storage.history_queries import rep_efforts

        with storage_errors(self.database):
            return rep_efforts(self._connection, session_ids)

    def snapshot_session(self, session_id: str) -> SessionSnapshot | None:
        """A copy of the session's rows, taken before a delete so Undo can put it back."""
        from hillsprint.storage.history_queries import snapshot_session

        with storage_errors(self.database):
            return snapshot_session(self._connection, session_id)

    def restore_session(self, snapshot: SessionSnapshot) -> None:
        from hillsprint.storage.history_queries import restore_session

        with storage_errors(self.database):
            restore_session(self._connection, snapshot)

    # -- progression -----------------------------------------------------------------------

    def recent_outcomes(self, plan_name: str, hill: str | None) -> list[SessionOutcome]:
        """The newest finished sessions of that plan at that hill, as `suggest_next` wants."""
        from hillsprint.storage.progression_queries import recent_outcomes

        with storage_errors(self.database):
            return recent_outcomes(self._connection, plan_name, hill)

    def last_finished_session(self) -> tuple[str, str, str | None] | None:
        """(id, plan name, hill) of the newest finished session, or None before the first."""
        from hillsprint.storage.progression_queries import last_finished_session

        with storage_errors(self.database):
            return last_finished_session(self._connection)

    def finished_session_count(self) -> int:
        from hillsprint.storage.progression_queries import finished_session_count

        with storage_errors(self.database):
            return finished_session_count(self._connection)

    def hours_since_last_session(self, now: datetime) -> float | None:
        from hillsprint.storage.progression_queries import hours_since_last_session

        with storage_errors(self.database):
            return hours_since_last_session(self._connection, now)

    # -- CSV -------------------------------------------------------------------------------

    def export_csv(
        self,
        out: str | os.PathLike,
        level: str = "reps",
        date_from: date | None = None,
        date_to: date | None = None,
        progress=None,
    ) -> int:
        """Write sessions to the CSV file `out`; returns the rows written. A file problem is
        an `ExportError`, a database one a `StorageError`. `progress(done, total)`: rows
        written and rows to write (csv_export.write_csv)."""
        from hillsprint.storage.csv_export import export_csv

        with storage_errors(self.database):
            return export_csv(self._connection, out, level, date_from, date_to, progress)

    def import_csv(self, path: str | os.PathLike, progress=None) -> ImportResult:
        """Add the sessions of a reps CSV file, all or nothing (`CsvImportError` names every
        problem in the file; a `StorageError` means the database refused the write).
        `progress(done, total)`: reps written and reps to write (csv_import.import_csv)."""
        from hillsprint.storage.csv_import import import_csv

        with storage_errors(self.database):
            return import_csv(self._connection, path, progress)

    # -- activity files (FIT/TCX) -------------------------------------------------------

    def activity_file_name(self, session_id: str, fmt: str) -> str:
        """The file name an exported session gets (`ActivityExportError` for a session that
        is missing or still in progress)."""
        from hillsprint.storage.activity_export import file_name, find_sessions

        with storage_errors(self.database):
            (session,) = find_sessions(self._connection, session_ids=[session_id])
            return file_name(session, fmt)

    def export_activities(self, session_ids: list[str], out: str | os.PathLike, fmt: str):
        """One FIT or TCX file per session (`storage.activity_export.export_sessions`); a
        refusal or a file problem is an `ActivityExportError`."""
        from hillsprint.storage.activity_export import export_sessions, find_sessions

        with storage_errors(self.database):
            sessions = find_sessions(self._connection, session_ids=session_ids)
            return export_sessions(self._connection, sessions, Path(out), fmt)

    # -- backups ---------------------------------------------------------------------------

    def make_backup(self, label: str = "manual") -> Path:
        from hillsprint.storage.backups import make_backup

        with storage_errors(self.database):
            return make_backup(self._connection, self._backups(), label)

    def daily_backup(self) -> Path | None:
        """The day's first backup (None when there is one already or nothing to keep)."""
        from hillsprint.storage.backups import daily_backup

        with storage_errors(self.database):
            return daily_backup(self._connection, self._backups())

    def _backups(self) -> Path:
        if self.backups_dir is None:
            raise ValueError("this store was built without a backups folder")
        return self.backups_dir
