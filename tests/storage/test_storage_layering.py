"""hillsprint.storage depends on hillsprint.core only: no Qt, no ui, no paths.

Checked in a fresh interpreter, since the test process itself may have loaded Qt already. The
SIGKILL writer relies on this too: it starts a new interpreter for every trial.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

IMPORT_ALL_OF_STORAGE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import hillsprint.storage

    for info in pkgutil.walk_packages(hillsprint.storage.__path__, "hillsprint.storage."):
        importlib.import_module(info.name)
    print(json.dumps(sorted(sys.modules)))
    """
)


def test_storage_imports_only_core() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_OF_STORAGE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    ours = {m for m in loaded if m.split(".")[0] == "hillsprint"}
    allowed = ("hillsprint.core", "hillsprint.storage")
    assert {m for m in ours if m != "hillsprint" and not m.startswith(allowed)} == set()
    assert "hillsprint.storage.sample_history" in ours
    assert [m for m in loaded if m.startswith(("PySide6", "shiboken6", "PyQt"))] == []
