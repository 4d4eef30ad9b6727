"""The shared widgets: the message line, the non-blocking file chooser and the one-question
slot behave the same for every room that uses them."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from hillsprint.ui.common.confirm import Question
from hillsprint.ui.common.widgets import MessageLine, hidden_label, open_file_dialog


def test_the_message_line_says_news_and_problems(qtbot):
    line = MessageLine("someMessage", mark_problems=True)
    qtbot.addWidget(line)
    assert line.isHidden() and line.objectName() == "someMessage"
    assert line.say("Saved 'Mine'.") is True
    assert (line.text(), line.isHidden(), line.is_problem()) == ("Saved 'Mine'.", False, False)
    assert line.say("Not exported. the disk is full", ok=False) is False
    assert line.text() == "✗ Not exported. the disk is full" and line.is_problem()
    line.say("")
    assert line.isHidden() and not line.is_problem()
    plain = MessageLine("other")
    qtbot.addWidget(plain)
    plain.say("The hill could not be saved", ok=False)
    assert plain.text() == "The hill could not be saved" and plain.is_problem()


def test_a_hidden_label_waits_to_be_needed(qtbot):
    label = hidden_label("fieldError")
    qtbot.addWidget(label)
    assert label.isHidden() and label.wordWrap() and label.objectName() == "fieldError"


def test_the_file_chooser_does_not_block_and_hands_over_the_file(qtbot, tmp_path: Path):
    parent = QWidget()
    qtbot.addWidget(parent)
    chosen: list[str] = []
    reading = open_file_dialog(parent, "Read", str(tmp_path), "Plan files (*.json)", chosen.append)
    assert reading.isVisible() and reading.fileMode() == QFileDialog.FileMode.ExistingFile
    reading.reject()
    target = tmp_path / "out"
    writing = open_file_dialog(
        parent, "Write", str(tmp_path), "PNG images (*.png)", chosen.append, save=True, suffix="png"
    )
    assert writing.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert writing.defaultSuffix() == "png"
    writing.selectFile(str(target))
    writing.accept()
    assert chosen == [str(target) + ".png"]
    qtbot.waitUntil(lambda: not shiboken6.isValid(writing))  # it deletes itself once closed


def test_one_question_at_a_time(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    question = Question(parent)
    answers: list[tuple[bool, bool]] = []

    def answered(yes: bool) -> None:
        answers.append((yes, question.is_open()))  # the slot is free before the answer runs

    assert question.ask("Delete?", "Delete it?", answered, warning=True, yes_text="Delete")
    box = question.box
    assert box is not None and box.isVisible() and box.text() == "Delete it?"
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Delete"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert not question.ask("Again?", "A second box?", answered)  # refused while one is open
    assert question.box is box
    box.done(QMessageBox.StandardButton.No)
    assert answers == [(False, False)] and question.box is None
    assert question.ask("Delete?", "Delete it?", answered)
    question.box.done(QMessageBox.StandardButton.Yes)
    assert answers == [(False, False), (True, False)]
