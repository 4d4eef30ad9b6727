"""Dates, times and numbers as the runner's language writes them (QLocale: weekday and month
names, decimal comma). The window only: CSV files and the command line keep ISO 8601 and `.`
decimals in every language, so that files and scripts read the same everywhere.

Patterns use Qt's tokens (`ddd` weekday, `dd` day, `MMM` month, `yyyy` year, `HH:mm` time); a
stored moment is shown at its own wall-clock time (the offset it was saved with), as the runner
saw it at the hill.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

DATE_TIME = "ddd dd MMM yyyy, HH:mm"  # Thu 03 Dec 2026, 06:48
DATE = "ddd dd MMM yyyy"  # Thu 03 Dec 2026
SHORT_DATE = "dd MMM yyyy"  # 03 Dec 2026
TIME_SECONDS = "HH:mm:ss"


def moment_text(moment: datetime | date | str, pattern: str = DATE_TIME) -> str:
    """`moment` (a datetime, a date, or an ISO 8601 string) in `pattern`, in the window's
    language."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    day = QDate(moment.year, moment.month, moment.day)
    if not isinstance(moment, datetime):
        return QLocale().toString(day, pattern)
    clock = QTime(moment.hour, moment.minute, moment.second)
    return QLocale().toString(QDateTime(day, clock), pattern)


def number_text(value: float, digits: int = 0) -> str:
    """`value` with `digits` decimals and the language's decimal mark (6.5 or 6,5)."""
    return QLocale().toString(float(value), "f", digits)
