"""Attempts in the real database: start, answer, resume after a crash, time limits judged by
the service's clock, submissions that count once, what the candidate's side may receive."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest

from qa_desk.db import open_database
from qa_desk.services import exams as exams_module
from qa_desk.services.exams import (
    AttemptClosedError,
    AttemptsUsedUpError,
    ConflictError,
    ExamService,
    ExamServiceError,
    TimeUpError,
)
from qa_desk.training.review_policy import ReviewPolicy
from tests.training.test_exams_fixtures import START, Clock, setup_exam

GOOD_SHORT = "感谢您的来电，祝您生活愉快，再见！"


def answer_all(service: ExamService, attempt_id: int) -> None:
    service.answer(attempt_id, 1, "对")
    service.answer(attempt_id, 2, "B")
    service.answer(attempt_id, 3, "B")  # one of the two right options: half under `partial`
    service.answer(attempt_id, 4, GOOD_SHORT)


def test_a_whole_attempt_from_start_to_final_result(db):
    clock = Clock()
    service, exam = setup_exam(db, clock)
    attempt = service.start(exam.id, "张三")
    assert (attempt.number, attempt.status, attempt.remaining_seconds) == (1, "open", 1800)
    assert [a.response for a in attempt.answers] == [None] * 4
    answer_all(service, attempt.id)
    clock.advance(minutes=12)

    result = service.submit(attempt.id)
    assert (result.status, result.score, result.max_score, result.pending) == ("submitted", 3.0, 14, 1)
    assert result.passed is None and not result.final and result.time_taken_seconds == 720

    [pending] = service.pending_short_answers(exam.id)
    assert pending.candidate == "张三" and pending.response == GOOD_SHORT
    assert pending.found == ("感谢来电", "道别（“再见”）") and pending.suggested == 10
    assert GOOD_SHORT[pending.highlights[0][0]:pending.highlights[0][1]].startswith("感谢")
    with pytest.raises(ExamServiceError, match="between 0 and 10"):
        service.grade_short(pending.answer_id, 11, "李组长")

    final = service.grade_short(pending.answer_id, 8, "李组长", comment="缺少确认")
    assert final.final and (final.score, final.percent, final.passed) == (11.0, 78.57, True)
    assert service.pending_short_answers(exam.id) == []
    assert service.result(attempt.id) == final


def test_a_crash_between_two_answers_loses_nothing_saved(db, tmp_path):
    clock = Clock()
    service, exam = setup_exam(db, clock)
    attempt = service.start(exam.id, "张三")
    service.answer(attempt.id, 1, "错")
    service.flag(attempt.id, 3)
    db.dispose()  # the desk crashes: every connection gone, nothing held in memory

    clock.advance(minutes=5)
    again = ExamService(open_database(str(db.engine.url)), clock=clock)
    resumed = again.resume("张三", exam.id)
    assert resumed.id == attempt.id and resumed.remaining_seconds == 1500
    assert [(a.response, a.flagged) for a in resumed.answers] == [
        (False, False), (None, False), (None, True), (None, False)]
    assert resumed.answers[0].answered_at == START


def test_setting_the_clock_back_gives_no_time_back(db):
    clock = Clock()
    service, exam = setup_exam(db, clock)
    attempt = service.start(exam.id, "张三")
    clock.advance(minutes=20)
    assert service.answer(attempt.id, 1, "对").remaining_seconds == 600
    clock.advance(hours=-3)  # the PC's clock is set back during the exam
    assert service.resume("张三", exam.id).remaining_seconds == 600
    clock.now = START - timedelta(days=1)  # even before the attempt started
    assert service.answer(attempt.id, 2, "B").remaining_seconds == 600


def test_answering_after_the_time_limit_submits_what_was_saved(db):
    clock = Clock()
    service, exam = setup_exam(db, clock)
    attempt = service.start(exam.id, "张三")
    service.answer(attempt.id, 1, "对")
    clock.advance(minutes=31)
    with pytest.raises(TimeUpError, match="time ran out at 2026-03-02 09:30:00 UTC"):
        service.answer(attempt.id, 2, "B")
    result = service.result(attempt.id)
    assert (result.status, result.submitted_by, result.score) == ("graded", "timeout", 1.0)
    assert result.time_taken_seconds == 1800  # never more than the limit
    with pytest.raises(AttemptClosedError, match="already submitted at 2026-03-02 09:31:00"):
        service.answer(attempt.id, 2, "B")


def test_an_attempt_past_its_limit_is_submitted_when_resumed(db):
    clock = Clock()
    service, exam = setup_exam(db, clock)
    attempt = service.start(exam.id, "张三")
    clock.advance(hours=2)
    resumed = service.resume("张三", exam.id)
    assert (resumed.id, resumed.status, resumed.submitted_by) == (attempt.id, "graded", "timeout")
    assert service.resume("张三", exam.id) is None


def test_attempts_used_up_and_a_second_click_on_start(db):
    clock = Clock()
    service, exam = setup_exam(db, clock, attempts_allowed=1)
    first = service.start(exam.id, "张三")
    assert service.start(exam.id, "张三").id == first.id  # the open one, not a new attempt
    service.submit(first.id)
    with pytest.raises(AttemptsUsedUpError, match="张三 has used all 1 attempt at exam closing-check"):
        service.start(exam.id, "张三")
    assert service.start(exam.id, "李四").number == 1


def test_two_windows_submitting_one_after_the_other(any_db):
    clock = Clock()
    service, exam = setup_exam(any_db, clock)
    attempt = service.start(exam.id, "张三")
    answer_all(service, attempt.id)
    first = service.submit(attempt.id)
    clock.advance(minutes=1)
    second = ExamService(any_db, clock=clock).submit(attempt.id)
    assert second.already_submitted and second.message == "already submitted at 2026-03-02 09:00:00 UTC"
    assert (second.score, second.pending) == (first.score, first.pending) == (3.0, 1)
    assert len(service.results(exam.id)) == 1 and len(service.pending_short_answers(exam.id)) == 1


def test_two_windows_submitting_at_the_same_moment(any_db, monkeypatch):
    """Both windows read the open attempt before either writes: only one submission counts."""
    clock = Clock()
    service, exam = setup_exam(any_db, clock)
    attempt = service.start(exam.id, "张三")
    answer_all(service, attempt.id)
    real_finish, seen, raced = exams_module._finish, [], []

    def racing_finish(*args, **kwargs):
        if not raced:  # the first window has read the attempt; the second submits now
            raced.append(True)
            seen.append(ExamService(any_db, clock=clock).submit(attempt.id))
        return real_finish(*args, **kwargs)

    monkeypatch.setattr(exams_module, "_finish", racing_finish)
    first = service.submit(attempt.id)
    assert not seen[0].already_submitted and first.already_submitted
    assert first.score == seen[0].score == 3.0
    assert len(service.results(exam.id)) == 1
    assert len(service.pending_short_answers(exam.id)) == 1


def test_a_stale_window_is_told_rather_than_overwriting(any_db):
    service, exam = setup_exam(any_db)
    attempt = service.start(exam.id, "张三")
    service.answer(attempt.id, 1, "对", expected_version=attempt.version)
    with pytest.raises(ConflictError, match="another window"):
        service.answer(attempt.id, 1, "错", expected_version=attempt.version)
    assert service.resume("张三", exam.id).answers[0].response is True


def test_bad_responses_are_refused_with_the_reason(db):
    service, exam = setup_exam(db)
    attempt = service.start(exam.id, "张三")
    with pytest.raises(ExamServiceError, match="option E is not one of this question's options"):
        service.answer(attempt.id, 2, "E")
    with pytest.raises(ExamServiceError, match="takes one option, not BC"):
        service.answer(attempt.id, 2, "BC")
    with pytest.raises(ExamServiceError, match="no question 9: this attempt has questions 1 to 4"):
        service.answer(attempt.id, 9, "对")


def test_before_submission_the_candidate_receives_no_key(db):
    clock = Clock()
    policy = ReviewPolicy.from_dict({"during": [], "immediately_after": ["marks"],
                                     "later_while_open": ["marks", "right_answers"],
                                     "after_close": ["marks", "right_answers", "explanations"]})
    service, exam = setup_exam(db, clock, review=policy, shuffle_options=True,
                               closes_at=START + timedelta(days=1))
    attempt = service.start(exam.id, "张三")
    answer_all(service, attempt.id)
    view = service.candidate_view(attempt.id)
    assert view.phase == "during" and view.score is None
    dumped = repr(asdict(view))
    assert "EXPL-" not in dumped and "感谢您的来电，再见。" not in dumped and "道别（" not in dumped
    for question in view.questions:
        assert question.right_answer is None and question.explanation is None
        assert question.key_points is None and question.points is None
    # Options come in this attempt's stored order; answers use the bank's own option keys.
    assert sorted(k for k, _ in view.questions[1].options) == ["A", "B", "C", "D"]
    assert view.questions[1].response == "B"

    service.submit(attempt.id)
    right_after = service.candidate_view(attempt.id)
    assert right_after.phase == "immediately_after" and right_after.score == 3.0
    assert right_after.questions[1].points == 1.0 and right_after.questions[1].right_answer is None
    later = service.candidate_view(attempt.id, now=START + timedelta(hours=1))
    assert later.questions[1].right_answer == "B" and later.questions[1].explanation is None
    closed = service.candidate_view(attempt.id, now=START + timedelta(days=2))
    assert closed.phase == "after_close" and closed.questions[2].explanation == "EXPL-M1"
    assert closed.questions[3].pending is True


def test_random_draws_come_from_the_stored_seed(db):
    from qa_desk.training.exam import Draw

    service, exam = setup_exam(db, questions=(), shuffle_questions=True,
                               draws=(Draw(2, "hold", 1), Draw(1, "closing", 2)))
    attempt = service.start(exam.id, "张三")
    view = service.candidate_view(attempt.id)
    stems = sorted(q.stem[:4] for q in view.questions)
    assert len(stems) == 3 and sum(s.startswith("保持") for s in stems) == 2
    with pytest.raises(ExamServiceError, match="has 2 unused questions for 3 of category hold"):
        setup_exam(db, name="too-many", questions=(), draws=(Draw(3, "hold"),))
