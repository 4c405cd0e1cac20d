"""Results of one exam and its item analysis (facility, discrimination, efficiency, α, SEM,
the options picked). Those who may not analyse exams see the results only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.services.exams import ExamService
from qa_desk.training.item_analysis import EASY, HARD, NEGATIVE, ItemStats
from qa_desk.training.model import MULTIPLE, SINGLE, TRUE_FALSE
from qa_desk.views.exams import analysis
from qa_desk.views.exams.format import clock_text, fill_exam_combo, number
from qa_desk.views.exams.runner import SerialRunner
from qa_desk.views.tables import read_only_table

GOOD, BAD, WARN = QColor("#d8f3dc"), QColor("#fbd5d5"), QColor("#fff1c2")


class ResultsTab(QWidget):
    def __init__(self, service: ExamService, runner: SerialRunner, *, with_analysis: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.with_analysis = with_analysis
        self.figures: analysis.ExamFigures | None = None
        self.exams = QComboBox(minimumContentsLength=24)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Exam:")))
        bar.addWidget(self.exams)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        self.results = self._table([self.tr("Candidate"), self.tr("Attempt"), self.tr("Score"),
                                    self.tr("Percent"), self.tr("Result"), self.tr("Time taken")])
        self.items = self._table([self.tr("Question"), self.tr("Attempts"), self.tr("Facility"),
                                  self.tr("Discrimination"), self.tr("Efficiency"),
                                  self.tr("Options picked (✓ right)"), self.tr("Flags")])
        self.items.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(wordWrap=True, objectName="summary")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel(self.tr("Item analysis (graded attempts)"), objectName="sectionTitle"))
        lower_layout.addWidget(self.summary)
        lower_layout.addWidget(self.items, 1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(QLabel(self.tr("Results"), objectName="sectionTitle"))
        upper_layout.addWidget(self.results, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        lower.setVisible(with_analysis)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.exams.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = read_only_table(headers, stretch=None)
        table.setWordWrap(True)  # long question stems wrap here
        return table

    def show_exams(self, exams: list) -> None:
        fill_exam_combo(self.exams, exams)
        self.refresh()

    def refresh(self) -> None:
        exam_id = self.exams.currentData()
        if exam_id is not None:
            self._runner.run(analysis.exam_figures, self._service, exam_id, self.with_analysis,
                             done=self._show, failed=lambda message, _: self.summary.setText(message))

    def _show(self, figures: analysis.ExamFigures) -> None:
        self.figures = figures
        self.results.setRowCount(len(figures.results))
        for row, result in enumerate(figures.results):
            verdict = (self.tr("pass") if result.passed else self.tr("fail")) if result.passed is not None \
                else self.tr("open") if result.status == "open" \
                else self.tr("marks not shown yet") if result.marks_hidden \
                else self.tr("%1 to grade").replace("%1", str(result.pending))
            score = f"{number(result.score)} / {number(result.max_score)}"
            cells = [result.candidate, str(result.number), score,
                     "—" if result.percent is None else f"{number(result.percent)} %", verdict,
                     clock_text(result.time_taken_seconds)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and result.passed is not None:
                    item.setBackground(GOOD if result.passed else BAD)
                self.results.setItem(row, column, item)
        self._show_items(figures)

    def _show_items(self, figures: analysis.ExamFigures) -> None:
        stats = figures.stats
        self.items.setRowCount(0 if stats is None else len(stats.items))
        if stats is None:
            self.summary.setText("")
            return
        if figures.note == analysis.NO_GRADED:
            self.summary.setText(self.tr("No graded attempts yet: item analysis needs final results."))
            return
        summary = (self.tr("%1 graded attempts · mean %2 · SD %3 · Cronbach's α %4 · SEM %5")
                   .replace("%1", str(stats.attempts)).replace("%2", number(stats.mean))
                   .replace("%3", number(stats.sd)).replace("%4", number(stats.alpha, 3))
                   .replace("%5", number(stats.sem)))
        if figures.note == analysis.PAPERS_DIFFER:
            summary += "\n" + self.tr("Random draws: each question is measured over the attempts that "
                                      "drew it; α and SEM need one common paper.")
        self.summary.setText(summary)
        names = {EASY: self.tr("too easy"), HARD: self.tr("too hard"),
                 NEGATIVE: self.tr("negative discrimination")}
        for row, item in enumerate(stats.items):
            cells = [f"{row + 1}. {item.stem}", str(item.attempts), number(item.facility),
                     number(item.discrimination), number(item.efficiency), self.picked(item),
                     ", ".join(names.get(f, f) for f in item.flags) or "—"]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 0:
                    cell.setToolTip(item.stem)
                if column == 6 and item.flags:
                    cell.setBackground(BAD if NEGATIVE in item.flags else WARN)
                    cell.setForeground(QColor("#7a1f1f" if NEGATIVE in item.flags else "#6b4e00"))
                self.items.setItem(row, column, cell)
        header = self.items.horizontalHeader()
        for column in range(1, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def picked(self, item: ItemStats) -> str:
        """Distractor counts in the bank's option letters, the right ones marked ✓."""
        if item.type not in (TRUE_FALSE, SINGLE, MULTIPLE):
            return "—"
        if item.type == TRUE_FALSE:
            keys = [("T", self.tr("true"), item.right_answer is True),
                    ("F", self.tr("false"), item.right_answer is False)]
        else:
            right = item.right_answer if isinstance(item.right_answer, tuple) else (item.right_answer,)
            letters = sorted({k for k in item.option_counts if k} | set(right))
            keys = [(k, k, k in right) for k in letters]
        parts = [f"{label}{'✓' if right else ''} {item.option_counts.get(key, 0)}"
                 for key, label, right in keys]
        if item.option_counts.get(""):
            parts.append(self.tr("blank %1").replace("%1", str(item.option_counts[""])))
        return " · ".join(parts)
