"""Reward/penalty policy versions and the entries a supervisor records by hand (奖惩)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qa_desk.models.base import Base, utcnow


class RewardPolicyVersion(Base):
    """Every save of the policy is a new row; the highest version is the one in force."""

    __tablename__ = "reward_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    content: Mapped[str] = mapped_column(Text)  # the policy YAML as saved
    content_hash: Mapped[str] = mapped_column(String(64))  # sha256 of content
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class RewardEntry(Base):
    """A reward or penalty recorded by hand, with its reason. Voiding keeps the row."""

    __tablename__ = "reward_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[str] = mapped_column(String(64), index=True)
    entry_date: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # yuan; negative = penalty
    label: Mapped[str] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(64))  # the policy's manual category id
    reason: Mapped[str] = mapped_column(Text)
    policy_version: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    voided_by: Mapped[str | None] = mapped_column(String(100))
    voided_at: Mapped[datetime | None]
    void_reason: Mapped[str | None] = mapped_column(Text)
