"""One signed-in person's side of an evaluation's disputes: what they may do with them, the
disputes as stored, and the dispute and ruling actions with what to say when they are refused.

Kept apart from the widgets, like review_session.py: the actions are single short transactions
on the GUI thread, and the service re-checks every permission whatever the buttons show.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from qa_desk.services import access
from qa_desk.services.access import Actor, Identity, PermissionDenied
from qa_desk.services.disputes import DisputeService, DisputeView
from qa_desk.services.review import ConflictError, EvaluationView, ItemView, ReviewError
from qa_desk.views.call_view.dispute_panel import RulingRequest


class DisputeSession(QObject):
    did_change = Signal()       # a dispute was opened or ruled: the evaluation changed too
    refused = Signal(str, bool)  # message, True when someone else got there first
    succeeded = Signal(str)     # what was done, for the message bar

    def __init__(self, disputes: DisputeService, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._disputes = disputes
        self.actor = actor
        self.disputes: list[DisputeView] = []

    # ------------------------------------------------------------------ who may do what

    @property
    def identity(self) -> Identity | None:
        return self.actor if isinstance(self.actor, Identity) else None

    @property
    def can_review(self) -> bool:
        """A plain reviewer name is the trusted desk of one supervisor: it reviews and rules."""
        return access.allowed(self.actor, "evaluations.review")

    @property
    def can_dispute(self) -> bool:
        return self.identity is not None and access.allowed(self.actor, "disputes.open")

    @property
    def can_rule(self) -> bool:
        return access.allowed(self.actor, "disputes.rule")

    # ------------------------------------------------------------------ reading

    def load(self, evaluation: EvaluationView | None) -> list[DisputeView]:
        self.disputes = []
        if evaluation is not None:
            try:
                self.disputes = self._disputes.for_evaluation(evaluation.id, actor=self.actor)
            except (PermissionDenied, ReviewError) as exc:
                self.refused.emit(str(exc), False)
        return self.disputes

    def latest_by_rule(self) -> dict[str, DisputeView]:
        latest: dict[str, DisputeView] = {}
        for dispute in sorted(self.disputes, key=lambda d: d.id):
            latest[dispute.rule] = dispute
        return latest

    def deadline(self, evaluation: EvaluationView) -> datetime | None:
        return self._disputes.deadline(evaluation.signed_at) if evaluation.locked else None

    def why_not_dispute(self, evaluation: EvaluationView | None, item: ItemView | None) -> str | None:
        """None when the agent may dispute `item` now; otherwise the reason, for the hint.
        The service decides in the end; this only keeps a useless button from being offered."""
        if evaluation is None or item is None or not self.can_dispute:
            return ""
        if not evaluation.locked:
            return self.tr("Only a signed evaluation can be disputed.")
        if item.rule in self.latest_by_rule():
            return ""  # the dispute note says where it stands
        lost = item.effective_result == "fail" or (
            item.effective_result == "pass" and item.effective_points < item.max_points)
        if not lost:
            return self.tr("No points were taken off this item.")
        closes = self.deadline(evaluation)
        if closes is not None and self._disputes.now() >= closes:
            return self.tr("The dispute window closed on {0}.").format(_day(closes))
        return None

    def until_text(self, evaluation: EvaluationView) -> str:
        closes = self.deadline(evaluation)
        return self.tr("You may dispute it until {0}.").format(_day(closes)) if closes else ""

    # ------------------------------------------------------------------ actions

    def open_dispute(self, evaluation: EvaluationView | None, rule: str, reason: str) -> None:
        if evaluation is None:
            return
        if not reason.strip():
            self.refused.emit(self.tr("Give a reason for the dispute."), False)
            return
        if self._run(lambda: self._disputes.open(evaluation.id, rule, reason, actor=self.actor)):
            self.succeeded.emit(self.tr(
                "Dispute sent. A supervisor other than the one who signed will rule on it."))

    def rule(self, request: RulingRequest) -> None:
        if not request.ruling:
            self.refused.emit(self.tr("Write the ruling and its reasons for the agent."), False)
            return
        if self._run(lambda: self._disputes.rule(
                request.dispute_id, request.accept, request.ruling, actor=self.actor,
                points=request.points, expected_version=request.version)):
            self.succeeded.emit(self.tr("Dispute accepted: the evaluation is signed again.")
                                if request.accept else self.tr("Dispute rejected."))

    def _run(self, action: Callable[[], DisputeView]) -> bool:
        try:
            action()
        except ConflictError as exc:
            self.refused.emit(self.tr("Not saved: {0}").format(exc), True)
            return False
        except (ReviewError, PermissionDenied) as exc:
            self.refused.emit(self.tr("Not saved: {0}").format(exc), False)
            return False
        self.did_change.emit()
        return True


def _day(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d")
