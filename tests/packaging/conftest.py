"""Shared by the packaging tests: the sdist and the wheel, built once per run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from packaging_support import ROOT, clean_env


@pytest.fixture(scope="session")
def dists(tmp_path_factory) -> dict[str, Path]:
    """`python -m build`: the sdist, and the wheel built from that sdist (as PyPI users and
    distributions get them). Needs the build requirement (setuptools) from the package index."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        env=clean_env(),
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    (sdist,) = out.glob("hillsprint-*.tar.gz")
    (wheel,) = out.glob("hillsprint-*.whl")
    return {"sdist": sdist, "wheel": wheel, "dir": out}
