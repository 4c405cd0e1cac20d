"""ExportDialog: choose agents and a period, and write a folder of PDFs plus the HR workbook.

A thin front over `qa_desk.services.batch_export`: the export runs as one background job
(`export_job`) with progress per file; Cancel stops before the next file (or inside the
workbook), and only whole files are ever left in the folder.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import suppress
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.reports import DEFAULT_ORGANISATION, Period, parse_period
from qa_desk.services import access
from qa_desk.services.access import Identity
from qa_desk.services.batch_export import (
    ExportRequest,
    ExportResult,
    export_agents,
    latest_month,
    run_export,
)
from qa_desk.views.job_dialog import JobDialog
from qa_desk.views.workers import Cancelled, Progress, Worker

FAILED_TEXT = "#c62828"


def export_job(database: Database, request: ExportRequest, *, actor: access.Actor,
               should_stop: Callable[[], bool]) -> Generator[Progress, None, ExportResult]:
    """The background job. A cancel thrown at a progress report is passed on as the stop
    flag: the export finishes the file it is on (none, between files) and returns what it
    wrote, marked cancelled."""
    steps = run_export(database, request, actor=actor, should_stop=should_stop)
    progress = next(steps)
    while True:
        with suppress(Cancelled):  # should_stop() is now true: seen before the next file
            yield progress
        try:
            progress = next(steps)
        except StopIteration as stop:
            return stop.value


class ExportDialog(JobDialog):
    exported = Signal(object)  # the ExportResult, when a run ends having written files

    def __init__(self, database: Database, identity: Identity | None = None,
                 organisation: str = DEFAULT_ORGANISATION, parent: QWidget | None = None, *,
                 mask: bool = True) -> None:
        """`mask`: the masking box's first state (Settings.mask_personal_data); a role that
        may not unmask always exports masked."""
        super().__init__(parent)
        self._database = database
        self._actor: access.Actor = identity if identity is not None else "system"
        self._organisation = organisation
        self._mask = mask
        self.setWindowTitle(self.tr("Export reports"))
        self.resize(640, 600)
        self._build()
        self._connect_callbacks()
        self._set_running(False)
        self.refresh_agents()

    # -- public ---------------------------------------------------------------------------------

    def period(self) -> Period:
        if self.month_button.isChecked():
            month = self.month_edit.date()
            return parse_period(f"{month.year():04d}-{month.month():02d}")
        first, last = _day(self.from_edit.date()), _day(self.to_edit.date())
        return parse_period(f"{first.isoformat()}..{last.isoformat()}")

    def chosen_agents(self) -> tuple[str, ...]:
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in self._agent_items()
                     if item.checkState() == Qt.CheckState.Checked)

    def start(self) -> bool:
        """Export what the form says, in the background; False (with a message) if it cannot."""
        if self.is_running:
            return False
        problem = self._problem()
        if problem:
            self._show_error(problem)
            return False
        agents = self.chosen_agents()
        everyone = len(agents) == len(self._agent_items())
        request = ExportRequest(Path(self.folder_edit.text().strip()), self.period(),
                                agents=None if everyone else agents,
                                mask=self.mask_box.isChecked(), organisation=self._organisation)
        self.summary.clear()
        self.summary.setStyleSheet("")
        self.open_button.hide()
        self._launch(Worker(export_job, self._database, request, actor=self._actor))
        return True

    def refresh_agents(self) -> None:
        """List the agents with scored calls in the chosen period: checked, except those the
        user unchecked."""
        try:
            agents = export_agents(self._database, self.period(), actor=self._actor)
        except (access.PermissionDenied, ValueError) as exc:
            self.agent_list.clear()
            self._show_error(str(exc))
            return
        unchecked = {item.data(Qt.ItemDataRole.UserRole) for item in self._agent_items()
                     if item.checkState() != Qt.CheckState.Checked}
        self.agent_list.clear()
        for agent in agents:
            text = self.tr("{agent} — calls: {count}").format(
                agent=agent.label if agent.agent_id else self.tr("No agent id"), count=agent.calls)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, agent.agent_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if agent.agent_id in unchecked
                               else Qt.CheckState.Checked)
            self.agent_list.addItem(item)
        self._update_start()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.month_button = QRadioButton(self.tr("Month"))
        self.range_button = QRadioButton(self.tr("From"))
        self._period_group = QButtonGroup(self)
        self._period_group.addButton(self.month_button)
        self._period_group.addButton(self.range_button)
        self.month_button.setChecked(True)
        first = latest_month(self._database) or date.today().replace(day=1)
        self.month_edit = _date_edit(QDate(first.year, first.month, 1), "yyyy-MM")
        self.from_edit = _date_edit(QDate(first.year, first.month, 1), "yyyy-MM-dd")
        self.to_edit = _date_edit(QDate(first.year, first.month, 1).addMonths(1).addDays(-1),
                                  "yyyy-MM-dd")
        self.to_label = QLabel(self.tr("to"))
        self.agent_list = QListWidget()
        self.agent_list.setUniformItemSizes(True)
        self.all_button = QPushButton(self.tr("All"))
        self.none_button = QPushButton(self.tr("None"))
        self.folder_edit = QLineEdit(_default_folder())
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.mask_box = QCheckBox(self.tr("Mask phone, ID card and bank card numbers"))
        may_unmask = access.allowed(self._actor, "reports.unmask")
        self.mask_box.setChecked(self._mask or not may_unmask)
        self.mask_box.setEnabled(may_unmask)
        if not may_unmask:
            self.mask_box.setToolTip(self.tr("Your role may only export masked numbers."))
        self.current = QLabel()
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m files"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("Export"),
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button = self.buttons.addButton(self.tr("Open folder"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.hide()
        self.close_button = self.buttons.addButton(self.tr("Close"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self._lay_out()

    def _lay_out(self) -> None:
        period = QHBoxLayout()
        for widget in (self.month_button, self.month_edit, self.range_button, self.from_edit,
                       self.to_label, self.to_edit):
            period.addWidget(widget)
        period.addStretch(1)
        choose = QHBoxLayout()
        choose.addWidget(self.all_button)
        choose.addWidget(self.none_button)
        choose.addStretch(1)
        agents = QVBoxLayout()
        agents.addWidget(self.agent_list, 1)
        agents.addLayout(choose)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Period:"), period)
        form.addRow(self.tr("Agents:"), agents)
        form.addRow(self.tr("Save in:"), folder)
        form.addRow("", self.mask_box)
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel_button)
        hint = QLabel(self.tr("One folder per agent with each call's evaluation form and the "
                              "agent's period report; the HR workbook at the top."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(hint)
        layout.addWidget(self.current)
        layout.addLayout(running)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _connect_callbacks(self) -> None:
        self.month_button.toggled.connect(self._on_period_kind)
        for edit in (self.month_edit, self.from_edit, self.to_edit):
            edit.dateChanged.connect(self.refresh_agents)
        self.all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.agent_list.itemChanged.connect(self._update_start)
        self.folder_edit.textChanged.connect(self._update_start)
        self.browse_button.clicked.connect(self._on_browse)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)

    def _set_running(self, running: bool) -> None:
        for widget in (self.month_button, self.range_button, self.month_edit, self.from_edit,
                       self.to_edit, self.agent_list, self.all_button, self.none_button,
                       self.folder_edit, self.browse_button):
            widget.setEnabled(not running)
        if not running:
            self._enable_period(self.month_button.isChecked())
        self.mask_box.setEnabled(not running and access.allowed(self._actor, "reports.unmask"))
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
        self._update_start()

    def _update_start(self, *_: object) -> None:
        self.start_button.setEnabled(not self.is_running and not self._problem())

    def _problem(self) -> str | None:
        if not self.folder_edit.text().strip():
            return self.tr("Choose a folder to save in.")
        if not self.chosen_agents():
            return self.tr("Choose at least one agent.")
        if self.range_button.isChecked() and self.to_edit.date() < self.from_edit.date():
            return self.tr("The period ends before it starts.")
        return None

    # -- handlers -------------------------------------------------------------------------------

    def _on_period_kind(self, month: bool) -> None:
        self._enable_period(month)
        self.refresh_agents()

    def _enable_period(self, month: bool) -> None:
        running = self.is_running
        self.month_edit.setEnabled(month and not running)
        for widget in (self.from_edit, self.to_edit, self.to_label):
            widget.setEnabled(not month and not running)

    def _check_all(self, state: Qt.CheckState) -> None:
        for item in self._agent_items():
            item.setCheckState(state)

    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose where to save the export"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def open_folder(self) -> None:
        if self.last_result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_result.folder)))

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if self._worker is not None and not self._worker.should_stop():
            self.current.setText(self.tr("Written: {name}").format(name=name) if name else
                                 self.tr("Exporting {count} files…").format(count=total))

    def _on_finished(self, result: ExportResult) -> None:
        self._end_run()
        self.last_result = result
        self.progress.setRange(0, max(result.total, 1))
        self.progress.setValue(len(result.files))
        self.current.setText(self.tr("Cancelled.") if result.cancelled else self.tr("Finished."))
        self.summary.setText(self._summary_text(result))
        if result.failed:
            self.summary.setStyleSheet(f"color: {FAILED_TEXT}")
        self.open_button.show()
        if result.files:
            self.exported.emit(result)
        self._close_if_asked()

    def _on_failed(self, message: str) -> None:
        self._end_run()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.current.setText(self.tr("The export stopped with an error."))
        self._show_error(message)
        self._close_if_asked()

    def _close_if_asked(self) -> None:
        if self._close_when_done:
            super().reject()

    def _show_error(self, message: str) -> None:
        self.summary.setStyleSheet(f"color: {FAILED_TEXT}")
        self.summary.setText(message)

    def _summary_text(self, result: ExportResult) -> str:
        text = self.tr("Saved in {folder}: {forms} evaluation forms, {reports} agent reports, "
                       "{workbooks} workbook.").format(
            folder=result.folder, forms=len(result.forms), reports=len(result.agent_reports),
            workbooks=1 if result.workbook else 0)
        if result.cancelled:
            text += " " + self.tr("Cancelled after {done} of {total} files; every file "
                                  "written is complete.").format(done=len(result.files),
                                                                 total=result.total)
        if result.failed:
            what, why = result.failed[0]
            text += " " + self.tr("Not written: {count} (first: {what}: {why}).").format(
                count=len(result.failed), what=what, why=why)
        return text

    def _agent_items(self) -> list[QListWidgetItem]:
        return [self.agent_list.item(i) for i in range(self.agent_list.count())]


def _date_edit(value: QDate, display: str) -> QDateEdit:
    edit = QDateEdit(value)
    edit.setDisplayFormat(display)
    edit.setCalendarPopup(True)
    return edit


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _default_folder() -> str:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents or str(Path.home())
