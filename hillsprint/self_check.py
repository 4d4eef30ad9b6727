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
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from hillsprint import APP_ID, APP_NAME, __version__

TIMEOUT_ENV = "HILLSPRINT_SELF_CHECK_TIMEOUT"
DEFAULT_TIMEOUT_S = 120.0
DECODE_TIMEOUT_S = 20.0  # one clip; they are at most a few seconds long
SOUND_EFFECT_TIMEOUT_S = 20.0  # all QSoundEffects together (~40 ms for 116 here)
PARALLEL_DECODERS = 4
HANG_SYMPTOM = "QSocketNotifier"  # the Qt 6.11 QSoundEffect hang (hillsprint/audio/player.py)


class CheckFailed(Exception):
    """A check's problems, one line each (a file name first where there is one), and notes
    that may explain them (printed below them, not counted)."""

    def __init__(self, problems: list[str], notes: list[str] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.notes = notes or []


@dataclass
class Report:
    out: TextIO
    problems: list[str] = field(default_factory=list)
    step: str = "starting"

    def line(self, name: str, text: str) -> None:
        print(f"  {name + ':':<13}{text}", file=self.out, flush=True)

    def run(self, name: str, check: Callable[[], str]) -> None:
        """Run one check and print its outcome; a failure is recorded, never raised."""
        self.step = name
        try:
            summary = check()
        except CheckFailed as exc:
            self.line(name, f"FAILED ({len(exc.problems)} problem(s))")
            for problem in exc.problems:
                print(f"      {problem}", file=self.out, flush=True)
            for note in exc.notes:
                print(f"      ({note})", file=self.out, flush=True)
            self.problems.extend(f"{name}: {problem}" for problem in exc.problems)
        except Exception as exc:  # an unexpected error is a failed check, not a traceback
            problem = f"{type(exc).__name__}: {exc}"
            self.line(name, f"FAILED ({problem})")
            self.problems.append(f"{name}: {problem}")
        else:
            self.line(name, summary)


# ---- the entry point --------------------------------------------------------------------


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
            app = _qt_application()
        except Exception as exc:
            report.line("qt", f"FAILED ({type(exc).__name__}: {exc})")
            report.problems.append(f"qt: {exc}")
        if app is not None:
            report.line("qt", _describe_qt(app))
            with _qt_messages() as messages:
                if resources is not None:
                    report.run("sounds", lambda: check_sounds(resources, messages))
                    report.run("icons", lambda: check_icons(resources))
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


# ---- modules ----------------------------------------------------------------------------


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


# ---- Qt ---------------------------------------------------------------------------------


def _qt_application():
    """The running Q(Gui)Application, or a new QGuiApplication (no window is ever shown)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication([sys.argv[0] if sys.argv else "hillsprint"])
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(__version__)
    return app


def _describe_qt(app) -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return (
        f"Qt {qVersion()} (PySide6 {PySide6.__version__}), Python "
        f"{sys.version.split()[0]}, platform {app.platformName()}"
    )


@contextmanager
def _qt_messages() -> Iterator[list[str]]:
    """Collect Qt's warnings instead of printing them (QtMultimedia and FFmpeg are chatty);
    they are shown only with a failed check. The QSoundEffect hang's symptom ends the process
    at once, with a message."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    messages: list[str] = []
    quiet = (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)

    def handler(mode, _context, message: str) -> None:
        if HANG_SYMPTOM in message:
            print(
                f"hillsprint: self-check failed: Qt's audio hang ({message})",
                file=sys.stderr,
                flush=True,
            )
            os._exit(1)
        if mode not in quiet:
            messages.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield messages
    finally:
        qInstallMessageHandler(previous)


def _wait(until: Callable[[], bool], timeout_s: float) -> bool:
    """Run Qt's event loop until `until()` is true or `timeout_s` passed; returns `until()`."""
    from PySide6.QtCore import QEventLoop, QTimer

    if until():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: until() and loop.quit())
    poll.start(5)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    limit.start(round(timeout_s * 1000))
    loop.exec()
    poll.stop()
    limit.stop()
    return until()


# ---- sounds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WavInfo:
    frames: int
    rate: int
    channels: int
    bits: int


def required_clips(resources: Path, lang: str = "en") -> list[Path]:
    """Every file the cue player can ask for (hillsprint/audio/player.py)."""
    from hillsprint.audio.clips import BEEPS, COMMON_VOICE, KEEP_ALIVE, MAX_NUMBER

    sounds = [*BEEPS, KEEP_ALIVE[1]]
    voice = [*COMMON_VOICE, *(f"n{n}" for n in range(1, MAX_NUMBER + 1))]
    return [resources / "sounds" / f"{name}.wav" for name in sounds] + [
        resources / "voice" / lang / f"{name}.wav" for name in dict.fromkeys(voice)
    ]


def sound_files(resources: Path) -> list[Path]:
    return sorted((resources / "sounds").glob("*.wav")) + sorted(
        (resources / "voice").glob("*/*.wav")
    )


def read_wav(path: Path) -> WavInfo:
    """The header, after checking the file is PCM and every sample the header promises is there.
    Raises ValueError naming the problem."""
    try:
        with wave.open(str(path), "rb") as wav:
            info = WavInfo(
                wav.getnframes(), wav.getframerate(), wav.getnchannels(), 8 * wav.getsampwidth()
            )
            data = wav.readframes(info.frames)
    except (wave.Error, EOFError, OSError) as exc:
        raise ValueError(f"not a readable PCM WAV file ({exc or type(exc).__name__})") from None
    if info.rate <= 0 or info.channels <= 0:
        raise ValueError(f"{info.rate} Hz, {info.channels} channel(s)")
    if info.frames == 0:
        raise ValueError("no audio in the file")
    expected = info.frames * info.channels * info.bits // 8
    if len(data) != expected:
        raise ValueError(f"cut short: {len(data)} of {expected} bytes of audio data")
    return info


def check_sounds(resources: Path, messages: list[str] | None = None) -> str:
    messages = [] if messages is None else messages
    problems = [f"{p}: missing" for p in required_clips(resources) if not p.is_file()]
    files = sound_files(resources)
    if not files:
        raise CheckFailed([*problems, f"no WAV files in {resources / 'sounds'} or voice/"])
    infos: dict[Path, WavInfo | None] = {}
    for path in files:
        try:
            infos[path] = read_wav(path)
        except ValueError as exc:
            infos[path] = None  # Qt still tries it: its verdict may say more
            problems.append(f"{path}: {exc}")
    from PySide6.QtCore import QLoggingCategory

    # FFmpeg describes every file it opens on stderr at "info" level (QT_LOGGING_RULES wins).
    QLoggingCategory.setFilterRules("qt.multimedia.ffmpeg.*.info=false")
    try:
        from PySide6 import QtMultimedia
    except (ImportError, OSError) as exc:
        raise CheckFailed([*problems, f"Qt Multimedia could not be loaded ({exc})"]) from None
    decoded = _decode_all(QtMultimedia, files, infos)
    problems += [f"{path}: {problem}" for path, problem in decoded.items() if problem]
    outputs = QtMultimedia.QMediaDevices.audioOutputs()
    if outputs:
        problems += _load_sound_effects(QtMultimedia, [p for p in files if infos[p]])
    if problems:
        notes = [f"Qt said: {m}" for m in dict.fromkeys(messages[-8:])]
        raise CheckFailed(problems, notes)
    beeps = len(list((resources / "sounds").glob("*.wav")))
    langs = sorted(p.name for p in (resources / "voice").iterdir() if p.is_dir())
    formats = sorted({f"{i.rate / 1000:g} kHz {i.bits}-bit" for i in infos.values() if i})
    summary = (
        f"{beeps} beeps + {len(files) - beeps} voice clips ({', '.join(langs)}), "
        f"{', '.join(formats)}, decoded by QAudioDecoder"
    )
    if outputs:
        return summary + f"; all loaded by QSoundEffect (output: {outputs[0].description()})"
    return (
        summary + "; no audio output device here, so QSoundEffect was not tried "
        "(the app would run silently and show NO SOUND)"
    )


def _decode_all(qm, paths: list[Path], infos: dict[Path, WavInfo | None]) -> dict[Path, str]:
    """Decode each file completely with QAudioDecoder, a few at a time; a problem per file
    ("" when it decoded, with as many samples as its header says where that was readable)."""
    from PySide6.QtCore import QUrl

    results: dict[Path, str] = {}
    pending = list(paths)
    active: dict[Path, tuple[object, list[int], float]] = {}

    def finish(path: Path, problem: str) -> None:
        if path in results:
            return
        decoder, _frames, _started = active.pop(path)
        results[path] = problem
        decoder.stop()
        decoder.deleteLater()

    def start_more() -> None:
        while pending and len(active) < PARALLEL_DECODERS:
            path = pending.pop(0)
            decoder = qm.QAudioDecoder()
            frames = [0]
            active[path] = (decoder, frames, time.monotonic())

            def ready(decoder=decoder, frames=frames) -> None:
                while decoder.bufferAvailable():
                    frames[0] += decoder.read().frameCount()

            def done(path=path, decoder=decoder, frames=frames) -> None:
                ready(decoder, frames)
                info = infos.get(path)
                if info is not None and frames[0] != info.frames:
                    finish(path, f"Qt decoded {frames[0]} of {info.frames} samples")
                else:
                    finish(path, "")

            def error(_code, path=path, decoder=decoder) -> None:
                finish(path, f"Qt could not decode it ({decoder.errorString()})")

            decoder.bufferReady.connect(ready)
            decoder.finished.connect(done)
            decoder.error.connect(error)
            decoder.setSource(QUrl.fromLocalFile(str(path)))
            decoder.start()

    def progress() -> bool:
        now = time.monotonic()
        for path, (_decoder, _frames, started) in list(active.items()):
            if now - started > DECODE_TIMEOUT_S:
                finish(path, f"Qt did not finish decoding it within {DECODE_TIMEOUT_S:g} s")
        start_more()
        return not pending and not active

    start_more()
    _wait(progress, DECODE_TIMEOUT_S * (len(paths) + 1))
    for path in list(active):
        finish(path, "Qt did not finish decoding it")
    return results


def _load_sound_effects(qm, paths: list[Path]) -> list[str]:
    """Load every clip into a QSoundEffect (never played) and wait for Ready or Error."""
    from PySide6.QtCore import QUrl

    status = qm.QSoundEffect.Status
    effects = []
    for path in paths:
        effect = qm.QSoundEffect()
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effects.append((path, effect))

    def settled() -> bool:
        return all(e.status() in (status.Ready, status.Error) for _p, e in effects)

    _wait(settled, SOUND_EFFECT_TIMEOUT_S)
    problems = []
    for path, effect in effects:
        if effect.status() == status.Error:
            problems.append(f"{path}: QSoundEffect could not load it")
        elif effect.status() != status.Ready:
            problems.append(f"{path}: QSoundEffect did not finish loading it")
        effect.deleteLater()
    return problems


# ---- icons ------------------------------------------------------------------------------


def icon_sources(resources: Path) -> list[Path]:
    return sorted(p for p in (resources / "icons").rglob("*") if p.suffix in (".png", ".svg"))


def check_icons(resources: Path) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImageReader

    files = icon_sources(resources)
    if not files:
        raise CheckFailed([f"no icons in {resources / 'icons'}"])
    problems = []
    pngs = svgs = 0
    for path in files:
        if path.suffix == ".svg":
            svgs += 1
            problem = _svg_problem(path)
        else:
            pngs += 1
            reader = QImageReader(str(path))
            image = reader.read()
            problem = "" if not image.isNull() else f"Qt could not read it ({reader.errorString()})"
            want = _hicolor_size(path)
            if not problem and want and image.size() != QSize(want, want):
                problem = f"is {image.width()}x{image.height()}, its folder says {want}x{want}"
        if problem:
            problems.append(f"{path}: {problem}")
    from hillsprint.ui.home.app_icon import app_icon

    window_icon = app_icon()
    sizes = sorted({s.width() for s in window_icon.availableSizes()})
    if window_icon.isNull() or not sizes:
        problems.append("the window icon (hillsprint.ui.home.app_icon) is empty")
    if problems:
        raise CheckFailed(problems)
    return f"{pngs} PNG + {svgs} SVG read; window icon sizes {', '.join(map(str, sizes))}"


def _hicolor_size(path: Path) -> int | None:
    """48 for …/hicolor/48x48/apps/x.png; None elsewhere."""
    folder = path.parent.parent.name
    width, _, height = folder.partition("x")
    if width.isdigit() and width == height:
        return int(width)
    return None


def _svg_problem(path: Path) -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        return "QSvgRenderer could not read it"
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not any(image.pixelColor(x, y).alpha() for x in range(0, 64, 4) for y in range(0, 64, 4)):
        return "it renders as an empty picture"
    return ""


# ---- database ---------------------------------------------------------------------------


def check_database() -> str:
    """Create, write, read, close and reopen a database in a temporary folder."""
    from datetime import datetime

    from hillsprint.core.presets import PRESETS
    from hillsprint.storage.database import open_database
    from hillsprint.storage.repository import SessionRepository
    from hillsprint.storage.schema import SCHEMA_VERSION

    with tempfile.TemporaryDirectory(prefix="hillsprint-self-check-") as folder:
        path = Path(folder) / "hillsprint.sqlite3"
        connection = open_database(path, backups_dir=Path(folder) / "backups")
        try:
            repository = SessionRepository(connection)
            plan = next(iter(PRESETS.values()))
            session_id = repository.start_session(plan, datetime.now().astimezone().isoformat())
            stored = repository.get_session(session_id)
            if stored is None or stored.plan.name != plan.name:
                raise CheckFailed([f"{path}: a session written was not read back"])
        finally:
            connection.close()
        connection = open_database(path, backups_dir=Path(folder) / "backups")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            count = len(SessionRepository(connection).in_progress_sessions())
        finally:
            connection.close()
        if version != SCHEMA_VERSION or count != 1:
            raise CheckFailed([f"{path}: reopened with schema v{version} and {count} session(s)"])
    import sqlite3

    return (
        f"created, written, reopened and removed a temporary database "
        f"(schema v{version}, SQLite {sqlite3.sqlite_version})"
    )
