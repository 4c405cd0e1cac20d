"""The demo database behind `make run`: the bundled calls scored, the bundled question banks
and an exam, and one month of work for demo agent 1024 (October 2026) so that every screen and
every HR document has something true to show: signed evaluations, an open dispute, a praise
letter in the ledger and a submitted exam attempt.

Prepared once: later starts find the `demo.seed` entry in the audit trail and touch nothing, so
what a visitor changes in the demo stays."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from qa_desk.config import exams_dir, resources_dir
from qa_desk.db import Database
from qa_desk.services import audit
from qa_desk.services.access import Identity
from qa_desk.services.accounts import DEMO_AGENT_ID, AccountService

DEMO_MONTH = "2026-10"
DEMO_EXAM = "入职笔试"
SEED_ACTION = "demo.seed"
SUPERVISOR = Identity("supervisor", "supervisor", display_name="Demo supervisor")
ADMIN = Identity("admin", "admin", display_name="Demo admin")
AGENT = Identity("agent", "agent", agent_id=DEMO_AGENT_ID, display_name="Demo agent")
HR = Identity("hr", "hr", display_name="Demo hr")


def prepare_demo(db: Database, progress: Callable[[str], None] = lambda _: None) -> dict[str, str]:
    """Fill an empty demo database; returns the demo accounts' passwords for the login screen."""
    passwords = AccountService(db).ensure_demo_users()
    if audit.history(db, action=SEED_ACTION, limit=1):
        return passwords
    progress("importing the demo calls")
    _import_and_score(db)
    progress("preparing a month of review work")
    _exams(db)
    _reviews_and_dispute(db)
    _ledger(db)
    with db.sessions.begin() as session:
        audit.record(session, actor="system", action=SEED_ACTION, entity="database",
                     after={"month": DEMO_MONTH, "agent": DEMO_AGENT_ID})
    return passwords


def _import_and_score(db: Database) -> None:
    from qa_desk.scoring import Scorer, load_pack
    from qa_desk.services.calls import CallService
    from qa_desk.services.evaluations import score_stored_calls
    from qa_desk.services.importing import ImportService

    for _ in ImportService(db).import_paths([resources_dir() / "demo"], parallel=False):
        pass
    unscored = CallService(db).unscored()
    if unscored:
        list(score_stored_calls(db, unscored, Scorer(load_pack())))


def _exams(db: Database) -> None:
    from qa_desk.services.banks import BankService
    from qa_desk.services.exams import ExamService
    from qa_desk.training.exam import Draw, ExamDefinition
    from qa_desk.training.review_policy import ReviewPolicy

    banks = BankService(db)
    for path in sorted(exams_dir().glob("*.yaml")):
        banks.import_file(path, actor=SUPERVISOR)
    review = ReviewPolicy.from_dict({
        "immediately_after": ["marks"],
        "later_while_open": ["marks", "right_answers", "explanations"],
        "after_close": ["marks", "right_answers", "explanations"]})
    definition = ExamDefinition(
        name=DEMO_EXAM, bank="service-specialist-written", title="客户服务专员入职笔试",
        draws=(Draw(30),), time_limit_minutes=30, shuffle_questions=True, shuffle_options=True,
        attempts_allowed=3, pass_percent=60.0, review=review)
    exam = ExamService(db).create_exam(definition, actor=SUPERVISOR)
    # Agent 1024 sat it once in October and got about two thirds right.
    clock = _Clock(datetime(2026, 10, 20, 2, 0, tzinfo=UTC))
    service = ExamService(db, clock=clock)
    attempt = service.start(exam.id, DEMO_AGENT_ID, actor=AGENT)
    _, questions = service.paper_questions(DEMO_EXAM)
    for position, code in enumerate(_codes(db, attempt.id), 1):
        clock.advance(timedelta(seconds=40))
        question = questions[code]
        if position % 3 == 0 or question.answer is None:
            continue  # left out, or a short answer waiting for the grader
        service.answer(attempt.id, position, _as_response(question.answer), actor=AGENT)
    clock.advance(timedelta(minutes=2))
    service.submit(attempt.id, actor=AGENT)


def _codes(db: Database, attempt_id: int) -> Iterator[str]:
    from sqlalchemy import select

    from qa_desk.models import ExamAttempt, Question

    with db.sessions() as session:
        ids = session.scalar(select(ExamAttempt.question_ids).where(ExamAttempt.id == attempt_id))
        rows = session.execute(select(Question.id, Question.code).where(Question.id.in_(ids)))
        codes = {question_id: code for question_id, code in rows}
    return (codes[i] for i in ids)


def _as_response(answer):
    return sorted(answer) if isinstance(answer, (set, frozenset, list, tuple)) else answer


def _reviews_and_dispute(db: Database) -> None:
    """The supervisor signs two of agent 1024's October calls and the admin the third, a
    0-point call; the agent disputes one of its items, which the supervisor may rule on (a
    ruling needs a supervisor other than the one who signed)."""
    from qa_desk.services.disputes import DisputeService
    from qa_desk.services.review import CONFIRM, ReviewService

    reviews = ReviewService(db)
    for call_id, signer in (("demo-001", SUPERVISOR), ("demo-011", SUPERVISOR), ("demo-005", ADMIN)):
        evaluation = reviews.current(call_id)
        if evaluation is None:
            continue
        failed = [i.rule for i in evaluation.items if i.result == "fail"]
        if failed:
            evaluation = reviews.review_item(evaluation.id, failed[-1],
                                             expected_version=evaluation.version,
                                             reviewer=signer, decision=CONFIRM,
                                             comment="录音复核，扣分属实")
        evaluation = reviews.sign_off(evaluation.id, expected_version=evaluation.version,
                                      reviewer=signer)
        if len(failed) > 1:
            DisputeService(db).open(evaluation.id, failed[0],
                                    "客户抱怨后我马上说了“给您添麻烦了”，这是致歉，请复听录音。",
                                    actor=AGENT)


def _ledger(db: Database) -> None:
    from qa_desk.services.rewards import RewardService

    RewardService(db).add_entry(DEMO_AGENT_ID, date(2026, 10, 27), None, "表扬信",
                                "客户来信表扬耐心解答宽带故障问题", actor=HR)


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, step: timedelta) -> None:
        self.now += step
