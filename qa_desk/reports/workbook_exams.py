"""The exam sheets of the HR workbook: every attempt of the period (考试成绩) and the item
analysis of each exam sat in it (试题分析)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.reports import labels
from qa_desk.reports.workbook_rows import RowWriter
from qa_desk.reports.xlsx import (
    COUNT_FORMAT,
    DATETIME_FORMAT,
    DURATION_FORMAT,
    PERCENT_FORMAT,
    RATIO_FORMAT,
    SCORE_FORMAT,
    Columns,
    prepare_sheet,
    table_end,
    total_row,
)
from qa_desk.training.item_analysis import (
    EASY,
    HARD,
    NEGATIVE,
    NO_GRADED,
    PAPERS_DIFFER,
    TestStats,
)

EXAMS_SHEET = "考试成绩"
ITEMS_SHEET = "试题分析"
PENDING = "待评分"
EXAM_COLUMNS: Columns = (
    ("考生", 12, None), ("坐席工号", 10, None), ("坐席姓名", 10, None), ("考试", 22, None),
    ("第几次", 8, COUNT_FORMAT), ("开始时间", 17, DATETIME_FORMAT), ("交卷时间", 17, DATETIME_FORMAT),
    ("用时", 10, DURATION_FORMAT), ("得分", 8, SCORE_FORMAT), ("满分", 8, SCORE_FORMAT),
    ("得分率", 9, PERCENT_FORMAT), ("是否通过", 10, None),
)
ITEM_COLUMNS: Columns = (
    ("考试", 22, None), ("题号", 14, None), ("题目", 48, None), ("题型", 8, None),
    ("分类", 18, None), ("满分", 7, SCORE_FORMAT), ("作答人次", 10, COUNT_FORMAT),
    ("难度系数", 10, RATIO_FORMAT), ("区分度", 9, RATIO_FORMAT), ("区分效率", 10, RATIO_FORMAT),
    ("标记", 22, None), ("Cronbach α", 12, RATIO_FORMAT), ("α 标准误", 10, RATIO_FORMAT),
    ("说明", 24, None),
)
QUESTION_TYPES = {"true_false": "判断", "single": "单选", "multiple": "多选", "short": "简答"}
FLAGS = {EASY: "过易", HARD: "过难", NEGATIVE: "负区分度"}
NOTES = {NO_GRADED: "尚无已评分的作答", PAPERS_DIFFER: "随机抽题，试卷不同：不计 α"}


@dataclass(frozen=True, slots=True)
class ExamResultRow:
    candidate: str
    agent_id: str | None
    agent_name: str | None
    exam: str
    number: int
    started_at: datetime  # local wall-clock time, naive
    submitted_at: datetime | None
    time_taken: timedelta | None
    score: float | None
    max_score: float
    passed: bool | None  # None: not submitted, or short answers still to grade

    @property
    def ratio(self) -> float | None:
        return None if self.score is None or not self.max_score else self.score / self.max_score


@dataclass(frozen=True, slots=True)
class ExamAnalysis:
    exam: str
    stats: TestStats  # items with stem, type and category filled in (ExamService.item_analysis)


def write_exam_results(sheet: WriteOnlyWorksheet, results: Sequence[ExamResultRow]) -> None:
    prepare_sheet(sheet, EXAM_COLUMNS)
    writer = RowWriter(sheet, EXAM_COLUMNS)
    for r in results:
        writer.append([r.candidate, r.agent_id, r.agent_name, r.exam, r.number, r.started_at,
                       r.submitted_at, r.time_taken, r.score, r.max_score, r.ratio,
                       _passed(r)])
    last = table_end(sheet, EXAM_COLUMNS, writer.rows)
    if not writer.rows:
        total_row(sheet, len(EXAM_COLUMNS), {2: ("=0", COUNT_FORMAT), 12: ("=0", COUNT_FORMAT)})
        return
    total_row(sheet, len(EXAM_COLUMNS), {
        2: (f"=COUNTA(A2:A{last})", COUNT_FORMAT),
        9: (f'=IFERROR(AVERAGE(I2:I{last}),"")', SCORE_FORMAT),
        11: (f'=IFERROR(AVERAGE(K2:K{last}),"")', PERCENT_FORMAT),
        12: (f'=COUNTIF(L2:L{last},"{labels.YES}")', COUNT_FORMAT),
    })


def write_item_analysis(sheet: WriteOnlyWorksheet, analyses: Sequence[ExamAnalysis]) -> None:
    prepare_sheet(sheet, ITEM_COLUMNS)
    writer = RowWriter(sheet, ITEM_COLUMNS)
    for analysis in analyses:
        stats = analysis.stats
        note = NOTES.get(stats.note, stats.note) or None
        if not stats.items:
            writer.append([analysis.exam, None, None, None, None, None, stats.attempts, None, None,
                           None, None, stats.alpha, stats.sem, note])
        for number, item in enumerate(stats.items, 1):
            writer.append([
                analysis.exam, item.code or str(number), item.stem or None,
                QUESTION_TYPES.get(item.type, item.type) or None, item.category,
                item.max_points or None, item.attempts, item.facility, item.discrimination,
                item.efficiency, "、".join(FLAGS.get(f, f) for f in item.flags) or None,
                stats.alpha, stats.sem, note,
            ])
    table_end(sheet, ITEM_COLUMNS, writer.rows)


def _passed(row: ExamResultRow) -> str | None:
    if row.passed is None:
        return PENDING if row.submitted_at is not None else None
    return labels.YES if row.passed else labels.NO

