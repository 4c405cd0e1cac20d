"""Rewards and penalties (奖惩) for HR: the versioned policy, the entries a supervisor records by
hand, and the ledger of a period that turns evaluations and exam results into amounts.

The policy is versioned: every save is a new version (content, hash, who, when, note) and the
newest is in force; older versions are kept. Manual entries are never deleted: voiding one is an
audited action of its own. Each ledger line names the records it came from."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_desk.db import Database
from qa_desk.models import (
    Agent,
    Call,
    Evaluation,
    EvaluationItem,
    Exam,
    ExamAttempt,
    RewardEntry,
    RewardPolicyVersion,
    User,
)
from qa_desk.models.base import as_utc
from qa_desk.reports import Period
from qa_desk.rewards import (
    DEFAULT_POLICY,
    EvaluationFact,
    ExamFact,
    LedgerLine,
    ManualFact,
    Policy,
    PolicyError,
    compute_ledger,
    parse_amount,
    parse_policy,
    policy_to_yaml,
    total,
)
from qa_desk.services import access, audit
from qa_desk.services.access import Actor
from qa_desk.services.review import reviewed_outcomes

__all__ = ["LedgerLine", "PolicyError", "PolicyVersion", "RewardEntryView", "RewardError",
           "RewardService", "month_of", "total"]

SYSTEM = "system"


class RewardError(ValueError):
    """A reward/penalty action that cannot be taken as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    version: int
    policy: Policy
    content: str
    content_hash: str
    created_by: str
    created_at: datetime
    note: str | None


@dataclass(frozen=True, slots=True)
class RewardEntryView:
    id: int
    agent_id: str
    on: date
    amount: Decimal
    label: str
    category: str | None
    reason: str
    policy_version: int | None
    created_by: str
    created_at: datetime
    voided_by: str | None = None
    voided_at: datetime | None = None
    void_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


class RewardService:
    def __init__(self, database: Database) -> None:
        self._db = database

    # -- the policy ---------------------------------------------------------------------------

    def active_policy(self) -> Policy:
        """The policy in force (the newest version); the default is stored on first use."""
        return self.active_version().policy

    def active_version(self) -> PolicyVersion:
        with self._db.sessions() as session:
            row = _newest(session)
            if row is not None:
                return _version_view(row)
        return self._seed_default()

    def policy_versions(self) -> list[PolicyVersion]:
        """Every saved version, newest first."""
        self.active_version()
        with self._db.sessions() as session:
            rows = session.scalars(select(RewardPolicyVersion)
                                   .order_by(RewardPolicyVersion.version.desc())).all()
            return [_version_view(row) for row in rows]

    def policy_version(self, version: int) -> PolicyVersion:
        with self._db.sessions() as session:
            row = session.scalar(select(RewardPolicyVersion)
                                 .where(RewardPolicyVersion.version == version))
            if row is None:
                raise RewardError(f"no policy version {version}")
            return _version_view(row)

    def save_policy(self, policy_or_yaml_text: Policy | str, *, actor: Actor,
                    note: str | None = None) -> PolicyVersion:
        """Store a new version (validated first; YAML text is kept as written, comments and all)
        and make it the one in force. Refused when nothing changed."""
        access.require(actor, "rewards.policy")
        current = self.active_version()
        if isinstance(policy_or_yaml_text, Policy):  # from the table: keep the seed quotes
            content = policy_to_yaml(policy_or_yaml_text, comments_from=current.content)
        else:
            content = str(policy_or_yaml_text)
        policy = parse_policy(content, source="policy")  # raises PolicyError naming each line
        digest = _hash(content)
        if digest == current.content_hash or _same_rules(policy, current.policy):
            raise RewardError(f"the policy is unchanged (it is version {current.version})")
        who = access.actor_name(actor)
        try:
            with self._db.sessions.begin() as session:
                newest = _newest(session)
                number = (newest.version if newest else 0) + 1
                row = RewardPolicyVersion(version=number, content=content, content_hash=digest,
                                          created_by=who, created_at=datetime.now(UTC),
                                          note=(note or "").strip() or None)
                session.add(row)
                session.flush()
                audit.record(session, actor=who, action="policy.change", entity="reward_policy",
                             before=_policy_audit(newest), after=_policy_audit(row), reason=row.note)
                view = _version_view(row, policy)
        except IntegrityError:
            raise RewardError("someone saved the policy at the same moment; nothing was saved: "
                              "reload it and save again") from None
        return view

    def _seed_default(self) -> PolicyVersion:
        content = DEFAULT_POLICY.read_text(encoding="utf-8")
        policy = parse_policy(content, source=str(DEFAULT_POLICY))
        try:
            with self._db.sessions.begin() as session:
                row = RewardPolicyVersion(version=1, content=content, content_hash=_hash(content),
                                          created_by=SYSTEM, created_at=datetime.now(UTC),
                                          note="default policy (seed 000)")
                session.add(row)
                session.flush()
                audit.record(session, actor=SYSTEM, action="policy.change", entity="reward_policy",
                             before=None, after=_policy_audit(row), reason=row.note)
                return _version_view(row, policy)
        except IntegrityError:  # another window stored it first
            with self._db.sessions() as session:
                return _version_view(_newest(session))

    # -- manual entries -----------------------------------------------------------------------

    def add_entry(self, agent_id: str, on: date, amount: Decimal | int | float | str | None,
                  label: str, reason: str, *, actor: Actor) -> RewardEntryView:
        """Record a reward or penalty by hand. `label` may name a manual category of the policy
        (by label or id); then `amount` may be None to take the category's amount."""
        access.require(actor, "rewards.manual")
        agent_id = (agent_id or "").strip()
        label = (label or "").strip()
        reason = (reason or "").strip()
        if not agent_id:
            raise RewardError("an agent id (工号) is required")
        if not label:
            raise RewardError("a label is required (e.g. 表扬信)")
        if not reason:
            raise RewardError("a reason is required: say what happened")
        if not isinstance(on, date):
            raise RewardError(f"expected a date, got {on!r}")
        version = self.active_version()
        category = version.policy.category(label)
        if amount is None or (isinstance(amount, str) and not amount.strip()):
            if category is None:
                names = ", ".join(c.label for c in version.policy.manual) or "none"
                raise RewardError(f"an amount is required: {label!r} is not a category of the "
                                  f"policy ({names})")
            value = category.amount
        else:
            try:
                value = parse_amount(amount)
            except ValueError as exc:
                raise RewardError(f"amount: {exc}") from None
            if value == 0:
                raise RewardError("amount: an entry of 0 yuan changes nothing")
        who = access.actor_name(actor)
        with self._db.sessions.begin() as session:
            if not _agent_known(session, agent_id):
                raise RewardError(f"no agent {agent_id!r}: not on any call and no account has "
                                  "that agent id")
            row = RewardEntry(agent_id=agent_id, entry_date=on, amount=value,
                              label=category.label if category else label,
                              category=category.id if category else None, reason=reason,
                              policy_version=version.version, created_by=who,
                              created_at=datetime.now(UTC))
            session.add(row)
            session.flush()
            audit.record(session, actor=who, action="reward.add", entity=f"reward_entry:{row.id}",
                         before=None, after=_entry_audit(row), reason=reason)
            return _entry_view(row)

    def void_entry(self, entry_id: int, reason: str, *, actor: Actor) -> None:
        """Take an entry out of the ledger; the row stays, with who voided it, when and why."""
        access.require(actor, "rewards.manual")
        reason = (reason or "").strip()
        if not reason:
            raise RewardError("a reason is required to void an entry")
        who = access.actor_name(actor)
        with self._db.sessions.begin() as session:
            row = session.get(RewardEntry, entry_id, with_for_update=True)
            if row is None:
                raise RewardError(f"no reward/penalty entry {entry_id}")
            if row.voided_at is not None:
                raise RewardError(f"entry {entry_id} was already voided by {row.voided_by} "
                                  f"({row.void_reason})")
            before = _entry_audit(row)
            row.voided_by, row.voided_at, row.void_reason = who, datetime.now(UTC), reason
            session.flush()
            audit.record(session, actor=who, action="reward.void", entity=f"reward_entry:{row.id}",
                         before=before, after=_entry_audit(row), reason=reason)

    def entries(self, period: Period, agent: str | None = None, *, include_voided: bool = True,
                actor: Actor = SYSTEM) -> list[RewardEntryView]:
        agent = _reader_agent(actor, agent)
        with self._db.sessions() as session:
            query = (select(RewardEntry)
                     .where(RewardEntry.entry_date >= period.first,
                            RewardEntry.entry_date <= period.last)
                     .order_by(RewardEntry.entry_date, RewardEntry.id))
            if agent:
                query = query.where(RewardEntry.agent_id == agent)
            if not include_voided:
                query = query.where(RewardEntry.voided_at.is_(None))
            return [_entry_view(row) for row in session.scalars(query)]

    def agents(self, *, actor: Actor = SYSTEM) -> list[tuple[str, str | None]]:
        """Agent ids (工号) and names an entry can be recorded for, or an agent's own id."""
        own = access.own_agent(actor, "rewards.read_all")
        with self._db.sessions() as session:
            names = _agent_names(session)
        if own is not None:
            return [(own, names.get(own))]
        return sorted(names.items())

    def latest_month(self) -> Period | None:
        """The month of the newest call, or None when no call is stored: where a ledger starts."""
        with self._db.sessions() as session:
            newest = session.scalar(select(func.max(Call.started_at)))
        return month_of(newest.date()) if newest else None

    # -- the ledger ---------------------------------------------------------------------------

    def ledger(self, period: Period, agent: str | None = None, *, actor: Actor = SYSTEM,
               version: int | None = None) -> list[LedgerLine]:
        """The lines owed in the period under the policy in force (or `version`): agents see
        only their own."""
        agent = _reader_agent(actor, agent)
        policy = self.policy_version(version) if version else self.active_version()
        with self._db.sessions() as session:
            names = _agent_names(session, agent)
            # Repeated failures count from the first of the month, whatever day the period starts.
            counted = Period(period.first.replace(day=1), period.last)
            evaluations = _evaluation_facts(session, counted, agent, names)
            exams = list(_exam_facts(session, period, agent, names))
            entries = [
                ManualFact(row.id, row.agent_id, row.entry_date, Decimal(row.amount), row.label,
                           row.reason, row.policy_version, names.get(row.agent_id))
                for row in session.scalars(
                    select(RewardEntry)
                    .where(RewardEntry.entry_date >= period.first,
                           RewardEntry.entry_date <= period.last, RewardEntry.voided_at.is_(None))
                    .where(RewardEntry.agent_id == agent if agent else true()))
            ]
        lines = compute_ledger(policy.policy, evaluations=evaluations, exams=exams, entries=entries,
                               version=policy.version)
        return [line for line in lines if period.first <= line.on <= period.last]

    def evaluation_outcomes(self, period: Period, agent: str | None = None, *,
                            actor: Actor = SYSTEM) -> dict[int, list[LedgerLine]]:
        """Evaluation id → the ledger lines citing it, for a batch of per-call forms: one
        reading of the period instead of one per call."""
        outcomes: dict[int, list[LedgerLine]] = {}
        for line in self.ledger(period, agent, actor=actor):
            for source in line.sources:
                if source.startswith("evaluation:"):
                    outcomes.setdefault(int(source.split(":", 1)[1]), []).append(line)
        return outcomes

    def outcome_for_evaluation(self, evaluation_id: int, *, actor: Actor = SYSTEM
                               ) -> list[LedgerLine]:
        """The lines that cite this evaluation, counted over the calendar month of its call
        (the per-call form prints them). Empty when it is not the call's current evaluation."""
        policy = self.active_version()
        with self._db.sessions() as session:
            found = session.execute(
                select(Call.agent_id, Call.started_at, Agent.name)
                .join(Evaluation, Evaluation.call_pk == Call.id)
                .outerjoin(Agent, Agent.id == Call.agent_id)
                .where(Evaluation.id == evaluation_id)).first()
            if found is None:
                raise RewardError(f"no evaluation {evaluation_id}")
            agent_id, started, name = found
            if agent_id is None or started is None:
                return []
            access.require_own(actor, agent_id, "rewards.read_all")
            # Only the agent's evaluations of the month can cite it (exams and entries never do).
            names = {agent_id: name} if name else _agent_names(session, agent_id)
            evaluations = _evaluation_facts(session, month_of(started.date()), agent_id, names)
        source = f"evaluation:{evaluation_id}"
        return [line for line in compute_ledger(policy.policy, evaluations=evaluations,
                                                version=policy.version)
                if source in line.sources]


def month_of(day: date) -> Period:
    return Period(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))


def _reader_agent(actor: Actor, agent: str | None) -> str | None:
    own = access.own_agent(actor, "rewards.read_all")
    if own is not None:
        if agent and agent != own:
            raise access.PermissionDenied(
                f"{access.actor_name(actor)} may only see their own records (agent {own})")
        return own
    return agent or None


def _evaluation_facts(session: Session, period: Period, agent: str | None,
                      names: dict[str, str | None]) -> list[EvaluationFact]:
    start, end = period.bounds()
    base = (select(Call.call_id, Call.agent_id, Call.started_at, Evaluation.id,
                   func.coalesce(Evaluation.reviewed_score, Evaluation.auto_score),
                   Evaluation.fatal, Evaluation.failed_rules, Evaluation.reviewed_score)
            .join(Evaluation, Evaluation.id == Call.current_evaluation_id)
            .where(Call.started_at >= start, Call.started_at < end, Call.agent_id.is_not(None)))
    if agent:
        base = base.where(Call.agent_id == agent)
    rows = session.execute(base).all()
    reviewed = _reviewed_outcomes(session, [r[3] for r in rows if r[7] is not None])
    facts = []
    for call_id, agent_id, started, evaluation_id, score, fatal, failed, reviewed_score in rows:
        if reviewed_score is not None:
            fatal, rules = reviewed.get(evaluation_id, (False, ()))
        else:
            rules = tuple(rule for rule in (failed or "").split(",") if rule)
        facts.append(EvaluationFact(evaluation_id, call_id, agent_id, started.date(), float(score),
                                    bool(fatal), rules, names.get(agent_id), at=started))
    return facts


def _reviewed_outcomes(session: Session, evaluation_ids: list[int]
                       ) -> dict[int, tuple[bool, tuple[str, ...]]]:
    """For evaluations a supervisor changed: 一票否决 and failed rule ids after the review, from
    the items' effective verdicts (as the reports read them)."""
    outcomes: dict[int, tuple[bool, tuple[str, ...]]] = {}
    for chunk in range(0, len(evaluation_ids), 1000):
        query = (select(EvaluationItem.evaluation_id, EvaluationItem.rule_id, EvaluationItem.rule_id,
                        EvaluationItem.result, EvaluationItem.points, EvaluationItem.max_points,
                        EvaluationItem.fatal, EvaluationItem.review, EvaluationItem.reviewed_points)
                 .where(EvaluationItem.evaluation_id.in_(evaluation_ids[chunk:chunk + 1000]))
                 .order_by(EvaluationItem.evaluation_id, EvaluationItem.position))
        for evaluation_id, outcome in reviewed_outcomes(session.execute(query)).items():
            outcomes[evaluation_id] = (outcome.fatal, tuple(item.rule for item in outcome.failed))
    return outcomes


def _exam_facts(session: Session, period: Period, agent: str | None,
                names: dict[str, str | None]):
    start, end = period.moment_bounds()
    users = {username: agent_id for username, agent_id in
             session.execute(select(User.username, User.agent_id))}
    query = (select(ExamAttempt.id, ExamAttempt.candidate, ExamAttempt.submitted_at,
                    ExamAttempt.score, ExamAttempt.max_score, Exam.name)
             .join(Exam, Exam.id == ExamAttempt.exam_id)
             .where(ExamAttempt.passed.is_(False), ExamAttempt.submitted_at.is_not(None),
                    ExamAttempt.submitted_at >= start, ExamAttempt.submitted_at < end)
             .order_by(ExamAttempt.submitted_at, ExamAttempt.id))
    for attempt_id, candidate, submitted, score, max_score, exam in session.execute(query):
        key = candidate if candidate in users else candidate.casefold()
        if key in users:  # a username (stored case-folded): the account's agent id
            agent_id = users[key]
            if not agent_id:
                continue  # an account that is not an agent (supervisor, HR) took the exam
        else:
            agent_id = candidate
        if agent and agent_id != agent:
            continue
        on = as_utc(submitted).astimezone().date()  # the local day, as the period counts
        yield ExamFact(attempt_id, agent_id, on, exam, False, score, max_score, names.get(agent_id))


def _agent_names(session: Session, agent: str | None = None) -> dict[str, str | None]:
    """Agent id → name: the calls' agent name, else the linked account's display name."""
    names: dict[str, str | None] = {}
    users = select(User.agent_id, User.display_name).where(User.agent_id.is_not(None))
    agents = select(Agent.id, Agent.name)
    if agent:
        users, agents = users.where(User.agent_id == agent), agents.where(Agent.id == agent)
    for agent_id, display in session.execute(users):
        names[agent_id] = display
    for agent_id, name in session.execute(agents):
        if name or agent_id not in names:
            names[agent_id] = name
    return names


def _agent_known(session: Session, agent_id: str) -> bool:
    return (session.get(Agent, agent_id) is not None
            or session.scalar(select(User.id).where(User.agent_id == agent_id).limit(1)) is not None)



def _same_rules(one: Policy, other: Policy) -> bool:
    return (one.id, one.name, one.rules, one.manual) == (other.id, other.name, other.rules, other.manual)


def _hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _newest(session: Session) -> RewardPolicyVersion | None:
    return session.scalar(select(RewardPolicyVersion)
                          .order_by(RewardPolicyVersion.version.desc()).limit(1))


# content hash → the policy it parses to: each stored version is parsed once per process.
_PARSED: dict[str, Policy] = {}


def _version_view(row: RewardPolicyVersion, policy: Policy | None = None) -> PolicyVersion:
    if policy is None:
        policy = _PARSED.get(row.content_hash)
    if policy is None:
        policy = parse_policy(row.content, source=f"policy version {row.version}")
    if len(_PARSED) > 256:
        _PARSED.clear()
    _PARSED[row.content_hash] = policy
    return PolicyVersion(version=row.version, policy=policy, content=row.content,
                         content_hash=row.content_hash, created_by=row.created_by,
                         created_at=as_utc(row.created_at), note=row.note)


def _policy_audit(row: RewardPolicyVersion | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"version": row.version, "content_hash": row.content_hash, "content": row.content,
            "note": row.note}


def _entry_view(row: RewardEntry) -> RewardEntryView:
    return RewardEntryView(
        id=row.id, agent_id=row.agent_id, on=row.entry_date, amount=Decimal(row.amount),
        label=row.label, category=row.category, reason=row.reason,
        policy_version=row.policy_version, created_by=row.created_by,
        created_at=as_utc(row.created_at), voided_by=row.voided_by,
        voided_at=as_utc(row.voided_at) if row.voided_at else None, void_reason=row.void_reason)


def _entry_audit(row: RewardEntry) -> dict[str, Any]:
    return {"agent_id": row.agent_id, "date": row.entry_date.isoformat(),
            "amount": str(Decimal(row.amount).quantize(Decimal("0.01"))), "label": row.label,
            "category": row.category, "reason": row.reason, "policy_version": row.policy_version,
            "voided_by": row.voided_by, "void_reason": row.void_reason}
