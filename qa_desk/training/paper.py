"""Paper exams typed into Excel: one row per candidate (姓名, 工号, then one column per
question code holding the letters or 对/错 written on paper), graded in one go.

A row with an answer that cannot be read is reported with its row number and column and
left out of the results; the other rows are graded. A header naming an unknown question
stops the whole sheet: every row would be misread."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_desk.training.attempt import grade_response, normalise_response, totals
from qa_desk.training.errors import BankError, Problem, file_error
from qa_desk.training.model import SHORT, Question
from qa_desk.training.notation import text
from qa_desk.training.xlsx_guard import check_xlsx

NAME, STAFF_ID = "姓名", "工号"
RESULT_HEADER = [NAME, STAFF_ID, "得分", "满分", "得分率%", "结果", "待评简答"]


@dataclass(frozen=True, slots=True)
class PaperResult:
    row: int
    name: str
    staff_id: str
    points: dict[str, float | None]  # None: a short answer for a grader
    score: float
    max_score: float
    percent: float
    passed: bool | None  # None while short answers wait for a grader


@dataclass(slots=True)
class GradedSheet:
    codes: list[str]
    results: list[PaperResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_answer_sheet(path: Path, source: str | None = None) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """(question codes from the header, numbered rows of cells); BankError for a bad file."""
    from openpyxl import load_workbook

    source = source or path.name
    check_xlsx(path, source)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise file_error(source, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    if not rows or [text(c) for c in rows[0][:2]] != [NAME, STAFF_ID]:
        raise file_error(source, f"row 1 must start with {NAME}, {STAFF_ID} and then one column "
                                 "per question code")
    codes = [text(c) for c in rows[0][2:]]
    while codes and not codes[-1]:
        codes.pop()
    return codes, [(number, row) for number, row in enumerate(rows[1:], start=2)]


def grade_sheet(codes: list[str], rows: Iterable[tuple[int, list[Any]]],
                questions: Mapping[str, Question], policy: str, pass_percent: float,
                source: str = "answer sheet") -> GradedSheet:
    unknown = [c or f"(column {i + 3} has no code)" for i, c in enumerate(codes) if c not in questions]
    if unknown:
        raise BankError(source, [Problem(f"not a question of this exam: {c}", row=1, field=c)
                                 for c in unknown])
    sheet = GradedSheet(codes)
    for number, cells in rows:
        cells = [*cells, *[None] * (len(codes) + 2 - len(cells))]
        if all(text(c) == "" for c in cells):
            continue  # blank lines between classes are normal
        result = _grade_row(number, cells, codes, questions, policy, pass_percent, sheet.problems)
        if result is not None:
            sheet.results.append(result)
    return sheet


def _grade_row(number: int, cells: list[Any], codes: list[str], questions: Mapping[str, Question],
               policy: str, pass_percent: float, problems: list[Problem]) -> PaperResult | None:
    name, staff_id = text(cells[0]), text(cells[1])
    before = len(problems)
    if not name and not staff_id:
        problems.append(Problem(f"no {NAME} or {STAFF_ID}: whose answers are these?", row=number))
    points: dict[str, float | None] = {}
    for code, cell in zip(codes, cells[2:], strict=False):
        question = questions[code]
        try:
            response = normalise_response(question, cell)
        except ValueError as exc:
            problems.append(Problem(str(exc), row=number, field=code))
            continue
        graded = grade_response(question, response, policy)
        points[code] = None if question.type == SHORT and response else graded.points
    if len(problems) > before:
        return None
    result = totals([p or 0.0 for p in points.values()], [questions[c].points for c in codes],
                    pass_percent)
    pending = any(p is None for p in points.values())
    return PaperResult(number, name, staff_id, points, result.score, result.max_score,
                       result.percent, None if pending else result.passed)


def write_results(path: Path, sheet: GradedSheet) -> None:
    """Per-candidate totals and per-question points; a second sheet lists the rows left out."""
    from openpyxl import Workbook

    workbook = Workbook()
    results = workbook.active
    results.title = "成绩"
    results.append([*RESULT_HEADER, *sheet.codes])
    for r in sheet.results:
        verdict = "待评分" if r.passed is None else ("通过" if r.passed else "未通过")
        pending = sum(p is None for p in r.points.values())
        results.append([r.name, r.staff_id, r.score, r.max_score, r.percent, verdict, pending,
                        *[r.points.get(c) for c in sheet.codes]])
    problems = workbook.create_sheet("问题行")
    problems.append(["行号", "列", "原因"])
    for p in sheet.problems:
        problems.append([p.row, p.field or "", p.reason])
    workbook.save(path)
