"""The summary screen on its own (offscreen): what it shows, and what it emits."""

from __future__ import annotations

import pytest
from import_probe import modules_after
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMessageBox, QPushButton

from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus, SessionStatus
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository, StoredRep, StoredSession
from hillsprint.ui.common.effort_inputs import effort_label
from hillsprint.ui.common.look import PALETTE
from hillsprint.ui.hill import rep_effort_bars
from hillsprint.ui.hill.rep_effort_bars import RepEffortBars
from hillsprint.ui.hill.summary_screen import (
    COL_EFFORT,
    COL_MARK,
    COL_REP,
    COL_SPRINT,
    COL_STATUS,
    MISSING,
    SummaryScreen,
)
from hillsprint.ui.hill.theme import contrast_ratio

PLAN = Plan("Classic 8×10", tuple(RepSpec(10, 120) for _ in range(8)))
STARTED = "2025-05-09T07:00:00+02:00"
# rep 3 and 6 have no effort; rep 6 was cut short
EFFORTS = [6, 7, None, 8, 9, None]


def make_rep(number: int, effort: int | None, status=RepStatus.DONE, sprint_s=9.84) -> StoredRep:
    return StoredRep(number, STARTED, 10.0, sprint_s, 120.0, 121.0, False, effort, status)


def make_session(plan=PLAN, status=SessionStatus.IN_PROGRESS, **kw) -> StoredSession:
    fields = dict(
        id="s1",
        started_at=STARTED,
        ended_at=None,
        plan=plan,
        hill="Parkhill",
        status=status,
        session_rpe=None,
        duration_s=None,
        notes="",
        reps_done=0,
    )
    fields.update(kw)
    return StoredSession(**fields)


def sample_reps() -> list[StoredRep]:
    return [
        make_rep(n, e, RepStatus.SKIPPED if n == 6 else RepStatus.DONE, 4.25 if n == 6 else 9.84)
        for n, e in enumerate(EFFORTS, start=1)
    ]


@pytest.fixture
def screen(qtbot):
    widget = SummaryScreen()
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.load(make_session(), sample_reps(), ended_early=True, active_s=1450.4)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    widget.setFocus()
    return widget


def cell(screen: SummaryScreen, row: int, column: int) -> str:
    return screen.table.item(row, column).text()


def test_rows_and_texts_match_the_reps(screen):
    assert screen.title.text() == "Session ended early"
    assert screen.plan_label.text() == "Classic 8×10  ·  Parkhill"
    assert screen.reps_label.text() == "Reps done: 5 of 8"
    assert screen.time_label.text() == "Total time: 24:10"
    table = screen.table
    assert table.rowCount() == 6
    rows = [
        (
            cell(screen, row, COL_REP),
            cell(screen, row, COL_SPRINT),
            cell(screen, row, COL_STATUS),
            table.cellWidget(row, COL_EFFORT).currentText(),
        )
        for row in range(table.rowCount())
    ]
    assert rows == [
        ("1", "9.8 s of 10 s", "done", "6"),
        ("2", "9.8 s of 10 s", "done", "7 Very hard"),
        ("3", "9.8 s of 10 s", "done", "—"),
        ("4", "9.8 s of 10 s", "done", "8"),
        ("5", "9.8 s of 10 s", "done", "9"),
        ("6", "4.2 s of 10 s", "skipped", "—"),
    ]
    box = screen.effort_box(1)
    assert [box.itemText(i) for i in range(box.count())] == [
        "—",
        "0 Rest",
        "1 Very, very easy",
        "2 Easy",
        "3 Moderate",
        "4 Somewhat hard",
        "5 Hard",
        "6",
        "7 Very hard",
        "8",
        "9",
        "10 Maximal",
    ]


def test_title_says_complete_or_ended_early(qtbot):
    widget = SummaryScreen()
    qtbot.addWidget(widget)
    widget.load(make_session(), sample_reps(), ended_early=False, active_s=59.6)
    assert widget.title.text() == "Session complete"
    assert widget.time_label.text() == "Total time: 1:00"
    widget.load(make_session(), sample_reps(), ended_early=True, active_s=42)
    assert widget.title.text() == "Session ended early"
    # Without the explicit arguments, a stored (finished) session speaks for itself.
    done = make_session(status=SessionStatus.COMPLETED, duration_s=600.0, hill=None)
    widget.load(done, sample_reps())
    assert widget.title.text() == "Session complete"
    assert widget.time_label.text() == "Total time: 10:00"
    assert widget.plan_label.text() == "Classic 8×10"
    early = make_session(status=SessionStatus.ENDED_EARLY, duration_s=None)
    widget.load(early, sample_reps())
    assert widget.title.text() == "Session ended early"
    assert widget.time_label.text() == "Total time: —"


def marks(screen: SummaryScreen) -> list[str]:
    return [cell(screen, row, COL_MARK) for row in range(screen.table.rowCount())]


def test_missing_efforts_are_marked_in_words_and_counted(screen):
    assert marks(screen) == ["", "", MISSING, "", "", MISSING]
    assert MISSING == "effort missing"
    assert screen.missing_line.text() == (
        "2 reps have no effort yet — set them, or leave them empty"
    )
    assert screen.effort_box(3).property("missing") is True
    screen.effort_box(3).set_effort(5)
    assert marks(screen) == ["", "", "", "", "", MISSING]
    assert screen.missing_line.text() == "1 rep has no effort yet — set it, or leave it empty"
    assert screen.effort_box(3).property("missing") is False
    screen.effort_box(6).set_effort(0)  # 0 (Rest) is an effort, not a missing one
    assert marks(screen) == [""] * 6
    assert screen.missing_line.text() == "Every rep has an effort."
    screen.effort_box(1).set_effort(None)
    assert marks(screen) == [MISSING, "", "", "", "", ""]


def test_editing_a_rep_effort_emits_at_once(qtbot, screen):
    with qtbot.waitSignal(screen.repEffortChanged) as blocker:
        screen.effort_box(3).set_effort(7)
    assert blocker.args == [3, 7]
    with qtbot.waitSignal(screen.repEffortChanged) as blocker:
        screen.effort_box(2).setCurrentIndex(0)  # "—"
    assert blocker.args == [2, None]
    assert screen.rep_efforts() == {1: 6, 2: None, 3: 7, 4: 8, 5: 9, 6: None}
    # by keyboard: the box has focus, Down moves to the next value
    box = screen.effort_box(1)
    box.setFocus()
    with qtbot.waitSignal(screen.repEffortChanged) as blocker:
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert blocker.args == [1, 7]
    assert box.currentText() == "7 Very hard"


def test_loading_does_not_emit(qtbot, screen):
    with (
        qtbot.assertNotEmitted(screen.repEffortChanged),
        qtbot.assertNotEmitted(screen.sessionEffortChanged),
    ):
        screen.load(make_session(session_rpe=4, notes="wet"), sample_reps()[:2], False, 10)
    assert screen.table.rowCount() == 2
    assert screen.session_effort() == 4 and screen.notes_text() == "wet"
    assert screen.effort_pad.buttons[4].isChecked()


def test_the_wheel_does_not_change_an_unfocused_effort(qtbot, screen):
    box = screen.effort_box(1)
    screen.setFocus()
    with qtbot.assertNotEmitted(screen.repEffortChanged):
        event = QWheelEvent(
            QPointF(10, 10),
            QPointF(box.mapToGlobal(QPoint(10, 10))),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        box.wheelEvent(event)
    assert box.effort() == 6


def test_chart_shows_the_reps_efforts_and_follows_edits(screen):
    assert screen.chart.efforts() == [r.effort for r in sample_reps()]
    assert screen.chart.numbers() == [1, 2, 3, 4, 5, 6]
    screen.effort_box(3).set_effort(10)
    assert screen.chart.efforts() == [6, 7, 10, 8, 9, None]
    assert "rep 6: no effort" in screen.chart.accessibleDescription()


@pytest.mark.parametrize(
    ("key", "value"), [(Qt.Key.Key_1, 1), (Qt.Key.Key_7, 7), (Qt.Key.Key_9, 9), (Qt.Key.Key_0, 10)]
)
def test_digit_keys_set_the_session_effort(qtbot, screen, key, value):
    qtbot.keyClick(screen, Qt.Key.Key_Delete)  # rep 6 stays unrated: digits set the session
    with qtbot.waitSignal(screen.sessionEffortChanged) as blocker:
        qtbot.keyClick(screen, key)
    assert blocker.args == [value]
    assert screen.session_effort() == value
    assert screen.effort_pad.buttons[value].isChecked()
    assert sum(b.isChecked() for b in screen.effort_pad.buttons.values()) == 1
    assert effort_label(value) in screen.effort_title.text()


def test_digit_keys_work_from_an_effort_box_and_the_buttons_too(qtbot, screen):
    qtbot.keyClick(screen, Qt.Key.Key_Delete)  # rep 6 stays unrated: digits set the session
    box = screen.effort_box(2)
    box.setFocus()
    with qtbot.assertNotEmitted(screen.repEffortChanged):
        qtbot.keyClick(box, Qt.Key.Key_3)
    assert screen.session_effort() == 3 and box.effort() == 7
    screen.save_button.setFocus()
    qtbot.keyClick(screen.save_button, Qt.Key.Key_5)
    assert screen.session_effort() == 5


def test_digits_type_into_the_notes_when_they_have_focus(qtbot, screen):
    qtbot.keyClick(screen, Qt.Key.Key_Delete)  # rep 6 stays unrated: digits set the session
    qtbot.keyClick(screen, Qt.Key.Key_4)
    screen.notes.setFocus()
    with qtbot.assertNotEmitted(screen.sessionEffortChanged):
        qtbot.keyClicks(screen.notes, "3 reps at 7, wind 0")
    assert screen.notes.toPlainText() == "3 reps at 7, wind 0"
    assert screen.session_effort() == 4


def test_session_effort_buttons_set_it_and_clicking_the_chosen_one_clears_it(qtbot, screen):
    qtbot.keyClick(screen, Qt.Key.Key_Delete)  # rep 6 stays unrated: digits set the session
    with qtbot.waitSignal(screen.sessionEffortChanged) as blocker:
        qtbot.mouseClick(screen.effort_pad.buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args == [0] and screen.session_effort() == 0
    assert screen.effort_pad.buttons[0].text() == "0 · click\nRest"
    assert screen.effort_pad.buttons[10].text() == "10 · key 0\nMaximal"
    with qtbot.waitSignal(screen.sessionEffortChanged) as blocker:
        qtbot.mouseClick(screen.effort_pad.buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args == [None] and screen.session_effort() is None
    assert not any(b.isChecked() for b in screen.effort_pad.buttons.values())
    with qtbot.assertNotEmitted(screen.sessionEffortChanged):
        screen.set_session_effort(None)  # no change, no signal


def test_ctrl_s_saves_with_the_session_effort_and_notes(qtbot, screen):
    qtbot.keyClick(screen, Qt.Key.Key_Delete)  # rep 6 stays unrated: digits set the session
    qtbot.keyClick(screen, Qt.Key.Key_8)
    screen.notes.setFocus()
    qtbot.keyClicks(screen.notes, "Legs heavy")
    with qtbot.waitSignal(screen.saveRequested) as blocker:
        qtbot.keyClick(screen.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [8, "Legs heavy"]
    assert screen.notes.toPlainText() == "Legs heavy"  # Ctrl+S did not type an "s"
    screen.setFocus()
    with qtbot.waitSignal(screen.saveRequested) as blocker:
        qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [8, "Legs heavy"]


def test_the_save_button_saves_even_with_efforts_missing(qtbot, screen):
    assert screen.save_button.text() == "Save (Ctrl+S)"
    with qtbot.waitSignal(screen.saveRequested) as blocker:
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [None, ""]


def test_discard_asks_first_and_only_yes_discards(qtbot, screen):
    assert screen.discard_button.text() == "Discard…"
    with qtbot.assertNotEmitted(screen.discardRequested):
        qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
        box = screen.discard_question.box
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        assert "6 reps" in box.text()
        box.done(QMessageBox.StandardButton.No)
        assert screen.discard_question.box is None
    with qtbot.assertNotEmitted(screen.discardRequested):
        qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(screen.discard_question.box, Qt.Key.Key_Return)  # the default: keep
        assert screen.discard_question.box is None
        qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(screen.discard_question.box, Qt.Key.Key_Escape)
        assert screen.discard_question.box is None
    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(screen.discardRequested):
        screen.discard_question.box.done(QMessageBox.StandardButton.Yes)
    assert screen.discard_question.box is None


def test_no_save_while_the_discard_question_is_open(qtbot, screen):
    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(screen.saveRequested):
        screen.request_save()
    screen.discard_question.box.done(QMessageBox.StandardButton.No)


def test_with_a_real_repository(qtbot, tmp_path):
    """The objects the lead passes in: the session is still in progress when the summary opens."""
    connection = open_database(tmp_path / "x.sqlite3")
    try:
        repository = SessionRepository(connection)
        session_id = repository.start_session(PLAN, STARTED, hill=None)
        for number in (1, 2, 3):
            status = RepStatus.SKIPPED if number == 3 else RepStatus.DONE
            record = RepRecord(number, STARTED, 10.0, 10.0, 120.0, None, False, status)
            repository.record_rep(session_id, record)
        repository.set_rep_effort(session_id, 1, 9)
        session = repository.get_session(session_id)
        assert session.status is SessionStatus.IN_PROGRESS
        widget = SummaryScreen()
        qtbot.addWidget(widget)
        widget.repEffortChanged.connect(
            lambda rep, e: repository.set_rep_effort(session_id, rep, e)
        )
        widget.load(session, repository.reps(session_id), ended_early=False, active_s=95.0)
        assert widget.title.text() == "Session complete"
        assert widget.reps_label.text() == "Reps done: 2 of 8"
        assert widget.time_label.text() == "Total time: 1:35"
        assert widget.chart.efforts() == [9, None, None]
        widget.effort_box(2).set_effort(6)
        assert [r.effort for r in repository.reps(session_id)] == [9, 6, None]
    finally:
        connection.close()


def test_twelve_reps_fit_at_1366x768_without_scrolling_and_text_is_big(qtbot):
    widget = SummaryScreen()
    qtbot.addWidget(widget)
    plan = Plan("Twelve", tuple(RepSpec(10, 60) for _ in range(12)))
    reps = [make_rep(n, n % 11 if n % 4 else None) for n in range(1, 13)]
    widget.load(make_session(plan=plan), reps, ended_early=False, active_s=1800)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    table = widget.table
    assert not table.verticalScrollBar().isVisible()
    last = table.visualItemRect(table.item(11, COL_REP))
    assert last.bottom() <= table.viewport().height()
    frame = widget.rect()
    children = [w for kind in (QLabel, QPushButton, QComboBox) for w in widget.findChildren(kind)]
    for child in [*children, widget.notes, widget.table]:
        if child.isVisible():
            box = QRect(child.mapTo(widget, QPoint(0, 0)), child.size())
            assert frame.contains(box), child.objectName()
            assert child.font().pixelSize() >= 20, child.objectName()
    assert widget.title.font().pixelSize() >= 36
    assert widget.save_button.height() >= 48
    for button in widget.effort_pad.buttons.values():
        assert button.height() >= 80 and button.width() >= 100
    assert widget.chart.height() >= 160


def test_many_reps_scroll_in_the_table(qtbot):
    widget = SummaryScreen()
    qtbot.addWidget(widget)
    plan = Plan("Long", tuple(RepSpec(10, 60) for _ in range(40)))
    widget.load(make_session(plan=plan), [make_rep(n, None) for n in range(1, 41)], False, 1)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.table.verticalScrollBar().isVisible()
    assert widget.missing_line.text().startswith("40 reps have no effort yet")
    assert widget.height() == 768


def test_chart_paints_every_case(qtbot):
    chart = RepEffortBars()
    qtbot.addWidget(chart)
    chart.resize(560, 260)
    for efforts in ([], [0, 10, None, 5], [None] * 3, list(range(11)) * 9):
        chart.set_efforts(efforts)
        image = chart.grab().toImage()
        assert not image.isNull()
        assert chart.efforts() == efforts
    chart.resize(30, 30)  # too small to draw: no crash
    assert not chart.grab().isNull()
    assert chart.sizeHint().width() >= 320 and chart.minimumSizeHint().height() >= 160
    with pytest.raises(ValueError):
        chart.set_efforts([11])
    with pytest.raises(ValueError):
        chart.set_efforts([1, 2], numbers=[1])


def test_chart_draws_bars_and_hatched_gaps(qtbot):
    chart = RepEffortBars()
    qtbot.addWidget(chart)
    chart.resize(400, 260)
    chart.set_efforts([10, None])
    image = chart.grab().toImage()
    bar = rep_effort_bars.BAR.lower()
    # the left half holds a full bar in BAR's colour; the right half none of it
    left = {image.pixelColor(x, 120).name() for x in range(40, 200)}
    right = {image.pixelColor(x, 120).name() for x in range(220, 400)}
    assert bar in left and bar not in right
    # the gap is drawn in black (hatch and dashed outline) near the baseline
    bottom = {image.pixelColor(x, y).name() for x in range(220, 400) for y in range(180, 230)}
    assert "#000000" in bottom


def test_colours_keep_aaa_contrast():
    pairs = [
        (PALETTE["text"], PALETTE["background"]),
        (PALETTE["text"], PALETTE["highlight"]),  # the "effort missing" mark
        (PALETTE["text"], PALETTE["panel_fill"]),  # the table header
        (PALETTE["background"], PALETTE["primary"]),  # Save
        (rep_effort_bars.TEXT, rep_effort_bars.BACKGROUND),
        (rep_effort_bars.BAR, rep_effort_bars.BACKGROUND),
        (PALETTE["secondary"], PALETTE["background"]),  # notes placeholder
    ]
    for a, b in pairs:
        assert contrast_ratio(a, b) >= 7.0, (a, b)


def test_the_summary_does_not_import_pyqtgraph():
    assert "pyqtgraph" not in modules_after("import hillsprint.ui.hill.summary_screen")


# ---- the last sprint, rated by keyboard -----------------------------------------------------


def pad_for_rep(screen: SummaryScreen) -> bool:
    flags = {bool(b.property("forRep")) for b in screen.effort_pad.buttons.values()}
    assert len(flags) == 1  # the whole pad says one thing
    return flags.pop()


def test_the_last_sprint_without_an_effort_is_asked_first_then_the_session(qtbot, screen):
    """The session ended at the end of sprint 6 (no walk-down to rate it in): the runner's
    first digit is meant for that sprint, the next one for the session."""
    assert screen.asking_rep() == 6
    assert screen.effort_title.text().startswith("How hard was rep 6?")
    assert screen.effort_title.property("forRep") is True and pad_for_rep(screen)
    assert screen.effort_pad.buttons[7].accessibleName() == "Effort of rep 6 7 Very hard"
    with (
        qtbot.waitSignal(screen.repEffortChanged) as blocker,
        qtbot.assertNotEmitted(screen.sessionEffortChanged),
    ):
        qtbot.keyClick(screen, Qt.Key.Key_7)
    assert blocker.args == [6, 7]
    assert screen.effort_box(6).effort() == 7 and screen.chart.efforts()[-1] == 7
    assert screen.asking_rep() is None
    assert screen.effort_title.text().startswith("How hard was the whole session?")
    assert screen.effort_title.property("forRep") is False and not pad_for_rep(screen)
    assert not any(b.isChecked() for b in screen.effort_pad.buttons.values())
    with (
        qtbot.waitSignal(screen.sessionEffortChanged) as blocker,
        qtbot.assertNotEmitted(screen.repEffortChanged),
    ):
        qtbot.keyClick(screen, Qt.Key.Key_0)
    assert blocker.args == [10] and screen.session_effort() == 10
    assert screen.effort_box(6).effort() == 7


def test_the_pad_sets_the_asked_rep_too_and_delete_leaves_it_empty(qtbot, screen):
    with qtbot.waitSignal(screen.repEffortChanged) as blocker:
        qtbot.mouseClick(screen.effort_pad.buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args == [6, 0] and screen.session_effort() is None
    assert screen.asking_rep() is None
    screen.load(make_session(), sample_reps())
    assert screen.asking_rep() == 6
    with qtbot.assertNotEmitted(screen.repEffortChanged):
        qtbot.keyClick(screen, Qt.Key.Key_Delete)
    assert screen.asking_rep() is None and screen.effort_box(6).effort() is None
    qtbot.keyClick(screen, Qt.Key.Key_3)
    assert screen.session_effort() == 3


def test_setting_the_asked_rep_in_its_box_moves_the_prompt_on(qtbot, screen):
    box = screen.effort_box(6)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)  # the box's own keys: "—" -> 0
    assert box.effort() == 0 and screen.asking_rep() is None
    assert screen.effort_title.text().startswith("How hard was the whole session?")


@pytest.mark.parametrize("efforts", [[6, 7, None, 8, 9, 5], []])
def test_nothing_is_asked_when_the_last_sprint_has_an_effort(qtbot, efforts):
    """Rep 3 has no effort, but it had its walk-down; only the last sprint is asked for."""
    widget = SummaryScreen()
    qtbot.addWidget(widget)
    reps = [make_rep(n, e) for n, e in enumerate(efforts, start=1)]
    widget.load(make_session(), reps)
    assert widget.asking_rep() is None
    assert widget.effort_title.text().startswith("How hard was the whole session?")
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_4)
    assert widget.session_effort() == 4
    assert widget.rep_efforts() == dict(enumerate(efforts, start=1))
