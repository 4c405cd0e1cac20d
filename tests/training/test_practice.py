"""Practice: retry the questions one got wrong, with the key and explanation after each answer
only where the review policy allows; nothing counts in exam results; and a failed QA rule
points the agent to the bank category of the same id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from qa_desk.config import exams_dir
from qa_desk.models import AuditEntry, Call, EvaluationItem, ExamAnswer
from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.banks import BankService
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.practice import BANK, WRONG, PracticeError, PracticeService
from qa_desk.training.exam import ExamDefinition
from qa_desk.training.review_policy import ReviewPolicy
from tests.helpers import call_dict, write_json
from tests.training.test_exams_fixtures import START, Clock, setup_exam

TRAINEE = Identity("li", "agent", agent_id="1024", display_name="李明")
OTHER = Identity("chen", "agent", agent_id="2048")
SUPERVISOR = Identity("wang", "supervisor")
# Right answers and explanations from two minutes after submission: practice may show them.
OPEN_BOOK = ReviewPolicy.from_dict({"during": [], "immediately_after": ["marks"],
                                    "later_while_open": ["marks", "right_answers", "explanations"]})


def sat_with_mistakes(database, clock, **changes):
    """1024 sits closing-check: tf1 right, s1 wrong (A), m1 half right (B), sh1 left blank."""
    service, exam = setup_exam(database, clock, review=OPEN_BOOK, **changes)
    attempt = service.start(exam.id, "1024", actor=TRAINEE)
    service.answer(attempt.id, 1, "对", actor=TRAINEE)
    service.answer(attempt.id, 2, "A", actor=TRAINEE)
    service.answer(attempt.id, 3, "B", actor=TRAINEE)
    service.submit(attempt.id, actor=TRAINEE)
    clock.advance(minutes=5)
    return service, exam, PracticeService(database, clock=clock)


def test_the_wrong_questions_are_practised_with_the_key_after_each_answer(any_db):
    clock = Clock()
    service, exam, practice = sat_with_mistakes(any_db, clock)
    wrong = practice.wrong_questions(actor=TRAINEE)
    assert sorted(w.code for w in wrong) == ["m1", "s1", "sh1"]
    assert all(w.practicable and w.times_wrong == 1 and w.exams == ("closing-check",) for w in wrong)

    questions = practice.practice_set(actor=TRAINEE)
    assert {q.code for q in questions} == {"m1", "s1", "sh1"} and {q.source for q in questions} == {WRONG}
    s1 = next(q for q in questions if q.code == "s1")
    assert "B" in dict(s1.options) and not hasattr(s1, "right_answer")

    again = practice.check_practice_answer(s1.question_id, "A", actor=TRAINEE)
    assert (again.correct, again.right_answer, again.explanation) == (False, "B", "EXPL-S1")
    right = practice.check_practice_answer(s1.question_id, "b", actor=TRAINEE)
    assert right.correct and right.response == "B"
    m1 = next(q for q in questions if q.code == "m1")
    half = practice.check_practice_answer(m1.question_id, "B", actor=TRAINEE)
    assert not half.correct and half.right_answer == ("B", "C")  # practice: all or nothing
    sh1 = next(q for q in questions if q.code == "sh1")
    short = practice.check_practice_answer(sh1.question_id, "感谢您的来电", actor=TRAINEE)
    assert not short.correct and short.found == ("感谢来电",) and short.missing == ("道别（“再见”）",)
    assert short.reference_answer == "感谢您的来电，再见。"
    with pytest.raises(PracticeError, match="option E is not one of this question's options"):
        practice.check_practice_answer(s1.question_id, "E", actor=TRAINEE)

    # Practice answers are not stored: the exam's result and answers are as submitted.
    [result] = service.results(exam.id, actor=TRAINEE)
    assert result.score == 2.0
    with any_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ExamAnswer)) == 4


def test_a_question_put_right_in_a_later_attempt_is_done(db):
    clock = Clock()
    service, exam, practice = sat_with_mistakes(db, clock)
    attempt = service.start(exam.id, "1024", actor=TRAINEE)
    service.answer(attempt.id, 2, "B", actor=TRAINEE)
    service.answer(attempt.id, 3, "BC", actor=TRAINEE)
    service.submit(attempt.id, actor=TRAINEE)
    clock.advance(minutes=5)
    wrong = {w.code: w for w in practice.wrong_questions(actor=TRAINEE)}
    assert set(wrong) == {"tf1", "sh1"} and wrong["sh1"].times_wrong == 2


def test_the_key_stays_hidden_where_the_review_policy_hides_it(db):
    clock = Clock()
    secret = ReviewPolicy.from_dict({"during": [], "immediately_after": ["marks"],
                                     "later_while_open": ["marks"],
                                     "after_close": ["marks", "right_answers", "explanations"]})
    service, exam, practice = sat_with_mistakes(db, clock, closes_at=START + timedelta(days=1))
    service.create_exam(ExamDefinition.from_dict(
        {**exam.definition.to_dict(), "name": "secret", "review": secret.to_dict(),
         "closes_at": (START + timedelta(days=1)).isoformat()}))
    secret_id = service.get_exam("secret").id
    attempt = service.start(secret_id, "1024", actor=TRAINEE)
    service.answer(attempt.id, 2, "A", actor=TRAINEE)
    service.submit(attempt.id, actor=TRAINEE)
    clock.advance(minutes=5)

    wrong = {w.code: w for w in practice.wrong_questions(actor=TRAINEE)}
    assert not wrong["s1"].practicable  # sat in the secret exam: its key waits for the close
    assert practice.practice_set(actor=TRAINEE) == []
    with pytest.raises(PracticeError, match="cannot be shown now"):
        practice.check_practice_answer(wrong["s1"].question_id, "B", actor=TRAINEE)
    clock.now = START + timedelta(days=2)  # both exams closed
    assert {q.code for q in practice.practice_set(actor=TRAINEE)} == {"tf1", "s1", "m1", "sh1"}


def test_nothing_in_an_attempt_being_sat_is_revealed(db):
    clock = Clock()
    service, exam, practice = sat_with_mistakes(db, clock)
    s1 = next(w for w in practice.wrong_questions(actor=TRAINEE) if w.code == "s1")
    sitting = service.start(exam.id, "2048", actor=OTHER)  # somebody sits the same paper now
    assert practice.practice_set(actor=TRAINEE) == []
    with pytest.raises(PracticeError, match="in an exam being sat"):
        practice.check_practice_answer(s1.question_id, "B", actor=TRAINEE)
    service.submit(sitting.id, actor=OTHER)
    assert practice.check_practice_answer(s1.question_id, "B", actor=TRAINEE).correct


def test_a_category_adds_bank_questions_never_sat(db):
    clock = Clock()
    _, _, practice = sat_with_mistakes(db, clock)
    hold = practice.practice_set(category="hold", actor=TRAINEE)
    assert [(q.code, q.source) for q in hold] == [("s2", BANK), ("s3", BANK)]
    closing = practice.practice_set(category="closing", limit=2, actor=TRAINEE)
    assert len(closing) == 2 and {q.source for q in closing} == {WRONG}
    with pytest.raises(PracticeError, match="1 to 200 questions, not 0"):
        practice.practice_set(limit=0, actor=TRAINEE)


def test_a_trainee_practises_only_as_themself(db):
    clock = Clock()
    _, _, practice = sat_with_mistakes(db, clock)
    with pytest.raises(PermissionDenied, match="may only take and see their own exams"):
        practice.wrong_questions("1024", actor=OTHER)
    assert practice.wrong_questions(actor=OTHER) == []
    assert len(practice.wrong_questions("1024", actor=SUPERVISOR)) == 3


# Suggestions from the agent's calls ----------------------------------------------------------

def scored_calls(database, tmp_path, stamps):
    """Calls by agent 1024 whose opening has no self-identification (opening.greeting fails)."""
    for number, stamp in enumerate(stamps):
        data = call_dict(f"g-{number}", started_at=stamp)
        data["turns"][0]["text"] = "您好，很高兴为您服务"
        ImportService(database).import_file(write_json(tmp_path / f"g-{number}.json", data))
    list(score_stored_calls(database, [f"g-{n}" for n in range(len(stamps))], Scorer(load_pack())))


def test_rules_the_agents_calls_keep_failing_suggest_their_category(any_db, tmp_path):
    BankService(any_db).import_file(exams_dir() / "phone-etiquette.yaml")
    BankService(any_db).import_file(exams_dir() / "service-specialist-written.yaml")
    scored_calls(any_db, tmp_path, ["2026-11-20T10:00:00+08:00", "2026-11-21T10:00:00+08:00",
                                    "2026-11-22T10:00:00+08:00", "2026-11-23T10:00:00+08:00",
                                    "2026-10-01T10:00:00+08:00"])  # the last one is too old
    # A supervisor rejected the automatic fail on one call: after review it is a pass.
    with any_db.sessions.begin() as session:
        evaluation = session.scalar(select(Call.current_evaluation_id).where(Call.call_id == "g-3"))
        session.execute(update(EvaluationItem).where(EvaluationItem.evaluation_id == evaluation,
                                                     EvaluationItem.rule_id == "opening.greeting")
                        .values(review="reject", reason="工号在第二句"))
    practice = PracticeService(any_db, clock=lambda: datetime(2026, 12, 1, 8, 0, tzinfo=UTC))

    suggestions = {s.category: s for s in practice.suggested_categories("1024", actor=TRAINEE)}
    greeting = suggestions["opening.greeting"]
    assert (greeting.rule_name, greeting.failures, greeting.questions) == ("首问语", 3, 6)
    assert all(s.failures >= 3 and s.questions > 0 for s in suggestions.values())
    assert "opening.greeting" not in {
        s.category for s in practice.suggested_categories("1024", min_failures=4, actor=TRAINEE)}
    assert practice.suggested_categories("1024", since_days=90, min_failures=4,
                                         actor=SUPERVISOR)[0].failures >= 4
    with pytest.raises(PermissionDenied, match="may only see their own records"):
        practice.suggested_categories("1024", actor=OTHER)
    assert practice.suggested_categories("2048", actor=OTHER) == []

    bank = practice.practice_set(category="opening.greeting", limit=20, actor=TRAINEE)
    assert len(bank) == 6 and {q.category for q in bank} == {"opening.greeting"}
    with any_db.sessions() as session:  # practising writes nothing
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    for question in bank:
        response = dict(true_false="对", short="您好").get(question.type) or question.options[0][0]
        feedback = practice.check_practice_answer(question.question_id, response, actor=TRAINEE)
        assert feedback.explanation and (feedback.right_answer is not None or question.type == "short")
    with any_db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_every_scoring_rule_has_practice_questions_in_the_bundled_banks(phone_bank):
    """A failed rule can only be suggested when the banks file questions under its id."""
    from qa_desk.training import read_bank

    written = read_bank(exams_dir() / "service-specialist-written.yaml")
    categories = {q.category for q in phone_bank.questions + written.questions}
    rules = {rule.id for rule in load_pack().rules}
    assert rules and rules <= categories, sorted(rules - categories)
