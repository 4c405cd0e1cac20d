"""Every sheet of the HR workbook from hand-made rows, read back with openpyxl: real types,
number formats, frozen headers, filters, widths, and totals that are formulas over exactly the
cells whose values they must add up to."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from qa_desk.reports.workbook import SHEETS, EvaluationRow, write_hr_workbook
from qa_desk.reports.workbook_exams import ExamAnalysis, ExamResultRow
from qa_desk.reports.xlsx import CURRENCY_FORMAT
from qa_desk.rewards import LedgerLine
from qa_desk.training.item_analysis import analyse

EVALUATIONS = [
    EvaluationRow("c1", "1024", "李明", datetime(2026, 11, 2, 9, 30), "inbound", 90.0, None, False,
                  (), "auto"),
    EvaluationRow("c2", "1024", "李明", datetime(2026, 11, 3, 10), "outbound", 50.0, 70.0, True,
                  ("服务禁语",), "signed", "王主管", "  客户电话13812345678  "),
    EvaluationRow("c3", "2048", "张华", datetime(2026, 11, 4, 11), "inbound", 80.0, None, False,
                  ("结束语", "首问语"), "in_review", comment="=1+1 不是公式\x07\uffff"),
]
EXAMS = [
    ExamResultRow("1024", "1024", "李明", "结束语考核", 1, datetime(2026, 11, 5, 9),
                  datetime(2026, 11, 5, 9, 12, 30), timedelta(minutes=12, seconds=30), 4.0, 5.0,
                  False),
    ExamResultRow("1024", "1024", "李明", "结束语考核", 2, datetime(2026, 11, 6, 9),
                  datetime(2026, 11, 6, 9, 20), timedelta(minutes=20), 5.0, 5.0, True),
    ExamResultRow("zhao", None, None, "结束语考核", 1, datetime(2026, 11, 7, 9), None, None, None,
                  5.0, None),
]
LEDGER = [
    LedgerLine("1024", "李明", date(2026, 11, 3), Decimal("-100.00"), "一票否决", "fatal",
               ("evaluation:2", "call:c2"), 3, "服务态度引起投诉"),
    LedgerLine("1024", "李明", date(2026, 11, 5), Decimal("-50"), "考试未通过", "exam_failed",
               ("attempt:1",), 3, None),
    LedgerLine("2048", "张华", date(2026, 11, 20), Decimal("200.00"), "顾全大局", "manual",
               ("entry:4",), 3, "客户致电 13987654321 表扬"),
]


def analyses() -> list[ExamAnalysis]:
    stats = analyse([[1, 1, 2], [1, 0, 0], [0, 1, 2], [1, 1, 0]], [1, 1, 2])
    kinds = zip(stats.items, ("true_false", "single", "multiple"), (1, 1, 2), strict=True)
    items = [replace(item, code=f"q{j}", stem=f"第{j}题", type=kind, category="closing",
                     max_points=most)
             for j, (item, kind, most) in enumerate(kinds, 1)]
    return [ExamAnalysis("结束语考核", replace(stats, items=items))]


@pytest.fixture
def book(tmp_path):
    out = tmp_path / "hr.xlsx"
    counts = write_hr_workbook(EVALUATIONS, out, exams=EXAMS, analyses=analyses(), ledger=LEDGER)
    assert (counts.evaluations, counts.exam_attempts, counts.exams, counts.ledger_lines) == (3, 3, 1, 3)
    return load_workbook(out)


def values(sheet, min_row: int = 2) -> list[tuple]:
    return list(sheet.iter_rows(min_row=min_row, values_only=True))


def test_every_sheet_has_a_frozen_styled_header_a_filter_and_widths(book):
    assert book.sheetnames == list(SHEETS) == ["评估明细", "坐席汇总", "考试成绩", "试题分析", "奖惩台账"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet["A1"].font.bold and sheet["A1"].value
        assert all(sheet.column_dimensions[c.column_letter].width >= 7 for c in sheet[1])


def test_evaluation_rows_keep_types_text_stays_text_and_comments_are_masked(book):
    detail = book["评估明细"]
    rows = values(detail)
    assert detail.auto_filter.ref == "A1:M4"
    assert rows[0][3] == datetime(2026, 11, 2) and detail["D2"].number_format == "yyyy-mm-dd"
    assert rows[1][5:8] == (50, 70, 70) and detail["G3"].number_format == "0.0"
    assert rows[1][8] == "是" and rows[0][9] is None and rows[2][9] == "结束语、首问语"
    assert rows[1][12] == "  客户电话138****5678  "  # masked, the spaces kept
    assert rows[2][12] == "=1+1 不是公式" and detail["M4"].data_type == "s"  # no formula, no \x07
    assert detail["E2"].value == "呼入" and detail["E3"].value == "回访"


def test_agent_summary_counts_evaluations_exams_and_sums_the_ledger_by_formula(book):
    summary = book["坐席汇总"]
    rows = values(summary)
    agents, total = rows[:-1], rows[-1]
    assert [r[0] for r in agents] == ["1024", "2048"]  # zhao is no agent: not summed
    assert agents[0][:8] == ("1024", "李明", 2, 80, 1, 1, 2, 1)
    assert agents[1][:8] == ("2048", "张华", 1, 80, 0, 0, 0, 0)
    assert agents[0][8] == "=SUMIF('奖惩台账'!$B$2:$B$4,A2,'奖惩台账'!$E$2:$E$4)"
    assert summary["I2"].number_format == CURRENCY_FORMAT and summary["I2"].data_type == "f"
    assert summary["C4"].data_type == summary["D4"].data_type == "f"
    assert total[0] == "合计" and total[2] == "=SUM(C2:C3)" and total[8] == "=SUM(I2:I3)"
    assert total[3] == "=IFERROR(AVERAGE('评估明细'!H2:H4),\"\")"
    assert summary.auto_filter.ref == "A1:I3"
    # What the formulas compute: the ledger's amounts per agent, and the detail's final scores.
    ledger = values(book["奖惩台账"])[:3]
    per_agent = {a: sum(r[4] for r in ledger if r[1] == a) for a in ("1024", "2048")}
    assert per_agent == {"1024": -150, "2048": 200}
    assert sum(r[2] for r in agents) == len(values(book["评估明细"])) == 3


def test_exam_results_have_times_durations_scores_and_formula_totals(book):
    sheet = book["考试成绩"]
    rows = values(sheet)
    attempts, total = rows[:-1], rows[-1]
    assert len(attempts) == 3 and sheet.auto_filter.ref == "A1:L4"
    first = attempts[0]
    assert first[:5] == ("1024", "1024", "李明", "结束语考核", 1)
    assert first[5] == datetime(2026, 11, 5, 9) and sheet["F2"].number_format == "yyyy-mm-dd hh:mm"
    assert first[7] == timedelta(minutes=12, seconds=30) and sheet["H2"].number_format == "[h]:mm:ss"
    assert first[8:11] == (4, 5, 0.8) and sheet["K2"].number_format == "0.0%"
    assert [r[11] for r in attempts] == ["否", "是", None]  # the open attempt: no verdict
    assert attempts[2][6] is None and attempts[2][8] is None
    assert total[0] == "合计" and total[1] == "=COUNTA(A2:A4)"
    assert total[8] == '=IFERROR(AVERAGE(I2:I4),"")' and total[11] == '=COUNTIF(L2:L4,"是")'


def test_item_analysis_lists_each_question_with_alpha_and_its_standard_error(book):
    sheet = book["试题分析"]
    rows = values(sheet)
    stats = analyses()[0].stats
    assert len(rows) == 3 and sheet.auto_filter.ref == "A1:N4"
    assert [r[1] for r in rows] == ["q1", "q2", "q3"]
    assert [r[3] for r in rows] == ["判断", "单选", "多选"]
    for row, item in zip(rows, stats.items, strict=True):
        assert row[7] == pytest.approx(item.facility) and row[6] == 4
        assert row[8] == (pytest.approx(item.discrimination) if item.discrimination is not None
                          else None)
        assert row[11] == pytest.approx(stats.alpha) and row[12] == pytest.approx(stats.sem)
    assert sheet["H2"].number_format == sheet["L2"].number_format == "0.00"
    names = {"too_easy": "过易", "too_hard": "过难", "negative_discrimination": "负区分度"}
    assert [r[10] for r in rows] == ["、".join(names[f] for f in item.flags) or None
                                     for item in stats.items]
    assert any(r[10] for r in rows)


def test_ledger_lines_amounts_in_yuan_masked_reasons_and_three_totals(book):
    sheet = book["奖惩台账"]
    rows = values(sheet)
    lines, totals = rows[:3], rows[3:]
    assert sheet.auto_filter.ref == "A1:I4"
    assert lines[0][0] == datetime(2026, 11, 3) and sheet["A2"].number_format == "yyyy-mm-dd"
    assert [r[4] for r in lines] == [-100, -50, 200]
    assert sheet["E2"].number_format == CURRENCY_FORMAT == "¥#,##0.00;[Red]-¥#,##0.00"
    assert lines[0][6] == "evaluation:2、call:c2" and lines[2][5] == "手工录入"
    assert lines[0][7] == 3 and lines[2][8] == "客户致电 139****4321 表扬"
    assert [(r[0], r[4]) for r in totals] == [("合计", "=SUM(E2:E4)"), ("奖励合计", '=SUMIF(E2:E4,">0")'),
                                              ("扣款合计", '=SUMIF(E2:E4,"<0")')]
    assert sheet["E5"].number_format == CURRENCY_FORMAT and sheet["E5"].font.bold
    assert sum(r[4] for r in lines) == sum(line.amount for line in LEDGER) == Decimal(50)


def test_an_empty_period_gives_every_sheet_with_zero_totals_and_no_circular_formula(tmp_path):
    out = tmp_path / "empty.xlsx"
    counts = write_hr_workbook([], out)
    assert counts.evaluations == counts.ledger_lines == 0
    book = load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    assert book["评估明细"].max_row == 1
    assert book["坐席汇总"]["A2"].value == "合计" and book["坐席汇总"]["C2"].value == "=0"
    assert book["奖惩台账"]["E2"].value == "=0" and book["考试成绩"]["B2"].value == "=0"
    assert book["试题分析"].max_row == 1


def test_unmasked_when_asked(tmp_path):
    out = tmp_path / "u.xlsx"
    write_hr_workbook(EVALUATIONS, out, ledger=LEDGER, mask=False)
    book = load_workbook(out)
    assert "13812345678" in book["评估明细"]["M3"].value
    assert "13987654321" in book["奖惩台账"]["I4"].value


def test_the_fast_row_path_writes_the_same_workbook_as_openpyxl_cells(tmp_path, monkeypatch):
    from qa_desk.reports import workbook_rows

    assert workbook_rows.LXML  # lxml is a dependency: the fast path is the one in use
    fast, cells = tmp_path / "fast.xlsx", tmp_path / "cells.xlsx"
    write_hr_workbook(EVALUATIONS, fast, exams=EXAMS, analyses=analyses(), ledger=LEDGER)
    monkeypatch.setattr(workbook_rows, "LXML", False)
    write_hr_workbook(EVALUATIONS, cells, exams=EXAMS, analyses=analyses(), ledger=LEDGER)
    one, two = load_workbook(fast), load_workbook(cells)
    for name in SHEETS:
        got = [[(c.value, c.number_format) for c in row] for row in one[name].iter_rows()]
        want = [[(pytest.approx(c.value) if isinstance(c.value, float) else c.value, c.number_format)
                 for c in row] for row in two[name].iter_rows()]
        assert got == want, name  # floats: openpyxl writes 16 digits, the fast path all 17
    assert one["评估明细"]["M4"].data_type == two["评估明细"]["M4"].data_type == "s"


def test_a_workbook_stopped_half_way_leaves_no_file_and_no_temporary_files(tmp_path):
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    class Stop(Exception):
        pass

    def rows():
        yield from EVALUATIONS
        raise Stop

    before = set(ALL_TEMP_FILES)
    with pytest.raises(Stop):
        write_hr_workbook(rows(), tmp_path / "x.xlsx", ledger=LEDGER)
    assert set(ALL_TEMP_FILES) == before and not (tmp_path / "x.xlsx").exists()
