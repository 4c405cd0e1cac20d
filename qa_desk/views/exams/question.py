"""One question on screen (stem, options or a text box) and the map of all questions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.training.attempt import CandidateQuestion
from qa_desk.training.model import MULTIPLE, SHORT, TRUE_FALSE
from qa_desk.views.exams.format import LETTERS

SHORT_SAVE_DELAY_MS = 700
MAP_COLUMNS = 5


class QuestionPanel(QWidget):
    """Shows one question; reports every change of answer as (position, response)."""

    response_did_change = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: CandidateQuestion | None = None
        self.heading = QLabel(objectName="questionHeading")
        self.stem = QLabel(wordWrap=True, objectName="questionStem")
        self.stem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choices: list[QAbstractButton] = []
        self._keys: list[Any] = []
        self._group: QButtonGroup | None = None
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Write your answer here; it is saved as you type."))
        self.text.textChanged.connect(self._on_text_changed)
        self._text_timer = QTimer(self, singleShot=True, interval=SHORT_SAVE_DELAY_MS)
        self._text_timer.timeout.connect(self.flush)
        self._choice_box = QVBoxLayout()
        self._choice_box.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stem)
        layout.addSpacing(8)
        layout.addLayout(self._choice_box)
        layout.addWidget(self.text, 1)
        self._stretch = QWidget()
        layout.addWidget(self._stretch, 1)

    def show_question(self, question: CandidateQuestion, total: int) -> None:
        self.flush()
        self.question = question
        kind = {TRUE_FALSE: self.tr("True or false"),
                MULTIPLE: self.tr("Multiple choice: pick all that apply"),
                SHORT: self.tr("Short answer")}.get(question.type, self.tr("Single choice"))
        self.heading.setText(self.tr("Question %1 of %2 · %3 · %4 points")
                             .replace("%1", str(question.position)).replace("%2", str(total))
                             .replace("%3", kind).replace("%4", f"{question.max_points:g}"))
        self.stem.setText(question.stem)
        self._clear_choices()
        short = question.type == SHORT
        self.text.setVisible(short)
        self._stretch.setVisible(not short)
        if short:
            self.text.blockSignals(True)
            self.text.setPlainText(str(question.response or ""))
            self.text.blockSignals(False)
        else:
            self._build_choices(question)

    def flush(self) -> None:
        """Report a short answer typed but not yet reported (before leaving the question)."""
        if self._text_timer.isActive():
            self._text_timer.stop()
            if self.question is not None:
                self.response_did_change.emit(self.question.position, self.text.toPlainText())

    @property
    def keys(self) -> list[Any]:
        """The option key (or True/False) behind each of `choices`, in the same order."""
        return list(self._keys)

    def response(self) -> Any:
        if self.question is None:
            return None
        if self.question.type == SHORT:
            return self.text.toPlainText().strip() or None
        picked = [key for key, button in zip(self._keys, self.choices, strict=True) if button.isChecked()]
        if self.question.type == MULTIPLE:
            return picked
        return picked[0] if picked else None

    def _build_choices(self, question: CandidateQuestion) -> None:
        if question.type == TRUE_FALSE:
            entries = [(True, self.tr("对 (true)")), (False, self.tr("错 (false)"))]
        else:
            entries = [(key, f"{LETTERS[i]}.  {text}") for i, (key, text) in enumerate(question.options)]
        multiple = question.type == MULTIPLE
        self._group = QButtonGroup(self)
        self._group.setExclusive(not multiple)
        chosen = question.response if isinstance(question.response, list) else [question.response]
        for key, label in entries:
            button: QAbstractButton = QCheckBox(label) if multiple else QRadioButton(label)
            button.setChecked(question.response is not None and key in chosen)
            button.setObjectName("choice")
            self._group.addButton(button)
            self._choice_box.addWidget(button)
            button.show()  # added to a page already on screen
            self.choices.append(button)
            self._keys.append(key)
        self._group.buttonToggled.connect(self._on_choice_toggled)

    def _clear_choices(self) -> None:
        if self._group is not None:
            self._group.buttonToggled.disconnect(self._on_choice_toggled)
            self._group.deleteLater()
            self._group = None
        for button in self.choices:
            button.setParent(None)
            button.deleteLater()
        self.choices, self._keys = [], []

    def _on_choice_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if self.question is None or (not checked and self.question.type != MULTIPLE):
            return  # a radio button switched off: its partner's "on" reports the change
        self.response_did_change.emit(self.question.position, self.response())

    def _on_text_changed(self) -> None:
        self._text_timer.start()


class QuestionMap(QWidget):
    """Numbered buttons: filled when answered, a flag mark when flagged, ringed when current."""

    position_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[QToolButton] = []
        self._grid = QGridLayout(self)
        self._grid.setSpacing(6)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._state: dict[int, tuple[bool, bool]] = {}
        self.current = 0

    def set_count(self, count: int) -> None:
        for button in self.buttons:
            button.setParent(None)
            button.deleteLater()
        self.buttons, self._state = [], {}
        for index in range(count):
            button = QToolButton(text=str(index + 1), objectName="mapButton")
            button.setFixedSize(44, 40)
            button.clicked.connect(lambda _=False, p=index + 1: self.position_chosen.emit(p))
            self._grid.addWidget(button, index // MAP_COLUMNS, index % MAP_COLUMNS)
            self.buttons.append(button)
            self._state[index + 1] = (False, False)

    def set_state(self, position: int, *, answered: bool, flagged: bool) -> None:
        self._state[position] = (answered, flagged)
        self._paint(position)

    def state(self, position: int) -> tuple[bool, bool]:
        return self._state[position]

    def set_current(self, position: int) -> None:
        previous, self.current = self.current, position
        for each in {previous, position} - {0}:
            self._paint(each)

    def _paint(self, position: int) -> None:
        answered, flagged = self._state[position]
        button = self.buttons[position - 1]
        button.setText(f"{position}⚑" if flagged else str(position))
        button.setToolTip(", ".join(filter(None, [
            self.tr("answered") if answered else self.tr("not answered"),
            self.tr("flagged for review") if flagged else "",
            self.tr("current") if position == self.current else ""])))
        background = "#2f6fd0" if answered else "#ffffff"
        color = "#ffffff" if answered else "#1f2933"
        border = "3px solid #e08a00" if flagged else "1px solid #9aa5b1"
        if position == self.current:
            border = "3px solid #111111" if not flagged else "3px dashed #e08a00"
        weight = "bold" if position == self.current else "normal"
        button.setStyleSheet(f"QToolButton {{ background: {background}; color: {color}; "
                             f"border: {border}; border-radius: 6px; font-weight: {weight}; }}")
