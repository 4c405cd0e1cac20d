"""Results of one exam and its item analysis (facility, discrimination, efficiency, α, SEM)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from qa_desk.training.item_analysis import EASY, HARD, NEGATIVE
from qa_desk.views.exams import analysis
from qa_desk.views.exams.format import clock_text, fill_exam_combo, number
from qa_desk.views.exams.runner import SerialRunner

GOOD, BAD, WARN = QColor("#d8f3dc"), QColor("#fbd5d5"), QColor("#fff1c2")


class ResultsTab(QWidget):
    def __init__(self, service: ExamService, runner: SerialRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
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
        self.items = self._table([self.tr("Question"), self.tr("Facility"), self.tr("Discrimination"),
                                  self.tr("Efficiency"), self.tr("Flags")])
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
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.exams.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return table

    def show_exams(self, exams: list) -> None:
        fill_exam_combo(self.exams, exams)
        self.refresh()

    def refresh(self) -> None:
        exam_id = self.exams.currentData()
        if exam_id is not None:
            self._runner.run(analysis.exam_figures, self._service, exam_id, done=self._show,
                             failed=lambda message, _: self.summary.setText(message))

    def _show(self, figures: analysis.ExamFigures) -> None:
        self.figures = figures
        self.results.setRowCount(len(figures.results))
        for row, result in enumerate(figures.results):
            verdict = (self.tr("pass") if result.passed else self.tr("fail")) if result.passed is not None \
                else self.tr("open") if result.status == "open" \
                else self.tr("%1 to grade").replace("%1", str(result.pending))
            score = f"{number(result.score)} / {number(result.max_score)}"
            cells = [result.candidate, str(result.number), score,
                     f"{number(result.percent)} %", verdict, clock_text(result.time_taken_seconds)]
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
            self.summary.setText({
                analysis.NO_GRADED: self.tr("No graded attempts yet: item analysis needs final results."),
                analysis.NO_MARKS: self.tr("This exam's review policy hides marks after submission, "
                                           "so per-question points are not available for analysis."),
                analysis.PAPERS_DIFFER: self.tr("The graded attempts sat different questions (random "
                                                "draws): item analysis needs the same paper."),
            }.get(figures.note, figures.note))
            return
        self.summary.setText(
            self.tr("%1 graded attempts · mean %2 · SD %3 · Cronbach's α %4 · SEM %5")
            .replace("%1", str(stats.attempts)).replace("%2", number(stats.mean))
            .replace("%3", number(stats.sd)).replace("%4", number(stats.alpha, 3))
            .replace("%5", number(stats.sem)))
        names = {EASY: self.tr("too easy"), HARD: self.tr("too hard"),
                 NEGATIVE: self.tr("negative discrimination")}
        for row, (stem, item) in enumerate(zip(figures.questions, stats.items, strict=True)):
            cells = [f"{row + 1}. {stem}", number(item.facility), number(item.discrimination),
                     number(item.efficiency), ", ".join(names.get(f, f) for f in item.flags) or "—"]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 0:
                    cell.setToolTip(stem)
                if column == 4 and item.flags:
                    cell.setBackground(BAD if NEGATIVE in item.flags else WARN)
                    cell.setForeground(QColor("#7a1f1f" if NEGATIVE in item.flags else "#6b4e00"))
                self.items.setItem(row, column, cell)
        header = self.items.horizontalHeader()
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
