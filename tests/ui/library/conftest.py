"""Shared by the library room's tests: a plan library on a temporary database. (The hills
dialog's tests define their own `library`, the hills library, which takes precedence there.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from hillsprint.storage.database import open_database
from hillsprint.storage.plans import PlanLibrary


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hillsprint.sqlite3"


@pytest.fixture
def library(db_path: Path, tmp_path: Path):
    conn = open_database(db_path, backups_dir=tmp_path / "backups")
    yield PlanLibrary(conn)
    conn.close()
