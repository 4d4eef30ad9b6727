"""Training load: Foster's session-RPE method (Foster et al. 2001, J Strength Cond Res 15:109).

The load of a session is its session effort (0-10) times its duration in minutes, in arbitrary
units. Pure, so the CSV export and the history metrics compute it the same way.
"""

from __future__ import annotations


def session_load(session_rpe: int | None, duration_s: float | None) -> float | None:
    """session RPE × active minutes, or None when either is unknown."""
    if session_rpe is None or duration_s is None:
        return None
    return session_rpe * (duration_s / 60.0)
