"""End to end at a sound device without a sound card: a short session through the real engine,
controller and mixer player in a child process, its GUI thread stalled for 2 s in a walk-down,
against a private PulseAudio null sink whose monitor this test records. What reached the
'sound card' is searched for every clip's waveform: each beep is heard exactly as often as it
was scheduled, none has a dropout (a run of silence inside the tone: the click of a stream
that ran dry), and no clip is heard more often than it was scheduled.

The precise timing (onset medians and p95 over a 60-rep session, idle and loaded) is a
benchmark, not a test: tests/benchmarks/bench_session_cues.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from pulse_support import MonitorRecorder

from hillsprint.audio.clips import BEEPS, PAD_S, SOUND, VOICE, clip_path
from hillsprint.audio.mixer import RATE
from hillsprint.audio.mixer_player import read_clip

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "tests" / "benchmarks" / "bench_session_cues.py"
SILENT = 1e-4  # |sample| below this is silence
DROPOUT_FRAMES = 48  # 1 ms of silence inside a tone is a dropout

pytestmark = pytest.mark.slow


def template(kind: str, name: str) -> np.ndarray:
    samples = read_clip(clip_path((kind, name), "en"))
    return samples[: len(samples) - round(PAD_S * RATE)]  # the sound, not its silent pad


def occurrences(recording: np.ndarray, clip: np.ndarray, threshold: float) -> list[int]:
    """Where `clip` sounds in `recording` (normalised cross-correlation above `threshold`)."""
    n = len(recording) + len(clip)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(recording, size) * np.conj(np.fft.rfft(clip, size)), size)
    corr = corr[: len(recording) - len(clip) + 1]
    energy = np.concatenate(([0.0], np.cumsum(recording.astype(np.float64) ** 2)))
    local = energy[len(clip) :] - energy[: -len(clip)]
    norm = np.linalg.norm(clip)
    ncc = corr / (norm * np.sqrt(np.maximum(local, 1e-12)))
    ncc[local < 0.01 * norm**2] = 0.0  # (near) silence matches nothing
    found: list[int] = []
    for index in np.flatnonzero(ncc > threshold):
        if found and index - found[-1] < len(clip) // 2:
            if ncc[index] > ncc[found[-1]]:
                found[-1] = index
        else:
            found.append(int(index))
    return found


def longest_silence(samples: np.ndarray) -> int:
    quiet = np.abs(samples) < SILENT
    best = run = 0
    for value in quiet:
        run = run + 1 if value else 0
        best = max(best, run)
    return best


@pytest.fixture(scope="module")
def session(null_sink, tmp_path_factory):
    """(recording, scheduled labels) of a 2-rep session with a 2 s GUI stall."""
    if null_sink is None:
        assert not os.environ.get("CI"), "CI must install pulseaudio (scripts/bootstrap.sh)"
        pytest.skip("pulseaudio is not installed")
    folder = tmp_path_factory.mktemp("session")
    log = folder / "schedule.jsonl"
    env = {**os.environ, **null_sink, "CUE_SCHEDULE_LOG": str(log)}
    recorder = MonitorRecorder(null_sink, null_sink["PULSE_SINK"])
    try:
        child = subprocess.run(
            [sys.executable, str(BENCH), "--reps", "2", "--stall-at", "8.5", "--stall-s", "2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        recording = recorder.stop()
    assert child.returncode == 0, child.stderr
    labels = [json.loads(line)["label"] for line in log.read_text().splitlines()]
    return recording, Counter(labels)


def test_every_beep_is_heard_as_often_as_scheduled_and_none_has_a_dropout(session):
    recording, scheduled = session
    assert scheduled["go"] == 2 and scheduled["tick"] == 6  # the session really ran
    for name in (name for name in BEEPS if name != "test"):  # "test" is the settings' button
        tone = template(SOUND, name)
        found = occurrences(recording, tone, 0.9)
        expected = scheduled[name] - (name == "session_complete")  # the log has its word too
        assert len(found) == expected, (name, len(found), expected)
        for start in found:
            heard = recording[start : start + len(tone)]
            gaps = longest_silence(heard) - longest_silence(tone)
            assert gaps < DROPOUT_FRAMES, f"{name} at frame {start}: {gaps} frames of silence"


def test_no_spoken_clip_is_heard_more_often_than_scheduled(session):
    recording, scheduled = session
    spoken = [name for name in scheduled if name not in BEEPS]
    assert {"rep", "walk_down", "cool_down"} <= set(spoken)
    for name in spoken:
        found = occurrences(recording, template(VOICE, name), 0.8)
        assert len(found) <= scheduled[name], (name, len(found), scheduled[name])
        if name in ("walk_down", "cool_down"):  # alone after their beep: never ducked
            assert len(found) == scheduled[name], (name, len(found), scheduled[name])
