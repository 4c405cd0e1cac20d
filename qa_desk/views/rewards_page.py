"""Rewards and penalties (奖惩) for HR: the ledger of a month with its total and the sources of
every line, the policy as an editable table saved as a new version, its history, and the form
a supervisor records a praise letter or a complaint with. Controls a role may not use are
read-only; the service checks again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.rewards import (
    EXAM_FAILED,
    KINDS,
    MANUAL,
    REPEATED_FAILURE,
    SCORE_BELOW,
    LedgerLine,
    Policy,
    PolicyError,
    build_policy,
)
from qa_desk.services import access
from qa_desk.services.access import Identity
from qa_desk.services.rewards import RewardError, RewardService, month_of, total
from qa_desk.views.tables import read_only_table
from qa_desk.views.workers import Worker, task

PENALTY = QColor("#c62828")
REWARD = QColor("#2e7d32")
POLICY_COLUMNS = 6  # id, kind, applies to, threshold / from failure, amount, label


def read_ledger(database: Database, month: date, agent: str | None, actor: access.Actor
                ) -> list[LedgerLine]:
    return RewardService(database).ledger(month_of(month), agent, actor=actor)


class RewardsPage(QWidget):
    """Signals `call_activated(call_id)` when a ledger line that cites a call is double-clicked,
    so the main window can open the evaluation it came from."""

    call_activated = Signal(str)

    def __init__(self, database: Database, identity: Identity | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = database
        self._service = RewardService(database)
        self._actor: access.Actor = identity if identity is not None else "system"
        self.can_edit_policy = access.allowed(self._actor, "rewards.policy")
        self.can_record = access.allowed(self._actor, "rewards.manual")
        self._worker: Worker | None = None
        self.lines: list[LedgerLine] | None = None
        self._policy: Policy | None = None

        self.month = QDateEdit()
        self.month.setDisplayFormat("yyyy-MM")
        self.agent = QComboBox()
        self.ledger_table = self._table([self.tr("Date"), self.tr("Agent"), self.tr("Name"),
                                         self.tr("Amount (yuan)"), self.tr("Label"), self.tr("Rule"),
                                         self.tr("Sources"), self.tr("Reason")])
        self.ledger_table.cellDoubleClicked.connect(self._open_source)
        self.total_label = QLabel()
        self.ledger_status = QLabel()

        self.policy_table = self._table([self.tr("Rule id"), self.tr("Kind"), self.tr("Applies to"),
                                         self.tr("Threshold / from failure"),
                                         self.tr("Amount (yuan)"), self.tr("Label")])
        self.add_row_button = QPushButton(self.tr("Add rule"))
        self.remove_row_button = QPushButton(self.tr("Remove rule"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Why the policy changes (kept with the version)"))
        self.save_button = QPushButton(self.tr("Save as new version"))
        self.policy_status = QLabel()
        self.policy_status.setWordWrap(True)
        self.history = self._table([self.tr("Version"), self.tr("Saved at (UTC)"), self.tr("By"),
                                    self.tr("Note")])

        self.entry_agent = QComboBox()
        self.entry_agent.setEditable(True)
        self.entry_date = QDateEdit(QDate.currentDate())
        self.entry_date.setCalendarPopup(True)
        self.entry_date.setDisplayFormat("yyyy-MM-dd")
        self.category = QComboBox()
        self.amount = QDoubleSpinBox(minimum=-99999.99, maximum=99999.99, decimals=2)
        self.amount.setSuffix(self.tr(" yuan"))
        self.label = QLineEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("What happened (required)"))
        self.add_button = QPushButton(self.tr("Record entry"))
        self.entries = self._table([self.tr("No."), self.tr("Date"), self.tr("Agent"),
                                    self.tr("Amount (yuan)"), self.tr("Label"), self.tr("Reason"),
                                    self.tr("Recorded by"), self.tr("Voided")])
        self.void_button = QPushButton(self.tr("Void selected entry…"))
        self.entry_status = QLabel()
        self.entry_status.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._ledger_tab(), self.tr("Ledger"))
        self.tabs.addTab(self._policy_tab(), self.tr("Policy"))
        self.tabs.addTab(self._entries_tab(), self.tr("Manual entries"))
        QVBoxLayout(self).addWidget(self.tabs)
        self._connect()
        self._fill_agents()
        start = self._service.latest_month()
        first = start.first if start else date.today()
        self.month.setDate(QDate(first.year, first.month, 1))
        self.load_policy()
        self._apply_permissions()
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------

    def _table(self, headers: list[str]) -> QTableWidget:
        return read_only_table(headers)

    def _ledger_tab(self) -> QWidget:
        tab = QWidget()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.month)
        bar.addWidget(QLabel(self.tr("Agent")))
        bar.addWidget(self.agent)
        bar.addStretch(1)
        self.agent.setMinimumContentsLength(16)
        foot = QHBoxLayout()
        foot.addWidget(self.ledger_status, 1)
        foot.addWidget(self.total_label)
        column = QVBoxLayout(tab)
        column.addLayout(bar)
        column.addWidget(self.ledger_table, 1)
        column.addLayout(foot)
        return tab

    def _policy_tab(self) -> QWidget:
        tab = QWidget()
        rows = QHBoxLayout()
        rows.addWidget(self.add_row_button)
        rows.addWidget(self.remove_row_button)
        rows.addStretch(1)
        save = QHBoxLayout()
        save.addWidget(QLabel(self.tr("Note")))
        save.addWidget(self.note, 1)
        save.addWidget(self.save_button)
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.policy_table, 1)
        column.addLayout(rows)
        column.addLayout(save)
        column.addWidget(self.policy_status)
        history = QWidget()
        side = QVBoxLayout(history)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(self.tr("Version history (double-click to load a version)")))
        side.addWidget(self.history, 1)
        splitter = QSplitter()
        splitter.addWidget(editor)
        splitter.addWidget(history)
        splitter.setSizes([900, 380])
        QVBoxLayout(tab).addWidget(splitter)
        return tab

    def _entries_tab(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("Agent"), self.entry_agent)
        form.addRow(self.tr("Date"), self.entry_date)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Amount"), self.amount)
        form.addRow(self.tr("Label"), self.label)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        fields = QWidget()
        fields.setLayout(form)
        fields.setMaximumWidth(620)
        column = QVBoxLayout(tab)
        column.addWidget(fields)
        column.addLayout(buttons)
        column.addWidget(self.entry_status)
        column.addWidget(QLabel(self.tr("Entries of the month (voided entries stay, struck out)")))
        column.addWidget(self.entries, 1)
        return tab

    def _connect(self) -> None:
        self.month.dateChanged.connect(lambda _: self.refresh())
        self.agent.currentIndexChanged.connect(lambda _: self.refresh())
        self.save_button.clicked.connect(self.save_policy)
        self.add_row_button.clicked.connect(lambda: self._add_policy_row(("", SCORE_BELOW, "", "", "", "")))
        self.remove_row_button.clicked.connect(self._remove_policy_row)
        self.history.cellDoubleClicked.connect(self._load_version)
        self.category.currentIndexChanged.connect(self._category_chosen)
        self.add_button.clicked.connect(self.add_entry)
        self.void_button.clicked.connect(self.void_selected)

    def _apply_permissions(self) -> None:
        editable = (QAbstractItemView.EditTrigger.DoubleClicked
                    | QAbstractItemView.EditTrigger.EditKeyPressed
                    | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.policy_table.setEditTriggers(
            editable if self.can_edit_policy else QAbstractItemView.EditTrigger.NoEditTriggers)
        for widget in (self.add_row_button, self.remove_row_button, self.note, self.save_button):
            widget.setEnabled(self.can_edit_policy)
        if not self.can_edit_policy:
            self.policy_status.setText(self.tr("Read-only: your role may not change the policy."))
        for widget in (self.entry_agent, self.entry_date, self.category, self.amount, self.label,
                       self.reason, self.add_button, self.void_button):
            widget.setEnabled(self.can_record)
        if not self.can_record:
            self.entry_status.setText(self.tr("Read-only: your role may not record entries."))

    def _fill_agents(self) -> None:
        agents = self._service.agents(actor=self._actor)
        self.agent.blockSignals(True)
        self.agent.clear()
        if access.own_agent(self._actor, "rewards.read_all") is None:
            self.agent.addItem(self.tr("All agents"), None)
        for agent_id, name in agents:
            self.agent.addItem(f"{agent_id} {name or ''}".strip(), agent_id)
            self.entry_agent.addItem(f"{agent_id} {name or ''}".strip(), agent_id)
        self.agent.blockSignals(False)

    # -- the ledger -----------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self.lines = None
        self.ledger_status.setText(self.tr("Reading the ledger…"))
        chosen = self.month.date()
        month = date(chosen.year(), chosen.month(), 1)
        self._worker = Worker(task(read_ledger, self._db, month, self.agent.currentData(), self._actor))
        self._worker.signals.finished.connect(self.show_ledger)
        self._worker.signals.failed.connect(self.ledger_status.setText)
        self._worker.start()
        self._fill_entries(month)

    def show_ledger(self, lines: list[LedgerLine]) -> None:
        self.lines = lines
        table = self.ledger_table
        table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = (line.on.isoformat(), line.agent_id, line.agent_name or "", f"{line.amount:+,.2f}",
                     line.label, line.rule, " / ".join(line.sources), line.reason or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    item.setForeground(QBrush(PENALTY if line.amount < 0 else REWARD))
                if column == 6:
                    item.setToolTip(self.tr("Policy version {0}. Double-click to open the call.")
                                    .format(line.policy_version or "-"))
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        amount = total(lines)
        self.total_label.setText(self.tr("Total: {0} yuan").format(f"{amount:+,.2f}"))
        colour = (PENALTY if amount < 0 else REWARD).name()
        self.total_label.setStyleSheet(f"font-weight: bold; color: {colour}")
        versions = sorted({str(x.policy_version) for x in lines if x.policy_version is not None})
        self.ledger_status.setText(self.tr("%n line(s); policy version {0}", "", len(lines))
                                   .format(", ".join(versions) or "-"))

    def _open_source(self, row: int, _column: int = 0) -> None:
        if self.lines is None or not 0 <= row < len(self.lines):
            return
        calls = [s.removeprefix("call:") for s in self.lines[row].sources if s.startswith("call:")]
        if calls:
            self.call_activated.emit(calls[0])

    # -- the policy -----------------------------------------------------------------------------

    def load_policy(self, version: int | None = None) -> None:
        chosen = (self._service.policy_version(version) if version
                  else self._service.active_version())
        self._policy = chosen.policy
        self.policy_table.setRowCount(0)
        for rule in chosen.policy.rules:
            if rule.kind == REPEATED_FAILURE:
                for step in rule.steps:
                    self._add_policy_row((rule.id, rule.kind, rule.rule or "", str(step.count),
                                          _amount_text(step.amount), rule.label))
            else:
                applies = (rule.exam or "") if rule.kind == EXAM_FAILED else ""
                threshold = f"{rule.threshold:g}" if rule.threshold is not None else ""
                self._add_policy_row((rule.id, rule.kind, applies, threshold,
                                      _amount_text(rule.amount), rule.label))
        for category in chosen.policy.manual:
            self._add_policy_row((category.id, MANUAL, "", "", _amount_text(category.amount),
                                  category.label))
        self.policy_table.resizeColumnsToContents()
        self._fill_history()
        self._fill_categories()
        if version:
            self.policy_status.setText(self.tr("Loaded version {0}: save it to put it back in force.")
                                       .format(version))

    def _add_policy_row(self, cells: tuple[str, ...]) -> None:
        table = self.policy_table
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(cells):
            if column == 1:
                kind = QComboBox()
                kind.addItems([*KINDS, MANUAL])
                kind.setCurrentText(text)
                kind.setEnabled(self.can_edit_policy)
                table.setCellWidget(row, column, kind)
            else:
                table.setItem(row, column, QTableWidgetItem(text))

    def _remove_policy_row(self) -> None:
        row = self.policy_table.currentRow()
        if row >= 0:
            self.policy_table.removeRow(row)

    def table_policy_data(self) -> dict[str, Any]:
        """The table as policy data; settings the table does not show are kept from the
        version it was loaded from."""
        previous = {rule.id: rule for rule in self._policy.rules} if self._policy else {}
        rules: list[dict[str, Any]] = []
        by_id: dict[str, dict[str, Any]] = {}
        manual = []
        for row in range(self.policy_table.rowCount()):
            rule_id, applies, number, amount, label = (
                self._cell(row, column) for column in (0, 2, 3, 4, 5))
            kind = self.policy_table.cellWidget(row, 1).currentText()
            if not any((rule_id, applies, number, amount, label)):
                continue
            if kind == MANUAL:
                manual.append({"id": rule_id, "label": label, "amount": amount})
                continue
            if kind == REPEATED_FAILURE and rule_id in by_id:
                by_id[rule_id]["steps"][_number(number)] = amount
                continue
            item: dict[str, Any] = {"id": rule_id, "kind": kind, "label": label}
            if kind == REPEATED_FAILURE:
                item.update(rule=applies, steps={_number(number): amount})
            else:
                item["amount"] = amount
            if kind == SCORE_BELOW:
                item["threshold"] = _number(number)
                old = previous.get(rule_id)
                if old is not None and old.skip_if_fatal:
                    item["skip_if_fatal"] = True
            if kind == EXAM_FAILED and applies:
                item["exam"] = applies
            if rule_id in previous and previous[rule_id].note:
                item["note"] = previous[rule_id].note
            rules.append(item)
            by_id[rule_id] = item
        return {"id": self._policy.id if self._policy else "policy",
                "name": self._policy.name if self._policy else "policy",
                "rules": rules, "manual": manual}

    def save_policy(self) -> None:
        try:
            policy = build_policy(self.table_policy_data(), source=self.tr("the table"))
            version = self._service.save_policy(policy, actor=self._actor, note=self.note.text())
        except PolicyError as exc:
            self.policy_status.setText(self.tr("Not saved:") + "\n" + "\n".join(exc.problems))
            return
        except (RewardError, access.PermissionDenied) as exc:
            self.policy_status.setText(self.tr("Not saved: {0}").format(exc))
            return
        self.note.clear()
        self.load_policy()
        self.policy_status.setText(self.tr("Saved as version {0}; it is now in force.")
                                   .format(version.version))
        self.refresh()

    def _fill_history(self) -> None:
        versions = self._service.policy_versions()
        self.history.setRowCount(len(versions))
        for row, version in enumerate(versions):
            cells = (str(version.version), f"{version.created_at:%Y-%m-%d %H:%M}", version.created_by,
                     version.note or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, version.version)
                item.setToolTip(text)
                self.history.setItem(row, column, item)
        self.history.resizeColumnsToContents()

    def _load_version(self, row: int, _column: int) -> None:
        item = self.history.item(row, 0)
        if item is not None:
            self.load_policy(int(item.data(Qt.ItemDataRole.UserRole)))

    def _cell(self, row: int, column: int) -> str:
        item = self.policy_table.item(row, column)
        return item.text().strip() if item is not None else ""

    # -- manual entries -------------------------------------------------------------------------

    def _fill_categories(self) -> None:
        self.category.blockSignals(True)
        self.category.clear()
        for category in self._service.active_policy().manual:
            self.category.addItem(f"{category.label} ({category.amount:+,.2f})", category.id)
        self.category.addItem(self.tr("Other (type a label and an amount)"), None)
        self.category.blockSignals(False)
        self._category_chosen()

    def _category_chosen(self, _index: int = 0) -> None:
        category = self._service.active_policy().category(self.category.currentData() or "")
        if category is not None:
            self.amount.setValue(float(category.amount))
            self.label.setText(category.label)
        else:
            self.label.clear()

    def add_entry(self) -> None:
        agent = self.entry_agent.currentData()
        typed = self.entry_agent.currentText().strip()
        if agent is None or not typed.startswith(str(agent)):
            agent = typed.split(" ")[0] if typed else ""
        chosen = self.entry_date.date()
        try:
            entry = self._service.add_entry(
                agent, date(chosen.year(), chosen.month(), chosen.day()),
                Decimal(f"{self.amount.value():.2f}"), self.label.text(), self.reason.text(),
                actor=self._actor)
        except (RewardError, access.PermissionDenied) as exc:
            self.entry_status.setText(self.tr("Not recorded: {0}").format(exc))
            return
        self.reason.clear()
        self.entry_status.setText(self.tr("Recorded entry {0}: {1} {2} yuan for {3}")
                                  .format(entry.id, entry.label, f"{entry.amount:+,.2f}", entry.agent_id))
        self.refresh()

    def void_selected(self, reason: str | None = None) -> None:
        row = self.entries.currentRow()
        if row < 0:
            self.entry_status.setText(self.tr("Choose an entry to void."))
            return
        entry_id = int(self.entries.item(row, 0).text())
        if not isinstance(reason, str):
            reason, ok = QInputDialog.getText(self, self.tr("Void entry"),
                                              self.tr("Why is entry {0} void?").format(entry_id))
            if not ok:
                return
        try:
            self._service.void_entry(entry_id, reason, actor=self._actor)
        except (RewardError, access.PermissionDenied) as exc:
            self.entry_status.setText(self.tr("Not voided: {0}").format(exc))
            return
        self.entry_status.setText(self.tr("Entry {0} voided.").format(entry_id))
        self.refresh()

    def _fill_entries(self, month: date) -> None:
        try:
            entries = self._service.entries(month_of(month), self.agent.currentData(),
                                            actor=self._actor)
        except access.PermissionDenied as exc:
            self.entry_status.setText(str(exc))
            return
        self.entries.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (str(entry.id), entry.on.isoformat(), entry.agent_id, f"{entry.amount:+,.2f}",
                     entry.label, entry.reason, entry.created_by,
                     f"{entry.voided_by}: {entry.void_reason}" if entry.voided else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if entry.voided:
                    font = item.font()
                    font.setStrikeOut(column < 6)
                    item.setFont(font)
                    item.setForeground(QBrush(QColor("#777777")))
                self.entries.setItem(row, column, item)
        self.entries.resizeColumnsToContents()


def _amount_text(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return f"{amount:f}".rstrip("0").rstrip(".") if "." in f"{amount:f}" else f"{amount:f}"


def _number(text: str) -> Any:
    """A table cell as a number when it is one; otherwise the text, for the policy check to name."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value
