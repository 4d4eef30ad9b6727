"""A whole session driven by the keyboard contract, on a fake clock, through the real widgets
and the real repository."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QMessageBox

from hillsprint.audio.recording_player import RecordingCuePlayer
from hillsprint.core.clock import ManualClock, SystemClock
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepStatus, SessionStatus
from hillsprint.core.session_events import CueKind, Phase
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.store import Store
from hillsprint.ui.hill.session_screen import COUNTDOWN_SHARE, PHASE_SHARE
from hillsprint.ui.hill.theme import PAUSED, THEMES, contrast_ratio
from hillsprint.ui.home.main_window import MainWindow

PLAN = Plan(
    "Test hill",
    (RepSpec(10, 30), RepSpec(10, 40, manual=True), RepSpec(10, 30)),
    warmup_s=20,
    get_ready_s=10,
    cooldown_s=30,
)


@pytest.fixture
def repository(tmp_path):
    connection = open_database(tmp_path / "hs.sqlite3")
    yield SessionRepository(connection)
    connection.close()


@pytest.fixture
def window(qtbot, repository):
    clock = ManualClock(5000.0)
    player = RecordingCuePlayer(clock=clock.monotonic)
    window = MainWindow(
        Store(repository.connection), resolve_paths(), plan=PLAN, plan_path="test.json",
        clock=clock, cue_player=player,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.clock = clock
    yield window
    if window.controller is not None:  # a session still running: end it so the window closes
        window.controller.end()


def test_closing_during_a_session_asks_and_yes_saves_it_ended_early(qtbot, window, repository):
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    session_id = window.controller.session_id
    tick(window, 5)
    window.close()
    assert window.isVisible() and window.flow.quit_question.box.isVisible()
    qtbot.keyClick(window.flow.quit_question.box, Qt.Key.Key_Escape)  # no
    assert window.isVisible() and window.controller is not None
    window.close()
    window.flow.quit_question.box.done(QMessageBox.StandardButton.Yes)
    assert not window.isVisible()
    assert repository.get_session(session_id).status is SessionStatus.ENDED_EARLY


def tick(window, seconds: float) -> None:
    """Let `seconds` pass on the fake clock, waking the controller each 0.25 s as its timer
    would."""
    steps = round(seconds / 0.25)
    for _ in range(steps):
        window.clock.advance(0.25)
        if window.controller is not None:
            window.controller.wake()


def press(qtbot, window, key, text: str = "") -> None:
    qtbot.keyClick(window.focusWidget() or window, key)


def test_whole_session_with_keys_only(qtbot, window, repository):
    screen = window.session_screen
    qtbot.keyClicks(window.start_screen.hill, "Water tower")
    qtbot.keyClick(window.start_screen.hill, Qt.Key.Key_Return)  # on to the Start button
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert window.stack.currentWidget() is screen
    assert window.focusWidget() is screen
    session_id = window.controller.session_id
    assert screen.phase.text() == "WARM-UP"
    assert screen.countdown.text() == "20"
    heard = []
    window.controller.cuePlayed.connect(
        lambda cue: heard.append((cue.kind, cue.deadline - 5000.0, window.clock.monotonic()))
    )

    tick(window, 35)  # sprint 1: 30..40
    assert (screen.phase.text(), screen.countdown.text()) == ("SPRINT", "5")
    assert screen.rep.text() == "Rep 1 / 3"
    tick(window, 6)  # walk-down 1
    assert screen.phase.text() == "WALK DOWN"
    assert screen.effort_pad.isVisible()
    stored = repository.reps(session_id)
    assert [(r.number, r.recovery_s) for r in stored] == [(1, None)]  # on disk at sprint end
    qtbot.keyClick(screen, Qt.Key.Key_7)
    qtbot.keyClick(screen, Qt.Key.Key_8)  # a later key replaces the earlier one
    assert repository.reps(session_id)[0].effort == 8
    assert screen.effort_pad.buttons[8].isChecked()

    tick(window, 30)  # sprint 2: 70..80
    qtbot.keyClick(screen, Qt.Key.Key_0)  # still rates rep 1 until sprint 2 ends: 10
    assert repository.reps(session_id)[0].effort == 10
    tick(window, 10)  # manual walk-down after rep 2
    assert screen.hint.text().startswith("Walk down: Space allowed in")
    tick(window, 45)
    assert screen.hint.text() == "Press Space at the bottom"
    assert screen.countdown.text() == "46"  # counting up: walking since 80, now 126
    qtbot.keyClick(screen, Qt.Key.Key_6)
    qtbot.keyClick(screen, Qt.Key.Key_Space)  # next rep: get ready
    assert screen.phase.text() == "GET READY"

    qtbot.keyClick(screen, Qt.Key.Key_Space)  # pause
    assert screen.phase.text() == "PAUSED"
    tick(window, 60)
    qtbot.keyClick(screen, Qt.Key.Key_Space)  # resume
    tick(window, 12)
    assert screen.phase.text() == "SPRINT"
    qtbot.keyClick(screen, Qt.Key.Key_Right)  # skip the last sprint
    assert screen.phase.text() == "COOL-DOWN"
    qtbot.keyClick(screen, Qt.Key.Key_Right)  # and the cool-down
    assert screen.phase.text() == "DONE"

    reps = repository.reps(session_id)
    assert [(r.number, r.effort, r.status) for r in reps] == [
        (1, 10, RepStatus.DONE),
        (2, 6, RepStatus.DONE),
        (3, None, RepStatus.SKIPPED),
    ]
    # walked 46 s, paused 60 s in the get-ready, which then restarted: 10 s
    assert reps[1].recovery_s == pytest.approx(46 + 60 + 10)
    actions = [a.action for a in repository.actions(session_id)]
    assert actions == ["start", "advance", "pause", "resume", "skip", "skip"]
    # cues in order, each played at the first wake-up (every 0.25 s here) after its deadline
    assert [(kind.value, due) for kind, due, _ in heard[:11]] == [
        ("warmup_end", 20.0), ("rep_announce", 20.0), ("tick", 27.0), ("tick", 28.0),
        ("tick", 29.0), ("go", 30.0), ("sprint_end", 40.0), ("rep_announce", 60.0),
        ("tick", 67.0), ("tick", 68.0), ("tick", 69.0),
    ]  # fmt: skip
    assert all(0.0 <= at - 5000.0 - due < 0.25 + 1e-9 for _, due, at in heard)
    assert [k for k, _, _ in heard].count(CueKind.GO) == 3
    assert "go" in window.cue_player.labels

    # the summary: every rep is already on disk; the session effort and notes come now
    summary = window.summary
    assert window.stack.currentWidget() is summary
    assert repository.get_session(session_id).status is SessionStatus.IN_PROGRESS
    assert summary.reps_label.text() == "Reps done: 2 of 3"
    # sprint 3 had no walk-down to rate it in: the first digit is for it, then the session
    assert summary.effort_title.text().startswith("How hard was rep 3?")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_7)
    assert repository.reps(session_id)[2].effort == 7  # on disk at once
    assert summary.effort_title.text().startswith("How hard was the whole session?")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_8)  # session effort
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.start_screen
    session = repository.get_session(session_id)
    assert (session.status, session.session_rpe) == (SessionStatus.COMPLETED, 8)
    assert session.hill == "Water tower"


def test_escape_asks_and_enter_ends_early(qtbot, window, repository):
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    session_id = window.controller.session_id
    tick(window, 32)
    qtbot.keyClick(window.session_screen, Qt.Key.Key_Escape)
    box = window.flow.end_question.box
    assert isinstance(box, QMessageBox) and box.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # no: go on
    assert window.controller is not None and not window.controller.engine.done
    qtbot.keyClick(window.session_screen, Qt.Key.Key_Escape)
    qtbot.keyClick(window.flow.end_question.box, Qt.Key.Key_Return)  # yes
    assert window.stack.currentWidget() is window.summary
    assert window.summary.title.text() == "Session ended early"
    # the summary has the keys: a digit rates the rep just run (or the session), not a hidden
    # session screen that the question gave the focus back to
    assert window.focusWidget() is window.summary
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert repository.get_session(session_id).status is SessionStatus.ENDED_EARLY
    (rep,) = repository.reps(session_id)
    assert (rep.status, rep.sprint_s) == (RepStatus.SKIPPED, pytest.approx(2.0))


def test_without_a_cool_down_the_last_sprint_is_rated_on_the_summary_by_keys(
    qtbot, window, repository
):
    """cooldown_s 0: the session ends when the last sprint does, straight into the summary;
    the runner's 7 rates that sprint and the 5 after it the session."""
    plan = Plan("No cool-down", (RepSpec(10, 30), RepSpec(10, 30)), warmup_s=0, cooldown_s=0)
    window.start_session(plan)
    session_id = window.controller.session_id
    tick(window, 10 + 10 + 30 + 10 + 10 + 0.5)  # get ready, sprint, walk down, get ready, sprint
    summary = window.summary
    assert window.stack.currentWidget() is summary
    assert [r.effort for r in repository.reps(session_id)] == [None, None]
    assert summary.effort_title.text().startswith("How hard was rep 2?")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_7)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_5)
    assert [r.effort for r in repository.reps(session_id)] == [None, 7]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert repository.get_session(session_id).session_rpe == 5


def test_plus_adds_walk_down_time(qtbot, window):
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    tick(window, 45)  # walk-down 1 of 30 s, 25 s left
    qtbot.keyClick(window.session_screen, Qt.Key.Key_Plus)
    assert window.session_screen.countdown.text() == "55"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_digits_and_phase_are_big_enough(qtbot, window, size):
    window.resize(*size)
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    tick(window, 1)
    qtbot.wait(10)
    screen = window.session_screen
    height = window.height()
    digits = QFontMetrics(screen.countdown.font()).tightBoundingRect("0123456789")
    words = QFontMetrics(screen.phase.font()).tightBoundingRect("WARM-UP")
    assert digits.height() >= 0.35 * height
    assert words.height() >= 0.08 * height * 0.7  # capitals' ink of a font ≥ 8 % + margin
    assert screen.phase.font().pixelSize() >= 0.08 * height
    assert COUNTDOWN_SHARE >= 0.35 and PHASE_SHARE >= 0.08


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
def test_every_phase_colour_keeps_aaa_contrast(theme):
    assert set(theme.phases) == {p.value for p in Phase} | {PAUSED}
    backgrounds = [colours.background for colours in theme.phases.values()]
    assert len(set(backgrounds)) == len(backgrounds)  # each phase its own background
    for colours in theme.phases.values():
        assert contrast_ratio(colours.background, colours.text) >= 7.0
        assert contrast_ratio(colours.background, colours.accent) >= 7.0


# A switch that waited for the display's 1 s refresh would be up to 1 s late; a loaded CI
# machine delays a precise timer by tens of ms at worst.
SWITCH_LATE_BOUND_S = 0.150


@pytest.mark.realclock
def test_real_clock_phase_switches_land_on_their_deadlines(qtbot, repository):
    """The real timer path: 3 reps × 1 s sprint, 1 s walk-down; a precise QTimer wakes the
    controller at each deadline and the screen switches phase, never early and well before
    the next once-a-second refresh. The bound is loose on purpose (a loaded CI machine can
    stall a process for tens of ms, so a tight figure flakes); it still fails when a switch
    waits for a coarse tick. How close to the deadline it really lands is measured by
    tests/benchmarks/bench_phase_switch.py (median and max over many switches)."""
    clock = SystemClock()
    player = RecordingCuePlayer(clock=clock.monotonic)
    plan = Plan("Fast", (RepSpec(1.0, 1.0),) * 3, warmup_s=0, get_ready_s=3, cooldown_s=1)
    store = Store(repository.connection)
    window = MainWindow(store, resolve_paths(), clock=clock, cue_player=player)
    qtbot.addWidget(window)
    window.show()
    switches, heard = [], []
    window.start_session(plan)
    controller = window.controller
    controller.stateChanged.connect(
        lambda s: (
            switches.append(((s.phase, s.rep), clock.monotonic()))
            if not switches or switches[-1][0] != (s.phase, s.rep)
            else None
        )
    )
    controller.cuePlayed.connect(lambda cue: heard.append((cue, clock.monotonic())))
    with qtbot.waitSignal(controller.finished, timeout=15_000):
        pass
    t0 = controller.engine.started_at
    expected = [
        ((Phase.SPRINT, 1), 3.0), ((Phase.WALK_DOWN, 1), 4.0),
        ((Phase.SPRINT, 2), 5.0), ((Phase.WALK_DOWN, 2), 6.0),
        ((Phase.SPRINT, 3), 7.0), ((Phase.COOLDOWN, 3), 8.0), ((Phase.DONE, 3), 9.0),
    ]  # fmt: skip
    seen = [(key, at - t0) for key, at in switches if key != (Phase.GET_READY, 1)]
    assert [key for key, _ in seen] == [key for key, _ in expected]
    for (key, at), (_, due) in zip(seen, expected, strict=True):
        assert 0.0 <= at - due < SWITCH_LATE_BOUND_S, (key, at - due)
    kinds = [cue.kind for cue, _ in heard]
    assert kinds.count(CueKind.GO) == 3 and kinds.count(CueKind.SPRINT_END) == 3
    assert all(-0.0005 <= at - cue.deadline < 0.5 for cue, at in heard)
    assert {clip.name for clip in player.played} >= {"tick", "go", "sprint_end"}


def test_help_overlay_opens_with_f1_or_question_mark_and_any_key_closes_it(qtbot, window):
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    screen = window.session_screen
    for key, text in ((Qt.Key.Key_F1, ""), (Qt.Key.Key_Question, "?")):
        qtbot.keyClick(screen, key) if not text else qtbot.keyClicks(screen, text)
        assert window.help.isVisible()
        assert "end the session early" in window.help.text.text()
        qtbot.keyClick(window.help, Qt.Key.Key_A)
        assert not window.help.isVisible()
        assert window.focusWidget() is screen


def test_every_key_of_the_table(qtbot, window, repository):
    screen = window.session_screen
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_PageDown)  # a clicker's "next"
    assert window.controller is None  # PageDown on the start screen does not start (Space does)
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    session_id = window.controller.session_id
    qtbot.keyClick(screen, Qt.Key.Key_PageDown)
    assert screen.phase.text() == "PAUSED"
    qtbot.keyClick(screen, Qt.Key.Key_PageDown)
    assert screen.phase.text() == "WARM-UP"
    qtbot.keyClick(screen, Qt.Key.Key_Right)
    assert screen.phase.text() == "GET READY"
    qtbot.keyClick(screen, Qt.Key.Key_Right)
    assert screen.phase.text() == "SPRINT"
    qtbot.keyClick(screen, Qt.Key.Key_Right)
    assert screen.phase.text() == "WALK DOWN"
    digits = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5,
              Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0]  # fmt: skip
    for value, key in enumerate(digits, start=1):
        qtbot.keyClick(screen, key)
        assert repository.reps(session_id)[0].effort == value  # the key 0 means 10
    before = window.controller.engine.state().remaining_s
    qtbot.keyClicks(screen, "+")
    assert window.controller.engine.state().remaining_s == pytest.approx(before + 30)
    qtbot.keyClick(screen, Qt.Key.Key_M)
    assert window.cue_player.muted and screen.sound.text().strip() == "SOUND OFF"
    qtbot.keyClick(screen, Qt.Key.Key_M)
    assert not window.cue_player.muted and screen.sound.text() == ""
    qtbot.keyClick(screen, Qt.Key.Key_F11)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    qtbot.keyClick(screen, Qt.Key.Key_F11)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    qtbot.keyClick(screen, Qt.Key.Key_F1)
    assert window.help.isVisible()
    qtbot.keyClick(window.help, Qt.Key.Key_Escape)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    qtbot.keyClick(window.flow.end_question.box, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.summary


def test_without_sound_the_session_runs_and_says_so(qtbot, window):
    window.cue_player.simulate_unavailable("no audio output device found")
    qtbot.waitUntil(lambda: not window.start_screen.notice.isHidden())
    assert "Sound unavailable: no audio output device found" in window.start_screen.notice.text()
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    assert window.session_screen.sound.text().strip() == "NO SOUND"
    tick(window, 31)
    assert window.session_screen.phase.text() == "SPRINT"


def test_everything_fits_on_a_laptop_screen_even_with_a_99_rep_plan(qtbot, repository):
    """The stacked screens must never make the window taller than a 1366×768 laptop screen
    (a long plan's timeline scrolls), and the effort pad stays on screen under the digits."""
    long_plan = Plan("Long", (RepSpec(10, 60),) * 99, 600, 10, 300)
    clock = ManualClock(100.0)
    store = Store(repository.connection)
    window = MainWindow(store, resolve_paths(), plan=long_plan, plan_path="l.json", clock=clock)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.minimumSizeHint().height() <= 768
    window.start_session(long_plan)
    for _ in range(2 * (600 + 10 + 10 + 5)):  # into the first walk-down
        clock.advance(0.5)
        window.controller.wake()
    qtbot.wait(20)
    screen = window.session_screen
    assert screen.effort_pad.isVisible() and window.height() == 768
    for widget in (screen.phase, screen.countdown, screen.next, screen.effort_pad):
        assert widget.geometry().bottom() < screen.height(), widget
    for button in screen.effort_pad.buttons.values():
        assert button.height() >= 60


def test_a_laptop_that_slept_pauses_the_session_and_says_so(qtbot, window):
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Space)
    tick(window, 5)
    window.clock.suspend(20 * 60)  # lid closed for 20 minutes
    tick(window, 0.25)
    screen = window.session_screen
    assert screen.phase.text() == "PAUSED"
    assert not screen.notice.isHidden()
    assert "slept for 20 min" in screen.notice.text()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert screen.phase.text() == "WARM-UP"
