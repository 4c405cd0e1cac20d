"""Sign in, or create the first administrator on an empty database. In demo mode the demo
accounts and their passwords are listed; they are never shown otherwise."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from qa_desk.db import Database
from qa_desk.services.accounts import ADMIN, AccountError, AccountService, Identity


class LoginDialog(QDialog):
    def __init__(self, database: Database, *, demo_passwords: dict[str, str] | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self._accounts = AccountService(database)
        self.identity: Identity | None = None
        self.first_run = not self._accounts.has_users()
        self.setMinimumWidth(360)
        self.setWindowTitle(self.tr("Create the administrator") if self.first_run
                            else self.tr("Sign in to QA Desk"))
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        if self.first_run:
            form.addRow(self.tr("Repeat password"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self.first_run:
            layout.addWidget(QLabel(self.tr("This database has no accounts yet. Choose the "
                                            "administrator's user name and password.")))
        layout.addLayout(form)
        if demo_passwords:
            layout.addWidget(self._demo_hint(demo_passwords))
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _demo_hint(self, passwords: dict[str, str]) -> QLabel:
        rows = "".join(f"<tr><td>{user}</td><td>&nbsp;&nbsp;{password}</td></tr>"
                       for user, password in passwords.items())
        hint = QLabel(self.tr("Demo database accounts:") + f"<table>{rows}</table>")
        hint.setStyleSheet("color: #555")
        return hint

    def sign_in(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        try:
            if self.first_run:
                if password != self.repeat.text():
                    raise AccountError(self.tr("The two passwords differ."))
                self._accounts.create_user(name, password, ADMIN, actor="first start")
            self.identity = self._accounts.authenticate(name, password)
        except AccountError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            return
        self.accept()
