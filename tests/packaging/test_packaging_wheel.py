"""The sdist and the wheel, and the wheel installed into a fresh venv outside the checkout.

The fresh venv gets only the wheel. Its dependencies (PySide6 is ~650 MB installed) are not
downloaded again: a `.pth` file points it at a folder of links to this .venv's packages,
leaving out HillSprint's own editable install, pip and setuptools. pip then resolves the
wheel's requirements against those, offline (`--no-index`), so the declared dependencies are
still checked. Set HILLSPRINT_PACKAGING_ONLINE=1 to install them from the package index instead,
as a user's `pip install` would.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from packaging_support import ROOT, clean_env

from hillsprint import APP_ID, __version__

pytestmark = [pytest.mark.packaging, pytest.mark.slow]

ONLINE_ENV = "HILLSPRINT_PACKAGING_ONLINE"
# What must not leak from this .venv into the fresh one: HillSprint itself (editable), and the
# installers, which the venv's own pip run below must not mistake for its own.
NOT_SHARED = ("hillsprint", "__editable__", "_distutils_hack", "pip", "setuptools", "pkg_resources")


def resource_files() -> dict[str, str]:
    """resources/ in the checkout: relative path -> sha256."""
    base = ROOT / "resources"
    return {
        p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in base.rglob("*")
        if p.is_file()
    }


def test_sdist_has_resources_and_packaging_files(dists):
    with tarfile.open(dists["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    top = f"hillsprint-{__version__}"
    assert dists["sdist"].name == f"{top}.tar.gz"
    for name in resource_files():
        assert f"resources/{name}" in names
    for name in (
        "pyproject.toml",
        "setup.py",
        "MANIFEST.in",
        "README.md",
        "Makefile",
        f"packaging/linux/{APP_ID}.desktop",
        f"packaging/linux/{APP_ID}.metainfo.xml",
        "packaging/linux/install.sh",
        "packaging/pyinstaller/hillsprint.spec",
        "packaging/pyinstaller/build.sh",
        "packaging/icons/render_icons.py",
        "packaging/README.md",
        "hillsprint/self_check/__init__.py",
        "tests/conftest.py",
    ):
        assert name in names, name
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_wheel_has_resources_as_package_data(dists):
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        names = set(wheel.namelist())
        packaged = {
            name.removeprefix("hillsprint/_resources/"): hashlib.sha256(
                wheel.read(name)
            ).hexdigest()
            for name in names
            if name.startswith("hillsprint/_resources/") and not name.endswith("/")
        }
        dist_info = f"hillsprint-{__version__}.dist-info"
        entry_points = wheel.read(f"{dist_info}/entry_points.txt").decode()
        metadata = wheel.read(f"{dist_info}/METADATA").decode()
    assert dists["wheel"].name == f"hillsprint-{__version__}-py3-none-any.whl"
    assert packaged == resource_files()  # every file, byte for byte, and nothing else
    assert "[gui_scripts]\nhillsprint = hillsprint.app:main" in entry_points
    assert f"\nVersion: {__version__}\n" in metadata
    assert not [n for n in names if n.startswith(("tests/", "resources/", "packaging/"))]


def shared_site_packages(tmp_path: Path) -> Path:
    """A folder of links to this .venv's installed packages, without HillSprint and pip."""
    shared = tmp_path / "shared-site-packages"
    shared.mkdir()
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        if entry.name.startswith(NOT_SHARED) or entry.suffix == ".pth":
            continue
        if entry.name == "__pycache__":
            continue
        (shared / entry.name).symlink_to(entry)
    return shared


def test_wheel_in_a_fresh_venv_runs_version_and_self_check(dists, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-cache-dir"]
    if os.environ.get(ONLINE_ENV) == "1":
        pip += [str(dists["wheel"])]
    else:
        Path(site, "_hillsprint_test_shared.pth").write_text(f"{shared_site_packages(tmp_path)}\n")
        pip += ["--no-index", "--find-links", str(dists["dir"]), f"hillsprint=={__version__}"]
    installed = subprocess.run(
        pip, capture_output=True, text=True, env=clean_env(), timeout=900, check=False
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "Successfully installed hillsprint" in installed.stdout

    # Run it as a user would: the script on the venv's PATH, from a folder outside the checkout.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}")

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            args, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=timeout
        )

    where = run(str(python), "-c", "import hillsprint; print(hillsprint.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr

    version = run(str(venv / "bin" / "hillsprint"), "--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"HillSprint {__version__}")

    check = run(str(venv / "bin" / "hillsprint"), "--self-check", timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    resources = Path(site) / "hillsprint" / "_resources"
    assert f"resources:   {resources} (installed package)" in check.stdout
    assert "self-check passed" in check.stdout
    assert "Traceback" not in check.stderr
