"""Fixtures for storage tests: every database lives in pytest's tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hillsprint.sqlite3"


@pytest.fixture
def repo(db_path: Path) -> Iterator[SessionRepository]:
    conn = open_database(db_path)
    try:
        yield SessionRepository(conn)
    finally:
        conn.close()


@pytest.fixture
def plan() -> Plan:
    return Plan(
        name="Classic 3x10",
        reps=(RepSpec(10, 120), RepSpec(10, 120), RepSpec(12, 60, manual=True)),
        description="three short ones",
    )


@pytest.fixture
def make_rep() -> Callable[..., RepRecord]:
    def make(number: int, **changes: object) -> RepRecord:
        values: dict = {
            "number": number,
            "started_at": f"2026-05-04T07:1{number}:00.000+02:00",
            "sprint_planned_s": 10.0,
            "sprint_s": 10.25,
            "recovery_planned_s": 120.0,
            "recovery_s": None,
            "recovery_manual": False,
            "status": RepStatus.DONE,
        }
        values.update(changes)
        return RepRecord(**values)

    return make
