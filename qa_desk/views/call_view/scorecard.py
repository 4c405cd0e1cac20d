"""The scorecard: auto and reviewed scores, status, and every rule's verdict with its points,
evidence quotes and dispute, grouped by section. Clicking a rule or a quote asks the call view to
jump to the evidence in the transcript."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.services.disputes import ACCEPTED, OPEN, REJECTED, DisputeView
from qa_desk.services.review import CONFIRM, OVERRIDE, REJECT, EvaluationView, ItemView

VERDICT_COLOURS = {"pass": "#1b7a2e", "fail": "#c62828", "na": "#8a8a8a"}
STATUS_COLOURS = {"auto": "#6b7280", "in_review": "#b45309", "signed": "#1d4ed8"}
DISPUTE_COLOURS = {OPEN: "#b45309", ACCEPTED: "#1b7a2e", REJECTED: "#5b6470"}
SECTION_BACKGROUND = "#eef1f5"
RULE_ROLE = Qt.ItemDataRole.UserRole
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 1


@cache
def section_titles() -> dict[str, str]:
    """Section ids as the rule pack names them (开场, 结束…); the id itself if the pack will
    not load, since the scorecard must open whatever the pack file's state."""
    try:
        from qa_desk.scoring import load_pack

        return {section.id: section.name for section in load_pack().sections}
    except Exception:  # a broken pack file only costs the nicer names
        return {}


class ScorecardPanel(QWidget):
    item_chosen = Signal(str, int)  # rule, evidence index (0: the first)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auto_score = QLabel()
        self.reviewed_score = QLabel()
        self.status = QLabel()
        self.status.setObjectName("statusChip")
        self.signed = QLabel()
        self.signed.setWordWrap(True)
        self.tree = QTreeWidget()
        self._disputes: Mapping[str, DisputeView] = {}
        self._lay_out()
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.itemActivated.connect(self._on_item_clicked)
        self.show_evaluation(None)

    def _lay_out(self) -> None:
        scores = QGridLayout()
        scores.addWidget(self._caption(self.tr("Auto score")), 0, 0)
        scores.addWidget(self._caption(self.tr("Reviewed score")), 0, 1)
        scores.addWidget(self._caption(self.tr("Status")), 0, 2)
        scores.addWidget(self.auto_score, 1, 0)
        scores.addWidget(self.reviewed_score, 1, 1)
        scores.addWidget(self.status, 1, 2, Qt.AlignmentFlag.AlignLeft)
        for label in (self.auto_score, self.reviewed_score):
            label.setStyleSheet("font-size:22px; font-weight:600;")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Rule"), self.tr("Verdict"), self.tr("Points")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(scores)
        column.addWidget(self.signed)
        column.addWidget(self.tree, 1)

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("color:#5b6470;")
        return label

    # ------------------------------------------------------------------ showing

    def show_evaluation(self, evaluation: EvaluationView | None,
                        where: Callable[[int], str] = str,
                        disputes: Mapping[str, DisputeView] | None = None) -> None:
        """`where(turn)` words an evidence turn's place, e.g. its time in the call;
        `disputes` holds each disputed rule's latest dispute."""
        self._disputes = disputes or {}
        self.tree.clear()
        if evaluation is None:
            self._show_scores(None)
            self.tree.addTopLevelItem(QTreeWidgetItem([self.tr("This call has not been scored yet")]))
            return
        self._show_scores(evaluation)
        for section, items in _by_section(evaluation.items):
            self._add_section(section, items, where)

    def select_rule(self, rule: str) -> None:
        row = self.rule_row(rule)
        if row is not None:
            self.tree.setCurrentItem(row)

    def rule_row(self, rule: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(i)
            for j in range(section.childCount()):
                if section.child(j).data(0, RULE_ROLE) == rule:
                    return section.child(j)
        return None

    def _show_scores(self, evaluation: EvaluationView | None) -> None:
        if evaluation is None:
            for label in (self.auto_score, self.reviewed_score, self.status, self.signed):
                label.setText("—" if label is not self.signed else "")
            return
        fatal = self.tr(" (fatal)") if evaluation.fatal else ""
        self.auto_score.setText(f"{evaluation.auto_score:g}{fatal}")
        reviewed = evaluation.reviewed_score
        self.reviewed_score.setText("—" if reviewed is None else f"{reviewed:g}")
        self.status.setText(self.status_text(evaluation.status))
        self.status.setStyleSheet(
            f"color:white; background:{STATUS_COLOURS.get(evaluation.status, '#6b7280')};"
            " border-radius:4px; padding:2px 8px; font-weight:600;")
        self.signed.setText(self._who(evaluation))

    def status_text(self, status: str) -> str:
        return {"auto": self.tr("Auto"), "in_review": self.tr("In review"),
                "signed": self.tr("Signed")}.get(status, status)

    def _who(self, evaluation: EvaluationView) -> str:
        if evaluation.signed_by:
            return self.tr("Signed by {0} at {1}").format(
                evaluation.signed_by, when_text(evaluation.signed_at))
        if evaluation.reviewed_by:
            return self.tr("Last reviewed by {0} at {1}").format(
                evaluation.reviewed_by, when_text(evaluation.reviewed_at))
        return self.tr("Scored automatically with pack {0} {1}").format(
            evaluation.pack_id, evaluation.pack_version)

    def _add_section(self, section: str, items: list[ItemView], where: Callable[[int], str]) -> None:
        judged = [i for i in items if i.effective_result != "na" or i.review == OVERRIDE]
        earned = sum(i.effective_points for i in judged)
        possible = sum(i.max_points for i in judged)
        row = QTreeWidgetItem([section_titles().get(section, section), "",
                               f"{earned:g} / {possible:g}" if judged else "—"])
        bold = QFont(self.font())
        bold.setBold(True)
        for column in range(3):
            row.setFont(column, bold)
            row.setBackground(column, QBrush(QColor(SECTION_BACKGROUND)))
        row.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(row)
        for item in items:
            child = self._item_row(item, where)
            row.addChild(child)
            # Failures open with their quotes showing; passes fold away, they need no reading.
            # (Only an item already in the tree can be expanded.)
            child.setExpanded(item.effective_result == "fail")
        row.setExpanded(True)

    def _item_row(self, item: ItemView, where: Callable[[int], str]) -> QTreeWidgetItem:
        name = item.name + (self.tr(" ⚑ fatal") if item.fatal else "")
        dispute = self._disputes.get(item.rule)
        if dispute is not None:
            name += "  ⚖ " + self.dispute_status_text(dispute.status)
        row = QTreeWidgetItem([name, self.verdict_text(item), self._points_text(item)])
        row.setData(0, RULE_ROLE, item.rule)
        row.setData(0, EVIDENCE_ROLE, 0)
        row.setForeground(1, QBrush(QColor(VERDICT_COLOURS.get(item.effective_result, "#000"))))
        row.setToolTip(0, item.detail or item.rule)
        if dispute is not None:
            row.setForeground(0, QBrush(QColor(DISPUTE_COLOURS.get(dispute.status, "#000"))))
            row.setToolTip(0, dispute.reason)
        for index, span in enumerate(item.evidence):
            quote = QTreeWidgetItem([f"{where(int(span.get('turn', 0)))}  “{span.get('text', '')}”"])
            quote.setData(0, RULE_ROLE, item.rule)
            quote.setData(0, EVIDENCE_ROLE, index)
            quote.setForeground(0, QBrush(QColor(VERDICT_COLOURS.get(item.effective_result, "#555"))))
            quote.setFirstColumnSpanned(True)
            row.addChild(quote)
        return row

    def dispute_status_text(self, status: str) -> str:
        return {OPEN: self.tr("disputed"), ACCEPTED: self.tr("dispute accepted"),
                REJECTED: self.tr("dispute rejected")}.get(status, status)

    def verdict_text(self, item: ItemView) -> str:
        words = {"pass": self.tr("Pass"), "fail": self.tr("Fail"), "na": self.tr("N/A")}
        shown = words.get(item.effective_result, item.effective_result)
        if item.review == REJECT:
            return self.tr("{0} (was {1})").format(shown, words.get(item.result, item.result))
        if item.review == CONFIRM:
            return self.tr("{0} ✓").format(shown)
        return shown

    def _points_text(self, item: ItemView) -> str:
        if item.effective_result == "na" and item.review != OVERRIDE:
            return f"— / {item.max_points:g}"
        text = f"{item.effective_points:g} / {item.max_points:g}"
        return text + (" ✎" if item.review == OVERRIDE else "")

    def _on_item_clicked(self, row: QTreeWidgetItem, column: int) -> None:
        rule = row.data(0, RULE_ROLE)
        if rule:
            self.item_chosen.emit(rule, int(row.data(0, EVIDENCE_ROLE) or 0))


def _by_section(items: list[ItemView]) -> list[tuple[str, list[ItemView]]]:
    """Sections in the order their first rule appears, as the pack lists them."""
    groups: dict[str, list[ItemView]] = {}
    for item in items:
        groups.setdefault(item.section, []).append(item)
    return list(groups.items())


def when_text(moment: datetime | None) -> str:
    """Local time: the store keeps UTC (SQLite hands it back without a zone)."""
    if moment is None:
        return "?"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
