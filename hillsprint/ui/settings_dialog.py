"""Settings the runner changes at the hill: beeps, voice, volume (with a test sound), theme."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
)

from hillsprint.settings import Settings

THEME_LABELS = {"light": "Light, high contrast (sunlight)", "dark": "Dark"}


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `settingsChosen` carries the result on OK. The test sound
    plays with the values on screen, before they are saved."""

    settingsChosen = Signal(object)  # Settings
    testSoundRequested = Signal(object)  # Settings as shown now

    def __init__(self, settings: Settings, sound_problem: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.beeps = QCheckBox("Beeps (3-2-1, GO, end of sprint)")
        self.beeps.setChecked(settings.beeps)
        self.voice = QCheckBox("Spoken prompts (“Rep three of eight”, “Walk down”)")
        self.voice.setChecked(settings.voice)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(settings.volume)
        self.volume_label = QLabel()
        self.volume.valueChanged.connect(lambda v: self.volume_label.setText(f"{v} %"))
        self.volume_label.setText(f"{settings.volume} %")
        self.test_button = QPushButton("Test sound")
        self.test_button.clicked.connect(lambda: self.testSoundRequested.emit(self.current()))
        self.theme = QComboBox()
        for key, label in THEME_LABELS.items():
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(list(THEME_LABELS).index(settings.theme))
        self.sound_problem = QLabel(f"Sound unavailable: {sound_problem}" if sound_problem else "")
        self.sound_problem.setWordWrap(True)
        self.sound_problem.setVisible(bool(sound_problem))

        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_label)
        volume_row.addWidget(self.test_button)
        form = QFormLayout()
        form.addRow(self.beeps)
        form.addRow(self.voice)
        form.addRow("Volume", volume_row)
        form.addRow("Theme", self.theme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sound_problem)
        layout.addWidget(buttons)

    def current(self) -> Settings:
        return Settings(
            beeps=self.beeps.isChecked(),
            voice=self.voice.isChecked(),
            volume=self.volume.value(),
            theme=self.theme.currentData(),
        )

    def _accept(self) -> None:
        self.settingsChosen.emit(self.current())
        self.accept()
