"""At start-up, an unfinished session (the app crashed or was killed) is offered: resume it
from the GET READY of its next rep, finish and save it as it is, or discard it (asks first)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hillsprint.storage.repository import StoredSession
from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.local_format import moment_text
from hillsprint.ui.common.look import METRICS


class RecoveryDialog(QDialog):
    RESUME, FINISH, DISCARD = "resume", "finish", "discard"
    chosen = Signal(str)

    def __init__(
        self, session: StoredSession, reps_stored: int, resume_rep: int | None, parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unfinished session")
        self.setModal(True)
        self.discard_question = Question(self)
        started = moment_text(session.started_at)
        plan = session.plan
        self.message = text = QLabel(
            f"<h2>An unfinished session was found</h2>"
            f"<p>{plan.name}, started {started}.<br>"
            f"{reps_stored} of {plan.rep_count} reps are saved.</p>"
        )
        text.setWordWrap(True)
        self.resume_button = QPushButton(
            f"Resume at rep {resume_rep}" if resume_rep else "Resume (no reps left)"
        )
        self.resume_button.setEnabled(resume_rep is not None)
        self.finish_button = QPushButton("Finish and save")
        self.discard_button = QPushButton("Discard…")
        buttons = QHBoxLayout()
        for button in (self.resume_button, self.finish_button, self.discard_button):
            button.setMinimumHeight(METRICS["button_min_px"])
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(buttons)
        (self.resume_button if resume_rep else self.finish_button).setDefault(True)
        self.resume_button.clicked.connect(lambda: self._choose(self.RESUME))
        self.finish_button.clicked.connect(lambda: self._choose(self.FINISH))
        self.discard_button.clicked.connect(self._ask_discard)

    def _choose(self, choice: str) -> None:
        self.chosen.emit(choice)
        self.accept()

    def _ask_discard(self) -> None:
        self.discard_question.ask(
            "Discard the session?",
            "Delete this session and all its saved reps? This cannot be undone.",
            self._discard_answered,
            warning=True,
        )

    def _discard_answered(self, yes: bool) -> None:
        if yes:
            self._choose(self.DISCARD)
