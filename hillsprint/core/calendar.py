"""Calendar arithmetic for records: where a training week starts (Monday, local time)."""

from __future__ import annotations

from datetime import datetime, timedelta


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 of the week containing `moment`, in `moment`'s own time zone."""
    if moment.tzinfo is None:
        raise ValueError("week_start needs an aware datetime")
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=midnight.weekday())
