"""Question banks and their questions (qa_desk.training holds the rules; this is the store)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_desk.models.base import Base, utcnow


class QuestionBank(Base):
    __tablename__ = "question_banks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The stable id a command line or an exam names the bank by (phone-etiquette).
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan", back_populates="bank"
    )


class Question(Base):
    __tablename__ = "questions"
    # Importing the same file twice must not add its questions twice.
    __table_args__ = (UniqueConstraint("bank_id", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    # The bank file's own id (phone-tf-001), when it has one.
    code: Mapped[str | None] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(16))  # true_false, single, multiple, short
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # true/false: a JSON boolean; single: "A"; multiple: ["A", "B"]; short: null.
    answer: Mapped[Any | None] = mapped_column(JSON)
    points: Mapped[float] = mapped_column(Float)
    difficulty: Mapped[int] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(100))
    explanation: Mapped[str | None] = mapped_column(Text)
    reference_answer: Mapped[str | None] = mapped_column(Text)
    key_points: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")
