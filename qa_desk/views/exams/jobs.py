"""What the exam tabs ask the service, as plain functions run off the GUI thread.

Each returns plain data; none touches a widget."""

from __future__ import annotations

from dataclasses import dataclass

from qa_desk.models.exams import OPEN
from qa_desk.services.exams import AttemptResult, AttemptView, CandidateView, ExamInfo, ExamService


@dataclass(frozen=True, slots=True)
class Opened:
    attempt: AttemptView
    view: CandidateView


@dataclass(frozen=True, slots=True)
class Finished:
    result: AttemptResult
    view: CandidateView


@dataclass(frozen=True, slots=True)
class ReadyToStart:
    exam: ExamInfo
    used: int  # the candidate's attempts so far
    last: AttemptResult | None


def exam_by_id(service: ExamService, exam_id: int) -> ExamInfo:
    return next(e for e in service.list_exams() if e.id == exam_id)


def look_up(service: ExamService, exam_id: int, candidate: str) -> Opened | Finished | ReadyToStart:
    """The candidate's open attempt with its saved answers (its time from the service), the
    attempt the time limit closed meanwhile, or what the start page needs."""
    attempt = service.resume(candidate, exam_id)
    if attempt is not None and attempt.status == OPEN:
        return Opened(attempt, service.candidate_view(attempt.id))
    if attempt is not None:
        return finish(service, attempt.id)
    mine = [r for r in service.results(exam_id) if r.candidate == candidate.strip()]
    return ReadyToStart(exam_by_id(service, exam_id), len(mine), mine[-1] if mine else None)


def begin(service: ExamService, exam_id: int, candidate: str) -> Opened:
    attempt = service.start(exam_id, candidate)
    return Opened(attempt, service.candidate_view(attempt.id))


def finish(service: ExamService, attempt_id: int) -> Finished:
    result = service.submit(attempt_id)
    return Finished(result, service.candidate_view(attempt_id))
