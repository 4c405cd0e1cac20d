"""Exams in the database: define, start, answer, flag, resume, submit, grade by hand.

One short transaction per action. Time is the service's clock (the database's own clock by
default), never the candidate's screen: remaining time comes from the stored started_at. An
attempt found past its time limit is submitted by whichever action touches it first.
Every change to an attempt goes through its version column, so two windows submitting (or
answering while another submits) cannot both commit: the loser looks again and is told
“already submitted at T”; nothing is graded or counted twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from qa_desk.db import Database
from qa_desk.models import Exam, ExamAnswer, ExamAttempt, QuestionBank
from qa_desk.models import Question as QuestionRow
from qa_desk.models.exams import OPEN, SUBMITTED
from qa_desk.services.banks import to_question
from qa_desk.services.exam_store import (
    _answer_row,
    _attempt_view,
    _bank_questions,
    _claim,
    _conflict,
    _deadline,
    _exam,
    _expired,
    _finish,
    _info,
    _load,
    _new_attempt,
    _questions,
    _remaining,
    _result,
    _score,
    _touch,
    _utc,
    _when,
)
from qa_desk.services.exam_views import (
    BY_CANDIDATE,
    BY_TIMEOUT,
    AttemptClosedError,
    AttemptResult,
    AttemptsUsedUpError,
    AttemptView,
    CandidateView,
    Clock,
    ConflictError,
    ExamInfo,
    ExamServiceError,
    PendingShortAnswer,
    TimeUpError,
    UnknownExamError,
)
from qa_desk.training.attempt import (
    candidate_question,
    normalise_response,
)
from qa_desk.training.exam import ExamDefinition, ExamError, draw_paper
from qa_desk.training.grading import suggest_short
from qa_desk.training.highlight import key_point_spans
from qa_desk.training.model import SHORT, Question
from qa_desk.training.review_policy import MARKS, phase_at

T = TypeVar("T")



class ExamService:
    def __init__(self, database: Database, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock

    # Definitions -------------------------------------------------------------------------

    def create_exam(self, definition: ExamDefinition) -> ExamInfo:
        """Stored only when the bank holds every fixed code and enough questions per draw."""
        definition.check()
        try:
            with self._db.sessions.begin() as session:
                bank = session.scalar(select(QuestionBank).where(QuestionBank.name == definition.bank))
                if bank is None:
                    raise UnknownExamError(f"exam {definition.name}: no question bank named "
                                           f"{definition.bank!r}")
                try:
                    draw_paper(definition, _bank_questions(session, bank.id)[1], seed=0)
                except ExamError as exc:
                    raise ExamServiceError(str(exc)) from None
                session.add(Exam(name=definition.name, bank_id=bank.id,
                                 definition=definition.to_dict()))
        except IntegrityError:
            raise ExamServiceError(f"an exam named {definition.name!r} already exists") from None
        return self.get_exam(definition.name)

    def get_exam(self, name: str) -> ExamInfo:
        with self._db.sessions() as session:
            exam = session.scalar(select(Exam).where(Exam.name == name))
            if exam is None:
                known = session.scalars(select(Exam.name).order_by(Exam.name)).all()
                raise UnknownExamError(f"no exam named {name!r} (exams: {', '.join(known) or 'none yet'})")
            return _info(session, exam)

    def paper_questions(self, name: str) -> tuple[ExamDefinition, dict[str, Question]]:
        """For grading a paper sitting: the exam's fixed questions by code, or for an exam of
        random draws every coded question of its bank (each sheet names its own columns)."""
        exam_id = self.get_exam(name).id
        with self._db.sessions() as session:
            exam, definition = _exam(session, exam_id)
            questions = {q.code: q for q in _bank_questions(session, exam.bank_id)[1] if q.code}
        if definition.questions:
            questions = {code: questions[code] for code in definition.questions}
        return definition, questions

    def list_exams(self) -> list[ExamInfo]:
        with self._db.sessions() as session:
            return [_info(session, e) for e in session.scalars(select(Exam).order_by(Exam.name))]

    # Attempts ------------------------------------------------------------------------------

    def start(self, exam_id: int, candidate: str) -> AttemptView:
        """A new attempt, or the candidate's open one (a second click must not spend an
        attempt). Refused with AttemptsUsedUpError when none are left."""
        candidate = candidate.strip()
        if not candidate or len(candidate) > 100:
            raise ExamServiceError("a candidate name or staff id of 1 to 100 characters is needed")
        for tries_left in (1, 0):
            try:
                return self._start_once(exam_id, candidate)
            except IntegrityError:
                # Another window took the same attempt number meanwhile: look again, see theirs.
                if not tries_left:
                    raise ConflictError("another window is starting this exam: try again") from None
        raise AssertionError("unreachable")

    def _start_once(self, exam_id: int, candidate: str) -> AttemptView:
        refusal: ExamServiceError | None = None
        with self._db.sessions.begin() as session:
            exam, definition = _exam(session, exam_id)
            now = self._now(session)
            earlier = list(session.scalars(
                select(ExamAttempt).where(ExamAttempt.exam_id == exam_id,
                                          ExamAttempt.candidate == candidate)
                .order_by(ExamAttempt.number).options(selectinload(ExamAttempt.answers))))
            current = next((a for a in earlier if a.status == OPEN), None)
            if current is not None and not _expired(current, definition, now):
                _touch(current, now)
                return _attempt_view(exam, current, definition, now)
            if current is not None:
                _finish(session, current, definition, now, BY_TIMEOUT)
            allowed = definition.attempts_allowed
            if allowed and len(earlier) >= allowed:
                refusal = AttemptsUsedUpError(
                    f"{candidate} has used all {allowed} attempt{'s' * (allowed > 1)} at exam "
                    f"{exam.name} (last submitted at {_when(earlier[-1].submitted_at)})")
            else:
                attempt = _new_attempt(session, exam, definition, candidate, len(earlier) + 1, now)
                session.flush()
                view = _attempt_view(exam, attempt, definition, now)
        if refusal:
            raise refusal
        return view

    def resume(self, candidate: str, exam_id: int) -> AttemptView | None:
        """The candidate's open attempt with every saved answer and the time left; if its time
        ran out meanwhile it is submitted now and returned as such. None when none is open."""
        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                now: datetime) -> AttemptView:
            if attempt.status == OPEN:
                if _expired(attempt, definition, now):
                    _finish(session, attempt, definition, now, BY_TIMEOUT)
                else:
                    _touch(attempt, now)
                session.flush()
            return _attempt_view(exam, attempt, definition, now)

        with self._db.sessions() as session:
            attempt_id = session.scalar(
                select(ExamAttempt.id).where(ExamAttempt.exam_id == exam_id,
                                             ExamAttempt.candidate == candidate.strip(),
                                             ExamAttempt.status == OPEN))
        return None if attempt_id is None else self._act(attempt_id, act)

    def answer(self, attempt_id: int, position: int, response: Any, *,
               expected_version: int | None = None) -> AttemptView:
        """Save one answer now (one row per question: saving again replaces it). Pass the
        version you last saw to be told, rather than overwrite, when another window changed
        the attempt; leave it out and the latest save wins."""
        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                now: datetime) -> AttemptView:
            row = _answer_row(attempt, position)
            question = to_question(session.get_one(QuestionRow, row.question_id))
            try:
                row.response = normalise_response(question, response)
            except ValueError as exc:
                raise ExamServiceError(f"question {position}: {exc}") from None
            row.answered_at = now
            return self._saved(session, exam, attempt, definition, now)
        return self._act(attempt_id, act, expected_version=expected_version, open_only=True)

    def flag(self, attempt_id: int, position: int, flagged: bool = True) -> AttemptView:
        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                now: datetime) -> AttemptView:
            _answer_row(attempt, position).flagged = flagged
            return self._saved(session, exam, attempt, definition, now)
        return self._act(attempt_id, act, open_only=True)

    def submit(self, attempt_id: int) -> AttemptResult:
        """Grade objective questions now; short answers wait for a grader with a suggested
        score. Submitting again returns the same result with `already_submitted`."""
        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                now: datetime) -> AttemptResult:
            if attempt.status != OPEN:
                return _result(exam, attempt, definition, already=True)
            by = BY_TIMEOUT if _expired(attempt, definition, now) else BY_CANDIDATE
            _finish(session, attempt, definition, now, by)
            session.flush()
            return _result(exam, attempt, definition)
        return self._act(attempt_id, act)

    def result(self, attempt_id: int) -> AttemptResult:
        with self._db.sessions() as session:
            attempt = _load(session, attempt_id)
            exam, definition = _exam(session, attempt.exam_id)
            return _result(exam, attempt, definition)

    def results(self, exam_id: int) -> list[AttemptResult]:
        with self._db.sessions() as session:
            exam, definition = _exam(session, exam_id)
            attempts = session.scalars(
                select(ExamAttempt).where(ExamAttempt.exam_id == exam_id)
                .order_by(ExamAttempt.candidate, ExamAttempt.number)
                .options(selectinload(ExamAttempt.answers)))
            return [_result(exam, a, definition) for a in attempts]

    def candidate_view(self, attempt_id: int, now: datetime | None = None) -> CandidateView:
        """What the candidate's screen may receive now: the questions in this attempt's order
        and their answers; marks, right answers and explanations only where the exam's review
        policy allows them in the current phase. Nothing else leaves the service."""
        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                moment: datetime) -> CandidateView:
            moment = now or moment
            if attempt.status == OPEN and _expired(attempt, definition, moment):
                _finish(session, attempt, definition, moment, BY_TIMEOUT)
                session.flush()
            phase = phase_at(moment, _utc(attempt.submitted_at), definition.closes_at)
            shown = definition.review.shown(phase)
            questions = _questions(session, attempt)
            items = [candidate_question(questions[a.question_id], a.position,
                                        attempt.option_orders[a.position - 1], a.response,
                                        a.flagged, shown, a.points, a.points is None)
                     for a in attempt.answers]
            marks = {}
            if MARKS in shown and attempt.status != OPEN:
                result = _result(exam, attempt, definition)
                marks = {"score": result.score, "max_score": result.max_score,
                         "percent": result.percent, "passed": result.passed}
            return CandidateView(attempt.id, attempt.status, phase, attempt.version,
                                 _remaining(attempt, definition, moment), items, **marks)
        return self._act(attempt_id, act)

    # Grading by hand ---------------------------------------------------------------------

    def pending_short_answers(self, exam_id: int) -> list[PendingShortAnswer]:
        with self._db.sessions() as session:
            rows = session.execute(
                select(ExamAnswer, ExamAttempt.candidate, QuestionRow)
                .join(ExamAttempt, ExamAnswer.attempt_id == ExamAttempt.id)
                .join(QuestionRow, ExamAnswer.question_id == QuestionRow.id)
                .where(ExamAttempt.exam_id == exam_id, ExamAttempt.status == SUBMITTED,
                       ExamAnswer.points.is_(None))
                .order_by(ExamAttempt.submitted_at, ExamAnswer.attempt_id, ExamAnswer.position))
            pending = []
            for answer, candidate, row in rows:
                question, text = to_question(row), str(answer.response or "")
                suggestion = suggest_short(question.key_points, text, answer.max_points)
                pending.append(PendingShortAnswer(
                    answer.id, answer.attempt_id, candidate, answer.position, question.stem, text,
                    question.reference_answer, question.key_points, suggestion.found,
                    suggestion.missing, key_point_spans(suggestion.found, text),
                    answer.suggested if answer.suggested is not None else suggestion.points,
                    answer.max_points))
            return pending

    def grade_short(self, answer_id: int, points: float, grader: str, *,
                    comment: str | None = None) -> AttemptResult:
        """A grader's points for one short answer (0 to the question's points; a later grade
        replaces an earlier one). The attempt's result is final once none is pending."""
        with self._db.sessions() as session:
            attempt_id = session.scalar(select(ExamAnswer.attempt_id).where(ExamAnswer.id == answer_id))
        if attempt_id is None:
            raise ExamServiceError(f"no answer {answer_id}")

        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                now: datetime) -> AttemptResult:
            answer = next(a for a in attempt.answers if a.id == answer_id)
            if session.get_one(QuestionRow, answer.question_id).type != SHORT:
                raise ExamServiceError(f"question {answer.position} is graded automatically")
            if attempt.status == OPEN:
                raise ExamServiceError("the attempt is still open: grade it once submitted")
            if not 0 <= points <= answer.max_points:
                raise ExamServiceError(f"points for question {answer.position} must be between 0 "
                                       f"and {answer.max_points:g}")
            answer.points, answer.graded_by, answer.graded_at = float(points), grader, now
            answer.comment = (comment or "").strip() or None
            _score(attempt, definition)
            _claim(attempt)
            session.flush()
            return _result(exam, attempt, definition)
        return self._act(attempt_id, act)

    # Plumbing ------------------------------------------------------------------------------

    def _act(self, attempt_id: int, act: Callable[..., T], *, expected_version: int | None = None,
             open_only: bool = False) -> T:
        """Run `act` on the attempt in one transaction, looking again when another window
        changed it meanwhile. Refusals that follow a time-out submission are raised only
        after that submission is committed."""
        for _ in range(3):
            refusal: ExamServiceError | None = None
            try:
                with self._db.sessions.begin() as session:
                    attempt = _load(session, attempt_id)
                    exam, definition = _exam(session, attempt.exam_id)
                    now = self._now(session)
                    if expected_version is not None and attempt.version != expected_version:
                        raise ConflictError(_conflict(attempt))
                    if open_only and attempt.status != OPEN:
                        raise AttemptClosedError(f"already submitted at {_when(attempt.submitted_at)}"
                                                 ": the answer was not saved")
                    if open_only and _expired(attempt, definition, now):
                        _finish(session, attempt, definition, now, BY_TIMEOUT)
                        refusal = TimeUpError(
                            f"time ran out at {_when(_deadline(attempt, definition))}: the attempt "
                            "was submitted with the answers saved before then; this one was not saved")
                    else:
                        outcome = act(session, exam, attempt, definition, now)
            except StaleDataError:
                if expected_version is not None:
                    with self._db.sessions() as session:
                        raise ConflictError(_conflict(_load(session, attempt_id))) from None
                continue
            if refusal:
                raise refusal
            return outcome
        raise ConflictError("the attempt keeps changing in another window: reload it")

    def _saved(self, session: Session, exam: Exam, attempt: ExamAttempt,
               definition: ExamDefinition, now: datetime) -> AttemptView:
        _touch(attempt, now)
        _claim(attempt)
        session.flush()
        return _attempt_view(exam, attempt, definition, now)

    def _now(self, session: Session) -> datetime:
        if self._clock is not None:
            return _utc(self._clock())
        if session.bind is not None and session.bind.dialect.name == "postgresql":
            # The team server's clock: the same for every desk, whatever each PC says.
            return _utc(session.scalar(select(func.now())))
        return datetime.now(UTC)


# Loading and changing rows ---------------------------------------------------------------
