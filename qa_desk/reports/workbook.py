"""The HR workbook of a period: every evaluation (评估明细), a summary per agent (坐席汇总), every
exam attempt (考试成绩), the item analysis of each exam (试题分析) and the reward/penalty ledger
(奖惩台账). Dates are dates, scores numbers, amounts yuan; headers frozen, filters on, totals
as formulas.

Written in openpyxl's write-only mode, so rows stream to disk as they come: a 100,000-row
export needs no more memory than a 100-row one. The evaluations are the big part; the exam and
ledger rows are few and come as lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.reports import labels
from qa_desk.reports.masking import mask_text
from qa_desk.reports.workbook_exams import (
    EXAMS_SHEET,
    ITEMS_SHEET,
    ExamAnalysis,
    ExamResultRow,
    write_exam_results,
    write_item_analysis,
)
from qa_desk.reports.workbook_ledger import LEDGER_SHEET, LedgerEntry, write_ledger
from qa_desk.reports.workbook_rows import RowWriter
from qa_desk.reports.workbook_summary import AgentTotals, write_summary
from qa_desk.reports.xlsx import (
    DATE_FORMAT,
    SCORE_FORMAT,
    Columns,
    prepare_sheet,
)

DETAIL_SHEET = "评估明细"
SUMMARY_SHEET = "坐席汇总"
SHEETS = (DETAIL_SHEET, SUMMARY_SHEET, EXAMS_SHEET, ITEMS_SHEET, LEDGER_SHEET)
DETAIL_COLUMNS: Columns = (
    ("通话编号", 20, None), ("坐席工号", 10, None), ("坐席姓名", 10, None),
    ("日期", 12, DATE_FORMAT), ("通话类型", 9, None), ("自动评分", 10, SCORE_FORMAT),
    ("复核评分", 10, SCORE_FORMAT), ("最终得分", 10, SCORE_FORMAT), ("一票否决", 10, None),
    ("未通过项", 32, None), ("状态", 9, None), ("签核人", 10, None), ("评语", 40, None),
)
FINAL_SCORE_COLUMN = get_column_letter(8)


@dataclass(frozen=True, slots=True)
class EvaluationRow:
    call_id: str
    agent_id: str | None
    agent_name: str | None
    started_at: datetime | None  # the call's wall-clock time
    channel: str
    auto_score: float
    reviewed_score: float | None
    fatal: bool  # 一票否决 in force (after review when reviewed)
    failed_rules: tuple[str, ...]  # names of the rules failed (after review)
    status: str
    signed_by: str | None = None
    comment: str | None = None

    @property
    def final_score(self) -> float:
        return self.reviewed_score if self.reviewed_score is not None else self.auto_score


@dataclass(frozen=True, slots=True)
class WorkbookCounts:
    evaluations: int
    exam_attempts: int
    exams: int
    ledger_lines: int


def write_workbook(rows: Iterable[EvaluationRow], out: str | Path | BinaryIO, *,
                   mask: bool = True, exams: Sequence[ExamResultRow] = (),
                   analyses: Sequence[ExamAnalysis] = (), ledger: Sequence[LedgerEntry] = ()
                   ) -> int:
    """Write the workbook to a path or binary stream; returns the number of evaluations."""
    return write_hr_workbook(rows, out, mask=mask, exams=exams, analyses=analyses,
                             ledger=ledger).evaluations


def write_hr_workbook(rows: Iterable[EvaluationRow], out: str | Path | BinaryIO, *,
                      mask: bool = True, exams: Sequence[ExamResultRow] = (),
                      analyses: Sequence[ExamAnalysis] = (), ledger: Sequence[LedgerEntry] = ()
                      ) -> WorkbookCounts:
    book = Workbook(write_only=True)
    try:
        detail, summary = book.create_sheet(DETAIL_SHEET), book.create_sheet(SUMMARY_SHEET)
        totals = AgentTotals()
        count = write_detail(detail, rows, totals, mask=mask)
        totals.add_exams(exams)
        totals.add_ledger(ledger)
        write_exam_results(book.create_sheet(EXAMS_SHEET), exams)
        write_item_analysis(book.create_sheet(ITEMS_SHEET), analyses)
        ledger_last = write_ledger(book.create_sheet(LEDGER_SHEET), ledger, mask=mask)
        final = FINAL_SCORE_COLUMN
        write_summary(summary, totals, ledger_last=ledger_last,
                      detail_range=f"'{DETAIL_SHEET}'!{final}2:{final}{max(count + 1, 2)}")
    except BaseException:
        _discard(book)  # stopped or failed half-way: close the sheets' streams, drop their files
        raise
    book.save(out)
    return WorkbookCounts(count, len(exams), len(analyses), len(ledger))


def _discard(book: Workbook) -> None:
    for sheet in book.worksheets:
        rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
        with suppress(Exception):
            if rows is not None:
                rows.close()
            if writer is not None:
                writer.close()
                writer.cleanup()


def write_detail(sheet: WriteOnlyWorksheet, rows: Iterable[EvaluationRow], totals: AgentTotals,
                 *, mask: bool) -> int:
    prepare_sheet(sheet, DETAIL_COLUMNS)
    writer = RowWriter(sheet, DETAIL_COLUMNS)
    channels, statuses, yes, no = labels.CHANNELS, labels.STATUSES, labels.YES, labels.NO
    add = totals.add
    for row in rows:
        add(row)
        started = row.started_at
        writer.append([
            row.call_id, row.agent_id, row.agent_name, started.date() if started else None,
            channels.get(row.channel, row.channel), row.auto_score, row.reviewed_score,
            row.final_score, yes if row.fatal else no, "、".join(row.failed_rules) or None,
            statuses.get(row.status, row.status), row.signed_by,
            mask_text(row.comment, mask) if row.comment else None,
        ])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(DETAIL_COLUMNS))}{writer.rows + 1}"
    return writer.rows
