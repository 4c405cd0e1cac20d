"""Evaluations: a call scored with one version of one rule pack, and its items."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_desk.models.base import Base, utcnow


class Evaluation(Base):
    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_call_created", "call_pk", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_pk: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    pack_id: Mapped[str] = mapped_column(String(100))
    pack_version: Mapped[str] = mapped_column(String(64))
    auto_score: Mapped[float] = mapped_column(Float)
    reviewed_score: Mapped[float | None] = mapped_column(Float)
    fatal: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="auto")  # auto, in_review, signed
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Rule ids that failed automatically, kept beside the items for the queue's column.
    failed_rules: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None]
    signed_by: Mapped[str | None] = mapped_column(String(100))
    signed_at: Mapped[datetime | None]
    # Sign-offs, reopenings and their reasons, oldest first: [{"at", "by", "action", "reason"}].
    history: Mapped[list[Any]] = mapped_column(default=list)
    # Optimistic locking: a save that read an older version is refused, never lost.
    version: Mapped[int] = mapped_column(Integer, default=1)

    items: Mapped[list[EvaluationItem]] = relationship(
        order_by="EvaluationItem.position", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}


class EvaluationItem(Base):
    __tablename__ = "evaluation_items"
    __table_args__ = (Index("ix_evaluation_items_rule_result", "rule_id", "result"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(200))
    section: Mapped[str | None] = mapped_column(String(100))
    fatal: Mapped[bool] = mapped_column(Boolean, default=False)
    bonus: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str] = mapped_column(String(8))
    points: Mapped[float] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[Any]] = mapped_column(default=list)
    detail: Mapped[str | None] = mapped_column(Text)
    # The supervisor's review of the automatic verdict: confirmed / rejected / overridden.
    review: Mapped[str | None] = mapped_column(String(16))
    reviewed_points: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
