"""The window icon, from the PNGs in resources/icons/hicolor: the app sets it on the
QApplication and the self-check checks it is not null, from this one place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from hillsprint import APP_ID
from hillsprint.resources import resource_path


def icon_files() -> list[Path]:
    """The window icon's PNGs, resources/icons/hicolor/<N>x<N>/apps/<APP_ID>.png (16-512 px;
    made from the SVG beside them by packaging/icons/render_icons.py). Empty without them."""
    try:
        folder = resource_path("icons", "hicolor")
    except FileNotFoundError:
        return []
    return sorted(folder.glob(f"*/apps/{APP_ID}.png"))


def app_icon() -> QIcon:
    """The QIcon every window shows (set on the QApplication). PNGs only: they need no image
    plugin (an SVG would need Qt's), and Qt picks the nearest size for the title bar, the
    taskbar and the window switcher."""
    icon = QIcon()
    for path in icon_files():
        side = int(path.parent.parent.name.split("x")[0])  # .../<N>x<N>/apps/<id>.png
        icon.addFile(str(path), QSize(side, side))  # with its size given, read only when drawn
    return icon
