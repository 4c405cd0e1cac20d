"""Exams in the database: define, start, answer, flag, resume, submit, grade by hand.

One short transaction per action. Time is the service's clock (the database's own clock by
default), never the candidate's screen: remaining time comes from the stored started_at. An
attempt found past its time limit is submitted by whichever action touches it first.
Every change to an attempt goes through its version column, so two windows submitting (or
answering while another submits) cannot both commit: the loser looks again and is told
“already submitted at T”; nothing is graded or counted twice.

Every method takes the caller as `actor` (an access.Identity, or a trusted local name such
as the command line's, the default "system"): creating exams needs exams.manage, grading
exams.grade, everyone's results exams.results_all; an agent takes and sees only their own
attempts, as the candidate `candidate_for(identity)` (their 工号, else their user name)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import Text, cast, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from qa_desk.db import Database
from qa_desk.models import Exam, ExamAnswer, ExamAttempt, QuestionBank
from qa_desk.models import Question as QuestionRow
from qa_desk.models.exams import GRADED, OPEN, SUBMITTED
from qa_desk.services import access, audit
from qa_desk.services.access import Actor, Identity, PermissionDenied
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
from qa_desk.training.item_analysis import NO_GRADED, TestStats, analyse, option_counts
from qa_desk.training.model import SHORT, Question
from qa_desk.training.paper import GradedSheet
from qa_desk.training.review_policy import MARKS, phase_at

T = TypeVar("T")


def candidate_for(identity: Identity) -> str:
    """The candidate name a signed-in user takes exams as: their 工号, else their user name."""
    return (identity.agent_id or identity.username).strip()


def own_candidate(actor: Actor) -> str | None:
    """None when the actor may see every candidate's attempts; otherwise the only candidate
    whose attempts they may take and see."""
    if access.allowed(actor, "exams.results_all"):
        return None
    if isinstance(actor, Identity):
        return candidate_for(actor)
    access.require(actor, "exams.results_all")
    return None  # unreachable: require raised


def require_candidate(actor: Actor, candidate: str) -> None:
    own = own_candidate(actor)
    if own is not None and candidate.strip() != own:
        raise PermissionDenied(f"{access.actor_name(actor)} may only take and see their own exams "
                               f"(candidate {own}), not {candidate.strip()}'s")


class ExamService:
    def __init__(self, database: Database, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock

    @property
    def clock(self) -> Clock | None:
        """The clock given to the service (None: the database's own clock)."""
        return self._clock

    # Definitions -------------------------------------------------------------------------

    def create_exam(self, definition: ExamDefinition, *, actor: Actor = "system") -> ExamInfo:
        """Stored only when the bank holds every fixed code and enough questions per draw."""
        access.require(actor, "exams.manage")
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
                session.flush()
                audit.record(session, actor=access.actor_name(actor), action="exam.create",
                             entity=f"exam:{definition.name}",
                             after=definition.to_dict())
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

    def paper_questions(self, name: str, *, actor: Actor = "system"
                        ) -> tuple[ExamDefinition, dict[str, Question]]:
        """For grading a paper sitting: the exam's fixed questions by code, or for an exam of
        random draws every coded question of its bank (each sheet names its own columns).
        They carry the key, so only a grader may have them."""
        access.require(actor, "exams.grade")
        exam_id = self.get_exam(name).id
        with self._db.sessions() as session:
            exam, definition = _exam(session, exam_id)
            questions = {q.code: q for q in _bank_questions(session, exam.bank_id)[1] if q.code}
        if definition.questions:
            questions = {code: questions[code] for code in definition.questions}
        return definition, questions

    def grade_paper(self, name: str, sheet: Path, *, actor: Actor = "system") -> GradedSheet:
        """Batch-grade a paper sitting typed into an Excel answer sheet (one row per
        candidate); the grading is recorded in the audit trail. Raises BankError for a sheet
        that cannot be read."""
        from qa_desk.training.paper import grade_sheet, read_answer_sheet

        definition, questions = self.paper_questions(name, actor=actor)
        sheet = Path(sheet)
        codes, rows = read_answer_sheet(sheet, sheet.name)
        graded = grade_sheet(codes, rows, questions, definition.mc_policy, definition.pass_percent,
                             sheet.name)
        with self._db.sessions.begin() as session:
            audit.record(session, actor=access.actor_name(actor), action="exam.grade_paper",
                         entity=f"exam:{name}",
                         after={"sheet": sheet.name, "candidates": len(graded.results),
                                "problems": len(graded.problems),
                                "scores": {f"{r.name} {r.staff_id}".strip(): r.score
                                           for r in graded.results}})
        return graded

    def list_exams(self) -> list[ExamInfo]:
        with self._db.sessions() as session:
            return [_info(session, e) for e in session.scalars(select(Exam).order_by(Exam.name))]

    # Attempts ------------------------------------------------------------------------------

    def start(self, exam_id: int, candidate: str, *, actor: Actor = "system") -> AttemptView:
        """A new attempt, or the candidate's open one (a second click must not spend an
        attempt). Refused with AttemptsUsedUpError when none are left."""
        access.require(actor, "exams.take")
        candidate = candidate.strip()
        require_candidate(actor, candidate)
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

    def resume(self, candidate: str, exam_id: int, *, actor: Actor = "system") -> AttemptView | None:
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

        access.require(actor, "exams.take")
        require_candidate(actor, candidate)
        with self._db.sessions() as session:
            attempt_id = session.scalar(
                select(ExamAttempt.id).where(ExamAttempt.exam_id == exam_id,
                                             ExamAttempt.candidate == candidate.strip(),
                                             ExamAttempt.status == OPEN))
        return None if attempt_id is None else self._act(attempt_id, act, actor=actor)

    def answer(self, attempt_id: int, position: int, response: Any, *,
               expected_version: int | None = None, actor: Actor = "system") -> AttemptView:
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
        return self._act(attempt_id, act, expected_version=expected_version, open_only=True,
                         actor=actor, taking=True)

    def flag(self, attempt_id: int, position: int, flagged: bool = True, *,
             actor: Actor = "system") -> AttemptView:
        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                now: datetime) -> AttemptView:
            _answer_row(attempt, position).flagged = flagged
            return self._saved(session, exam, attempt, definition, now)
        return self._act(attempt_id, act, open_only=True, actor=actor, taking=True)

    def submit(self, attempt_id: int, *, actor: Actor = "system") -> AttemptResult:
        """Grade objective questions now; short answers wait for a grader with a suggested
        score. Submitting again returns the same result with `already_submitted`."""
        def act(session: Session, exam: Exam, attempt: ExamAttempt, definition: ExamDefinition,
                now: datetime) -> AttemptResult:
            if attempt.status != OPEN:
                return _shown(_result(exam, attempt, definition, already=True), attempt, definition,
                              now, actor)
            by = BY_TIMEOUT if _expired(attempt, definition, now) else BY_CANDIDATE
            _finish(session, attempt, definition, now, by)
            session.flush()
            return _shown(_result(exam, attempt, definition), attempt, definition, now, actor)
        return self._act(attempt_id, act, actor=actor, taking=True)

    def result(self, attempt_id: int, *, actor: Actor = "system") -> AttemptResult:
        with self._db.sessions() as session:
            attempt = _load(session, attempt_id)
            require_candidate(actor, attempt.candidate)
            exam, definition = _exam(session, attempt.exam_id)
            return _shown(_result(exam, attempt, definition), attempt, definition, self._now(session),
                          actor)

    def results(self, exam_id: int, *, actor: Actor = "system", candidate: str | None = None
                ) -> list[AttemptResult]:
        """Every candidate's results (exams.results_all), or one candidate's; an agent gets
        only their own, whatever they ask for, with the marks only where the exam's review
        policy shows them now."""
        own = own_candidate(actor)
        if own is not None and candidate is not None and candidate.strip() != own:
            require_candidate(actor, candidate)
        wanted = own if own is not None else candidate
        with self._db.sessions() as session:
            exam, definition = _exam(session, exam_id)
            query = select(ExamAttempt).where(ExamAttempt.exam_id == exam_id)
            if wanted is not None:
                query = query.where(ExamAttempt.candidate == wanted.strip())
            attempts = session.scalars(
                query.order_by(ExamAttempt.candidate, ExamAttempt.number)
                .options(selectinload(ExamAttempt.answers)))
            now = self._now(session)
            return [_shown(_result(exam, a, definition), a, definition, now, actor) for a in attempts]

    def item_analysis(self, exam_id: int, *, actor: Actor = "system") -> TestStats:
        """Moodle's item statistics over the exam's graded attempts, from the stored points
        (whatever the review policy shows candidates): per question the facility,
        discrimination (item–rest), discriminative efficiency, flags and how often each option
        was picked; α and SEM for the whole test. Questions in the exam's order (fixed
        papers) or the bank's (random draws, where each question counts the attempts that
        drew it and α is left out: note PAPERS_DIFFER). No graded attempt: note NO_GRADED."""
        access.require(actor, "exams.results_all")
        with self._db.sessions() as session:
            exam, definition = _exam(session, exam_id)
            # Plain columns, not ORM objects, and the options picked counted by the database:
            # a large exam has a million answers.
            graded = (select(ExamAttempt.id).where(ExamAttempt.exam_id == exam_id,
                                                   ExamAttempt.status == GRADED).scalar_subquery())
            core = session.connection()  # Core rows: no ORM bookkeeping per answer
            fetched = core.execute(
                select(ExamAnswer.attempt_id, ExamAnswer.question_id,
                       func.coalesce(ExamAnswer.points, 0.0), ExamAnswer.max_points)
                .where(ExamAnswer.attempt_id.in_(graded))).all()
            answers = np.fromiter(chain.from_iterable(fetched), dtype=float,
                                  count=4 * len(fetched)).reshape(-1, 4)
            if not len(answers):
                return TestStats(0, 0.0, 0.0, None, None, [], exam=exam.name, note=NO_GRADED)
            as_text = cast(ExamAnswer.response, Text)
            picked = core.execute(
                select(ExamAnswer.question_id, as_text, func.count())
                .where(ExamAnswer.attempt_id.in_(graded))
                .group_by(ExamAnswer.question_id, as_text)).all()
            ids = [int(i) for i in np.unique(answers[:, 1])]
            rows = {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(ids)))}
            fixed = {code: i for i, code in enumerate(definition.questions)}
            ids.sort(key=lambda i: (fixed.get(rows[i].code, len(fixed)), rows[i].position, i))
            questions = {i: to_question(rows[i]) for i in ids}
        column = {question_id: j for j, question_id in enumerate(ids)}
        attempt_ids, rows_at = np.unique(answers[:, 0], return_inverse=True)
        order = np.array(ids, dtype=float)  # the analysis's question order → its column
        columns_at = np.argsort(order)[np.searchsorted(np.sort(order), answers[:, 1])]
        points = np.zeros((len(attempt_ids), len(ids)))
        sat = np.zeros_like(points, dtype=bool)
        points[rows_at, columns_at], sat[rows_at, columns_at] = answers[:, 2], True
        most_points = np.zeros(len(ids))
        np.maximum.at(most_points, columns_at, answers[:, 3])
        most = [float(m) for m in most_points]
        counts: list[dict[str, int]] = [{} for _ in ids]
        for question_id, text, n in picked:
            for key, times in option_counts([None if text is None else json.loads(text)]).items():
                found = counts[column[question_id]]
                found[key] = found.get(key, 0) + times * n
        stats = analyse(points, [m or 1.0 for m in most], sat=sat)
        items = []
        for j, (question_id, item) in enumerate(zip(ids, stats.items, strict=True)):
            question = questions[question_id]
            items.append(replace(item, question_id=question_id, code=question.code, stem=question.stem,
                                 type=question.type, category=question.category,
                                 max_points=most[j], right_answer=question.answer,
                                 option_counts={} if question.type == SHORT
                                 else dict(sorted(counts[j].items()))))
        return replace(stats, items=items, exam=exam.name)

    def candidate_view(self, attempt_id: int, now: datetime | None = None, *,
                       actor: Actor = "system") -> CandidateView:
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
        return self._act(attempt_id, act, actor=actor)

    # Grading by hand ---------------------------------------------------------------------

    def pending_short_answers(self, exam_id: int, *, actor: Actor = "system"
                              ) -> list[PendingShortAnswer]:
        """The manual grading queue: candidates' answers beside the reference key points."""
        access.require(actor, "exams.grade")
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

    def grade_short(self, answer_id: int, points: float, grader: str | None = None, *,
                    comment: str | None = None, reason: str | None = None,
                    actor: Actor = "system") -> AttemptResult:
        """A grader's points for one short answer (0 to the question's points; a later grade
        replaces an earlier one). The attempt's result is final once none is pending. Needs
        exams.grade; the grade is recorded in the audit trail (before and after points, the
        reason or comment). The grader's name is the signed-in user's, else `grader`."""
        access.require(actor, "exams.grade")
        if isinstance(actor, Identity) or not (grader or "").strip():
            grader = access.actor_name(actor)
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
            before = {"points": answer.points, "suggested": answer.suggested,
                      "graded_by": answer.graded_by}
            answer.points, answer.graded_by, answer.graded_at = float(points), grader, now
            answer.comment = (comment or "").strip() or None
            _score(attempt, definition)
            _claim(attempt)
            session.flush()
            audit.record(session, actor=grader, action="exam.grade", entity=f"exam_answer:{answer.id}",
                         before=before,
                         after={"points": answer.points, "max_points": answer.max_points,
                                "exam": exam.name, "candidate": attempt.candidate,
                                "attempt": attempt.id, "position": answer.position,
                                "status": attempt.status},
                         reason=(reason or "").strip() or answer.comment)
            return _result(exam, attempt, definition)
        return self._act(attempt_id, act)

    # Plumbing ------------------------------------------------------------------------------

    def _act(self, attempt_id: int, act: Callable[..., T], *, expected_version: int | None = None,
             open_only: bool = False, actor: Actor = "system", taking: bool = False) -> T:
        """Run `act` on the attempt in one transaction, looking again when another window
        changed it meanwhile. Refusals that follow a time-out submission are raised only
        after that submission is committed. The actor must be the attempt's candidate or
        may see every candidate's (and hold exams.take when `taking`)."""
        if taking:
            access.require(actor, "exams.take")
        for _ in range(3):
            refusal: ExamServiceError | None = None
            try:
                with self._db.sessions.begin() as session:
                    attempt = _load(session, attempt_id)
                    require_candidate(actor, attempt.candidate)
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


def _shown(result: AttemptResult, attempt: ExamAttempt, definition: ExamDefinition, now: datetime,
           actor: Actor) -> AttemptResult:
    """The result as this actor may see it: in full for those who read everyone's results; for
    the candidate, without the marks until the review policy shows them."""
    if own_candidate(actor) is None or attempt.status == OPEN:
        return result
    phase = phase_at(now, _utc(attempt.submitted_at), definition.closes_at)
    if definition.review.allows(phase, MARKS):
        return result
    return replace(result, score=None, percent=None, passed=None, marks_hidden=True)
