"""The audit trail in the app: who did what, when and why, filtered, newest first, with the
before/after of the selected entry as a readable diff and a check of the hash chain.

Reading is refused by the service for roles without "audit.read"; the page then says so."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.models import AuditEntry
from qa_desk.services import access, audit
from qa_desk.views.tables import read_only_table
from qa_desk.views.workers import Worker, task

PAGE = 200
ACTION_PREFIXES = ("review.", "evaluation.", "dispute.", "pack.", "policy.", "exam.", "user.",
                   "export.", "reward.")
NO_DATE = QDate(2000, 1, 1)
ADDED, REMOVED = "#e6f4ea", "#fce8e6"


class AuditPage(QWidget):
    def __init__(self, database: Database, identity: access.Actor | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = database
        self._reader: access.Actor = identity or "system"
        self._entries: list[AuditEntry] = []
        self._more = False
        self._worker: Worker | None = None
        self.who = QComboBox(editable=True)
        self.who.lineEdit().setPlaceholderText(self.tr("Anyone"))
        self.action = QComboBox(editable=True)
        self.action.addItem("")
        self.action.addItems(ACTION_PREFIXES)
        self.action.lineEdit().setPlaceholderText(self.tr("Any action (prefix)"))
        self.who.setMinimumWidth(140)
        self.action.setMinimumWidth(170)
        self.entity = QLineEdit(placeholderText=self.tr("e.g. evaluation:12"))
        self.date_from, self.date_to = self._date_edit(), self._date_edit()
        self.text = QLineEdit(placeholderText=self.tr("Reason, names, before/after…"))
        for line in (self.who.lineEdit(), self.action.lineEdit(), self.entity, self.text):
            line.returnPressed.connect(self.refresh)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.refresh)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.table = read_only_table([self.tr("Time"), self.tr("Who"), self.tr("Action"),
                                      self.tr("Entity"), self.tr("Reason")],
                                     stretch=4, single=True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.more_button = QPushButton(self.tr("Load more"))
        self.more_button.clicked.connect(self.load_more)
        self.count = QLabel()
        self.detail = QTextEdit(readOnly=True)
        self.verify_button = QPushButton(self.tr("Verify chain"))
        self.verify_button.clicked.connect(self.verify)
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        self.verify_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._layout()
        if access.allowed(self._reader, "audit.read"):
            self._fill_actors()
            self.refresh()
        else:
            self._refuse()

    # -- layout ------------------------------------------------------------------------------
    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("any day"))
        edit.setDate(NO_DATE)
        return edit

    def _layout(self) -> None:
        filters = QGridLayout()
        for column, (label, widget) in enumerate((
                (self.tr("Who"), self.who), (self.tr("Action"), self.action),
                (self.tr("Entity"), self.entity), (self.tr("From"), self.date_from),
                (self.tr("To"), self.date_to), (self.tr("Text"), self.text))):
            filters.addWidget(QLabel(label), 0, column)
            filters.addWidget(widget, 1, column)
        filters.setColumnStretch(2, 1)
        filters.setColumnStretch(5, 2)
        filters.addWidget(self.search_button, 1, 6)
        filters.addWidget(self.clear_button, 1, 7)
        paging = QHBoxLayout()
        paging.addWidget(self.count, 1)
        paging.addWidget(self.more_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addLayout(paging)
        right = QWidget()
        details = QVBoxLayout(right)
        details.setContentsMargins(0, 0, 0, 0)
        details.addWidget(QLabel(self.tr("Before → after")))
        details.addWidget(self.detail, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([800, 400])
        verify = QHBoxLayout()
        verify.addWidget(self.verify_button)
        verify.addWidget(self.verify_result, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(verify)
        self.message.hide()

    def _refuse(self) -> None:
        try:
            access.require(self._reader, "audit.read")
        except access.PermissionDenied as exc:
            self.message.setText(str(exc))
        self.message.show()
        for widget in (self.who, self.action, self.entity, self.date_from, self.date_to,
                       self.text, self.search_button, self.clear_button, self.more_button,
                       self.verify_button, self.table):
            widget.setEnabled(False)

    # -- reading -----------------------------------------------------------------------------
    def query(self, before_id: int | None = None) -> audit.AuditQuery:
        action = self.action.currentText().strip()
        return audit.AuditQuery(
            actor=self.who.currentText().strip() or None,
            action_prefix=action or None,
            entity_text=self.entity.text().strip() or None,
            date_from=self._day(self.date_from), date_to=self._day(self.date_to),
            text=self.text.text().strip() or None, before_id=before_id, limit=PAGE + 1)

    def refresh(self) -> None:
        self._entries = []
        self.table.setRowCount(0)
        self.detail.clear()
        self._load(None)

    def load_more(self) -> None:
        if self._entries and self._more:
            self._load(self._entries[-1].id)

    def _load(self, before_id: int | None) -> None:
        try:
            found = audit.history(self._db, self.query(before_id), reader=self._reader)
        except access.PermissionDenied as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self._more = len(found) > PAGE
        found = found[:PAGE]
        start = self.table.rowCount()
        self._entries.extend(found)
        self.table.setRowCount(start + len(found))
        for row, entry in enumerate(found, start):
            values = (audit.local_time(entry.at).strftime("%Y-%m-%d %H:%M:%S"), entry.actor,
                      entry.action, entry.entity, entry.reason or "")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.more_button.setEnabled(self._more)
        if self._more:
            self.count.setText(self.tr("{0} entries shown, more below").format(len(self._entries)))
        else:
            self.count.setText(self.tr("%n entries", "", len(self._entries)))
        if start == 0 and self._entries:
            self.table.selectRow(0)

    def _fill_actors(self) -> None:
        self.who.addItem("")
        self.who.addItems(audit.actors(self._db, reader=self._reader))

    def clear_filters(self) -> None:
        self.who.setCurrentText("")
        self.action.setCurrentText("")
        self.entity.clear()
        self.text.clear()
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        self.refresh()

    @staticmethod
    def _day(edit: QDateEdit) -> date | None:
        value = edit.date()
        return None if value == NO_DATE else date(value.year(), value.month(), value.day())

    # -- detail ------------------------------------------------------------------------------
    def selected(self) -> AuditEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self._entries[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        entry = self.selected()
        self.detail.setHtml(self.detail_html(entry) if entry else "")

    def detail_html(self, entry: AuditEntry) -> str:
        head = [
            (self.tr("Time"), audit.local_time(entry.at).strftime("%Y-%m-%d %H:%M:%S %z")),
            (self.tr("Who"), entry.actor), (self.tr("Action"), entry.action),
            (self.tr("Entity"), entry.entity), (self.tr("Reason"), entry.reason or "—"),
            (self.tr("Row"), str(entry.id)),
        ]
        parts = ["<table>"]
        parts += [f"<tr><td><b>{html.escape(k)}</b>&nbsp;</td><td>{html.escape(v)}</td></tr>"
                  for k, v in head]
        parts.append("</table>")
        lines = audit.change_lines(entry.before, entry.after)
        if not lines:
            empty = self.tr("No before or after recorded.")
            parts.append(f"<p><i>{html.escape(empty)}</i></p>")
            return "".join(parts)
        parts.append("<pre style='font-family: monospace'>")
        for line in lines:
            text = html.escape(line)
            if line.startswith("+"):
                parts.append(f"<span style='background:{ADDED}'>{text}</span>")
            elif line.startswith("-"):
                parts.append(f"<span style='background:{REMOVED}'>{text}</span>")
            else:
                parts.append(text)
            parts.append("\n")
        parts.append("</pre>")
        return "".join(parts)

    # -- the chain ---------------------------------------------------------------------------
    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_result.setText(self.tr("Checking every row…"))
        self._worker = Worker(task(audit.verify, self._db, reader=self._reader))
        self._worker.signals.finished.connect(self._verified)
        self._worker.signals.failed.connect(self._verify_failed)
        self._worker.start()

    def _verified(self, result: audit.Verification) -> None:
        self.verify_button.setEnabled(True)
        if result.ok:
            self.verify_result.setStyleSheet("color: #2e7d32")
            self.verify_result.setText(self.tr("Chain OK: %n rows verified", "", result.rows))
        else:
            self.verify_result.setStyleSheet("color: #c62828; font-weight: bold")
            why = {"changed": self.tr("it was changed after it was written"),
                   "unlinked": self.tr("it does not follow the row before it (a row was deleted "
                                       "or inserted)")}.get(result.kind, result.problem)
            self.verify_result.setText(self.tr("Chain BROKEN at row {0}: {1}").format(
                result.first_broken, why))

    def _verify_failed(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self.verify_result.setStyleSheet("color: #c62828")
        self.verify_result.setText(message)
