"""Guessing a password: ten wrong ones lock the account with a clear message; while locked the
right password is refused exactly like a wrong one (no oracle), more guesses do not extend the
lock, and the account opens again when the lock ends. Time is injected, not waited for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from qa_desk.services import audit
from qa_desk.services.accounts import LOCKOUT, MAX_FAILURES, AccountService, LoginError

SECRET = "Correct-Horse-42"
T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def refused(service, password, at) -> str:
    with pytest.raises(LoginError) as failed:
        service.authenticate("bob", password, now=at)
    return str(failed.value)


def test_ten_wrong_passwords_lock_until_the_lockout_ends(any_db):
    service = AccountService(any_db)
    service.create_user("bob", SECRET, "supervisor", actor="test")
    messages = [refused(service, f"guess-{n}", T0 + timedelta(seconds=n)) for n in range(10)]
    locked_at = T0 + timedelta(seconds=MAX_FAILURES - 1)
    until = locked_at + LOCKOUT
    for message in messages[:MAX_FAILURES - 1]:
        assert message == "wrong username or password"  # as for a name that does not exist
    assert "is now locked until" in messages[MAX_FAILURES - 1]
    for message in messages[MAX_FAILURES:]:
        assert "'bob' is locked until" in message and "try again then" in message
    assert service.get("bob").locked_until == until  # later guesses did not extend it
    # the right password during the lock: refused, with the same words as a wrong one
    during = until - timedelta(seconds=1)
    right = refused(service, SECRET, during)
    assert right == refused(service, "still-wrong", during)
    assert "locked until" in right
    # the lock ends on time
    identity = service.authenticate("bob", SECRET, now=until)
    assert identity.username == "bob" and service.get("bob").failed_attempts == 0
    lockouts = audit.history(any_db, action="user.lockout")
    assert len(lockouts) == 1 and lockouts[0].entity.endswith("bob")
    assert audit.verify(any_db).ok
