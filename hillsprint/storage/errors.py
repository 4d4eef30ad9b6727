"""The one error a screen sees when the open database fails: `StorageError`.

SQLite reports trouble with the file in use (damaged pages, a full disk, a lock held by
another program, a folder made read-only) as `sqlite3.Error` from whatever query meets it
first. Screens should neither know that type nor decide whether it is worth showing: every
call through the `Store` turns it into a `StorageError` whose message is one line a runner
can read and act on (what SQLite said, and which file). The SQLite exception stays attached
as `__cause__` for anyone debugging.

Opening the file is a different matter with its own errors (`db_file.DatabaseError` and its
family, raised before any screen exists); this type is for the database once it is open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from types import FunctionType, MethodType
from typing import Any, TypeVar

T = TypeVar("T")


class StorageError(Exception):
    """Reading or writing the open database failed; `str()` is one line for the runner."""


def describe(exc: sqlite3.Error, database: Path | None = None) -> str:
    """SQLite's words on one line ("database disk image is malformed"), with the file."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return f"{reason} ({database})" if database is not None else reason


@contextmanager
def storage_errors(database: Path | None = None) -> Iterator[None]:
    """Inside this block a `sqlite3.Error` leaves as a `StorageError`."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(describe(exc, database)) from exc


class Guarded:
    """Every public method of `target`, with `sqlite3.Error` turned into `StorageError`.

    Only methods pass through: attributes such as a repository's `connection` stay hidden,
    so a screen handed a guarded object cannot reach around it to the raw database. New
    methods of the wrapped class are guarded without anyone listing them here.
    """

    def __init__(self, target: object, database: Path | None = None) -> None:
        self._target = target
        self._database = database

    def __getattr__(self, name: str) -> Callable[..., Any]:
        value = getattr(self._target, name)
        # routines only: a sqlite3.Connection is callable too, and must stay hidden
        if name.startswith("_") or not isinstance(value, (MethodType, FunctionType)):
            raise AttributeError(f"{type(self._target).__name__}.{name} is not offered")
        database = self._database

        @wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            with storage_errors(database):
                return value(*args, **kwargs)

        return call

    def __repr__(self) -> str:
        return f"Guarded({self._target!r})"


def guarded(target: T, database: Path | None = None) -> T:
    """`target` behind a `Guarded` wrapper, typed as `target` for the callers' sake (it has
    the same methods; only the error they raise differs)."""
    return Guarded(target, database)  # type: ignore[return-value]
