"""Settings shared by the settings tests (file and dialog)."""

from hillsprint.settings import Settings

# Every field set away from its default (a new field belongs here too: the tests check that).
MINE = Settings(
    beeps=False,
    voice=False,
    volume=35,
    theme="high-contrast",
    get_ready_s=25,
    weekly_target=4,
    units="ft",
    keep_awake=False,
)
