"""The sample history is plausible and the same for the same seed."""

from __future__ import annotations

from contextlib import closing
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from hillsprint.core.records import SessionStatus
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.sample_history import DEFAULT_UNTIL, fill_history


def history(path: Path, seed: int) -> list[tuple]:
    """Everything but the random session ids."""
    with closing(open_database(path)) as conn:
        repo = SessionRepository(conn)
        assert fill_history(repo, years=1, seed=seed) > 0
        return [
            (replace(s, id=""), repo.reps(s.id), repo.actions(s.id)) for s in repo.list_sessions()
        ]


def test_same_seed_same_history(tmp_path: Path) -> None:
    first = history(tmp_path / "a.sqlite3", seed=3)
    assert history(tmp_path / "b.sqlite3", seed=3) == first
    assert history(tmp_path / "c.sqlite3", seed=4) != first


def test_one_year_looks_like_training(repo: SessionRepository) -> None:
    count = fill_history(repo, years=1)
    sessions = repo.list_sessions()
    assert len(sessions) == count
    assert 120 <= count <= 200  # about three a week
    first = datetime.fromisoformat(sessions[-1].started_at)
    assert (DEFAULT_UNTIL - first).days <= 366
    assert datetime.fromisoformat(sessions[0].started_at) < DEFAULT_UNTIL
    assert {s.started_at[-6:] for s in sessions} == {"+01:00", "+02:00"}
    assert repo.in_progress_sessions() == []
    assert {s.status for s in sessions} <= {SessionStatus.COMPLETED, SessionStatus.ENDED_EARLY}
    reps = [rep for s in sessions for rep in repo.reps(s.id)]
    assert 8 <= len(reps) / count <= 12
    efforts = [rep.effort for rep in reps if rep.effort is not None]
    assert all(0 <= e <= 10 for e in efforts) and len(efforts) > 0.9 * len(reps)
    for s in sessions:
        session_reps = repo.reps(s.id)
        assert session_reps[-1].recovery_s is None  # the last walk-down is the cool-down
        assert all(rep.recovery_s is not None for rep in session_reps[:-1])
