"""A whole session's cues as the sound card gets them: a real engine, controller and player.

Runs a session of N reps (default 60: 1 s sprint, 5 s walk-down) on the real clock through the
real SessionController and the chosen cue player, with the voice on, and writes every clip's
intended instant to CUE_SCHEDULE_LOG. Run it under the recorder of ../shared/tools/audio (a
private PulseAudio null sink; run that server at real-time priority, as desktops do):

    source ../shared/tools/audio/pulse_ctl.sh start
    chrt -f -p 20 "$(cat /tmp/hillsprint-pulse/pulseaudio.pid)"
    .venv/bin/python ../shared/tools/audio/measure_cues.py run --out /tmp/cues60 \\
        --max-latency 0.3 -- .venv/bin/python tests/benchmarks/bench_session_cues.py
    .venv/bin/python ../shared/tools/audio/measure_cues.py analyze /tmp/cues60 \\
        --templates resources/sounds,resources/voice/en

Options: --reps N, --player mixer|soundeffect, --busy K (K processes spinning `while True`
for the whole run), --stall-at S (block the GUI thread for --stall-s seconds at S s into the
session, as a long paint or a swapped-out page would).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from hillsprint.core.clock import SystemClock, iso
from hillsprint.core.engine import SessionEngine
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.ui.hill.session_controller import SessionController


def make_player(kind: str):
    if kind == "mixer":
        from hillsprint.audio.mixer_player import MixerCuePlayer

        return MixerCuePlayer()
    from hillsprint.audio.player import CuePlayer

    return CuePlayer()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=60)
    parser.add_argument("--player", choices=("mixer", "soundeffect"), default="mixer")
    parser.add_argument("--busy", type=int, default=0)
    parser.add_argument("--stall-at", type=float, default=None)
    parser.add_argument("--stall-s", type=float, default=2.0)
    args = parser.parse_args()

    app = QCoreApplication(sys.argv)
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    plan = Plan(
        f"{args.reps} x 1 s",
        tuple(RepSpec(1.0, 5.0) for _ in range(args.reps)),
        warmup_s=0.0,
        get_ready_s=5.0,
        cooldown_s=5.0,
    )
    folder = Path(tempfile.mkdtemp())
    repository = SessionRepository(open_database(folder / "bench.sqlite3"))
    clock = SystemClock()
    session_id = repository.start_session(plan, iso(clock.wall()))
    player = make_player(args.player)
    if not player.available:
        print(f"sound unavailable: {player.problem}", file=sys.stderr)
        return 1
    player.prepare(plan.rep_count, last_walk_is_cooldown=True)
    time.sleep(1.0)  # the stream runs and its clock is read before the first cue
    engine = SessionEngine(plan, clock)
    controller = SessionController(engine, repository, session_id, player)
    controller.finished.connect(lambda _event: QTimer.singleShot(2500, app.quit))
    if args.stall_at is not None:
        QTimer.singleShot(round(args.stall_at * 1000), lambda: time.sleep(args.stall_s))
    started = time.monotonic()
    controller.start()
    app.exec()
    player.finish()
    player.close()
    for proc in busy:
        proc.kill()
    print(
        f"{args.reps} reps with the {args.player} player in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
