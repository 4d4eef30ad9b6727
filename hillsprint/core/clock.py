"""Clocks: the one place the core reads time, so tests can drive it exactly.

`monotonic()` is the session timeline. On Linux it stops while the laptop is suspended, while
`boottime()` (CLOCK_BOOTTIME) keeps counting: a jump in their difference means the machine
slept. `wall()` is only for records (aware datetime, local offset).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Protocol

_BOOTTIME = getattr(time, "CLOCK_BOOTTIME", None)


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def boottime(self) -> float: ...

    def wall(self) -> datetime: ...


class SystemClock:
    """The real clocks of this machine."""

    def monotonic(self) -> float:
        return time.monotonic()

    def boottime(self) -> float:
        if _BOOTTIME is None:  # not Linux: no way to see a suspend, so report none
            return time.monotonic()
        return time.clock_gettime(_BOOTTIME)

    def wall(self) -> datetime:
        return datetime.now().astimezone()


class ManualClock:
    """A clock that moves only when told to: for tests, benchmarks and demo data."""

    def __init__(
        self,
        start: float = 1000.0,
        wall_start: datetime | None = None,
    ) -> None:
        self._mono = start
        self._boot = start
        self._mono0 = start
        self._wall0 = wall_start or datetime(2026, 5, 4, 7, 0, tzinfo=timezone(timedelta(hours=2)))

    def monotonic(self) -> float:
        return self._mono

    def boottime(self) -> float:
        return self._boot

    def wall(self) -> datetime:
        return self._wall0 + timedelta(seconds=self._boot - self._mono0)

    def advance(self, seconds: float) -> None:
        """Time passes with the machine awake."""
        if seconds < 0:
            raise ValueError("a monotonic clock never goes back")
        self._mono += seconds
        self._boot += seconds

    def set(self, instant: float) -> None:
        self.advance(instant - self._mono)

    def suspend(self, seconds: float) -> None:
        """The machine sleeps: wall and boot time move, monotonic time stands still."""
        self._boot += seconds


def iso(moment: datetime) -> str:
    """ISO 8601 with UTC offset and millisecond precision, as stored and exported."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must carry a UTC offset")
    return moment.isoformat(timespec="milliseconds")


class NoUtcOffsetError(ValueError):
    """A timestamp without a UTC offset: the instant it names is unknown."""


class OffsetSecondsError(ValueError):
    """A UTC offset with seconds: SQLite's date functions cannot read it."""


def canonical_timestamp(text: str) -> str:
    """The stored form (`iso`) of an ISO 8601 timestamp. Raises ValueError when `text` is
    not one, `NoUtcOffsetError` without an offset, `OffsetSecondsError` for an offset that is
    not whole minutes; the callers (the repository, the CSV import) word their own message."""
    moment = datetime.fromisoformat(text)
    offset = moment.utcoffset()
    if offset is None:
        raise NoUtcOffsetError(text)
    if offset % timedelta(minutes=1):
        raise OffsetSecondsError(text)
    return iso(moment)
