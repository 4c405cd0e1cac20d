"""A supervisor's review of an automatic evaluation: confirm or reject verdicts, override
points with a reason, comment, sign off, reopen. One transaction per action; a save based on
an older version is refused with who changed it and when, never silently lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from qa_desk.db import Database
from qa_desk.models import Call, Evaluation, EvaluationItem
from qa_desk.scoring.engine import ItemScore, total
from qa_desk.services import access, audit
from qa_desk.services.access import Actor

CONFIRM = "confirm"
REJECT = "reject"
OVERRIDE = "override"
_FLIP = {"pass": "fail", "fail": "pass"}


class ReviewError(ValueError):
    """A review action that cannot be taken as asked; the message says why."""


class LockedError(ReviewError):
    pass


class ConflictError(ReviewError):
    pass


@dataclass(frozen=True, slots=True)
class ItemView:
    rule: str
    name: str
    section: str
    result: str
    points: float
    max_points: float
    evidence: list[dict[str, Any]]
    detail: str
    fatal: bool
    review: str | None
    reviewed_points: float | None
    reason: str | None
    comment: str | None

    @property
    def effective_result(self) -> str:
        return _FLIP[self.result] if self.review == REJECT else self.result

    @property
    def effective_points(self) -> float:
        if self.reviewed_points is not None:
            return self.reviewed_points
        if self.review == REJECT:
            return self.max_points if self.effective_result == "pass" else 0.0
        return self.points


@dataclass(frozen=True, slots=True)
class EvaluationView:
    id: int
    call_id: str
    pack_id: str
    pack_version: str
    auto_score: float
    reviewed_score: float | None
    fatal: bool
    status: str
    version: int
    comment: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    signed_by: str | None
    signed_at: datetime | None
    history: list[dict[str, Any]]
    items: list[ItemView]

    @property
    def locked(self) -> bool:
        return self.status == "signed"

    def item(self, rule: str) -> ItemView:
        return next(i for i in self.items if i.rule == rule)


class ReviewService:
    """`actor` is who reads (an agent reads only their own calls' evaluations). Each change
    names its `reviewer`: a signed-in `Identity` must hold the role for it; a plain name is a
    trusted local caller such as the command line."""

    def __init__(self, database: Database, actor: Actor = "system") -> None:
        self._db = database
        self._actor = actor

    def current(self, call_id: str) -> EvaluationView | None:
        with self._db.sessions() as session:
            row = session.execute(select(Call.current_evaluation_id, Call.agent_id)
                                  .where(Call.call_id == call_id)).first()
            if row is None or row[0] is None:
                return None
            access.require_own(self._actor, row[1])
            return self._view(session, row[0])

    def get(self, evaluation_id: int) -> EvaluationView:
        with self._db.sessions() as session:
            agent = session.scalar(select(Call.agent_id).join(Evaluation, Evaluation.call_pk == Call.id)
                                   .where(Evaluation.id == evaluation_id))
            access.require_own(self._actor, agent)
            return self._view(session, evaluation_id)

    def review_item(self, evaluation_id: int, rule: str, *, expected_version: int, reviewer: Actor,
                    decision: str, points: float | None = None, reason: str | None = None,
                    comment: str | None = None) -> EvaluationView:
        def change(session: Session, evaluation: Evaluation) -> None:
            item = next((i for i in evaluation.items if i.rule_id == rule), None)
            if item is None:
                raise ReviewError(f"this evaluation has no rule {rule}")
            _apply_decision(item, decision, points, (reason or "").strip() or None)
            if comment is not None:
                item.comment = comment.strip() or None
        return self._change(evaluation_id, expected_version, reviewer, change,
                            action=f"review.{decision}", reason=reason)

    def comment_call(self, evaluation_id: int, text: str, *, expected_version: int,
                     reviewer: Actor) -> EvaluationView:
        def change(session: Session, evaluation: Evaluation) -> None:
            evaluation.comment = text.strip() or None
        return self._change(evaluation_id, expected_version, reviewer, change,
                            action="review.comment")

    def sign_off(self, evaluation_id: int, *, expected_version: int, reviewer: Actor
                 ) -> EvaluationView:
        access.require(reviewer, "evaluations.sign")
        name = access.actor_name(reviewer)

        def change(session: Session, evaluation: Evaluation) -> None:
            now = datetime.now(UTC)
            evaluation.status = "signed"
            evaluation.signed_by, evaluation.signed_at = name, now
            _log(evaluation, name, "sign", None, now)
        return self._change(evaluation_id, expected_version, reviewer, change, allow_status=True,
                            action="evaluation.sign")

    def reopen(self, evaluation_id: int, *, reason: str, expected_version: int, reviewer: Actor
               ) -> EvaluationView:
        access.require(reviewer, "evaluations.sign")
        name = access.actor_name(reviewer)
        if not reason.strip():
            raise ReviewError("reopening a signed evaluation needs a reason")

        def change(session: Session, evaluation: Evaluation) -> None:
            if evaluation.status != "signed":
                raise ReviewError("only a signed evaluation can be reopened")
            now = datetime.now(UTC)
            evaluation.status = "in_review"
            evaluation.signed_by = evaluation.signed_at = None
            _log(evaluation, name, "reopen", reason.strip(), now)
        return self._change(evaluation_id, expected_version, reviewer, change, unlock=True,
                            action="evaluation.reopen", reason=reason.strip())

    def _change(self, evaluation_id: int, expected_version: int, reviewer: Actor, change,
                *, action: str, reason: str | None = None, allow_status: bool = False,
                unlock: bool = False) -> EvaluationView:
        access.require(reviewer, "evaluations.review")
        name = access.actor_name(reviewer)
        try:
            with self._db.sessions.begin() as session:
                evaluation = _load(session, evaluation_id)
                if evaluation.version != expected_version:
                    raise ConflictError(_conflict_message(evaluation))
                if evaluation.status == "signed" and not unlock:
                    raise LockedError(
                        f"signed by {evaluation.signed_by} at {_when(evaluation.signed_at)}: "
                        "reopen it with a reason before changing it")
                before = _snapshot(evaluation)
                change(session, evaluation)
                if not allow_status and evaluation.status == "auto":
                    evaluation.status = "in_review"
                evaluation.reviewed_by = name
                evaluation.reviewed_at = datetime.now(UTC)
                evaluation.reviewed_score = _reviewed_score(evaluation)
                audit.record(session, actor=name, action=action,
                             entity=f"evaluation:{evaluation.id}", before=before,
                             after=_snapshot(evaluation), reason=reason)
        except StaleDataError:
            with self._db.sessions() as session:
                raise ConflictError(_conflict_message(_load(session, evaluation_id))) from None
        return self.get(evaluation_id)

    def _view(self, session: Session, evaluation_id: int) -> EvaluationView:
        evaluation = _load(session, evaluation_id)
        call_id = session.scalar(select(Call.call_id).where(Call.id == evaluation.call_pk))
        return EvaluationView(
            id=evaluation.id, call_id=call_id, pack_id=evaluation.pack_id,
            pack_version=evaluation.pack_version, auto_score=evaluation.auto_score,
            reviewed_score=evaluation.reviewed_score, fatal=evaluation.fatal,
            status=evaluation.status, version=evaluation.version, comment=evaluation.comment,
            reviewed_by=evaluation.reviewed_by, reviewed_at=evaluation.reviewed_at,
            signed_by=evaluation.signed_by, signed_at=evaluation.signed_at,
            history=list(evaluation.history or []),
            items=[_item_view(i) for i in evaluation.items],
        )


@dataclass(slots=True)
class ReviewedOutcome:
    """An evaluation after its review: 一票否决, and the items that fail, in scorecard order."""

    fatal: bool = False
    failed: list[ItemView] = field(default_factory=list)


def reviewed_outcomes(rows) -> dict[int, ReviewedOutcome]:
    """Fold item rows (evaluation id, rule id, name, result, points, max points, fatal, review,
    reviewed points) into each evaluation's outcome after review, as the scorecard shows it."""
    outcomes: dict[int, ReviewedOutcome] = {}
    for evaluation_id, rule, name, result, points, most, fatal, review, reviewed in rows:
        item = ItemView(rule=rule, name=name or rule, section="", result=result, points=points,
                        max_points=most, evidence=[], detail="", fatal=fatal, review=review,
                        reviewed_points=reviewed, reason=None, comment=None)
        outcome = outcomes.setdefault(evaluation_id, ReviewedOutcome())
        if item.effective_result == "fail":
            outcome.failed.append(item)
            outcome.fatal = outcome.fatal or (item.fatal and item.effective_points == 0)
    return outcomes


def _snapshot(evaluation: Evaluation) -> dict[str, Any]:
    """What a review can change, for the audit trail's before and after."""
    return {
        "status": evaluation.status, "reviewed_score": evaluation.reviewed_score,
        "comment": evaluation.comment,
        "items": {i.rule_id: [i.review, i.reviewed_points, i.reason, i.comment]
                  for i in evaluation.items if i.review or i.comment},
    }


def _load(session: Session, evaluation_id: int) -> Evaluation:
    evaluation = session.scalar(
        select(Evaluation).where(Evaluation.id == evaluation_id)
        .options(selectinload(Evaluation.items)))
    if evaluation is None:
        raise ReviewError(f"no evaluation {evaluation_id}")
    return evaluation


def _apply_decision(item: EvaluationItem, decision: str, points: float | None,
                    reason: str | None) -> None:
    if decision == CONFIRM:
        item.review, item.reviewed_points, item.reason = CONFIRM, None, reason
    elif decision == REJECT:
        if item.result not in _FLIP:
            raise ReviewError(f"{item.rule_id} does not apply to this call; there is no verdict "
                              "to reject")
        if not reason:
            raise ReviewError(f"rejecting the verdict on {item.rule_id} needs a reason")
        item.review, item.reviewed_points, item.reason = REJECT, None, reason
    elif decision == OVERRIDE:
        if not reason:
            raise ReviewError(f"overriding the points of {item.rule_id} needs a reason")
        if points is None or not 0 <= points <= item.max_points:
            raise ReviewError(f"points for {item.rule_id} must be between 0 and "
                              f"{item.max_points:g}")
        item.review, item.reviewed_points, item.reason = OVERRIDE, float(points), reason
    else:
        raise ReviewError(f"unknown decision {decision!r}")


def _reviewed_score(evaluation: Evaluation) -> float:
    scored = []
    for item in evaluation.items:
        view = _item_view(item)
        result = view.effective_result
        if item.review == OVERRIDE and result == "na":
            result = "pass"
        scored.append(ItemScore(item.rule_id, view.name, view.section, result,
                                view.effective_points, item.max_points, fatal=item.fatal,
                                bonus=item.bonus))
    fatal = any(i.fatal and i.result == "fail" and i.points == 0 for i in scored)
    return total(scored, fatal)


def _item_view(item: EvaluationItem) -> ItemView:
    return ItemView(
        rule=item.rule_id, name=item.name or item.rule_id, section=item.section or "",
        result=item.result, points=item.points, max_points=item.max_points,
        evidence=list(item.evidence or []), detail=item.detail or "", fatal=item.fatal,
        review=item.review, reviewed_points=item.reviewed_points, reason=item.reason,
        comment=item.comment,
    )


def _log(evaluation: Evaluation, who: str, action: str, reason: str | None, at: datetime) -> None:
    evaluation.history = [*(evaluation.history or []),
                          {"at": at.isoformat(timespec="seconds"), "by": who, "action": action,
                           "reason": reason}]


def _conflict_message(evaluation: Evaluation) -> str:
    who = evaluation.reviewed_by or "someone else"
    return (f"changed by {who} at {_when(evaluation.reviewed_at)} since you opened it: "
            "reload to see their changes")


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "an unknown time"
