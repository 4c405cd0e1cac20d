"""The HR workbook from the store: the demo month with an exam sat and a manual reward entry.
Every sheet's rows come from the database (checked against the services that own them), only
export roles may write it, unmasked only for roles allowed to, and each export is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from qa_desk.models import AuditEntry
from qa_desk.reports import parse_period
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.exams import ExamService
from qa_desk.services.hr_workbook import HrWorkbookService
from qa_desk.services.reports import ReportService
from qa_desk.services.rewards import RewardService
from tests.reports.report_helpers import REVIEWED_CALL
from tests.training.test_exams_fixtures import Clock, setup_exam

NOVEMBER = parse_period("2026-11")
HR = Identity("zhao", "hr", display_name="人事小赵")
SUPERVISOR = Identity("wang", "supervisor", display_name="王主管")
AGENT = Identity("li", "agent", agent_id="1024")
SITTINGS = {"1024": ["错", "A", "BC", "感谢您的来电"], "2048": ["对", "B", "BC", "感谢来电，再见"],
            "3072": ["对", "B", "B", ""]}


@pytest.fixture
def month(store):
    """The reports store plus an exam sat in November and a praise letter for 1024."""
    clock = Clock(datetime(2026, 11, 10, 1, 0, tzinfo=UTC))
    service, exam = setup_exam(store.db, clock)
    for candidate, responses in SITTINGS.items():
        attempt = service.start(exam.id, candidate)
        for position, response in enumerate(responses, start=1):
            service.answer(attempt.id, position, response)
        clock.advance(minutes=7)
        service.submit(attempt.id)
    for pending in service.pending_short_answers(exam.id):
        service.grade_short(pending.answer_id, 6.0, "王主管")
    RewardService(store.db).add_entry("1024", date(2026, 11, 21), None, "表扬信",
                                      "客户来信表扬，电话 13987654321", actor=SUPERVISOR)
    return store


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_every_sheet_comes_from_the_store(month, tmp_path):
    out = tmp_path / "hr.xlsx"
    counts = HrWorkbookService(month.db).write(out, NOVEMBER, actor=HR)
    book = load_workbook(out)

    exams = rows(book["考试成绩"])[:-1]
    assert counts.exam_attempts == len(exams) == 3
    assert {r[1] for r in exams} == set(SITTINGS) and {r[3] for r in exams} == {"closing-check"}
    assert all(isinstance(r[5], datetime) and r[7].total_seconds() == 420 for r in exams)
    assert all(isinstance(r[8], float | int) and r[9] == 14 for r in exams)
    assert {r[11] for r in exams} <= {"是", "否"}

    analysis = rows(book["试题分析"])
    exam_id = ExamService(month.db).get_exam("closing-check").id
    stats = ExamService(month.db).item_analysis(exam_id, actor=HR)
    assert [r[1] for r in analysis] == [i.code for i in stats.items] == ["tf1", "s1", "m1", "sh1"]
    assert [r[7] for r in analysis] == pytest.approx([i.facility for i in stats.items])
    assert {r[11] for r in analysis} == {stats.alpha} and stats.alpha is not None
    assert {r[12] for r in analysis} == {stats.sem} and {r[6] for r in analysis} == {3}
    assert [r[8] for r in analysis] == [i.discrimination for i in stats.items]

    ledger = RewardService(month.db).ledger(NOVEMBER, actor=HR)
    sheet = rows(book["奖惩台账"])
    lines, totals = sheet[:len(ledger)], sheet[len(ledger):]
    assert counts.ledger_lines == len(ledger) >= 2
    ledger.sort(key=lambda line: (line.on, line.agent_id, line.label))  # by date in the sheet
    assert [r[0] for r in lines] == sorted(r[0] for r in lines)
    assert [Decimal(str(r[4])) for r in lines] == [line.amount for line in ledger]
    assert any(r[5] == "手工录入" and "139****4321" in r[8] for r in lines)
    assert totals[0] == ("合计", None, None, None, f"=SUM(E2:E{len(ledger) + 1})", None, None, None,
                         None)
    summary = rows(book["坐席汇总"])
    by_agent = {r[0]: r for r in summary[:-1]}
    assert by_agent["1024"][8].startswith("=SUMIF('奖惩台账'!$B$2:$B$")
    for agent_id in ("1024", "2048"):  # what each SUMIF must come to
        assert sum(Decimal(str(r[4])) for r in lines if r[1] == agent_id) == sum(
            (line.amount for line in ledger if line.agent_id == agent_id), Decimal(0))
    assert by_agent["1024"][6] == 1 and by_agent["2048"][6] == 1


def test_one_agent_gets_only_their_rows_on_every_sheet(month, tmp_path):
    out = tmp_path / "1024.xlsx"
    ReportService(month.db).write_workbook(out, NOVEMBER, agent="1024", actor=SUPERVISOR)
    book = load_workbook(out)
    assert {r[1] for r in rows(book["评估明细"])} == {"1024"}
    assert {r[0] for r in rows(book["坐席汇总"])[:-1]} == {"1024"}
    assert {r[1] for r in rows(book["考试成绩"])[:-1]} == {"1024"}
    assert {r[1] for r in rows(book["奖惩台账"]) if r[0] not in ("合计", "奖励合计", "扣款合计")} == {"1024"}
    assert REVIEWED_CALL in {r[0] for r in rows(book["评估明细"])}


def test_who_may_export_unmasked_and_the_audit_row(month, tmp_path):
    service = HrWorkbookService(month.db)
    with pytest.raises(PermissionDenied, match="may not export reports"):
        service.write(tmp_path / "a.xlsx", NOVEMBER, actor=AGENT)
    with pytest.raises(PermissionDenied, match="unmasked"):
        service.write(tmp_path / "s.xlsx", NOVEMBER, actor=SUPERVISOR, mask=False)
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "s.xlsx").exists()

    counts = service.write(tmp_path / "hr.xlsx", NOVEMBER, actor=HR, mask=False)
    ledger = load_workbook(tmp_path / "hr.xlsx")["奖惩台账"]
    assert any("13987654321" in (r[8] or "") for r in rows(ledger))
    with month.db.sessions() as session:
        exports = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.export")).all()
    assert len(exports) == 1
    entry = exports[0]
    assert (entry.actor, entry.entity) == ("人事小赵", f"workbook:{NOVEMBER.label}")
    assert entry.after["masked"] is False and entry.after["file"] == "hr.xlsx"
    assert entry.after["evaluations"] == counts.evaluations > 10
    assert entry.after["ledger_lines"] == counts.ledger_lines


def test_the_workbook_from_sqlite_and_postgresql(any_db, tmp_path):
    from tests.rewards.rewards_helpers import add_evaluation

    add_evaluation(any_db, "c-1", "1024", datetime(2026, 11, 3, 9), 55.0,
                   failed=("language.forbidden",), name="李明")
    add_evaluation(any_db, "c-2", "2048", datetime(2026, 11, 30, 23, 59), 95.0, name="张华")
    add_evaluation(any_db, "c-3", "2048", datetime(2026, 12, 1, 0, 0), 90.0, name="张华")
    clock = Clock(datetime(2026, 11, 10, 1, 0, tzinfo=UTC))
    service, exam = setup_exam(any_db, clock, questions=("tf1", "s1"))
    attempt = service.start(exam.id, "1024")
    service.answer(attempt.id, 1, "对")
    clock.advance(minutes=3)
    service.submit(attempt.id)

    counts = HrWorkbookService(any_db).write(tmp_path / "hr.xlsx", NOVEMBER, actor=HR)
    book = load_workbook(tmp_path / "hr.xlsx")
    assert [r[0] for r in rows(book["评估明细"])] == ["c-1", "c-2"] and counts.evaluations == 2
    assert rows(book["评估明细"])[0][8:10] == ("是", "language.forbidden")
    exams = rows(book["考试成绩"])[:-1]
    assert [(r[1], r[4], r[7].total_seconds(), r[10]) for r in exams] == [("1024", 1, 180, 0.5)]
    assert [r[1] for r in rows(book["试题分析"])] == ["tf1", "s1"]
    lines = RewardService(any_db).ledger(NOVEMBER, actor=HR)
    assert counts.ledger_lines == len(lines) >= 1
