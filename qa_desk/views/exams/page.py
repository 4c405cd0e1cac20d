"""The exams page: take an exam, practise, grade short answers, read results and item analysis.

Every service call runs on the page's SerialRunner (one at a time, in order, off the GUI
thread); the tabs only lay out what comes back.

Signed in (`identity`), every call is made as that user and the tabs follow the role: an
agent takes exams and practises as themself and sees only their own results; supervisors
and admins also grade and read the item analysis; HR reads everyone's results. The services
check the same rules again. Without an identity (`user_name`, before accounts) every tab is
shown and the candidate is typed in."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from qa_desk.db import Database
from qa_desk.services import access
from qa_desk.services.access import HR, Identity
from qa_desk.services.banks import BankService
from qa_desk.services.exams import ExamInfo, ExamService, candidate_for
from qa_desk.services.practice import PracticeService
from qa_desk.views.exams.acting import Acting
from qa_desk.views.exams.grading import GradeShortTab
from qa_desk.views.exams.manage import ManageTab
from qa_desk.views.exams.practice import PracticeTab
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

    def __init__(self, database: Database, *, user_name: str | None = None,
                 identity: Identity | None = None, service: ExamService | None = None,
                 practice: PracticeService | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if identity is None and not (user_name or "").strip():
            raise ValueError("the exams page needs the signed-in identity or a user name")
        self.identity = identity
        self.service = service or ExamService(database)
        self.practice_service = practice or PracticeService(database, clock=self.service.clock)
        self.runner = SerialRunner(self)
        exams = self.service if identity is None else Acting(self.service, identity)
        drills = self.practice_service if identity is None else Acting(self.practice_service, identity)
        name = candidate_for(identity) if identity else str(user_name)
        self.take: TakeExamTab | None = None
        self.practice: PracticeTab | None = None
        self.grading: GradeShortTab | None = None
        self.tabs = QTabWidget()
        if self._may("exams.take") and (identity is None or identity.role != HR):
            self.take = TakeExamTab(exams, self.runner, user_name=name, fixed_candidate=identity is not None)
            self.practice = PracticeTab(drills, self.runner, candidate=self.take.candidate.text,
                                        agent_id=_agent_id(identity, self.take))
            self.tabs.addTab(self.take, self.tr("Take an exam"))
        if self._may("exams.grade"):
            self.grading = GradeShortTab(exams, self.runner, user_name=access.actor_name(identity or name))
            self.tabs.addTab(self.grading, self.tr("Grade short answers"))
        analyses = self._may("exams.manage")  # supervisors and admins
        self.results = ResultsTab(exams, self.runner, with_analysis=analyses)
        self.tabs.addTab(self.results, self.tr("Results and item analysis") if analyses
                         else self.tr("Results"))
        if self.practice is not None:
            self.tabs.addTab(self.practice, self.tr("Practice"))
        self.manage: ManageTab | None = None
        if self._may("banks.manage") or self._may("exams.manage"):
            self.manage = ManageTab(BankService(database), self.service, self.runner,
                                    actor=identity or "system")
            self.manage.exams_did_change.connect(self.refresh)
            self.tabs.addTab(self.manage, self.tr("Banks and exams"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.setStyleSheet(STYLE)
        self._connect_callbacks()
        self.refresh()

    def _may(self, permission: str) -> bool:
        return self.identity is None or access.allowed(self.identity, permission)

    def _connect_callbacks(self) -> None:
        if self.take is not None:
            self.take.attempt_did_submit.connect(self.attempt_did_submit)
            self.take.attempt_did_submit.connect(self._on_changed)
        if self.grading is not None:
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
        for tab in (self.take, self.grading, self.results):
            if tab is not None:
                tab.show_exams(exams)

    def _on_changed(self, _attempt_id: int) -> None:
        if self.grading is not None:
            self.grading.refresh()
        self.results.refresh()

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is not None and widget in (self.grading, self.results, self.practice,
                                             self.manage):
            widget.refresh()


def _agent_id(identity: Identity | None, take: TakeExamTab) -> Callable[[], str | None]:
    """Whose calls suggest practice topics: the agent's 工号; before accounts, the id typed as
    the candidate. (Holds no reference to the page, so the page can be collected.)"""
    if identity is not None:
        return lambda: identity.agent_id
    return lambda: take.candidate.text().strip() or None
