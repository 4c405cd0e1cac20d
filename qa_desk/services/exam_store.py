"""The exam service's work inside one session: loading, drawing, timing, scoring."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from qa_desk.models import Exam, ExamAnswer, ExamAttempt
from qa_desk.models import Question as QuestionRow
from qa_desk.models.exams import GRADED, OPEN, SUBMITTED
from qa_desk.services.banks import to_question
from qa_desk.services.exam_views import (
    AttemptResult,
    AttemptView,
    ExamInfo,
    ExamServiceError,
    SavedAnswer,
    UnknownExamError,
    _utc,
    _when,
)
from qa_desk.training.attempt import (
    grade_response,
    totals,
)
from qa_desk.training.exam import ExamDefinition, ExamError, draw_paper
from qa_desk.training.model import SHORT, Question


def _load(session: Session, attempt_id: int) -> ExamAttempt:
    attempt = session.scalar(select(ExamAttempt).where(ExamAttempt.id == attempt_id)
                             .options(selectinload(ExamAttempt.answers)))
    if attempt is None:
        raise ExamServiceError(f"no exam attempt {attempt_id}")
    return attempt


def _exam(session: Session, exam_id: int) -> tuple[Exam, ExamDefinition]:
    exam = session.get(Exam, exam_id)
    if exam is None:
        raise UnknownExamError(f"no exam {exam_id}")
    return exam, ExamDefinition.from_dict(exam.definition)


def _info(session: Session, exam: Exam) -> ExamInfo:
    attempts = session.scalar(select(func.count()).where(ExamAttempt.exam_id == exam.id))
    return ExamInfo(exam.id, exam.name, ExamDefinition.from_dict(exam.definition).bank,
                    ExamDefinition.from_dict(exam.definition), attempts or 0)


def _bank_questions(session: Session, bank_id: int) -> tuple[list[QuestionRow], list[Question]]:
    rows = list(session.scalars(select(QuestionRow).where(QuestionRow.bank_id == bank_id)
                                .order_by(QuestionRow.position, QuestionRow.id)))
    return rows, [to_question(r) for r in rows]


def _questions(session: Session, attempt: ExamAttempt) -> dict[int, Question]:
    rows = session.scalars(select(QuestionRow).where(QuestionRow.id.in_(attempt.question_ids)))
    return {r.id: to_question(r) for r in rows}


def _new_attempt(session: Session, exam: Exam, definition: ExamDefinition, candidate: str,
                 number: int, now: datetime) -> ExamAttempt:
    rows, questions = _bank_questions(session, exam.bank_id)
    seed = secrets.randbits(31)  # fits PostgreSQL's integer; the paper is a function of it
    try:
        paper = draw_paper(definition, questions, seed)
    except ExamError as exc:  # the bank changed since the exam was defined
        raise ExamServiceError(str(exc)) from None
    chosen = [rows[i] for i in paper.questions]
    attempt = ExamAttempt(
        exam_id=exam.id, candidate=candidate, number=number, seed=seed,
        question_ids=[r.id for r in chosen], option_orders=[list(o) for o in paper.option_orders],
        status=OPEN, started_at=now, last_seen_at=now, max_score=sum(r.points for r in chosen),
        answers=[ExamAnswer(position=i, question_id=r.id, max_points=r.points, flagged=False)
                 for i, r in enumerate(chosen, start=1)])
    session.add(attempt)
    return attempt


def _answer_row(attempt: ExamAttempt, position: int) -> ExamAnswer:
    if not 1 <= position <= len(attempt.answers):
        raise ExamServiceError(f"no question {position}: this attempt has questions 1 to "
                               f"{len(attempt.answers)}")
    return attempt.answers[position - 1]


def _finish(session: Session, attempt: ExamAttempt, definition: ExamDefinition,
            now: datetime, by: str) -> None:
    questions = _questions(session, attempt)
    for answer in attempt.answers:
        question = questions[answer.question_id]
        if question.type == SHORT and answer.response:
            answer.points, answer.correct = None, None
            answer.suggested = grade_response(question, answer.response, definition.mc_policy).points
        else:  # an unanswered short answer needs no grader: it scores 0
            graded = grade_response(question, answer.response, definition.mc_policy)
            answer.points, answer.correct = graded.points, bool(graded.correct)
    attempt.submitted_at, attempt.submitted_by = now, by
    _touch(attempt, now)
    _score(attempt, definition)


def _score(attempt: ExamAttempt, definition: ExamDefinition) -> None:
    pending = any(a.points is None for a in attempt.answers)
    result = totals([a.points or 0.0 for a in attempt.answers],
                    [a.max_points for a in attempt.answers], definition.pass_percent)
    attempt.score = result.score
    attempt.passed = None if pending else result.passed
    attempt.status = SUBMITTED if pending else GRADED


def _touch(attempt: ExamAttempt, now: datetime) -> None:
    attempt.last_seen_at = max(_utc(attempt.last_seen_at), now)


def _claim(attempt: ExamAttempt) -> None:
    # Forces the versioned UPDATE even when no column changed, so two concurrent changes to
    # one attempt can never both commit (the loser gets StaleDataError and looks again).
    flag_modified(attempt, "status")


# Time -------------------------------------------------------------------------------------



def _deadline(attempt: ExamAttempt, definition: ExamDefinition) -> datetime | None:
    if definition.time_limit_minutes is None:
        return None
    return _utc(attempt.started_at) + timedelta(minutes=definition.time_limit_minutes)


def _remaining(attempt: ExamAttempt, definition: ExamDefinition, now: datetime) -> float | None:
    """limit − max(0, latest clock reading − started_at): a clock set back gives no time back."""
    if definition.time_limit_minutes is None:
        return None
    if attempt.status != OPEN:
        return 0.0
    latest = max(now, _utc(attempt.last_seen_at))
    used = max(0.0, (latest - _utc(attempt.started_at)).total_seconds())
    return max(0.0, definition.time_limit_minutes * 60 - used)


def _expired(attempt: ExamAttempt, definition: ExamDefinition, now: datetime) -> bool:
    remaining = _remaining(attempt, definition, now)
    return remaining is not None and remaining <= 0




def _conflict(attempt: ExamAttempt) -> str:
    if attempt.status != OPEN:
        return f"already submitted at {_when(attempt.submitted_at)}"
    return "changed in another window since you loaded it: reload to see the latest answers"


# Views ------------------------------------------------------------------------------------

def _attempt_view(exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                  now: datetime) -> AttemptView:
    return AttemptView(
        attempt.id, exam.name, attempt.candidate, attempt.number, attempt.status,
        attempt.version, _utc(attempt.started_at), _remaining(attempt, definition, now),
        _utc(attempt.submitted_at), attempt.submitted_by,
        [SavedAnswer(a.position, a.response, a.flagged, _utc(a.answered_at)) for a in attempt.answers])


def _result(exam: Exam, attempt: ExamAttempt, definition: ExamDefinition, *,
            already: bool = False) -> AttemptResult:
    result = totals([a.points or 0.0 for a in attempt.answers],
                    [a.max_points for a in attempt.answers], definition.pass_percent)
    pending = sum(a.points is None for a in attempt.answers) if attempt.status != OPEN else 0
    taken = None
    if attempt.submitted_at is not None:
        taken = max(0.0, (_utc(attempt.submitted_at) - _utc(attempt.started_at)).total_seconds())
        if definition.time_limit_minutes is not None:
            taken = min(taken, definition.time_limit_minutes * 60.0)
    return AttemptResult(
        attempt.id, exam.name, attempt.candidate, attempt.number, attempt.status, result.score,
        result.max_score, result.percent, None if pending or attempt.status == OPEN else result.passed,
        pending, _utc(attempt.started_at), _utc(attempt.submitted_at), attempt.submitted_by, taken,
        already)
