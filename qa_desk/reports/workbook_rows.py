"""Data rows for the workbook's write-only sheets, fast: `RowWriter` and `Formula`."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from math import isfinite

from openpyxl import LXML
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.compat.numbers import NUMERIC_TYPES
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml.functions import fromstring

from qa_desk.reports.xlsx import Columns, styled_cell

# What XML 1.0 cannot hold: control characters (bar tab and line breaks), lone surrogates,
# U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Formula(str):
    """A cell formula in a `RowWriter` row ("=SUM(A2:A9)"); any other text stays text."""


class RowWriter:
    """Appends rows of plain values to a write-only sheet, fast.

    openpyxl turns every value into a cell object, looks up its style and writes it through
    several nested XML elements: about 10 µs a value, 13 s for 100,000 evaluations. Here a row
    of plain values (text, numbers, dates, durations, booleans, None) is built as XML text
    with each column's style id worked out once, parsed into one element, and written to the same streamed
    sheet file by openpyxl's own writer: the workbook, the styles and the saving stay
    openpyxl's. Text always stays text (a comment that starts with "=" is not a formula).
    Headers and totals rows still go through `sheet.append`. Without lxml (which parses the
    row's text in C), or should an openpyxl version lack the hooks used, rows go through
    `sheet.append` as cells: slower, the same file."""

    def __init__(self, sheet: WriteOnlyWorksheet, columns: Columns) -> None:
        self._sheet = sheet
        self.rows = 0
        formats = [number_format for _, _, number_format in columns]
        self._cells = {index: styled_cell(sheet, None, number_format)
                       for index, number_format in enumerate(formats) if number_format}
        self._fast = _FastRows.install(sheet, [
            str(self._cells[index].style_id) if index in self._cells else None
            for index in range(len(formats))])

    def append(self, values: list[object]) -> None:
        self.rows += 1
        if self._fast is not None:
            self._sheet.append(_PlainRow(values))
            return
        for index, value in enumerate(values):
            if type(value) is str:
                values[index] = _text_cell(self._sheet, value)
            elif type(value) is Formula:
                values[index] = str(value)
        for index, cell in self._cells.items():
            value = values[index]
            if value is not None and not isinstance(value, Cell):
                cell.value = value
                values[index] = cell
        self._sheet.append(values)


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> str | WriteOnlyCell:
    """Text as the fast path writes it: cleaned, and never taken for a formula."""
    text = _clean(text)
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    return cell


class _PlainRow(list):
    """A row of plain values for `_FastRows` (any other row takes openpyxl's own path)."""


class _FastRows:
    def __init__(self, sheet: WriteOnlyWorksheet, styles: list[str | None]) -> None:
        self._columns = [(get_column_letter(i), style) for i, style in enumerate(styles, 1)]
        self._epoch = sheet.parent.epoch
        self._serials: dict[object, str] = {}

    @classmethod
    def install(cls, sheet: WriteOnlyWorksheet, styles: list[str | None]) -> _FastRows | None:
        sheet._get_writer()
        writer = getattr(sheet, "_writer", None)
        to_row = getattr(sheet, "_values_to_row", None)
        write_row = getattr(writer, "write_row", None)
        if not LXML or to_row is None or write_row is None or getattr(sheet, "_fast_rows", None):
            return getattr(sheet, "_fast_rows", None)
        fast = cls(sheet, styles)

        def values_to_row(values, row_idx):
            return values if type(values) is _PlainRow else to_row(values, row_idx)

        def write(xf, row, row_idx):
            if type(row) is _PlainRow:
                xf.write(fast.element(row, row_idx))
            else:
                write_row(xf, row, row_idx)

        sheet._values_to_row, writer.write_row, sheet._fast_rows = values_to_row, write, fast
        return fast

    def element(self, values: list[object], row_idx: int):
        """The row as XML text, parsed once (in C) into the element the sheet's writer takes:
        much quicker than building it node by node."""
        r = str(row_idx)
        parts = [f'<row r="{r}">']
        add = parts.append
        for (letter, style), value in zip(self._columns, values, strict=False):
            if value is None:
                continue
            kind = type(value)
            styled = f' s="{style}"' if style else ""
            if kind is str:
                text = _clean(value)
                space = ' xml:space="preserve"' if text != text.strip() else ""
                add(f'<c r="{letter}{r}"{styled} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>')
                continue
            if kind is Formula:
                add(f'<c r="{letter}{r}"{styled}><f>{_escape(value[1:])}</f></c>')
                continue
            if kind is bool:
                kind_code, number = "b", "1" if value else "0"
            elif kind is int:
                kind_code, number = "n", repr(value)
            elif kind is float:
                if not isfinite(value):
                    continue  # no such number in a workbook: an empty cell, as openpyxl leaves it
                kind_code, number = "n", repr(value)
            elif isinstance(value, date | datetime | time | timedelta):
                kind_code, number = "n", self._serial(value)
            elif isinstance(value, NUMERIC_TYPES):
                kind_code, number = "n", str(value)
            else:
                raise TypeError(f"cannot write {value!r} ({kind.__name__}) to a workbook cell")
            add(f'<c r="{letter}{r}"{styled} t="{kind_code}"><v>{number}</v></c>')
        add("</row>")
        return fromstring("".join(parts))

    def _serial(self, value: date | datetime | time | timedelta) -> str:
        serial = self._serials.get(value)
        if serial is None:
            if getattr(value, "tzinfo", None) is not None:
                raise TypeError(f"a workbook holds no time zones: {value!r}")
            serial = str(to_excel(value, self._epoch))
            if len(self._serials) < 100_000:
                self._serials[value] = serial
        return serial


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _clean(text: str) -> str:
    """Characters XML cannot hold are dropped; a cell holds at most 32,767 characters."""
    if NOT_XML.search(text):
        text = NOT_XML.sub("", text)
    return text[:32_767]
