"""Users: an admin adds accounts, changes roles and details, resets passwords, deactivates and
reactivates. Every action goes through AccountService, which checks the role again and writes
the audit trail; this page only collects input and shows the service's answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.services import access
from qa_desk.services.access import Identity
from qa_desk.services.accounts import AccountError, AccountService, UserView
from qa_desk.views.role_labels import role_label


class UserDialog(QDialog):
    """A new account: name, role, agent id for agents, and the first password twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a user"))
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in access.ROLES:
            self.role.addItem(role_label(role), role)
        self.role.setCurrentIndex(access.ROLES.index(access.AGENT))
        self.agent_id = QLineEdit()
        self.agent_id.setPlaceholderText(self.tr("工号, links an agent to their calls"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Agent id"), self.agent_id)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PasswordDialog(QDialog):
    """A password typed twice; with `current`, the user's present password first."""

    def __init__(self, title: str, *, current: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.current = QLineEdit() if current else None
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        form = QFormLayout(self)
        if self.current is not None:
            form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("Repeat new password"), self.repeat)
        for field in (self.current, self.new, self.repeat):
            if field is not None:
                field.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setStyleSheet("color: #b3261e")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.submit = None  # set by the caller: new password -> None, or raises AccountError

    def _check(self) -> None:
        if self.new.text() != self.repeat.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        try:
            if self.submit is not None:
                self.submit(self.current.text() if self.current else "", self.new.text())
        except AccountError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class UsersPage(QWidget):
    def __init__(self, database: Database, identity: Identity | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = AccountService(database)
        self.identity = identity
        self.users: list[UserView] = []
        headers = [self.tr("User name"), self.tr("Display name"), self.tr("Role"),
                   self.tr("Agent id"), self.tr("Status"), self.tr("Failed sign-ins")]
        self.model = QStandardItemModel(0, len(headers), self)
        self.model.setHorizontalHeaderLabels(headers)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, title, slot in (
            ("add", self.tr("Add user…"), self._add_clicked),
            ("role", self.tr("Change role…"), self._role_clicked),
            ("details", self.tr("Edit details…"), self._details_clicked),
            ("password", self.tr("Reset password…"), self._password_clicked),
            ("deactivate", self.tr("Deactivate…"), self._deactivate_clicked),
            ("reactivate", self.tr("Reactivate / unlock"), self._reactivate_clicked),
        ):
            button = QPushButton(title)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Users and roles"))
        title.setStyleSheet("font-size: 16px; font-weight: 600")
        layout.addWidget(title)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    @property
    def is_admin(self) -> bool:
        return self.identity is None or access.allowed(self.identity, "users.manage")

    def refresh(self) -> None:
        self.users = self._accounts.list_users() if self.is_admin else []
        self.model.setRowCount(0)
        for user in self.users:
            status = self.tr("active") if user.active else self.tr("deactivated")
            if user.locked_until is not None:
                status = self.tr("locked until {0}").format(user.locked_until.strftime("%H:%M"))
            cells = [user.username, user.display_name or "", role_label(user.role),
                     user.agent_id or "", status, str(user.failed_attempts)]
            self.model.appendRow([_cell(text) for text in cells])
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
        self.note.setText(
            self.tr("Only an administrator manages users. Changes are recorded in the audit trail.")
            if self.is_admin else
            self.tr("Only an administrator manages users. Use File ▸ Change my password for your own."))
        self._update_buttons()

    def selected(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def select(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(row)

    # -- actions (the dialogs collect input; these do the work and can be driven by tests) --
    def add_user(self, username: str, password: str, role: str, *, display_name: str = "",
                 agent_id: str = "") -> bool:
        return self._run(lambda: self._accounts.create_user(
            username, password, role, actor=self._actor(), display_name=display_name,
            agent_id=agent_id), self.tr("Added {0}.").format(username.strip().casefold()))

    def set_role(self, username: str, role: str) -> bool:
        return self._run(lambda: self._accounts.set_role(username, role, actor=self._actor()),
                         self.tr("{0} is now {1}.").format(username, role_label(role)))

    def update_details(self, username: str, display_name: str, agent_id: str) -> bool:
        return self._run(lambda: self._accounts.update_details(
            username, actor=self._actor(), display_name=display_name, agent_id=agent_id),
            self.tr("Saved {0}.").format(username))

    def reset_password(self, username: str, password: str) -> None:
        """Raises AccountError so the password dialog can show it beside the fields."""
        self._accounts.reset_password(username, password, actor=self._actor())
        self._done(self.tr("New password set for {0}.").format(username))

    def deactivate(self, username: str, reason: str) -> bool:
        return self._run(lambda: self._accounts.deactivate(username, actor=self._actor(),
                                                           reason=reason),
                         self.tr("{0} can no longer sign in.").format(username))

    def reactivate(self, username: str) -> bool:
        return self._run(lambda: self._accounts.reactivate(username, actor=self._actor()),
                         self.tr("{0} can sign in again.").format(username))

    # -- buttons ------------------------------------------------------------------------
    def _add_clicked(self) -> None:
        dialog = UserDialog(self)
        while dialog.exec():
            if dialog.password.text() != dialog.repeat.text():
                self._fail(self.tr("The two passwords differ."))
                continue
            if self.add_user(dialog.username.text(), dialog.password.text(),
                             dialog.role.currentData(), display_name=dialog.display_name.text(),
                             agent_id=dialog.agent_id.text()):
                return

    def _role_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        labels = [role_label(r) for r in access.ROLES]
        label, ok = QInputDialog.getItem(self, self.tr("Change role"),
                                         self.tr("Role of {0}").format(user.username), labels,
                                         access.ROLES.index(user.role), False)
        if ok:
            self.set_role(user.username, access.ROLES[labels.index(label)])

    def _details_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Edit details"), self.tr("Display name"),
                                        text=user.display_name or "")
        if not ok:
            return
        agent_id, ok = QInputDialog.getText(self, self.tr("Edit details"),
                                            self.tr("Agent id (工号)"), text=user.agent_id or "")
        if ok:
            self.update_details(user.username, name, agent_id)

    def _password_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordDialog(self.tr("Reset the password of {0}").format(user.username),
                                current=False, parent=self)
        dialog.submit = lambda _current, new: self.reset_password(user.username, new)
        dialog.exec()

    def _deactivate_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Deactivate"),
                                          self.tr("Why can {0} no longer sign in?").format(
                                              user.username))
        if ok:
            self.deactivate(user.username, reason)

    def _reactivate_clicked(self) -> None:
        if (user := self.selected()) is not None:
            self.reactivate(user.username)

    # -- helpers ------------------------------------------------------------------------
    def _actor(self) -> Identity:
        if self.identity is None:
            raise AccountError(self.tr("Sign in as an administrator to manage users."))
        return self.identity

    def _run(self, action, success: str) -> bool:
        try:
            action()
        except AccountError as exc:
            self._fail(str(exc))
            return False
        self._done(success)
        return True

    def _done(self, text: str) -> None:
        selected = self.selected()
        self.refresh()
        if selected is not None:
            self.select(selected.username)
        self.message.setStyleSheet("color: #1b5e20")
        self.message.setText(text)

    def _fail(self, text: str) -> None:
        self.message.setStyleSheet("color: #b3261e")
        self.message.setText(text)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for key, button in self.buttons.items():
            button.setEnabled(self.is_admin and (key == "add" or chosen))


def _cell(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item
