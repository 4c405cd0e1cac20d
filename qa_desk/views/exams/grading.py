"""The supervisor's tab: short answers waiting for a grader, one at a time, with the key
words the service found highlighted and its suggested score filled in."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qa_desk.services.exams import AttemptResult, ExamService, PendingShortAnswer
from qa_desk.views.exams.format import fill_exam_combo
from qa_desk.views.exams.runner import SerialRunner

HIGHLIGHT = "background:#fff1a8; color:#8a3b00; font-weight:bold"


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The answer as HTML with each found key word span in bold on a yellow background."""
    parts, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        parts.append(html.escape(text[at:start]))
        parts.append(f"<span style='{HIGHLIGHT}'>{html.escape(text[start:end])}</span>")
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts).replace("\n", "<br>")


class GradeShortTab(QWidget):
    grade_did_save = Signal(int)  # attempt id

    def __init__(self, service: ExamService, runner: SerialRunner, *, user_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner, self._grader = service, runner, user_name
        self.pending: list[PendingShortAnswer] = []
        self.exams = QComboBox(minimumContentsLength=24)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.status = QLabel(objectName="status")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Exam:")))
        bar.addWidget(self.exams)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.status)
        self.list = QListWidget()
        self.stem = QLabel(wordWrap=True, objectName="questionStem")
        self.key_points = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.answer = QTextBrowser()
        self.points = QDoubleSpinBox(decimals=1, singleStep=0.5)
        self.points.setMinimumWidth(100)
        self.max_label = QLabel()
        self.comment = QLineEdit(placeholderText=self.tr("Optional comment for the candidate"))
        self.save_button = QPushButton(self.tr("Accept and save"), objectName="primary")
        self._build(bar)
        self.exams.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.list.currentRowChanged.connect(self.show_answer)
        self.save_button.clicked.connect(self.save)

    def _build(self, bar: QHBoxLayout) -> None:
        detail = QWidget()
        form = QFormLayout(detail)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Question:"), self.stem)
        form.addRow(self.tr("Key points:"), self.key_points)
        form.addRow(self.tr("Answer:"), self.answer)
        score = QHBoxLayout()
        score.addWidget(self.points)
        score.addWidget(self.max_label)
        score.addSpacing(16)
        score.addWidget(self.comment, 1)
        score.addWidget(self.save_button)
        form.addRow(self.tr("Points:"), score)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setSizes([300, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self._enable(False)

    def show_exams(self, exams: list) -> None:
        fill_exam_combo(self.exams, exams)
        self.refresh()

    def refresh(self) -> None:
        exam_id = self.exams.currentData()
        if exam_id is None:
            return
        self._runner.run(self._service.pending_short_answers, exam_id, done=self._show_pending,
                         failed=lambda message, _: self.status.setText(message))

    def _show_pending(self, pending: list[PendingShortAnswer]) -> None:
        self.pending = pending
        self.list.clear()
        for item in pending:
            row = QListWidgetItem(self.tr("%1 · question %2").replace("%1", item.candidate)
                                  .replace("%2", str(item.position)))
            row.setToolTip(item.stem)
            self.list.addItem(row)
        self.status.setText(self.tr("%1 answer(s) to grade").replace("%1", str(len(pending))))
        self._enable(bool(pending))
        if pending:
            self.list.setCurrentRow(0)
        else:
            for label in (self.stem, self.key_points, self.max_label):
                label.clear()
            nothing = html.escape(self.tr("Nothing waits for grading."))
            self.answer.setHtml(f"<p style='color:#666'>{nothing}</p>")

    def show_answer(self, row: int) -> None:
        if not 0 <= row < len(self.pending):
            return
        item = self.pending[row]
        self.stem.setText(item.stem)
        points = [f"<span style='color:#1b7f3b'>✓ {html.escape(p)}</span>" if p in item.found
                  else f"<span style='color:#9b1c1c'>✗ {html.escape(p)}</span>" for p in item.key_points]
        self.key_points.setText("<br>".join(points) or html.escape(item.reference_answer or ""))
        self.answer.setHtml(f"<p style='font-size:12pt'>{highlighted(item.response, item.highlights)}</p>")
        self.points.setMaximum(item.max_points)
        self.points.setValue(item.suggested)
        self.max_label.setText(self.tr("of %1 (suggested %2)").replace("%1", f"{item.max_points:g}")
                               .replace("%2", f"{item.suggested:g}"))
        self.comment.clear()

    def save(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.pending):
            return
        self._enable(False)
        self._runner.run(self._service.grade_short, self.pending[row].answer_id, self.points.value(),
                         self._grader, comment=self.comment.text(), done=self._on_saved,
                         failed=self._on_failed)

    def _on_saved(self, result: AttemptResult) -> None:
        self.status.setText(self.tr("Saved for %1.").replace("%1", result.candidate))
        self.grade_did_save.emit(result.attempt_id)
        self.refresh()

    def _on_failed(self, message: str, _error: BaseException | None) -> None:
        self.status.setText(message)
        self._enable(True)

    def _enable(self, enabled: bool) -> None:
        for widget in (self.points, self.comment, self.save_button):
            widget.setEnabled(enabled)
