"""User settings: a small JSON file in the config dir (no Qt, so the CLI can read it too).

A damaged file (not JSON, wrong types, values out of range) never stops the app: the defaults
are used, the file is kept beside as `settings.json.bak`, and `load_settings` says so in its
notice. A file written by an older HillSprint simply lacks the newer keys: they get their
defaults and no notice. Keys this version does not know are ignored.

The fields:

- `beeps`, `voice`: the two kinds of cue; `volume`: 0–100 %.
- `theme`: the session screen's colours: `light` (strong colours for sunlight), `dark`, or
  `high-contrast` (black, white and yellow for the live phases, thicker borders).
- `get_ready_s`: the lead-in (GET READY, 3-2-1) for the **built-in plans**, whose sources do not
  prescribe one, and the lead-in a **new** plan starts with. A plan file or an own plan always
  keeps the lead-in written in it: the runner chose that one on purpose. Whole seconds,
  1 … 300 (the plan format's limit).
- `weekly_target`: sessions a week the history's weekly chart draws its target line at, 1 … 14.
- `units`: hill lengths shown and typed in `m` or `ft` (stored in metres either way).
- `keep_awake`: hold the screen saver off while a session runs.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from hillsprint.core.plan import DEFAULT_GET_READY_S, MAX_GET_READY_S
from hillsprint.storage.atomic_file import write_atomically

SETTINGS_FILENAME = "settings.json"
THEMES = ("light", "dark", "high-contrast")
UNITS = ("m", "ft")  # = core.units.LENGTH_UNITS (not imported: it is slow to load)
MIN_GET_READY_S = 1
MIN_WEEKLY_TARGET = 1
MAX_WEEKLY_TARGET = 14  # two a day: far beyond any sensible hill-sprint week
DEFAULT_WEEKLY_TARGET = 2  # = core.chart_data.DEFAULT_WEEKLY_TARGET (likewise)


def _whole(value: object, low: int, high: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


@dataclass(frozen=True)
class Settings:
    beeps: bool = True
    voice: bool = True
    volume: int = 100  # percent
    theme: str = "light"
    get_ready_s: int = int(DEFAULT_GET_READY_S)
    weekly_target: int = DEFAULT_WEEKLY_TARGET
    units: str = "m"
    keep_awake: bool = True

    def validated(self) -> Settings:
        """Raise ValueError naming the first bad field."""
        for name in ("beeps", "voice", "keep_awake"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name}: expected true or false, got {getattr(self, name)!r}")
        if not _whole(self.volume, 0, 100):
            raise ValueError(f"volume: expected a whole number 0-100, got {self.volume!r}")
        if self.theme not in THEMES:
            raise ValueError(f"theme: expected one of {', '.join(THEMES)}, got {self.theme!r}")
        if not _whole(self.get_ready_s, MIN_GET_READY_S, MAX_GET_READY_S):
            raise ValueError(
                f"get_ready_s: expected whole seconds {MIN_GET_READY_S}-{MAX_GET_READY_S}, "
                f"got {self.get_ready_s!r}"
            )
        if not _whole(self.weekly_target, MIN_WEEKLY_TARGET, MAX_WEEKLY_TARGET):
            raise ValueError(
                f"weekly_target: expected a whole number {MIN_WEEKLY_TARGET}-"
                f"{MAX_WEEKLY_TARGET}, got {self.weekly_target!r}"
            )
        if self.units not in UNITS:
            raise ValueError(f"units: expected one of {', '.join(UNITS)}, got {self.units!r}")
        return self


def load_settings(config_dir: Path) -> tuple[Settings, str | None]:
    """The saved settings (unknown keys ignored, missing ones defaulted) and a notice if the
    file was damaged and set aside."""
    path = Path(config_dir) / SETTINGS_FILENAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        return Settings(), f"Settings file {path} could not be read ({exc}); using defaults."
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # a BOM from a Windows editor is fine
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        known = {f.name for f in fields(Settings)}
        return replace(
            Settings(), **{k: v for k, v in data.items() if k in known}
        ).validated(), None
    except (ValueError, RecursionError) as exc:
        backup = path.with_name(path.name + ".bak")
        try:
            os.replace(path, backup)
            kept = f"kept as {backup}"
        except OSError:
            kept = "left in place"
        return Settings(), f"Settings file {path} was damaged ({exc}); defaults used, {kept}."


def save_settings(config_dir: Path, settings: Settings) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a file."""
    settings.validated()
    folder = Path(config_dir)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(asdict(settings), indent=2) + "\n"
    write_atomically(folder / SETTINGS_FILENAME, lambda stream: stream.write(text))
