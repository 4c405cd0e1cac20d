"""Sign-in accounts: argon2id password hashes, lockout after repeated failures, roles that only
an admin changes. Every change to a user appends an audit entry; no clear password and no hash
ever goes into the audit trail, a log or an error message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from qa_desk.db import Database
from qa_desk.models import User
from qa_desk.models.accounts import ROLES
from qa_desk.models.base import as_utc
from qa_desk.services import access, audit
from qa_desk.services.access import Actor, Identity

ADMIN, SUPERVISOR, AGENT, HR = ROLES
MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SYSTEM = "system"
# Shown on the login screen in demo mode only; never use these on real data.
DEMO_PASSWORDS = {
    "admin": "admin-demo-1",
    "supervisor": "supervisor-demo-1",
    "agent": "agent-demo-1",
    "hr": "hr-demo-1",
}
DEMO_AGENT_ID = "1024"


class AccountError(ValueError):
    """An account action that cannot be taken as asked; the message says why."""


class PasswordPolicyError(AccountError):
    pass


class LoginError(AccountError):
    pass


class PermissionDenied(AccountError, access.PermissionDenied):
    pass


class ConflictError(AccountError):
    pass


@dataclass(frozen=True, slots=True)
class UserView:
    username: str
    display_name: str | None
    role: str
    agent_id: str | None
    active: bool
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int




class AccountService:
    """`hasher` is for tests and tuning; the default is argon2-cffi's recommended argon2id."""

    def __init__(self, database: Database, *, hasher: PasswordHasher | None = None) -> None:
        self._db = database
        self._hasher = hasher or PasswordHasher()
        self._dummy_hash: str | None = None

    # --- reading -------------------------------------------------------------------------------

    def has_users(self) -> bool:
        with self._db.sessions() as session:
            return session.scalar(select(func.count()).select_from(User)) > 0

    def get(self, username: str) -> UserView | None:
        with self._db.sessions() as session:
            user = _find(session, username)
            return _view(user) if user else None

    def list_users(self) -> list[UserView]:
        with self._db.sessions() as session:
            return [_view(u) for u in session.scalars(select(User).order_by(User.username))]

    # --- changes -------------------------------------------------------------------------------

    def create_user(self, username: str, password: str, role: str, *, actor: Actor,
                    display_name: str | None = None, agent_id: str | None = None) -> UserView:
        """An `Identity` actor (someone signed in) must be an admin; a plain string actor is a
        trusted local path such as the command line or first-run set-up."""
        _require_admin(actor, "create users")
        key = _username_key(username)
        _check_role(role)
        check_password(key, password)
        user = User(username=key, display_name=(display_name or "").strip() or None, role=role,
                    agent_id=(agent_id or "").strip() or None,
                    password_hash=self._hasher.hash(password), failed_attempts=0, active=True)
        try:
            with self._db.sessions.begin() as session:
                if _find(session, key) is not None:
                    raise AccountError(f"a user named {key!r} already exists")
                session.add(user)
                session.flush()
                audit.record(session, actor=_actor_name(actor), action="user.create",
                             entity=_entity(key), after=_snapshot(user))
        except IntegrityError:
            raise AccountError(f"a user named {key!r} already exists") from None
        return self.get(key)

    def authenticate(self, username: str, password: str, now: datetime | None = None) -> Identity:
        """The signed-in identity, or LoginError saying why not. Five wrong passwords in a row
        lock the account for fifteen minutes; a correct one resets the count."""
        now = as_utc(now or datetime.now(UTC))
        try:
            key = _username_key(username)
        except AccountError:
            raise LoginError("wrong username or password") from None
        with self._db.sessions.begin() as session:
            user, problem = self._credentials(session, key, password, now, actor=SYSTEM)
            identity = None if problem else _identity(user)
        # The failure count and any lock are committed above before the refusal is raised.
        if identity is None:
            raise LoginError(problem)
        return identity

    def change_password(self, username: str, old: str, new: str, now: datetime | None = None
                        ) -> None:
        """The user's own change: the current password is checked like a login (and counts
        towards the lockout when wrong)."""
        now = as_utc(now or datetime.now(UTC))
        key = _username_key(username)
        check_password(key, new)
        if new == old:
            raise PasswordPolicyError("the new password must differ from the current one")
        with self._db.sessions.begin() as session:
            user, problem = self._credentials(session, key, old, now, actor=key)
            if problem is None:
                self._set_password(session, user, new, actor=key)
        if problem:
            raise LoginError(problem)

    def _credentials(self, session: Session, key: str, password: str, now: datetime, *,
                     actor: str) -> tuple[User | None, str | None]:
        """The user and None when the password is right and the account usable, else why not
        (counting the failure). An unknown name costs a full hash check too, so neither the
        answer nor its timing tells which names exist."""
        user = _find(session, key)
        if user is None:
            self._burn_time(password)
            return None, "wrong username or password"
        problem = self._check_password(session, user, password, now, actor=actor)
        if problem is None and not user.active:
            problem = f"the account {key!r} is deactivated: ask an administrator"
        return user, problem

    def reset_password(self, username: str, new: str, *, actor: Actor) -> None:
        """Set a password without the old one (an admin, or the local command line); clears
        any lock."""
        _require_admin(actor, "reset passwords")
        key = _username_key(username)
        check_password(key, new)
        self._change(key, actor, lambda session, user: self._set_password(
            session, user, new, actor=_actor_name(actor)))

    def set_role(self, username: str, role: str, *, actor: Identity,
                 expected_version: int | None = None) -> UserView:
        _require_admin(actor, "change roles", identity_only=True)
        _check_role(role)
        key = _username_key(username)

        def change(session: Session, user: User) -> None:
            if user.role == role:
                return
            if user.role == ADMIN:
                _keep_an_admin(session, user)
            before = _snapshot(user)
            user.role = role
            session.flush()
            audit.record(session, actor=actor.username, action="user.role", entity=_entity(key),
                         before=before, after=_snapshot(user))
        self._change(key, actor, change, expected_version)
        return self.get(key)

    def deactivate(self, username: str, *, actor: Identity, reason: str | None = None,
                   expected_version: int | None = None) -> UserView:
        _require_admin(actor, "deactivate users", identity_only=True)
        key = _username_key(username)

        def change(session: Session, user: User) -> None:
            if not user.active:
                return
            if user.role == ADMIN:
                _keep_an_admin(session, user)
            before = _snapshot(user)
            user.active = False
            session.flush()
            audit.record(session, actor=actor.username, action="user.deactivate",
                         entity=_entity(key), before=before, after=_snapshot(user),
                         reason=(reason or "").strip() or None)
        self._change(key, actor, change, expected_version)
        return self.get(key)

    def reactivate(self, username: str, *, actor: Identity, reason: str | None = None,
                   expected_version: int | None = None) -> UserView:
        """Let a deactivated account sign in again; also clears a lockout."""
        _require_admin(actor, "reactivate users", identity_only=True)
        key = _username_key(username)

        def change(session: Session, user: User) -> None:
            if user.active and not user.locked_until and not user.failed_attempts:
                return
            before = _snapshot(user)
            user.active, user.locked_until, user.failed_attempts = True, None, 0
            session.flush()
            audit.record(session, actor=actor.username, action="user.reactivate",
                         entity=_entity(key), before=before, after=_snapshot(user),
                         reason=(reason or "").strip() or None)
        self._change(key, actor, change, expected_version)
        return self.get(key)

    def update_details(self, username: str, *, actor: Identity, display_name: str | None,
                       agent_id: str | None, expected_version: int | None = None) -> UserView:
        """The name shown in the app and the agent id (工号) that links an agent to their calls."""
        _require_admin(actor, "change user details", identity_only=True)
        key = _username_key(username)

        def change(session: Session, user: User) -> None:
            before = _snapshot(user)
            user.display_name = (display_name or "").strip() or None
            user.agent_id = (agent_id or "").strip() or None
            if _snapshot(user) == before:
                return
            session.flush()
            audit.record(session, actor=actor.username, action="user.details",
                         entity=_entity(key), before=before, after=_snapshot(user))
        self._change(key, actor, change, expected_version)
        return self.get(key)

    def ensure_demo_users(self) -> dict[str, str]:
        """One account per role for the demo database; existing accounts are left alone.
        Returns username -> password for the login screen's demo hint."""
        for role, password in DEMO_PASSWORDS.items():
            if self.get(role) is None:
                self.create_user(role, password, role, actor=SYSTEM,
                                 display_name=f"Demo {role}",
                                 agent_id=DEMO_AGENT_ID if role == AGENT else None)
        return dict(DEMO_PASSWORDS)

    # --- inside a transaction ------------------------------------------------------------------

    def _check_password(self, session: Session, user: User, password: str, now: datetime,
                        *, actor: str) -> str | None:
        """None when the password is right; else why not, with the failure recorded."""
        locked_until = as_utc(user.locked_until) if user.locked_until else None
        if locked_until and locked_until > now:
            return (f"the account {user.username!r} is locked until {_when(locked_until)} "
                    f"after {MAX_FAILURES} failed sign-ins in a row: try again then")
        if self._verify(user.password_hash, password):
            if user.failed_attempts or user.locked_until:
                user.failed_attempts, user.locked_until = 0, None
            if self._hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self._hasher.hash(password)
            return None
        user.failed_attempts = (user.failed_attempts or 0) + 1
        if user.failed_attempts < MAX_FAILURES:
            # The same words as for a name that does not exist: no hint of which names do.
            return "wrong username or password"
        user.failed_attempts, user.locked_until = 0, now + LOCKOUT
        session.flush()
        audit.record(session, actor=actor, action="user.lockout", entity=_entity(user.username),
                     after={"locked_until": user.locked_until.isoformat(timespec="seconds"),
                            "failed_attempts": MAX_FAILURES})
        return (f"wrong username or password: the account {user.username!r} is now locked until "
                f"{_when(user.locked_until)} after {MAX_FAILURES} failed sign-ins in a row")

    def _set_password(self, session: Session, user: User, password: str, *, actor: str) -> None:
        user.password_hash = self._hasher.hash(password)
        user.failed_attempts, user.locked_until = 0, None
        session.flush()
        # The entry says that it changed, never what to.
        audit.record(session, actor=actor, action="user.password", entity=_entity(user.username),
                     after={"password": "changed"})

    def _change(self, key: str, actor: Actor, change: Callable[[Session, User], None],
                expected_version: int | None = None) -> None:
        try:
            with self._db.sessions.begin() as session:
                user = _find(session, key)
                if user is None:
                    raise AccountError(f"no user named {key!r}")
                if expected_version is not None and user.version != expected_version:
                    raise ConflictError(_conflict_message(user))
                change(session, user)
        except StaleDataError:
            raise ConflictError(f"the user {key!r} was changed by someone else meanwhile: "
                                "reload and try again") from None

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _burn_time(self, password: str) -> None:
        """Spend what a real check costs, so an unknown username is not told apart by timing."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not a real password")
        self._verify(self._dummy_hash, password)


def check_password(username: str, password: str) -> None:
    """The password policy; PasswordPolicyError says what to fix."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long")
    if password.strip().casefold() == username.strip().casefold():
        raise PasswordPolicyError("the password must not be the same as the username")


def _username_key(username: str) -> str:
    key = (username or "").strip().casefold()
    if not key:
        raise AccountError("the username is empty")
    if len(key) > 64:
        raise AccountError("the username must be at most 64 characters long")
    if any(c.isspace() for c in key):
        raise AccountError("the username must not contain spaces")
    return key


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")


def _require_admin(actor: Actor, what: str, *, identity_only: bool = False) -> None:
    if isinstance(actor, Identity):
        if not actor.is_admin:
            raise PermissionDenied(f"only an admin can {what} ({actor.username} is {actor.role})")
    elif identity_only or not str(actor).strip():
        raise PermissionDenied(f"only a signed-in admin can {what}")


def _keep_an_admin(session: Session, user: User) -> None:
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == ADMIN, User.active.is_(True), User.id != user.id))
    if not others:
        raise AccountError(f"{user.username!r} is the last active admin: make another admin first")


def _find(session: Session, key: str) -> User | None:
    return session.scalar(select(User).where(User.username == key.strip().casefold()))


def _actor_name(actor: Actor) -> str:
    return actor.username if isinstance(actor, Identity) else str(actor)


def _entity(key: str) -> str:
    return f"user:{key}"


def _snapshot(user: User) -> dict[str, Any]:
    """What the audit trail keeps of a user: never the password or its hash."""
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "agent_id": user.agent_id, "active": user.active}


def _identity(user: User) -> Identity:
    return Identity(username=user.username, role=user.role, agent_id=user.agent_id,
                    display_name=user.display_name)


def _view(user: User) -> UserView:
    return UserView(username=user.username, display_name=user.display_name, role=user.role,
                    agent_id=user.agent_id, active=user.active,
                    failed_attempts=user.failed_attempts,
                    locked_until=as_utc(user.locked_until) if user.locked_until else None,
                    created_at=as_utc(user.created_at), updated_at=as_utc(user.updated_at),
                    version=user.version)



def _when(moment: datetime) -> str:
    return as_utc(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def _conflict_message(user: User) -> str:
    return (f"the user {user.username!r} was changed at {_when(user.updated_at)} since you "
            "opened it: reload to see the changes")
