"""The HR workbook: every evaluation of a period (评估明细) and a summary per agent (坐席汇总).

Written in openpyxl's write-only mode, so rows stream to disk as they come: a 100,000-row
export needs no more memory than a 100-row one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.reports import labels
from qa_desk.reports.masking import mask_text
from qa_desk.reports.workbook_summary import AgentTotals, write_summary
from qa_desk.reports.xlsx import prepare_sheet

DETAIL_SHEET = "评估明细"
SUMMARY_SHEET = "坐席汇总"
SCORE_FORMAT = "0.0"
DATE_FORMAT = "yyyy-mm-dd"
# (header, width in characters, number format)
DETAIL_COLUMNS = (
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


def write_workbook(rows: Iterable[EvaluationRow], out: str | Path | BinaryIO, *,
                   mask: bool = True) -> int:
    """Write the workbook to a path or binary stream; returns the number of evaluations."""
    book = Workbook(write_only=True)
    detail = book.create_sheet(DETAIL_SHEET)
    totals = AgentTotals()
    count = write_detail(detail, rows, totals, mask=mask)
    write_summary(book.create_sheet(SUMMARY_SHEET), totals,
                  detail_range=f"'{DETAIL_SHEET}'!{FINAL_SCORE_COLUMN}2:"
                               f"{FINAL_SCORE_COLUMN}{count + 1}")
    book.save(out)
    return count


def write_detail(sheet: WriteOnlyWorksheet, rows: Iterable[EvaluationRow], totals: AgentTotals,
                 *, mask: bool) -> int:
    prepare_sheet(sheet, DETAIL_COLUMNS)
    cells = [_cell(sheet, number_format) for _, _, number_format in DETAIL_COLUMNS]
    count = 0
    for row in rows:
        totals.add(row)
        values = (
            row.call_id, row.agent_id, row.agent_name,
            row.started_at.date() if row.started_at else None,
            labels.label(labels.CHANNELS, row.channel), row.auto_score, row.reviewed_score,
            row.final_score, labels.YES if row.fatal else labels.NO, "、".join(row.failed_rules),
            labels.label(labels.STATUSES, row.status), row.signed_by,
            mask_text(row.comment, mask) if row.comment else None,
        )
        sheet.append([_filled(cell, value) for cell, value in zip(cells, values, strict=True)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(DETAIL_COLUMNS))}{count + 1}"
    return count


def _cell(sheet: WriteOnlyWorksheet, number_format: str | None) -> WriteOnlyCell | None:
    """One styled cell per column, refilled for every row: write-only sheets serialise a row
    as soon as it is appended, and styling a fresh cell per value is the slow part."""
    if number_format is None:
        return None
    cell = WriteOnlyCell(sheet)
    cell.number_format = number_format
    return cell


def _filled(cell: WriteOnlyCell | None, value: object) -> object:
    if cell is None or value is None:
        return value
    cell.value = value
    return cell
