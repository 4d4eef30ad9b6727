"""The main window: a stack of screens (start screen now; session, summary, history later)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QStackedWidget

from hillsprint.core.calendar import week_start
from hillsprint.core.clock import iso
from hillsprint.core.plan import Plan
from hillsprint.core.presets import PRESETS
from hillsprint.paths import AppPaths
from hillsprint.storage.repository import SessionRepository
from hillsprint.ui.start_screen import RecentTraining, StartScreen
from hillsprint.ui.style import APP_STYLE

WINDOW_SIZE = (1366, 768)


class MainWindow(QMainWindow):
    def __init__(
        self,
        repository: SessionRepository,
        paths: AppPaths,
        plan: Plan | None = None,
        plan_path: str | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.repository = repository
        self.paths = paths
        self.setWindowTitle("HillSprint")
        self.setStyleSheet(APP_STYLE)
        self.resize(*WINDOW_SIZE)

        plans = [(preset.name, preset) for preset in PRESETS.values()]
        if plan is not None:
            plans.insert(0, (f"{plan.name}  (from {Path(plan_path).name})", plan))
        self.start_screen = StartScreen(plans, chosen=0)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_screen)
        self.setCentralWidget(self.stack)
        self.refresh_recent()

    def refresh_recent(self, now: datetime | None = None) -> None:
        now = now or datetime.now().astimezone()
        last = self.repository.last_session()
        unfinished = self.repository.in_progress_sessions()
        notice = None
        if unfinished:
            oldest = unfinished[-1]
            notice = (
                f"An unfinished session was found: {oldest.plan.name}, started "
                f"{_friendly(oldest.started_at)}. Its reps are saved; you will be able to "
                "resume or finish it from the session screen."
            )
        self.start_screen.show_recent(
            RecentTraining(
                last_session=f"{_friendly(last.started_at)}, {last.plan.name}" if last else None,
                sessions_this_week=self.repository.count_sessions_since(iso(week_start(now))),
                unfinished=notice,
            )
        )


def _friendly(timestamp: str) -> str:
    moment = datetime.fromisoformat(timestamp)
    return moment.strftime("%a %d %b %Y, %H:%M")
