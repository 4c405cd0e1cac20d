"""Small helpers shared by the workbook's sheets (openpyxl write-only mode)."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8ECF1")
Columns = tuple[tuple[str, int, str | None], ...]  # (header, width in characters, number format)

SCORE_FORMAT = "0.0"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DURATION_FORMAT = "[h]:mm:ss"
COUNT_FORMAT = "0"
RATIO_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
# Yuan; penalties (negative) in red with a minus sign.
CURRENCY_FORMAT = "¥#,##0.00;[Red]-¥#,##0.00"
TOTAL_LABEL = "合计"


def prepare_sheet(sheet: WriteOnlyWorksheet,
                  columns: Columns) -> None:
    """Widths, frozen header and the header row: all of it before the first data row."""
    for index, (_, width, _) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([header_cell(sheet, title) for title, _, _ in columns])


def header_cell(sheet: WriteOnlyWorksheet, title: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, title)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center")
    return cell


def styled_cell(sheet: WriteOnlyWorksheet, value: object, number_format: str | None, *,
                bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = HEADER_FONT
    return cell


def table_end(sheet: WriteOnlyWorksheet, columns: Columns, rows: int) -> int:
    """Autofilter over the header and `rows` data rows; returns the last data row (1 if none)."""
    last = rows + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    return last


def total_row(sheet: WriteOnlyWorksheet, width: int, cells: dict[int, tuple[str, str | None]],
              label: str = TOTAL_LABEL) -> None:
    """A bold totals row under a table: the label in column A, formulas at 1-based columns."""
    row: list[object] = [header_cell(sheet, label)]
    for column in range(2, width + 1):
        formula, number_format = cells.get(column, ("", None))
        row.append(styled_cell(sheet, formula or None, number_format, bold=True))
    sheet.append(row)
