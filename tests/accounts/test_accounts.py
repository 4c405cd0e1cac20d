"""Accounts: argon2id hashes, lockout, password policy, admin-only role changes, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from qa_desk.services import audit
from qa_desk.services.accounts import (
    AccountError,
    AccountService,
    Identity,
    LoginError,
    PasswordPolicyError,
    PermissionDenied,
)

SECRET = "Correct-Horse-42"
ADMIN = Identity("root", "admin")
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _dump(database) -> str:
    with database.engine.connect() as connection:
        users = connection.execute(text("SELECT * FROM users")).fetchall()
        entries = connection.execute(text("SELECT * FROM audit_log")).fetchall()
    return repr(users) + repr(entries)


def test_hash_is_argon2id_and_the_clear_password_is_stored_nowhere(any_db):
    service = AccountService(any_db)
    assert not service.has_users()
    service.create_user("Alice", SECRET, "supervisor", actor="test", display_name="Alice W")
    service.change_password("alice", SECRET, SECRET + "-new")
    assert service.has_users()
    with any_db.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$")
    dump = _dump(any_db)
    assert SECRET not in dump and SECRET + "-new" not in dump
    actions = [e.action for e in audit.history(any_db)]
    assert actions == ["user.password", "user.create"]
    assert audit.verify(any_db).ok


def test_login_is_case_insensitive_and_returns_a_plain_identity(any_db):
    service = AccountService(any_db)
    service.create_user("Agent7", SECRET, "agent", actor="test", display_name="七号", agent_id="1024")
    identity = service.authenticate("AGENT7", SECRET)
    assert identity == Identity("agent7", "agent", "1024", "七号")
    with pytest.raises(AccountError, match="already exists"):
        service.create_user("agent7", SECRET, "hr", actor="test")


def test_lockout_after_repeated_failures_then_released(any_db):
    service = AccountService(any_db)
    service.create_user("bob", SECRET, "agent", actor="test")
    messages = []
    for i in range(10):
        with pytest.raises(LoginError) as failed:
            service.authenticate("bob", "wrong-password", now=T0 + timedelta(seconds=i))
        messages.append(str(failed.value))
    assert "locked until" in messages[4] and "locked until" in messages[9]
    assert "wrong username or password" in messages[0]
    with pytest.raises(LoginError, match="locked until"):
        service.authenticate("bob", SECRET, now=T0 + timedelta(minutes=10))
    identity = service.authenticate("bob", SECRET, now=T0 + timedelta(minutes=16))
    assert identity.username == "bob"
    user = service.get("bob")
    assert user.failed_attempts == 0 and user.locked_until is None
    assert [e.action for e in audit.history(any_db, action="user.lockout")] == ["user.lockout"]


def test_a_success_resets_the_failure_count(db):
    service = AccountService(db)
    service.create_user("carol", SECRET, "hr", actor="test")
    for _ in range(4):
        with pytest.raises(LoginError):
            service.authenticate("carol", "nope-nope", now=T0)
    service.authenticate("carol", SECRET, now=T0)
    for _ in range(4):
        with pytest.raises(LoginError, match=r"^wrong username or password$"):
            service.authenticate("carol", "nope-nope", now=T0)
    assert service.authenticate("carol", SECRET, now=T0).role == "hr"


def test_unknown_user_and_deactivated_user_are_refused(db):
    service = AccountService(db)
    service.create_user("root", SECRET, "admin", actor="test")
    service.create_user("dave", SECRET, "agent", actor="test")
    with pytest.raises(LoginError) as unknown:
        service.authenticate("nobody", SECRET)
    with pytest.raises(LoginError) as wrong:
        service.authenticate("root", "not-the-password")
    assert str(unknown.value) == str(wrong.value) == "wrong username or password"  # names stay secret
    service.deactivate("dave", actor=ADMIN, reason="left the company")
    with pytest.raises(LoginError, match="deactivated"):
        service.authenticate("dave", SECRET)


def test_password_policy_messages(any_db):
    service = AccountService(any_db)
    with pytest.raises(PasswordPolicyError, match="at least 8 characters"):
        service.create_user("erin", "short", "agent", actor="test")
    with pytest.raises(PasswordPolicyError, match="must not be the same as the username"):
        service.create_user("longusername", "LongUserName", "agent", actor="test")
    service.create_user("erin", SECRET, "agent", actor="test")
    with pytest.raises(PasswordPolicyError, match="at least 8"):
        service.change_password("erin", SECRET, "1234567")
    with pytest.raises(LoginError):
        service.change_password("erin", "not-the-password", "another-good-one")
    assert not service.has_users() or service.get("erin").failed_attempts == 1
    with pytest.raises(AccountError, match="unknown role"):
        service.create_user("frank", SECRET, "boss", actor="test")


def test_only_an_admin_sets_roles_or_deactivates(any_db):
    service = AccountService(any_db)
    service.create_user("root", SECRET, "admin", actor="test")
    service.create_user("sue", SECRET, "supervisor", actor="test")
    service.create_user("gina", SECRET, "agent", actor="test")
    supervisor = service.authenticate("sue", SECRET)
    with pytest.raises(PermissionDenied, match="only an admin"):
        service.set_role("gina", "supervisor", actor=supervisor)
    with pytest.raises(PermissionDenied):
        service.deactivate("gina", actor=supervisor)
    with pytest.raises(PermissionDenied):
        service.create_user("hank", SECRET, "agent", actor=supervisor)
    assert service.get("gina").role == "agent"
    admin = service.authenticate("root", SECRET)
    assert service.set_role("gina", "supervisor", actor=admin).role == "supervisor"
    entry = audit.history(any_db, action="user.role")[0]
    assert (entry.actor, entry.entity) == ("root", "user:gina")
    assert (entry.before["role"], entry.after["role"]) == ("agent", "supervisor")
    with pytest.raises(AccountError, match="last active admin"):
        service.set_role("root", "agent", actor=admin)


def test_a_stale_version_is_refused(db):
    service = AccountService(db)
    service.create_user("ivy", SECRET, "agent", actor="test")
    seen = service.get("ivy").version
    service.set_role("ivy", "hr", actor=ADMIN)
    with pytest.raises(AccountError, match="reload"):
        service.set_role("ivy", "supervisor", actor=ADMIN, expected_version=seen)


def test_hash_is_upgraded_when_the_parameters_change(db):
    cheap = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    AccountService(db, hasher=cheap).create_user("jo", SECRET, "agent", actor="test")
    before = AccountService(db).get("jo")
    AccountService(db).authenticate("jo", SECRET)
    with db.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert "m=8192" not in stored and not PasswordHasher().check_needs_rehash(stored)
    assert AccountService(db).get("jo").version > before.version


def test_demo_users_one_per_role(db):
    service = AccountService(db)
    credentials = service.ensure_demo_users()
    assert set(credentials) == {"admin", "supervisor", "agent", "hr"}
    assert service.ensure_demo_users() == credentials
    for username, password in credentials.items():
        assert service.authenticate(username, password).role == username
    assert service.authenticate("agent", credentials["agent"]).agent_id == "1024"
    assert len(service.list_users()) == 4
