"""The HR workbook read back with openpyxl: types, frozen headers, filters, formulas, rows."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook

from qa_desk.reports import EvaluationRow, parse_period, write_workbook
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.services.reports import ReportService
from tests.reports.report_helpers import PHONE_MASKED, REASON_PHONE, REVIEWED_CALL

NOVEMBER = parse_period("2026-11")


def test_november_workbook_holds_every_evaluation_of_the_month(store, tmp_path):
    out = tmp_path / "hr.xlsx"
    count = ReportService(store.db).write_workbook(out, NOVEMBER)
    expected = QueueService(store.db).count(QueueFilter(date_from=NOVEMBER.first,
                                                        date_to=NOVEMBER.last))
    book = load_workbook(out)
    assert book.sheetnames == ["评估明细", "坐席汇总", "考试成绩", "试题分析", "奖惩台账"]
    detail = book["评估明细"]
    rows = list(detail.iter_rows(min_row=2, values_only=True))
    assert count == expected == len(rows) > 10
    header = [c.value for c in detail[1]]
    assert header[:8] == ["通话编号", "坐席工号", "坐席姓名", "日期", "通话类型", "自动评分",
                          "复核评分", "最终得分"]
    assert detail.freeze_panes == "A2"
    assert detail.auto_filter.ref == f"A1:M{count + 1}"
    for row in rows:
        assert isinstance(row[3], datetime | date) and row[3].month == 11
        assert isinstance(row[5], int | float) and isinstance(row[7], int | float)
        assert row[4] in ("呼入", "回访") and row[8] in ("是", "否")
    assert detail.column_dimensions["A"].width >= 15
    assert detail["D2"].number_format == "yyyy-mm-dd"
    assert detail["F2"].number_format == detail["H2"].number_format == "0.0"


def test_reviewed_call_row_carries_both_scores_the_signature_and_a_masked_comment(store,
                                                                                   tmp_path):
    out = tmp_path / "hr.xlsx"
    ReportService(store.db).write_workbook(out, NOVEMBER)
    detail = load_workbook(out)["评估明细"]
    header = [c.value for c in detail[1]]
    row = next(dict(zip(header, r, strict=True))
               for r in detail.iter_rows(min_row=2, values_only=True) if r[0] == REVIEWED_CALL)
    assert row["自动评分"] == store.auto_score
    assert row["复核评分"] == row["最终得分"] == store.reviewed.reviewed_score
    assert (row["坐席姓名"], row["状态"], row["签核人"]) == ("李明", "已签核", "王主管")
    assert REASON_PHONE not in row["评语"] and "139****4321" in row["评语"]


def test_agent_summary_has_a_totals_row_of_formulas(store, tmp_path):
    out = tmp_path / "hr.xlsx"
    count = ReportService(store.db).write_workbook(out, NOVEMBER)
    summary = load_workbook(out)["坐席汇总"]
    assert summary.freeze_panes == "A2"
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    agents, total = rows[:-1], rows[-1]
    assert summary.auto_filter.ref == f"A1:I{len(agents) + 1}"
    assert sum(r[2] for r in agents) == count
    assert all(isinstance(r[3], float | int) and 0 <= r[3] <= 100 for r in agents if r[2])
    last = len(agents) + 1
    assert total[0] == "合计" and total[2] == f"=SUM(C2:C{last})"
    assert total[3] == f"=IFERROR(AVERAGE('评估明细'!H2:H{count + 1}),\"\")"
    assert summary.cell(row=last + 1, column=4).number_format == "0.0"


def test_one_agent_and_a_date_range(store, tmp_path):
    out = tmp_path / "agent.xlsx"
    period = parse_period("2026-11-15..2026-11-30")
    count = ReportService(store.db).write_workbook(out, period, agent="1024")
    rows = list(load_workbook(out)["评估明细"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == count >= 1
    assert {r[1] for r in rows} == {"1024"}
    assert all(date(2026, 11, 15) <= r[3].date() <= date(2026, 11, 30) for r in rows)


def test_workbook_masks_comments_unless_told_not_to(tmp_path):
    row = EvaluationRow(call_id="c", agent_id="1", agent_name="甲", started_at=datetime(2026, 11, 2),
                        channel="outbound", auto_score=90.0, reviewed_score=None, fatal=False,
                        failed_rules=("结束语", "首问语"), status="auto",
                        comment="客户电话13812345678")
    write_workbook([row], tmp_path / "m.xlsx")
    write_workbook([row], tmp_path / "u.xlsx", mask=False)
    masked = list(load_workbook(tmp_path / "m.xlsx")["评估明细"].iter_rows(values_only=True))[1]
    full = list(load_workbook(tmp_path / "u.xlsx")["评估明细"].iter_rows(values_only=True))[1]
    assert masked[-1] == f"客户电话{PHONE_MASKED}" and full[-1] == "客户电话13812345678"
    assert masked[4] == "回访" and masked[9] == "结束语、首问语" and masked[6] is None


def test_an_empty_period_still_gives_a_valid_workbook(tmp_path):
    assert write_workbook([], tmp_path / "empty.xlsx") == 0
    book = load_workbook(tmp_path / "empty.xlsx")
    assert book["评估明细"].max_row == 1 and book["坐席汇总"]["A2"].value == "合计"
