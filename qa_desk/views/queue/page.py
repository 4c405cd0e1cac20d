"""QueuePage: the filter bar, the queue table and a count, over one QueueModel."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from qa_desk.db import Database
from qa_desk.scoring import RulePack, load_pack
from qa_desk.services import access
from qa_desk.services.queue import QueueService
from qa_desk.views.queue.filter_bar import QueueFilterBar
from qa_desk.views.queue.model import (
    AGENT,
    CALL_ID,
    CHANNEL,
    DATE,
    DURATION,
    FAILED_RULES,
    FATAL,
    SCORE,
    SORT_KEYS,
    STATUS,
    QueueModel,
)

# Column widths in characters of the table font ("0" wide); the failed rules take the rest.
COLUMN_CHARS = {CALL_ID: 18, AGENT: 14, DATE: 17, CHANNEL: 9, DURATION: 8, SCORE: 7, FATAL: 6,
                STATUS: 12}
SORT_ARROW_ROOM = 40


class QueuePage(QWidget):
    call_activated = Signal(str)

    def __init__(self, database: Database, *, pack: RulePack | None = None,
                 parent: QWidget | None = None, actor: access.Actor = "system") -> None:
        super().__init__(parent)
        self._service = QueueService(database, actor)
        pack = pack or load_pack()
        rules = [(rule.id, rule.name) for rule in pack.rules]
        self.model = QueueModel(self._service, rule_names=dict(rules), parent=self)
        self.filter_bar = QueueFilterBar(rules=rules)
        self.view = self._build_view()
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._connect_callbacks()
        self.refresh()

    def refresh(self) -> None:
        """Read agents, count and rows again: after an import, a review or a new rule pack."""
        self.filter_bar.set_agents(self._service.agents())
        self.count_label.setText(self.tr("Loading…"))
        self.model.refresh()

    def current_call_id(self) -> str | None:
        row = self.model.row_at(self.view.currentIndex().row())
        return row.call_id if row else None

    def _build_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(False)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = view.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        digit = view.fontMetrics().horizontalAdvance("0")
        for column, chars in COLUMN_CHARS.items():
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            # Room for the title, its margins and the sort arrow, whatever the language.
            fits_title = header.fontMetrics().horizontalAdvance(title) + SORT_ARROW_ROOM
            header.resizeSection(column, max(chars * digit, fits_title))
        header.setSectionResizeMode(FAILED_RULES, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        view.setSortingEnabled(True)
        return view

    def _connect_callbacks(self) -> None:
        self.filter_bar.filter_changed.connect(self._on_filter_changed)
        self.model.reloaded.connect(self._on_reloaded)
        self.model.load_failed.connect(self._on_load_failed)
        self.view.activated.connect(self._on_activated)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator)

    def _on_filter_changed(self, queue_filter) -> None:
        self.count_label.setText(self.tr("Loading…"))
        self.model.set_filter(queue_filter)

    def _on_reloaded(self, total: int) -> None:
        self.count_label.setStyleSheet("")
        count = QLocale().toString(total)
        self.count_label.setText(self.tr("1 call") if total == 1 else self.tr("{} calls").format(count))

    def _on_load_failed(self, message: str) -> None:
        self.count_label.setStyleSheet("color: #c62828")
        self.count_label.setText(self.tr("Could not read the queue: {}").format(message))

    def _on_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.call_activated.emit(row.call_id)

    def _on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        """Columns the service cannot sort keep the indicator where it was."""
        if column in SORT_KEYS:
            return
        header = self.view.horizontalHeader()
        current = {v: k for k, v in SORT_KEYS.items()}[self.model.query.sort]
        order = Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(current, order)
        header.blockSignals(False)

