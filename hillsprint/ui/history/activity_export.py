""" "Export for training log…": a button whose menu picks FIT or TCX, then a non-blocking file
dialog (a file name for one session, a folder for several); the writing is
`Store.export_activities` (`storage.activity_export`). Used by the session detail (its session)
and the history table (the selected sessions). The widget only forwards: `sessions` gives the
ids at click time and `finished(text, ok)` says what happened, in words for the message line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from hillsprint.storage.activity_export import ActivityExportError
from hillsprint.storage.errors import StorageError

FORMAT_LABELS = {
    "fit": "FIT file (Garmin Connect, Strava, intervals.icu, GoldenCheetah)",
    "tcx": "TCX file (older logs; efforts in the lap notes)",
}
FILTERS = {"fit": "FIT activity (*.fit)", "tcx": "TCX activity (*.tcx)"}


class ActivityExportButton(QPushButton):
    finished = Signal(str, bool)  # what was written (or why not), and whether it worked

    def __init__(
        self,
        store,
        sessions: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Export for training log…", parent)
        self.setObjectName("activityExportButton")
        self.store = store  # a `Store`: export_activities, activity_file_name
        self.sessions = sessions
        self.dialog: QFileDialog | None = None
        menu = QMenu(self)
        for fmt, label in FORMAT_LABELS.items():
            menu.addAction(label, lambda f=fmt: self.choose(f))
        self.setMenu(menu)

    def choose(self, fmt: str) -> QFileDialog | None:
        """Open the file dialog for the sessions chosen now (not modal: `open()`)."""
        ids = self.sessions()
        if not ids:
            self.finished.emit("Choose one or more sessions to export first.", False)
            return None
        if len(ids) == 1:
            try:
                name = self.store.activity_file_name(ids[0], fmt)
            except (ActivityExportError, StorageError) as exc:
                self.finished.emit(f"Not exported: {exc}.", False)
                return None
            dialog = QFileDialog(self.window(), f"Export as {fmt.upper()}", str(Path.home() / name))
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter(FILTERS[fmt])
            dialog.setDefaultSuffix(fmt)
        else:
            title = f"Folder for {len(ids)} {fmt.upper()} files"
            dialog = QFileDialog(self.window(), title, str(Path.home()))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.export_to(ids, path, fmt))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def export_to(self, session_ids: list[str], path: str, fmt: str) -> bool:
        try:
            written = self.store.export_activities(session_ids, Path(path), fmt)
        except (ActivityExportError, StorageError) as exc:
            self.finished.emit(f"Not exported: {exc}.", False)
            return False
        where = written[0].path if len(written) == 1 else Path(path)
        count = f"{len(written)} session{'' if len(written) == 1 else 's'}"
        self.finished.emit(f"Exported {count} as {fmt.upper()} to {where}.", True)
        return True

    def _forget_dialog(self) -> None:
        self.dialog = None
