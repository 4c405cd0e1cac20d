"""Figures a supervisor reads at a glance: score trend, failure rate per rule, agent ranking.

Computed in the database over the current evaluations, with the queue's filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import String, case, cast, func, select

from qa_desk.db import Database
from qa_desk.models import Agent, Call, Evaluation, EvaluationItem, Exam, ExamAttempt, User
from qa_desk.reports.period import local_midnight
from qa_desk.services import access
from qa_desk.services.queue import QueueFilter, _filtered, scoped_filter

EVERYTHING = QueueFilter()
FINAL_SCORE = func.coalesce(Evaluation.reviewed_score, Evaluation.auto_score)


@dataclass(frozen=True, slots=True)
class DayPoint:
    day: date
    calls: int
    average: float


@dataclass(frozen=True, slots=True)
class RuleRate:
    rule: str
    name: str
    judged: int
    failed: int

    @property
    def rate(self) -> float:
        return self.failed / self.judged if self.judged else 0.0


@dataclass(frozen=True, slots=True)
class AgentRank:
    agent_id: str
    name: str | None
    calls: int
    average: float
    fatal: int


@dataclass(frozen=True, slots=True)
class ExamRate:
    exam: str
    attempts: int
    passed: int

    @property
    def rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


class DashboardService:
    """`actor` decides what the figures cover: an agent's dashboard is their own calls only."""

    def __init__(self, database: Database, actor: access.Actor = "system") -> None:
        self._db = database
        self._actor = actor

    def score_trend(self, queue_filter: QueueFilter = EVERYTHING) -> list[DayPoint]:
        # The calendar day as text works alike on SQLite (which has no date type) and PostgreSQL.
        day = func.substr(cast(Call.started_at, String), 1, 10)
        queue_filter = scoped_filter(self._actor, queue_filter)
        query = _filtered(select(day, func.count(Call.id), func.avg(FINAL_SCORE)), queue_filter)
        query = query.where(Call.current_evaluation_id.is_not(None), Call.started_at.is_not(None))
        query = query.group_by(day).order_by(day)
        with self._db.sessions() as session:
            return [DayPoint(_as_date(d), n, round(float(a), 1)) for d, n, a in session.execute(query)]

    def rule_failure_rates(self, queue_filter: QueueFilter = EVERYTHING) -> list[RuleRate]:
        queue_filter = scoped_filter(self._actor, queue_filter)
        calls = _filtered(select(Call.current_evaluation_id), queue_filter).where(
            Call.current_evaluation_id.is_not(None))
        failed = func.sum(case((EvaluationItem.result == "fail", 1), else_=0))
        query = (
            select(EvaluationItem.rule_id, func.max(EvaluationItem.name),
                   func.count(EvaluationItem.id), failed)
            .where(EvaluationItem.evaluation_id.in_(calls), EvaluationItem.result != "na")
            .group_by(EvaluationItem.rule_id)
        )
        with self._db.sessions() as session:
            rates = [RuleRate(r, n or r, j, int(f or 0)) for r, n, j, f in session.execute(query)]
        return sorted(rates, key=lambda r: -r.rate)

    def agent_ranking(self, queue_filter: QueueFilter = EVERYTHING) -> list[AgentRank]:
        queue_filter = scoped_filter(self._actor, queue_filter)
        query = _filtered(
            select(Call.agent_id, Agent.name, func.count(Call.id), func.avg(FINAL_SCORE),
                   func.sum(case((Evaluation.fatal.is_(True), 1), else_=0))),
            queue_filter,
        ).where(Call.current_evaluation_id.is_not(None), Call.agent_id.is_not(None))
        query = query.group_by(Call.agent_id, Agent.name).order_by(func.avg(FINAL_SCORE).desc())
        with self._db.sessions() as session:
            return [AgentRank(a, n, c, round(float(avg), 1), int(f or 0))
                    for a, n, c, avg, f in session.execute(query)]

    def exam_pass_rates(self, queue_filter: QueueFilter = EVERYTHING) -> list[ExamRate]:
        """Submitted attempts per exam and how many passed, in the filter's dates and for its
        agent (a candidate is an agent id, or the user name of an account linked to it)."""
        queue_filter = scoped_filter(self._actor, queue_filter)
        passed = func.sum(case((ExamAttempt.passed.is_(True), 1), else_=0))
        query = (select(Exam.name, func.count(ExamAttempt.id), passed)
                 .join(Exam, Exam.id == ExamAttempt.exam_id)
                 .where(ExamAttempt.submitted_at.is_not(None), ExamAttempt.passed.is_not(None))
                 .group_by(Exam.name).order_by(Exam.name))
        if queue_filter.date_from:
            query = query.where(ExamAttempt.submitted_at >= local_midnight(queue_filter.date_from))
        if queue_filter.date_to:
            query = query.where(ExamAttempt.submitted_at
                                < local_midnight(queue_filter.date_to + timedelta(days=1)))
        if queue_filter.agent:
            usernames = select(User.username).where(User.agent_id == queue_filter.agent)
            query = query.where((ExamAttempt.candidate == queue_filter.agent)
                                | ExamAttempt.candidate.in_(usernames))
        with self._db.sessions() as session:
            return [ExamRate(name, n, int(p or 0)) for name, n, p in session.execute(query)]



def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
