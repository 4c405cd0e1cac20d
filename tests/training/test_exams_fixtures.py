"""Shared set-up for the exam tests: a small bank, an exam on it and a clock the test turns.
(No tests here; the name keeps it beside the tests that use it.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from qa_desk.db import Database
from qa_desk.services.banks import BankService
from qa_desk.services.exams import ExamInfo, ExamService
from qa_desk.training import Bank, Question
from qa_desk.training.exam import ExamDefinition
from qa_desk.training.model import MULTIPLE, SHORT, SINGLE, TRUE_FALSE

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OPTIONS = {"A": "先挂机", "B": "致谢并道别", "C": "确认问题已解决", "D": "沉默"}

QUESTIONS = [
    Question(TRUE_FALSE, "通话结束前应询问是否还有其他问题。", True, code="tf1", category="closing",
             difficulty=1, explanation="EXPL-TF1"),
    Question(SINGLE, "结束语首先应当？", "B", OPTIONS, code="s1", category="closing", difficulty=2,
             explanation="EXPL-S1"),
    Question(MULTIPLE, "结束通话前应当？", ("B", "C"), OPTIONS, points=2.0, code="m1",
             category="closing", difficulty=2, explanation="EXPL-M1"),
    Question(SHORT, "请写出标准结束语。", None, points=10.0, code="sh1", category="closing",
             reference_answer="感谢您的来电，再见。", key_points=("感谢来电", "道别（“再见”）"),
             explanation="EXPL-SH1"),
    Question(SINGLE, "保持通话前应当？", "A", {"A": "告知客户", "B": "直接保持"}, code="s2",
             category="hold", difficulty=1),
    Question(SINGLE, "保持超过一分钟应当？", "B", {"A": "不理会", "B": "回线致歉"}, code="s3",
             category="hold", difficulty=1),
]


class Clock:
    """The service's clock, set by the test: it may jump forward or back."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def definition(**changes) -> ExamDefinition:
    base = ExamDefinition(name="closing-check", bank="closing", title="结束语考核",
                          questions=("tf1", "s1", "m1", "sh1"), time_limit_minutes=30,
                          attempts_allowed=2, pass_percent=60.0, mc_policy="partial")
    return replace(base, **changes)


def setup_exam(db: Database, clock: Clock | None = None, **changes) -> tuple[ExamService, ExamInfo]:
    outcome = BankService(db).store(Bank("closing", "结束语", list(QUESTIONS)), source="test")
    assert not outcome.failed, outcome.error
    service = ExamService(db, clock=clock or Clock())
    return service, service.create_exam(definition(**changes))
