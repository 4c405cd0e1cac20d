"""The exams page over a real SQLite database: take an exam by clicking, survive a crash,
submit, grade the short answer, read results and item analysis, and time out."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
)

from qa_desk.services import audit
from qa_desk.services.access import Identity
from qa_desk.services.banks import BankService
from qa_desk.services.exams import ExamService
from qa_desk.services.practice import PracticeService
from qa_desk.training.exam import ExamDefinition
from qa_desk.training.review_policy import ReviewPolicy
from qa_desk.views.exams import ExamsPage
from qa_desk.views.exams.take import QUESTIONS, RESULT, START
from qa_desk.views.fonts import ensure_cjk_font
from tests.training.test_exams_fixtures import Clock

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "shots"
CODES = ("phone-tf-001", "phone-sc-001", "phone-mc-001", "phone-sa-002", "phone-tf-002")
SHORT_ANSWER = ("等待前先告知客户：“请您稍等片刻，我马上为您查询”，征得同意后再保留；"
                "回来后第一句先致谢：“感谢您的耐心等待”。")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def exam(db, clock):
    imported = BankService(db).import_file(REPO / "exams" / "phone-etiquette.yaml")
    assert not imported.failed, imported.error
    service = ExamService(db, clock=clock)
    return service.create_exam(ExamDefinition(
        name="phone-check", bank="phone-etiquette", title="电话礼仪小测", questions=CODES,
        time_limit_minutes=10, attempts_allowed=2, pass_percent=60, mc_policy="partial"))


class SpyService(ExamService):
    """The real service, noting which questions the page asked it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[str] = []

    def resume(self, candidate, exam_id):
        self.calls.append("resume")
        return super().resume(candidate, exam_id)


def make_page(qtbot, db, service, candidate="张三") -> ExamsPage:
    ensure_cjk_font(QApplication.instance())
    page = ExamsPage(db, user_name="李组长", service=service)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    idle(qtbot, page)
    page.take.choose(page.take.exams.itemData(0), candidate)
    return page


def idle(qtbot, page: ExamsPage) -> None:
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)


def open_exam(qtbot, page: ExamsPage) -> None:
    qtbot.mouseClick(page.take.open_button, Qt.MouseButton.LeftButton)
    idle(qtbot, page)


def click(qtbot, page: ExamsPage, button: QAbstractButton) -> None:
    # Check boxes and radio buttons react on their indicator and label, not the empty width.
    where = QPoint(10, button.height() // 2) if isinstance(button, QCheckBox | QRadioButton) \
        else button.rect().center()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)
    idle(qtbot, page)


def shot(page: ExamsPage, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    assert page.grab().save(str(SHOTS / f"exams_{name}.png"))


def shown_text(page: ExamsPage) -> str:
    texts = [w.text() for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton)]
    texts += [w.toPlainText() for w in page.findChildren(QTextEdit) + page.findChildren(QPlainTextEdit)]
    return "\n".join(texts)


def explanations(db) -> list[str]:
    bank = BankService(db).get_bank("phone-etiquette")
    return [q.explanation[:20] for q in bank.questions if q.code in CODES and q.explanation]


def saved(service: ExamService, exam_id: int, candidate="张三"):
    return [(a.response, a.flagged) for a in service.resume(candidate, exam_id).answers]


def test_take_resume_submit_grade_and_analyse(qtbot, db, clock, exam):
    page = make_page(qtbot, db, ExamService(db, clock=clock))
    take = page.take
    open_exam(qtbot, page)
    assert take.stack.currentIndex() == START
    facts = shown_text(page)
    assert "电话礼仪小测" in facts and "10 minutes" in facts and "2 / 2" in facts and "60 %" in facts
    shot(page, "start")

    click(qtbot, page, take.start_button)
    assert take.stack.currentIndex() == QUESTIONS and take.position == 1
    assert [b.text() for b in take.panel.choices] == ["对 (true)", "错 (false)"]
    click(qtbot, page, take.panel.choices[1])  # 错
    click(qtbot, page, take.next_button)
    click(qtbot, page, take.panel.choices[1])  # B
    click(qtbot, page, take.next_button)
    click(qtbot, page, take.panel.choices[0])  # A and B of A, B, C: two thirds under `partial`
    click(qtbot, page, take.panel.choices[1])
    click(qtbot, page, take.flag_button)
    click(qtbot, page, take.next_button)
    assert take.panel.text.isVisible() and not take.panel.choices
    take.panel.text.setFocus()
    take.panel.text.insertPlainText(SHORT_ANSWER)  # keyClicks cannot type Chinese
    click(qtbot, page, take.next_button)  # leaving the question saves what was typed

    assert [take.map.state(p) for p in range(1, 6)] == [
        (True, False), (True, False), (True, True), (True, False), (False, False)]
    assert take.map.current == 5 and take.map.buttons[2].text() == "3⚑"
    service = ExamService(db, clock=clock)
    assert saved(service, exam.id) == [(False, False), ("B", False), (["A", "B"], True),
                                       (SHORT_ANSWER, False), (None, False)]
    assert not any(e in shown_text(page) for e in explanations(db))
    take.go_to(3)
    shot(page, "question")

    # The desk crashes; three minutes later a new page on a new service picks the attempt up.
    idle(qtbot, page)
    page.close()
    page.deleteLater()
    clock.advance(minutes=3)
    spy = SpyService(db, clock=clock)
    page = make_page(qtbot, db, spy)
    take = page.take
    open_exam(qtbot, page)
    assert "resume" in spy.calls and take.stack.currentIndex() == QUESTIONS
    assert 415 <= take.remaining_seconds() <= 420  # the service's 7:00, not a fresh 10:00
    assert take.timer.text() in {"07:00", "06:59"}
    assert [take.map.state(p) for p in range(1, 6)] == [
        (True, False), (True, False), (True, True), (True, False), (False, False)]
    assert take.position == 5  # the first question not answered yet
    take.go_to(4)
    assert take.panel.text.toPlainText() == SHORT_ANSWER
    take.go_to(3)
    assert [b.isChecked() for b in take.panel.choices] == [True, True, False, False]
    assert take.flag_button.isChecked()
    assert not any(e in shown_text(page) for e in explanations(db))
    shot(page, "resumed")

    asked: list[str] = []
    take.confirm = lambda text: asked.append(text) or True
    clock.advance(minutes=1)
    click(qtbot, page, take.submit_button)
    assert "Not answered: questions 5." in asked[0] and "Flagged for review: questions 3." in asked[0]
    assert take.stack.currentIndex() == RESULT
    result = take.finished.result
    assert (result.score, result.pending, result.time_taken_seconds) == (3.3333, 1, 240)
    text = shown_text(page)
    assert "1 short answer(s) wait for a grader" in take.verdict.text()
    assert "04:00" in text and "3.33 / 15" in text, text
    assert not any(e in text for e in explanations(db))  # the default policy: marks only
    shot(page, "result")

    others = take_for_others(ExamService(db, clock=clock), exam.id)
    page.tabs.setCurrentIndex(1)
    idle(qtbot, page)
    grading = page.grading
    assert grading.list.count() == 1
    pending = grading.pending[0]
    assert pending.candidate == "张三" and pending.found
    assert grading.points.value() == pending.suggested > 0
    assert "font-weight:bold" in grading.answer.toHtml() or "font-weight:700" in grading.answer.toHtml()
    shot(page, "grading")
    grading.points.setValue(7)
    click(qtbot, page, grading.save_button)
    idle(qtbot, page)
    assert grading.list.count() == 0
    final = ExamService(db, clock=clock).result(result.attempt_id)
    assert final.final and final.score == 10.3333 and final.passed is True

    page.tabs.setCurrentIndex(2)
    idle(qtbot, page)
    results = page.results
    assert results.results.rowCount() == 1 + others
    stats = results.figures.stats
    assert stats is not None and stats.attempts == 1 + others and len(stats.items) == 5
    assert results.items.rowCount() == 5 and "Cronbach's α" in results.summary.text()
    shot(page, "results")


def take_for_others(service: ExamService, exam_id: int) -> int:
    """A few more graded attempts, so the analysis has spread to work on."""
    papers = [("对", "B", ["A", "B", "C"], "对"), ("错", "B", ["A", "B", "C"], "对"),
              ("错", "A", ["A"], "错"), ("对", "D", ["A", "B"], "对"), ("错", "B", ["A", "C"], "错")]
    for number, (tf1, sc, mc, tf2) in enumerate(papers, 1):
        attempt = service.start(exam_id, f"学员{number}")
        for position, response in zip((1, 2, 3, 5), (tf1, sc, mc, tf2), strict=True):
            service.answer(attempt.id, position, response)
        service.submit(attempt.id)
    return len(papers)


def test_the_page_submits_when_the_time_runs_out(qtbot, db, clock, exam):
    service = ExamService(db, clock=clock)
    attempt = service.start(exam.id, "张三")
    service.answer(attempt.id, 2, "B")
    clock.advance(minutes=9, seconds=58)
    page = make_page(qtbot, db, ExamService(db, clock=clock))
    open_exam(qtbot, page)
    take = page.take
    assert take.stack.currentIndex() == QUESTIONS and take.remaining_seconds() <= 2
    assert take.timer.property("warning") is True
    clock.advance(seconds=5)  # the service's clock passes the limit too
    qtbot.waitUntil(lambda: take.stack.currentIndex() == RESULT, timeout=8000)
    idle(qtbot, page)
    result = take.finished.result
    assert result.submitted_by == "timeout" and result.time_taken_seconds == 600
    assert "automatically when the time ran out" in shown_text(page)
    shot(page, "timeout")


def test_an_attempt_found_past_its_limit_opens_on_its_result(qtbot, db, clock, exam):
    service = ExamService(db, clock=clock)
    attempt = service.start(exam.id, "张三")
    service.answer(attempt.id, 1, "错")
    clock.advance(minutes=30)
    page = make_page(qtbot, db, ExamService(db, clock=clock))
    open_exam(qtbot, page)
    assert page.take.stack.currentIndex() == RESULT
    assert page.take.finished.result.submitted_by == "timeout"


def test_right_answers_and_explanations_show_only_when_the_policy_allows(qtbot, db, clock, exam):
    service = ExamService(db, clock=clock)
    open_book = ReviewPolicy.from_dict({"immediately_after": ["marks", "right_answers", "explanations"]})
    shown = service.create_exam(ExamDefinition(
        name="phone-open", bank="phone-etiquette", title="开卷练习", questions=CODES[:2],
        time_limit_minutes=10, review=open_book))
    page = make_page(qtbot, db, ExamService(db, clock=clock))
    page.take.choose(shown.id, "王五")
    open_exam(qtbot, page)
    click(qtbot, page, page.take.start_button)
    click(qtbot, page, page.take.panel.choices[0])
    assert not any(e in shown_text(page) for e in explanations(db)[:2])
    page.take.confirm = lambda text: True
    click(qtbot, page, page.take.submit_button)
    text = shown_text(page)
    assert page.take.stack.currentIndex() == RESULT
    assert "Right answer" in text and explanations(db)[0] in text
    shot(page, "review")


# Signed in: the page follows the role ------------------------------------------------------

TRAINEE = Identity("li", "agent", agent_id="1024", display_name="李明")
SUPERVISOR = Identity("wang", "supervisor", display_name="王主管")
HR_USER = Identity("zhao", "hr", display_name="赵人事")
OPEN_BOOK = ReviewPolicy.from_dict({"immediately_after": ["marks"],
                                    "later_while_open": ["marks", "right_answers", "explanations"]})
DECEMBER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def signed_in_page(qtbot, db, clock, identity, **kwargs) -> ExamsPage:
    ensure_cjk_font(QApplication.instance())
    page = ExamsPage(db, identity=identity, service=ExamService(db, clock=clock), **kwargs)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    idle(qtbot, page)
    return page


def tab_titles(page: ExamsPage) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


def test_an_agent_takes_the_exam_as_themself_and_sees_only_their_results(qtbot, db, clock, exam):
    service = ExamService(db, clock=clock)
    other = service.start(exam.id, "2048")
    service.submit(other.id)
    page = signed_in_page(qtbot, db, clock, TRAINEE)
    assert tab_titles(page) == ["Take an exam", "Results", "Practice"] and page.grading is None
    take = page.take
    assert take.candidate.text() == "1024" and take.candidate.isReadOnly()
    take.choose(exam.id, "2048")  # cannot be switched to someone else
    assert take.candidate.text() == "1024"
    open_exam(qtbot, page)
    click(qtbot, page, take.start_button)
    click(qtbot, page, take.panel.choices[1])
    take.confirm = lambda text: True
    click(qtbot, page, take.submit_button)
    assert take.finished.result.candidate == "1024"

    page.tabs.setCurrentIndex(1)
    idle(qtbot, page)
    results = page.results
    assert results.results.rowCount() == 1 and results.results.item(0, 0).text() == "1024"
    assert results.figures.stats is None and not results.items.isVisibleTo(page)


def test_a_supervisor_grades_and_reads_the_analysis_hr_reads_results(qtbot, db, clock, exam):
    service = ExamService(db, clock=clock)
    take_for_others(service, exam.id)
    attempt = service.start(exam.id, "1024")
    service.answer(attempt.id, 4, SHORT_ANSWER)
    service.submit(attempt.id)
    page = signed_in_page(qtbot, db, clock, SUPERVISOR)
    assert tab_titles(page) == ["Take an exam", "Grade short answers", "Results and item analysis",
                                "Practice", "Banks and exams"]
    assert page.take.candidate.text() == "wang"
    page.tabs.setCurrentIndex(1)
    idle(qtbot, page)
    page.grading.points.setValue(6)
    click(qtbot, page, page.grading.save_button)
    [graded] = audit.history(db, action="exam.grade")
    assert graded.actor == "王主管" and graded.after["points"] == 6.0

    page.tabs.setCurrentIndex(2)
    idle(qtbot, page)
    results = page.results
    assert results.results.rowCount() == 6 and results.figures.stats.attempts == 6
    picked = [results.items.item(row, 5).text() for row in range(results.items.rowCount())]
    assert picked[1].startswith("A ") and "✓" in picked[1] and picked[3] == "—"  # a short answer
    shot(page, "analysis_options")

    hr = signed_in_page(qtbot, db, clock, HR_USER)
    assert tab_titles(hr) == ["Results"] and hr.take is None and hr.grading is None
    idle(qtbot, hr)
    assert hr.results.results.rowCount() == 6 and hr.results.figures.stats is None


def test_practice_suggests_a_topic_and_checks_each_answer(qtbot, db, clock, exam, tmp_path):
    from tests.training.test_practice import scored_calls

    scored_calls(db, tmp_path, ["2026-11-20T10:00:00+08:00", "2026-11-21T10:00:00+08:00",
                                "2026-11-22T10:00:00+08:00", "2026-11-23T10:00:00+08:00",
                                "2026-11-24T10:00:00+08:00"])
    service = ExamService(db, clock=clock)
    open_exam_ = service.create_exam(ExamDefinition(
        name="phone-open", bank="phone-etiquette", title="开卷练习", questions=CODES[:2],
        review=OPEN_BOOK))
    attempt = service.start(open_exam_.id, "1024")
    service.answer(attempt.id, 1, "对")  # wrong: 以“喂”开头不合格
    service.answer(attempt.id, 2, "A")  # wrong
    service.submit(attempt.id)
    practice = PracticeService(db, clock=lambda: DECEMBER)
    page = signed_in_page(qtbot, db, clock, TRAINEE, practice=practice)
    page.tabs.setCurrentIndex(2)
    idle(qtbot, page)
    tab = page.practice
    assert tab.wrong_button.text() == "Retry my wrong questions (2)" and tab.wrong_button.isEnabled()
    text = shown_text(page)
    assert "Your calls in the last 30 days failed “首问语” 5 times: practise this topic (6 questions)." \
        in text, text
    shot(page, "practice_overview")

    click(qtbot, page, tab.wrong_button)
    assert tab.stack.currentIndex() == 1 and len(tab.questions) == 2
    assert tab.questions[0].stem.startswith("接听客户来电时") and tab.result.text() == ""
    explanation = BankService(db).get_bank("phone-etiquette").questions[0].explanation
    assert explanation[:20] not in shown_text(page)  # nothing before answering
    click(qtbot, page, tab.panel.choices[1])  # 错: right this time
    click(qtbot, page, tab.check_button)
    assert tab.feedback.correct and "✓ Right" in tab.result.text()
    assert html.escape(explanation[:20]) in tab.result.text()
    assert not any(b.isEnabled() for b in tab.panel.choices) and tab.next_button.isEnabled()
    shot(page, "practice_feedback")
    click(qtbot, page, tab.next_button)
    click(qtbot, page, tab.panel.choices[0])  # A: wrong again
    click(qtbot, page, tab.check_button)
    assert not tab.feedback.correct and "Right answer:</b> B." in tab.result.text()
    shot(page, "practice_wrong")
    click(qtbot, page, tab.next_button)
    assert tab.stack.currentIndex() == 2 and "1 of 2 right" in tab.summary.text()
    assert service.result(attempt.id).score == 0  # practice does not count

    click(qtbot, page, tab.suggestion_buttons["opening.greeting"])
    assert {q.category for q in tab.questions} == {"opening.greeting"}
    assert len(tab.questions) == 6  # the two wrong ones first, then the rest of the topic
