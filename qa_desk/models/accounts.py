"""People who sign in: their role, password hash and lockout state. Never a clear password."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from qa_desk.models.base import Base, utcnow

ROLES = ("admin", "supervisor", "agent", "hr")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'supervisor', 'agent', 'hr')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored case-folded, so the unique constraint makes names unique regardless of case.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    # An agent account's id in the calls (工号); no foreign key, the calls may come later.
    agent_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # argon2id, in the PHC string format ("$argon2id$v=19$m=...").
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: a save that read an older version is refused, never lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
