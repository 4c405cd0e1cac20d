"""Disputes: an agent contests one item of a signed evaluation; another supervisor rules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qa_desk.models.base import Base, utcnow


class Dispute(Base):
    __tablename__ = "disputes"
    __table_args__ = (
        # The supervisors' list of open disputes, oldest first; an agent's own.
        Index("ix_disputes_status_opened", "status", "opened_at"),
        Index("ix_disputes_agent_status", "agent_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[str] = mapped_column(String(100))  # the disputed item
    agent_id: Mapped[str] = mapped_column(String(64))  # whose call: the one who may dispute it
    reason: Mapped[str] = mapped_column(Text)
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, accepted, rejected
    ruled_by: Mapped[str | None] = mapped_column(String(100))
    ruled_at: Mapped[datetime | None]
    ruling: Mapped[str | None] = mapped_column(Text)
    # Points the item got when the dispute was accepted (None: verdict reversed, or rejected).
    ruled_points: Mapped[float | None] = mapped_column(Float)
    # The evaluation's version the ruling produced (accepted: the newly signed one).
    evaluation_version: Mapped[int | None] = mapped_column(Integer)
    # Optimistic locking: two supervisors ruling at once, the second is told, never lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
