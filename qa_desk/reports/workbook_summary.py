"""The 坐席汇总 sheet: per agent evaluations, exams and the reward/penalty total, with a totals
row of formulas. An agent's ledger total is itself a formula over the 奖惩台账 sheet, so a line
changed there by hand changes the summary too."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.reports.workbook_ledger import agent_total_formula
from qa_desk.reports.workbook_rows import RowWriter
from qa_desk.reports.xlsx import (
    COUNT_FORMAT,
    CURRENCY_FORMAT,
    SCORE_FORMAT,
    Columns,
    prepare_sheet,
    table_end,
    total_row,
)

if TYPE_CHECKING:
    from qa_desk.reports.workbook import EvaluationRow
    from qa_desk.reports.workbook_exams import ExamResultRow
    from qa_desk.reports.workbook_ledger import LedgerEntry

SUMMARY_COLUMNS: Columns = (
    ("坐席工号", 12, None), ("坐席姓名", 12, None), ("评估数", 10, COUNT_FORMAT),
    ("平均分", 10, SCORE_FORMAT), ("一票否决数", 12, COUNT_FORMAT), ("已签核数", 10, COUNT_FORMAT),
    ("考试人次", 10, COUNT_FORMAT), ("考试通过", 10, COUNT_FORMAT), ("奖惩金额", 14, CURRENCY_FORMAT),
)
UNKNOWN_AGENT = "（未知）"


@dataclass(slots=True)
class AgentLine:
    name: str | None = None
    calls: int = 0
    score_sum: float = 0.0
    fatal: int = 0
    signed: int = 0
    exams: int = 0
    exams_passed: int = 0

    @property
    def average(self) -> float | None:
        return self.score_sum / self.calls if self.calls else None


@dataclass(slots=True)
class AgentTotals:
    """Accumulated while the detail rows stream past, so the data is read once."""

    agents: dict[str, AgentLine] = field(default_factory=dict)

    def add(self, row: EvaluationRow) -> None:
        line = self._line(row.agent_id, row.agent_name)
        line.calls += 1
        line.score_sum += row.final_score
        line.fatal += row.fatal
        line.signed += row.status == "signed"

    def add_exams(self, results: Iterable[ExamResultRow]) -> None:
        for result in results:
            if result.agent_id is None:
                continue  # an account that is not an agent (a supervisor, HR) sat the exam
            line = self._line(result.agent_id, result.agent_name)
            line.exams += 1
            line.exams_passed += result.passed is True

    def add_ledger(self, lines: Iterable[LedgerEntry]) -> None:
        for entry in lines:
            self._line(entry.agent_id, entry.agent_name)

    def _line(self, agent_id: str | None, name: str | None) -> AgentLine:
        line = self.agents.get(agent_id or UNKNOWN_AGENT)
        if line is None:
            line = self.agents[agent_id or UNKNOWN_AGENT] = AgentLine()
        line.name = line.name or name
        return line


def write_summary(sheet: WriteOnlyWorksheet, totals: AgentTotals, *, detail_range: str,
                  ledger_last: int) -> None:
    prepare_sheet(sheet, SUMMARY_COLUMNS)
    writer = RowWriter(sheet, SUMMARY_COLUMNS)
    for row, agent_id in enumerate(sorted(totals.agents), 2):
        line = totals.agents[agent_id]
        writer.append([agent_id, line.name, line.calls, line.average, line.fatal, line.signed,
                       line.exams, line.exams_passed, agent_total_formula(row, ledger_last)])
    last = table_end(sheet, SUMMARY_COLUMNS, writer.rows)
    if not writer.rows:
        total_row(sheet, len(SUMMARY_COLUMNS), {
            column: ("=0", number_format)
            for column, (_, _, number_format) in enumerate(SUMMARY_COLUMNS, 1) if column not in (1, 2, 4)})
        return
    sums = {column: (f"=SUM({letter}2:{letter}{last})", number_format)
            for column, (letter, (_, _, number_format)) in
            enumerate(zip("ABCDEFGHI", SUMMARY_COLUMNS, strict=True), 1) if column > 2}
    sums[4] = (f'=IFERROR(AVERAGE({detail_range}),"")', SCORE_FORMAT)
    total_row(sheet, len(SUMMARY_COLUMNS), sums)
