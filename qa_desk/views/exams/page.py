"""The exams page: take an exam, grade short answers, read results and item analysis.

Every service call runs on the page's SerialRunner (one at a time, in order, off the GUI
thread); the tabs only lay out what comes back."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from qa_desk.db import Database
from qa_desk.services.exams import ExamInfo, ExamService
from qa_desk.views.exams.grading import GradeShortTab
from qa_desk.views.exams.results import ResultsTab
from qa_desk.views.exams.runner import SerialRunner
from qa_desk.views.exams.take import TakeExamTab

STYLE = """
QLabel#pageTitle { font-size: 18pt; font-weight: bold; }
QLabel#timer { font-size: 20pt; font-weight: bold; font-family: monospace; color: #1f2933;
               padding: 2px 10px; border: 1px solid #c5cdd6; border-radius: 6px; }
QLabel#timer[warning="true"] { color: #ffffff; background: #c0392b; }
QLabel#questionHeading { color: #52606d; }
QLabel#questionStem { font-size: 14pt; }
QRadioButton#choice, QCheckBox#choice { font-size: 12pt; padding: 4px; }
QLabel#legend, QLabel#saved { color: #52606d; }
QLabel#status[error="true"] { color: #b42318; }
QLabel#verdict { font-size: 18pt; font-weight: bold; }
QLabel#verdict[passed="true"] { color: #1b7f3b; }
QLabel#verdict[passed="false"] { color: #b42318; }
QLabel#fact { font-weight: bold; }
QLabel#sectionTitle { font-size: 12pt; font-weight: bold; }
QPushButton#primary { font-weight: bold; padding: 6px 16px; }
QFrame#mapBox { background: #f5f7fa; border-radius: 8px; }
"""


class ExamsPage(QWidget):
    """Signals: `attempt_did_submit(attempt_id)` after a candidate's attempt is submitted (by
    hand or by the time limit), `grade_did_save(attempt_id)` after a short answer is graded."""

    attempt_did_submit = Signal(int)
    grade_did_save = Signal(int)

    def __init__(self, database: Database, *, user_name: str, service: ExamService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service or ExamService(database)
        self.runner = SerialRunner(self)
        self.take = TakeExamTab(self.service, self.runner, user_name=user_name)
        self.grading = GradeShortTab(self.service, self.runner, user_name=user_name)
        self.results = ResultsTab(self.service, self.runner)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.take, self.tr("Take an exam"))
        self.tabs.addTab(self.grading, self.tr("Grade short answers"))
        self.tabs.addTab(self.results, self.tr("Results and item analysis"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.setStyleSheet(STYLE)
        self._connect_callbacks()
        self.refresh()

    def _connect_callbacks(self) -> None:
        self.take.attempt_did_submit.connect(self.attempt_did_submit)
        self.take.attempt_did_submit.connect(self._on_changed)
        self.grading.grade_did_save.connect(self.grade_did_save)
        self.grading.grade_did_save.connect(self._on_changed)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    @property
    def busy(self) -> bool:
        """A service call is under way (tests wait for this to clear)."""
        return self.runner.busy

    def refresh(self) -> None:
        """Read the exam list again (call after an exam is created elsewhere)."""
        self.runner.run(self.service.list_exams, done=self._show_exams)

    def _show_exams(self, exams: list[ExamInfo]) -> None:
        self.take.show_exams(exams)
        self.grading.show_exams(exams)
        self.results.show_exams(exams)

    def _on_changed(self, _attempt_id: int) -> None:
        self.grading.refresh()
        self.results.refresh()

    def _on_tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.grading:
            self.grading.refresh()
        elif self.tabs.widget(index) is self.results:
            self.results.refresh()
