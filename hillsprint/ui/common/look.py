"""One look for every screen: a palette, a type scale and a few metrics, and the style sheets
as templates (`qss/*.qss`, in the manner of napari's themes) filled from them.

A template names colours and sizes, never writes them: `{{ primary }}`, `font-size:
{{ body }}px`. `@include NAME;` on a line of its own pulls in another template (buttons,
fields, table headers are shared). Widgets choose a rule by object name or by a property
(`problem`, `missing`, `forRep`; set with `set_flag` so the sheet is re-applied). Colours of
the at-the-hill phases are the session themes' (ui/hill/theme.py) and fill the session
template the same way; the charts' pens are in ui/history/charts/style.py.

Contrast (WCAG 2, on white unless said): text 21:1, secondary 12.6:1, muted 7.0:1, primary
9.3:1 (white on it), problem 10.6:1, info 10.1:1; border colours (caution, notice border,
grid) at least 3:1; black on every fill at least 14:1 (tests/ui/common/test_look.py).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PALETTE = {
    "text": "#000000",
    "background": "#ffffff",
    "secondary": "#333333",  # sources, hints, placeholders
    "muted": "#595959",  # disabled buttons, grid lines, scroll handles
    "grid": "#767676",  # chart grid lines drawn by hand (4.5:1: seen, never read)
    "primary": "#065321",  # focus rings and the main button of a screen
    "attention": "#ff9f1c",  # the focus ring on a primary (green) button
    "problem": "#8a0015",  # problem text and borders
    "problem_fill": "#ffe3e6",  # behind a field with a problem
    "notice_fill": "#fff3b0",  # notices (unfinished session, a failure to act on)
    "notice_border": "#8a6d00",
    "panel_fill": "#e6e6e6",  # table headers, tabs, forms inside a screen
    "ok_fill": "#e8f5ec",  # a message that something worked
    "highlight": "#ffd60a",  # what is missing or asked for now (black on it 14.6:1)
    "band": "#8a1c00",  # NOT SAVED band at the hill: white on it 9.0:1, no phase's colour
    "info": "#0a3d91",  # the suggestion panel's border, a dialog's focus ring
    "info_fill": "#eef2fb",
    "caution": "#8a4b00",  # "back off" advice
    "caution_fill": "#fff1dc",
}
# Seven sizes (px) for everything but the at-the-hill digits, which scale with the window.
TYPE = {
    "caption": 17,  # sources, caveats
    "detail": 19,  # table headers, secondary lines
    "body": 20,
    "emphasis": 22,  # fields and buttons people aim at
    "heading": 26,  # main buttons, section heads
    "title": 32,  # a screen's title
    "display": 40,  # the start screen's name, an empty history's headline
}
METRICS = {
    "row_px": 40,  # table rows at home (history, session detail)
    "compact_row_px": 36,  # table rows that share a screen with a form (summary, plan editor)
    "hill_row_px": 38,  # the hills table, whose rows hold two-line notes
    "button_min_px": 56,  # the height of a button a gloved finger can hit
    "effort_button_px": 88,  # the 0-10 pad's buttons (a word under the digit)
    "notes_px": 96,  # a session's notes
    "hill_notes_px": 84,  # about three lines of a hill's notes
    "description_px": 64,  # two lines of a plan's description
    "timeline_min_px": 120,  # a plan's timeline never shrinks below five rows
}

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_INCLUDE = re.compile(r"^@include (\w+);$", re.M)


@cache
def template_text(name: str) -> str:
    """The raw template `qss/NAME.qss`, includes resolved (read once: the session screen fills
    its template at every phase change)."""
    text = resources.files("hillsprint.ui.common").joinpath("qss", f"{name}.qss").read_text()
    return _INCLUDE.sub(lambda m: template_text(m.group(1)), text)


def fill(template: str, values: dict[str, object]) -> str:
    """Every `{{ name }}` replaced from `values`; KeyError names one that is missing."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)


@cache
def style_sheet(name: str) -> str:
    """The style sheet of template NAME, filled from the palette, the type scale and metrics."""
    return fill(template_text(name), {**PALETTE, **TYPE, **METRICS})


def template_names() -> list[str]:
    folder = resources.files("hillsprint.ui.common").joinpath("qss")
    return sorted(p.name.removesuffix(".qss") for p in folder.iterdir() if p.name.endswith(".qss"))


TEXT = PALETTE["text"]
BACKGROUND = PALETTE["background"]
FOCUS = PALETTE["primary"]
PROBLEM = PALETTE["problem"]
PROBLEM_FILL = PALETTE["problem_fill"]


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Set a boolean style property (e.g. `problem`, `missing`) and re-apply the style sheet,
    which Qt does not do by itself when only a property used in a selector changes."""
    if bool(widget.property(name)) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def fit_to_screen(widget: QWidget, size: tuple[int, int]) -> None:
    """Resize to `size`, but never beyond the screen's free area (a title bar and a panel)."""
    width, height = size
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 20), min(height, room.height() - 40)
    widget.resize(width, height)
