"""The cue layer: which clips each cue plays, the clip files, the schedule, and real playback.

Real QSoundEffects run in a child process against a private PulseAudio server with a null sink
(no sound card needed, nothing reaches the developer's speakers): QtMultimedia's audio service
is a process-wide singleton that cannot be pointed at another server once started, and the
no-device path needs a process that never saw a server.
"""

from __future__ import annotations

import array
import importlib.util
import itertools
import json
import os
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest

from hillsprint.audio import clips as cue_clips
from hillsprint.audio.clips import (
    BEEPS,
    COMMON_VOICE,
    KEEP_ALIVE,
    PAD_S,
    SOUND,
    VOICE,
    clip_path,
    clip_seconds,
    clips_for,
)
from hillsprint.audio.player import CuePlayer
from hillsprint.audio.recording_player import RecordingCuePlayer
from hillsprint.core.session_events import Cue, CueKind
from hillsprint.resources import resources_dir, sound_path, voice_path

T0 = 1000.0


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def cue(kind: CueKind, rep: int = 3, value: int | None = None, deadline: float = T0) -> Cue:
    return Cue(kind, deadline, rep, value)


def names(clips) -> list[str]:
    return [f"{kind}:{name}" for kind, name in clips]


# ---- clips_for -----------------------------------------------------------------------------

# (cue, expected with beeps+voice, beeps only, voice only) for a session of 8 reps with a
# cool-down; both off always gives nothing.
MAPPING = [
    (cue(CueKind.TICK, value=2), ["sound:tick"], ["sound:tick"], ["voice:n2"]),
    (cue(CueKind.GO), ["sound:go"], ["sound:go"], ["voice:go"]),
    (
        cue(CueKind.SPRINT_END),
        ["sound:sprint_end", "voice:walk_down"],
        ["sound:sprint_end"],
        ["voice:walk_down"],
    ),
    (
        cue(CueKind.SPRINT_END, rep=8),
        ["sound:sprint_end", "voice:cool_down"],
        ["sound:sprint_end"],
        ["voice:cool_down"],
    ),
    (cue(CueKind.HALFWAY), ["voice:halfway"], [], ["voice:halfway"]),
    (
        cue(CueKind.REP_ANNOUNCE, value=3),
        ["voice:rep", "voice:n3", "voice:of", "voice:n8"],
        [],
        ["voice:rep", "voice:n3", "voice:of", "voice:n8"],
    ),
    (cue(CueKind.LAST_REP, rep=8), ["voice:last_rep"], [], ["voice:last_rep"]),
    (cue(CueKind.WARMUP_END, rep=0), ["voice:get_ready"], [], ["voice:get_ready"]),
    (
        cue(CueKind.SESSION_COMPLETE, rep=8),
        ["sound:session_complete", "voice:session_complete"],
        ["sound:session_complete"],
        ["voice:session_complete"],
    ),
]


def test_the_mapping_covers_every_cue_kind():
    assert {c.kind for c, *_ in MAPPING} == set(CueKind)


@pytest.mark.parametrize(("the_cue", "both", "beeps_only", "voice_only"), MAPPING)
def test_clips_for(the_cue, both, beeps_only, voice_only):
    def mapped(beeps, voice):
        return names(clips_for(the_cue, 8, beeps=beeps, voice=voice, last_walk_is_cooldown=True))

    assert mapped(True, True) == both
    assert mapped(True, False) == beeps_only
    assert mapped(False, True) == voice_only
    assert mapped(False, False) == []


def test_last_sprint_without_cool_down_leaves_the_end_to_session_complete():
    last = cue(CueKind.SPRINT_END, rep=8)
    assert clips_for(last, 8, beeps=True, voice=True, last_walk_is_cooldown=False) == []
    earlier = cue(CueKind.SPRINT_END, rep=7)
    assert names(clips_for(earlier, 8, beeps=True, voice=True, last_walk_is_cooldown=False)) == [
        "sound:sprint_end",
        "voice:walk_down",
    ]


def test_rep_announce_numbers():
    def said(rep, count):
        announce = cue(CueKind.REP_ANNOUNCE, rep=rep, value=rep)
        clips = clips_for(announce, count, beeps=True, voice=True, last_walk_is_cooldown=True)
        return [name for _, name in clips]

    assert said(99, 99) == ["rep", "n99", "of", "n99"]
    assert said(1, 1) == ["rep", "n1", "of", "n1"]
    assert said(3, 0) == ["rep", "n3"]  # prepare() never called: no "of <count>"


# ---- the clip files ------------------------------------------------------------------------


def every_clip() -> set[tuple[str, str]]:
    """Every clip the cue layer can ask for (all kinds, reps 1..99, every setting)."""
    found = {(SOUND, name) for name in BEEPS} | {(VOICE, name) for name in COMMON_VOICE}
    settings = list(itertools.product((True, False), repeat=3))
    for kind, count in itertools.product(CueKind, (1, 8, 99)):
        for rep in range(1, count + 1):
            for value in (rep, 1, 2, 3):
                for beeps, voice, cool in settings:
                    the_cue = cue(kind, rep=rep, value=value)
                    found.update(
                        clips_for(
                            the_cue, count, beeps=beeps, voice=voice, last_walk_is_cooldown=cool
                        )
                    )
    return found


def test_every_clip_exists_and_is_48k_16bit_mono_with_a_silent_tail():
    clips = every_clip()
    assert {name for kind, name in clips if kind == VOICE} >= {f"n{n}" for n in range(1, 100)}
    pad = round(0.050 * 48_000)
    for clip in sorted(clips):
        path = clip_path(clip, "en")
        assert path.is_file(), path
        with wave.open(str(path), "rb") as wav:
            assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (48_000, 2, 1), (
                path
            )
            samples = array.array("h", wav.readframes(wav.getnframes()))
        if sys.byteorder == "big":
            samples.byteswap()
        assert not any(samples[-pad:]), f"{path.name}: less than 50 ms of silence at the end"
        peak = max(map(abs, samples))
        assert 0.85 * 32767 <= peak <= 0.9 * 32767, f"{path.name}: peak {peak} is not -1 dBFS"
        onset = next(i for i, s in enumerate(samples) if abs(s) > 0.01 * peak)
        assert onset < 48 * 5, f"{path.name}: sound starts {onset / 48:.1f} ms into the file"


def test_the_keep_alive_clip_is_digital_silence_in_the_clips_format():
    with wave.open(str(clip_path(KEEP_ALIVE, "en")), "rb") as wav:
        assert (wav.getframerate(), wav.getsampwidth(), wav.getnchannels()) == (48_000, 2, 1)
        assert not any(wav.readframes(wav.getnframes()))


def test_resource_paths_point_into_the_checkout():
    assert resources_dir() == Path(cue_clips.__file__).resolve().parents[2] / "resources"
    assert sound_path("go") == resources_dir() / "sounds" / "go.wav"
    assert voice_path("en", "n7") == resources_dir() / "voice" / "en" / "n7.wav"


def test_clip_seconds_leaves_out_the_pad():
    with wave.open(str(sound_path("tick")), "rb") as wav:
        length = wav.getnframes() / wav.getframerate()
    assert clip_seconds(sound_path("tick")) == pytest.approx(length - PAD_S)
    assert clip_seconds(sound_path("tick")) == pytest.approx(0.120, abs=0.001)


# ---- the schedule, with the recording double ----------------------------------------------


@pytest.fixture(autouse=True)
def no_schedule_log(monkeypatch):
    """A CUE_SCHEDULE_LOG in the developer's environment must not collect test clips."""
    monkeypatch.delenv("CUE_SCHEDULE_LOG", raising=False)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def recorder(qtbot, clock):
    player = RecordingCuePlayer(clock=clock)
    player.prepare(8)
    yield player
    player.deleteLater()


def voice_seconds(name: str) -> float:
    return clip_seconds(voice_path("en", name))


def test_rep_announce_plays_four_clips_back_to_back(recorder, clock):
    clock.now = T0 + 0.002  # the controller woke 2 ms after the deadline
    recorder.play(cue(CueKind.REP_ANNOUNCE, value=3))
    assert recorder.labels == ["rep", "n3", "of", "n8"]
    starts = [clip.t for clip in recorder.played]
    expected, at = [T0], T0 + 0.002  # the first clip's t is the deadline; it starts at once
    for name in ("rep", "n3", "of"):
        at += voice_seconds(name)
        expected.append(at)
    assert starts == pytest.approx(expected, abs=1e-9)
    assert {clip.called for clip in recorder.played} == {T0 + 0.002}


def test_a_cue_handed_over_early_waits_for_its_deadline(recorder):
    recorder.play(cue(CueKind.SPRINT_END, deadline=T0 + 0.5))
    beep, words = recorder.played
    assert beep.t == T0 + 0.5
    assert words.t == pytest.approx(T0 + 0.5 + clip_seconds(sound_path("sprint_end")))


def test_voice_waits_for_voice_but_beeps_never_wait(recorder, clock):
    recorder.play(cue(CueKind.WARMUP_END, rep=0))
    recorder.play(cue(CueKind.REP_ANNOUNCE, value=1))
    recorder.play(cue(CueKind.TICK, value=3))
    get_ready, rep, *_, tick = recorder.played
    assert (get_ready.name, rep.name, tick.name) == ("get_ready", "rep", "tick")
    assert rep.t == pytest.approx(T0 + voice_seconds("get_ready"))
    assert tick.t == T0


def test_sprint_end_speaks_after_its_beep(recorder):
    recorder.play(cue(CueKind.SPRINT_END))
    beep, words = recorder.played
    assert (beep.name, words.name) == ("sprint_end", "walk_down")
    assert words.t == pytest.approx(T0 + clip_seconds(sound_path("sprint_end")))


def test_settings_change_what_is_played(recorder):
    recorder.set_beeps(False)
    recorder.play(cue(CueKind.GO))
    recorder.set_voice(False)
    recorder.play(cue(CueKind.REP_ANNOUNCE, value=2))
    recorder.set_beeps(True)
    recorder.play(cue(CueKind.GO))
    assert recorder.labels == ["go", "go"]
    assert [clip.kind for clip in recorder.played] == [VOICE, SOUND]
    assert (recorder.beeps, recorder.voice) == (True, False)


def test_mute_stops_playback_and_drops_what_was_still_to_come(recorder, clock):
    recorder.play(cue(CueKind.REP_ANNOUNCE, value=3))
    clock.now = T0 + voice_seconds("rep") + 0.01  # "Rep" done, "three" speaking
    recorder.set_muted(True)
    assert recorder.labels == ["rep", "n3"]
    recorder.play(cue(CueKind.GO, deadline=clock.now))
    assert recorder.labels == ["rep", "n3"]
    recorder.set_muted(False)
    recorder.play(cue(CueKind.HALFWAY, deadline=clock.now))
    assert recorder.labels == ["rep", "n3", "halfway"]
    assert recorder.played[-1].t == clock.now  # muting also emptied the voice queue


def test_test_sound_plays_even_when_muted_and_beeps_are_off(recorder):
    recorder.set_muted(True)
    recorder.set_beeps(False)
    recorder.test_sound()
    assert recorder.labels == ["test"]


def test_say_speaks_one_clip(recorder):
    recorder.say("paused")
    recorder.set_voice(False)
    recorder.say("resumed")
    assert recorder.labels == ["paused"]


def test_prepare_loads_the_numbers_of_the_session(recorder):
    assert (VOICE, "n8") in recorder.loaded_clips
    assert (VOICE, "n9") not in recorder.loaded_clips
    recorder.prepare(99)
    assert (VOICE, "n99") in recorder.loaded_clips


def test_the_stream_is_kept_running_from_prepare_to_finish(recorder, qtbot):
    assert recorder.stream_kept
    recorder.finish()
    assert not recorder.stream_kept
    recorder.prepare(8)
    recorder.simulate_unavailable()
    assert not recorder.stream_kept


def test_volume_is_clamped(recorder):
    recorder.set_volume(1.7)
    assert recorder.volume == 1.0
    recorder.set_volume(-0.2)
    assert recorder.volume == 0.0


def test_schedule_log_has_one_line_per_clip(tmp_path, monkeypatch, qtbot, clock):
    log = tmp_path / "schedule.jsonl"
    monkeypatch.setenv("CUE_SCHEDULE_LOG", str(log))
    player = RecordingCuePlayer(clock=clock)
    player.prepare(8)
    clock.now = T0 + 0.001
    player.play(cue(CueKind.REP_ANNOUNCE, value=3))
    player.play(cue(CueKind.GO, deadline=T0 + 0.0005))
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [line["label"] for line in lines] == ["rep", "n3", "of", "n8", "go"]
    assert [line["t"] for line in lines] == [clip.t for clip in player.played]
    assert lines[0]["t"] == T0
    assert lines[-1]["t"] == T0 + 0.0005
    assert all(line["called"] == T0 + 0.001 for line in lines)
    player.deleteLater()


def test_an_unavailable_double_plays_nothing_and_says_why(qtbot, clock):
    player = RecordingCuePlayer(clock=clock, available=False, problem="no speaker")
    with qtbot.waitSignal(player.unavailable) as signal:
        pass
    assert signal.args == ["no speaker"]
    assert (player.available, player.problem) == (False, "no speaker")
    player.play(cue(CueKind.GO))
    assert player.played == []
    player.deleteLater()


def test_losing_the_device_later_is_signalled_once(recorder, qtbot):
    with qtbot.waitSignal(recorder.unavailable) as signal:
        recorder.simulate_unavailable("device unplugged")
    recorder.simulate_unavailable("again")
    qtbot.wait(10)
    assert signal.args == ["device unplugged"]
    assert recorder.problem == "device unplugged"


def test_without_qtmultimedia_the_player_is_unavailable(qtbot, monkeypatch):
    """PySide6-Addons missing (or libpulse0, which makes its import fail): no crash."""
    import PySide6

    monkeypatch.delattr(PySide6, "QtMultimedia", raising=False)
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setenv("PULSE_LATENCY_MSEC", "20")  # restored afterwards
    player = CuePlayer()
    assert not player.available
    assert player.problem.startswith("Qt Multimedia could not be loaded")
    assert not player.loaded
    with qtbot.waitSignal(player.unavailable) as signal:
        pass
    assert signal.args == [player.problem]
    player.play(cue(CueKind.GO, deadline=time.monotonic()))
    player.set_volume(0.5)
    player.set_muted(True)
    player.deleteLater()


# ---- real QSoundEffects in a child process -----------------------------------------------

CHILD = r"""
import json, os, sys, time
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer, qInstallMessageHandler
from hillsprint.core.session_events import Cue, CueKind
from hillsprint.audio.player import CuePlayer


def on_message(mode, context, message):
    if "QSocketNotifier" in message:  # the Qt 6.11 hang (hillsprint/audio/player.py): stop at once
        print(f"HANG: {message}", file=sys.stderr, flush=True)
        os._exit(3)
    print(message, file=sys.stderr)


qInstallMessageHandler(on_message)
app = QCoreApplication([])


def wait(seconds, until=lambda: False):
    # Sleep in the event loop as the app does (a processEvents() poll hid the Qt 6.11 hang).
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    poll = QTimer()
    poll.timeout.connect(lambda: until() and loop.quit())
    poll.start(10)
    loop.exec()


player = CuePlayer()
signals = []
player.unavailable.connect(signals.append)
player.prepare(8)
wait(5, lambda: player.loaded or not player.available)
result = {
    "available": player.available,
    "problem": player.problem,
    "loaded": player.loaded,
    "pulse_latency": os.environ.get("PULSE_LATENCY_MSEC"),
}
if player.available:
    wait(1, lambda: player.state()["stream_kept"])
    result["stream_kept"] = player.state()["stream_kept"]
if player.available and sys.argv[1] == "play":
    result["effects"] = player.state()["effects"]
    for i in range(24):  # overlapping beeps and words: hung Qt 6.11 without the workaround
        player.play(Cue(CueKind.GO if i % 2 else CueKind.TICK, time.monotonic(), 3, 3))
        player.say("rep")
        wait(0.08)
    wait(1.5)
    player.set_muted(True)
    player.set_muted(False)
    os.truncate(os.environ["CUE_SCHEDULE_LOG"], 0)
    now = time.monotonic()
    player.play(Cue(CueKind.REP_ANNOUNCE, now, 3, 3))
    player.play(Cue(CueKind.GO, now, 3))
    wait(2.5)
    result["pending_after_sequence"] = player.state()["pending"]
    player.play(Cue(CueKind.SESSION_COMPLETE, time.monotonic(), 8))
    wait(0.3)
    result["playing_before_mute"] = player.state()["playing"]
    player.set_muted(True)
    wait(0.1)
    result["playing_after_mute"] = player.state()["playing"]
    result["pending_after_mute"] = player.state()["pending"]
    result["stream_kept_when_muted"] = player.state()["stream_kept"]
    player.finish()
    wait(0.1)
    result["stream_kept_after_finish"] = player.state()["stream_kept"]
wait(0.2)
result["signals"] = signals
result["still_available"] = player.available
print(json.dumps(result))
"""


def run_child(tmp_path: Path, env: dict[str, str], mode: str) -> tuple[dict, str]:
    env = {**os.environ, **env, "CUE_SCHEDULE_LOG": str(tmp_path / "schedule.jsonl")}
    env.pop("PULSE_LATENCY_MSEC", None)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1]), done.stderr


def no_server_env(tmp_path: Path) -> dict[str, str]:
    """A PulseAudio server address where none listens, and no autospawning one."""
    client_conf = tmp_path / "client.conf"
    client_conf.write_text("autospawn = no\n")
    return {
        "PULSE_SERVER": f"unix:{tmp_path / 'no-server'}",
        "PULSE_CLIENTCONFIG": str(client_conf),
    }


def qtmultimedia_installed() -> bool:
    return importlib.util.find_spec("PySide6.QtMultimedia") is not None


def assert_unavailable(result: dict) -> None:
    assert result["available"] is False
    if qtmultimedia_installed():
        assert result["problem"] == "no audio output device found"
    else:
        assert result["problem"].startswith("Qt Multimedia could not be loaded")
    assert result["signals"] == [result["problem"]]


@pytest.mark.slow
def test_no_audio_device_makes_the_player_unavailable(tmp_path):
    result, _ = run_child(tmp_path, no_server_env(tmp_path), "load")
    assert_unavailable(result)
    assert not (tmp_path / "schedule.jsonl").exists()


@pytest.mark.slow
def test_real_effects_load_and_play_on_a_null_sink(tmp_path, null_sink):
    if null_sink is None:
        # No PulseAudio here: this machine can only show the no-device path, and does.
        assert not os.environ.get("CI"), "CI must install pulseaudio (see tests/audio/test_cues.py)"
        result, _ = run_child(tmp_path, no_server_env(tmp_path), "play")
        assert_unavailable(result)
        return
    result, stderr = run_child(tmp_path, null_sink, "play")
    assert result["available"], result["problem"]
    assert result["loaded"]
    assert result["pulse_latency"] == "4"
    assert result["effects"] == len(BEEPS) + len(COMMON_VOICE) + 5  # + n4..n8 from prepare(8)
    assert result["pending_after_sequence"] == 0
    assert result["playing_before_mute"] >= 1
    assert (result["playing_after_mute"], result["pending_after_mute"]) == (0, 0)
    assert result["stream_kept"] and result["stream_kept_when_muted"]
    assert not result["stream_kept_after_finish"]
    assert (result["signals"], result["still_available"]) == ([], True)
    assert "QSocketNotifier" not in stderr
    assert "QSoundEffect" not in stderr

    lines = [json.loads(line) for line in (tmp_path / "schedule.jsonl").read_text().splitlines()]
    labels = [line["label"] for line in lines]
    assert labels[:5] == ["rep", "go", "n3", "of", "n8"]  # GO's beep does not wait for words
    assert labels[5:] == ["session_complete"]  # muted before its voice clip was due
    rep, go, *rest = lines[:5]
    at = rep["called"]
    for line, before in zip(rest, ("rep", "n3", "of"), strict=True):
        at += voice_seconds(before)
        assert line["t"] == pytest.approx(at, abs=0.002)
    for line in lines:
        assert 0 <= line["called"] - line["t"] < 0.05, line  # timers on time (CI is slow)
    assert go["t"] <= go["called"]
