"""The self-check of the sounds and voice clips: every clip the cue player can ask for exists,
is a complete PCM WAV, decodes to the last sample, and loads in QSoundEffect when an output
exists. Nothing is ever played."""

from __future__ import annotations

import time
import wave
from dataclasses import dataclass
from pathlib import Path

from hillsprint.self_check.qt import qt_wait
from hillsprint.self_check.report import CheckFailed

DECODE_TIMEOUT_S = 20.0  # one clip; they are at most a few seconds long


SOUND_EFFECT_TIMEOUT_S = 20.0  # all QSoundEffects together (~40 ms for 116 here)


PARALLEL_DECODERS = 4


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


def _decode_all(  # noqa: C901 (a bounded pool of decoders, each with its own deadline)
    qm, paths: list[Path], infos: dict[Path, WavInfo | None]
) -> dict[Path, str]:
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
    qt_wait(progress, DECODE_TIMEOUT_S * (len(paths) + 1))
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

    qt_wait(settled, SOUND_EFFECT_TIMEOUT_S)
    problems = []
    for path, effect in effects:
        if effect.status() == status.Error:
            problems.append(f"{path}: QSoundEffect could not load it")
        elif effect.status() != status.Ready:
            problems.append(f"{path}: QSoundEffect did not finish loading it")
        effect.deleteLater()
    return problems


def check_mixer(resources: Path) -> str:
    """Every clip in the mixer's format, and whether the mixer's stream opens here (it is
    opened and closed at once: nothing is played)."""
    from hillsprint.audio.mixer import Mixer
    from hillsprint.audio.mixer_player import read_clip
    from hillsprint.audio.output import OutputError, PulseOutput

    problems = []
    for path in sound_files(resources):
        try:
            read_wav(path)
        except ValueError:
            continue  # the "sounds" line names it already
        try:
            read_clip(path)
        except (OSError, EOFError, ValueError, wave.Error) as exc:
            problems.append(f"{path}: {exc}")
    if problems:
        raise CheckFailed(problems)
    try:
        output = PulseOutput(Mixer())
        output.open()
    except OutputError as exc:
        return f"clips ready; its stream cannot open here ({exc}): cues use QSoundEffect"
    output.close()
    return "clips ready; its stream opens on the sound server (libpulse-simple)"
