"""Kill a running session with SIGKILL, start again, resume: nothing stored is lost and the
session goes on at the next rep's GET READY."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hillsprint.core.clock import ManualClock
from hillsprint.core.records import SessionStatus
from hillsprint.core.session_events import Phase
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow

RUNNER = Path(__file__).with_name("_session_runner.py")


def run_until_reps_stored(data: Path, reps: int) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, str(RUNNER), str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    acks = []
    try:
        for line in proc.stdout:
            acks.append(line.split())
            if sum(1 for a in acks if a[2] == "True") >= reps:  # rep `reps` walked down too
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return acks


@pytest.mark.slow
def test_killed_session_is_resumed_after_a_restart(qtbot, tmp_path):
    acks = run_until_reps_stored(tmp_path, reps=2)
    acked = {int(number) for _, number, _ in acks}
    assert {1, 2} <= acked

    connection = open_database(tmp_path / "hillsprint.sqlite3")
    try:
        repository = SessionRepository(connection)
        (session,) = repository.in_progress_sessions()
        stored = {rep.number for rep in repository.reps(session.id)}
        assert acked <= stored  # every acknowledged rep survived the kill
        clock = ManualClock(10.0)
        window = MainWindow(Store(repository.connection), resolve_paths(tmp_path), clock=clock)
        qtbot.addWidget(window)
        window.show()
        window.offer_recovery()
        next_rep = max(stored) + 1
        assert window.flow.recovery.resume_button.text() == f"Resume at rep {next_rep}"
        window.flow.recovery.resume_button.click()
        state = window.controller.engine.state()
        assert (state.phase, state.rep) == (Phase.GET_READY, next_rep)
        while window.controller is not None:
            clock.advance(0.05)
            window.controller.wake()
        window.summary.request_save()
        final = repository.get_session(session.id)
        assert final.status is SessionStatus.COMPLETED
        assert [rep.number for rep in repository.reps(session.id)] == [1, 2, 3, 4, 5, 6]
    finally:
        connection.close()
