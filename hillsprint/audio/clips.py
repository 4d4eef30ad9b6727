"""Which clips a cue plays, and how long each sounds: no Qt, so the self-check and the tests
can read the catalogue without an audio stack.

`clips_for()` maps an engine `Cue` to a sequence of clips, ("sound" | "voice", name): beeps
from `resources/sounds/`, pre-rendered spoken prompts from `resources/voice/<lang>/`
(scripts/make_clips.py makes both; no text-to-speech service is needed at run time).
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hillsprint.core.session_events import Cue, CueKind
from hillsprint.resources import sound_path, voice_path

SOUND = "sound"
VOICE = "voice"
Clip = tuple[str, str]  # (SOUND or VOICE, clip name)

PAD_S = 0.060  # trailing silence on every clip (scripts/make_clips.py); not part of the sound
MAX_NUMBER = 99  # voice clips n1..n99
BEEPS = ("tick", "go", "sprint_end", "session_complete", "test")
KEEP_ALIVE = (SOUND, "silence")  # looped during a session (see the module doc)
# Loaded with the player; n1..n3 speak the 3-2-1 when beeps are off. Other numbers: prepare().
COMMON_VOICE = (
    "go",
    "walk_down",
    "cool_down",
    "last_rep",
    "halfway",
    "session_complete",
    "rep",
    "of",
    "get_ready",
    "paused",
    "resumed",
    "battery_low",
    "n1",
    "n2",
    "n3",
)


# ---- what a cue plays -----------------------------------------------------------------------


def number_clip(n: int | None) -> list[Clip]:
    return [(VOICE, f"n{n}")] if n is not None and 1 <= n <= MAX_NUMBER else []


def clips_for(  # noqa: C901 (one case per cue kind: a table, not a tangle)
    cue: Cue, rep_count: int, *, beeps: bool, voice: bool, last_walk_is_cooldown: bool
) -> list[Clip]:
    """The clips `cue` plays, in order, for a session of `rep_count` reps.

    A beep carries an instant (3-2-1, GO, stop) and a spoken word would be late for it, so the
    voice says "Go" (and "three, two, one") only when beeps are off. `last_walk_is_cooldown`
    says whether a cool-down follows the last sprint: then its end says "Cool down"; without
    one the session ends at that instant and SESSION_COMPLETE speaks for it alone.
    """
    match cue.kind:
        case CueKind.TICK:
            if beeps:
                return [(SOUND, "tick")]
            return number_clip(cue.value) if voice else []
        case CueKind.GO:
            if beeps:
                return [(SOUND, "go")]
            return [(VOICE, "go")] if voice else []
        case CueKind.SPRINT_END:
            last = cue.rep == rep_count
            if last and not last_walk_is_cooldown:
                return []
            clips = [(SOUND, "sprint_end")] if beeps else []
            if voice:
                clips.append((VOICE, "cool_down" if last else "walk_down"))
            return clips
        case CueKind.REP_ANNOUNCE:
            if not voice:
                return []
            clips = [(VOICE, "rep"), *number_clip(cue.value or cue.rep)]
            if 1 <= rep_count <= MAX_NUMBER:
                clips += [(VOICE, "of"), *number_clip(rep_count)]
            return clips
        case CueKind.SESSION_COMPLETE:
            clips = [(SOUND, "session_complete")] if beeps else []
            if voice:
                clips.append((VOICE, "session_complete"))
            return clips
    spoken = {
        CueKind.HALFWAY: "halfway",
        CueKind.LAST_REP: "last_rep",
        CueKind.WARMUP_END: "get_ready",
    }
    return [(VOICE, spoken[cue.kind])] if voice else []


def clip_path(clip: Clip, lang: str) -> Path:
    kind, name = clip
    return sound_path(name) if kind == SOUND else voice_path(lang, name)


@cache
def clip_seconds(path: Path) -> float:
    """How long the clip sounds: its length from the WAV header, less the silent pad."""
    with wave.open(str(path), "rb") as wav:
        return max(0.0, wav.getnframes() / wav.getframerate() - PAD_S)


@dataclass(frozen=True)
class ScheduledClip:
    kind: str
    name: str
    t: float  # intended start (time.monotonic() s): the cue's deadline for its first clip


@dataclass(frozen=True)
class PlayedClip:
    kind: str
    name: str
    t: float
    called: float
