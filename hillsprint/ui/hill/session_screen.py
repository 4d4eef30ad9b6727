"""The session screen: one huge countdown, the phase in words and colour, the effort pad.

It renders `EngineState`s and forwards keys; it holds no training state of its own. Sizes are
set from the window height on every resize, so the digits fill at least 35 % of it and the
phase word at least 8 %, windowed or fullscreen.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hillsprint.core.effort import EFFORT_WORDS
from hillsprint.core.plan import format_duration
from hillsprint.core.session_events import EngineState, Phase
from hillsprint.ui.common.effort_inputs import DIGIT_KEYS
from hillsprint.ui.common.look import PALETTE, fill, template_text
from hillsprint.ui.hill.theme import LIGHT, Theme

# Font pixel size as a share of the screen height: digits' ink is ~0.73 of the font size, so
# 0.5 gives digits about 36 % of the height (at least 35 % is readable from 5 m; tests measure).
COUNTDOWN_SHARE = 0.50
COUNTDOWN_MIN_SHARE = 0.38  # the label's own height: the digits' ink (~0.365) and a margin
EFFORT_PAD_SHARE = 0.17
PHASE_SHARE = 0.09  # at least 8 %
INFO_SHARE = 0.045


def countdown_text(state: EngineState) -> str:
    """Whole seconds, rounded up while counting down (a sprint of 10 s shows 10 first)."""
    if state.phase is Phase.DONE:
        return "0"
    if state.remaining_s is None:  # manual walk-down: count up
        return format_clock(math.floor(state.phase_elapsed_s))
    return format_clock(math.ceil(state.remaining_s - 1e-9))


def format_clock(seconds: int) -> str:
    if seconds < 100:
        return str(seconds)
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


def phase_words(state: EngineState) -> str:
    if state.paused:
        return "PAUSED"
    return state.phase.label


def hint_text(state: EngineState) -> str:
    """What the runner should do now, in words."""
    if state.paused:
        return "Space to resume"
    if state.phase is Phase.WALK_DOWN and state.manual:
        if state.remaining_s is not None:
            return "Next rep is set: get ready when the walk-down minimum is up"
        if state.waiting_for_runner:
            return "Press Space at the bottom"
        return f"Walk down: Space allowed in {math.ceil(state.min_remaining_s)} s"
    if state.phase is Phase.DONE:
        return "Session complete"
    return ""


def next_text(state: EngineState) -> str:
    if state.phase is Phase.DONE or state.next_phase is Phase.DONE:
        return "Next: finish"
    what = state.next_phase.label.lower()
    if state.next_phase is Phase.SPRINT:
        what = f"sprint {state.next_rep}"
    if state.next_duration_s:
        return f"Next: {what}, {format_duration(state.next_duration_s)}"
    return f"Next: {what}"


class EffortPad(QWidget):
    """0–10 with Foster's words; the keys are printed on the buttons (0 means 10)."""

    effortChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("How hard was rep –?")
        self.title.setObjectName("effortTitle")
        grid = QGridLayout()
        grid.setSpacing(6)
        self.buttons: dict[int, QPushButton] = {}
        for value in range(11):
            # 1-9 are their own keys; 10 is the key 0; 0 (Rest) is a click only.
            number = {10: "10 · key 0", 0: "0 · click"}.get(value, str(value))
            words = EFFORT_WORDS[value].replace("Very, very ", "Very, very\n")
            words = words.replace("Somewhat ", "Somewhat\n")
            button = QPushButton(f"{number}\n{words}")
            button.setObjectName("effortButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _checked=False, v=value: self.effortChosen.emit(v))
            grid.addWidget(button, 0, value)
            grid.setColumnStretch(value, 1)
            self.buttons[value] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(grid, 1)

    def show_for(self, rep: int | None, effort: int | None) -> None:
        self.title.setText(
            f"How hard was rep {rep}? Keys 1–9, 0 = 10" if rep else "Effort: after the sprint"
        )
        for value, button in self.buttons.items():
            button.setChecked(effort == value)
        self.setVisible(rep is not None)


class SessionScreen(QWidget):
    """Shows the running session; key presses become the signals below."""

    spacePressed = Signal()
    skipPressed = Signal()
    addTimePressed = Signal()
    effortPressed = Signal(int)
    mutePressed = Signal()
    endPressed = Signal()
    helpPressed = Signal()
    fullscreenPressed = Signal()

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionScreen")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.theme = theme
        self._state: EngineState | None = None
        self._style_key: tuple | None = None

        self.phase = QLabel("GET READY")
        self.phase.setObjectName("phase")
        self.rep = QLabel()
        self.rep.setObjectName("rep")
        self.rep.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.countdown = QLabel("0")
        self.countdown.setObjectName("countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The font's line box is ~1.2x its ink; let the layout give the label less than that
        # (the ink still fits), or the rows below would be pushed off the screen.
        self.countdown.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = QLabel()
        self.next.setObjectName("next")
        self.elapsed = QLabel()
        self.elapsed.setObjectName("elapsed")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        # A write the disk refused: as big as the phase word, white on dark red in every
        # theme, so the runner sees it from the hill (the session goes on regardless).
        self.save_band = QLabel()
        self.save_band.setObjectName("saveBand")
        self.save_band.setWordWrap(True)
        self.save_band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.save_band.hide()
        self.sound = QLabel()
        self.sound.setObjectName("sound")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.effort_pad = EffortPad()
        self.effort_pad.effortChosen.connect(self.effortPressed)

        top = QHBoxLayout()
        top.addWidget(self.phase, 1)
        top.addWidget(self.rep)
        bottom = QHBoxLayout()
        bottom.addWidget(self.next, 1)
        bottom.addWidget(self.sound)
        bottom.addWidget(self.elapsed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(4)
        layout.addWidget(self.save_band)
        layout.addLayout(top)
        layout.addWidget(self.countdown, 1)
        layout.addWidget(self.hint)
        layout.addLayout(bottom)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.effort_pad)

    # ---- rendering -----------------------------------------------------------------------

    def show_state(self, state: EngineState) -> None:
        self._state = state
        self.phase.setText(phase_words(state))
        self.rep.setText(f"Rep {max(state.rep, 1)} / {state.rep_count}")
        self.countdown.setText(countdown_text(state))
        self.hint.setText(hint_text(state))
        self.hint.setVisible(bool(self.hint.text()))
        self.next.setText(next_text(state))
        self.elapsed.setText(f"Elapsed {format_duration(int(state.session_elapsed_s))}")
        self.progress.setValue(round(state.progress * 1000))
        self._apply_colours(state)

    def show_effort(self, rep: int | None, effort: int | None) -> None:
        self.effort_pad.show_for(rep, effort)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        if self._state is not None:
            self._apply_colours(self._state)

    def show_sound_state(self, text: str) -> None:
        """'SOUND OFF' (muted) or 'NO SOUND' (unavailable) in words; empty when all is well."""
        self.sound.setText(f"{text}   " if text else "")

    def show_save_problem(self, reason: str | None) -> None:
        """ "NOT SAVED: <reason>" while writes wait for the disk; hidden once they are on it."""
        self.save_band.setText(f"NOT SAVED: {reason}" if reason else "")
        self.save_band.setVisible(bool(reason))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _apply_colours(self, state: EngineState) -> None:
        """Colours and sizes in one style sheet (a style sheet overrides setFont). Re-styling
        costs milliseconds, so it happens only when the colours or the height change."""
        c = self.theme.colours(state.phase, state.paused)
        height = max(1, self.height())
        border = self.theme.border_px  # 6 px in the high-contrast theme
        if (c, height, border) == self._style_key:
            return
        self._style_key = (c, height, border)
        big, phase, info = (int(height * share) for share in (COUNTDOWN_SHARE, PHASE_SHARE,
                                                               INFO_SHARE))  # fmt: skip
        self.countdown.setMinimumHeight(int(height * COUNTDOWN_MIN_SHARE))
        self.setStyleSheet(
            fill(
                template_text("session"),
                {
                    **PALETTE,
                    "phase_background": c.background,
                    "phase_text": c.text,
                    "phase_accent": c.accent,
                    "border_px": border,
                    "band_border_px": max(border, 4),
                    "info_px": info,
                    "countdown_px": big,
                    "phase_px": phase,
                    "rep_px": int(phase * 0.8),
                    "effort_px": int(info * 0.6),
                },
            )
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.effort_pad.setFixedHeight(int(self.height() * EFFORT_PAD_SHARE))
        if self._state is not None:
            self._apply_colours(self._state)

    # ---- keys ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text()
        if key in (Qt.Key.Key_Space, Qt.Key.Key_PageDown):
            self.spacePressed.emit()
        elif key in DIGIT_KEYS:
            self.effortPressed.emit(DIGIT_KEYS[key])
        elif key == Qt.Key.Key_Right:
            self.skipPressed.emit()
        elif text == "+" or key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.addTimePressed.emit()
        elif key == Qt.Key.Key_M:
            self.mutePressed.emit()
        elif key == Qt.Key.Key_Escape:
            self.endPressed.emit()
        elif key == Qt.Key.Key_F1 or text == "?":
            self.helpPressed.emit()
        elif key == Qt.Key.Key_F11:
            self.fullscreenPressed.emit()
        else:
            super().keyPressEvent(event)
