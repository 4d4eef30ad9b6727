"""Write a file whole or not at all (CSV exports, plan files, settings).

The content goes to a temporary file beside the target, is fsynced, and is renamed over the
target in one `os.replace`; the folder is then fsynced so that the rename survives a power cut.
A failure at any step removes the temporary file and leaves an older file of that name as it
was. Callers turn the `OSError` into their own one-line message.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

T = TypeVar("T")


def fsync_dir(folder: Path) -> None:
    """Make a rename (or a new file) in `folder` durable."""
    if os.name != "posix":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(out: Path, write: Callable[[IO], T], *, binary: bool = False) -> T:
    """Call `write(stream)` on a temporary `.<name>.<random>.partial` file beside `out`, then put
    it in place; returns what `write` returned. Text streams are UTF-8 with no newline
    translation. The file gets the usual permissions (0666 less the umask), like any file a
    program creates. Raises the `OSError` of the step that failed, with nothing left behind."""
    out = Path(out)
    folder = out.parent
    tmp = folder / f".{out.name}.{uuid.uuid4().hex[:12]}.partial"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        stream = open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115
        with stream:
            result = write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # the file is whole under its name already
        fsync_dir(folder)
    return result
