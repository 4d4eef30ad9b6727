"""Settings, in four groups: Sound (beeps, voice, volume with a test sound), Display (session
colours, hill length units, keep the screen on), Training (get-ready lead-in, weekly target) and
Data (where the sessions are kept, with a button that opens that folder).

Keyboard: every field has an Alt+letter (underlined), Tab walks the groups in reading order
(Sound, Display, Training, Data), Enter is OK and Esc is Cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.plan import MAX_GET_READY_S
from hillsprint.settings import MAX_WEEKLY_TARGET, MIN_GET_READY_S, MIN_WEEKLY_TARGET, Settings
from hillsprint.ui.common.look import style_sheet

THEME_LABELS = {
    "light": "Light: strong colours (sunlight)",
    "dark": "Dark (dusk)",
    "high-contrast": "High contrast: black, white, yellow",
}
UNIT_LABELS = {"m": "Metres (m)", "ft": "Feet (ft)"}

DIALOG_STYLE = style_sheet("settings")

UrlOpener = Callable[[QUrl], bool]


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `settingsChosen` carries the result on OK. The test sound
    plays with the values on screen, before they are saved.

    `data_dir` is shown (selectable) with an "Open folder" button that calls `open_url` with
    its file URL (`QDesktopServices.openUrl` unless a test gives another callable; it is also
    the attribute `open_url`, so a test may swap it on an open dialog)."""

    settingsChosen = Signal(object)  # Settings
    testSoundRequested = Signal(object)  # Settings as shown now

    def __init__(
        self,
        settings: Settings,
        sound_problem: str | None = None,
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
        settings_file: Path | None = None,
        open_url: UrlOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self._initial = settings
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.open_url: UrlOpener = open_url or QDesktopServices.openUrl
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        grid.addWidget(self._sound_group(settings, sound_problem), 0, 0)
        grid.addWidget(self._display_group(settings), 0, 1)
        grid.addWidget(self._training_group(settings), 1, 0)
        grid.addWidget(self._data_group(settings_file), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._set_tab_order()
        self.beeps.setFocus()

    # ---- layout ----------------------------------------------------------------------------

    def _sound_group(self, settings: Settings, sound_problem: str | None) -> QGroupBox:
        self.beeps = QCheckBox("&Beeps (3-2-1, GO, end of sprint)")
        self.beeps.setChecked(settings.beeps)
        self.voice = QCheckBox("Spoken &prompts (“Rep three of eight”, “Walk down”)")
        self.voice.setChecked(settings.voice)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(5)
        self.volume.setPageStep(10)
        self.volume.setValue(settings.volume)
        self.volume.setAccessibleName("Volume")
        self.volume_label = QLabel()
        self.volume_label.setMinimumWidth(64)
        self.volume.valueChanged.connect(lambda v: self.volume_label.setText(f"{v} %"))
        self.volume_label.setText(f"{settings.volume} %")
        self.test_button = QPushButton("Te&st sound")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(lambda: self.testSoundRequested.emit(self.current()))
        self.sound_problem = QLabel(f"Sound unavailable: {sound_problem}" if sound_problem else "")
        self.sound_problem.setObjectName("problem")
        self.sound_problem.setWordWrap(True)
        self.sound_problem.setVisible(bool(sound_problem))
        box = QGroupBox("Sound")
        volume_row = QHBoxLayout()
        volume_row.setSpacing(12)
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_label)
        volume_row.addWidget(self.test_button)
        form = _form(box)
        form.addRow(self.beeps)
        form.addRow(self.voice)
        form.addRow(_buddy("&Volume", self.volume), volume_row)
        form.addRow(self.sound_problem)
        return box

    def _display_group(self, settings: Settings) -> QGroupBox:
        self.theme = QComboBox()
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        self.units = QComboBox()
        for key, label in UNIT_LABELS.items():
            self.units.addItem(label, key)
        self.units.setCurrentIndex(self.units.findData(settings.units))
        self.keep_awake = QCheckBox("&Keep the screen on during a session")
        self.keep_awake.setChecked(settings.keep_awake)
        box = QGroupBox("Display")
        form = _form(box)
        form.addRow(_buddy("&Theme", self.theme), self.theme)
        form.addRow(_caption("The session screen's colours; the phase is always written too."))
        form.addRow(_buddy("Hill length &units", self.units), self.units)
        form.addRow(self.keep_awake)
        return box

    def _training_group(self, settings: Settings) -> QGroupBox:
        self.get_ready = QSpinBox()
        self.get_ready.setRange(MIN_GET_READY_S, MAX_GET_READY_S)
        self.get_ready.setSuffix(" s")
        self.get_ready.setValue(settings.get_ready_s)
        self.get_ready.setAccessibleName("Get-ready lead-in, seconds")
        self.weekly_target = QSpinBox()
        self.weekly_target.setRange(MIN_WEEKLY_TARGET, MAX_WEEKLY_TARGET)
        self.weekly_target.setSuffix(" sessions")
        self.weekly_target.setValue(settings.weekly_target)
        self.weekly_target.setAccessibleName("Weekly target, sessions a week")
        box = QGroupBox("Training")
        form = _form(box)
        form.addRow(_buddy("&Get-ready lead-in", self.get_ready), self.get_ready)
        form.addRow(_caption("For the built-in plans and new plans; a plan file keeps its own."))
        form.addRow(_buddy("&Weekly target", self.weekly_target), self.weekly_target)
        form.addRow(_caption("Sessions a week: the target line in the history's weekly chart."))
        return box

    def _data_group(self, settings_file: Path | None) -> QGroupBox:
        self.data_folder = QLineEdit(str(self.data_dir) if self.data_dir else "")
        self.data_folder.setReadOnly(True)  # selectable and copyable, not editable
        self.data_folder.setAccessibleName("Data folder")
        self.data_folder.setCursorPosition(0)
        self.open_folder_button = QPushButton("Op&en folder")
        self.open_folder_button.setAutoDefault(False)
        self.open_folder_button.setEnabled(self.data_dir is not None)
        self.open_folder_button.clicked.connect(self.open_data_folder)
        self.open_problem = QLabel()
        self.open_problem.setObjectName("problem")
        self.open_problem.setWordWrap(True)
        self.open_problem.hide()
        box = QGroupBox("Data")
        form = _form(box)
        row = QHBoxLayout()
        row.addWidget(self.data_folder, 1)
        row.addWidget(self.open_folder_button)
        form.addRow(_buddy("&Data folder", self.data_folder), row)
        form.addRow(_caption("Your sessions (hillsprint.sqlite3) and backups/."))
        if settings_file is not None:
            where = _caption(f"Settings are kept in {settings_file}")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(where)
        form.addRow(self.open_problem)
        return box

    def _set_tab_order(self) -> None:
        chain = [
            self.beeps,
            self.voice,
            self.volume,
            self.test_button,
            self.theme,
            self.units,
            self.keep_awake,
            self.get_ready,
            self.weekly_target,
            self.data_folder,
            self.open_folder_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Ok),
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ---- actions ---------------------------------------------------------------------------

    def current(self) -> Settings:
        """The settings as shown now."""
        return replace(
            self._initial,
            beeps=self.beeps.isChecked(),
            voice=self.voice.isChecked(),
            volume=self.volume.value(),
            theme=self.theme.currentData(),
            units=self.units.currentData(),
            keep_awake=self.keep_awake.isChecked(),
            get_ready_s=self.get_ready.value(),
            weekly_target=self.weekly_target.value(),
        )

    def open_data_folder(self) -> bool:
        """Show the data folder in the desktop's file manager; say so if that failed."""
        if self.data_dir is None:
            return False
        opened = bool(self.open_url(QUrl.fromLocalFile(str(self.data_dir))))
        self.open_problem.setText(
            "" if opened else "The folder could not be opened here; copy its path from above."
        )
        self.open_problem.setVisible(not opened)
        return opened

    def _accept(self) -> None:
        self.settingsChosen.emit(self.current())
        self.accept()


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setVerticalSpacing(8)
    return form


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("caption")
    label.setWordWrap(True)
    return label
