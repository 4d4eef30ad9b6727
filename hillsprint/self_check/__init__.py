"""`hillsprint --self-check`: does this installation have everything it needs to run a session?

Meant for a fresh install (wheel, PyInstaller bundle, distribution package) and for CI. It
prints one line per check and exits 0 when all pass; otherwise it names every file or part
that failed and exits 1. It never opens a window, never plays a sound and never touches the
runner's own data or settings.

What is checked, and what "loads" means:

- **resources**: the `resources/` tree is found (bundle, wheel or checkout: resources.py).
- **modules**: every `hillsprint` module imports, with pyqtgraph (the charts import it lazily,
  so a bundle that misses it would only fail when the history is opened).
- **sounds and voice clips**: every clip the cue player can ask for exists, and every WAV in
  `sounds/` and `voice/*/` is
  1. a PCM WAV whose data is complete (Python's `wave`, which the cue player also uses to time
     clips: a file cut short is caught here, where QSoundEffect would still accept it), and
  2. decoded from the first to the last sample by Qt Multimedia's `QAudioDecoder` (FFmpeg on
     Linux, Media Foundation on Windows, AVFoundation on macOS), which needs no audio device;
     the decoded sample count must match the header's;
  3. when an audio output exists, also loaded by `QSoundEffect`, the player the app uses, up
     to its `Ready` status. Without an output device QSoundEffect refuses every file ("not
     supported on the selected audio device"), so that step is skipped and reported: the app
     itself then runs silently and shows NO SOUND, which is not a broken installation.
  Nothing is ever played: the Qt 6.11 QSoundEffect hang (hillsprint/audio/player.py) needs a clip
  to end by itself, and a "QSocketNotifier" warning, its symptom, fails the check at once.
- **icons**: every PNG under `icons/` is decoded by `QImageReader` (and has the size its
  hicolor folder says), every SVG is valid for `QSvgRenderer` and renders, and the window icon
  the app sets (hillsprint.ui.home.app_icon) is not null.
- **database**: a new database in a temporary folder is created, written (one session), read
  back, closed, reopened with all of HillSprint's checks, and removed.

Qt runs on the `offscreen` platform unless QT_QPA_PLATFORM says otherwise, so the check works
without a display. A watchdog ends the process after HILLSPRINT_SELF_CHECK_TIMEOUT seconds
(default 120) with a message naming the step, should anything in Qt wait for ever.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from hillsprint import APP_ID, APP_NAME, __version__
from hillsprint.self_check.database import check_database
from hillsprint.self_check.icons import check_icons
from hillsprint.self_check.qt import describe_qt, qt_application, qt_messages
from hillsprint.self_check.report import CheckFailed, Report
from hillsprint.self_check.sounds import check_mixer, check_sounds


def check_styles() -> str:
    """Every style sheet template of the look is there and fills (ui/common/look.py)."""
    from hillsprint.ui.common.look import style_sheet, template_names

    names = [name for name in template_names() if name != "session"]  # filled per phase
    size = sum(len(style_sheet(name)) for name in names)
    return f"{len(names) + 1} templates, {size:,} characters filled from the palette"


TIMEOUT_ENV = "HILLSPRINT_SELF_CHECK_TIMEOUT"


DEFAULT_TIMEOUT_S = 120.0


def run(*, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run every check; 0 when all pass, 1 otherwise (the problems are listed on `err`)."""
    out = out or sys.stdout
    err = err or sys.stderr
    started = time.monotonic()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = Report(out)
    timeout = _timeout_s()
    watchdog = threading.Timer(timeout, _timed_out, args=(report, timeout, err))
    watchdog.daemon = True
    watchdog.start()
    try:
        print(f"{APP_NAME} {__version__} self-check ({APP_ID})", file=out, flush=True)
        resources = _resources_or_none(report)
        report.run("modules", check_modules)
        app = None
        try:
            app = qt_application()
        except Exception as exc:
            report.line("qt", f"FAILED ({type(exc).__name__}: {exc})")
            report.problems.append(f"qt: {exc}")
        if app is not None:
            report.line("qt", describe_qt(app))
            with qt_messages() as messages:
                if resources is not None:
                    report.run("sounds", lambda: check_sounds(resources, messages))
                    report.run("mixer", lambda: check_mixer(resources))
                    report.run("icons", lambda: check_icons(resources))
                    report.run("styles", check_styles)
        report.run("database", check_database)
    finally:
        watchdog.cancel()
    seconds = time.monotonic() - started
    if report.problems:
        print(f"self-check FAILED in {seconds:.1f} s", file=out, flush=True)
        print(
            f"hillsprint: self-check failed: {len(report.problems)} problem(s): "
            + "; ".join(report.problems[:5])
            + (" …" if len(report.problems) > 5 else ""),
            file=err,
            flush=True,
        )
        return 1
    print(f"self-check passed in {seconds:.1f} s", file=out, flush=True)
    return 0


def _timeout_s() -> float:
    try:
        return max(1.0, float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT_S)))
    except ValueError:
        return DEFAULT_TIMEOUT_S


def _timed_out(report: Report, timeout: float, err: TextIO) -> None:
    """The watchdog: something waited for ever. Say where, and end the process."""
    print(
        f"hillsprint: self-check failed: timed out after {timeout:g} s during '{report.step}'",
        file=err,
        flush=True,
    )
    os._exit(1)


def _resources_or_none(report: Report) -> Path | None:
    from hillsprint import resources

    report.step = "resources"
    try:
        path = resources.resources_dir()
    except FileNotFoundError as exc:
        report.line("resources", f"FAILED ({exc})")
        report.problems.append(f"resources: {exc}")
        return None
    report.line("resources", f"{path} ({_layout(path)})")
    return path


def _layout(path: Path) -> str:
    if getattr(sys, "_MEIPASS", None) and path.parent == Path(sys._MEIPASS):
        return "PyInstaller bundle"
    if path.name == "_resources":
        return "installed package"
    return "checkout"


def check_modules() -> str:
    """Import every hillsprint module (and pyqtgraph, which the charts import lazily)."""
    import importlib
    import pkgutil

    import hillsprint

    names = sorted(
        info.name
        for info in pkgutil.walk_packages(hillsprint.__path__, "hillsprint.")
        if not info.name.endswith("__main__")
    )
    problems = []
    for name in [*names, "pyqtgraph", "numpy"]:
        try:
            importlib.import_module(name)
        except Exception as exc:
            problems.append(f"{name}: {type(exc).__name__}: {exc}")
    if problems:
        raise CheckFailed(problems)
    if len(names) < 10:  # a bundle whose package listing is broken would find almost none
        raise CheckFailed([f"only {len(names)} hillsprint modules found: {', '.join(names)}"])
    import pyqtgraph

    return f"{len(names)} hillsprint modules imported, pyqtgraph {pyqtgraph.__version__}"
