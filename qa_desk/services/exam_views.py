"""What the exam service hands out: plain results and its errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from qa_desk.models.exams import GRADED
from qa_desk.training.attempt import (
    CandidateQuestion,
)
from qa_desk.training.exam import ExamDefinition

Clock = Callable[[], datetime]
BY_CANDIDATE, BY_TIMEOUT = "candidate", "timeout"



class ExamServiceError(ValueError):
    """An exam action that cannot be taken as asked; the message says why."""


class UnknownExamError(ExamServiceError, LookupError):
    pass


class AttemptsUsedUpError(ExamServiceError):
    pass


class AttemptClosedError(ExamServiceError):
    """The attempt is already submitted (by the candidate, another window or the time limit)."""


class TimeUpError(AttemptClosedError):
    """The time limit passed: the attempt was submitted with the answers saved before then."""


class ConflictError(ExamServiceError):
    pass


@dataclass(frozen=True, slots=True)
class ExamInfo:
    id: int
    name: str
    bank: str
    definition: ExamDefinition
    attempts: int


@dataclass(frozen=True, slots=True)
class SavedAnswer:
    position: int
    response: Any
    flagged: bool
    answered_at: datetime | None


@dataclass(frozen=True, slots=True)
class AttemptView:
    id: int
    exam: str
    candidate: str
    number: int
    status: str
    version: int
    started_at: datetime
    remaining_seconds: float | None  # None: untimed
    submitted_at: datetime | None
    submitted_by: str | None
    answers: list[SavedAnswer]


@dataclass(frozen=True, slots=True)
class AttemptResult:
    attempt_id: int
    exam: str
    candidate: str
    number: int
    status: str
    score: float | None  # None only when `marks_hidden`
    max_score: float
    percent: float | None
    passed: bool | None  # None until every short answer is graded (or while marks are hidden)
    pending: int
    started_at: datetime
    submitted_at: datetime | None
    submitted_by: str | None
    time_taken_seconds: float | None
    already_submitted: bool = False
    # A candidate asking for their own result while the review policy does not show marks yet.
    marks_hidden: bool = False

    @property
    def final(self) -> bool:
        return self.status == GRADED

    @property
    def message(self) -> str | None:
        return f"already submitted at {_when(self.submitted_at)}" if self.already_submitted else None


@dataclass(frozen=True, slots=True)
class CandidateView:
    attempt_id: int
    status: str
    phase: str
    version: int
    remaining_seconds: float | None
    questions: list[CandidateQuestion]
    # Only when the review policy shows marks in this phase.
    score: float | None = None
    max_score: float | None = None
    percent: float | None = None
    passed: bool | None = None


@dataclass(frozen=True, slots=True)
class PendingShortAnswer:
    answer_id: int
    attempt_id: int
    candidate: str
    position: int
    stem: str
    response: str
    reference_answer: str | None
    key_points: tuple[str, ...]
    found: tuple[str, ...]
    missing: tuple[str, ...]
    highlights: list[tuple[int, int]]  # offsets into `response`
    suggested: float
    max_points: float

def _when(moment: datetime | None) -> str:
    return _utc(moment).strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "an unknown time"

def _utc(moment: datetime | None) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    if moment is None:
        return None  # type: ignore[return-value]
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
