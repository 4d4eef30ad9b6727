"""Where HillSprint keeps its files: the one module that asks platformdirs.

The data dir comes from, in order: `--data-dir DIR`, the environment variable
`HILLSPRINT_DATA_DIR`, platformdirs' user data dir. The config dir likewise from
`HILLSPRINT_CONFIG_DIR` or platformdirs' user config dir.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hillsprint import APP_NAME

DATA_DIR_ENV = "HILLSPRINT_DATA_DIR"
CONFIG_DIR_ENV = "HILLSPRINT_CONFIG_DIR"
DB_FILENAME = "hillsprint.sqlite3"
BACKUP_DIRNAME = "backups"


class DataDirError(Exception):
    """The data dir cannot be used; the message says why and where."""


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / BACKUP_DIRNAME


def resolve_paths(data_dir: str | os.PathLike | None = None) -> AppPaths:
    """Resolve (but do not create) the data and config dirs."""
    import platformdirs

    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, False)
    config = os.environ.get(CONFIG_DIR_ENV) or platformdirs.user_config_dir(APP_NAME, False)
    return AppPaths(Path(chosen).expanduser(), Path(config).expanduser())


def ensure_data_dir(paths: AppPaths) -> None:
    """Create the data dir if needed and check that we can write in it."""
    path = paths.data_dir
    if path.exists() and not path.is_dir():
        raise DataDirError(f"data dir {path} is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(f"data dir {path} cannot be created ({exc.strerror or exc})") from None
    # Try a real write: permission bits say nothing for root, a read-only mount or an ACL.
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".hillsprint-write-test-"):
            pass
    except OSError as exc:
        raise DataDirError(
            f"data dir {path} is not writable ({exc.strerror or exc}): "
            "HillSprint cannot store sessions there"
        ) from None
