"""The runner's hills (schema 2), on a connection from `open_database`: the hills the start
screen offers. What a hill may be (`Hill`, its limits, `validate_hill`) is `core.hill`'s rule;
this module stores hills that pass it.

Sessions store the hill's *name* as it was when they were run (a snapshot), so renaming or
deleting a hill never rewrites history; a session belongs to a hill when its name matches by
`core.hill.name_key` (ignoring case and surrounding spaces; `HillLibrary.find`).

Every write is one transaction, committed before it returns (a savepoint inside a caller's
`transaction()`). Every refusal is a `LibraryError` with a one-line message; a value the hill's
rules refuse is an `InvalidFieldError` naming the `Hill` field.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from hillsprint.core.hill import Hill, HillError, name_key, validate_hill
from hillsprint.storage.database import transaction
from hillsprint.storage.library_errors import InvalidFieldError, NameClashError, NotInLibraryError
from hillsprint.storage.named_rows import id_named

_HILL_COLUMNS = "SELECT name, length_m, gradient_pct, surface, notes, id FROM hills"


class HillLibrary:
    """The hills: list, read, add, edit, delete."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.connection = conn

    def list(self) -> list[Hill]:
        """Every hill, by name ignoring case (code-point order, as `PlanLibrary.list`)."""
        hills = [Hill(*row) for row in self.connection.execute(_HILL_COLUMNS)]
        return sorted(hills, key=lambda h: (name_key(h.name), h.id))

    def get(self, hill_id: int) -> Hill | None:
        row = self.connection.execute(_HILL_COLUMNS + " WHERE id = ?", (hill_id,)).fetchone()
        return None if row is None else Hill(*row)

    def find(self, name: str | None) -> Hill | None:
        """The hill a session's hill name means: same `name_key`. None for no name, or a hill
        since renamed or deleted."""
        if not name or not name.strip():
            return None
        hill_id = id_named(self.connection, "hills", name)
        return None if hill_id is None else self.get(hill_id)

    def add(self, hill: Hill) -> Hill:
        """Store a new hill (its `id` is ignored); returns it with its id."""
        hill = _valid(hill)
        with transaction(self.connection) as conn:
            self._refuse_taken(hill.name)
            cursor = conn.execute(
                "INSERT INTO hills (name, length_m, gradient_pct, surface, notes)"
                " VALUES (?, ?, ?, ?, ?)",
                (hill.name, hill.length_m, hill.gradient_pct, hill.surface, hill.notes),
            )
            return replace(hill, id=int(cursor.lastrowid))

    def update(self, hill_id: int, hill: Hill) -> Hill:
        """Replace hill `hill_id` by `hill` (whose `id`, if set, must be `hill_id`). Renaming
        leaves sessions with the old name: history is not rewritten."""
        if hill.id is not None and hill.id != hill_id:
            raise InvalidFieldError("id", f"hill {hill.id} given to update hill {hill_id}")
        hill = replace(_valid(hill), id=hill_id)
        with transaction(self.connection) as conn:
            if conn.execute("SELECT 1 FROM hills WHERE id = ?", (hill_id,)).fetchone() is None:
                raise NotInLibraryError(f"no hill with id {hill_id}")
            self._refuse_taken(hill.name, except_id=hill_id)
            conn.execute(
                "UPDATE hills SET name = ?, length_m = ?, gradient_pct = ?, surface = ?,"
                " notes = ? WHERE id = ?",
                (hill.name, hill.length_m, hill.gradient_pct, hill.surface, hill.notes, hill_id),
            )
        return hill

    def delete(self, hill_id: int) -> None:
        """Delete a hill. Sessions run on it keep its name."""
        with transaction(self.connection) as conn:
            if conn.execute("DELETE FROM hills WHERE id = ?", (hill_id,)).rowcount == 0:
                raise NotInLibraryError(f"no hill with id {hill_id}")

    def _refuse_taken(self, name: str, except_id: int | None = None) -> None:
        other = id_named(self.connection, "hills", name, except_id)
        if other is not None:
            taken = self.connection.execute("SELECT name FROM hills WHERE id = ?", (other,))
            raise NameClashError(
                f"a hill called {taken.fetchone()[0]!r} already exists; choose another name", name
            )


def _valid(hill: Hill) -> Hill:
    """`validate_hill`, refusing as the library does (a `LibraryError`)."""
    try:
        return validate_hill(hill)
    except HillError as exc:
        raise InvalidFieldError(exc.field, exc.problem) from None
