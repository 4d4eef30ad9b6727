"""One look: every colour and size of the screens comes from the palette, the type scale and the
templates; every template fills for every theme; the palette keeps its contrast promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hillsprint.core.session_events import Phase
from hillsprint.ui.common import look
from hillsprint.ui.common.look import (
    PALETTE,
    TYPE,
    fill,
    style_sheet,
    template_names,
    template_text,
)
from hillsprint.ui.hill.theme import PAUSED, THEMES

UI = Path(look.__file__).resolve().parents[1]
# The palettes themselves: the look, the session's phase themes, the charts' pens.
PALETTE_MODULES = {"common/look.py", "hill/theme.py", "history/charts/style.py"}
LITERAL = re.compile(r"#[0-9a-fA-F]{6}\b|font-size|QColor\(\s*\d")


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_no_screen_declares_its_own_colours_or_sizes():
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        if name in PALETTE_MODULES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if LITERAL.search(line):
                offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []


def test_every_template_fills_from_the_look():
    names = template_names()
    assert {"app", "buttons", "primary", "summary", "session", "help"} <= set(names)
    for name in (n for n in names if n != "session"):
        sheet = style_sheet(name)
        assert "{{" not in sheet and "@include" not in sheet, name
        assert not re.search(r"#[0-9a-fA-F]{6}", template_text(name)), name  # names, not values


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_session_template_fills_for_every_theme_and_phase(theme):
    for phase in [*(p.value for p in Phase), PAUSED]:
        colours = THEMES[theme].phases[phase]
        values = {**PALETTE, "phase_background": colours.background, "phase_text": colours.text}
        values |= {"phase_accent": colours.accent, "border_px": 3, "band_border_px": 4}
        values |= {f"{k}_px": 20 for k in ("info", "countdown", "phase", "rep", "effort")}
        sheet = fill(template_text("session"), values)
        assert colours.background in sheet and "{{" not in sheet


def test_an_unknown_name_in_a_template_is_refused():
    with pytest.raises(KeyError, match="nope"):
        fill("QLabel { color: {{ nope }}; }", PALETTE)


def test_seven_sizes_and_the_contrast_the_palette_promises():
    assert len(set(TYPE.values())) == 7 and min(TYPE.values()) >= 17
    white, black = PALETTE["background"], PALETTE["text"]
    for name in ("text", "secondary", "muted", "primary", "problem", "info"):  # text colours
        assert contrast(PALETTE[name], white) >= 7.0, name
    for name in ("caution", "notice_border", "grid"):  # borders and lines: WCAG's 3:1
        assert contrast(PALETTE[name], white) >= 3.0, name
    for fill_name in ("problem_fill", "notice_fill", "panel_fill", "ok_fill", "highlight"):
        assert contrast(black, PALETTE[fill_name]) >= 14.0, fill_name
    assert contrast(white, PALETTE["band"]) >= 7.0


def test_a_primary_button_is_styled_by_its_property(qtbot):
    from PySide6.QtWidgets import QPushButton, QWidget

    host = QWidget()
    qtbot.addWidget(host)
    host.setStyleSheet(style_sheet("app"))
    plain, main = QPushButton("Back", host), QPushButton("Save", host)
    main.setProperty("primary", True)
    host.show()
    qtbot.waitExposed(host)
    primary = PALETTE["primary"].lower()
    assert main.palette().button().color().name() == primary
    assert plain.palette().button().color().name() != primary
