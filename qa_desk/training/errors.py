"""Errors that say which file, which row or question, which column, and what was expected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a bank file. `row` is an Excel row, `line` a text line (both 1-based),
    `question` a question's id; `field` is the column or key as the file names it."""

    reason: str
    row: int | None = None
    line: int | None = None
    question: str | None = None
    field: str | None = None

    def describe(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.question:
            where.append(f"question {self.question}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def as_dict(self) -> dict[str, Any]:
        data = {"row": self.row, "line": self.line, "question": self.question,
                "column": self.field, "reason": self.reason}
        return {key: value for key, value in data.items() if value is not None}


class BankError(Exception):
    """A bank file that cannot be imported as it is; lists every problem found, not the first."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.describe())

    def describe(self) -> str:
        if len(self.problems) == 1:
            return f"{self.source}: {self.problems[0].describe()}"
        lines = [f"{self.source}: {len(self.problems)} problems"]
        lines += [f"  {p.describe()}" for p in self.problems]
        return "\n".join(lines)


def file_error(source: str, reason: str) -> BankError:
    """The whole file is unusable (not a workbook, too large, not text)."""
    return BankError(source, [Problem(reason)])
