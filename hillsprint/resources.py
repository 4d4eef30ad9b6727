"""Where the bundled files (sounds, voice clips, icons) are: one lookup for every way of running.

The `resources/` tree is found at the first of these that exists:

1. **PyInstaller bundle**: `sys._MEIPASS/resources`. The spec file must copy the tree there,
   e.g. `datas=[("resources", "resources")]`.
2. **Installed wheel**: `hillsprint/_resources` inside the package. Packaging copies the repo's
   `resources/` to that place when it builds the wheel (e.g. a build hook or a
   `[tool.setuptools.package-data]` entry for `_resources/**`); a checkout never has it.
3. **Checkout** (also an editable install): `resources/` in the repository root, next to the
   `hillsprint/` package.

Plain paths rather than `importlib.resources`: QSoundEffect and QIcon need real files, and none
of the three layouts is zipped.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    found = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        found.append(Path(bundle) / "resources")
    found.append(_PACKAGE_DIR / "_resources")
    found.append(_PACKAGE_DIR.parent / "resources")
    return found


@cache
def resources_dir() -> Path:
    """The `resources/` directory; FileNotFoundError (naming every place tried) if none exists."""
    candidates = _candidates()
    for path in candidates:
        if path.is_dir():
            return path
    tried = ", ".join(str(path) for path in candidates)
    raise FileNotFoundError(f"HillSprint's resources directory is missing (looked in: {tried})")


def resource_path(*parts: str) -> Path:
    """A path below `resources/` (it may not exist: callers that need the file check)."""
    return resources_dir().joinpath(*parts)


def sound_path(name: str) -> Path:
    """A beep: `resources/sounds/<name>.wav`."""
    return resource_path("sounds", f"{name}.wav")


def voice_path(lang: str, name: str) -> Path:
    """A spoken prompt: `resources/voice/<lang>/<name>.wav`."""
    return resource_path("voice", lang, f"{name}.wav")
