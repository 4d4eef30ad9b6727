"""User settings: a small JSON file in the config dir (no Qt, so the CLI can read it too).

A damaged file (not JSON, wrong types) never stops the app: the defaults are used, the file is
kept beside as `settings.json.bak`, and `load_settings` says so in its notice.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

SETTINGS_FILENAME = "settings.json"
THEMES = ("light", "dark")


@dataclass(frozen=True)
class Settings:
    beeps: bool = True
    voice: bool = True
    volume: int = 100  # percent
    theme: str = "light"

    def validated(self) -> Settings:
        """Raise ValueError naming the first bad field."""
        for name in ("beeps", "voice"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name}: expected true or false, got {getattr(self, name)!r}")
        volume = self.volume
        if isinstance(volume, bool) or not isinstance(volume, int) or not 0 <= volume <= 100:
            raise ValueError(f"volume: expected a whole number 0-100, got {volume!r}")
        if self.theme not in THEMES:
            raise ValueError(f"theme: expected one of {', '.join(THEMES)}, got {self.theme!r}")
        return self


def load_settings(config_dir: Path) -> tuple[Settings, str | None]:
    """The saved settings (unknown keys ignored, missing ones defaulted) and a notice if the
    file was damaged and set aside."""
    path = Path(config_dir) / SETTINGS_FILENAME
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), f"Settings file {path} could not be read ({exc}); using defaults."
    try:
        data = json.loads(raw)
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
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".settings-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(settings), fh, indent=2)
            fh.write("\n")
        os.replace(tmp, folder / SETTINGS_FILENAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
