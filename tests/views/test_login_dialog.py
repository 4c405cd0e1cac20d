from __future__ import annotations

from qa_desk.services.accounts import AccountService
from qa_desk.views.login_dialog import LoginDialog


def test_first_start_creates_the_administrator(qtbot, db):
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.first_run
    dialog.username.setText("boss")
    dialog.password.setText("a-good-password")
    dialog.repeat.setText("another-password")
    dialog.sign_in()
    assert dialog.identity is None and "differ" in dialog.message.text()
    dialog.password.setText("a-good-password")
    dialog.repeat.setText("a-good-password")
    dialog.sign_in()
    assert dialog.identity.username == "boss" and dialog.identity.is_admin


def test_sign_in_and_the_demo_hint(qtbot, db):
    passwords = AccountService(db).ensure_demo_users()
    dialog = LoginDialog(db, demo_passwords=passwords)
    qtbot.addWidget(dialog)
    assert not dialog.first_run
    assert passwords["supervisor"] in "".join(
        label.text() for label in dialog.findChildren(type(dialog.message)))
    dialog.username.setText("supervisor")
    dialog.password.setText("wrong-password")
    dialog.sign_in()
    assert dialog.identity is None and dialog.message.text()
    dialog.password.setText(passwords["supervisor"])
    dialog.sign_in()
    assert dialog.identity.role == "supervisor"


def test_passwords_are_not_shown_outside_demo_mode(qtbot, db):
    passwords = AccountService(db).ensure_demo_users()
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    shown = "".join(label.text() for label in dialog.findChildren(type(dialog.message)))
    assert not any(password in shown for password in passwords.values())
