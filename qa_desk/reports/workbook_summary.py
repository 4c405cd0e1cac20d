"""The 坐席汇总 sheet: per agent counts and averages, with a totals row of formulas."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.reports.xlsx import header_cell, prepare_sheet, styled_cell

if TYPE_CHECKING:
    from qa_desk.reports.workbook import EvaluationRow

SUMMARY_COLUMNS = (
    ("坐席工号", 12, None), ("坐席姓名", 12, None), ("评估数", 10, "0"), ("平均分", 10, "0.0"),
    ("一票否决数", 12, "0"), ("已签核数", 10, "0"),
)
UNKNOWN_AGENT = "（未知）"


@dataclass(slots=True)
class AgentLine:
    name: str | None = None
    calls: int = 0
    score_sum: float = 0.0
    fatal: int = 0
    signed: int = 0


@dataclass(slots=True)
class AgentTotals:
    """Accumulated while the detail rows stream past, so the data is read once."""

    agents: dict[str, AgentLine] = field(default_factory=dict)

    def add(self, row: EvaluationRow) -> None:
        line = self.agents.setdefault(row.agent_id or UNKNOWN_AGENT, AgentLine())
        line.name = line.name or row.agent_name
        line.calls += 1
        line.score_sum += row.final_score
        line.fatal += row.fatal
        line.signed += row.status == "signed"


def write_summary(sheet: WriteOnlyWorksheet, totals: AgentTotals, *, detail_range: str) -> None:
    prepare_sheet(sheet, SUMMARY_COLUMNS)
    formats = [number_format for _, _, number_format in SUMMARY_COLUMNS]
    for agent_id in sorted(totals.agents):
        line = totals.agents[agent_id]
        values = [agent_id, line.name, line.calls, line.score_sum / line.calls,
                  line.fatal, line.signed]
        sheet.append([styled_cell(sheet, v, f) for v, f in zip(values, formats, strict=True)])
    first, last = 2, len(totals.agents) + 1
    total = [header_cell(sheet, "合计"), header_cell(sheet, "")]
    total += [
        styled_cell(sheet, f"=SUM(C{first}:C{last})", "0", bold=True),
        styled_cell(sheet, f'=IFERROR(AVERAGE({detail_range}),"")', "0.0", bold=True),
        styled_cell(sheet, f"=SUM(E{first}:E{last})", "0", bold=True),
        styled_cell(sheet, f"=SUM(F{first}:F{last})", "0", bold=True),
    ]
    sheet.append(total)
    sheet.auto_filter.ref = f"A1:F{last}"

