"""The mixer by frame numbers: placement to the sample, sums, the limiter, ducking, lateness."""

from __future__ import annotations

import numpy as np
import pytest

from hillsprint.audio.mixer import (
    BEEP,
    DUCK_GAIN,
    DUCK_RAMP_FRAMES,
    LIMIT_CEILING,
    LIMIT_KNEE,
    SPEECH,
    Mixer,
    Placed,
    soft_limit,
)


def tone(n: int, level: float = 0.5) -> np.ndarray:
    return np.full(n, level, dtype=np.float32)


def render(mixer: Mixer, frames: int, block: int = 480) -> np.ndarray:
    parts = []
    while frames > 0:
        parts.append(mixer.render(min(block, frames)))
        frames -= block
    return np.concatenate(parts)


@pytest.mark.parametrize("start", [0, 1, 479, 480, 481, 1000, 4799])
def test_a_clip_lands_on_its_frame_whatever_the_block_boundaries(start):
    mixer = Mixer()
    mixer.add(Placed(tone(100), start, BEEP))
    out = render(mixer, 6000)
    sounding = np.flatnonzero(out)
    assert sounding[0] == start and sounding[-1] == start + 99
    assert len(sounding) == 100


def test_overlapping_clips_add_up_below_the_knee():
    mixer = Mixer()
    mixer.add(Placed(tone(200, 0.3), 100, BEEP))
    mixer.add(Placed(tone(200, 0.4), 200, BEEP))
    out = render(mixer, 1000)
    assert out[150] == pytest.approx(0.3)
    assert out[250] == pytest.approx(0.7)  # both: a plain sum, under the knee
    assert out[350] == pytest.approx(0.4)


def test_loud_sums_are_limited_softly_never_clipped():
    mixer = Mixer()
    for _ in range(4):
        mixer.add(Placed(tone(100, 0.9), 0, BEEP))
    out = render(mixer, 100)
    assert np.all(np.abs(out) <= LIMIT_CEILING) and out[0] > LIMIT_KNEE
    x = np.linspace(-3, 3, 601, dtype=np.float32)
    y = soft_limit(x)
    assert np.all(np.diff(y) >= 0)  # monotonic: no folding
    inside = np.abs(x) <= LIMIT_KNEE
    assert np.array_equal(y[inside], x[inside])  # untouched below the knee


def test_speech_ducks_under_a_beep_with_ramps_and_beeps_are_never_lowered():
    mixer = Mixer()
    mixer.add(Placed(tone(10_000, 0.5), 0, SPEECH))
    mixer.add(Placed(tone(1000, 0.2), 4000, BEEP))
    out = render(mixer, 10_000)
    assert out[1000] == pytest.approx(0.5)  # before: full
    assert out[4500] == pytest.approx(0.5 * DUCK_GAIN + 0.2, rel=1e-5)  # under the beep
    assert out[8000] == pytest.approx(0.5)  # after: full again
    ramp = out[4000 - DUCK_RAMP_FRAMES : 4000]
    assert np.all(np.diff(ramp) <= 1e-7) and ramp[0] > ramp[-1]  # a ramp down, not a step


def test_a_clip_handed_over_late_starts_at_once_whole_and_says_how_late():
    mixer = Mixer()
    render(mixer, 960)
    seen = []
    mixer.add(Placed(tone(100), 500, BEEP, on_start=lambda due, at: seen.append((due, at))))
    out = render(mixer, 480)
    assert seen == [(500, 960)]
    assert np.count_nonzero(out) == 100  # not cut: the whole clip, from the next frame


def test_on_time_clips_report_their_own_frame():
    mixer = Mixer()
    seen = []
    mixer.add(Placed(tone(10), 700, BEEP, on_start=lambda due, at: seen.append((due, at))))
    render(mixer, 2000)
    assert seen == [(700, 700)]


def test_clips_not_started_can_be_taken_back_started_ones_play_on():
    mixer = Mixer()
    mixer.add(Placed(tone(1000), 0, SPEECH, tag="a"))
    mixer.add(Placed(tone(100), 2000, BEEP, tag="a"))
    mixer.add(Placed(tone(100), 3000, BEEP, tag="b"))
    render(mixer, 480)
    assert mixer.remove("a") == 1  # the beep at 2000; the speech has started
    mixer.remove_unstarted(lambda tag: tag != "b")
    out = render(mixer, 4000)
    assert np.count_nonzero(out) == 1000 - 480  # the rest of the speech, nothing else


def test_gain_scales_everything_and_clear_silences_at_once():
    mixer = Mixer()
    mixer.gain = 0.5
    mixer.add(Placed(tone(2000, 0.4), 0, BEEP))
    assert mixer.render(480)[0] == pytest.approx(0.2)
    mixer.clear()
    assert not mixer.render(480).any()
    assert not mixer.busy()
