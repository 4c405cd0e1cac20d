"""Disputes: an agent contests one item of their own signed evaluation, with a reason, within a
window counted from the sign-off; a supervisor other than the one who reviewed and signed it
rules. Accepted, the item's verdict or points change, the score is recomputed and the ruling
supervisor signs the evaluation again as a new version; rejected, the ruling is final.

Every step is one transaction that also appends to the evaluation's history and to the audit
trail. Two supervisors ruling on the same dispute at once: one wins, the other is told who
ruled and when (optimistic locking on the dispute's and the evaluation's version columns).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from qa_desk.db import Database
from qa_desk.models import Call, Dispute, Evaluation, EvaluationItem
from qa_desk.models.base import as_utc
from qa_desk.services import access, audit
from qa_desk.services.access import AGENT, Actor, Identity, PermissionDenied
from qa_desk.services.review import (
    CONFIRM,
    OVERRIDE,
    REJECT,
    ConflictError,
    ReviewError,
    _apply_decision,
    _item_view,
    _load,
    _log,
    _reviewed_score,
    _snapshot,
)

OPEN, ACCEPTED, REJECTED = "open", "accepted", "rejected"
DEFAULT_WINDOW_DAYS = 7


class DisputeError(ReviewError):
    """A dispute that cannot be opened or ruled as asked; the message says why."""


class DisputeConflict(DisputeError, ConflictError):
    """Someone else ruled (or changed the evaluation) since this was read: reload."""


@dataclass(frozen=True, slots=True)
class DisputeView:
    id: int
    evaluation_id: int
    call_id: str
    rule: str
    rule_name: str
    agent_id: str
    reason: str
    opened_by: str
    opened_at: datetime
    status: str
    ruled_by: str | None
    ruled_at: datetime | None
    ruling: str | None
    ruled_points: float | None
    evaluation_version: int | None
    version: int

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


class DisputeService:
    def __init__(self, database: Database, *, window_days: int = DEFAULT_WINDOW_DAYS,
                 clock: Callable[[], datetime] | None = None) -> None:
        if window_days < 1:
            raise ValueError(f"the dispute window must be at least 1 day, not {window_days}")
        self._db = database
        self.window = timedelta(days=window_days)
        self._clock = clock or (lambda: datetime.now(UTC))

    # ------------------------------------------------------------------ reading

    def now(self) -> datetime:
        """The service's clock (injected in tests), for anything that shows the window."""
        return self._clock()

    def deadline(self, signed_at: datetime | None) -> datetime | None:
        """When the window to dispute an evaluation signed at `signed_at` closes."""
        return as_utc(signed_at) + self.window if signed_at else None

    def for_evaluation(self, evaluation_id: int, *, actor: Actor) -> list[DisputeView]:
        """Every dispute on one evaluation, oldest first; an agent only on their own call."""
        with self._db.sessions() as session:
            evaluation, call = _evaluation_and_call(session, evaluation_id)
            access.require_own(actor, call.agent_id)
            disputes = session.scalars(select(Dispute).where(Dispute.evaluation_id == evaluation.id)
                                       .order_by(Dispute.id))
            return [_view(d, evaluation, call.call_id) for d in disputes]

    def open_disputes(self, *, actor: Actor) -> list[DisputeView]:
        """Disputes waiting for a ruling, oldest first: all of them for supervisors and HR,
        an agent's own for an agent."""
        own = access.own_agent(actor)
        with self._db.sessions() as session:
            query = select(Dispute).where(Dispute.status == OPEN).order_by(Dispute.opened_at,
                                                                             Dispute.id)
            if own is not None:
                query = query.where(Dispute.agent_id == own)
            return [self._view_of(session, d) for d in session.scalars(query).all()]

    def get(self, dispute_id: int, *, actor: Actor) -> DisputeView:
        with self._db.sessions() as session:
            dispute = _dispute(session, dispute_id)
            access.require_own(actor, dispute.agent_id)
            return self._view_of(session, dispute)

    # ------------------------------------------------------------------ opening

    def open(self, evaluation_id: int, rule: str, reason: str, *, actor: Actor) -> DisputeView:
        """The signed-in agent disputes one item of their own signed evaluation."""
        access.require(actor, "disputes.open")
        agent = _agent_of(actor)
        reason = (reason or "").strip()
        if not reason:
            raise DisputeError("a dispute needs a reason: say why the item is wrong")
        now = self._clock()
        try:
            with self._db.sessions.begin() as session:
                evaluation, call = _evaluation_and_call(session, evaluation_id)
                if call.agent_id != agent:
                    raise PermissionDenied(
                        f"{access.actor_name(actor)} may only dispute their own calls (agent {agent});"
                        f" call {call.call_id} is agent {call.agent_id or 'unknown'}'s")
                item = self._disputable_item(session, evaluation, rule, now)
                dispute = Dispute(evaluation_id=evaluation.id, rule_id=item.rule_id, agent_id=agent,
                                  reason=reason, opened_by=access.actor_name(actor), opened_at=now,
                                  status=OPEN)
                session.add(dispute)
                before = _snapshot(evaluation)
                _log_dispute(evaluation, dispute.opened_by, "dispute", item, reason, now)
                session.flush()  # row locks first, then the audit chain's lock
                audit.record(session, actor=dispute.opened_by, action="dispute.open",
                             entity=f"evaluation:{evaluation.id}", before=before,
                             after={**_snapshot(evaluation), "dispute": _facts(dispute)},
                             reason=reason)
                view = _view(dispute, evaluation, call.call_id)
        except StaleDataError:
            raise DisputeConflict("the evaluation changed while the dispute was being saved: "
                                  "reload and try again") from None
        return view

    def _disputable_item(self, session: Session, evaluation: Evaluation, rule: str,
                         now: datetime) -> EvaluationItem:
        if evaluation.status != "signed" or evaluation.signed_at is None:
            raise DisputeError("only a signed evaluation can be disputed; this one is "
                               f"{_STATUS_WORDS.get(evaluation.status, evaluation.status)}")
        closes = self.deadline(evaluation.signed_at)
        if now >= closes:
            raise DisputeError(
                f"the dispute window closed on {_day(closes)} ({self.window.days} days after the "
                f"sign-off on {_day(evaluation.signed_at)})")
        item = next((i for i in evaluation.items if i.rule_id == rule), None)
        if item is None:
            raise DisputeError(f"this evaluation has no item {rule}")
        shown = _item_view(item)
        if shown.effective_result == "na" and shown.review != OVERRIDE:
            raise DisputeError(f"{shown.name} does not apply to this call: there is nothing to dispute")
        if shown.effective_result == "pass" and shown.effective_points >= item.max_points:
            raise DisputeError(f"{shown.name} passed with full points: there is nothing to dispute")
        earlier = session.scalar(select(Dispute).where(Dispute.evaluation_id == evaluation.id,
                                                       Dispute.rule_id == item.rule_id)
                                 .order_by(Dispute.id.desc()).limit(1))
        if earlier is not None and earlier.status == OPEN:
            raise DisputeError(f"{shown.name} is already disputed (since {_when(earlier.opened_at)}),"
                               " waiting for a ruling")
        if earlier is not None:
            raise DisputeError(
                f"a dispute of {shown.name} was already {earlier.status} by {earlier.ruled_by} at "
                f"{_when(earlier.ruled_at)}; that ruling is final")
        return item

    # ------------------------------------------------------------------ ruling

    def rule(self, dispute_id: int, accept: bool, ruling: str, *, actor: Actor,
             points: float | None = None, expected_version: int) -> DisputeView:
        """Accept (the item's verdict is reversed, or its points set to `points`; the score is
        recomputed and the evaluation signed again by the ruling supervisor) or reject (final).
        `expected_version` is the dispute's version as the supervisor saw it."""
        access.require(actor, "disputes.rule")
        ruling = (ruling or "").strip()
        if not ruling:
            raise DisputeError("a ruling needs its reasons, written for the agent")
        who = access.actor_name(actor)
        now = self._clock()
        try:
            with self._db.sessions.begin() as session:
                dispute = _dispute(session, dispute_id)
                if dispute.status != OPEN:
                    raise DisputeConflict(_already_ruled(dispute))
                if dispute.version != expected_version:
                    raise DisputeConflict("this dispute changed since you opened it: reload to see it")
                evaluation, call = _evaluation_and_call(session, dispute.evaluation_id)
                _check_independent(evaluation, who)
                if evaluation.status != "signed":
                    raise DisputeError(
                        "the evaluation was reopened and is being reviewed again: sign it before "
                        "ruling on its disputes")
                item = next(i for i in evaluation.items if i.rule_id == dispute.rule_id)
                before = _snapshot(evaluation)
                if accept:
                    self._accept(evaluation, item, dispute, ruling, points, who, now)
                else:
                    dispute.status = REJECTED
                    _log_dispute(evaluation, who, "dispute.reject", item, ruling, now)
                dispute.ruled_by, dispute.ruled_at, dispute.ruling = who, now, ruling
                # The version the ruling produces: the version counter adds one on this flush.
                dispute.evaluation_version = evaluation.version + 1
                session.flush()  # row locks (and the version checks) before the audit lock
                audit.record(session, actor=who, action=f"dispute.{'accept' if accept else 'reject'}",
                             entity=f"evaluation:{evaluation.id}", before=before,
                             after={**_snapshot(evaluation), "dispute": _facts(dispute)},
                             reason=ruling)
                view = _view(dispute, evaluation, call.call_id)
        except StaleDataError:
            with self._db.sessions() as session:
                dispute = _dispute(session, dispute_id)
                message = (_already_ruled(dispute) if dispute.status != OPEN else
                           "the evaluation changed while the ruling was being saved: reload")
            raise DisputeConflict(message) from None
        return view

    def _accept(self, evaluation: Evaluation, item: EvaluationItem, dispute: Dispute,
                ruling: str, points: float | None, who: str, now: datetime) -> None:
        shown = _item_view(item)
        if points is not None and not shown.effective_points < points <= item.max_points:
            raise DisputeError(
                f"accepting the dispute must give {shown.name} more than its {shown.effective_points:g}"
                f" points (at most {item.max_points:g}); to keep them, reject the dispute")
        _apply_decision(item, *_decision_for(shown, points), ruling)
        dispute.status = ACCEPTED
        dispute.ruled_points = _item_view(item).effective_points
        evaluation.reviewed_score = _reviewed_score(evaluation)
        evaluation.reviewed_by, evaluation.reviewed_at = who, now
        evaluation.signed_by, evaluation.signed_at = who, now
        _log_dispute(evaluation, who, "dispute.accept", item, ruling, now)
        _log(evaluation, who, "sign", None, now)

    def _view_of(self, session: Session, dispute: Dispute) -> DisputeView:
        evaluation, call = _evaluation_and_call(session, dispute.evaluation_id)
        return _view(dispute, evaluation, call.call_id)


# ---------------------------------------------------------------------- helpers

_STATUS_WORDS = {"auto": "not reviewed yet", "in_review": "still in review"}


def _agent_of(actor: Actor) -> str:
    """The agent id a dispute is opened under: only ever the signed-in agent's own."""
    if not isinstance(actor, Identity) or actor.role != AGENT:
        raise PermissionDenied("a dispute is opened by the agent whose call it is, signed in "
                               "to their own account")
    if not actor.agent_id:
        raise PermissionDenied(f"{actor.username} has no agent id (工号) linked to the account")
    return actor.agent_id


def _decision_for(item, points: float | None) -> tuple[str, float | None]:
    """The review decision an accepted dispute amounts to. Without points: the verdict is
    reversed (an automatic failure rejected, a reviewer's reversal undone) or, where the verdict
    already passes, full points restored; with points: the points are overridden."""
    if points is not None:
        return OVERRIDE, float(points)
    if item.effective_result == "fail":
        return (CONFIRM, None) if item.review == REJECT else (REJECT, None)
    return OVERRIDE, item.max_points


def _check_independent(evaluation: Evaluation, who: str) -> None:
    """The ruling supervisor must not be one who reviewed or signed the disputed evaluation."""
    signers = [h.get("by") for h in evaluation.history or [] if h.get("action") == "sign"]
    involved = {evaluation.signed_by, evaluation.reviewed_by, *signers} - {None}
    if who in involved:
        raise DisputeError(
            f"{who} reviewed or signed this evaluation: another supervisor must rule on its dispute")


def _log_dispute(evaluation: Evaluation, who: str, action: str, item: EvaluationItem,
                 text: str, at: datetime) -> None:
    """One history line naming the item, so the printed form says what was disputed."""
    evaluation.history = [*(evaluation.history or []), {
        "at": at.isoformat(timespec="seconds"), "by": who, "action": action,
        "reason": f"{item.name or item.rule_id}: {text}", "rule": item.rule_id}]


def _dispute(session: Session, dispute_id: int) -> Dispute:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise DisputeError(f"no dispute {dispute_id}")
    return dispute


def _evaluation_and_call(session: Session, evaluation_id: int) -> tuple[Evaluation, Call]:
    evaluation = _load(session, evaluation_id)
    return evaluation, session.get(Call, evaluation.call_pk)


def _view(dispute: Dispute, evaluation: Evaluation, call_id: str) -> DisputeView:
    item = next((i for i in evaluation.items if i.rule_id == dispute.rule_id), None)
    return DisputeView(
        id=dispute.id, evaluation_id=dispute.evaluation_id, call_id=call_id, rule=dispute.rule_id,
        rule_name=(item.name if item is not None else None) or dispute.rule_id,
        agent_id=dispute.agent_id, reason=dispute.reason, opened_by=dispute.opened_by,
        opened_at=as_utc(dispute.opened_at), status=dispute.status, ruled_by=dispute.ruled_by,
        ruled_at=as_utc(dispute.ruled_at) if dispute.ruled_at else None, ruling=dispute.ruling,
        ruled_points=dispute.ruled_points, evaluation_version=dispute.evaluation_version,
        version=dispute.version,
    )


def _facts(dispute: Dispute) -> dict[str, Any]:
    return {"id": dispute.id, "rule": dispute.rule_id, "agent": dispute.agent_id,
            "status": dispute.status, "ruled_points": dispute.ruled_points}


def _already_ruled(dispute: Dispute) -> str:
    return (f"this dispute was already {dispute.status} by {dispute.ruled_by} at "
            f"{_when(dispute.ruled_at)}: reload to see the ruling")



def _day(moment: datetime) -> str:
    return as_utc(moment).astimezone().strftime("%Y-%m-%d")


def _when(moment: datetime | None) -> str:
    return as_utc(moment).astimezone().strftime("%Y-%m-%d %H:%M") if moment else "an unknown time"
