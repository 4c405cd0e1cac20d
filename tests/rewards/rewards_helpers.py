"""Calls, evaluations, accounts and exam attempts written straight into the store, so each
reward/penalty test controls its scores exactly."""

from __future__ import annotations

from datetime import UTC, datetime

from qa_desk.db import Database
from qa_desk.models import (
    Agent,
    Call,
    Evaluation,
    EvaluationItem,
    User,
)
from qa_desk.services.access import Identity
from tests.helpers import add_exam_attempt

HR = Identity("hr1", "hr", display_name="人事小张")
SUPERVISOR = Identity("wang", "supervisor", display_name="王主管")
AGENT = Identity("li", "agent", agent_id="1024", display_name="李明")
OTHER_AGENT = Identity("chen", "agent", agent_id="2031")
RULES = ("opening.greeting", "language.forbidden", "closing.farewell")


def add_agent(db: Database, agent_id: str, name: str | None) -> None:
    with db.sessions.begin() as session:
        if session.get(Agent, agent_id) is None:
            session.add(Agent(id=agent_id, name=name))


def add_evaluation(db: Database, call_id: str, agent_id: str, started: datetime, score: float, *,
                   failed: tuple[str, ...] = (), name: str | None = None) -> int:
    """A call with its current evaluation: `failed` rule ids fail, the others pass; a failed
    language.forbidden is the fatal item."""
    add_agent(db, agent_id, name)
    with db.sessions.begin() as session:
        call = Call(call_id=call_id, agent_id=agent_id, started_at=started, content_hash=call_id)
        session.add(call)
        session.flush()
        fatal = "language.forbidden" in failed
        evaluation = Evaluation(call_pk=call.id, pack_id="default", pack_version="1", auto_score=score,
                                fatal=fatal, failed_rules=",".join(failed))
        for position, rule in enumerate(RULES):
            fail = rule in failed
            evaluation.items.append(EvaluationItem(
                position=position, rule_id=rule, name=rule, section="s", result="fail" if fail else "pass",
                points=0 if fail else 10, max_points=10, fatal=rule == "language.forbidden"))
        session.add(evaluation)
        session.flush()
        call.current_evaluation_id = evaluation.id
        return evaluation.id


def add_user(db: Database, username: str, role: str, agent_id: str | None = None,
             display_name: str | None = None) -> None:
    with db.sessions.begin() as session:
        session.add(User(username=username, role=role, agent_id=agent_id, display_name=display_name,
                         password_hash="x"))


def add_attempt(db: Database, candidate: str, submitted: datetime, passed: bool | None,
                score: float = 40, exam: str = "基础考试") -> int:
    return add_exam_attempt(db, candidate, submitted=submitted, passed=passed, score=score,
                            exam=exam)


def nov(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0)


def nov_utc(day: int) -> datetime:
    return datetime(2026, 11, day, 3, 0, tzinfo=UTC)
