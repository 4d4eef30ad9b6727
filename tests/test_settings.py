from pathlib import Path

import pytest

from hillsprint.settings import SETTINGS_FILENAME, Settings, load_settings, save_settings


def test_defaults_when_there_is_no_file(tmp_path: Path):
    assert load_settings(tmp_path) == (Settings(), None)


def test_round_trip(tmp_path: Path):
    mine = Settings(beeps=False, voice=True, volume=35, theme="dark")
    save_settings(tmp_path / "cfg", mine)
    assert load_settings(tmp_path / "cfg") == (mine, None)
    assert [p.name for p in (tmp_path / "cfg").iterdir()] == [SETTINGS_FILENAME]


def test_unknown_keys_are_ignored_and_missing_ones_defaulted(tmp_path: Path):
    (tmp_path / SETTINGS_FILENAME).write_text('{"volume": 40, "future_option": 1}')
    assert load_settings(tmp_path) == (Settings(volume=40), None)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "Expecting"),
        ("[1, 2]", "not a JSON object"),
        ('{"volume": 140}', "volume"),
        ('{"beeps": "yes"}', "beeps"),
        ('{"theme": "neon"}', "theme"),
    ],
)
def test_a_damaged_file_falls_back_to_defaults_and_is_kept(tmp_path: Path, content, needle):
    path = tmp_path / SETTINGS_FILENAME
    path.write_text(content)
    settings, notice = load_settings(tmp_path)
    assert settings == Settings()
    assert needle in notice and "defaults used" in notice
    assert not path.exists()
    assert (tmp_path / (SETTINGS_FILENAME + ".bak")).read_text() == content


def test_invalid_settings_are_not_saved(tmp_path: Path):
    with pytest.raises(ValueError, match="volume"):
        save_settings(tmp_path, Settings(volume=101))
    assert list(tmp_path.iterdir()) == []
