"""The start screen in a real (offscreen) window."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtWidgets import QLabel

from hillsprint.core.clock import iso
from hillsprint.core.plan import Plan, RepSpec
from hillsprint.core.presets import PRESETS
from hillsprint.core.records import SessionStatus
from hillsprint.paths import resolve_paths
from hillsprint.storage.store import Store
from hillsprint.ui.home.main_window import MainWindow

TZ = timezone(timedelta(hours=2))


def make_window(qtbot, repository, **kw):
    window = MainWindow(Store(repository.connection), resolve_paths(), **kw)
    qtbot.addWidget(window)
    return window


def timeline_text(window) -> list[str]:
    form = window.start_screen.timeline
    rows = []
    for row in range(form.rowCount()):
        label = form.itemAt(row, form.ItemRole.LabelRole).widget()
        field = form.itemAt(row, form.ItemRole.FieldRole).widget()
        rows.append(f"{label.text()}: {field.text()}")
    return rows


def test_lists_the_presets_and_shows_the_chosen_plans_timeline(qtbot, repository):
    window = make_window(qtbot, repository)
    picker = window.start_screen.plan_picker
    assert [picker.itemText(i) for i in range(picker.count())] == [p.name for p in PRESETS.values()]
    picker.setCurrentIndex(list(PRESETS).index("short-sit"))
    assert window.start_screen.current_plan() == PRESETS["short-sit"]
    assert timeline_text(window) == [
        "Warm-up: 10:00",
        "Get ready: 10 s",
        "Rep 1: sprint 10 s, walk down 4:00",
        "Rep 2: sprint 10 s, walk down 4:00",
        "Rep 3: sprint 10 s, walk down 4:00",
        "Rep 4: sprint 10 s, then cool-down",
        "Cool-down: 5:00",
        "Total: about 27:50",
    ]
    assert "Hazell" in window.start_screen.source.text()


def test_a_plan_file_is_offered_first_and_chosen(qtbot, repository):
    mine = Plan("My hill", (RepSpec(12, 90, manual=True),) * 3, 300, 10, 120)
    window = make_window(qtbot, repository, plan=mine, plan_path="/x/mine.json")
    assert window.start_screen.current_plan() == mine
    assert window.start_screen.plan_picker.currentText() == "My hill  (from mine.json)"
    assert "Rep 1: sprint 12 s, walk down ≥ 1:30, Space at the bottom" in timeline_text(window)


def test_recent_training_and_an_unfinished_session(qtbot, repository):
    now = datetime(2026, 11, 25, 18, 0, tzinfo=TZ)  # a Wednesday
    plan = PRESETS["hill-power"]
    for days_ago in (9, 2, 1):  # one last week, two this week
        sid = repository.start_session(plan, iso(now - timedelta(days=days_ago)))
        repository.finish_session(sid, SessionStatus.COMPLETED, iso(now), 1800.0)
    repository.start_session(PRESETS["minimal"], iso(now - timedelta(hours=1)))
    window = make_window(qtbot, repository)
    window.refresh_recent(now)
    screen = window.start_screen
    assert screen.recent.text() == (
        "Last session: Wed 25 Nov 2026, 17:00, Minimal  ·  Sessions this week: 3"
    )
    window.show()
    qtbot.waitExposed(window)
    assert screen.unfinished.isVisible()
    assert "unfinished session was found: Minimal" in screen.unfinished.text()


def test_no_history_yet(qtbot, repository):
    window = make_window(qtbot, repository)
    window.show()
    qtbot.waitExposed(window)
    assert "Last session: none yet" in window.start_screen.recent.text()
    assert not window.start_screen.unfinished.isVisible()
    assert window.findChild(QLabel, "title").text() == "HillSprint"


def test_open_a_plan_file_adds_and_chooses_it(qtbot, repository, tmp_path):
    window = make_window(qtbot, repository)
    good = tmp_path / "mine.json"
    good.write_text(PRESETS["pyramid"].to_json_text().replace("Pyramid", "My pyramid"))
    assert window.open_plan_file(str(good))
    assert window.start_screen.plan_picker.currentText() == "My pyramid  (from mine.json)"
    assert window.start_screen.current_plan().name == "My pyramid"
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "warmup_s": -1, "get_ready_s": 10, "cooldown_s": 0, "reps": []}')
    assert not window.open_plan_file(str(bad))
    notice = window.start_screen.notice.text()
    assert "bad.json" in notice and "warmup_s" in notice and "-1" in notice
    assert window.start_screen.current_plan().name == "My pyramid"  # unchanged
