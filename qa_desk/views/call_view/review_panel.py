"""Review controls: one rule's confirm / reject / override / comment, and the call's comment,
sign-off and reopen. Pure view: they emit what the supervisor asked for; the call view runs
it through the review service and shows the outcome."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
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
from qa_desk.services.review import CONFIRM, OVERRIDE, REJECT, ItemView


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: ItemView | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
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
        column = QVBoxLayout(self)
        column.addWidget(self.summary)
        column.addLayout(buttons)
        column.addLayout(form)

    def _connect_callbacks(self) -> None:
        self.confirm_button.clicked.connect(lambda: self._request(CONFIRM))
        self.reject_button.clicked.connect(lambda: self._request(REJECT))
        self.override_button.clicked.connect(lambda: self._request(OVERRIDE))
        self.comment_button.clicked.connect(lambda: self._request(None))

    def show_item(self, item: ItemView | None, *, locked: bool) -> None:
        self._item = item
        self.setTitle(self.tr("Review: {0}").format(item.name) if item else self.tr("Review"))
        self.summary.setText(self._summary(item) if item else
                             self.tr("Choose a rule in the scorecard to review it."))
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
            label = "Scorer's note: {0}"
            # The engine writes its notes in English; in a Chinese interface show them in
            # the same words the printed evaluation form uses.
            chinese = self.tr(label) != label
            lines.append(self.tr(label).format(detail_text(item.detail) if chinese
                                               else item.detail))
        if item.review == CONFIRM:
            lines.append(self.tr("Confirmed by the reviewer."))
        elif item.review == REJECT:
            lines.append(self.tr("Verdict rejected: {0}").format(item.reason or ""))
        elif item.review == OVERRIDE:
            lines.append(self.tr("Points overridden to {0:g}: {1}").format(
                item.reviewed_points or 0.0, item.reason or ""))
        return "\n".join(lines)

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

    def show_state(self, *, comment: str | None, locked: bool, scored: bool) -> None:
        self.comment.setPlainText(comment or "")
        editable = scored and not locked
        self.comment.setReadOnly(not editable)
        self.comment.setEnabled(scored)
        self.comment_button.setEnabled(editable)
        self.sign_off_button.setEnabled(editable)
        self.sign_off_button.setVisible(not locked or not scored)
        self.reopen_button.setVisible(scored and locked)
