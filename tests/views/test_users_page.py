"""The Users page over a real SQLite file: an admin adds, edits, demotes, deactivates and
reactivates accounts; each change lands in the store and the audit trail; others cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from qa_desk.services import audit
from qa_desk.services.access import Identity
from qa_desk.services.accounts import AccountError, AccountService, LoginError
from qa_desk.views.users_page import PasswordDialog, UsersPage

SHOTS = Path(__file__).resolve().parents[2] / "shots"
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
ADMIN = Identity("root", "admin", display_name="管理员")


@pytest.fixture
def accounts(db):
    service = AccountService(db, hasher=FAST)
    service.create_user("root", "root-password-1", "admin", actor="set-up")
    return service


@pytest.fixture
def page(qtbot, db, accounts, monkeypatch):
    monkeypatch.setattr("qa_desk.views.users_page.AccountService",
                        lambda database: AccountService(database, hasher=FAST))
    widget = UsersPage(db, ADMIN)
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    return widget


def test_an_admin_manages_accounts_from_the_page(page, accounts, db):
    assert page.add_user("LiMing", "agent-pass-1", "agent", display_name="李明", agent_id="1024")
    assert [u.username for u in page.users] == ["liming", "root"]
    assert page.model.item(0, 1).text() == "李明" and page.model.item(0, 3).text() == "1024"
    assert not page.add_user("liming", "agent-pass-1", "agent")
    assert "already exists" in page.message.text()
    assert not page.add_user("short", "abc", "agent")
    assert accounts.get("short") is None

    assert page.set_role("liming", "supervisor") and accounts.get("liming").role == "supervisor"
    assert page.update_details("liming", "李明明", "2048")
    assert accounts.get("liming").agent_id == "2048"
    page.reset_password("liming", "fresh-pass-2")
    assert accounts.authenticate("liming", "fresh-pass-2").role == "supervisor"
    assert page.deactivate("liming", "离职")
    with pytest.raises(LoginError, match="deactivated"):
        accounts.authenticate("liming", "fresh-pass-2")
    assert page.reactivate("liming")
    assert accounts.authenticate("liming", "fresh-pass-2").username == "liming"
    actions = [e.action for e in reversed(audit.history(db, actor="root"))]
    assert actions == ["user.create", "user.role", "user.details", "user.password",
                       "user.deactivate", "user.reactivate"]
    assert audit.verify(db).ok
    page.select("liming")
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "users_page.png"))


def test_the_last_admin_cannot_be_demoted(page):
    assert not page.set_role("root", "agent")
    assert "admin" in page.message.text()


def test_a_supervisor_sees_no_users_and_cannot_act(qtbot, db, accounts):
    widget = UsersPage(db, Identity("wang", "supervisor"))
    qtbot.addWidget(widget)
    assert widget.users == [] and widget.model.rowCount() == 0
    assert not any(b.isEnabled() for b in widget.buttons.values())
    assert not widget.add_user("x", "xxxx-pass-1", "agent")
    assert "only an admin" in widget.message.text()


def test_the_password_dialog_shows_the_services_refusal(qtbot, db, accounts):
    dialog = PasswordDialog("change", current=True)
    qtbot.addWidget(dialog)
    dialog.submit = lambda old, new: accounts.change_password("root", old, new)
    dialog.current.setText("wrong-password")
    dialog.new.setText("another-pass-1")
    dialog.repeat.setText("another-pass-2")
    dialog._check()
    assert "differ" in dialog.message.text()
    dialog.repeat.setText("another-pass-1")
    dialog._check()
    assert "wrong" in dialog.message.text() and dialog.result() == 0
    dialog.current.setText("root-password-1")
    dialog._check()
    assert dialog.result() == 1
    with pytest.raises(AccountError):
        accounts.authenticate("root", "root-password-1")
