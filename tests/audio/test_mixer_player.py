"""The mixer player on a fake clock and a fake stream: where each clip lands, what a change of
plan takes back, that a cue placed ahead is not played again when it falls due, the log."""

from __future__ import annotations

import json

import pytest

from hillsprint.audio import mixer_player
from hillsprint.audio.clips import SOUND, VOICE, clip_path, clip_seconds
from hillsprint.audio.mixer import RATE
from hillsprint.audio.mixer_player import MixerCuePlayer, best_cue_player, cue_key
from hillsprint.audio.output import OutputError, StreamClock
from hillsprint.core.session_events import Cue, CueKind

T0 = 1000.0


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


class FakeOutput:
    """A stream whose frame 0 sounds at T0 and frame n at T0 + n / RATE."""

    def __init__(self, mixer, *, on_error=None) -> None:
        self.mixer = mixer
        self.clock = StreamClock()
        self.is_open = False
        self.opened = 0

    def open(self) -> None:
        self.is_open = True
        self.opened += 1
        self.clock.observe(0, 0.0, T0)

    def close(self) -> None:
        self.is_open = False


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def player(qtbot, clock, monkeypatch):
    monkeypatch.delenv("CUE_SCHEDULE_LOG", raising=False)
    player = MixerCuePlayer(clock=clock, output_factory=FakeOutput)
    player.prepare(8)
    yield player
    player.close()


def frame(t: float) -> int:
    """The stream frame that sounds at `t`."""
    return round((t - T0) * RATE)


def starts(player) -> list[tuple[str, int]]:
    """(what, start frame) of every clip waiting in the mixer."""
    return sorted((clip.name, clip.start) for clip in player.mixer.pending())


def go(at: float, rep: int = 1) -> Cue:
    return Cue(CueKind.GO, at, rep)


def test_a_cue_placed_ahead_lands_on_the_frame_of_its_deadline(player):
    player.plan_ahead([go(T0 + 1.25)])
    assert starts(player) == [("go", frame(T0 + 1.25))]


def test_when_it_falls_due_it_is_not_played_again(player, clock):
    cue = go(T0 + 1.0)
    player.plan_ahead([cue])
    clock.now = T0 + 1.0
    player.play(cue)
    player.plan_ahead([])  # nothing more coming: a placed cue that fell due stays
    assert starts(player) == [("go", frame(T0 + 1.0))]


def test_a_change_of_plan_takes_back_what_is_no_longer_coming(player):
    first, moved = go(T0 + 1.0), go(T0 + 6.0)  # a pause of 5 s moved the GO
    player.plan_ahead([first])
    player.plan_ahead([moved])
    assert starts(player) == [("go", frame(T0 + 6.0))]
    player.plan_ahead([])  # paused: nothing is coming
    assert starts(player) == []


def test_speech_taken_back_frees_the_voice_for_the_next(player):
    announce = Cue(CueKind.REP_ANNOUNCE, T0 + 1.0, 2, 2)
    player.plan_ahead([announce])
    assert [name for name, _ in starts(player)] == ["n2", "n8", "of", "rep"]
    player.plan_ahead([Cue(CueKind.LAST_REP, T0 + 1.0, 8)])  # skipped to the last rep
    assert starts(player) == [("last_rep", frame(T0 + 1.0))]  # not after the words


def test_a_cue_not_placed_ahead_plays_at_once(player, clock):
    player.mixer.render(frame(T0 + 3.0))  # the stream has played up to now
    clock.now = T0 + 3.0
    player.play(go(T0 + 2.9))  # a key press made it due
    player.mixer.render(480)
    ((name, start),) = starts(player)
    assert name == "go" and start == frame(T0 + 3.0)  # the next frame rendered


def test_mute_silences_what_was_placed_and_nothing_is_placed_while_muted(player):
    player.plan_ahead([go(T0 + 1.0)])
    player.set_muted(True)
    assert starts(player) == []
    player.plan_ahead([go(T0 + 1.0)])
    assert starts(player) == []
    player.set_muted(False)
    player.plan_ahead([go(T0 + 1.0)])  # the controller's next wake places it again
    assert [name for name, _ in starts(player)] == ["go"]


def test_volume_is_the_cube_of_the_slider(player):
    player.set_volume(0.5)
    assert player.mixer.gain == pytest.approx(0.125)


def test_the_log_says_when_each_clip_was_committed_to_the_stream(
    qtbot, clock, tmp_path, monkeypatch
):
    log = tmp_path / "schedule.jsonl"
    monkeypatch.setenv("CUE_SCHEDULE_LOG", str(log))
    player = MixerCuePlayer(clock=clock, output_factory=FakeOutput)
    player.prepare(8)
    player.plan_ahead([Cue(CueKind.SPRINT_END, T0 + 0.5, 1)])
    player.mixer.render(frame(T0 + 0.5) - 1)  # the feeder, up to the beep's frame
    clock.now = T0 + 0.2
    player.mixer.render(2 * RATE)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [line["label"] for line in lines] == ["sprint_end", "walk_down"]
    assert lines[0]["t"] == T0 + 0.5
    beep = clip_seconds(clip_path((SOUND, "sprint_end"), "en"))
    assert lines[1]["t"] == pytest.approx(T0 + 0.5 + beep)
    assert all(line["called"] == T0 + 0.2 for line in lines)
    player.close()


def test_prepare_loads_the_numbers_and_opens_the_stream(player):
    assert (VOICE, "n8") in player.clips_loaded
    assert player.stream_open


def test_a_refused_stream_makes_the_player_unavailable_and_says_why(qtbot, clock):
    def refuse(mixer, *, on_error=None):
        raise OutputError("libpulse-simple is not installed")

    player = MixerCuePlayer(clock=clock, output_factory=refuse)
    with qtbot.waitSignal(player.unavailable) as signal:
        pass
    assert signal.args == ["libpulse-simple is not installed"]
    assert not player.available


def test_without_the_stream_the_qsoundeffect_player_takes_over(qtbot, monkeypatch):
    class Refused:
        def __init__(self, mixer, *, on_error=None):
            raise OutputError("Connection refused")

    class StandIn:
        def __init__(self, parent=None, *, lang="en"):
            self.lang = lang

    monkeypatch.setattr(mixer_player, "PulseOutput", Refused)
    monkeypatch.setattr("hillsprint.audio.player.CuePlayer", StandIn)
    assert isinstance(best_cue_player(lang="en"), StandIn)


def test_cue_keys_match_between_the_look_ahead_and_poll():
    assert cue_key(go(T0 + 0.1 + 0.2)) == cue_key(go(T0 + 0.3))
    assert cue_key(go(T0 + 1.0)) != cue_key(go(T0 + 1.001))


def test_a_clip_handed_over_after_its_frame_starts_at_once_and_is_logged_late(
    player, clock, caplog
):
    player.mixer.render(frame(T0 + 2.0))  # the stream has played up to T0 + 2 s
    clock.now = T0 + 2.0
    with caplog.at_level("INFO", logger="hillsprint.audio.mixer_player"):
        player.play(go(T0 + 1.5))  # due half a second ago (the GUI thread was held up)
        player.mixer.render(480)
    ((name, start),) = starts(player)
    assert name == "go" and start == frame(T0 + 2.0)
    assert "go started 500.0 ms after its deadline" in caplog.text
