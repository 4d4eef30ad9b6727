"""How the self-check reports: one line per check, and the problems that fail it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO


class CheckFailed(Exception):
    """A check's problems, one line each (a file name first where there is one), and notes
    that may explain them (printed below them, not counted)."""

    def __init__(self, problems: list[str], notes: list[str] | None = None) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
        self.notes = notes or []


@dataclass
class Report:
    out: TextIO
    problems: list[str] = field(default_factory=list)
    step: str = "starting"

    def line(self, name: str, text: str) -> None:
        print(f"  {name + ':':<13}{text}", file=self.out, flush=True)

    def run(self, name: str, check: Callable[[], str]) -> None:
        """Run one check and print its outcome; a failure is recorded, never raised."""
        self.step = name
        try:
            summary = check()
        except CheckFailed as exc:
            self.line(name, f"FAILED ({len(exc.problems)} problem(s))")
            for problem in exc.problems:
                print(f"      {problem}", file=self.out, flush=True)
            for note in exc.notes:
                print(f"      ({note})", file=self.out, flush=True)
            self.problems.extend(f"{name}: {problem}" for problem in exc.problems)
        except Exception as exc:  # an unexpected error is a failed check, not a traceback
            problem = f"{type(exc).__name__}: {exc}"
            self.line(name, f"FAILED ({problem})")
            self.problems.append(f"{name}: {problem}")
        else:
            self.line(name, summary)
