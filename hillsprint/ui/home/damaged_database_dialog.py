"""At start-up, a damaged database (not a SQLite file, or `PRAGMA quick_check` fails) is never
written to. This dialog says what is wrong and where, names the newest good backup, and offers:
restore that backup, start a new database, or quit.

Restoring and starting anew both keep the damaged file, renamed beside the database as
`<name>.damaged-YYYYmmdd-HHMMSS`; quitting changes nothing. What each choice does, and how
the problem is put in words, is storage's business (`hillsprint.storage.repair.carry_out`,
`describe_problem`; the backup's facts come from `backups.newest_backup_summary`), so the
command line says the same and it is tested without clicking; the dialog only shows the facts
and records the choice. `app.open_damaged_database` runs it and reopens the database.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from hillsprint.storage.backups import BackupSummary
from hillsprint.storage.repair import NEW, QUIT, RESTORE
from hillsprint.ui.common.local_format import moment_text
from hillsprint.ui.common.look import style_sheet

DIALOG_STYLE = style_sheet("damaged_database")


def _long_date(moment: datetime) -> str:
    return moment_text(moment, "ddd d MMM yyyy, HH:mm")


def _short_date(moment: datetime) -> str:
    return moment_text(moment, "d MMM yyyy")


def _path_html(path: Path) -> str:
    """A path in bold that may wrap after a separator (a zero-width space follows each)."""
    return "<b>" + escape(str(path)).replace("/", "/&#8203;").replace("\\", "\\&#8203;") + "</b>"


class DamagedDatabaseDialog(QDialog):
    """The three choices; `choice` is RESTORE, NEW or QUIT (also for Esc or closing it)."""

    def __init__(
        self,
        database: Path,
        problem: str,
        backup: BackupSummary | None,
        backups_dir: Path,
        *,
        detail: str | None = None,
        failure: str | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDatabase")
        self.setWindowTitle("HillSprint — damaged database")
        self.setModal(True)
        self.setStyleSheet(DIALOG_STYLE)
        self.backup = backup
        self.choice = QUIT
        database = Path(database)

        heading = QLabel("Your training database is damaged")
        heading.setObjectName("heading")
        self.problem = _label(
            f"HillSprint cannot use {_path_html(database)}<br>"
            f"{escape(problem)}. HillSprint has not written anything to it.",
            "problem",
        )
        self.detail = _label(escape(f"SQLite's report: {detail}") if detail else "", "detail")
        self.detail.setVisible(bool(detail))
        self.backup_text = _label(_backup_html(backup, backups_dir), "backup")
        aside = escape(f"{database.name}.damaged-YYYYmmdd-HHMMSS")
        self.consequences = _label(
            "Restoring a backup or starting a new database keeps the damaged file: it is "
            f"renamed <b>{aside}</b> (today's date and time) in the same folder. "
            "Quit changes nothing.",
            "consequences",
        )
        self.failure = _label(escape(f"That did not work: {failure}") if failure else "", "failure")
        self.failure.setVisible(bool(failure))

        if backup is not None:
            self.restore_button = QPushButton(f"Restore backup from {_short_date(backup.made)}")
        else:
            self.restore_button = QPushButton("Restore a backup (none found)")
            self.restore_button.setEnabled(False)
        self.restore_button.setObjectName("restoreButton")
        self.new_button = QPushButton("Start a new database")
        self.quit_button = QPushButton("Quit")
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        for button in (self.restore_button, self.new_button, self.quit_button):
            buttons.addWidget(button)  # auto-default: Enter presses the focused one
        buttons.insertStretch(2, 1)  # Quit stands apart from the two that change files
        first = self.restore_button if backup is not None else self.quit_button
        first.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        for widget in (heading, self.problem, self.detail, self.failure, self.backup_text):
            layout.addWidget(widget)
        layout.addWidget(self.consequences)
        layout.addSpacing(12)
        layout.addLayout(buttons)

        self.restore_button.clicked.connect(lambda: self._choose(RESTORE))
        self.new_button.clicked.connect(lambda: self._choose(NEW))
        self.quit_button.clicked.connect(self.reject)
        first.setFocus()
        # A window does not grow to fit wrapped text by itself: ask for the height the labels
        # need at the narrowest width the buttons allow (wider needs less).
        self.ensurePolished()
        self.setMinimumHeight(layout.totalHeightForWidth(self.minimumSizeHint().width()))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:
        self.choice = QUIT
        super().reject()


def _label(html: str, name: str) -> QLabel:
    label = QLabel(html)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    return label


def _backup_html(backup: BackupSummary | None, backups_dir: Path) -> str:
    if backup is None:
        return f"There is no good backup in {_path_html(backups_dir)}."
    content = ""
    if backup.sessions is not None:
        plural = "" if backup.sessions == 1 else "s"
        content = f", with <b>{backup.sessions} session{plural}</b>"
        if backup.latest is not None:
            content += f", the newest from {backup.latest:%a} {_short_date(backup.latest)}"
    return (
        f"The newest good backup was made <b>{_long_date(backup.made)}</b>{content}:<br>"
        f"{_path_html(backup.path)}"
    )
