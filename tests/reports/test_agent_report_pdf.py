"""The agent report's layout from hand-made data: long names, many rules, a full ledger,
a period drawn per week, no reward policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from qa_desk.reports import parse_period
from qa_desk.reports.agent_report import (
    AgentReport,
    CallScore,
    ExamResult,
    RuleFailure,
    TrendPoint,
    period_key,
    report_id,
)
from qa_desk.reports.agent_report_pdf import render_agent_pdf
from qa_desk.reports.charts import MAX_BARS
from qa_desk.reports.form import RewardLine
from tests.reports.report_helpers import pdf_text

LONG = "确认客户身份信息（姓名、手机号、身份证后四位）"
NAMES = ["首问语", LONG, "服务禁语", "结束语", "语速过快", "投诉致歉", "挂机顺序", "不打断客户",
         "复述需求", "专业术语解释", "情绪安抚", "推荐产品", "回访约定", "静音过长"]


def a_report(**changes) -> AgentReport:
    period = parse_period("2026-11")
    report = AgentReport(
        agent_id="1024", agent_name="欧阳明月", period=period, calls=90, average=71.3,
        reviewed=12, fatal=2,
        trend=tuple(TrendPoint(date(2026, 11, d), 3, 50 + (d * 7) % 50) for d in range(1, 31)),
        rules=tuple(RuleFailure(f"r{i}", name, "开场", 30 - i * 2, 40, i == 2)
                    for i, name in enumerate(NAMES)),
        worst=tuple(CallScore(f"call-{i:04d}", datetime(2026, 11, 1 + i, 9), 10.0 * i, i < 2,
                              i % 2 == 0, tuple(NAMES[:i % 4 + 1])) for i in range(10)),
        exams=(ExamResult("投诉处理考试", 2, "liming", datetime(2026, 11, 3, 1, tzinfo=UTC),
                          datetime(2026, 11, 3, 2, 5, tzinfo=UTC), 78.5, 100, None, 3900),),
        ledger=tuple(RewardLine(date(2026, 11, 1 + i), Decimal(200 if i % 3 == 0 else -100),
                                "顾全大局奖励" if i % 3 == 0 else "一票否决（服务禁语）", "fatal",
                                (f"evaluation:{100 + i}", f"call:call-{i:04d}"), 1, "依据政策")
                     for i in range(14)),
    )
    return replace(report, **changes)


def test_many_rules_long_names_and_a_long_ledger(tmp_path):
    report = a_report()
    out = tmp_path / "report.pdf"
    doc_id = render_agent_pdf(report, out, organisation="星河宽带")
    text = pdf_text(out)
    assert doc_id == report_id(report) and doc_id in text
    for name in NAMES:
        assert name in text, name  # every rule in the table, in Chinese
    assert f"图中为未通过次数最多的{MAX_BARS}项，全部{len(NAMES)}项见上表" in text
    assert "待阅卷" in text and "1时05分00秒" in text and "第2次" in text
    assert "+2,000.00" not in text and "+1,000.00" in text and "-900.00" in text  # 5×200, 9×−100
    assert "第1页/共" in text and "评估100、通话call-0000" in text


def test_the_document_id_follows_the_content():
    report = a_report()
    assert report_id(report) == report_id(a_report())
    assert report_id(replace(report, average=71.4)) != report_id(report)
    assert report_id(report).startswith("QA-1024-2026-11-")
    assert period_key(parse_period("2026-11-01..2026-11-15")) == "20261101-20261115"
    assert period_key(parse_period("2026-12")) == "2026-12"


def test_a_period_per_week_and_no_policy(tmp_path):
    period = parse_period("2026-10-01..2026-12-31")
    report = a_report(period=period, trend_unit="week",
                      trend=(TrendPoint(date(2026, 10, 1), 4, 88.0),
                             TrendPoint(date(2026, 12, 28), 2, 61.5)), ledger=None)
    out = tmp_path / "weeks.pdf"
    render_agent_pdf(report, out)
    text = pdf_text(out)
    assert "坐席质检期间报告" in text and "按周" in text and "2026-12-28起一周" in text
    assert "未核算" in text and "10/01起" in text
