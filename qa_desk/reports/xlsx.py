"""Small helpers shared by the workbook's sheets (openpyxl write-only mode)."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8ECF1")
Columns = tuple[tuple[str, int, str | None], ...]  # (header, width in characters, number format)


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
