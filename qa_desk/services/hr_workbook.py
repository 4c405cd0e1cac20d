"""The HR workbook of a period, gathered from the store: evaluations, exam attempts, item
analysis and the reward/penalty ledger, handed to `qa_desk.reports.write_hr_workbook`.

Exporting needs reports.export; unmasked personal data needs reports.unmask; a caller who may
read only one agent's records gets only that agent's. Every export appends a "report.export"
row to the audit trail (after the file is written: a failed write is not an export)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.db import Database
from qa_desk.models import (
    Agent,
    Call,
    Evaluation,
    EvaluationItem,
    Exam,
    ExamAttempt,
    User,
)
from qa_desk.models.base import as_utc
from qa_desk.models.exams import GRADED
from qa_desk.reports import EvaluationRow, Period
from qa_desk.reports.workbook import WorkbookCounts, write_hr_workbook
from qa_desk.reports.workbook_exams import ExamAnalysis, ExamResultRow
from qa_desk.services import access, audit
from qa_desk.services.access import Actor
from qa_desk.services.review import reviewed_outcomes
from qa_desk.training.item_analysis import TestStats

FETCH = 2000  # evaluation rows read from the database at a time
EXPORT = "report.export"


class HrWorkbookService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def write(self, out: str | Path | BinaryIO, period: Period, *, agent: str | None = None,
              mask: bool = True, actor: Actor = "system") -> WorkbookCounts:
        """Write the workbook of the period (of one agent when `agent` is given)."""
        agent = scope(actor, agent, mask=mask)
        exams = self.exam_results(period, agent=agent)
        analyses = self.item_analyses(sorted({r.exam for r in exams}), actor=actor)
        lines = sorted(self.ledger(period, agent, actor),
                       key=lambda line: (line.on, line.agent_id, line.label))
        counts = write_hr_workbook(self.evaluation_rows(period, agent=agent), out, mask=mask,
                                   exams=exams, analyses=analyses, ledger=lines)
        with self._db.sessions.begin() as session:
            audit.record(session, actor=access.actor_name(actor), action=EXPORT,
                         entity=f"workbook:{period.label}",
                         after={"period": period.label, "agent": agent, "masked": mask,
                                "file": _name(out), "evaluations": counts.evaluations,
                                "exam_attempts": counts.exam_attempts,
                                "ledger_lines": counts.ledger_lines,
                                "ledger_total": str(sum((line.amount for line in lines), 0))})
        return counts

    # -- evaluations ---------------------------------------------------------------------------

    def evaluation_rows(self, period: Period, *, agent: str | None = None
                        ) -> Iterator[EvaluationRow]:
        """The current evaluation of every call started in the period, oldest call first: one
        query, read FETCH rows at a time."""
        query = _period_query(
            select(Call.call_id, Call.agent_id, Agent.name, Call.started_at, Call.channel,
                   Evaluation.id, Evaluation.auto_score, Evaluation.reviewed_score,
                   Evaluation.fatal, Evaluation.failed_rules, Evaluation.status,
                   Evaluation.signed_by, Evaluation.comment)
            .outerjoin(Agent, Agent.id == Call.agent_id),
            period, agent,
        ).order_by(Call.started_at, Call.call_id)
        with self._db.sessions() as session:
            reviewed = _reviewed_outcomes(session, period, agent)
            names = _RuleNames(session)
            failed_names: dict[str, tuple[str, ...]] = {}
            for (call_id, agent_id, agent_name, started, channel, evaluation_id, auto, review,
                 fatal, failed, status, signed_by, comment) in session.execute(
                    query.execution_options(yield_per=FETCH)):
                outcome = reviewed.get(evaluation_id)
                if outcome is None:
                    failed = failed or ""
                    names_of = failed_names.get(failed)
                    if names_of is None:
                        names_of = failed_names[failed] = tuple(
                            names[rule] for rule in failed.split(",") if rule)
                    outcome = bool(fatal), names_of
                yield EvaluationRow(call_id, agent_id, agent_name, started, channel, auto, review,
                                    outcome[0], outcome[1], status, signed_by, comment)

    # -- exams ---------------------------------------------------------------------------------

    def exam_results(self, period: Period, *, agent: str | None = None) -> list[ExamResultRow]:
        """Every attempt started in the period (local days, as the ledger counts them),
        shown in local time; candidates mapped to agents as the ledger maps them."""
        start, end = period.moment_bounds()
        query = (select(ExamAttempt.candidate, ExamAttempt.number, ExamAttempt.started_at,
                        ExamAttempt.submitted_at, ExamAttempt.score, ExamAttempt.max_score,
                        ExamAttempt.passed, ExamAttempt.status, Exam.name, Exam.definition)
                 .join(Exam, Exam.id == ExamAttempt.exam_id)
                 .where(ExamAttempt.started_at >= start, ExamAttempt.started_at < end)
                 .order_by(ExamAttempt.started_at, ExamAttempt.id))
        with self._db.sessions() as session:
            agents, names = _candidates(session)
            rows = []
            for (candidate, number, started, submitted, score, most, passed, status, exam,
                 definition) in session.execute(query):
                agent_id = agents.get(candidate, candidate)
                if agent_id is None or (agent and agent_id != agent):
                    continue
                rows.append(ExamResultRow(
                    candidate=candidate, agent_id=agent_id, agent_name=names.get(agent_id),
                    exam=exam, number=number, started_at=_local(started),
                    submitted_at=_local(submitted) if submitted else None,
                    time_taken=_taken(started, submitted, (definition or {}).get("time_limit_minutes")),
                    score=score if submitted else None, max_score=most,
                    passed=passed if status == GRADED else None))
        return rows

    def item_analyses(self, exams: Sequence[str], *, actor: Actor = "system"
                      ) -> list[ExamAnalysis]:
        """Item statistics of each named exam over its graded attempts."""
        return [ExamAnalysis(name, self.item_analysis(name, actor=actor)) for name in exams]

    def item_analysis(self, exam: str, *, actor: Actor = "system") -> TestStats:
        from qa_desk.services.exams import ExamService

        service = ExamService(self._db)
        return service.item_analysis(service.get_exam(exam).id, actor=actor)

    # -- rewards -------------------------------------------------------------------------------

    def ledger(self, period: Period, agent: str | None, actor: Actor) -> list[Any]:
        from qa_desk.services.rewards import RewardService

        return RewardService(self._db).ledger(period, agent, actor=actor)


def scope(actor: Actor, agent: str | None, *, mask: bool) -> str | None:
    """Check the actor may export (and unmask), and narrow `agent` to what they may read."""
    access.require(actor, "reports.export")
    if not mask:
        access.require(actor, "reports.unmask")
    own = access.own_agent(actor)
    if own is not None:
        access.require_own(actor, agent or own)
        return own
    return agent or None


def _period_query(query, period: Period, agent: str | None):
    start = datetime.combine(period.first, datetime.min.time())
    end = datetime.combine(period.last + timedelta(days=1), datetime.min.time())
    query = (query.select_from(Call)
             .join(Evaluation, Evaluation.id == Call.current_evaluation_id)
             .where(Call.started_at >= start, Call.started_at < end))
    return query.where(Call.agent_id == agent) if agent else query


def _reviewed_outcomes(session: Session, period: Period, agent: str | None
                       ) -> dict[int, tuple[bool, tuple[str, ...]]]:
    """For evaluations a supervisor changed: 一票否决 and failed rules after the review.
    Few evaluations are reviewed, so their items are read here rather than for every row."""
    query = _period_query(
        select(EvaluationItem.evaluation_id, EvaluationItem.rule_id, EvaluationItem.name,
               EvaluationItem.result, EvaluationItem.points, EvaluationItem.max_points,
               EvaluationItem.fatal, EvaluationItem.review, EvaluationItem.reviewed_points),
        period, agent,
    ).join(EvaluationItem, EvaluationItem.evaluation_id == Evaluation.id)
    query = query.where(Evaluation.reviewed_score.is_not(None)).order_by(EvaluationItem.position)
    return {evaluation_id: (outcome.fatal, tuple(item.name for item in outcome.failed))
            for evaluation_id, outcome in reviewed_outcomes(session.execute(query)).items()}


class _RuleNames(dict[str, str]):
    """Rule id → the name stored with its items, looked up once per rule id."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._session = session

    def __missing__(self, rule: str) -> str:
        name = self._session.scalar(
            select(EvaluationItem.name).where(EvaluationItem.rule_id == rule).limit(1))
        self[rule] = name or rule
        return self[rule]


def _candidates(session: Session) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Exam candidate → agent id (None: an account that is not an agent), and agent names."""
    agents: dict[str, str | None] = {}
    names: dict[str, str | None] = {}
    for username, agent_id, display in session.execute(
            select(User.username, User.agent_id, User.display_name)):
        agents[username] = agent_id
        if agent_id:
            names[agent_id] = display
    for agent_id, name in session.execute(select(Agent.id, Agent.name)):
        agents.setdefault(agent_id, agent_id)
        if name:
            names[agent_id] = name
    return agents, names



def _local(moment: datetime) -> datetime:
    """Stored in UTC; the workbook shows the reader's wall-clock time (Excel has no zones)."""
    return as_utc(moment).astimezone().replace(tzinfo=None, microsecond=0)


def _taken(started: datetime, submitted: datetime | None, limit_minutes: float | None
           ) -> timedelta | None:
    if submitted is None:
        return None
    seconds = max(0.0, (as_utc(submitted) - as_utc(started)).total_seconds())
    if limit_minutes is not None:
        seconds = min(seconds, limit_minutes * 60.0)
    return timedelta(seconds=round(seconds))


def _name(out: str | Path | BinaryIO) -> str | None:
    if isinstance(out, str | Path):
        return Path(out).name.removesuffix(".part")
    return getattr(out, "name", None)
