"""Excel banks in the Chinese template (题型, 题干, 选项A…选项H, 正确答案, 解析, 分值, 难度, 分类).

Every row is checked before anything is returned: one bad row fails the whole file, and the
error lists every bad row with its column and what was expected."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from qa_desk.training.errors import BankError, Problem, file_error
from qa_desk.training.excel_columns import COLUMN_LABELS, find_header, option_letter
from qa_desk.training.model import Bank, Question
from qa_desk.training.notation import text
from qa_desk.training.validate import build_question
from qa_desk.training.xlsx_guard import check_xlsx

MAX_ROWS = 20_000
# Wider than any template: cells past this are never read, whatever the sheet claims.
MAX_COLUMNS = 64
HEADER_SEARCH_ROWS = 10


def read_xlsx_bank(path: Path, source: str, *, name: str | None = None) -> Bank:
    from openpyxl import load_workbook

    check_xlsx(path, source)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise file_error(source, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        properties = workbook.properties
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        questions, warnings = rows_to_questions(rows, source)
    except BankError:
        raise
    except Exception as exc:  # a damaged sheet part surfaces only while rows are read
        raise file_error(source, f"the sheet cannot be read ({type(exc).__name__}: {exc})") from None
    finally:
        workbook.close()
    bank_name = name or text(properties.identifier) or path.stem
    return Bank(name=bank_name, title=text(properties.title) or bank_name,
                source=text(properties.description) or path.name, questions=questions,
                warnings=warnings)


def rows_to_questions(rows: Iterable[Iterable[Any]], source: str) -> tuple[list[Question], list[str]]:
    iterator = iter(rows)
    header_row, columns, warnings = _header(iterator, source)
    problems: list[Problem] = []
    questions: list[Question] = []
    first_row: dict[str, int] = {}
    for number, values in _numbered(iterator, header_row, source):
        question, found = _row_question(values, columns, number)
        problems.extend(found)
        if question is None:
            continue
        if question.content_hash in first_row:
            warnings.append(f"row {number} repeats row {first_row[question.content_hash]}; kept once")
            continue
        first_row[question.content_hash] = number
        questions.append(question)
    if problems:
        raise BankError(source, problems)
    if not questions:
        raise file_error(source, f"no questions below the header (row {header_row})")
    return questions, warnings


def _header(rows: Iterator[Iterable[Any]], source: str) -> tuple[int, dict[str, int], list[str]]:
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        row = next(rows, None)
        if row is None:
            break
        found = find_header([text(v) for v in row])
        if found is not None:
            columns, ignored = found
            warnings = [f"column {name!r} is not part of the template and was ignored"
                        for name in ignored]
            return number, columns, warnings
    raise file_error(source, "no header row: expected a row with the columns 题型 and 题干 (and 选项A…, "
                             "正确答案, 解析, 分值, 难度, 分类) within the first ten rows")


def _numbered(rows: Iterator[Iterable[Any]], header_row: int, source: str
              ) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(rows, start=header_row + 1):
        values = list(row)
        if not any(text(v) for v in values):
            continue
        if number > MAX_ROWS + header_row:
            raise file_error(source, f"more than {MAX_ROWS:,} rows: split the bank into several files")
        yield number, values


def _row_question(values: list[Any], columns: dict[str, int], number: int
                  ) -> tuple[Question | None, list[Problem]]:
    def cell(key: str) -> Any:
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    raw: dict[str, Any] = {key: cell(key) for key in columns if option_letter(key) is None}
    raw["options"] = {option_letter(k): cell(k) for k in columns if option_letter(k)}
    raw["key_points"] = split_key_points(text(cell("key_points")))

    def report(field: str, reason: str) -> Problem:
        if field == "answer" and "answer" not in columns:
            reason += " (the sheet has no 正确答案 column)"
        return Problem(reason, row=number, field=column_label(field))

    return build_question(raw, report)


def column_label(field: str) -> str:
    if field.startswith("option "):
        return "选项" + field.removeprefix("option ")
    return COLUMN_LABELS.get(field, field)


def split_key_points(cell: str) -> list[str]:
    """One key point per line; a one-line cell may separate them with ； or ;."""
    if "\n" in cell:
        return [p.strip() for p in cell.splitlines() if p.strip()]
    return [p.strip() for p in re.split("[;；]", cell) if p.strip()]
