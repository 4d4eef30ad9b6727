"""What a checked reps file holds, in the shape the database takes it.

Both readers produce it (the column reader straight from the columns, the row-by-row reader from
its sessions) and `csv_import` writes it. Reps are kept column by column: each column is one list
in the reps table's column order, which is what a multi-row INSERT binds, without a tuple per rep.
"""

from __future__ import annotations

from dataclasses import dataclass

# The reps table's columns, in the order of `ImportedRows.reps`.
REP_COLUMNS = (
    "session_id",
    "number",
    "started_at",
    "sprint_planned_s",
    "sprint_s",
    "recovery_planned_s",
    "recovery_s",
    "recovery_manual",
    "effort",
    "status",
)


@dataclass(frozen=True)
class ImportedSession:
    """A session of the file: (id, started_at, ended_at, plan_name, hill, status, session_rpe,
    duration_s, notes) as stored, and how many reps it has."""

    values: tuple
    rep_count: int

    @property
    def id(self) -> str:
        return self.values[0]


@dataclass(frozen=True)
class ImportedRows:
    """The sessions in file order; each session's reps, by number, follow those of the sessions
    before it in every list of `reps` (one list a column of REP_COLUMNS)."""

    sessions: list[ImportedSession]
    reps: tuple[list, ...]

    def rep_rows(self) -> list[tuple]:
        """One tuple a rep (for tests and small files; the writer binds the columns)."""
        return list(zip(*self.reps, strict=True))
