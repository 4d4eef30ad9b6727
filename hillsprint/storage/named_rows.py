"""Rows found by name as the runner means it: own plans and hills are unique by
`core.hill.name_key` (trimmed, case-folded), compared in Python, not with SQLite's NOCASE, which
folds ASCII letters only ("Ölberg" and "ölberg" are one hill). The libraries are small."""

from __future__ import annotations

import sqlite3
from typing import Literal

from hillsprint.core.hill import name_key


def id_named(
    conn: sqlite3.Connection,
    table: Literal["plans", "hills"],
    name: str,
    except_id: int | None = None,
) -> int | None:
    """The id of the row of `table` whose name is `name` by `name_key` (not `except_id`)."""
    if table not in ("plans", "hills"):
        raise ValueError(f"table: expected 'plans' or 'hills', got {table!r}")
    wanted = name_key(name)
    for row_id, row_name in conn.execute(f"SELECT id, name FROM {table} ORDER BY id"):
        if row_id != except_id and name_key(str(row_name)) == wanted:
            return int(row_id)
    return None
