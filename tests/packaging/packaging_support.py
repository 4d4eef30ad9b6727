"""Helpers for the packaging tests (imported by name, like tests/cli_support.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    """The test's environment (sandboxed HOME and data dirs, tests/conftest.py), offscreen,
    without anything that could point Python back at the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


def require_tool(name: str, package: str) -> str:
    """The tool's path; skipped where it is missing, but CI must have it (bootstrap.sh)."""
    path = shutil.which(name)
    if path is None:
        assert not os.environ.get("CI"), f"CI must install {package} (scripts/bootstrap.sh)"
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path
