#!/usr/bin/env python3
"""Render HillSprint's PNG icons from its SVG, with Qt's QSvgRenderer (PySide6-Essentials).

    python packaging/icons/render_icons.py           # (re)write the PNGs
    python packaging/icons/render_icons.py --check   # exit 1 if a PNG is missing or stale

The SVG, resources/icons/hicolor/scalable/apps/<APP_ID>.svg, is the only source. The PNGs go
beside it in the freedesktop hicolor layout, resources/icons/hicolor/<N>x<N>/apps/<APP_ID>.png,
so that the same tree serves the app's window icon (hillsprint.ui.home.app_icon), the wheel and the
PyInstaller bundle (through resources/), and `make install` (copied to share/icons/hicolor).
The PNGs are committed: nobody needs this script to build or run HillSprint.

--check compares fresh renders with the committed files pixel by pixel, allowing a small
difference for another Qt version's anti-aliasing; tests/packaging/test_icons.py runs it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hillsprint import APP_ID  # noqa: E402

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
MAX_CHANNEL_DIFF = 24  # of 255, for a single pixel's edge anti-aliasing
MAX_MEAN_DIFF = 1.0  # of 255, averaged over every channel of every pixel


def png_path(size: int, hicolor: Path = HICOLOR) -> Path:
    return hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def render(size: int, svg: Path = SVG):
    """The SVG drawn on a transparent size x size QImage (ARGB32)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def difference(a, b) -> tuple[int, float]:
    """(largest, mean) per-channel difference of two same-sized ARGB32 images."""
    import array

    if a.size() != b.size():
        return 255, 255.0
    pa = array.array("B", a.constBits().tobytes()[: a.sizeInBytes()])
    pb = array.array("B", b.constBits().tobytes()[: b.sizeInBytes()])
    diffs = [abs(x - y) for x, y in zip(pa, pb, strict=True)]
    return max(diffs), sum(diffs) / len(diffs)


def check(hicolor: Path = HICOLOR, svg: Path = SVG) -> list[str]:
    """Problems with the committed PNGs (missing, wrong size, not what the SVG renders to)."""
    from PySide6.QtGui import QImage

    problems = []
    for size in SIZES:
        path = png_path(size, hicolor)
        if not path.is_file():
            problems.append(f"{path}: missing")
            continue
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
        if image.width() != size or image.height() != size:
            problems.append(f"{path}: {image.width()}x{image.height()}, not {size}x{size}")
            continue
        largest, mean = difference(image, render(size, svg))
        if largest > MAX_CHANNEL_DIFF or mean > MAX_MEAN_DIFF:
            problems.append(
                f"{path}: differs from the SVG's render (largest {largest}, mean {mean:.2f})"
            )
    return problems


def write(hicolor: Path = HICOLOR, svg: Path = SVG) -> None:
    for size in SIZES:
        path = png_path(size, hicolor)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not render(size, svg).save(str(path), "PNG"):
            raise SystemExit(f"render_icons: could not write {path}")
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("render_icons: run packaging/icons/render_icons.py to update", file=sys.stderr)
        return 1 if problems else 0
    write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
