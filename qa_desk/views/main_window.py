"""The main window: navigation on the left, one page per section."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
)

from qa_desk.db import Database
from qa_desk.services.calls import CallService

SECTIONS = ("Calls", "Review", "Exams", "Reports", "Rules", "Settings")


class MainWindow(QMainWindow):
    def __init__(self, database: Database, *, demo: bool = False) -> None:
        super().__init__()
        self._calls = CallService(database)
        self.setWindowTitle("QA Desk" + (" — demo" if demo else ""))
        self.resize(1100, 700)
        self.navigation = QListWidget()
        self.navigation.addItems([self.tr(s) for s in SECTIONS])
        self.navigation.setMaximumWidth(160)
        self.pages = QStackedWidget()
        self.calls_table = self._build_calls_table()
        self.pages.addWidget(self.calls_table)
        for name in SECTIONS[1:]:
            placeholder = QLabel(self.tr("{} — coming soon").format(self.tr(name)))
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.pages.addWidget(placeholder)
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        self.statusBar().showMessage(
            self.tr("{} calls in {}").format(self._calls.count(), database.url)
        )

    def _build_calls_table(self) -> QTableWidget:
        rows = self._calls.list_calls(limit=1000)
        headers = [self.tr(h) for h in ("Call id", "Agent", "Started", "Channel", "Turns")]
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(rows):
            cells = (
                row.call_id,
                f"{row.agent_id or ''} {row.agent_name or ''}".strip(),
                row.started_at.strftime("%Y-%m-%d %H:%M") if row.started_at else "",
                "回访" if row.channel == "outbound" else "呼入",
                str(row.turn_count),
            )
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return table
