"""Practice: a trainee retries the questions they got wrong, with the key and explanation shown
after each answer, and an agent whose calls keep failing a QA rule is pointed to the bank
category of the same id.

Practice answers are checked and forgotten: nothing is stored, so they never count in an
exam's results. The key leaves the service only when the review policy allows it:
- never for a question in an attempt somebody is sitting now (it would leak mid-exam);
- for a question the candidate sat in an exam, only when that exam's review policy shows the
  right answers to this candidate now (Moodle's review phase of that attempt);
- a bank question the candidate never sat is practice material (the suggested categories).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from qa_desk.db import Database
from qa_desk.models import Call, Evaluation, EvaluationItem, Exam, ExamAttempt
from qa_desk.models import Question as QuestionRow
from qa_desk.models.exams import OPEN
from qa_desk.services import access
from qa_desk.services.access import Actor, Identity
from qa_desk.services.banks import to_question
from qa_desk.services.exam_views import _utc
from qa_desk.services.exams import candidate_for, require_candidate
from qa_desk.training.attempt import normalise_response
from qa_desk.training.exam import ExamDefinition
from qa_desk.training.grading import ALL_OR_NOTHING, grade, suggest_short
from qa_desk.training.model import SHORT, Answer
from qa_desk.training.review_policy import RIGHT_ANSWERS, phase_at

Clock = Callable[[], datetime]
WRONG, BANK = "wrong", "bank"
LIMIT = 200
# The review's verdict that turns an automatic pass into a fail and back (services/review.py).
REJECT = "reject"


class PracticeError(ValueError):
    """A practice request that cannot be met as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class WrongQuestion:
    question_id: int
    code: str | None
    type: str
    stem: str
    category: str | None
    times_wrong: int
    last_wrong_at: datetime | None
    exams: tuple[str, ...]
    practicable: bool  # the key may be shown now (see the module's rules)


@dataclass(frozen=True, slots=True)
class PracticeQuestion:
    """One question to practise: what the screen shows before the answer; no key."""
    question_id: int
    code: str | None
    type: str
    stem: str
    options: tuple[tuple[str, str], ...]
    category: str | None
    points: float
    source: str  # WRONG (got it wrong in an exam) or BANK (from a suggested category)


@dataclass(frozen=True, slots=True)
class PracticeFeedback:
    question_id: int
    correct: bool
    response: Any
    right_answer: Answer
    explanation: str | None
    reference_answer: str | None = None
    key_points: tuple[str, ...] = ()
    found: tuple[str, ...] = ()  # short answers: key points found in the response
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    category: str  # the rule id, which is also the bank category
    rule_name: str
    failures: int  # calls in the period whose current evaluation fails the rule
    questions: int  # questions of that category in the banks


class PracticeService:
    def __init__(self, database: Database, clock: Clock | None = None) -> None:
        self._db = database
        self._clock = clock

    def wrong_questions(self, candidate: str | None = None, *, actor: Actor = "system"
                        ) -> list[WrongQuestion]:
        """Questions the candidate's latest submitted answer got wrong, most often wrong first."""
        candidate = self._candidate(candidate, actor)
        with self._db.sessions() as session:
            wrong = _wrong(session, candidate)
            if not wrong:
                return []
            rows = _rows(session, wrong)
            shown = _revealable(session, wrong, candidate, self._now())
        found = [WrongQuestion(q, rows[q].code, rows[q].type, rows[q].stem, rows[q].category,
                               w.times, w.last_at, tuple(sorted(w.exams)), q in shown)
                 for q, w in wrong.items()]
        found.sort(key=lambda w: (-w.times_wrong, w.category or "", w.question_id))
        return found

    def practice_set(self, candidate: str | None = None, category: str | None = None,
                     limit: int = 20, *, actor: Actor = "system") -> list[PracticeQuestion]:
        """Up to `limit` questions: the candidate's wrong ones whose key may be shown (in
        `category` if given) first, then, for a category, bank questions they have not sat."""
        if not 1 <= limit <= LIMIT:
            raise PracticeError(f"a practice set holds 1 to {LIMIT} questions, not {limit}")
        candidate = self._candidate(candidate, actor)
        chosen = [w for w in self.wrong_questions(candidate, actor=actor)
                  if w.practicable and (category is None or w.category == category)]
        ids = [w.question_id for w in chosen][:limit]
        sources = dict.fromkeys(ids, WRONG)
        with self._db.sessions() as session:
            if category is not None and len(ids) < limit:
                others = [q for q in session.scalars(
                    select(QuestionRow.id).where(QuestionRow.category == category)
                    .order_by(QuestionRow.difficulty, QuestionRow.bank_id, QuestionRow.position))
                    if q not in sources]
                shown = _revealable(session, others, candidate, self._now())
                sat = _sat_by(session, candidate)
                extra = [q for q in others if q in shown and q not in sat][:limit - len(ids)]
                ids += extra
                sources.update(dict.fromkeys(extra, BANK))
            rows = _rows(session, ids)
        return [PracticeQuestion(q, rows[q].code, rows[q].type, rows[q].stem,
                                 tuple((rows[q].options or {}).items()), rows[q].category,
                                 rows[q].points, sources[q]) for q in ids]

    def check_practice_answer(self, question_id: int, response: Any, *, candidate: str | None = None,
                              actor: Actor = "system") -> PracticeFeedback:
        """Whether the response is right, with the right answer and the explanation. Nothing
        is stored. Refused while the review policy keeps this question's key from the
        candidate."""
        candidate = self._candidate(candidate, actor)
        with self._db.sessions() as session:
            row = session.get(QuestionRow, question_id)
            if row is None:
                raise PracticeError(f"no question {question_id}")
            if question_id not in _revealable(session, [question_id], candidate, self._now()):
                raise PracticeError(
                    f"the answer to question {row.code or question_id} cannot be shown now: it is "
                    "in an exam being sat, or its exam's review policy does not show the right "
                    "answers yet")
            question = to_question(row)
        try:
            stored = normalise_response(question, response)
        except ValueError as exc:
            raise PracticeError(f"question {question.code or question_id}: {exc}") from None
        if question.type == SHORT:
            hint = suggest_short(question.key_points, str(stored or ""), question.points)
            return PracticeFeedback(question_id, bool(stored) and not hint.missing, stored, None,
                                    question.explanation, question.reference_answer,
                                    question.key_points, hint.found, hint.missing)
        graded = grade(question, stored, policy=ALL_OR_NOTHING)
        return PracticeFeedback(question_id, bool(graded.correct), stored, question.answer,
                                question.explanation)

    def suggested_categories(self, agent_id: str, since_days: int = 30, min_failures: int = 3, *,
                             actor: Actor = "system") -> list[Suggestion]:
        """Rules the agent's calls of the last `since_days` days failed at least
        `min_failures` times (the current evaluation's verdict after review), each with the
        bank category of the same id, when the banks hold questions for it; most failed first."""
        access.require_own(actor, agent_id)
        if since_days < 1 or min_failures < 1:
            raise PracticeError("the period and the number of failures must be at least 1")
        # Calls are stamped with the agent's wall-clock time; a day either way does not matter.
        since = (self._now() - timedelta(days=since_days)).replace(tzinfo=None)
        failed = or_(and_(EvaluationItem.result == "fail",
                          or_(EvaluationItem.review.is_(None), EvaluationItem.review != REJECT)),
                     and_(EvaluationItem.result == "pass", EvaluationItem.review == REJECT))
        recent = or_(Call.started_at >= since, and_(Call.started_at.is_(None), Call.imported_at >= since))
        with self._db.sessions() as session:
            counts = session.execute(
                select(EvaluationItem.rule_id, func.max(EvaluationItem.name),
                       func.count(func.distinct(Call.id)))
                .join(Evaluation, Evaluation.id == EvaluationItem.evaluation_id)
                .join(Call, Call.current_evaluation_id == Evaluation.id)
                .where(Call.agent_id == agent_id, recent, failed)
                .group_by(EvaluationItem.rule_id)).all()
            frequent = {rule: (name or rule, n) for rule, name, n in counts if n >= min_failures}
            if not frequent:
                return []
            questions = dict(session.execute(
                select(QuestionRow.category, func.count())
                .where(QuestionRow.category.in_(frequent)).group_by(QuestionRow.category)).all())
        found = [Suggestion(rule, name, n, questions[rule])
                 for rule, (name, n) in frequent.items() if questions.get(rule)]
        found.sort(key=lambda s: (-s.failures, s.category))
        return found

    def _candidate(self, candidate: str | None, actor: Actor) -> str | None:
        access.require(actor, "exams.take")
        if candidate is None and isinstance(actor, Identity):
            candidate = candidate_for(actor)
        if candidate is not None:
            candidate = candidate.strip()
            require_candidate(actor, candidate)
        return candidate

    def _now(self) -> datetime:
        return _utc(self._clock()) if self._clock is not None else datetime.now(UTC)


@dataclass(slots=True)
class _Wrong:
    times: int = 0
    last_at: datetime | None = None
    exams: set[str] | None = None


def _wrong(session: Session, candidate: str | None) -> dict[int, _Wrong]:
    """Question id → how often the candidate got it wrong, for those whose latest graded
    answer is wrong (a question put right in a later attempt is done)."""
    if candidate is None:
        return {}
    attempts = session.execute(
        select(ExamAttempt, Exam.name).join(Exam, Exam.id == ExamAttempt.exam_id)
        .where(ExamAttempt.candidate == candidate, ExamAttempt.status != OPEN)
        .order_by(ExamAttempt.submitted_at, ExamAttempt.id)
        .options(selectinload(ExamAttempt.answers))).all()
    wrong: dict[int, _Wrong] = defaultdict(_Wrong)
    latest: dict[int, bool] = {}
    for attempt, exam in attempts:
        for answer in attempt.answers:
            if answer.points is None:
                continue  # a short answer waiting for its grader
            is_wrong = answer.points < answer.max_points
            latest[answer.question_id] = is_wrong
            if is_wrong:
                entry = wrong[answer.question_id]
                entry.times += 1
                entry.last_at = _utc(attempt.submitted_at)
                entry.exams = (entry.exams or set()) | {exam}
    return {q: w for q, w in wrong.items() if latest.get(q)}


def _rows(session: Session, ids: Iterable[int]) -> dict[int, QuestionRow]:
    ids = list(ids)
    if not ids:
        return {}
    return {r.id: r for r in session.scalars(select(QuestionRow).where(QuestionRow.id.in_(ids)))}


def _sat_by(session: Session, candidate: str | None) -> set[int]:
    if candidate is None:
        return set()
    sat: set[int] = set()
    for ids in session.scalars(select(ExamAttempt.question_ids)
                               .where(ExamAttempt.candidate == candidate)):
        sat.update(ids or ())
    return sat


def _revealable(session: Session, ids: Iterable[int], candidate: str | None, now: datetime) -> set[int]:
    """The questions among `ids` whose key may be shown to `candidate` now."""
    wanted = set(ids)
    if not wanted:
        return set()
    for question_ids in session.scalars(select(ExamAttempt.question_ids)
                                        .where(ExamAttempt.status == OPEN)):
        wanted -= set(question_ids or ())  # somebody is sitting it
    if candidate is None or not wanted:
        return wanted
    hidden: Counter[int] = Counter()
    attempts = session.execute(
        select(ExamAttempt.question_ids, ExamAttempt.submitted_at, Exam.definition)
        .join(Exam, Exam.id == ExamAttempt.exam_id)
        .where(ExamAttempt.candidate == candidate, ExamAttempt.status != OPEN))
    for question_ids, submitted_at, stored in attempts:
        mine = wanted.intersection(question_ids or ())
        if not mine:
            continue
        definition = ExamDefinition.from_dict(stored)
        phase = phase_at(now, _utc(submitted_at), definition.closes_at)
        if not definition.review.allows(phase, RIGHT_ANSWERS):
            hidden.update(mine)
    return wanted - set(hidden)
