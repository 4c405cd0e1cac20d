"""Review controls: one rule's confirm / reject / override / comment, and the call's comment,
sign-off and reopen; for an agent, the rule's dispute instead. Pure view: they emit what was
asked for; the call view runs it through the services and shows the outcome.

What a role sees (`set_role`): supervisors and admins review; an agent sees the verdicts,
the reviewer's notes and a "Dispute this item…" action; HR reads only."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.reports.details import detail_text
from qa_desk.services.disputes import ACCEPTED, OPEN, REJECTED, DisputeView
from qa_desk.services.review import CONFIRM, OVERRIDE, REJECT, ItemView
from qa_desk.views.call_view.scorecard import when_text

DISPUTE_STYLES = {
    OPEN: "color:#7a4a00; background:#fff4e0;",
    ACCEPTED: "color:#1b5e20; background:#e6f4ea;",
    REJECTED: "color:#5b6470; background:#eef1f5;",
}


@dataclass(frozen=True, slots=True)
class ItemRequest:
    """What the supervisor asked of one rule; decision None means "only save the comment"."""

    rule: str
    decision: str | None
    points: float | None
    reason: str
    comment: str


class ItemReviewPanel(QGroupBox):
    requested = Signal(object)  # ItemRequest
    dispute_requested = Signal(str)  # rule: the agent asked to dispute it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: ItemView | None = None
        self._can_review = True
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.dispute_note = QLabel()  # this rule's dispute and its ruling, for every role
        self.dispute_note.setWordWrap(True)
        self.dispute_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dispute_button = QPushButton(self.tr("Dispute this item…"))
        self.dispute_hint = QLabel()  # until when the agent may dispute, or why not
        self.dispute_hint.setWordWrap(True)
        self.dispute_hint.setStyleSheet("color:#5b6470;")
        self.review_controls = QWidget()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Needed to reject a verdict or override points"))
        self.points = QDoubleSpinBox()
        self.points.setDecimals(1)
        self.points.setSingleStep(1.0)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(self.tr("Note for the agent or the next reviewer"))
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.reject_button = QPushButton(self.tr("Reject verdict"))
        self.override_button = QPushButton(self.tr("Override points"))
        self.comment_button = QPushButton(self.tr("Save comment"))
        self._lay_out()
        self._connect_callbacks()
        self.show_item(None, locked=True)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        points_row = QHBoxLayout()
        points_row.addWidget(self.points)
        points_row.addWidget(self.override_button)
        points_row.addStretch(1)
        form.addRow(self.tr("Points"), points_row)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self.comment, 1)
        comment_row.addWidget(self.comment_button)
        form.addRow(self.tr("Comment"), comment_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        controls = QVBoxLayout(self.review_controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addLayout(buttons)
        controls.addLayout(form)
        dispute = QHBoxLayout()
        dispute.addWidget(self.dispute_button)
        dispute.addWidget(self.dispute_hint, 1)
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addWidget(self.dispute_note)
        column.addWidget(self.review_controls)
        column.addLayout(dispute)

    def _connect_callbacks(self) -> None:
        self.confirm_button.clicked.connect(lambda: self._request(CONFIRM))
        self.reject_button.clicked.connect(lambda: self._request(REJECT))
        self.override_button.clicked.connect(lambda: self._request(OVERRIDE))
        self.comment_button.clicked.connect(lambda: self._request(None))
        self.dispute_button.clicked.connect(
            lambda: self._item is not None and self.dispute_requested.emit(self._item.rule))

    def set_role(self, *, can_review: bool, can_dispute: bool) -> None:
        """Review controls for those who review; the dispute action for an agent."""
        self._can_review = can_review
        self.review_controls.setVisible(can_review)
        self.dispute_button.setVisible(can_dispute)
        self.dispute_hint.setVisible(can_dispute)

    def show_item(self, item: ItemView | None, *, locked: bool, dispute: DisputeView | None = None,
                  may_dispute: bool = False, dispute_hint: str = "") -> None:
        """`dispute`: the rule's latest dispute; `may_dispute`: the agent may open one now
        (`dispute_hint` says until when, or why not)."""
        self._item = item
        if self._can_review:
            title = self.tr("Review: {0}").format(item.name) if item else self.tr("Review")
            empty = self.tr("Choose a rule in the scorecard to review it.")
        else:
            title = item.name if item else self.tr("Item")
            empty = self.tr("Choose a rule in the scorecard to see its verdict.")
        self.setTitle(title)
        self.summary.setText(self._summary(item) if item else empty)
        self._show_dispute(dispute)
        self.dispute_button.setEnabled(item is not None and may_dispute)
        self.dispute_hint.setText(dispute_hint if item is not None else "")
        if item is not None:
            self.points.setRange(0.0, item.max_points)
            self.points.setValue(item.effective_points)
            self.reason.setText(item.reason or "")
            self.comment.setText(item.comment or "")
        editable = item is not None and not locked
        for widget in (self.reason, self.points, self.comment, self.confirm_button,
                       self.override_button, self.comment_button):
            widget.setEnabled(editable)
        # There is no verdict to reject on a rule that does not apply to the call.
        self.reject_button.setEnabled(editable and item.result in ("pass", "fail"))

    def current_rule(self) -> str | None:
        return self._item.rule if self._item else None

    def _summary(self, item: ItemView) -> str:
        words = {"pass": self.tr("pass"), "fail": self.tr("fail"), "na": self.tr("not applicable")}
        lines = [self.tr("Automatic verdict: {0}, {1:g} of {2:g} points").format(
            words.get(item.result, item.result), item.points, item.max_points)]
        if item.detail:
            label = self.tr("Scorer's note: {0}")  # a literal, so lupdate keeps it
            # The engine writes its notes in English; in a Chinese interface show them in
            # the same words the printed evaluation form uses.
            chinese = label != "Scorer's note: {0}"
            lines.append(label.format(detail_text(item.detail) if chinese else item.detail))
        if item.review == CONFIRM:
            lines.append(self.tr("Confirmed by the reviewer."))
        elif item.review == REJECT:
            lines.append(self.tr("Verdict rejected: {0}").format(item.reason or ""))
        elif item.review == OVERRIDE:
            lines.append(self.tr("Points overridden to {0:g}: {1}").format(
                item.reviewed_points or 0.0, item.reason or ""))
        if item.comment and not self._can_review:  # the comment box is not shown: say it here
            lines.append(self.tr("Reviewer's note: {0}").format(item.comment))
        return "\n".join(lines)

    def _show_dispute(self, dispute: DisputeView | None) -> None:
        self.dispute_note.setVisible(dispute is not None)
        if dispute is None:
            return
        self.dispute_note.setText(self.dispute_text(dispute))
        self.dispute_note.setStyleSheet(
            f"{DISPUTE_STYLES.get(dispute.status, '')} border-radius:4px; padding:4px 6px;")

    def dispute_text(self, dispute: DisputeView) -> str:
        opened = self.tr("Disputed by {0} on {1}: {2}").format(
            dispute.opened_by, when_text(dispute.opened_at), dispute.reason)
        if dispute.status == OPEN:
            return opened + "\n" + self.tr("Waiting for a supervisor's ruling.")
        if dispute.status == ACCEPTED:
            ruled = self.tr("Accepted by {0} on {1}: {2}")
        else:
            ruled = self.tr("Rejected by {0} on {1} (final): {2}")
        return opened + "\n" + ruled.format(dispute.ruled_by, when_text(dispute.ruled_at),
                                            dispute.ruling or "")

    def _request(self, decision: str | None) -> None:
        if self._item is None:
            return
        points = self.points.value() if decision == OVERRIDE else None
        self.requested.emit(ItemRequest(self._item.rule, decision, points,
                                        self.reason.text().strip(), self.comment.text().strip()))


class CallReviewPanel(QGroupBox):
    comment_requested = Signal(str)
    sign_off_requested = Signal()
    reopen_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Call review"), parent)
        self._can_review = True
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("Overall comment on this call"))
        self.comment.setFixedHeight(56)
        self.comment_button = QPushButton(self.tr("Save call comment"))
        self.sign_off_button = QPushButton(self.tr("Sign off"))
        self.sign_off_button.setStyleSheet("font-weight:600;")
        self.reopen_button = QPushButton(self.tr("Reopen…"))
        self._lay_out()
        self.comment_button.clicked.connect(
            lambda: self.comment_requested.emit(self.comment.toPlainText().strip()))
        self.sign_off_button.clicked.connect(self.sign_off_requested)
        self.reopen_button.clicked.connect(self.reopen_requested)
        self.show_state(comment=None, locked=True, scored=False)

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.comment_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.sign_off_button)
        column = QVBoxLayout(self)
        column.addWidget(self.comment)
        column.addLayout(buttons)

    def set_role(self, *, can_review: bool) -> None:
        """Those who may not review see the overall comment, and nothing to press."""
        self._can_review = can_review
        self.setTitle(self.tr("Call review") if can_review else self.tr("Overall comment"))
        for button in (self.comment_button, self.sign_off_button, self.reopen_button):
            button.setVisible(can_review)
        self.comment.setPlaceholderText(self.tr("Overall comment on this call") if can_review
                                        else self.tr("No overall comment"))

    def show_state(self, *, comment: str | None, locked: bool, scored: bool) -> None:
        self.comment.setPlainText(comment or "")
        if not self._can_review:
            self.comment.setReadOnly(True)
            self.comment.setEnabled(scored)
            return
        editable = scored and not locked
        self.comment.setReadOnly(not editable)
        self.comment.setEnabled(scored)
        self.comment_button.setEnabled(editable)
        self.sign_off_button.setEnabled(editable)
        self.sign_off_button.setVisible(not locked or not scored)
        self.reopen_button.setVisible(scored and locked)
