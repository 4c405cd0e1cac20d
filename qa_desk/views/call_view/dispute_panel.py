"""The evaluation's disputes: each with the agent's reason and the ruling; for a supervisor
who may rule, Accept (with the points the item gets) and Reject (with a final ruling).
Pure view: it emits what the supervisor asked for; the call view runs it through the dispute
service and shows the outcome."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.services.disputes import ACCEPTED, OPEN, REJECTED, DisputeView
from qa_desk.services.review import EvaluationView
from qa_desk.views.call_view.scorecard import DISPUTE_COLOURS, when_text

DISPUTE_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True, slots=True)
class RulingRequest:
    """A supervisor's ruling; points None on an accept: the verdict is reversed."""

    dispute_id: int
    version: int
    accept: bool
    ruling: str
    points: float | None


class DisputePanel(QWidget):
    ruling_requested = Signal(object)  # RulingRequest
    dispute_chosen = Signal(str)  # the disputed rule, to show it in the scorecard

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._disputes: list[DisputeView] = []
        self._max_points: dict[str, float] = {}
        self._can_rule = False
        self.empty = QLabel(self.tr("No disputes on this evaluation."))
        self.empty.setStyleSheet("color:#5b6470;")
        self.list = QListWidget()
        self.list.setMaximumHeight(76)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ruling = QPlainTextEdit()
        self.ruling.setPlaceholderText(
            self.tr("Your ruling and its reasons, for the agent (kept in the history)"))
        self.ruling.setFixedHeight(52)
        self.points = QDoubleSpinBox()
        self.points.setDecimals(1)
        self.points.setSingleStep(1.0)
        self.points_hint = QLabel(self.tr("Full points reverse the verdict."))
        self.points_hint.setStyleSheet("color:#5b6470;")
        self.accept_button = QPushButton(self.tr("Accept"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.ruling_box = QGroupBox()
        self._lay_out()
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.accept_button.clicked.connect(lambda: self._request(True))
        self.reject_button.clicked.connect(lambda: self._request(False))
        self.show_disputes([], None)

    def _lay_out(self) -> None:
        points_row = QHBoxLayout()
        points_row.addWidget(self.points)
        points_row.addWidget(self.points_hint, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)
        form = QFormLayout(self.ruling_box)
        form.addRow(self.tr("Ruling"), self.ruling)
        form.addRow(self.tr("Points if accepted"), points_row)
        form.addRow(buttons)
        form.setContentsMargins(8, 6, 8, 6)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 0)
        column.addWidget(self.empty)
        column.addWidget(self.list)
        column.addWidget(self.detail)
        column.addWidget(self.ruling_box)
        column.addStretch(1)

    def set_role(self, *, can_rule: bool) -> None:
        self._can_rule = can_rule
        self._show_current()

    # ------------------------------------------------------------------ showing

    def show_disputes(self, disputes: list[DisputeView], evaluation: EvaluationView | None) -> None:
        """Open disputes first, then the ruled ones, newest first; keeps the selection."""
        keep = self.current_dispute()
        self._disputes = sorted(disputes, key=lambda d: (not d.is_open, -d.id))
        self._max_points = {i.rule: i.max_points for i in evaluation.items} if evaluation else {}
        self.list.blockSignals(True)
        self.list.clear()
        for dispute in self._disputes:
            row = QListWidgetItem(self.tr("{0} — {1}\n{2}, {3}").format(
                dispute.rule_name, self.status_text(dispute.status), dispute.opened_by,
                when_text(dispute.opened_at)))
            row.setData(DISPUTE_ROLE, dispute.id)
            row.setForeground(QBrush(QColor(DISPUTE_COLOURS.get(dispute.status, "#000"))))
            self.list.addItem(row)
        ids = [d.id for d in self._disputes]
        self.list.setCurrentRow(ids.index(keep.id) if keep and keep.id in ids else 0)
        self.list.blockSignals(False)
        self.empty.setVisible(not disputes)
        self.list.setVisible(bool(disputes))
        self._show_current()

    def current_dispute(self) -> DisputeView | None:
        row = self.list.currentRow()
        return self._disputes[row] if 0 <= row < len(self._disputes) else None

    def select(self, dispute_id: int) -> None:
        ids = [d.id for d in self._disputes]
        if dispute_id in ids:
            self.list.setCurrentRow(ids.index(dispute_id))

    def open_count(self) -> int:
        return sum(d.is_open for d in self._disputes)

    def status_text(self, status: str) -> str:
        return {OPEN: self.tr("waiting for a ruling"), ACCEPTED: self.tr("accepted"),
                REJECTED: self.tr("rejected")}.get(status, status)

    def _on_row_changed(self, _row: int) -> None:
        self._show_current()
        dispute = self.current_dispute()
        if dispute is not None:
            self.dispute_chosen.emit(dispute.rule)

    def _show_current(self) -> None:
        dispute = self.current_dispute()
        self.detail.setVisible(dispute is not None)
        self.ruling_box.setVisible(dispute is not None and dispute.is_open and self._can_rule)
        if dispute is None:
            return
        self.detail.setText(self._detail(dispute))
        if dispute.is_open:
            self.ruling.clear()
            top = self._max_points.get(dispute.rule, 0.0)
            self.points.setRange(0.0, top)
            self.points.setValue(top)

    def _detail(self, dispute: DisputeView) -> str:
        lines = [self.tr("Disputed by {0} (agent {1}) on {2}:").format(
                     dispute.opened_by, dispute.agent_id, when_text(dispute.opened_at)),
                 dispute.reason]
        if not dispute.is_open:
            ruled = (self.tr("Accepted by {0} on {1}:") if dispute.status == ACCEPTED
                     else self.tr("Rejected by {0} on {1} (final):"))
            lines.append(ruled.format(dispute.ruled_by, when_text(dispute.ruled_at)))
            lines.append(dispute.ruling or "")
            if dispute.ruled_points is not None:
                lines.append(self.tr("The item now has {0:g} points; evaluation version {1}.")
                             .format(dispute.ruled_points, dispute.evaluation_version))
        return "\n".join(lines)

    def _request(self, accept: bool) -> None:
        dispute = self.current_dispute()
        if dispute is None or not dispute.is_open:
            return
        top = self._max_points.get(dispute.rule, 0.0)
        value = self.points.value()
        points = None if not accept or value >= top else value
        self.ruling_requested.emit(RulingRequest(dispute.id, dispute.version, accept,
                                                 self.ruling.toPlainText().strip(), points))
