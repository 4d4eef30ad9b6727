"""The command line as a user meets it: real processes, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_support import assert_one_line_error, hillsprint

from hillsprint import __version__
from hillsprint.core.presets import PRESETS


def test_version():
    result = hillsprint("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"HillSprint {__version__}"


def test_plans_lists_every_preset_with_its_source():
    result = hillsprint("plans")
    assert result.returncode == 0, result.stderr
    for pid, plan in PRESETS.items():
        assert pid in result.stdout
        assert plan.name in result.stdout
        assert plan.source in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--bogus"], "--bogus"),
        (["frobnicate"], "frobnicate"),
        (["--plan"], "--plan"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, needle):
    assert_one_line_error(hillsprint(*args), 2, needle, "hillsprint --help")


def test_bad_plan_file_is_refused_naming_field_and_value(tmp_path: Path):
    plan = {
        "name": "Mine",
        "warmup_s": 600,
        "get_ready_s": 10,
        "cooldown_s": 300,
        "reps": [{"sprint_s": 10, "recovery_s": 120}, {"sprint_s": 700, "recovery_s": 60}],
    }
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(plan))
    assert_one_line_error(hillsprint("--plan", str(bad)), 1, str(bad), "reps[1].sprint_s", "700")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'["a list"]', "JSON object"),
    ],
)
def test_unreadable_plan_files(tmp_path: Path, content: bytes, needle: str):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    assert_one_line_error(hillsprint("--plan", str(path)), 1, needle)


def test_missing_plan_file(tmp_path: Path):
    assert_one_line_error(hillsprint("--plan", str(tmp_path / "nope.json")), 1, "no such file")


def test_data_dir_that_is_a_file(tmp_path: Path):
    afile = tmp_path / "file"
    afile.write_text("x")
    assert_one_line_error(hillsprint("--data-dir", str(afile)), 1, str(afile), "is a file")
    assert afile.read_text() == "x"


def test_read_only_data_dir(tmp_path: Path):
    if os.geteuid() == 0:
        # Permission bits do not stop root; a directory of /proc refuses new files for anyone.
        target = Path("/proc/self")
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o555)
    assert_one_line_error(hillsprint("--data-dir", str(target)), 1, str(target), "not writable")


def test_data_dir_that_cannot_be_created(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "sub"
    assert_one_line_error(hillsprint("--data-dir", str(target)), 1, "cannot be created")


def test_database_that_is_not_ours_is_refused_untouched(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    db = data / "hillsprint.sqlite3"
    db.write_bytes(b"these are not the bytes you are looking for" * 10)
    before = db.read_bytes()
    assert_one_line_error(hillsprint("--data-dir", str(data)), 1, str(db))
    assert db.read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["hillsprint.sqlite3"]


def test_env_var_sets_the_data_dir(tmp_path: Path):
    afile = tmp_path / "envfile"
    afile.write_text("x")
    result = hillsprint(env={"HILLSPRINT_DATA_DIR": str(afile)})
    assert_one_line_error(result, 1, str(afile))


def test_window_opens_and_paints_with_a_plan_file(tmp_path: Path):
    plan = tmp_path / "mine.json"
    plan.write_text(PRESETS["short-sit"].to_json_text())
    result = hillsprint(
        "--data-dir",
        str(tmp_path / "data"),
        "--plan",
        str(plan),
        env={"HILLSPRINT_BENCH_FIRST_PAINT": "1", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "first-paint"
    assert (tmp_path / "data" / "hillsprint.sqlite3").is_file()
