"""When do cues really reach the audio output? Plays ~40 cues through the real CuePlayer.

Run it under the recorder of ../shared/tools/audio (a private PulseAudio null sink; numpy in
the Python that runs measure_cues.py):

    source ../shared/tools/audio/pulse_ctl.sh start
    .venv/bin/python ../shared/tools/audio/measure_cues.py run --out /tmp/cues --max-latency 0.3 \\
        -- .venv/bin/python tests/benchmarks/bench_cue_latency.py
    bash ../shared/tools/audio/pulse_ctl.sh stop

Each cue gets its deadline on a precise single-shot QTimer, the way the session controller arms
its wake-ups (re-reading the clock when it fires), then `CuePlayer.play()`; the player appends
each clip's intended instant to CUE_SCHEDULE_LOG. Every cue here plays exactly one clip, and
clips are at least ~0.3 s apart, so the recorder can tell every onset apart (words chained into
a sentence have no gap between them to detect).
"""

from __future__ import annotations

import math
import sys
import time

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer

from hillsprint.audio.player import CuePlayer
from hillsprint.core.session_events import Cue, CueKind

LEAD_IN_S = 1.0  # first deadline after the effects loaded
REPS = 5


def session_like_schedule(start: float) -> list[tuple[float, Cue, bool, bool]]:
    """(deadline, cue, beeps on, voice on): beeps with the rhythm of a session, then words."""
    out = []
    t = start

    def add(kind: CueKind, rep: int, gap: float, *, value=None, beeps=True, voice=True) -> None:
        nonlocal t
        out.append((t, Cue(kind, t, rep, value), beeps, voice))
        t += gap

    for rep in range(1, REPS + 1):
        for tick in (3, 2, 1):
            add(CueKind.TICK, rep, 1.0, value=tick)
        add(CueKind.GO, rep, 1.1)
        add(CueKind.HALFWAY, rep, 1.0)
        add(CueKind.SPRINT_END, rep, 0.9, voice=False)  # the beep alone: one clip per cue
    for rep in range(1, REPS + 1):
        add(CueKind.WARMUP_END, rep, 1.2)  # "Get ready"
        add(CueKind.LAST_REP, rep, 1.2)
        add(CueKind.GO, rep, 1.2, beeps=False)  # the word "Go"
    return out


def main() -> int:
    app = QCoreApplication(sys.argv)
    player = CuePlayer()
    player.prepare(8)
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: (player.loaded or not player.available) and loop.quit())
    poll.start(10)
    loop.exec()
    poll.stop()
    if not player.available:
        print(f"sound unavailable: {player.problem}", file=sys.stderr)
        return 1

    schedule = session_like_schedule(time.monotonic() + LEAD_IN_S)
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setSingleShot(True)
    pending = list(schedule)

    def arm() -> None:
        if not pending:
            QTimer.singleShot(2000, app.quit)
            return
        timer.start(max(0, math.ceil((pending[0][0] - time.monotonic()) * 1000)))

    def wake() -> None:
        deadline, cue, beeps, voice = pending[0]
        if time.monotonic() < deadline:  # early: sleep again for the rest
            arm()
            return
        pending.pop(0)
        player.set_beeps(beeps)
        player.set_voice(voice)
        player.play(cue)
        arm()

    timer.timeout.connect(wake)
    arm()
    app.exec()
    print(f"played {len(schedule)} cues", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
