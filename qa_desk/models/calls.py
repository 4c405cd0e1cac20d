"""Agents, calls, and what was said and done in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_desk.models.base import Base, utcnow


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))


class Call(Base):
    __tablename__ = "calls"
    __table_args__ = (
        Index("ix_calls_agent_started", "agent_id", "started_at"),
        # The queue sorts by date by default; deep pages need it without an agent filter.
        Index("ix_calls_started", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[str] = mapped_column(String(200), unique=True)
    agent_id: Mapped[str | None] = mapped_column(ForeignKey("agents.id"))
    channel: Mapped[str] = mapped_column(String(16), default="inbound")
    # Wall-clock time where the call happened: months and days are the agent's, not UTC's.
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    utc_offset_minutes: Mapped[int | None] = mapped_column(Integer)
    duration: Mapped[float | None] = mapped_column(Float)
    audio_path: Mapped[str | None] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    char_count: Mapped[int] = mapped_column(Integer, default=0)
    has_timestamps: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The evaluation the queue shows: the newest, unless a signed one must stay in force.
    current_evaluation_id: Mapped[int | None] = mapped_column(
        ForeignKey("evaluations.id", use_alter=True, ondelete="SET NULL")
    )

    agent: Mapped[Agent | None] = relationship()
    turns: Mapped[list[Turn]] = relationship(
        order_by="Turn.idx", cascade="all, delete-orphan", back_populates="call"
    )
    events: Mapped[list[CallEvent]] = relationship(cascade="all, delete-orphan")


class Turn(Base):
    __tablename__ = "turns"
    # Clustered by call: a call's turns are read together, and one B-tree makes import cheaper.
    __table_args__ = {"sqlite_with_rowid": False}

    call_pk: Mapped[int] = mapped_column(
        ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker: Mapped[str] = mapped_column(String(16))
    start: Mapped[float | None] = mapped_column(Float)
    end: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)

    call: Mapped[Call] = relationship(back_populates="turns")


class CallEvent(Base):
    __tablename__ = "call_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_pk: Mapped[int] = mapped_column(
        ForeignKey("calls.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(32))
    start: Mapped[float | None] = mapped_column(Float)
    end: Mapped[float | None] = mapped_column(Float)
    at: Mapped[float | None] = mapped_column(Float)
    by: Mapped[str | None] = mapped_column(String(16))
