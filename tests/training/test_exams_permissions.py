"""Who may do what with exams, checked in the services (a hidden button is never the only
guard): grading, creating exams, importing banks, reading results, taking exams as oneself,
and what a trainee's screen may receive. Grading is recorded in the audit trail."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from qa_desk.config import exams_dir
from qa_desk.models import AuditEntry, Question
from qa_desk.services import audit
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.banks import BankService
from qa_desk.services.exams import candidate_for
from qa_desk.training.review_policy import ReviewPolicy
from tests.training.conftest import write_sheet
from tests.training.test_exams_fixtures import START, Clock, definition, setup_exam

ADMIN = Identity("root", "admin")
SUPERVISOR = Identity("wang", "supervisor", display_name="王主管")
HR = Identity("zhao", "hr")
TRAINEE = Identity("li", "agent", agent_id="1024", display_name="李明")
OTHER_TRAINEE = Identity("chen", "agent", agent_id="2048")
NO_ID_TRAINEE = Identity("newbie", "agent")


def audit_rows(database, action):
    return [e for e in audit.history(database, action=action)]


def submitted_with_short(service, exam, actor):
    attempt = service.start(exam.id, candidate_for(actor), actor=actor)
    service.answer(attempt.id, 1, "对", actor=actor)
    service.answer(attempt.id, 4, "感谢您的来电，再见", actor=actor)
    service.submit(attempt.id, actor=actor)
    return attempt


def test_a_trainee_calling_the_grading_service_is_refused(any_db):
    service, exam = setup_exam(any_db)
    attempt = submitted_with_short(service, exam, TRAINEE)
    with pytest.raises(PermissionDenied, match=r"li \(agent\) may not grade exams"):
        service.pending_short_answers(exam.id, actor=TRAINEE)
    [pending] = service.pending_short_answers(exam.id, actor=SUPERVISOR)
    with pytest.raises(PermissionDenied, match=r"li \(agent\) may not grade exams"):
        service.grade_short(pending.answer_id, 10, actor=TRAINEE)
    with pytest.raises(PermissionDenied, match=r"zhao \(hr\) may not grade exams"):
        service.grade_short(pending.answer_id, 10, actor=HR)
    assert service.result(attempt.id).pending == 1  # nothing changed
    assert audit_rows(any_db, "exam.grade") == []


def test_grading_writes_an_audit_row_with_before_and_after(any_db):
    service, exam = setup_exam(any_db)
    attempt = submitted_with_short(service, exam, TRAINEE)
    [pending] = service.pending_short_answers(exam.id, actor=SUPERVISOR)
    first = service.grade_short(pending.answer_id, 6, actor=SUPERVISOR, reason="缺少确认")
    assert first.final and first.score == 7.0
    regraded = service.grade_short(pending.answer_id, 9, actor=ADMIN, comment="复核后加分")
    assert regraded.score == 10.0
    newest, oldest = audit_rows(any_db, "exam.grade")
    assert (oldest.actor, oldest.entity, oldest.reason) == ("王主管", f"exam_answer:{pending.answer_id}",
                                                            "缺少确认")
    assert oldest.before == {"points": None, "suggested": 10.0, "graded_by": None}
    assert oldest.after["points"] == 6.0 and oldest.after["candidate"] == "1024"
    assert oldest.after["attempt"] == attempt.id and oldest.after["status"] == "graded"
    assert (newest.actor, newest.reason) == ("root", "复核后加分")
    assert newest.before["points"] == 6.0 and newest.after["points"] == 9.0
    assert audit.verify(any_db).ok


def test_the_command_line_may_still_grade_under_the_graders_name(db):
    service, exam = setup_exam(db)
    submitted_with_short(service, exam, TRAINEE)
    [pending] = service.pending_short_answers(exam.id)
    service.grade_short(pending.answer_id, 5, "李组长")
    [row] = audit_rows(db, "exam.grade")
    assert row.actor == "李组长" and row.reason is None


def test_paper_grading_needs_the_grade_permission(db, tmp_path):
    service, exam = setup_exam(db)
    sheet = write_sheet(tmp_path / "answers.xlsx", [["张三", "A001", "对", "B", "BC", ""]],
                        header=["姓名", "工号", "tf1", "s1", "m1", "sh1"])
    with pytest.raises(PermissionDenied, match=r"li \(agent\) may not grade exams"):
        service.grade_paper(exam.name, sheet, actor=TRAINEE)
    with pytest.raises(PermissionDenied, match="may not grade exams"):
        service.paper_questions(exam.name, actor=TRAINEE)  # they carry the key
    graded = service.grade_paper(exam.name, sheet, actor=SUPERVISOR)
    assert [r.score for r in graded.results] == [4.0]
    [row] = audit_rows(db, "exam.grade_paper")
    assert row.actor == "王主管" and row.after["candidates"] == 1 and row.after["sheet"] == "answers.xlsx"


def test_creating_exams_and_importing_banks_need_their_permissions(db):
    service, _ = setup_exam(db)
    for actor in (TRAINEE, HR):
        with pytest.raises(PermissionDenied, match="may not create or change exams"):
            service.create_exam(definition(name="by-" + actor.role), actor=actor)
    assert [e.name for e in service.list_exams()] == ["closing-check"]
    service.create_exam(definition(name="by-supervisor"), actor=SUPERVISOR)
    created, fixture = audit_rows(db, "exam.create")  # newest first
    assert fixture.actor == "system" and fixture.entity == "exam:closing-check"
    assert created.actor == "王主管" and created.entity == "exam:by-supervisor"

    banks = BankService(db)
    with pytest.raises(PermissionDenied, match=r"li \(agent\) may not manage question banks"):
        banks.import_file(exams_dir() / "phone-etiquette.yaml", actor=TRAINEE)
    with pytest.raises(PermissionDenied, match="may not manage question banks"):
        banks.export("closing", db.engine.url.database + ".gift", "gift", actor=HR)
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Question)) == 6  # the fixture's only
    outcome = banks.import_file(exams_dir() / "phone-etiquette.yaml", actor=SUPERVISOR)
    assert not outcome.failed and outcome.imported == 62
    imported, fixture = audit_rows(db, "bank.import")
    assert (fixture.entity, imported.actor) == ("bank:closing", "王主管")
    assert imported.entity == "bank:phone-etiquette" and imported.after["imported"] == 62
    again = banks.import_file(exams_dir() / "phone-etiquette.yaml", actor=SUPERVISOR)
    assert again.unchanged == 62 and len(audit_rows(db, "bank.import")) == 2  # nothing changed


def test_an_agent_takes_exams_as_themself_and_sees_only_their_own_results(any_db):
    service, exam = setup_exam(any_db)
    mine = service.start(exam.id, "1024", actor=TRAINEE)
    assert mine.candidate == "1024"
    with pytest.raises(PermissionDenied, match="may only take and see their own exams"):
        service.start(exam.id, "2048", actor=TRAINEE)
    theirs = service.start(exam.id, "2048", actor=OTHER_TRAINEE)
    for act in (lambda: service.answer(theirs.id, 1, "对", actor=TRAINEE),
                lambda: service.flag(theirs.id, 1, actor=TRAINEE),
                lambda: service.submit(theirs.id, actor=TRAINEE),
                lambda: service.candidate_view(theirs.id, actor=TRAINEE),
                lambda: service.result(theirs.id, actor=TRAINEE),
                lambda: service.resume("2048", exam.id, actor=TRAINEE),
                lambda: service.results(exam.id, actor=TRAINEE, candidate="2048")):
        with pytest.raises(PermissionDenied, match=r"李明 may only take and see their own exams \(candidate"
                                                   r" 1024\), not 2048's"):
            act()
    assert service.resume("2048", exam.id).answers[0].response is None  # nothing was saved
    service.answer(mine.id, 1, "对", actor=TRAINEE)
    service.submit(mine.id, actor=TRAINEE)
    service.submit(theirs.id, actor=OTHER_TRAINEE)

    assert [r.candidate for r in service.results(exam.id, actor=TRAINEE)] == ["1024"]
    assert [r.candidate for r in service.results(exam.id, actor=HR)] == ["1024", "2048"]
    assert [r.candidate for r in service.results(exam.id, actor=SUPERVISOR, candidate="2048")] == ["2048"]
    assert service.result(mine.id, actor=TRAINEE).score == 1.0

    # An agent account with no 工号 takes exams under its user name.
    assert service.start(exam.id, "newbie", actor=NO_ID_TRAINEE).candidate == "newbie"


def test_a_trainees_view_never_holds_the_key_before_the_policy_allows(db):
    clock = Clock()
    policy = ReviewPolicy.from_dict({"during": [], "immediately_after": ["marks"],
                                     "later_while_open": ["marks"],
                                     "after_close": ["marks", "right_answers", "explanations"]})
    service, exam = setup_exam(db, clock, review=policy, closes_at=START + timedelta(days=1))
    attempt = service.start(exam.id, "1024", actor=TRAINEE)
    service.answer(attempt.id, 2, "A", actor=TRAINEE)
    during = service.candidate_view(attempt.id, actor=TRAINEE)
    service.submit(attempt.id, actor=TRAINEE)
    clock.advance(hours=3)
    later = service.candidate_view(attempt.id, actor=TRAINEE)
    for view in (during, later):
        dumped = repr(asdict(view))
        assert "EXPL-" not in dumped and "感谢您的来电，再见。" not in dumped and "道别（" not in dumped
        assert all(q.right_answer is None and q.explanation is None for q in view.questions)
    assert during.score is None and later.score == 0.0
    clock.advance(days=1)
    closed = service.candidate_view(attempt.id, actor=TRAINEE)
    assert closed.questions[1].right_answer == "B" and closed.questions[1].explanation == "EXPL-S1"


def test_no_audit_row_is_left_by_a_refused_grade(db):
    service, exam = setup_exam(db)
    submitted_with_short(service, exam, TRAINEE)
    [pending] = service.pending_short_answers(exam.id)
    with pytest.raises(ValueError, match="between 0 and 10"):
        service.grade_short(pending.answer_id, 12, actor=SUPERVISOR)
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "exam.grade")) == 0


def test_a_trainee_sees_their_marks_only_when_the_policy_shows_them(db):
    clock = Clock()
    policy = ReviewPolicy.from_dict({"during": [], "immediately_after": [], "later_while_open": [],
                                     "after_close": ["marks"]})
    service, exam = setup_exam(db, clock, review=policy, closes_at=START + timedelta(days=1))
    attempt = service.start(exam.id, "1024", actor=TRAINEE)
    service.answer(attempt.id, 1, "对", actor=TRAINEE)
    submitted = service.submit(attempt.id, actor=TRAINEE)
    assert submitted.marks_hidden and (submitted.score, submitted.percent, submitted.passed) == (None,) * 3
    again = service.submit(attempt.id, actor=TRAINEE)
    assert again.already_submitted and again.score is None
    [mine] = service.results(exam.id, actor=TRAINEE)
    assert mine.marks_hidden and mine.score is None
    assert service.result(attempt.id, actor=TRAINEE).score is None
    [full] = service.results(exam.id, actor=SUPERVISOR)  # graders see the marks
    assert not full.marks_hidden and full.score == 1.0
    clock.advance(days=2)
    assert service.result(attempt.id, actor=TRAINEE).score == 1.0
