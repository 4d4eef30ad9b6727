"""Database helpers shared by the storage, command-line and window tests."""

from __future__ import annotations

from pathlib import Path


def damage(path: Path) -> None:
    """Overwrite the b-tree pages after the first page's header area: the header still says
    "ours", so only `PRAGMA quick_check` can tell the file is damaged."""
    size = path.stat().st_size
    assert size >= 4 * 4096, "too small a database to damage its b-tree pages"
    with path.open("r+b") as fh:
        fh.seek(4096 + 100)
        fh.write(b"\xa5" * (size - 4096 - 200))
