"""Importing a CSV while a session is being written by the window: in short transactions that
give way, so the window's next rep commit is not kept waiting.

SQLite lets one writer in at a time. A plain import writes every session in one transaction
(all or nothing, and fastest), which holds the write lock for its whole length: tens of ms
for two years of sessions, seconds for decades. A rep that ends meanwhile waits that long in
the window's event loop, with a cue to stop and a screen to switch. So when the folder is in
use, the import writes sessions for about `BATCH_S` at a time, commits, and then waits
`PAUSE_FACTOR` times as long as the lock was held (at least `MIN_PAUSE_S`): a waiting writer's
busy handler retries after 1, 2, 5 ms, so it finds the lock free within a retry or two. The
file is still checked whole before anything is written; an I/O failure part-way leaves the
sessions of the committed batches in place, and running the import again adds the rest (a
session already present is skipped).
"""

from __future__ import annotations

import os
import sqlite3
import time

from hillsprint.storage.csv_import import ImportResult, _insert_sessions
from hillsprint.storage.csv_imported import ImportedRows
from hillsprint.storage.csv_reading import read_reps_csv
from hillsprint.storage.database import transaction

BATCH_S = 0.001  # insert for this long, then commit
PAUSE_FACTOR = 2.0  # then leave the lock free this many times as long as it was held
MIN_PAUSE_S = 0.005


class ImportInterrupted(Exception):
    """A storage error part-way: `done` says what was committed before it."""

    def __init__(self, cause: sqlite3.Error, done: ImportResult) -> None:
        super().__init__(str(cause))
        self.done = done


def import_csv_giving_way(conn: sqlite3.Connection, path: str | os.PathLike) -> ImportResult:
    """Like `csv_import.import_csv` (raises `CsvImportError` with nothing written for a bad
    file), but in short transactions with pauses between them."""
    rows = read_reps_csv(path)
    done = ImportResult(0, 0, 0)
    first = rep_start = 0  # the next session to write, and where its reps begin
    while first < len(rows.sessions):
        started = time.perf_counter()
        batch = ImportResult(0, 0, 0)
        try:
            with transaction(conn):
                while True:  # at least one session a batch, however slow
                    session = rows.sessions[first]
                    rep_end = rep_start + session.rep_count
                    one = ImportedRows([session], tuple(c[rep_start:rep_end] for c in rows.reps))
                    batch = _add(batch, _insert_sessions(conn, one, None))
                    first, rep_start = first + 1, rep_end
                    if first == len(rows.sessions) or time.perf_counter() - started >= BATCH_S:
                        break
        except sqlite3.Error as exc:  # this batch was rolled back; the earlier ones stay
            raise ImportInterrupted(exc, done) from None
        done = _add(done, batch)
        if first < len(rows.sessions):
            held = time.perf_counter() - started
            time.sleep(max(MIN_PAUSE_S, held * PAUSE_FACTOR))
    return done


def _add(a: ImportResult, b: ImportResult) -> ImportResult:
    return ImportResult(a.sessions + b.sessions, a.reps + b.reps, a.skipped + b.skipped)
