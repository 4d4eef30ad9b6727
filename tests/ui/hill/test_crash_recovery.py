"""Crash recovery: an in-progress session left in the database is offered at start-up."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from hillsprint.core.clock import ManualClock
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.records import RepRecord, RepStatus, SessionStatus
from hillsprint.core.session_events import Phase
from hillsprint.paths import resolve_paths
from hillsprint.storage.database import open_database
from hillsprint.storage.repository import SessionRepository
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow

PLAN = Plan("Four", (RepSpec(10, 20),) * 4, warmup_s=60, get_ready_s=10, cooldown_s=0)


@pytest.fixture
def repository(tmp_path):
    connection = open_database(tmp_path / "hs.sqlite3")
    yield SessionRepository(connection)
    connection.close()


def crashed_session(repository, started="2026-05-04T07:00:00.000+02:00", reps=2) -> str:
    sid = repository.start_session(PLAN, started)
    for n in range(1, reps + 1):
        repository.record_rep(
            sid,
            RepRecord(n, f"2026-05-04T07:0{n}:00.000+02:00", 10, 10.0, 20, 20.0, False,
                      RepStatus.DONE),
        )  # fmt: skip
    repository.set_rep_effort(sid, 1, 7)
    return sid


@pytest.fixture
def window(qtbot, repository):
    clock = ManualClock(100.0)
    window = MainWindow(Store(repository.connection), resolve_paths(), clock=clock)
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.controller is not None:
        window.controller.end()


def test_resume_goes_on_at_the_next_reps_get_ready(qtbot, window, repository):
    sid = crashed_session(repository)
    window.offer_recovery()
    dialog = window.flow.recovery
    assert (
        dialog.isVisible()
        and "2 of 4 reps are saved"
        in dialog.findChild(type(dialog.layout().itemAt(0).widget())).text()
    )
    assert dialog.resume_button.text() == "Resume at rep 3"
    dialog.resume_button.click()
    state = window.controller.engine.state()
    assert (state.phase, state.rep) == (Phase.GET_READY, 3)
    assert window.controller.session_id == sid
    for _ in range(200):  # 10 + 10 + 20 + 10 s
        window.clock.advance(0.25)
        if window.controller is not None:
            window.controller.wake()
    assert window.stack.currentWidget() is window.summary
    window.summary.request_save()
    session = repository.get_session(sid)
    assert session.status is SessionStatus.COMPLETED
    assert [r.number for r in repository.reps(sid)] == [1, 2, 3, 4]
    assert repository.reps(sid)[0].effort == 7  # kept
    # 60 + 10 before the crash, 2 × (10 + 20) stored, then 50 s after resuming
    assert session.duration_s == pytest.approx(130 + 50)


def test_finish_and_save_stores_it_as_ended_early(qtbot, window, repository):
    sid = crashed_session(repository)
    window.offer_recovery()
    window.flow.recovery.finish_button.click()
    assert window.stack.currentWidget() is window.summary  # efforts and notes may be added
    window.summary.request_save()
    session = repository.get_session(sid)
    assert session.status is SessionStatus.ENDED_EARLY
    assert session.ended_at == "2026-05-04T07:02:00.000+02:00"
    assert window.flow.recovery is None or not window.flow.recovery.isVisible()


def test_discard_asks_first(qtbot, window, repository):
    sid = crashed_session(repository)
    window.offer_recovery()
    dialog = window.flow.recovery
    dialog.discard_button.click()
    dialog.discard_question.box.done(QMessageBox.StandardButton.No)
    assert repository.get_session(sid) is not None and dialog.isVisible()
    dialog.discard_button.click()
    dialog.discard_question.box.done(QMessageBox.StandardButton.Yes)
    assert repository.get_session(sid) is None


def test_several_unfinished_sessions_are_offered_one_after_another(qtbot, window, repository):
    older = crashed_session(repository, "2026-05-01T07:00:00.000+02:00")
    newer = crashed_session(repository, "2026-05-03T07:00:00.000+02:00", reps=4)
    window.offer_recovery()
    assert not window.flow.recovery.resume_button.isEnabled()  # all 4 reps were run
    window.flow.recovery.finish_button.click()
    window.summary.request_save()
    assert repository.get_session(newer).status is SessionStatus.COMPLETED
    assert window.flow.recovery is not None  # now the older one
    window.flow.recovery.finish_button.click()
    window.summary.request_save()
    assert repository.get_session(older).status is SessionStatus.ENDED_EARLY
    assert window.flow.recovery is None
    assert repository.in_progress_sessions() == []


def test_nothing_to_offer(qtbot, window):
    window.offer_recovery()
    assert window.flow.recovery is None
