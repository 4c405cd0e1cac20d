"""One supervisor's review of one call's evaluation: the actions, the version they are based
on, and what to say when the store refuses.

Kept apart from the widgets so the call view only lays out and forwards. The actions are
single short transactions and run on the GUI thread; `_apply` is the one place to hand them
to a worker (qa_desk.views.workers) if they ever grow slow.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from qa_desk.services import access
from qa_desk.services.access import Actor, PermissionDenied
from qa_desk.services.review import (
    CONFIRM,
    OVERRIDE,
    REJECT,
    ConflictError,
    EvaluationView,
    ReviewError,
    ReviewService,
)
from qa_desk.views.call_view.review_panel import ItemRequest


class ReviewSession(QObject):
    evaluation_did_load = Signal(object)  # EvaluationView | None: fetched or stored afresh
    evaluation_did_change = Signal(str)   # call id, after a review action was stored
    refused = Signal(str, bool)           # message, True when another reviewer got there first

    def __init__(self, reviews: ReviewService, reviewer: Actor, parent: QObject | None = None) -> None:
        """`reviewer`: the signed-in identity (the service checks its role on every action),
        or the plain name of a single trusted desk's supervisor."""
        super().__init__(parent)
        self.reviews = reviews
        self.actor: Actor = reviewer
        self.call_id = ""
        self.evaluation: EvaluationView | None = None

    @property
    def reviewer(self) -> str:
        """The name actions are recorded under."""
        return access.actor_name(self.actor)

    @reviewer.setter
    def reviewer(self, name: str) -> None:
        self.actor = name

    def load(self, call_id: str | None) -> None:
        """The call's current evaluation as stored now (None for no call or not scored)."""
        self.call_id = call_id or ""
        self.evaluation = self.reviews.current(call_id) if call_id else None
        self.evaluation_did_load.emit(self.evaluation)

    def reload(self) -> None:
        self.load(self.call_id)

    # ------------------------------------------------------------------ actions

    def review_item(self, request: ItemRequest) -> None:
        if request.decision in (REJECT, OVERRIDE) and not request.reason:
            self.refused.emit(self.tr("Give a reason to reject the verdict.")
                              if request.decision == REJECT
                              else self.tr("Give a reason to override the points."), False)
            return
        decision, points, reason = self._decision_of(request)
        self._apply(lambda e: self.reviews.review_item(
            e.id, request.rule, expected_version=e.version, reviewer=self.actor,
            decision=decision, points=points, reason=reason, comment=request.comment))

    def comment_call(self, text: str) -> None:
        self._apply(lambda e: self.reviews.comment_call(
            e.id, text, expected_version=e.version, reviewer=self.actor))

    def sign_off(self) -> None:
        self._apply(lambda e: self.reviews.sign_off(
            e.id, expected_version=e.version, reviewer=self.actor))

    def reopen(self, reason: str) -> None:
        if not reason.strip():
            self.refused.emit(self.tr("Give a reason to reopen a signed evaluation."), False)
            return
        self._apply(lambda e: self.reviews.reopen(
            e.id, reason=reason, expected_version=e.version, reviewer=self.actor))

    def _decision_of(self, request: ItemRequest) -> tuple[str, float | None, str | None]:
        """A comment alone keeps the decision already taken; on an unreviewed rule, writing a
        comment counts as looking at it and agreeing with the verdict."""
        if request.decision is not None:
            return request.decision, request.points, request.reason or None
        assert self.evaluation is not None
        item = self.evaluation.item(request.rule)
        if item.review in (REJECT, OVERRIDE):
            return item.review, item.reviewed_points, item.reason
        return CONFIRM, None, item.reason

    def _apply(self, change: Callable[[EvaluationView], EvaluationView]) -> None:
        """Run one action on the evaluation as last seen (its version guards against
        overwriting someone else's save), then announce what the store now holds."""
        if self.evaluation is None:
            return
        try:
            self.evaluation = change(self.evaluation)
        except ConflictError as exc:
            self.refused.emit(self.tr("Not saved: {0}").format(exc), True)
            return
        except (ReviewError, PermissionDenied) as exc:
            self.refused.emit(self.tr("Not saved: {0}").format(exc), False)
            return
        self.evaluation_did_load.emit(self.evaluation)
        self.evaluation_did_change.emit(self.call_id)
