"""Command-line parsing and the commands that need no window.

Every failure the user can cause (a bad argument, a bad plan file, an unusable data dir or
database) ends as one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from hillsprint import APP_NAME, __version__
from hillsprint.cli_data import DATA_COMMANDS, add_data_commands
from hillsprint.core.plan import Plan

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command-line arguments (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are one line and raise instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see 'hillsprint --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hillsprint",
        description=f"{APP_NAME}: a hill-sprint session timer with effort per rep and history.",
        epilog="Data dir: --data-dir, else $HILLSPRINT_DATA_DIR, else the platform's data folder.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="load every sound, voice clip and icon and open a temporary database, print a "
        "report, and exit (0 when all is well); needs no display or sound card",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="keep sessions in DIR")
    parser.add_argument("--plan", metavar="FILE", help="open with this plan file chosen")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="try it out on a generated year of history (temporary; your data is not touched)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.add_parser("plans", help="list the built-in plans")
    add_data_commands(commands)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def describe_plan(plan: Plan) -> str:
    """One line: reps, sprint and walk-down pattern, total minutes."""
    sprints = [rep.sprint_s for rep in plan.reps]
    if len(set(sprints)) == 1:
        shape = f"{plan.rep_count} × {sprints[0]:g} s"
    else:
        shape = "-".join(f"{s:g}" for s in sprints) + " s"
    walk = plan.reps[0]
    if walk.manual:
        walk_text = f"walk down ≥ {walk.recovery_s:g} s, Space for the next"
    else:
        walk_text = f"walk down {walk.recovery_s:g} s"
    if len({(r.recovery_s, r.manual) for r in plan.reps[:-1]}) > 1:
        walk_text = "mixed walk-downs"
    return f"{shape}, {walk_text}; about {plan.planned_total_s() / 60:.0f} min"


def cmd_plans(_args: argparse.Namespace) -> int:
    from hillsprint.core.presets import PRESETS

    width = max(len(pid) for pid in PRESETS)
    for pid, plan in PRESETS.items():
        print(f"{pid:<{width}}  {plan.name}: {describe_plan(plan)}")
        print(f"{'':<{width}}  source: {plan.source}")
    return 0


COMMANDS = {"plans": cmd_plans, **DATA_COMMANDS}


def run_command(args: argparse.Namespace) -> int:
    """Run a non-GUI command; a closed pipe (`hillsprint plans | head`) is not an error."""
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        # Python would complain again when flushing stdout at exit: point it at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
