"""The app icon: one SVG, PNGs of every hicolor size rendered from it, the window icon."""

from __future__ import annotations

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from packaging_support import ROOT, clean_env

from hillsprint import APP_ID

pytestmark = pytest.mark.packaging

HICOLOR = ROOT / "resources" / "icons" / "hicolor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(path) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_MAGIC and head[12:16] == b"IHDR", f"{path}: not a PNG"
    return struct.unpack(">II", head[16:24])


def test_every_hicolor_size_is_there_with_its_size():
    for size in SIZES:
        path = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(path) == (size, size), path
    # and nothing else: a stray size would be installed and bundled too
    found = sorted(p.relative_to(HICOLOR).as_posix() for p in HICOLOR.rglob("*") if p.is_file())
    assert found == sorted(
        [f"{n}x{n}/apps/{APP_ID}.png" for n in SIZES] + [f"scalable/apps/{APP_ID}.svg"]
    )


def test_the_svg_is_square_and_well_formed():
    root = ET.parse(HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == height


@pytest.mark.slow
def test_the_pngs_are_what_the_svg_renders_to():
    """render_icons.py --check: catches an SVG edited without re-rendering (`make icons`).
    In a child process: it makes a QGuiApplication, which pytest-qt's QApplication must not meet."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "icons" / "render_icons.py"), "--check"],
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_window_icon_has_every_size(qapp):
    from hillsprint.ui.home.app_icon import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert sorted({s.width() for s in icon.availableSizes()}) == list(SIZES)
    assert not icon.pixmap(48, 48).isNull()
