"""The review queue: calls with their current evaluation, filtered, sorted and paged.

Pages are read on demand (the queue may hold 100,000 calls); every filter value is a bound
parameter, never text pasted into SQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Select, exists, func, or_, select

from qa_desk.db import Database
from qa_desk.models import Agent, Call, Dispute, Evaluation, EvaluationItem, Turn
from qa_desk.services import access

SORT_KEYS = ("call_id", "agent", "started_at", "channel", "duration", "score", "fatal", "status")
STATUSES = ("unscored", "auto", "in_review", "signed", "disputed")  # disputed: an open dispute


@dataclass(frozen=True, slots=True)
class QueueFilter:
    agent: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    score_min: float | None = None
    score_max: float | None = None
    failed_rule: str | None = None
    status: str | None = None
    channel: str | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class QueueRow:
    call_id: str
    agent_id: str | None
    agent_name: str | None
    started_at: datetime | None
    channel: str
    duration: float | None
    auto_score: float | None
    reviewed_score: float | None
    fatal: bool
    failed_rules: tuple[str, ...]
    status: str

    @property
    def score(self) -> float | None:
        return self.reviewed_score if self.reviewed_score is not None else self.auto_score


class QueueService:
    """`actor` decides what the queue may show: an agent sees only their own calls."""

    def __init__(self, database: Database, actor: access.Actor = "system") -> None:
        self._db = database
        self._actor = actor

    def scoped(self, queue_filter: QueueFilter) -> QueueFilter:
        """The filter narrowed to what the actor may see; asking for another agent is refused."""
        return scoped_filter(self._actor, queue_filter)

    def count(self, queue_filter: QueueFilter = QueueFilter()) -> int:
        query = _filtered(select(func.count(Call.id)), self.scoped(queue_filter))
        with self._db.sessions() as session:
            return session.scalar(query) or 0

    def page(self, queue_filter: QueueFilter = QueueFilter(), *, sort: str = "started_at",
             descending: bool = False, offset: int = 0, limit: int = 200) -> list[QueueRow]:
        columns = select(
            Call.call_id, Call.agent_id, Agent.name, Call.started_at, Call.channel, Call.duration,
            Evaluation.auto_score, Evaluation.reviewed_score, Evaluation.fatal,
            Evaluation.failed_rules, Evaluation.status,
        )
        query = _filtered(columns, self.scoped(queue_filter))
        order = _sort_column(sort)
        query = query.order_by(order.desc() if descending else order.asc(), Call.id)
        query = query.offset(offset).limit(limit)
        with self._db.sessions() as session:
            return [_row(r) for r in session.execute(query)]

    def open_disputes(self) -> int:
        """Calls waiting for a ruling on a dispute, among those the actor may see."""
        return self.count(QueueFilter(status="disputed"))

    def agents(self) -> list[tuple[str, str | None]]:
        query = select(Agent.id, Agent.name).order_by(Agent.id)
        if (own := access.own_agent(self._actor)) is not None:
            query = query.where(Agent.id == own)
        with self._db.sessions() as session:
            return [tuple(r) for r in session.execute(query)]


def scoped_filter(actor: access.Actor, queue_filter: QueueFilter) -> QueueFilter:
    own = access.own_agent(actor)
    if own is None:
        return queue_filter
    if queue_filter.agent not in (None, "", own):
        access.require_own(actor, queue_filter.agent)
    return replace(queue_filter, agent=own)


def _filtered(query: Select, f: QueueFilter) -> Select:
    query = (query.select_from(Call)
             .outerjoin(Agent, Agent.id == Call.agent_id)
             .outerjoin(Evaluation, Evaluation.id == Call.current_evaluation_id))
    if f.agent:
        query = query.where(Call.agent_id == f.agent)
    if f.date_from:
        query = query.where(Call.started_at >= datetime.combine(f.date_from, datetime.min.time()))
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), datetime.min.time())
        query = query.where(Call.started_at < end)
    score = func.coalesce(Evaluation.reviewed_score, Evaluation.auto_score)
    if f.score_min is not None:
        query = query.where(score >= f.score_min)
    if f.score_max is not None:
        query = query.where(score <= f.score_max)
    if f.channel:
        query = query.where(Call.channel == f.channel)
    if f.status == "unscored":
        query = query.where(Call.current_evaluation_id.is_(None))
    elif f.status == "disputed":
        query = query.where(exists().where(Dispute.evaluation_id == Call.current_evaluation_id,
                                           Dispute.status == "open"))
    elif f.status:
        query = query.where(Evaluation.status == f.status)
    if f.failed_rule:
        query = query.where(exists().where(
            EvaluationItem.evaluation_id == Call.current_evaluation_id,
            EvaluationItem.rule_id == f.failed_rule,
            or_(EvaluationItem.result == "fail", EvaluationItem.review == "reject"),
        ))
    if f.text and f.text.strip():
        pattern = "%" + _escape_like(f.text.strip()) + "%"
        query = query.where(exists().where(Turn.call_pk == Call.id,
                                           Turn.text.like(pattern, escape="\\")))
    return query


def _sort_column(sort: str):
    if sort not in SORT_KEYS:
        raise ValueError(f"cannot sort by {sort!r}; expected one of {', '.join(SORT_KEYS)}")
    return {
        "call_id": Call.call_id, "agent": Call.agent_id, "started_at": Call.started_at,
        "channel": Call.channel, "duration": Call.duration,
        "score": func.coalesce(Evaluation.reviewed_score, Evaluation.auto_score),
        "fatal": Evaluation.fatal, "status": Evaluation.status,
    }[sort]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _row(r) -> QueueRow:
    return QueueRow(
        call_id=r[0], agent_id=r[1], agent_name=r[2], started_at=r[3], channel=r[4],
        duration=r[5], auto_score=r[6], reviewed_score=r[7], fatal=bool(r[8]),
        failed_rules=tuple(x for x in (r[9] or "").split(",") if x),
        status=r[10] or "unscored",
    )
