"""The 奖惩台账 sheet: every reward/penalty line of the period with the records it came from,
amounts in yuan, and totals as formulas (all lines, rewards, penalties)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Protocol

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from qa_desk.reports.masking import mask_text
from qa_desk.reports.workbook_rows import Formula, RowWriter
from qa_desk.reports.xlsx import (
    COUNT_FORMAT,
    CURRENCY_FORMAT,
    DATE_FORMAT,
    Columns,
    prepare_sheet,
    table_end,
    total_row,
)

LEDGER_SHEET = "奖惩台账"
LEDGER_COLUMNS: Columns = (
    ("日期", 12, DATE_FORMAT), ("坐席工号", 10, None), ("坐席姓名", 10, None), ("项目", 26, None),
    ("金额", 13, CURRENCY_FORMAT), ("规则", 20, None), ("来源", 30, None),
    ("政策版本", 9, COUNT_FORMAT), ("说明", 44, None),
)
AGENT_COLUMN, AMOUNT_COLUMN = "B", "E"
MANUAL_RULE = "manual"
MANUAL_LABEL = "手工录入"
TOTAL, REWARDS, PENALTIES = "合计", "奖励合计", "扣款合计"


class LedgerEntry(Protocol):
    """What the sheet reads of a line (qa_desk.rewards.LedgerLine has these fields)."""

    agent_id: str
    agent_name: str | None
    on: date
    amount: Decimal
    label: str
    rule: str
    sources: tuple[str, ...]
    policy_version: int | None
    reason: str | None


def write_ledger(sheet: WriteOnlyWorksheet, lines: Sequence[LedgerEntry], *, mask: bool) -> int:
    """Returns the last data row (1 when there is none), for formulas on other sheets."""
    prepare_sheet(sheet, LEDGER_COLUMNS)
    writer = RowWriter(sheet, LEDGER_COLUMNS)
    for line in lines:
        writer.append([
            line.on, line.agent_id, line.agent_name, mask_text(line.label, mask), line.amount,
            MANUAL_LABEL if line.rule == MANUAL_RULE else line.rule, "、".join(line.sources) or None,
            line.policy_version, mask_text(line.reason, mask) if line.reason else None,
        ])
    last = table_end(sheet, LEDGER_COLUMNS, writer.rows)
    amounts = f"{AMOUNT_COLUMN}2:{AMOUNT_COLUMN}{last}"
    for label, formula in ((TOTAL, f"=SUM({amounts})"), (REWARDS, f'=SUMIF({amounts},">0")'),
                           (PENALTIES, f'=SUMIF({amounts},"<0")')):
        total_row(sheet, len(LEDGER_COLUMNS),
                  {5: (formula if writer.rows else "=0", CURRENCY_FORMAT)}, label=label)
    return last


def agent_total_formula(agent_row: int, last: int) -> Formula:
    """The summary sheet's per-agent ledger total, read off this sheet."""
    if last < 2:
        return Formula("=0")
    return Formula(f"=SUMIF('{LEDGER_SHEET}'!${AGENT_COLUMN}$2:${AGENT_COLUMN}${last},A{agent_row},"
            f"'{LEDGER_SHEET}'!${AMOUNT_COLUMN}$2:${AMOUNT_COLUMN}${last})")
