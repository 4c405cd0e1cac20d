"""The trainee's tab: pick an exam, start or resume it, answer, submit, see the result.

Time left always comes from the service (`remaining_seconds` of the latest attempt view);
between two answers the screen counts down from it with a monotonic timer and asks the
service again at zero (submitting) and every minute."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qa_desk.models.exams import OPEN
from qa_desk.services.exams import (
    AttemptClosedError,
    AttemptsUsedUpError,
    AttemptView,
    CandidateView,
    ExamInfo,
    ExamService,
)
from qa_desk.training.attempt import CandidateQuestion
from qa_desk.training.model import MULTIPLE, SHORT, TRUE_FALSE
from qa_desk.views.exams import jobs
from qa_desk.views.exams.format import LETTERS, clock_text, is_answered, number
from qa_desk.views.exams.question import QuestionMap, QuestionPanel
from qa_desk.views.exams.runner import SerialRunner
from qa_desk.views.restyle import set_style_state

TICK_MS = 250
RESYNC_SECONDS = 60
WARN_SECONDS = 60
INTRO, START, QUESTIONS, RESULT = range(4)


class TakeExamTab(QWidget):
    attempt_did_submit = Signal(int)

    def __init__(self, service: ExamService, runner: SerialRunner, *, user_name: str,
                 fixed_candidate: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.attempt: AttemptView | None = None
        self.view: CandidateView | None = None
        self.position = 1
        self.ready: jobs.ReadyToStart | None = None
        self.finished: jobs.Finished | None = None
        self._remaining: float | None = None
        self._since = QElapsedTimer()
        self._last_sync = QElapsedTimer()
        self._submitting = False
        self._exam_id: int | None = None
        self.fixed_candidate = fixed_candidate  # signed in: one takes exams as oneself
        self._build(user_name)
        self._connect_callbacks()

    # Layout ----------------------------------------------------------------------------------

    def _build(self, user_name: str) -> None:
        self.candidate = QLineEdit(user_name)
        self.candidate.setPlaceholderText(self.tr("Name or staff id"))
        self.candidate.setMaximumWidth(220)
        if self.fixed_candidate:
            self.candidate.setReadOnly(True)
            self.candidate.setToolTip(self.tr("Signed in: you take exams as yourself."))
        self.exams = QComboBox(minimumContentsLength=24)
        self.open_button = QPushButton(self.tr("Open"))
        self.status = QLabel(objectName="status")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Candidate:")))
        bar.addWidget(self.candidate)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Exam:")))
        bar.addWidget(self.exams)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        bar.addWidget(self.status)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._intro_page())
        self.stack.addWidget(self._start_page())
        self.stack.addWidget(self._question_page())
        self.stack.addWidget(self._result_page())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.tick = QTimer(self, interval=TICK_MS)

    def _intro_page(self) -> QWidget:
        label = QLabel(self.tr("Choose the candidate and an exam, then press Open.\n"
                               "An exam left open (for example after a crash) carries on where "
                               "it stopped, with every saved answer."),
                       alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        return label

    def _start_page(self) -> QWidget:
        page = QFrame(objectName="startPage")
        self.start_title = QLabel(objectName="pageTitle", wordWrap=True)
        self.start_facts = QFormLayout()
        self.start_facts.setHorizontalSpacing(24)
        self.start_facts.setVerticalSpacing(10)
        self.start_note = QLabel(wordWrap=True)
        self.start_button = QPushButton(self.tr("Start the exam"), objectName="primary")
        self.start_button.setMinimumWidth(180)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.start_title)
        layout.addSpacing(12)
        layout.addLayout(self.start_facts)
        layout.addSpacing(12)
        layout.addWidget(self.start_note)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _question_page(self) -> QWidget:
        page = QWidget()
        self.exam_title = QLabel(objectName="pageTitle")
        self.timer = QLabel("--:--", objectName="timer")
        self.timer.setToolTip(self.tr("Time left, as the exam server counts it"))
        self.progress = QLabel()
        self.saved = QLabel(objectName="saved")
        self.saved.setMinimumWidth(120)
        head = QHBoxLayout()
        head.addWidget(self.exam_title, 1)
        head.addWidget(self.saved)
        head.addSpacing(16)
        head.addWidget(self.progress)
        head.addSpacing(16)
        head.addWidget(QLabel(self.tr("Time left:")))
        head.addWidget(self.timer)
        self.map = QuestionMap()
        legend = QLabel(self.tr("Blue: answered · ⚑: flagged for review · thick ring: current"),
                        wordWrap=True, objectName="legend")
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Questions")))
        side.addWidget(self.map)
        side.addWidget(legend)
        side.addStretch(1)
        side_box = QFrame(objectName="mapBox")
        side_box.setLayout(side)
        side_box.setFixedWidth(270)
        self.panel = QuestionPanel()
        self.flag_button = QPushButton(self.tr("Flag for review"), checkable=True)
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.submit_button = QPushButton(self.tr("Submit…"), objectName="primary")
        foot = QHBoxLayout()
        foot.addWidget(self.flag_button)
        foot.addStretch(1)
        foot.addWidget(self.previous_button)
        foot.addWidget(self.next_button)
        foot.addSpacing(24)
        foot.addWidget(self.submit_button)
        main = QVBoxLayout()
        main.addWidget(self.panel, 1)
        main.addLayout(foot)
        body = QHBoxLayout()
        body.addWidget(side_box)
        body.addSpacing(12)
        body.addLayout(main, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(head)
        layout.addLayout(body, 1)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.verdict = QLabel(objectName="verdict")
        self.result_facts = QFormLayout()
        self.result_facts.setHorizontalSpacing(24)
        self.review = QTextBrowser()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addWidget(self.verdict)
        layout.addLayout(self.result_facts)
        layout.addWidget(self.review, 1)
        return page

    def _connect_callbacks(self) -> None:
        self.open_button.clicked.connect(self.open_exam)
        self.candidate.returnPressed.connect(self.open_exam)
        self.start_button.clicked.connect(self.start_exam)
        self.panel.response_did_change.connect(self.on_response_did_change)
        self.map.position_chosen.connect(self.go_to)
        self.previous_button.clicked.connect(lambda: self.go_to(self.position - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.position + 1))
        self.flag_button.toggled.connect(self.on_flag_toggled)
        self.submit_button.clicked.connect(self.submit)
        self.tick.timeout.connect(self.on_tick)

    # Choosing and opening --------------------------------------------------------------------

    def show_exams(self, exams: list[ExamInfo]) -> None:
        chosen = self.exams.currentData()
        self.exams.clear()
        for info in exams:
            label = f"{info.definition.title} ({info.name})" if info.definition.title else info.name
            self.exams.addItem(label, info.id)
        if chosen is not None and (index := self.exams.findData(chosen)) >= 0:
            self.exams.setCurrentIndex(index)
        self.open_button.setEnabled(bool(exams))

    def choose(self, exam_id: int, candidate: str | None = None) -> None:
        if candidate is not None and not self.fixed_candidate:
            self.candidate.setText(candidate)
        self.exams.setCurrentIndex(self.exams.findData(exam_id))

    def open_exam(self) -> None:
        exam_id, candidate = self.exams.currentData(), self.candidate.text().strip()
        if exam_id is None or not candidate:
            self._say(self.tr("Enter the candidate's name and choose an exam."), error=True)
            return
        self._leave_attempt()
        self._exam_id = exam_id
        self._say(self.tr("Opening…"))
        self._runner.run(jobs.look_up, self._service, exam_id, candidate,
                         done=self._on_looked_up, failed=self._on_failed)

    def _on_looked_up(self, found: jobs.Opened | jobs.Finished | jobs.ReadyToStart) -> None:
        if isinstance(found, jobs.Opened):
            self._say(self.tr("Carrying on with the open attempt: saved answers restored."))
            self._show_attempt(found)
        elif isinstance(found, jobs.Finished):
            self._show_result(found)
        else:
            self._say("")
            self._show_start(found)

    def _show_start(self, ready: jobs.ReadyToStart) -> None:
        self.ready = ready
        definition = ready.exam.definition
        self.start_title.setText(definition.title or ready.exam.name)
        count = len(definition.questions) + sum(d.count for d in definition.draws)
        allowed = definition.attempts_allowed
        left = max(0, allowed - ready.used) if allowed else None
        limit = (self.tr("%1 minutes").replace("%1", str(definition.time_limit_minutes))
                 if definition.time_limit_minutes else self.tr("no time limit"))
        while self.start_facts.rowCount():
            self.start_facts.removeRow(0)
        for label, value in (
                (self.tr("Exam"), ready.exam.name),
                (self.tr("Candidate"), self.candidate.text().strip()),
                (self.tr("Questions"), str(count)),
                (self.tr("Time limit"), limit),
                (self.tr("Attempts left"),
                 self.tr("unlimited") if left is None else f"{left} / {allowed}"),
                (self.tr("Pass mark"), f"{definition.pass_percent:g} %")):
            self.start_facts.addRow(label + ":", QLabel(value, objectName="fact"))
        self.start_button.setEnabled(left is None or left > 0)
        self.start_note.setText(
            self.tr("The timer starts when you press Start and keeps running if the program is "
                    "closed. Every answer is saved as you give it.")
            if left != 0 else self.tr("No attempts are left at this exam."))
        self.stack.setCurrentIndex(START)

    def start_exam(self) -> None:
        if self.ready is None:
            return
        self.start_button.setEnabled(False)
        self._runner.run(jobs.begin, self._service, self.ready.exam.id, self.candidate.text(),
                         done=self._show_attempt, failed=self._on_failed)

    # Answering -------------------------------------------------------------------------------

    def _show_attempt(self, opened: jobs.Opened) -> None:
        self.attempt, self.view, self.finished = opened.attempt, opened.view, None
        self._submitting = False
        self.exam_title.setText(self.exams.currentText() or opened.attempt.exam)
        self.map.set_count(len(opened.view.questions))
        for question in opened.view.questions:
            self.map.set_state(question.position, answered=is_answered(question.response),
                               flagged=question.flagged)
        self._sync_time(opened.view.remaining_seconds)
        self.stack.setCurrentIndex(QUESTIONS)
        first_open = next((q.position for q in opened.view.questions
                           if not is_answered(q.response)), 1)
        self.position = 0
        self.go_to(first_open)
        self.tick.start()

    def go_to(self, position: int) -> None:
        if self.view is None or not 1 <= position <= len(self.view.questions):
            return
        self.panel.flush()
        self.position = position
        self.panel.show_question(self.question(position), len(self.view.questions))
        self.map.set_current(position)
        self.flag_button.blockSignals(True)
        self.flag_button.setChecked(self.map.state(position)[1])
        self.flag_button.blockSignals(False)
        self.previous_button.setEnabled(position > 1)
        self.next_button.setEnabled(position < len(self.view.questions))
        self._show_progress()

    def question(self, position: int) -> CandidateQuestion:
        """The question with the answer and flag as last given on this screen."""
        assert self.view is not None
        return self.view.questions[position - 1]

    def on_response_did_change(self, position: int, response: object) -> None:
        if self.attempt is None or self._submitting:
            return
        self._remember(position, response=response)
        self.saved.setText(self.tr("Saving…"))
        self._runner.run(self._service.answer, self.attempt.id, position, response,
                         done=self._on_saved, failed=self._on_save_failed)

    def on_flag_toggled(self, flagged: bool) -> None:
        if self.attempt is None or self._submitting:
            return
        self._remember(self.position, flagged=flagged)
        self._runner.run(self._service.flag, self.attempt.id, self.position, flagged,
                         done=self._on_saved, failed=self._on_save_failed)

    def _remember(self, position: int, **changes: object) -> None:
        assert self.view is not None
        questions = list(self.view.questions)
        questions[position - 1] = replace(questions[position - 1], **changes)
        self.view = replace(self.view, questions=questions)
        question = questions[position - 1]
        self.map.set_state(position, answered=is_answered(question.response), flagged=question.flagged)
        self._show_progress()

    def _on_saved(self, attempt: AttemptView) -> None:
        if self.attempt is None or attempt.id != self.attempt.id:
            return
        self.attempt = attempt
        self._sync_time(attempt.remaining_seconds)
        self.saved.setText(self.tr("Saved ✓"))

    def _on_save_failed(self, message: str, error: BaseException | None) -> None:
        if isinstance(error, AttemptClosedError) and self.attempt is not None:
            self._say(message, error=True)
            self._finish(confirmed=True)
            return
        self.saved.setText(self.tr("Not saved"))
        self._say(message, error=True)

    def _show_progress(self) -> None:
        if self.view is not None:
            done = sum(is_answered(q.response) for q in self.view.questions)
            self.progress.setText(self.tr("Answered %1 of %2").replace("%1", str(done))
                                  .replace("%2", str(len(self.view.questions))))

    # Time ------------------------------------------------------------------------------------

    def _sync_time(self, remaining: float | None) -> None:
        self._remaining = remaining
        self._since.start()
        self._last_sync.start()
        self._paint_timer()

    def remaining_seconds(self) -> float | None:
        """The service's last figure, less the time this screen has counted since."""
        if self._remaining is None:
            return None
        return max(0.0, self._remaining - self._since.elapsed() / 1000)

    def on_tick(self) -> None:
        if self.attempt is None or self._submitting:
            return
        self._paint_timer()
        left = self.remaining_seconds()
        if left is not None and left <= 0:
            self._say(self.tr("Time is up: the exam is being submitted."), error=True)
            self._finish(confirmed=True)
        elif self._last_sync.elapsed() > RESYNC_SECONDS * 1000 and not self._runner.busy:
            self.sync_with_service()

    def sync_with_service(self) -> None:
        """Ask the service for the time left (it submits the attempt if time ran out)."""
        if self.attempt is None:
            return
        self._last_sync.start()
        self._runner.run(jobs.look_up, self._service, self.attempt_exam_id(), self.attempt.candidate,
                         done=self._on_synced, failed=self._on_failed)

    def attempt_exam_id(self) -> int:
        return self._exam_id

    def _on_synced(self, found: jobs.Opened | jobs.Finished | jobs.ReadyToStart) -> None:
        if isinstance(found, jobs.Opened) and self.attempt and found.attempt.id == self.attempt.id:
            self._sync_time(found.view.remaining_seconds)
        elif isinstance(found, jobs.Finished):
            self._show_result(found)

    def _paint_timer(self) -> None:
        left = self.remaining_seconds()
        self.timer.setText(clock_text(left) if left is not None else self.tr("untimed"))
        set_style_state(self.timer, "warning", left is not None and left <= WARN_SECONDS)

    # Submitting ------------------------------------------------------------------------------

    def submit(self) -> None:
        self.panel.flush()
        if self.view is None:
            return
        missing = [q.position for q in self.view.questions if not is_answered(q.response)]
        flagged = [q.position for q in self.view.questions if q.flagged]
        text = self.tr("Submit your answers now? You cannot change them afterwards.")
        if missing:
            text += "\n\n" + self.tr("Not answered: questions %1.").replace(
                "%1", ", ".join(map(str, missing)))
        if flagged:
            text += "\n" + self.tr("Flagged for review: questions %1.").replace(
                "%1", ", ".join(map(str, flagged)))
        if self.confirm(text):
            self._finish(confirmed=True)

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Submit the exam"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _finish(self, *, confirmed: bool) -> None:
        if self.attempt is None or self._submitting or not confirmed:
            return
        self._submitting = True
        self.tick.stop()
        self._runner.run(jobs.finish, self._service, self.attempt.id,
                         done=self._show_result, failed=self._on_failed)

    def _show_result(self, finished: jobs.Finished) -> None:
        self._leave_attempt()
        self._say("")
        self.finished = finished
        result, view = finished.result, finished.view
        if view.score is None:
            self.verdict.setText(self.tr("Submitted. Your marks are shown once the exam's review "
                                         "policy allows it."))
        elif result.pending:
            self.verdict.setText(self.tr("Submitted: %1 short answer(s) wait for a grader.")
                                 .replace("%1", str(result.pending)))
        else:
            self.verdict.setText(self.tr("Passed ✓") if view.passed else self.tr("Not passed ✗"))
        set_style_state(self.verdict, "passed", view.passed if view.score is not None else None)
        while self.result_facts.rowCount():
            self.result_facts.removeRow(0)
        rows = [(self.tr("Exam"), result.exam), (self.tr("Candidate"), result.candidate),
                (self.tr("Attempt"), str(result.number))]
        if view.score is not None:
            rows.append((self.tr("Score"), f"{number(view.score)} / {number(view.max_score)}"
                                           f"  ({number(view.percent)} %)"))
        rows.append((self.tr("Time taken"), clock_text(result.time_taken_seconds)))
        if result.submitted_by == "timeout":
            rows.append((self.tr("Submitted"), self.tr("automatically when the time ran out")))
        if result.message:
            rows.append((self.tr("Note"), result.message))
        for label, value in rows:
            self.result_facts.addRow(label + ":", QLabel(value, objectName="fact"))
        self.review.setHtml(self.review_html(view))
        self.stack.setCurrentIndex(RESULT)
        self.attempt_did_submit.emit(result.attempt_id)

    def review_html(self, view: CandidateView) -> str:
        """Each question with the candidate's answer, plus marks, the key and explanations
        only where the service sent them (the review policy decides)."""
        text = {key: html.escape(value) for key, value in (
            ("Your answers", self.tr("Your answers")), ("Your answer", self.tr("Your answer")),
            ("waiting for a grader", self.tr("waiting for a grader")),
            ("Right answer", self.tr("Right answer")), ("Explanation", self.tr("Explanation")))}
        parts = [f"<h3>{text['Your answers']}</h3>"]
        for question in view.questions:
            parts.append(f"<p><b>{question.position}.</b> {html.escape(question.stem)}<br>")
            parts.append(f"{text['Your answer']}: "
                         f"{html.escape(self.describe(question, question.response))}")
            if question.points is not None:
                parts.append(f" &nbsp; <i>{number(question.points)} / {number(question.max_points)}</i>")
            elif question.pending:
                parts.append(f" &nbsp; <i>{text['waiting for a grader']}</i>")
            if question.right_answer is not None or question.reference_answer:
                right = question.reference_answer or self.describe(question, question.right_answer)
                parts.append(f"<br><span style='color:#1b7f3b'>{text['Right answer']}: "
                             f"{html.escape(right)}</span>")
            if question.explanation:
                parts.append(f"<br><span style='color:#555'>{text['Explanation']}: "
                             f"{html.escape(question.explanation)}</span>")
            parts.append("</p>")
        return "".join(parts)

    def describe(self, question: CandidateQuestion, response: object) -> str:
        if not is_answered(response):
            return self.tr("(not answered)")
        if question.type == TRUE_FALSE:
            return self.tr("对 (true)") if response else self.tr("错 (false)")
        if question.type == SHORT:
            return str(response)
        letters = {key: LETTERS[i] for i, (key, _) in enumerate(question.options)}
        keys = response if question.type == MULTIPLE and isinstance(response, list | tuple) else [response]
        return ", ".join(sorted(letters.get(str(k), str(k)) for k in keys))

    # Helpers ---------------------------------------------------------------------------------

    def _leave_attempt(self) -> None:
        self.tick.stop()
        self.attempt, self.view, self._remaining = None, None, None

    def _on_failed(self, message: str, error: BaseException | None) -> None:
        self._submitting = False
        self.start_button.setEnabled(not isinstance(error, AttemptsUsedUpError))
        if self.attempt is not None and self.attempt.status == OPEN:
            self.tick.start()
        self._say(message, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        set_style_state(self.status, "error", error)
