"""The main window: sections on the left, status bar, shortcuts, drag-and-drop import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.services import access
from qa_desk.services.access import Identity
from qa_desk.services.calls import CallService
from qa_desk.settings import Settings, load_settings

CALLS, REVIEW, EXAMS, REPORTS, REWARDS, RULES, AUDIT, USERS, SETTINGS = range(9)
# Sections a role does not use are hidden; the services refuse the actions anyway.
HIDDEN_FOR = {
    "agent": {RULES, AUDIT, USERS},
    "hr": {RULES, USERS},
    "supervisor": {USERS},
    "admin": set(),
}


class MainWindow(QMainWindow):
    language_did_change = Signal(str)

    def __init__(self, database: Database, *, demo: bool = False,
                 settings: Settings | None = None, identity: Identity | None = None) -> None:
        super().__init__()
        self._db = database
        self._demo = demo
        self.identity = identity
        self.settings = settings or load_settings()
        title = self.tr("QA Desk") + (self.tr(" — demo database") if demo else "")
        if identity is not None:
            title += f" — {identity.label}"
        self.setWindowTitle(title)
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(150)
        self.pages = QStackedWidget()
        self._build_pages()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(CALLS)
        self._restore_window_state()
        self.refresh_status()

    # -- pages ---------------------------------------------------------------------------
    def _build_pages(self) -> None:
        from qa_desk.scoring import load_pack
        from qa_desk.views.audit_page import AuditPage
        from qa_desk.views.call_view import CallView
        from qa_desk.views.dashboard_page import DashboardPage
        from qa_desk.views.exams import ExamsPage
        from qa_desk.views.queue import QueuePage
        from qa_desk.views.rewards_page import RewardsPage
        from qa_desk.views.rules_page import RulesPage
        from qa_desk.views.settings_page import SettingsPage
        from qa_desk.views.users_page import UsersPage

        actor = self.actor
        pack_path = self._active_pack_path()
        pack = load_pack(pack_path)
        self.queue = QueuePage(self._db, pack=pack, actor=actor)
        self.dashboard = DashboardPage(self._db, pack, actor=actor)
        self.exams = ExamsPage(self._db, user_name=self.settings.reviewer_name(), identity=self.identity)
        self.queue.call_activated.connect(self.open_call)
        self.call_view = CallView(self._db, None, reviewer=self.settings.reviewer_name(),
                                  identity=self.identity,
                                  dispute_window_days=self.settings.dispute_window_days)
        self.call_view.evaluation_did_change.connect(lambda _: self.refresh())
        self.rules_page = RulesPage(self._db, pack_path, identity=actor)
        self.rules_page.pack_did_change.connect(self._pack_did_change)
        self.settings_page = SettingsPage(self.settings, actor=actor)
        self.settings_page.settings_did_change.connect(self._settings_did_change)
        self.users_page = UsersPage(self._db, self.identity)
        self.rewards_page = RewardsPage(self._db, self.identity)
        self.rewards_page.call_activated.connect(self.open_call)
        self.audit_page = AuditPage(self._db, actor)
        pages = [
            (self.tr("Calls"), self.queue),
            (self.tr("Review"), self.call_view),
            (self.tr("Exams"), self.exams),
            (self.tr("Reports"), self.dashboard),
            (self.tr("Rewards"), self.rewards_page),
            (self.tr("Rules"), self.rules_page),
            (self.tr("Audit"), self.audit_page),
            (self.tr("Users"), self.users_page),
            (self.tr("Settings"), self.settings_page),
        ]
        hidden = HIDDEN_FOR.get(self.identity.role, set()) if self.identity else set()
        for index, (title, page) in enumerate(pages):
            item = QListWidgetItem(title, self.navigation)
            item.setHidden(index in hidden)
            self.pages.addWidget(page)

    @property
    def actor(self) -> access.Actor:
        """Who the services act for: the signed-in user, or this desk's owner without accounts."""
        return self.identity if self.identity is not None else "system"


    def open_call(self, call_id: str) -> None:
        self.call_view.load(call_id)
        self.navigation.setCurrentRow(REVIEW)

    # -- actions and shortcuts -------------------------------------------------------------
    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.import_action = QAction(self.tr("&Import transcripts…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self.import_paths([]))
        self.import_action.setEnabled(access.allowed(self.actor, "calls.import"))
        menu.addAction(self.import_action)
        refresh = QAction(self.tr("&Refresh"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        menu.addAction(refresh)
        self.export_action = QAction(self.tr("&Export reports for HR…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_reports)
        self.export_action.setEnabled(access.allowed(self.actor, "reports.export"))
        menu.addAction(self.export_action)
        self.form_action = QAction(self.tr("Save this call's evaluation &form (PDF)…"), self)
        self.form_action.setShortcut(QKeySequence("Ctrl+P"))
        self.form_action.triggered.connect(lambda: self.save_evaluation_form())
        menu.addAction(self.form_action)
        menu.addSeparator()
        self.password_action = QAction(self.tr("Change my &password…"), self)
        self.password_action.triggered.connect(self.change_password)
        self.password_action.setEnabled(self.identity is not None)
        menu.addAction(self.password_action)
        menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        go = self.menuBar().addMenu(self.tr("&Go"))
        for index in range(self.navigation.count()):
            if self.navigation.item(index).isHidden():
                continue
            action = QAction(self.navigation.item(index).text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.navigation.setCurrentRow(i))
            go.addAction(action)
        self.addActions([self.import_action, self.export_action, self.form_action, refresh, quit_action,
                         *go.actions()])

    def export_reports(self) -> None:
        """Evaluation forms, period reports and the HR workbook for chosen agents and a period."""
        from qa_desk.reports import DEFAULT_ORGANISATION
        from qa_desk.views.export_dialog import ExportDialog

        dialog = ExportDialog(self._db, self.identity,
                              self.settings.organisation or DEFAULT_ORGANISATION, self,
                              mask=self.settings.mask_personal_data)
        dialog.exec()

    def save_evaluation_form(self, path: str | None = None) -> str | None:
        """The open call's signable form; returns the document id, or None (and says why)."""
        from PySide6.QtWidgets import QFileDialog

        from qa_desk.reports import DEFAULT_ORGANISATION
        from qa_desk.services.reports import ReportError, ReportService

        call_id = self.call_view.call_id
        if not call_id:
            self.statusBar().showMessage(self.tr("Open a call first."))
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the evaluation form"),
                                                  f"评估表_{call_id}.pdf", "PDF (*.pdf)")
            if not path:
                return None
        partial = Path(path + ".part")
        try:
            document = ReportService(self._db).write_evaluation_pdf(
                call_id, partial, organisation=self.settings.organisation or DEFAULT_ORGANISATION,
                mask=self.settings.mask_personal_data or not access.allowed(self.actor, "reports.unmask"),
                actor=self.actor)
            partial.replace(path)
        except (ReportError, OSError, access.PermissionDenied) as exc:
            QMessageBox.warning(self, self.tr("Evaluation form"), str(exc))
            return None
        finally:
            partial.unlink(missing_ok=True)
        self.statusBar().showMessage(self.tr("Saved {0} (document {1}).").format(path, document))
        return document

    def change_password(self) -> None:
        from qa_desk.services.accounts import AccountService
        from qa_desk.views.users_page import PasswordDialog

        if self.identity is None:
            return
        accounts = AccountService(self._db)
        dialog = PasswordDialog(self.tr("Change my password"), current=True, parent=self)
        dialog.submit = lambda old, new: accounts.change_password(self.identity.username, old, new)
        if dialog.exec():
            self.statusBar().showMessage(self.tr("Password changed."))

    def import_paths(self, paths: list[Path]) -> None:
        from qa_desk.views.import_dialog import ImportDialog

        if not access.allowed(self.actor, "calls.import"):
            QMessageBox.information(self, self.tr("Import transcripts"),
                                    self.tr("Only a QA supervisor or an administrator imports calls."))
            return
        dialog = ImportDialog(self._db, parent=self, pack_path=self.settings.rule_pack or None)
        dialog.calls_imported.connect(lambda _ids: self.queue.refresh())
        if paths:
            dialog.start(paths)
        dialog.exec()
        self.refresh()

    def refresh(self) -> None:
        self.queue.refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        count = CallService(self._db).count()
        message = self.tr("{0} calls · {1}").format(count, self._db.url)
        if access.allowed(self.actor, "disputes.rule"):
            from qa_desk.services.queue import QueueService

            if disputed := QueueService(self._db, self.actor).open_disputes():
                message += " · " + self.tr("%n call(s) with an open dispute (Calls ▸ Status)", "",
                                           disputed)
        if getattr(self, "pack_problem", None):
            message += " · " + self.tr("Rule pack: {0}").format(self.pack_problem)
        self.statusBar().showMessage(message)

    # -- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- settings and window state ---------------------------------------------------------
    def _settings_did_change(self, settings: Settings) -> None:
        language_changed = settings.language != self.settings.language
        self.settings = settings
        self.call_view.set_reviewer(settings.reviewer_name())
        if language_changed:
            self.language_did_change.emit(settings.language)
            QMessageBox.information(self, self.tr("Language"),
                                    self.tr("The new language applies after a restart."))

    def _active_pack_path(self) -> str | None:
        """The version an administrator activated (shared by every desk on the database), else
        this desk's own choice in Settings, else the built-in default."""
        from dataclasses import replace

        from qa_desk.services.rule_packs import PackVersionError, RulePackStore

        self.pack_problem = None
        try:
            active = RulePackStore().active(self._db)
        except PackVersionError as exc:
            self.pack_problem = str(exc)
            active = None
        if active is not None:
            self.settings = replace(self.settings, rule_pack=str(active.path))
        return self.settings.rule_pack or None

    def _pack_did_change(self, path: str) -> None:
        """An activated version becomes the pack in use: new evaluations use it, old ones keep
        theirs."""
        from dataclasses import replace

        self.settings = replace(self.settings, rule_pack=path)
        self.settings.save()
        self.statusBar().showMessage(self.tr("New rule pack version in use: {}").format(path))

    def _restore_window_state(self) -> None:
        state = QSettings()
        geometry = state.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        section = state.value("main_window/section")
        if section is not None:
            self.navigation.setCurrentRow(int(section))

    def closeEvent(self, event) -> None:
        state = QSettings()
        state.setValue("main_window/geometry", self.saveGeometry())
        state.setValue("main_window/section", self.navigation.currentRow())
        super().closeEvent(event)
