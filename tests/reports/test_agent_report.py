"""The period report of one agent as HR gets it: from the real store (demo calls, a reviewed
call, exams, the reward/penalty ledger), read back with pdftotext and checked against the
database."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qa_desk.models import Agent, Call, Evaluation, User
from qa_desk.reports import parse_period
from qa_desk.reports.agent_report import period_key
from qa_desk.reports.labels import money_text, score_text
from qa_desk.services import audit
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.reports import ReportError, ReportService
from qa_desk.services.rewards import RewardService
from tests.helpers import add_exam_attempt
from tests.reports.report_helpers import REVIEWED_CALL, pdf_text

NOVEMBER = parse_period("2026-11")
AGENT = "1024"  # 李明: REVIEWED_CALL (reviewed and signed) and a demo call in November
HR = Identity("hr1", "hr")
PRAISE_PHONE = "13700001111"


def layout_text(path: Path) -> str:
    """The PDF's text with table rows kept on their lines."""
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout


def add_attempt(db, candidate: str, exam: str, *, submitted: datetime, minutes: float,
                score: float, passed: bool | None) -> None:
    add_exam_attempt(db, candidate, exam=exam, submitted=submitted, minutes=minutes, score=score,
                     passed=passed)


@pytest.fixture
def hr_store(store):
    """The store, plus exams taken by 1024 (under the 工号 and under an account), another
    agent's exam, an account for 1024 and a manual reward whose reason holds a phone number."""
    with store.db.sessions.begin() as session:
        session.add(User(username="liming", role="agent", agent_id=AGENT, display_name="李明",
                         password_hash="x"))
    nov = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)
    add_attempt(store.db, AGENT, "服务规范考试", submitted=nov, minutes=12.5, score=92,
                passed=True)
    add_attempt(store.db, "liming", "投诉处理考试", submitted=nov + timedelta(days=5), minutes=30,
                score=55, passed=False)
    add_attempt(store.db, "3042", "别人的考试", submitted=nov, minutes=10, score=80, passed=True)
    add_attempt(store.db, AGENT, "十月的考试", submitted=nov - timedelta(days=30), minutes=10,
                score=70, passed=True)
    RewardService(store.db).add_entry(AGENT, date(2026, 11, 12), Decimal("100"), "表扬信",
                                      f"客户来信表扬，来电号码 {PRAISE_PHONE}", actor="王主管")
    return store


def final_scores(db, agent: str, period) -> list[tuple[str, float, bool]]:
    """(call id, final score, reviewed) of the agent's scored calls in the period, from SQL."""
    start = datetime.combine(period.first, datetime.min.time())
    end = datetime.combine(period.last + timedelta(days=1), datetime.min.time())
    with db.sessions() as session:
        rows = session.execute(
            select(Call.call_id, func.coalesce(Evaluation.reviewed_score, Evaluation.auto_score),
                   Evaluation.reviewed_score.is_not(None))
            .join(Evaluation, Evaluation.id == Call.current_evaluation_id)
            .where(Call.agent_id == agent, Call.started_at >= start, Call.started_at < end))
        return [(r[0], float(r[1]), bool(r[2])) for r in rows]


def test_the_report_figures_are_the_databases(hr_store):
    report = ReportService(hr_store.db).agent_report(AGENT, NOVEMBER)
    scores = final_scores(hr_store.db, AGENT, NOVEMBER)
    assert report.agent_name == "李明" and report.calls == len(scores) >= 2
    assert report.average == pytest.approx(sum(s for _, s, _ in scores) / len(scores), abs=0.05)
    assert report.reviewed == sum(r for _, _, r in scores) == 1
    assert [c.call_id for c in report.worst] == [c for c, _, _ in sorted(scores, key=lambda r: r[1])]
    assert sum(p.calls for p in report.trend) == report.calls
    assert [p.start for p in report.trend] == sorted(p.start for p in report.trend)
    # The reviewed call counts with its reviewed score, not the automatic one.
    reviewed = next(c for c in report.worst if c.call_id == REVIEWED_CALL)
    assert reviewed.reviewed and reviewed.score == hr_store.reviewed.reviewed_score
    failures = {f.name: f.failed for f in report.rules}
    counted = sum(len(c.failed_rules) for c in report.worst)
    assert sum(failures.values()) == counted
    assert [e.exam for e in report.exams] == ["服务规范考试", "投诉处理考试"]
    assert report.exams[0].seconds == 12.5 * 60 and report.exams[1].passed is False
    ledger = RewardService(hr_store.db).ledger(NOVEMBER, AGENT)
    assert report.ledger_total == sum(line.amount for line in ledger)
    assert Decimal("100") in [line.amount for line in report.ledger]


def test_the_pdf_says_what_the_database_says(hr_store, tmp_path):
    out = tmp_path / "agent.pdf"
    service = ReportService(hr_store.db)
    doc_id = service.write_agent_pdf(AGENT, NOVEMBER, out, organisation="星河宽带客户服务中心",
                                     actor=HR)
    report = service.agent_report(AGENT, NOVEMBER)
    text = pdf_text(out)
    assert out.read_bytes().startswith(b"%PDF") and doc_id.startswith("QA-1024-2026-11-")
    for expected in ("星河宽带客户服务中心", "坐席质检月度报告", "1024", "李明",
                     "2026-11-01至2026-11-30", doc_id, "第1页/共", "质检均分趋势（按日）",
                     "规则未通过分布", "得分最低的通话", "考试成绩", "奖惩明细", "人事审核签字",
                     "坐席确认签字"):
        assert expected in text, expected
    assert score_text(report.average) in text
    for call in report.worst:
        assert call.call_id in text and score_text(call.score) in text
    for rule in report.rules:
        assert rule.name in text  # Chinese rule names, as on the form
    # Exams: the agent's own two, under the 工号 and under the account; no one else's.
    for expected in ("服务规范考试", "92/100", "通过", "12分30秒", "投诉处理考试", "55/100",
                     "未通过", "30分00秒"):
        assert expected in text, expected
    assert "别人的考试" not in text and "十月的考试" not in text
    # The ledger: every line, the total, the manual entry's number masked.
    for line in report.ledger:
        assert line.label in text and money_text(line.amount) in text
    total = f"合计 {len(report.ledger)}项 {money_text(report.ledger_total)}"
    assert total in " ".join(layout_text(out).split()), total
    assert "表扬信" in text and "137****1111" in text and PRAISE_PHONE not in text


def test_unmasked_report_and_the_audit_row(hr_store, tmp_path):
    out = tmp_path / "full.pdf"
    doc_id = ReportService(hr_store.db).write_agent_pdf(AGENT, NOVEMBER, out, mask=False, actor=HR)
    assert PRAISE_PHONE in pdf_text(out)
    [row] = audit.history(hr_store.db, action="report.export")
    assert row.actor == "hr1" and row.entity == "agent:1024:2026-11"
    assert row.after == {"document_id": doc_id, "file": "full.pdf", "masked": False}
    assert audit.verify(hr_store.db).ok


def test_a_reprint_is_the_same_document(hr_store, tmp_path):
    service = ReportService(hr_store.db)
    first = service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / "a.pdf")
    again = service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / "b.pdf")
    assert first == again and (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    RewardService(hr_store.db).add_entry(AGENT, date(2026, 11, 13), Decimal("-50"), "迟到",
                                         "早班迟到", actor="王主管")
    assert service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / "c.pdf") != first


def test_agents_export_only_their_own_report_and_never_unmasked(hr_store, tmp_path):
    service = ReportService(hr_store.db)
    agent = Identity("liming", "agent", agent_id=AGENT)
    other = Identity("wangfang", "agent", agent_id="1036")
    with pytest.raises(PermissionDenied, match="only see their own"):
        service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / "x.pdf", actor=other)
    with pytest.raises(PermissionDenied, match="only see their own"):
        service.agent_report(AGENT, NOVEMBER, actor=other)
    with pytest.raises(PermissionDenied, match="unmasked"):
        service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / "x.pdf", mask=False, actor=agent)
    assert not (tmp_path / "x.pdf").exists()
    service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / "own.pdf", actor=agent)
    assert "李明" in pdf_text(tmp_path / "own.pdf")
    with pytest.raises(PermissionDenied, match="only see their own"):
        service.write_evaluation_pdf(REVIEWED_CALL, tmp_path / "y.pdf", actor=other)
    service.write_evaluation_pdf(REVIEWED_CALL, tmp_path / "form.pdf", actor=agent)
    rows = audit.history(hr_store.db, action="report.export")
    assert [(r.actor, r.entity) for r in reversed(rows)] == [
        ("liming", "agent:1024:2026-11"), ("liming", f"call:{REVIEWED_CALL}")]


def test_supervisors_and_hr_export_anyones_report(hr_store, tmp_path):
    service = ReportService(hr_store.db)
    for who in (HR, Identity("boss", "supervisor"), Identity("root", "admin")):
        service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / f"{who.role}.pdf", actor=who)
    with pytest.raises(PermissionDenied, match="unmasked"):
        service.write_agent_pdf(AGENT, NOVEMBER, tmp_path / "s.pdf", mask=False,
                                actor=Identity("boss", "supervisor"))


def test_an_unknown_agent_is_a_report_error(hr_store, tmp_path):
    with pytest.raises(ReportError, match="no agent '9999'"):
        ReportService(hr_store.db).write_agent_pdf("9999", NOVEMBER, tmp_path / "none.pdf")
    assert not audit.history(hr_store.db, action="report.export")


def test_a_quiet_period_still_makes_a_report(hr_store, tmp_path):
    out = tmp_path / "quiet.pdf"
    ReportService(hr_store.db).write_agent_pdf(AGENT, parse_period("2027-01"), out)
    text = pdf_text(out)
    for expected in ("本期无已评分通话", "本期无未通过的评分项", "本期无考试记录", "本期无奖惩记录"):
        assert expected in text, expected


def test_a_long_period_is_drawn_per_week(hr_store, tmp_path):
    period = parse_period("2026-10-01..2026-11-30")
    report = ReportService(hr_store.db).agent_report(AGENT, period)
    assert report.trend_unit == "week" and period_key(period) == "20261001-20261130"
    assert all(p.start.weekday() == 0 or p.start == period.first for p in report.trend)
    assert report.calls == len(final_scores(hr_store.db, AGENT, period))
    out = tmp_path / "weeks.pdf"
    ReportService(hr_store.db).write_agent_pdf(AGENT, period, out)
    assert "坐席质检期间报告" in pdf_text(out) and "按周" in pdf_text(out)


def test_a_name_from_the_account_when_no_call_names_the_agent(hr_store):
    with hr_store.db.sessions.begin() as session:
        session.add(User(username="newbie", role="agent", agent_id="5001", display_name="新人",
                         password_hash="x"))
        assert session.get(Agent, "5001") is None
    report = ReportService(hr_store.db).agent_report("5001", NOVEMBER)
    assert report.agent_name == "新人" and report.calls == 0 and report.average is None


def test_the_agent_report_from_the_command_line(hr_store, tmp_path):
    from tests.reports.test_report_cli import qa_desk

    out = tmp_path / "reports" / "1024.pdf"
    result = qa_desk(hr_store, "agent", AGENT, "--period", "2026-11", "--out", str(out),
                     "--organisation", "星河宽带")
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout and "QA-1024-2026-11-" in result.stdout
    assert "2026-11-01..2026-11-30" in result.stdout
    text = pdf_text(out)
    assert "星河宽带" in text and "李明" in text and "137****1111" in text
    assert not list(out.parent.glob("*.part"))
    [row] = audit.history(hr_store.db, action="report.export")
    assert row.actor.startswith("cli") and row.after["file"] == "1024.pdf"
    full = qa_desk(hr_store, "agent", AGENT, "--period", "2026-11", "--no-mask",
                   "--out", str(tmp_path / "full.pdf"))
    assert full.returncode == 0 and PRAISE_PHONE in pdf_text(tmp_path / "full.pdf")


def test_the_command_line_refuses_an_unknown_agent_and_a_bad_period(hr_store, tmp_path):
    from tests.reports.test_report_cli import qa_desk

    out = tmp_path / "x.pdf"
    unknown = qa_desk(hr_store, "agent", "9999", "--period", "2026-11", "--out", str(out))
    assert unknown.returncode == 1 and "no agent '9999'" in unknown.stderr
    bad = qa_desk(hr_store, "agent", AGENT, "--period", "November", "--out", str(out))
    assert bad.returncode == 2 and "cannot read the period" in bad.stderr
    assert "Traceback" not in unknown.stderr + bad.stderr and not out.exists()


def test_the_report_on_sqlite_and_postgresql(any_db, tmp_path):
    from qa_desk.scoring import Scorer, load_pack
    from qa_desk.services.evaluations import score_stored_calls
    from qa_desk.services.importing import ImportService
    from tests.helpers import call_dict, write_json

    calls = [call_dict(f"pg-{n}", started_at=f"2026-11-{n + 1:02d}T09:00:00+08:00") for n in range(3)]
    paths = [write_json(tmp_path / "in" / f"pg-{n}.json", data) for n, data in enumerate(calls)]
    ids = [c for o in ImportService(any_db).import_paths(paths, parallel=False) for c in o.imported]
    list(score_stored_calls(any_db, ids, Scorer(load_pack())))
    with any_db.sessions.begin() as session:
        session.add(User(username="liming", role="agent", agent_id=AGENT, password_hash="x"))
    add_attempt(any_db, "liming", "服务规范考试", submitted=datetime(2026, 11, 30, 23, 0, tzinfo=UTC),
                minutes=20, score=90, passed=True)
    add_attempt(any_db, AGENT, "十二月考试", submitted=datetime(2026, 12, 1, 0, 30, tzinfo=UTC),
                minutes=20, score=90, passed=True)
    report = ReportService(any_db).agent_report(AGENT, NOVEMBER)
    scores = final_scores(any_db, AGENT, NOVEMBER)
    assert report.calls == len(scores) == 3
    assert report.average == pytest.approx(sum(s for _, s, _ in scores) / 3, abs=0.05)
    assert [(e.exam, e.seconds) for e in report.exams] == [("服务规范考试", 1200.0)]
    assert report.ledger_total == sum(line.amount for line in RewardService(any_db).ledger(NOVEMBER, AGENT))
    out = tmp_path / "pg.pdf"
    ReportService(any_db).write_agent_pdf(AGENT, NOVEMBER, out, actor=HR)
    assert "服务规范考试" in pdf_text(out) and "十二月考试" not in pdf_text(out)


def test_the_command_line_prints_the_organisation_from_the_settings(hr_store, tmp_path):
    from qa_desk.settings import Settings
    from tests.reports.test_report_cli import qa_desk

    Settings(organisation="星河宽带华东呼叫中心").save()
    out = tmp_path / "org.pdf"
    result = qa_desk(hr_store, "agent", AGENT, "--period", "2026-11", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "星河宽带华东呼叫中心" in pdf_text(out)
