"""Linux desktop integration: the desktop entry, the AppStream metadata, the install recipe,
and the Flatpak manifest, all naming the one app id and version of hillsprint/__init__.py."""

from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging_support import ROOT, require_tool

from hillsprint import APP_ID, APP_NAME, __version__

pytestmark = pytest.mark.packaging

LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
FLATPAK = ROOT / "packaging" / "flatpak" / f"{APP_ID}.json"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SCREENSHOT_URL = "https://raw.githubusercontent.com/hillsprint/hillsprint/main/"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


# ---- one id, one version ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["__version__", "APP_ID", "APP_NAME"])
def test_init_constants_stay_readable_without_importing(name):
    """hillsprint.spec and install.sh read these lines with a regular expression / sed."""
    text = (ROOT / "hillsprint" / "__init__.py").read_text(encoding="utf-8")
    (value,) = re.findall(rf'^{name} = "([^"]+)"$', text, re.MULTILINE)
    assert value == {"__version__": __version__, "APP_ID": APP_ID, "APP_NAME": APP_NAME}[name]


def test_desktop_entry_names_the_app_id_and_the_installed_command():
    entry = desktop_entry()
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    command = entry["Exec"].split()[0]
    assert command in pyproject()["project"]["gui-scripts"]
    assert entry["Terminal"] == "false"


def test_metainfo_names_the_app_id_version_and_screenshots():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("project_license") == pyproject()["project"]["license"]
    assert root.findtext("provides/binary") == desktop_entry()["Exec"].split()[0]
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == __version__  # the newest comes first
    assert all(r.find("description") is not None for r in releases)
    assert root.find("content_rating").get("type") == "oars-1.1"
    images = [image.text for image in root.iterfind("screenshots/screenshot/image")]
    assert images
    for url in images:
        assert url.startswith(SCREENSHOT_URL), url
        assert (ROOT / url.removeprefix(SCREENSHOT_URL)).is_file(), f"{url}: not in docs/"


def test_desktop_file_validate():
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    done = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_appstreamcli_validate():
    tool = require_tool("appstreamcli", "appstream")
    done = subprocess.run(
        [tool, "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # No error or warning. Infos and pedantic hints are fine: AppStream 0.16 (Debian 12) does
    # not know <developer> yet ("unknown-tag", an info), and a reverse-DNS id with capitals is
    # a pedantic hint.
    issues = re.findall(r"^([EW]): .*$", done.stdout, re.MULTILINE)
    assert not issues, done.stdout


# ---- install recipe ---------------------------------------------------------------------


def expected_tree(share: Path) -> set[Path]:
    icons = share / "icons" / "hicolor"
    return {
        share / "applications" / DESKTOP.name,
        share / "metainfo" / METAINFO.name,
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES),
    }


def files_below(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_install_sh_into_a_prefix_and_uninstall(tmp_path):
    prefix = tmp_path / "prefix"
    env = {"PATH": "/usr/bin:/bin", "PREFIX": str(prefix), "HOME": str(tmp_path)}
    script = LINUX / "install.sh"
    done = subprocess.run(["bash", script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    want = expected_tree(prefix / "share")
    # the desktop's caches (mimeinfo.cache, icon-theme.cache) may be refreshed beside them
    assert want <= files_below(prefix)
    assert not {p for p in files_below(prefix) - want if not p.name.endswith(".cache")}
    for path in want:
        source = (
            LINUX / path.name
            if path.suffix in (".desktop", ".xml")
            else ROOT / "resources" / "icons" / "hicolor" / path.relative_to(path.parents[2])
        )
        assert path.read_bytes() == source.read_bytes(), path
        assert path.stat().st_mode & 0o777 == 0o644

    done = subprocess.run(
        ["bash", script, "uninstall"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert not {p for p in files_below(prefix) if not p.name.endswith(".cache")}


def test_make_install_with_destdir_stages_the_tree(tmp_path):
    """What a distribution package does: stage into DESTDIR, no caches touched."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    done = subprocess.run(
        [make, "-s", "-C", str(ROOT), "install", f"DESTDIR={tmp_path}", "PREFIX=/usr"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert files_below(tmp_path) == expected_tree(tmp_path / "usr" / "share")


# ---- Flatpak ----------------------------------------------------------------------------


def test_flatpak_manifest_is_consistent():
    """What can be checked here: flatpak-builder cannot build without Flathub's runtimes."""
    manifest = json.loads(FLATPAK.read_text(encoding="utf-8"))
    assert manifest["id"] == APP_ID
    assert manifest["command"] in pyproject()["project"]["gui-scripts"]
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["base-version"] == manifest["runtime-version"]
    assert (manifest["runtime"], manifest["sdk"]) == ("org.kde.Platform", "org.kde.Sdk")
    assert "/app/cleanup-BaseApp.sh" in manifest["cleanup-commands"]
    app = manifest["modules"][-1]
    commands = " ".join(app["build-commands"])
    assert "packaging/linux/install.sh" in commands
    assert "--self-check" in commands
    local = [s for s in app["sources"] if s["type"] == "dir"]
    assert [(FLATPAK.parent / s["path"]).resolve() for s in local] == [ROOT]
    requirements = {
        re.split(r"[<>=!;\s]", dep, maxsplit=1)[0].lower(): SpecifierSet(
            re.sub(r"^[A-Za-z0-9_.-]+\s*", "", dep.split(";")[0])
        )
        for dep in pyproject()["project"]["dependencies"]
    }
    wheels = {}
    for module in manifest["modules"]:
        for source in module.get("sources", []):
            if source["type"] != "file":
                continue
            assert source["url"].startswith("https://files.pythonhosted.org/"), source
            assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), source
            name, version = Path(source["url"]).name.split("-")[:2]
            wheels[name.lower().replace("_", "-")] = version
    for name in ("platformdirs", "pyqtgraph", "fit-tool"):
        assert wheels[name] in requirements[name], (name, wheels[name], requirements[name])


def test_flatpak_builder_reads_the_manifest_without_complaint(tmp_path):
    tool = shutil.which("flatpak-builder")
    if tool is None:
        pytest.skip("flatpak-builder is not installed (optional: Debian package flatpak-builder)")
    done = subprocess.run(  # in tmp_path: it leaves a .flatpak-builder/ state folder behind
        [tool, "--show-manifest", str(FLATPAK)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr and "Unknown property" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["id"] == APP_ID
