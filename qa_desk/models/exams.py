"""Exams, attempts and answers (qa_desk.training.exam holds the rules; this is the store)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa_desk.models.base import Base, utcnow

OPEN = "open"
SUBMITTED = "submitted"  # objective questions graded, short answers waiting for a grader
GRADED = "graded"  # every question has its final points


class Exam(Base):
    __tablename__ = "exams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("question_banks.id"))
    # ExamDefinition.to_dict(): settings change together and are read together.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExamAttempt(Base):
    __tablename__ = "exam_attempts"
    # Two windows starting at once cannot both take the candidate's last attempt.
    __table_args__ = (UniqueConstraint("exam_id", "candidate", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"))
    candidate: Mapped[str] = mapped_column(String(100))
    number: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    # questions.id in the order shown, and each question's option keys in the order shown.
    question_ids: Mapped[list[Any]] = mapped_column(JSON)
    option_orders: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The latest clock reading seen for this attempt: a clock set back cannot undo time used.
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str | None] = mapped_column(String(16))  # candidate or timeout
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    # Optimistic locking: a submit or answer based on an older read is refused, never doubled.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    answers: Mapped[list[ExamAnswer]] = relationship(
        order_by="ExamAnswer.position", cascade="all, delete-orphan", back_populates="attempt")


class ExamAnswer(Base):
    __tablename__ = "exam_answers"
    # One row per question of an attempt: saving again updates it.
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("exam_attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    response: Mapped[Any | None] = mapped_column(JSON)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Final points; None while a short answer waits for a grader.
    points: Mapped[float | None] = mapped_column(Float)
    suggested: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    graded_by: Mapped[str | None] = mapped_column(String(100))
    graded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str | None] = mapped_column(Text)

    attempt: Mapped[ExamAttempt] = relationship(back_populates="answers")
