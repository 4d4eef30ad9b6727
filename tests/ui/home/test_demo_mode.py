"""`hillsprint --demo`: a generated year of history in a temporary data dir; the real data dir
is never touched, and the temporary one is gone after exit."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from hillsprint import app
from hillsprint.cli import parse_args
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository


def test_demo_flag_parses():
    assert parse_args(["--demo"]).demo is True
    assert parse_args([]).demo is False


def test_demo_history_is_a_recent_year(tmp_path):
    connection = open_database(tmp_path / "demo.sqlite3")
    try:
        app._fill_demo(connection)
        sessions = SessionRepository(connection).list_sessions()
    finally:
        connection.close()
    assert 100 <= len(sessions) <= 210  # 2-4 a week, some weeks off
    newest = datetime.fromisoformat(sessions[0].started_at)
    oldest = datetime.fromisoformat(sessions[-1].started_at)
    now = datetime.now().astimezone()
    assert now - newest < timedelta(days=14)
    assert timedelta(days=330) < now - oldest <= timedelta(days=366)


def test_demo_leaves_the_real_data_dir_untouched(tmp_path):
    real = tmp_path / "real-data"
    real.mkdir()
    (real / "keep.txt").write_text("mine")
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HILLSPRINT_DATA_DIR": str(real),
        app.BENCH_FIRST_PAINT_ENV: "1",
        "TMPDIR": str(temp_root),
    }
    result = subprocess.run(
        [sys.executable, "-m", "hillsprint", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "first-paint" in result.stdout
    assert [p.name for p in real.iterdir()] == ["keep.txt"]
    assert (real / "keep.txt").read_text() == "mine"
    assert list(Path(temp_root).iterdir()) == []  # the demo dir was removed at exit
