"""Foster's session load: session RPE × active minutes."""

from __future__ import annotations

import pytest

from hillsprint.core.load import session_load


@pytest.mark.parametrize(
    ("rpe", "duration_s", "load"),
    [(7, 1800.0, 210.0), (0, 1800.0, 0.0), (10, 90.0, 15.0), (None, 1800.0, None), (5, None, None)],
)
def test_session_load(rpe, duration_s, load) -> None:
    assert session_load(rpe, duration_s) == load
