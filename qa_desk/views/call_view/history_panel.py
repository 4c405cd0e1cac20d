"""The evaluation's history as the printed form shows it: sign-offs, reopenings, disputes and
rulings, oldest first, with who, when and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from qa_desk.views.call_view.scorecard import when_text

REASON_COLUMN = 3


class HistoryPanel(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"),
                                        self.tr("Why")])
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setWordWrap(True)  # a long reason runs onto more lines rather than being cut
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        for column in range(REASON_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def show_history(self, history: list[dict[str, Any]]) -> None:
        self.setRowCount(0)
        rows = [[_when(entry.get("at")), str(entry.get("by") or ""),
                 self.action_text(str(entry.get("action") or "")), str(entry.get("reason") or "")]
                for entry in history] or [["", "", self.tr("Not signed yet"), ""]]
        self.setRowCount(len(rows))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.setItem(row, column, cell)
        self.resizeRowsToContents()

    def entries(self) -> list[list[str]]:
        """What is shown, row by row: when, who, what, why."""
        return [[self.item(row, column).text() for column in range(self.columnCount())]
                for row in range(self.rowCount())]

    def action_text(self, action: str) -> str:
        return {"sign": self.tr("Signed"), "reopen": self.tr("Reopened"),
                "dispute": self.tr("Disputed"), "dispute.accept": self.tr("Dispute accepted"),
                "dispute.reject": self.tr("Dispute rejected")}.get(action, action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()  # the reason column's width decides how many lines


def _when(at: object) -> str:
    try:
        return when_text(datetime.fromisoformat(str(at)))
    except ValueError:
        return str(at or "")
