"""`hillsprint --self-check`: passes on a good installation, with or without a sound device, and
names every broken file (exit 1) otherwise. Real processes: QtMultimedia's audio service is one
per process, and the no-device case needs a process that never saw a sound server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import hillsprint

from hillsprint import __version__, self_check
from hillsprint.resources import resources_dir
from hillsprint.self_check import sounds

pytestmark = pytest.mark.slow

# Runs the self-check on another resources/ tree (a broken copy).
CHILD = """
import sys
from pathlib import Path
import hillsprint.resources

root = Path(sys.argv[1])


def resources_dir():
    if not root.is_dir():
        raise FileNotFoundError(f"HillSprint's resources directory is missing (looked in: {root})")
    return root


hillsprint.resources.resources_dir = resources_dir
from hillsprint.app import main

sys.exit(main(["--self-check"]))
"""


def no_sound_server(tmp_path: Path) -> dict[str, str]:
    """A PulseAudio address where none listens, and no autospawning: no audio output at all."""
    conf = tmp_path / "client.conf"
    conf.write_text("autospawn = no\n")
    return {"PULSE_SERVER": f"unix:{tmp_path / 'no-server'}", "PULSE_CLIENTCONFIG": str(conf)}


def run_child(resources: Path, env: dict[str, str], timeout: float = 120):
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(resources)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
    )


def test_passes_without_a_sound_device(tmp_path, isolated_dirs):
    started = time.monotonic()
    result = hillsprint("--self-check", env=no_sound_server(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.startswith(f"HillSprint {__version__} self-check")
    for part in ("resources:", "modules:", "qt:", "sounds:", "icons:", "database:"):
        assert f"\n  {part}" in out
    assert "decoded by QAudioDecoder" in out
    assert "no audio output device here, so QSoundEffect was not tried" in out
    assert "self-check passed" in out
    # Qt's and FFmpeg's chatter is kept off the terminal; nothing else is said on stderr
    assert result.stderr == "", result.stderr
    # the runner's own data dir is never touched
    assert not any(Path(isolated_dirs["HILLSPRINT_DATA_DIR"]).iterdir())
    assert time.monotonic() - started < 60


def test_with_a_sound_device_every_clip_loads_into_qsoundeffect(null_sink):
    if null_sink is None:
        assert not os.environ.get("CI"), "CI must install pulseaudio (scripts/bootstrap.sh)"
        pytest.skip("pulseaudio is not installed")
    result = hillsprint("--self-check", env=null_sink)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all loaded by QSoundEffect (output: " in result.stdout
    assert "QSocketNotifier" not in result.stderr


@pytest.fixture
def broken_copy(tmp_path) -> Path:
    copy = tmp_path / "resources"
    shutil.copytree(resources_dir(), copy)
    return copy


def test_every_broken_file_is_named_and_the_exit_code_is_1(broken_copy, tmp_path):
    corrupt = broken_copy / "voice" / "en" / "n7.wav"
    corrupt.write_bytes(os.urandom(4000))  # random bytes under a .wav name
    missing = broken_copy / "sounds" / "tick.wav"
    missing.unlink()
    truncated = broken_copy / "voice" / "en" / "halfway.wav"
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])  # the header promises twice the samples
    bad_icon = (
        broken_copy / "icons" / "hicolor" / "48x48" / "apps" / "io.github.hillsprint.HillSprint.png"
    )
    bad_icon.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)

    result = run_child(broken_copy, no_sound_server(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert f"{corrupt}: not a readable PCM WAV file" in out
    assert f"{missing}: missing" in out
    assert f"{truncated}: cut short" in out
    assert f"{bad_icon}: Qt could not read it" in out
    assert "sounds:      FAILED" in out and "icons:       FAILED" in out
    assert "database:    created" in out  # the checks after a failed one still run
    assert "self-check FAILED" in out
    # a summary line at the end of stderr, naming the problems (the first five); FFmpeg and
    # libpng may have said something about the broken files before it, straight to stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("hillsprint: self-check failed: 6 problem(s): ")
    assert "tick.wav: missing" in line and "n7.wav" in line


def test_a_clip_qt_cannot_decode_is_named_by_both_checks(broken_copy, tmp_path):
    """A header with a sample rate of 0: Python's wave reads it (the app would divide by that
    rate), and Qt's decoder (FFmpeg) refuses it."""
    clip = broken_copy / "sounds" / "go.wav"
    raw = bytearray(clip.read_bytes())
    fmt = raw.index(b"fmt ") + 8
    raw[fmt + 4 : fmt + 12] = bytes(8)  # sample rate and byte rate 0
    clip.write_bytes(bytes(raw))
    result = run_child(broken_copy, no_sound_server(tmp_path))
    assert result.returncode == 1
    assert f"{clip}: 0 Hz, 1 channel(s)" in result.stdout
    assert f"{clip}: Qt could not decode it" in result.stdout
    assert "(Qt said: " in result.stdout  # Qt's own words, shown with the failure


def test_no_resources_at_all(tmp_path):
    result = run_child(tmp_path / "nowhere", no_sound_server(tmp_path))
    assert result.returncode == 1
    missing = f"resources directory is missing (looked in: {tmp_path / 'nowhere'}))"
    assert "resources:   FAILED (HillSprint's " + missing in result.stdout
    assert "hillsprint: self-check failed: 1 problem(s): resources: " in result.stderr
    assert "sounds:" not in result.stdout  # nothing to check without the tree
    assert "database:    created" in result.stdout


def test_a_hang_ends_with_a_message_naming_the_step(tmp_path):
    child = (
        "import sys, time\n"
        "import hillsprint.self_check as sc\n"
        "sc.check_modules = lambda: time.sleep(60)\n"
        "from hillsprint.app import main\n"
        "sys.exit(main(['--self-check']))\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", child],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **no_sound_server(tmp_path), self_check.TIMEOUT_ENV: "2"},
    )
    assert result.returncode == 1
    assert "self-check failed: timed out after 2 s during 'modules'" in result.stderr
    assert time.monotonic() - started < 30


# ---- the pieces, in this process (no Qt) -------------------------------------------------


def test_read_wav_checks_header_and_data(tmp_path):
    good = resources_dir() / "sounds" / "tick.wav"
    info = sounds.read_wav(good)
    assert (info.rate, info.channels, info.bits) == (48000, 1, 16) and info.frames > 0
    short = tmp_path / "short.wav"
    short.write_bytes(good.read_bytes()[:-100])
    with pytest.raises(ValueError, match="cut short"):
        sounds.read_wav(short)
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="not a readable PCM WAV file"):
        sounds.read_wav(empty)


def test_required_clips_are_every_clip_the_cue_player_can_ask_for():
    clips = sounds.required_clips(resources_dir())
    names = {p.relative_to(resources_dir()).as_posix() for p in clips}
    assert {
        "sounds/tick.wav",
        "sounds/silence.wav",
        "voice/en/n99.wav",
        "voice/en/rep.wav",
    } <= names
    assert all(p.is_file() for p in clips)


def test_help_lists_the_self_check():
    assert "--self-check" in hillsprint("--help").stdout
