"""What the period report of one agent says, read from the store (`ReportService.agent_report`
is the entry point; this module only reads).

Scores are final scores: the reviewed score when a supervisor reviewed the call, else the
automatic one; failed rules and 一票否决 are read from the items after review, as the
per-call form shows them. Exams count when submitted in the period, under the agent id or
under any account whose 工号 is the agent's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from qa_desk.models import Agent, Call, Evaluation, EvaluationItem, Exam, ExamAttempt, User
from qa_desk.models.base import as_utc
from qa_desk.reports.agent_report import (
    WORST_CALLS,
    AgentReport,
    CallScore,
    ExamResult,
    RuleFailure,
    TrendPoint,
    trend_unit,
)
from qa_desk.reports.form import RewardLine
from qa_desk.reports.period import Period
from qa_desk.services.review import ItemView


class UnknownAgent(LookupError):
    pass


@dataclass
class _Rule:
    name: str
    section: str
    fatal: bool = False
    failed: int = 0
    applicable: int = 0


@dataclass
class _Scored:
    call_id: str
    started_at: datetime | None
    score: float
    reviewed: bool
    fatal: bool
    failed: list[str] = field(default_factory=list)


def read_agent_report(session: Session, agent_id: str, period: Period, *,
                      section_names: Mapping[str, str],
                      ledger: tuple[RewardLine, ...] | None) -> AgentReport:
    name = agent_name(session, agent_id)
    start, end = period.bounds()
    evaluations: dict[int, _Scored] = {}
    query = (select(Evaluation.id, Call.call_id, Call.started_at, Evaluation.auto_score,
                    Evaluation.reviewed_score, Evaluation.fatal)
             .select_from(Call).join(Evaluation, Evaluation.id == Call.current_evaluation_id)
             .where(Call.agent_id == agent_id, Call.started_at >= start, Call.started_at < end)
             .order_by(Call.started_at, Call.call_id))
    for evaluation_id, call_id, started, auto, reviewed, fatal in session.execute(query):
        evaluations[evaluation_id] = _Scored(
            call_id, started, reviewed if reviewed is not None else auto, reviewed is not None,
            bool(fatal) if reviewed is None else False)
    rules: dict[str, _Rule] = {}
    items = (select(EvaluationItem.evaluation_id, EvaluationItem.rule_id, EvaluationItem.name,
                    EvaluationItem.section, EvaluationItem.result, EvaluationItem.points,
                    EvaluationItem.max_points, EvaluationItem.fatal, EvaluationItem.bonus,
                    EvaluationItem.review, EvaluationItem.reviewed_points)
             .select_from(Call).join(Evaluation, Evaluation.id == Call.current_evaluation_id)
             .join(EvaluationItem, EvaluationItem.evaluation_id == Evaluation.id)
             .where(Call.agent_id == agent_id, Call.started_at >= start, Call.started_at < end)
             .order_by(EvaluationItem.evaluation_id, EvaluationItem.position))
    for r in session.execute(items):
        scored = evaluations[r[0]]
        item = ItemView(rule=r[1], name=r[2] or r[1], section=r[3] or "", result=r[4],
                        points=r[5], max_points=r[6], evidence=[], detail="", fatal=r[7],
                        review=r[9], reviewed_points=r[10], reason=None, comment=None)
        if r[8]:
            continue  # a bonus not earned is no failure
        rule = rules.get(item.rule)
        if rule is None:
            rule = rules[item.rule] = _Rule(item.name, section_names.get(item.section, item.section))
        rule.fatal = rule.fatal or item.fatal
        result = item.effective_result
        if result == "na":
            continue
        rule.applicable += 1
        if result == "fail":
            rule.failed += 1
            scored.failed.append(item.name)
            if scored.reviewed and item.fatal and item.effective_points == 0:
                scored.fatal = True
    scored_calls = list(evaluations.values())
    unit = trend_unit(period)
    return AgentReport(
        agent_id=agent_id, agent_name=name, period=period, calls=len(scored_calls),
        average=_mean([c.score for c in scored_calls]),
        reviewed=sum(c.reviewed for c in scored_calls),
        fatal=sum(c.fatal for c in scored_calls),
        trend_unit=unit, trend=_trend(scored_calls, period, unit),
        rules=tuple(sorted(
            (RuleFailure(rule_id, r.name, r.section, r.failed, r.applicable, r.fatal)
             for rule_id, r in rules.items() if r.failed),
            key=lambda f: (-f.failed, -f.rate, f.name))),
        worst=tuple(CallScore(c.call_id, c.started_at, c.score, c.fatal, c.reviewed,
                              tuple(c.failed))
                    for c in sorted(scored_calls, key=_worst_first)[:WORST_CALLS]),
        exams=tuple(_exams(session, agent_id, period)),
        ledger=ledger,
    )


def agent_name(session: Session, agent_id: str) -> str | None:
    """The name on the calls, else an agent account's display name; UnknownAgent when the
    id is neither on a call nor on an account."""
    agent = session.get(Agent, agent_id)
    if agent is not None and agent.name:
        return agent.name
    display = session.execute(select(User.display_name).where(User.agent_id == agent_id)
                              .order_by(User.id).limit(1)).first()
    if agent is None and display is None:
        raise UnknownAgent(f"no agent {agent_id!r} in the database (neither on a call nor on an "
                           "account)")
    return display[0] if display else None


def _exams(session: Session, agent_id: str, period: Period) -> list[ExamResult]:
    """Attempts submitted in the period (UTC days, as the ledger counts them) by the agent id
    or by an account whose 工号 is the agent's."""
    start, end = period.moment_bounds()
    usernames = list(session.scalars(select(User.username).where(User.agent_id == agent_id)))
    query = (select(Exam.name, ExamAttempt.number, ExamAttempt.candidate, ExamAttempt.started_at,
                    ExamAttempt.submitted_at, ExamAttempt.score, ExamAttempt.max_score,
                    ExamAttempt.passed)
             .join(Exam, Exam.id == ExamAttempt.exam_id)
             .where(or_(ExamAttempt.candidate == agent_id, ExamAttempt.candidate.in_(usernames)),
                    ExamAttempt.submitted_at.is_not(None),
                    ExamAttempt.submitted_at >= start, ExamAttempt.submitted_at < end)
             .order_by(ExamAttempt.submitted_at, ExamAttempt.id))
    results = []
    for exam, number, candidate, started, submitted, score, max_score, passed in session.execute(query):
        started, submitted = as_utc(started), as_utc(submitted)
        results.append(ExamResult(
            exam=exam, attempt=number, candidate=candidate, started_at=started,
            submitted_at=submitted, score=score, max_score=max_score, passed=passed,
            seconds=max(0.0, (submitted - started).total_seconds())))
    return results


def _trend(calls: list[_Scored], period: Period, unit: str) -> tuple[TrendPoint, ...]:
    groups: dict[date, list[float]] = defaultdict(list)
    for call in calls:
        if call.started_at is None:
            continue
        day = call.started_at.date()
        if unit == "week":
            day = max(day - timedelta(days=day.weekday()), period.first)
        groups[day].append(call.score)
    return tuple(TrendPoint(day, len(scores), round(sum(scores) / len(scores), 1))
                 for day, scores in sorted(groups.items()))


def _worst_first(call: _Scored) -> tuple:
    return (call.score, not call.fatal, call.started_at or datetime.max, call.call_id)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


