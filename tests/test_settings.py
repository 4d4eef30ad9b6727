"""Settings: every field survives a round trip; a damaged file falls back to the defaults, is
kept as `.bak` and is reported; a file from an older version gets defaults for its new keys."""

import json
from dataclasses import asdict, fields
from pathlib import Path

import pytest
from settings_support import MINE

from hillsprint.core.chart_data import DEFAULT_WEEKLY_TARGET
from hillsprint.core.plan import DEFAULT_GET_READY_S, MAX_GET_READY_S
from hillsprint.core.units import LENGTH_UNITS
from hillsprint.settings import (
    SETTINGS_FILENAME,
    THEMES,
    UNITS,
    Settings,
    load_settings,
    save_settings,
)


def test_defaults_when_there_is_no_file(tmp_path: Path):
    assert load_settings(tmp_path) == (Settings(), None)


def test_the_defaults():
    assert Settings() == Settings(
        beeps=True,
        voice=True,
        volume=100,
        theme="light",
        get_ready_s=10,
        weekly_target=2,
        units="m",
        keep_awake=True,
    )
    # the same values as the code that uses them (not imported by settings: slow to load)
    assert Settings().get_ready_s == DEFAULT_GET_READY_S
    assert Settings().weekly_target == DEFAULT_WEEKLY_TARGET
    assert UNITS == LENGTH_UNITS


def test_every_theme_setting_has_a_theme():
    from hillsprint.ui.hill.theme import THEMES as UI_THEMES  # colours only, no Qt

    assert tuple(UI_THEMES) == THEMES == ("light", "dark", "high-contrast")


def test_every_field_differs_from_its_default_in_the_round_trip_sample():
    for field in fields(Settings):
        assert getattr(MINE, field.name) != getattr(Settings(), field.name), field.name


def test_round_trip(tmp_path: Path):
    save_settings(tmp_path / "cfg", MINE)
    assert load_settings(tmp_path / "cfg") == (MINE, None)
    assert [p.name for p in (tmp_path / "cfg").iterdir()] == [SETTINGS_FILENAME]
    assert json.loads((tmp_path / "cfg" / SETTINGS_FILENAME).read_text()) == asdict(MINE)


@pytest.mark.parametrize(
    "change",
    [
        {"theme": "dark"},
        {"theme": "light"},
        {"units": "m"},
        {"get_ready_s": 1},
        {"get_ready_s": MAX_GET_READY_S},
        {"weekly_target": 1},
        {"weekly_target": 14},
        {"volume": 0},
    ],
)
def test_round_trip_of_the_limits_and_choices(tmp_path: Path, change):
    mine = Settings(**change)
    save_settings(tmp_path, mine)
    assert load_settings(tmp_path) == (mine, None)


def test_saving_again_replaces_the_file(tmp_path: Path):
    save_settings(tmp_path, MINE)
    save_settings(tmp_path, Settings(weekly_target=7))
    assert load_settings(tmp_path) == (Settings(weekly_target=7), None)
    assert [p.name for p in tmp_path.iterdir()] == [SETTINGS_FILENAME]


def test_unknown_keys_are_ignored_and_missing_ones_defaulted(tmp_path: Path):
    (tmp_path / SETTINGS_FILENAME).write_text('{"volume": 40, "future_option": 1}')
    assert load_settings(tmp_path) == (Settings(volume=40), None)


def test_a_file_from_before_the_new_fields_gets_their_defaults(tmp_path: Path):
    old = '{\n  "beeps": false,\n  "voice": true,\n  "volume": 60,\n  "theme": "dark"\n}\n'
    path = tmp_path / SETTINGS_FILENAME
    path.write_text(old)
    settings, notice = load_settings(tmp_path)
    assert notice is None
    assert settings == Settings(beeps=False, voice=True, volume=60, theme="dark")
    assert (settings.get_ready_s, settings.weekly_target, settings.units) == (10, 2, "m")
    assert settings.keep_awake is True
    assert path.read_text() == old  # not rewritten, not set aside
    assert not path.with_name(SETTINGS_FILENAME + ".bak").exists()


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "Expecting"),
        ("", "Expecting"),
        ("[1, 2]", "not a JSON object"),
        ('"light"', "not a JSON object"),
        ("[" * 100_000, "recursion"),
        ('{"volume": 140}', "volume"),
        ('{"volume": 50.5}', "volume"),
        ('{"beeps": "yes"}', "beeps"),
        ('{"voice": 1}', "voice"),
        ('{"theme": "neon"}', "theme"),
        ('{"theme": "High-Contrast"}', "theme"),
        ('{"theme": null}', "theme"),
        ('{"get_ready_s": "10"}', "get_ready_s"),
        ('{"get_ready_s": 0}', "get_ready_s"),
        ('{"get_ready_s": -5}', "get_ready_s"),
        ('{"get_ready_s": 301}', "get_ready_s"),
        ('{"get_ready_s": 10.5}', "get_ready_s"),
        ('{"get_ready_s": true}', "get_ready_s"),
        ('{"get_ready_s": NaN}', "get_ready_s"),
        ('{"get_ready_s": null}', "get_ready_s"),
        ('{"weekly_target": 0}', "weekly_target"),
        ('{"weekly_target": 15}', "weekly_target"),
        ('{"weekly_target": "2"}', "weekly_target"),
        ('{"weekly_target": 2.0}', "weekly_target"),
        ('{"weekly_target": true}', "weekly_target"),
        ('{"weekly_target": [2]}', "weekly_target"),
        ('{"units": "km"}', "units"),
        ('{"units": "M"}', "units"),
        ('{"units": null}', "units"),
        ('{"units": ["m"]}', "units"),
        ('{"keep_awake": "no"}', "keep_awake"),
        ('{"keep_awake": 0}', "keep_awake"),
        ('{"keep_awake": null}', "keep_awake"),
    ],
)
def test_a_damaged_file_falls_back_to_defaults_and_is_kept(tmp_path: Path, content, needle):
    path = tmp_path / SETTINGS_FILENAME
    path.write_text(content)
    settings, notice = load_settings(tmp_path)
    assert settings == Settings()
    assert needle in notice and "defaults used" in notice
    assert str(path) in notice and f"kept as {path}.bak" in notice
    assert not path.exists()
    assert (tmp_path / (SETTINGS_FILENAME + ".bak")).read_text() == content


def test_one_bad_field_among_good_ones_still_means_defaults(tmp_path: Path):
    data = asdict(MINE) | {"weekly_target": 99}
    (tmp_path / SETTINGS_FILENAME).write_text(json.dumps(data))
    settings, notice = load_settings(tmp_path)
    assert settings == Settings()
    assert "weekly_target: expected a whole number 1-14, got 99" in notice


def test_a_newer_bak_replaces_an_older_one(tmp_path: Path):
    path = tmp_path / SETTINGS_FILENAME
    path.write_text("{first")
    load_settings(tmp_path)
    path.write_text("{second")
    load_settings(tmp_path)
    assert (tmp_path / (SETTINGS_FILENAME + ".bak")).read_text() == "{second"


def test_after_the_damage_the_defaults_can_be_saved_and_loaded(tmp_path: Path):
    (tmp_path / SETTINGS_FILENAME).write_text('{"units": "furlongs"}')
    settings, _notice = load_settings(tmp_path)
    save_settings(tmp_path, settings)
    assert load_settings(tmp_path) == (Settings(), None)


def test_a_file_that_cannot_be_read_means_defaults_and_is_left_alone(tmp_path: Path):
    (tmp_path / SETTINGS_FILENAME).mkdir()  # a folder where the file should be
    settings, notice = load_settings(tmp_path)
    assert settings == Settings()
    assert "could not be read" in notice and "using defaults" in notice
    assert (tmp_path / SETTINGS_FILENAME).is_dir()


def test_a_file_that_is_not_utf8_is_damaged_too(tmp_path: Path):
    content = b'{"units": "\xff"}'
    (tmp_path / SETTINGS_FILENAME).write_bytes(content)
    settings, notice = load_settings(tmp_path)
    assert settings == Settings() and "utf-8" in notice and "defaults used" in notice
    assert (tmp_path / (SETTINGS_FILENAME + ".bak")).read_bytes() == content


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (Settings(volume=101), "volume"),
        (Settings(theme="neon"), "theme"),
        (Settings(get_ready_s=0), "get_ready_s"),
        (Settings(get_ready_s=301), "get_ready_s"),
        (Settings(weekly_target=15), "weekly_target"),
        (Settings(units="yd"), "units"),
        (Settings(keep_awake=None), "keep_awake"),
    ],
)
def test_invalid_settings_are_not_saved(tmp_path: Path, bad, field):
    with pytest.raises(ValueError, match=f"^{field}: "):
        save_settings(tmp_path, bad)
    assert list(tmp_path.iterdir()) == []


def test_a_bom_from_a_windows_editor_is_accepted(tmp_path: Path):
    (tmp_path / SETTINGS_FILENAME).write_bytes(b'\xef\xbb\xbf{"weekly_target": 3}')
    assert load_settings(tmp_path) == (Settings(weekly_target=3), None)
