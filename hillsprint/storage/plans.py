"""The runner's own plans (schema 2), on a connection from `open_database`.

`PlanLibrary` keeps own plans as plan-file JSON text, the same format as a plan file, and
validates each one again when it is read: a row that no longer validates (edited by hand,
written by a newer version) is listed as broken with the reason, never a crash. Built-in presets
stay in code, read-only; `duplicate` turns one into an own plan. Own plan names are unique
(by `core.hill.name_key`: ignoring case and surrounding spaces) and never a preset's name, so a
name always says which plan is meant; `name_problem` says why a name cannot be used, for a form
to show before Save.

Every write is one transaction, committed before it returns (a savepoint inside a caller's
`transaction()`). Every refusal is a `LibraryError` with a one-line message.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from hillsprint.core.clock import Clock, SystemClock, iso
from hillsprint.core.hill import name_key
from hillsprint.core.plan import (
    MAX_NAME_LEN,
    Plan,
    PlanError,
    load_plan_file,
    plan_from_json,
    plan_from_json_text,
)
from hillsprint.core.presets import PRESETS
from hillsprint.storage.atomic_file import write_atomically
from hillsprint.storage.database import transaction
from hillsprint.storage.library_errors import (
    InvalidFieldError,
    LibraryError,
    NameClashError,
    NotInLibraryError,
)
from hillsprint.storage.named_rows import id_named

_COPY_SUFFIX = re.compile(r"^(?P<base>.*\S) \((?P<n>\d+)\)$")


class BrokenPlanError(LibraryError):
    """The stored plan no longer validates, so it cannot be used, duplicated or exported
    (it can still be replaced with `update` or deleted)."""


class PlanFileError(LibraryError):
    """A plan file cannot be read or written: no such file, a folder, no permission, full disk,
    not a valid plan. Nothing was written (an export leaves an older file untouched)."""


# -- plans --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanEntry:
    """One own plan as stored. `plan` is None when the stored JSON does not validate any more;
    `problem` then says why."""

    id: int
    name: str
    plan: Plan | None
    problem: str
    created_at: str
    updated_at: str

    @property
    def broken(self) -> bool:
        return self.plan is None


_PLAN_COLUMNS = "SELECT id, name, plan_json, created_at, updated_at FROM plans"


class PlanLibrary:
    """Own plans: list, read, save, rename/edit, delete, duplicate, import and export."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock | None = None) -> None:
        self.connection = conn
        self._clock = clock or SystemClock()

    # -- reads ----------------------------------------------------------------------------

    def list(self) -> list[PlanEntry]:
        """Every own plan, broken ones included (check `.broken`), by name ignoring case
        (code-point order: a locale-aware order is the view's business)."""
        entries = [_entry(row) for row in self.connection.execute(_PLAN_COLUMNS)]
        return sorted(entries, key=lambda e: (name_key(e.name), e.id))

    def get(self, plan_id: int) -> PlanEntry | None:
        row = self.connection.execute(_PLAN_COLUMNS + " WHERE id = ?", (plan_id,)).fetchone()
        return None if row is None else _entry(row)

    def find(self, name: str) -> PlanEntry | None:
        """The own plan with this name, ignoring case and surrounding spaces."""
        plan_id = id_named(self.connection, "plans", name)
        return None if plan_id is None else self.get(plan_id)

    def unique_name(self, base: str) -> str:
        """`base` if no plan or preset has it, else "base (2)", "base (3)", ...

        A base that already ends in " (n)" counts on from its stem ("X (2)" gives "X (3)"),
        and a long base is shortened so that the result fits the plan-name limit.
        """
        name = base.strip()[:MAX_NAME_LEN].rstrip() or "Plan"
        taken = self._taken_names()
        if name_key(name) not in taken:
            return name
        match = _COPY_SUFFIX.match(name)
        stem, number = (match["base"], int(match["n"]) + 1) if match else (name, 2)
        while True:
            suffix = f" ({number})"
            candidate = stem[: MAX_NAME_LEN - len(suffix)].rstrip() + suffix
            if name_key(candidate) not in taken:
                return candidate
            number += 1

    def name_problem(self, name: str, except_id: int | None = None) -> str:
        """Why `name` cannot be the name of own plan `except_id` (None: a new plan): it is a
        built-in plan's name, or another own plan's (by `name_key`). '' when it can be."""
        key = name_key(name)
        for preset in PRESETS.values():
            if name_key(preset.name) == key:
                return f"{preset.name!r} is the name of a built-in plan; choose another name"
        other = id_named(self.connection, "plans", name, except_id)
        if other is None:
            return ""
        (taken,) = self.connection.execute(
            "SELECT name FROM plans WHERE id = ?", (other,)
        ).fetchone()
        return f"an own plan called {taken!r} already exists; choose another name"

    # -- writes ---------------------------------------------------------------------------

    def save_new(self, plan: Plan) -> PlanEntry:
        """Store `plan` as a new own plan; `NameClashError` when its name is taken."""
        plan = _validated(plan)
        now = self._now()
        with transaction(self.connection) as conn:
            self._refuse_taken(plan.name, except_id=None)
            cursor = conn.execute(
                "INSERT INTO plans (name, plan_json, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (plan.name, plan.to_json_text(), now, now),
            )
            plan_id = int(cursor.lastrowid)
        return PlanEntry(plan_id, plan.name, plan, "", now, now)

    def update(self, plan_id: int, plan: Plan) -> PlanEntry:
        """Replace the stored plan (renaming it if the name changed). A broken entry may be
        replaced too. `NameClashError` when the new name belongs to another plan."""
        plan = _validated(plan)
        now = self._now()
        with transaction(self.connection) as conn:
            row = conn.execute("SELECT created_at FROM plans WHERE id = ?", (plan_id,)).fetchone()
            if row is None:
                raise NotInLibraryError(f"no own plan with id {plan_id}")
            self._refuse_taken(plan.name, except_id=plan_id)
            conn.execute(
                "UPDATE plans SET name = ?, plan_json = ?, updated_at = ? WHERE id = ?",
                (plan.name, plan.to_json_text(), now, plan_id),
            )
        return PlanEntry(plan_id, plan.name, plan, "", row[0], now)

    def delete(self, plan_id: int) -> None:
        """Delete an own plan. Sessions run with it keep their own copy of the plan."""
        with transaction(self.connection) as conn:
            if conn.execute("DELETE FROM plans WHERE id = ?", (plan_id,)).rowcount == 0:
                raise NotInLibraryError(f"no own plan with id {plan_id}")

    def duplicate(self, source: int | Plan) -> PlanEntry:
        """Copy an own plan (by id) or any `Plan` (a preset) into a new own plan named
        `unique_name(name)`: "Hill power" becomes "Hill power (2)"."""
        plan = self._usable(source) if isinstance(source, int) else source
        with transaction(self.connection):  # the free name is still free when it is taken
            return self.save_new(replace(plan, name=self.unique_name(plan.name)))

    def import_plan_file(self, path: str | os.PathLike, *, rename: bool = True) -> PlanEntry:
        """Read a plan file (the JSON plan-file format) into a new own plan. A name already
        taken becomes `unique_name(name)`, or a `NameClashError` with `rename=False`."""
        try:
            plan = load_plan_file(path)
        except PlanError as exc:
            raise PlanFileError(str(exc)) from None
        if not rename:
            return self.save_new(plan)
        with transaction(self.connection):
            return self.save_new(replace(plan, name=self.unique_name(plan.name)))

    def export_plan_file(self, source: int | Plan, path: str | os.PathLike) -> Path:
        """Write an own plan (by id) or any `Plan` (a preset) as a plan file; see
        `write_plan_file`. Returns the path written."""
        plan = self._usable(source) if isinstance(source, int) else _validated(source)
        return write_plan_file(plan, path)

    # -- helpers --------------------------------------------------------------------------

    def _usable(self, plan_id: int) -> Plan:
        entry = self.get(plan_id)
        if entry is None:
            raise NotInLibraryError(f"no own plan with id {plan_id}")
        if entry.plan is None:
            raise BrokenPlanError(f"own plan {entry.name!r} is broken: {entry.problem}")
        return entry.plan

    def _taken_names(self) -> set[str]:
        taken = {name_key(plan.name) for plan in PRESETS.values()}
        taken.update(name_key(str(row[0])) for row in self.connection.execute(_NAMES))
        return taken

    def _refuse_taken(self, name: str, except_id: int | None) -> None:
        problem = self.name_problem(name, except_id)
        if problem:
            raise NameClashError(problem, name)

    def _now(self) -> str:
        return iso(self._clock.wall())


_NAMES = "SELECT name FROM plans"


def _validated(plan: Plan) -> Plan:
    """The plan as a plan file would give it back (names trimmed), or `InvalidFieldError`."""
    try:
        return plan_from_json(plan.to_json())
    except PlanError as exc:
        raise InvalidFieldError("plan", str(exc)) from None
    except (TypeError, ValueError, AttributeError) as exc:  # not a Plan of the right types
        raise InvalidFieldError("plan", f"not a valid plan ({exc})") from None


def _entry(row: tuple) -> PlanEntry:
    plan_id, name, text, created_at, updated_at = row
    name = str(name)
    try:
        if not isinstance(text, str):
            raise PlanError(f"stored as {type(text).__name__}, not JSON text")
        plan = plan_from_json_text(text)
    except PlanError as exc:
        return PlanEntry(plan_id, name, None, str(exc), created_at, updated_at)
    if plan.name != name:  # edited by hand: the column is the name the list shows
        plan = replace(plan, name=name)
    return PlanEntry(plan_id, name, plan, "", created_at, updated_at)


def write_plan_file(plan: Plan, path: str | os.PathLike) -> Path:
    """Write `plan` to `path` in the plan-file format, replacing an older file of that name.

    The text goes to a temporary file in the same folder, is fsynced and renamed into place,
    so a failure (full disk, no permission) leaves no partial file and an older file intact.
    Every failure is a `PlanFileError` naming the file. The file gets the usual permissions
    (0666 less the umask), like any file a program creates.
    """
    out = Path(path)
    if out.is_dir():
        raise PlanFileError(f"cannot export to {out}: it is a folder, not a file")
    if out.exists() and not out.is_file():
        raise PlanFileError(f"cannot export to {out}: it is not a regular file")
    folder = out.parent
    if not folder.is_dir():
        raise PlanFileError(f"cannot export to {out}: folder {folder} does not exist")
    try:
        write_atomically(out, lambda stream: stream.write(plan.to_json_text()))
    except OSError as exc:
        raise PlanFileError(f"cannot export to {out}: {_why(exc)}; nothing was written") from None
    return out


def _why(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "no permission to write in that folder"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return exc.strerror or str(exc)
