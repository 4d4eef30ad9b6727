"""Test-suite wide fixtures: no test may touch the user's real files or leak Qt windows.

* Every test gets its own HOME, XDG_* dirs and HillSprint data/config dirs (in the spirit of
  qutebrowser's tests/helpers/fixtures.py). The whole session also runs under a throw-away
  HOME, set at import time, so session-scoped fixtures and the QApplication are isolated too.
* QT_QPA_PLATFORM defaults to "offscreen", so a bare `pytest` never needs a display. The
  offscreen plugin's "This plugin does not support raise()" style warnings (window-manager
  requests it cannot honour) are ignored; every other Qt warning still fails the test
  (qt_log_level_fail in pyproject.toml).
* Like napari's conftest, a Qt test fails if it leaves new top-level widgets alive. Close them
  (or use `qtbot.addWidget`, which closes and deletes them). Opt out with
  `@pytest.mark.allow_leaked_widgets` for a test that really must leave one behind.

The leak check does nothing until a test has created the QApplication (pytest-qt's qapp).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Dates and numbers in the window follow the language (ui/common/local_format.py): the tests
# read English ones whatever the developer's own locale is (a test sets another on purpose).
os.environ["LC_ALL"] = "C.UTF-8"
# No test may talk to the developer's desktop session (e.g. inhibit their screen saver): tests
# that need D-Bus start a private bus and pass its connection explicitly.
os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
# ... nor read the machine's battery through UPower on the system bus (a laptop would show
# battery notes in the window tests): the system bus is a socket that does not exist.
os.environ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=/nonexistent/hillsprint-tests-system-bus"

_XDG_VARS = {
    "XDG_DATA_HOME": ".local/share",
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
}


def _sandbox_env(root: Path) -> dict[str, str]:
    """HOME, XDG_* and HillSprint's own dirs, all below `root` (created)."""
    env = {"HOME": str(root / "home")}
    for var, sub in _XDG_VARS.items():
        env[var] = str(root / "home" / sub)
    env["HILLSPRINT_DATA_DIR"] = str(root / "data")
    env["HILLSPRINT_CONFIG_DIR"] = str(root / "config")
    for path in env.values():
        Path(path).mkdir(parents=True, exist_ok=True)
    return env


# Session-wide sandbox, before any test, fixture or QApplication can look at the real HOME.
_SESSION_ROOT = Path(tempfile.mkdtemp(prefix="hillsprint-tests-"))
atexit.register(shutil.rmtree, _SESSION_ROOT, ignore_errors=True)
os.environ.update(_sandbox_env(_SESSION_ROOT))
# Qt warns (and qt_log_level_fail turns that into a failure) when XDG_RUNTIME_DIR is unset or
# not 0700, which is the case for root in CI.
_RUNTIME_DIR = _SESSION_ROOT / "runtime"
_RUNTIME_DIR.mkdir(mode=0o700)
os.environ["XDG_RUNTIME_DIR"] = str(_RUNTIME_DIR)


# Window-manager requests the offscreen platform cannot honour; it logs a warning for each.
_OFFSCREEN_NOISE = (
    r"^This plugin does not support (raise\(\)|lower\(\)|propagateSizeHints\(\)|setParent!"
    r"|setting window (opacity|masks)|grabbing the (keyboard|mouse)|QCursor::setPos\(\))"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "allow_leaked_widgets: do not fail the test when it leaves top-level Qt widgets alive",
    )
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        config.addinivalue_line("qt_log_ignore", _OFFSCREEN_NOISE)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Give each test its own empty HOME, XDG dirs, data dir and config dir.

    Yields a dict of the variables set (e.g. `isolated_dirs["HILLSPRINT_DATA_DIR"]`).
    """
    root = tmp_path_factory.mktemp("sandbox")
    env = _sandbox_env(root)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    return env


# --- Leaked top-level widgets --------------------------------------------------------------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"_hillsprint_report_{report.when}", report)
    return report


def _qt_app():
    """The running QApplication, or None when no test has used Qt widgets yet."""
    if "PySide6.QtWidgets" not in sys.modules:
        return None
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _flush_deletions(app) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# Qt's own lazily created, reused top-level widgets (the tooltip label): not leaks.
_QT_INTERNAL_WINDOWS = frozenset({"QTipLabel"})


def _live_top_levels(app) -> dict[int, object]:
    """Alive top-level widgets keyed by C++ address (wrappers come and go; addresses don't)."""
    from shiboken6 import Shiboken

    return {
        Shiboken.getCppPointer(w)[0]: w
        for w in app.topLevelWidgets()
        if Shiboken.isValid(w) and w.metaObject().className() not in _QT_INTERNAL_WINDOWS
    }


@pytest.fixture(autouse=True)
def fail_on_leaked_widgets(request: pytest.FixtureRequest):
    """Fail a test that leaves new top-level widgets behind (after deferred deletes ran).

    pytest-qt closes and deleteLater()s the widgets registered with qtbot.addWidget before
    fixtures are torn down, so those never count as leaks.
    """
    app = _qt_app()
    # Keep only addresses: holding wrappers would keep Python-owned widgets alive.
    before = set(_live_top_levels(app)) if app is not None else set()
    yield
    app = _qt_app()
    if app is None:
        return
    _flush_deletions(app)
    leaked = [w for addr, w in _live_top_levels(app).items() if addr not in before]
    if not leaked:
        return
    names = sorted(f"{type(w).__name__}(objectName={w.objectName()!r})" for w in leaked)
    for widget in leaked:  # clean up, so that the next tests start from a clean slate
        widget.close()
        widget.deleteLater()
    _flush_deletions(app)
    call_report = getattr(request.node, "_hillsprint_report_call", None)
    if call_report is not None and call_report.failed:
        return  # the test failed already; don't pile a second error on top
    if request.node.get_closest_marker("allow_leaked_widgets"):
        return
    pytest.fail(
        f"test left {len(leaked)} top-level widget(s) alive: {', '.join(names)}. "
        "Register them with qtbot.addWidget(), or close and deleteLater() them.",
        pytrace=False,
    )


@pytest.fixture(scope="module")
def null_sink(tmp_path_factory):
    """A private PulseAudio server with one null sink (a sound device without a sound card),
    one a test module; yields the client environment, or None when pulseaudio is not
    installed (CI installs it: scripts/bootstrap.sh)."""
    from pulse_support import private_null_sink, pulseaudio_installed

    if not pulseaudio_installed():
        yield None
        return
    with private_null_sink(tmp_path_factory.mktemp("pulse"), "test_sink") as env:
        yield env


@pytest.fixture(scope="module")
def bus_address(tmp_path_factory):
    """A private bus (tests/dbus_support.py) for this test module; its address."""
    import dbus_support

    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        message = "dbus-daemon is not installed (Debian package dbus-daemon)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must install it: {message}", pytrace=False)
        pytest.skip(message)
    root = tmp_path_factory.mktemp("dbus")
    config = root / "session.conf"
    config.write_text(dbus_support.BUS_CONFIG.format(tmpdir=root))
    process = subprocess.Popen(
        [daemon, f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # "Failed to set fd limit" and the like
        text=True,
    )
    address = dbus_support.read_line(process, 10)
    if not address:
        dbus_support.stop_process(process)
        pytest.fail("dbus-daemon printed no address")
    yield address
    dbus_support.stop_process(process)


@pytest.fixture
def private_bus(bus_address):
    """This process's own connection to the module's private bus."""
    import uuid

    from PySide6.QtDBus import QDBusConnection

    name = f"test-{uuid.uuid4().hex}"
    bus = QDBusConnection.connectToBus(bus_address, name)
    assert bus.isConnected(), bus.lastError().message()
    yield bus
    QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def fake_services(private_bus, bus_address, tmp_path):
    """Start fake services on the private bus (tests/dbus_support.FakeServices)."""
    import dbus_support

    services = dbus_support.FakeServices(private_bus, bus_address, tmp_path)
    yield services
    services.stop_all()
