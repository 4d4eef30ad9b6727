"""hillsprint.core stays pure: importing all of it loads no Qt and none of storage / ui.

Checked in a fresh interpreter, since the test process itself may have loaded Qt already.
"""

from __future__ import annotations

import textwrap

import pytest
from import_probe import REPO_ROOT, modules_after, qt_modules

IMPORT_ALL_OF_CORE = textwrap.dedent(
    """
    import importlib, pkgutil
    import hillsprint.core

    for info in pkgutil.walk_packages(hillsprint.core.__path__, "hillsprint.core."):
        importlib.import_module(info.name)
    """
)
OUR_OTHER_LAYERS = ("hillsprint.storage", "hillsprint.ui", "hillsprint.audio")


@pytest.fixture(scope="module")
def loaded() -> set[str]:
    """What a fresh interpreter has loaded after importing every module of hillsprint.core."""
    return modules_after(IMPORT_ALL_OF_CORE)


def test_every_core_module_is_found(loaded: set[str]):
    expected = {
        path.stem
        for path in (REPO_ROOT / "hillsprint" / "core").glob("*.py")
        if path.stem != "__init__"
    }
    found = {name.rpartition(".")[2] for name in loaded if name.startswith("hillsprint.core.")}

    assert expected <= found
    assert {"plan", "presets"} <= found


def test_core_imports_no_qt(loaded: set[str]):
    assert qt_modules(loaded) == []


def test_core_imports_neither_storage_nor_ui(loaded: set[str]):
    layers = [
        name
        for name in loaded
        if any(name == layer or name.startswith(layer + ".") for layer in OUR_OTHER_LAYERS)
    ]

    assert layers == []
