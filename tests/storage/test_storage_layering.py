"""hillsprint.storage depends on hillsprint.core only: no Qt, no ui, no paths.

Checked in a fresh interpreter, since the test process itself may have loaded Qt already. The
SIGKILL writer relies on this too: it starts a new interpreter for every trial.
"""

from __future__ import annotations

import textwrap

from import_probe import modules_after, qt_modules

IMPORT_ALL_OF_STORAGE = textwrap.dedent(
    """
    import importlib, pkgutil
    import hillsprint.storage

    for info in pkgutil.walk_packages(hillsprint.storage.__path__, "hillsprint.storage."):
        importlib.import_module(info.name)
    """
)


def test_storage_imports_only_core() -> None:
    loaded = modules_after(IMPORT_ALL_OF_STORAGE)
    ours = {m for m in loaded if m.split(".")[0] == "hillsprint"}
    allowed = ("hillsprint.core", "hillsprint.storage")
    assert {m for m in ours if m != "hillsprint" and not m.startswith(allowed)} == set()
    assert "hillsprint.storage.sample_history" in ours
    assert qt_modules(loaded) == []
