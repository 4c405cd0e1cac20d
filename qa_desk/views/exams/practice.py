"""Practice: the trainee retries the questions they got wrong, or a category their calls keep
failing, one question at a time with the right answer and explanation after each answer.

Nothing here is stored or counted; the practice service decides which keys may be shown."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.services.practice import (
    WRONG,
    PracticeFeedback,
    PracticeQuestion,
    PracticeService,
    Suggestion,
    WrongQuestion,
)
from qa_desk.training.attempt import CandidateQuestion
from qa_desk.training.model import MULTIPLE, SHORT, TRUE_FALSE
from qa_desk.views.exams.format import LETTERS
from qa_desk.views.exams.question import QuestionPanel
from qa_desk.views.exams.runner import SerialRunner
from qa_desk.views.restyle import set_style_state

SINCE_DAYS = 30
INTRO, QUESTION, DONE = range(3)


@dataclass(frozen=True, slots=True)
class Overview:
    wrong: list[WrongQuestion]
    suggestions: list[Suggestion]


def overview(service: PracticeService, candidate: str, agent_id: str | None) -> Overview:
    wrong = service.wrong_questions(candidate)
    suggestions = service.suggested_categories(agent_id, SINCE_DAYS) if agent_id else []
    return Overview(wrong, suggestions)


class PracticeTab(QWidget):
    def __init__(self, service: PracticeService, runner: SerialRunner, *,
                 candidate: Callable[[], str], agent_id: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self._candidate, self._agent_id = candidate, agent_id
        self.overview: Overview | None = None
        self.questions: list[PracticeQuestion] = []
        self.index = 0
        self.right = 0
        self.feedback: PracticeFeedback | None = None
        self.suggestion_buttons: dict[str, QPushButton] = {}  # by category
        self._build()

    # Layout ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.wrong_button = QPushButton(objectName="primary")
        self.wrong_button.clicked.connect(lambda: self.start(None))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel(objectName="status", wordWrap=True)
        bar = QHBoxLayout()
        bar.addWidget(self.wrong_button)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.status, 1)
        self.suggestion_box = QVBoxLayout()
        self.suggestion_box.setSpacing(6)
        suggestions = QFrame(objectName="mapBox")
        box = QVBoxLayout(suggestions)
        box.addWidget(QLabel(self.tr("Suggested practice"), objectName="sectionTitle"))
        box.addLayout(self.suggestion_box)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._intro_page())
        self.stack.addWidget(self._question_page())
        self.stack.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(suggestions)
        layout.addWidget(self.stack, 1)
        self._show_wrong_count(0)

    def _intro_page(self) -> QWidget:
        return QLabel(self.tr("Practise the questions you got wrong in your exams, or a topic "
                              "suggested by your calls' evaluations. Each answer is checked at "
                              "once, with the right answer and its explanation. Practice is not "
                              "recorded and does not count in any exam."),
                      alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)

    def _question_page(self) -> QWidget:
        self.progress = QLabel(objectName="legend")
        self.panel = QuestionPanel()
        self.panel.text.setPlaceholderText(self.tr("Write your answer here."))
        self.result = QLabel(wordWrap=True, objectName="feedback", textFormat=Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_button = QPushButton(self.tr("Check answer"), objectName="primary")
        self.check_button.clicked.connect(self.check)
        self.next_button = QPushButton(self.tr("Next question"))
        self.next_button.clicked.connect(self.next_question)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.finish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.progress)
        layout.addWidget(self.panel)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _done_page(self) -> QWidget:
        self.summary = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True, objectName="verdict")
        return self.summary

    # Overview --------------------------------------------------------------------------------

    def refresh(self) -> None:
        candidate = self._candidate().strip()
        if not candidate:
            self._say(self.tr("Enter the candidate's name on the exam tab first."), error=True)
            return
        self._runner.run(overview, self._service, candidate, self._agent_id(),
                         done=self._show_overview, failed=self._on_failed)

    def _show_overview(self, found: Overview) -> None:
        self.overview = found
        self._say("")
        self._show_wrong_count(sum(w.practicable for w in found.wrong))
        while self.suggestion_box.count():
            item = self.suggestion_box.takeAt(0)
            if item.layout() is not None:
                while item.layout().count():
                    child = item.layout().takeAt(0).widget()
                    if child is not None:
                        child.deleteLater()
        self.suggestion_buttons = {}
        if not found.suggestions:
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("No topic to suggest: your calls of the last %1 days pass "
                                         "every rule often enough.").replace("%1", str(SINCE_DAYS)),
                                 wordWrap=True, objectName="legend"))
            self.suggestion_box.addLayout(row)
        for suggestion in found.suggestions:
            row = QHBoxLayout()
            row.addWidget(QLabel(self.suggestion_text(suggestion), wordWrap=True), 1)
            button = QPushButton(self.tr("Practise"))
            button.clicked.connect(lambda _=False, c=suggestion.category: self.start(c))
            row.addWidget(button)
            self.suggestion_buttons[suggestion.category] = button
            self.suggestion_box.addLayout(row)

    def suggestion_text(self, suggestion: Suggestion) -> str:
        return (self.tr("Your calls in the last %1 days failed “%2” %3 times: practise this topic "
                        "(%4 questions).")
                .replace("%1", str(SINCE_DAYS)).replace("%2", suggestion.rule_name)
                .replace("%3", str(suggestion.failures)).replace("%4", str(suggestion.questions)))

    def _show_wrong_count(self, count: int) -> None:
        self.wrong_button.setText(self.tr("Retry my wrong questions (%1)").replace("%1", str(count)))
        self.wrong_button.setEnabled(count > 0)

    # Practising ------------------------------------------------------------------------------

    def start(self, category: str | None) -> None:
        self._runner.run(self._service.practice_set, self._candidate().strip(), category,
                         done=self._begin, failed=self._on_failed)

    def _begin(self, questions: list[PracticeQuestion]) -> None:
        self.questions, self.index, self.right = questions, 0, 0
        if not questions:
            self._say(self.tr("Nothing to practise here right now: questions in an exam being sat, "
                              "or whose answers the exam does not show yet, are left out."), error=True)
            return
        self._say("")
        self._show_question()

    def _show_question(self) -> None:
        question = self.questions[self.index]
        self.feedback = None
        self.panel.text.setReadOnly(False)
        self.panel.show_question(CandidateQuestion(
            position=self.index + 1, type=question.type, stem=question.stem, options=question.options,
            max_points=question.points, response=None, flagged=False), len(self.questions))
        source = (self.tr("You got this wrong in an exam") if question.source == WRONG
                  else self.tr("From the question bank"))
        self.progress.setText(self.tr("%1 · %2 right so far").replace("%1", source)
                              .replace("%2", str(self.right)))
        self.result.setText("")
        self.check_button.setEnabled(True)
        self.next_button.setEnabled(False)
        self.stack.setCurrentIndex(QUESTION)

    def check(self) -> None:
        question = self.questions[self.index]
        response = self.panel.response()
        if response is None or response == []:
            self._say(self.tr("Answer the question first."), error=True)
            return
        self.check_button.setEnabled(False)
        self._runner.run(self._service.check_practice_answer, question.question_id, response,
                         candidate=self._candidate().strip(), done=self._show_feedback,
                         failed=self._on_check_failed)

    def _show_feedback(self, feedback: PracticeFeedback) -> None:
        self.feedback = feedback
        self.right += feedback.correct
        self._say("")
        self._lock_choices(feedback)
        self.result.setText(self.feedback_html(self.questions[self.index], feedback))
        self.next_button.setEnabled(True)
        self.next_button.setText(self.tr("Next question") if self.index + 1 < len(self.questions)
                                 else self.tr("Finish"))
        self.next_button.setFocus()

    def _lock_choices(self, feedback: PracticeFeedback) -> None:
        """The answer stays on screen, no longer changeable: the right option(s) in green, a
        wrong pick in red."""
        self.panel.text.setReadOnly(True)
        right = feedback.right_answer
        right = set(right) if isinstance(right, tuple | list) else {right}
        picked = feedback.response if isinstance(feedback.response, list) else [feedback.response]
        for key, button in zip(self.panel.keys, self.panel.choices, strict=True):
            button.setEnabled(False)
            if key in right:
                button.setStyleSheet("color: #1b7f3b; font-weight: bold;")
            elif key in picked:
                button.setStyleSheet("color: #b42318;")

    def feedback_html(self, question: PracticeQuestion, feedback: PracticeFeedback) -> str:
        text = {key: html.escape(value) for key, value in (
            ("Right", self.tr("Right")), ("Not right", self.tr("Not right")),
            ("Reference answer", self.tr("Reference answer")), ("Key points", self.tr("Key points")),
            ("Right answer", self.tr("Right answer")), ("Explanation", self.tr("Explanation")))}
        if feedback.correct:
            parts = [f"<p style='color:#1b7f3b; font-size:14pt'><b>✓ {text['Right']}</b></p>"]
        else:
            parts = [f"<p style='color:#b42318; font-size:14pt'><b>✗ {text['Not right']}"
                     "</b></p>"]
        if question.type == SHORT:
            if feedback.reference_answer:
                parts.append(f"<p><b>{text['Reference answer']}:</b> "
                             f"{html.escape(feedback.reference_answer)}</p>")
            if feedback.key_points:
                points = " · ".join(("✓ " if p in feedback.found else "✗ ") + html.escape(p)
                                    for p in feedback.key_points)
                parts.append(f"<p><b>{text['Key points']}:</b> {points}</p>")
        else:
            parts.append(f"<p><b>{text['Right answer']}:</b> "
                         f"{html.escape(self.describe(question, feedback.right_answer))}</p>")
        if feedback.explanation:
            parts.append(f"<p style='color:#3e4c59'><b>{text['Explanation']}:</b> "
                         f"{html.escape(feedback.explanation)}</p>")
        return "".join(parts)

    def describe(self, question: PracticeQuestion, answer: object) -> str:
        if question.type == TRUE_FALSE:
            return self.tr("对 (true)") if answer else self.tr("错 (false)")
        keys = list(answer) if question.type == MULTIPLE and isinstance(answer, list | tuple) else [answer]
        shown = {key: (LETTERS[i], text) for i, (key, text) in enumerate(question.options)}
        return "；".join(f"{shown[k][0]}. {shown[k][1]}" if k in shown else str(k) for k in keys)

    def next_question(self) -> None:
        if self.index + 1 >= len(self.questions):
            self.finish()
            return
        self.index += 1
        self._show_question()

    def finish(self) -> None:
        answered = self.index + (1 if self.feedback is not None else 0)
        self.summary.setText(self.tr("Practice finished: %1 of %2 right.\nPractice is not recorded.")
                             .replace("%1", str(self.right)).replace("%2", str(answered)))
        self.stack.setCurrentIndex(DONE)
        self.refresh()

    # Helpers ---------------------------------------------------------------------------------

    def _on_check_failed(self, message: str, error: BaseException | None) -> None:
        self.check_button.setEnabled(True)
        self._on_failed(message, error)

    def _on_failed(self, message: str, _error: BaseException | None) -> None:
        self._say(message, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        set_style_state(self.status, "error", error)
