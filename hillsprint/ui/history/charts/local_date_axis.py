"""pyqtgraph's date axis, its tick labels in the window's language (QLocale: "Dez.", "jeu."),
where pyqtgraph writes them with strftime in the C locale."""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    adjustTimestampToPreferredUtcOffset,
    utcfromtimestamp,
)

from hillsprint.ui.common.local_format import moment_text

# pyqtgraph's tick formats (its zoom levels) in Qt's date tokens; anything else (the
# sub-second ticks) keeps pyqtgraph's own label
QT_PATTERNS = {
    "%Y": "yyyy",
    "%b": "MMM",
    "%d": "dd",
    "%a %d": "ddd dd",
    "%H:%M": "HH:mm",
    "%H:%M:%S": "HH:mm:ss",
}


class LocalDateAxis(pg.DateAxisItem):
    def tickStrings(self, values, scale, spacing):
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        pattern = QT_PATTERNS.get(spec.format) if spec is not None else None
        if pattern is None:
            return super().tickStrings(values, scale, spacing)
        try:
            moments = [
                utcfromtimestamp(adjustTimestampToPreferredUtcOffset(v, self.utcOffset))
                for v in values
            ]
        except (OverflowError, ValueError, OSError):
            return super().tickStrings(values, scale, spacing)
        return [moment_text(moment, pattern) for moment in moments]
