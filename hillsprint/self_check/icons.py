"""The self-check of the icons: every PNG decodes at its hicolor size, every SVG renders, and
the window icon the app sets is not null."""

from __future__ import annotations

from pathlib import Path

from hillsprint.self_check.report import CheckFailed


def icon_sources(resources: Path) -> list[Path]:
    return sorted(p for p in (resources / "icons").rglob("*") if p.suffix in (".png", ".svg"))


def check_icons(resources: Path) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImageReader

    files = icon_sources(resources)
    if not files:
        raise CheckFailed([f"no icons in {resources / 'icons'}"])
    problems = []
    pngs = svgs = 0
    for path in files:
        if path.suffix == ".svg":
            svgs += 1
            problem = _svg_problem(path)
        else:
            pngs += 1
            reader = QImageReader(str(path))
            image = reader.read()
            problem = "" if not image.isNull() else f"Qt could not read it ({reader.errorString()})"
            want = _hicolor_size(path)
            if not problem and want and image.size() != QSize(want, want):
                problem = f"is {image.width()}x{image.height()}, its folder says {want}x{want}"
        if problem:
            problems.append(f"{path}: {problem}")
    from hillsprint.ui.home.app_icon import app_icon

    window_icon = app_icon()
    sizes = sorted({s.width() for s in window_icon.availableSizes()})
    if window_icon.isNull() or not sizes:
        problems.append("the window icon (hillsprint.ui.home.app_icon) is empty")
    if problems:
        raise CheckFailed(problems)
    return f"{pngs} PNG + {svgs} SVG read; window icon sizes {', '.join(map(str, sizes))}"


def _hicolor_size(path: Path) -> int | None:
    """48 for …/hicolor/48x48/apps/x.png; None elsewhere."""
    folder = path.parent.parent.name
    width, _, height = folder.partition("x")
    if width.isdigit() and width == height:
        return int(width)
    return None


def _svg_problem(path: Path) -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        return "QSvgRenderer could not read it"
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not any(image.pixelColor(x, y).alpha() for x in range(0, 64, 4) for y in range(0, 64, 4)):
        return "it renders as an empty picture"
    return ""
