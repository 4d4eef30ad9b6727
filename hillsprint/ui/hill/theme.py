"""Phase colours for the session screen, chosen for sunlight: every text colour keeps a WCAG
contrast ratio of at least 7:1 (AAA) on its background (tests check it). Colour is never the
only signal: the phase is always written out too.

Three themes, named as in the settings: `light` (strong colours, for sunlight), `dark` (for dusk),
and `high-contrast` for poor sight or glare: the live phases are pure black, white and yellow
(GET READY yellow, SPRINT white, WALK DOWN black with yellow borders), its text is only black,
white or yellow, every pair is at least 8:1, and `border_px` asks for borders twice as thick
(the session screen's progress bar, effort pad and notice). Each phase still has a background
of its own, so the quieter phases (warm-up, cool-down, done, paused) use pure cyan, navy, green
and blue, the classic high-contrast palette."""

from __future__ import annotations

from dataclasses import dataclass

from hillsprint.core.session_events import Phase

PAUSED = "paused"


@dataclass(frozen=True)
class PhaseColours:
    background: str
    text: str
    accent: str  # progress bar chunk, effort pad borders


@dataclass(frozen=True)
class Theme:
    name: str
    phases: dict[str, PhaseColours]
    border_px: int = 3  # progress bar, effort pad and notice borders

    def colours(self, phase: Phase, paused: bool) -> PhaseColours:
        return self.phases[PAUSED if paused else phase.value]


LIGHT = Theme(
    "light",
    {
        Phase.WARMUP.value: PhaseColours("#ffd60a", "#000000", "#000000"),
        Phase.GET_READY.value: PhaseColours("#ff9f1c", "#000000", "#000000"),
        Phase.SPRINT.value: PhaseColours("#065321", "#ffffff", "#ffffff"),
        Phase.WALK_DOWN.value: PhaseColours("#0a3d91", "#ffffff", "#ffffff"),
        Phase.COOLDOWN.value: PhaseColours("#4b2e83", "#ffffff", "#ffffff"),
        Phase.DONE.value: PhaseColours("#ffffff", "#000000", "#000000"),
        PAUSED: PhaseColours("#333333", "#ffffff", "#ffd60a"),
    },
)

DARK = Theme(
    "dark",
    {
        Phase.WARMUP.value: PhaseColours("#2b2300", "#ffd60a", "#ffd60a"),
        Phase.GET_READY.value: PhaseColours("#331a00", "#ffb347", "#ffb347"),
        Phase.SPRINT.value: PhaseColours("#00240e", "#5cff8a", "#5cff8a"),
        Phase.WALK_DOWN.value: PhaseColours("#001a3d", "#8ec5ff", "#8ec5ff"),
        Phase.COOLDOWN.value: PhaseColours("#1e0f33", "#d7b8ff", "#d7b8ff"),
        Phase.DONE.value: PhaseColours("#000000", "#ffffff", "#ffffff"),
        PAUSED: PhaseColours("#1a1a1a", "#ffffff", "#ffffff"),
    },
)

HIGH_CONTRAST = Theme(
    "high-contrast",
    {
        Phase.WARMUP.value: PhaseColours("#00ffff", "#000000", "#000000"),
        Phase.GET_READY.value: PhaseColours("#ffff00", "#000000", "#000000"),
        Phase.SPRINT.value: PhaseColours("#ffffff", "#000000", "#000000"),
        Phase.WALK_DOWN.value: PhaseColours("#000000", "#ffffff", "#ffff00"),
        Phase.COOLDOWN.value: PhaseColours("#000080", "#ffffff", "#ffff00"),
        Phase.DONE.value: PhaseColours("#00ff00", "#000000", "#000000"),
        PAUSED: PhaseColours("#0000ff", "#ffffff", "#ffff00"),
    },
    border_px=6,
)

THEMES = {theme.name: theme for theme in (LIGHT, DARK, HIGH_CONTRAST)}


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of '#rrggbb'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
