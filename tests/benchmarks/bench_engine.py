"""How much does asking the timing engine cost? (run: python tests/benchmarks/bench_engine.py)

The UI asks `state()` on every display refresh and `poll()` on every timer wake; both must be
far below a frame (16 ms) even for a 99-rep plan with manual walk-downs.
"""

from __future__ import annotations

import platform
import statistics
import time

from hillsprint.core.clock import ManualClock
from hillsprint.core.engine import SessionEngine
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import PRESETS


def per_call_us(fn, calls: int, rounds: int = 7) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples), min(samples)


def bench(label: str, plan: Plan) -> None:
    clock = ManualClock()
    engine = SessionEngine(plan, clock)
    engine.start()
    total = plan.planned_total_s()
    clock.advance(total * 0.6)  # deep into the session: most segments behind
    engine.poll()
    state_med, state_min = per_call_us(engine.state, 20_000)

    def poll_step():
        clock.advance(0.01)
        engine.poll()

    poll_med, poll_min = per_call_us(poll_step, 20_000)
    deadline_med, _ = per_call_us(engine.next_deadline, 20_000)
    print(
        f"{label:<28} segments={len(engine._segments):>3}  state() {state_med:6.1f} µs "
        f"(min {state_min:.1f})  poll() {poll_med:6.1f} µs (min {poll_min:.1f})  "
        f"next_deadline() {deadline_med:5.1f} µs"
    )


def main() -> None:
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} "
        f"Python {platform.python_version()} on {platform.platform()}"
    )
    bench("Hill power (8 reps)", PRESETS["hill-power"])
    bench("Uphill 10x10 (10 reps)", PRESETS["uphill-10x10"])
    big = Plan("99 manual", tuple(RepSpec(10, 60, manual=True) for _ in range(99)))
    bench("99 reps, manual walk-downs", big)
    timed = Plan("99 timed", tuple(RepSpec(10, 60) for _ in range(99)))
    bench("99 reps, timed", timed)


if __name__ == "__main__":
    main()
