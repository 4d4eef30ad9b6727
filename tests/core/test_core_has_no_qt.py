"""hillsprint.core stays pure: importing all of it loads no Qt and none of storage / ui.

Checked in a fresh interpreter, since the test process itself may have loaded Qt already.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

IMPORT_ALL_OF_CORE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import hillsprint.core

    imported = ["hillsprint.core"]
    for info in pkgutil.walk_packages(hillsprint.core.__path__, "hillsprint.core."):
        importlib.import_module(info.name)
        imported.append(info.name)
    print(json.dumps({"imported": imported, "loaded": sorted(sys.modules)}))
    """
)

QT_PREFIXES = ("PySide6", "shiboken6", "PyQt")
OUR_OTHER_LAYERS = ("hillsprint.storage", "hillsprint.ui")


@pytest.fixture(scope="module")
def core_import() -> dict[str, list[str]]:
    """What a fresh interpreter has loaded after importing every module of hillsprint.core."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_OF_CORE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"importing hillsprint.core failed:\n{result.stderr}"
    return json.loads(result.stdout)


def test_every_core_module_is_found(core_import: dict[str, list[str]]):
    expected = {
        path.stem
        for path in (REPO_ROOT / "hillsprint" / "core").glob("*.py")
        if path.stem != "__init__"
    }
    found = {name.rpartition(".")[2] for name in core_import["imported"]}

    assert expected <= found
    assert {"plan", "presets"} <= found


def test_core_imports_no_qt(core_import: dict[str, list[str]]):
    qt = [name for name in core_import["loaded"] if name.startswith(QT_PREFIXES)]

    assert qt == []


def test_core_imports_neither_storage_nor_ui(core_import: dict[str, list[str]]):
    layers = [
        name
        for name in core_import["loaded"]
        if any(name == layer or name.startswith(layer + ".") for layer in OUR_OTHER_LAYERS)
    ]

    assert layers == []
