#!/usr/bin/env python3
"""Render the cue clips: beeps into resources/sounds/, spoken prompts into resources/voice/en/.

Run by a developer when a clip should change (the clips are committed; the app never needs
espeak-ng or sox at run time):

    python3 scripts/make_clips.py            # everything
    python3 scripts/make_clips.py --beeps    # only resources/sounds/
    python3 scripts/make_clips.py --voice    # only resources/voice/en/ (needs espeak-ng and sox)

Every file is 48 kHz, 16-bit, mono WAV (48 kHz because the sound server runs at that rate: a
22.05 kHz clip went through an extra resampler and started ~20 ms later), peaks at -1 dBFS, its
sound starts at the first sample (so the audible onset is the instant Qt starts the clip), and it
ends in exactly 60 ms of digital silence. That pad is for a QSoundEffect quirk on PulseAudio: it
holds back the last ~15 ms of a sound and plays that scrap first at the next play(), so without
the pad the tail of the previous cue would delay the next one (DESIGN.md, "Known traps"). The
cue player subtracts the pad (PAD_S) when it chains clips into a sentence.

Beeps are synthesised here in pure Python (math + wave), so they are bit-for-bit reproducible.
Voice clips come from espeak-ng (Debian package espeak-ng; voice en-us, 165 words a minute),
resampled to 48 kHz by sox (Debian package sox; `-D`: no dither, so the output is reproducible
for a given espeak-ng/sox version), then trimmed, normalised and padded here.
"""

from __future__ import annotations

import argparse
import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

RATE = 48_000
PEAK = 10 ** (-1 / 20)  # -1 dBFS
PAD_S = 0.060  # trailing digital silence on every clip (the QSoundEffect tail trap)
FADE_S = 0.005  # fade-in/out of beeps: no clicks at the edges

ROOT = Path(__file__).resolve().parent.parent
SOUNDS = ROOT / "resources" / "sounds"
VOICE = ROOT / "resources" / "voice"

ESPEAK_VOICE = "en-us"
ESPEAK_SPEED = 165  # words a minute: clear from 50 m away without dragging
VOICE_THRESHOLD = 0.01  # of full scale: quieter samples at the edges count as silence
VOICE_TAIL_S = 0.015  # kept after the last loud sample, so a word's decay is not cut
VOICE_FADE_IN_S = 0.001
VOICE_FADE_OUT_S = 0.010

# Clip name -> what espeak-ng says. Numbers n1..n99 are added by number_words().
PHRASES = {
    "go": "Go!",
    "walk_down": "Walk down",
    "cool_down": "Cool down",
    "last_rep": "Last rep",
    "halfway": "Halfway",
    "session_complete": "Session complete",
    "rep": "Rep",
    "of": "of",
    "get_ready": "Get ready",
    "paused": "Paused",
    "resumed": "Resumed",
    "battery_low": "Battery ten percent",
}

_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    """1..99 in English words ("forty-two"): the clip n42 says this."""
    if not 1 <= n <= 99:
        raise ValueError(f"no clip for {n}")
    if n < 10:
        return _ONES[n - 1]
    if n < 20:
        return _TEENS[n - 10]
    tens, ones = divmod(n, 10)
    word = _TENS[tens - 2]
    return f"{word}-{_ONES[ones - 1]}" if ones else word


# ---- writing ------------------------------------------------------------------------------------


def write_wav(path: Path, samples: list[float]) -> None:
    """Scale `samples` (any range) to a -1 dBFS peak, append the pad, write 16-bit mono."""
    peak = max(abs(s) for s in samples)
    gain = PEAK / peak if peak else 0.0
    pcm = array.array("h", (round(s * gain * 32767) for s in samples))
    pcm.extend([0] * round(PAD_S * RATE))
    if sys.byteorder == "big":
        pcm.byteswap()
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())


# ---- beeps --------------------------------------------------------------------------------------


def tone(seconds: float, *partials: tuple[float, float]) -> list[float]:
    """A sum of sines, (frequency Hz, amplitude) each, with raised-cosine fades at both ends."""
    n = round(seconds * RATE)
    fade = round(FADE_S * RATE)
    out = []
    for i in range(n):
        t = i / RATE
        x = sum(a * math.sin(2 * math.pi * f * t) for f, a in partials)
        edge = min(i, n - 1 - i)
        if edge < fade:
            x *= 0.5 - 0.5 * math.cos(math.pi * edge / fade)
        out.append(x)
    return out


def silence(seconds: float) -> list[float]:
    return [0.0] * round(seconds * RATE)


def beeps() -> dict[str, list[float]]:
    """The beeps. 2-3 kHz: where the ear is most sensitive and what carries outdoors.

    tick             one short 2.5 kHz pip (the 3-2-1 before a sprint)
    go               a long, bright two-tone (2 kHz + 3 kHz) blast
    sprint_end       a high-then-low double beep (2.8 kHz, 2 kHz): "stop", unlike go
    session_complete a rising three-note fanfare (G6 C7 E7, with a second harmonic), ~1.5 s
    test             tick, tick, go: the settings' "test sound" plays what a session sounds like
    silence          0.5 s of digital silence that the player loops during a session, so the
                     audio stream keeps running and a cue never waits for it to start again
    """
    tick = tone(0.120, (2500, 1.0))
    go = tone(0.600, (2000, 1.0), (3000, 0.8))
    sprint_end = tone(0.180, (2800, 1.0)) + silence(0.070) + tone(0.260, (2000, 1.0))
    fanfare: list[float] = []
    for freq, seconds in ((1568.0, 0.22), (2093.0, 0.22), (2637.0, 0.90)):
        fanfare += tone(seconds, (freq, 1.0), (2 * freq, 0.3))
        fanfare += silence(0.040)
    test = tick + silence(0.300) + tick + silence(0.300) + go
    return {
        "tick": tick,
        "go": go,
        "sprint_end": sprint_end,
        "session_complete": fanfare[: -round(0.040 * RATE)],
        "test": test,
        "silence": silence(0.500),
    }


# ---- voice --------------------------------------------------------------------------------------


def read_wav_48k(path: Path) -> list[float]:
    with wave.open(str(path), "rb") as src:
        if (src.getframerate(), src.getsampwidth(), src.getnchannels()) != (RATE, 2, 1):
            raise RuntimeError(f"{path}: sox did not give 48 kHz 16-bit mono")
        pcm = array.array("h", src.readframes(src.getnframes()))
    if sys.byteorder == "big":
        pcm.byteswap()
    return [s / 32768 for s in pcm]


def shape_speech(samples: list[float]) -> list[float]:
    """Trim silence at both ends (onset = first sample), with short fades against clicks."""
    peak = max(abs(s) for s in samples)
    loud = [i for i, s in enumerate(samples) if abs(s) > VOICE_THRESHOLD * peak]
    if not loud:
        raise RuntimeError("espeak-ng produced silence")
    end = min(len(samples), loud[-1] + round(VOICE_TAIL_S * RATE))
    out = samples[loud[0] : end]
    fade_in, fade_out = round(VOICE_FADE_IN_S * RATE), round(VOICE_FADE_OUT_S * RATE)
    for i in range(min(fade_in, len(out))):
        out[i] *= i / fade_in
    for i in range(min(fade_out, len(out))):
        out[-1 - i] *= i / fade_out
    return out


def speak(text: str, workdir: Path) -> list[float]:
    raw, resampled = workdir / "raw.wav", workdir / "48k.wav"
    subprocess.run(
        ["espeak-ng", "-v", ESPEAK_VOICE, "-s", str(ESPEAK_SPEED), "-w", str(raw), text],
        check=True,
    )
    subprocess.run(
        ["sox", "-D", str(raw), "-b", "16", "-c", "1", str(resampled), "rate", "-v", str(RATE)],
        check=True,
    )
    return shape_speech(read_wav_48k(resampled))


def voice_phrases() -> dict[str, str]:
    phrases = dict(PHRASES)
    phrases.update({f"n{n}": number_words(n) for n in range(1, 100)})
    return phrases


# ---- main ---------------------------------------------------------------------------------------


def make_beeps() -> list[Path]:
    written = []
    for name, samples in beeps().items():
        path = SOUNDS / f"{name}.wav"
        write_wav(path, samples)
        written.append(path)
    return written


def make_voice(lang: str = "en", only: list[str] | None = None) -> list[Path]:
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"needs {' and '.join(missing)} (Debian: apt-get install espeak-ng sox)")
    written = []
    with tempfile.TemporaryDirectory(prefix="hillsprint-clips-") as tmp:
        for name, text in voice_phrases().items():
            if only and name not in only:
                continue
            path = VOICE / lang / f"{name}.wav"
            write_wav(path, speak(text, Path(tmp)))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beeps", action="store_true", help="only the beeps")
    parser.add_argument("--voice", action="store_true", help="only the voice clips")
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="only these voice clips (e.g. battery_low)"
    )
    args = parser.parse_args(argv)
    if args.only:
        args.voice = True
    both = not (args.beeps or args.voice)
    written = []
    if args.beeps or both:
        written += make_beeps()
    if args.voice or both:
        written += make_voice(only=args.only)
    size = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} clips, {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
