"""Which modules does a fresh interpreter load to run some code? The run-time half of the
layering checks (the static half is import-linter, tests/test_import_contracts.py): the test
process itself has loaded Qt long ago, so only a new interpreter can tell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
QT_PREFIXES = ("PySide6", "shiboken6", "PyQt")
_REPORT = "\nimport json as _json, sys as _sys\nprint(_json.dumps(sorted(_sys.modules)))\n"


def run_fresh(code: str, *, cwd: Path = REPO_ROOT, timeout: float = 60) -> str:
    """Run `code` in a fresh interpreter and return what it printed; a failure shows its
    stderr."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"the fresh interpreter failed:\n{result.stderr}"
    return result.stdout


def modules_after(code: str) -> set[str]:
    """The names in sys.modules after a fresh interpreter ran `code` (from the checkout)."""
    stdout = run_fresh(code + _REPORT)
    return set(json.loads(stdout.splitlines()[-1]))


def qt_modules(loaded: set[str]) -> list[str]:
    return sorted(name for name in loaded if name.startswith(QT_PREFIXES))
