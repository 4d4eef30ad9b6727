"""Regression tests for the PySide6 6.12.0 / CPython 3.11 `None` refcount bug.

PySide6 6.12.0 on CPython < 3.12 forgets to take a reference when a wrapped Qt method returns
None: every `setText`, `setInterval`, ... drops `sys.getrefcount(None)` by exactly one. After a
few thousand calls (minutes into a session) None's count reaches zero and the interpreter aborts
with "Fatal Python error: none_dealloc". 6.11.3 is clean; on Python >= 3.12 None is immortal,
so the count cannot fall there. pyproject.toml pins `!=6.12.0` for Python < 3.12.
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

CALLS = 20_000
BATCH = 1_000
# getrefcount(None) jitters by a few (frames, locals); the bug loses one per call.
NOISE = 100


def test_qt_calls_returning_none_keep_none_refcount(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    texts = ("GET READY", "SPRINT")
    label.setText(texts[0])  # warm up any lazily created state first

    before = sys.getrefcount(None)
    for done in range(BATCH, CALLS + 1, BATCH):
        for i in range(BATCH):
            label.setText(texts[i & 1])
        lost = before - sys.getrefcount(None)
        # Checked in batches: with the bug, 20,000 calls could drive None's refcount to zero
        # and abort the whole test run instead of failing this test.
        if lost > NOISE:
            _give_back_none_references(lost)  # so the interpreter survives to report this
            pytest.fail(
                f"sys.getrefcount(None) fell by {lost} after {done} QLabel.setText calls "
                f"(PySide6 {_pyside_version()}, Python {sys.version.split()[0]}): this PySide6 "
                "drops a reference to None per call and will crash with 'none_dealloc'"
            )
    assert label.text() == texts[1]


def _give_back_none_references(count: int) -> None:
    import ctypes

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(count):
        incref(None)


def _pyside_version() -> str:
    import PySide6

    return PySide6.__version__


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal on Python >= 3.12")
def test_installed_pyside_is_not_the_broken_release():
    assert _pyside_version() != "6.12.0", (
        "PySide6 6.12.0 crashes CPython < 3.12 (none_dealloc); install 6.11.3 or >= 6.12.1"
    )
    for dist in ("PySide6-Essentials", "PySide6", "shiboken6"):
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
        assert version != "6.12.0", f"{dist} 6.12.0 is installed"


PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


@pytest.mark.skipif(not PYPROJECT.is_file(), reason="needs the source checkout")
def test_pyproject_excludes_the_broken_release_on_old_pythons():
    from packaging.requirements import Requirement

    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    pyside = [Requirement(d) for d in deps if d.lower().startswith("pyside6")]
    assert pyside, "pyproject.toml no longer depends on PySide6?"
    for python in ("3.11", "3.11.7"):
        env = {"python_version": "3.11", "python_full_version": python}
        active = [r for r in pyside if r.marker is None or r.marker.evaluate(env)]
        assert active, f"no PySide6 requirement applies to Python {python}"
        for req in active:
            assert not req.specifier.contains("6.12.0", prereleases=True), (
                f"{req} allows PySide6 6.12.0 on Python {python}"
            )
