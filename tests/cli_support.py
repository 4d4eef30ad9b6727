"""Running `hillsprint` as a user does, for the command-line tests."""

from __future__ import annotations

import os
import subprocess
import sys


def hillsprint(*args: str, env: dict | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "hillsprint", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def assert_one_line_error(result, code: int, *needles: str) -> None:
    """The contract: exit `code`, no traceback, one line `hillsprint: …` naming the problem."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hillsprint: ")
    for needle in needles:
        assert needle in lines[0]
