"""Report periods as people type them: a month `2026-11`, or `2026-11-01..2026-11-15`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


class PeriodError(ValueError):
    """A period that cannot be read; the message shows the forms that can."""


@dataclass(frozen=True, slots=True)
class Period:
    first: date
    last: date  # inclusive

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


def parse_period(text: str) -> Period:
    """A month (YYYY-MM) or an inclusive range of dates (YYYY-MM-DD..YYYY-MM-DD)."""
    value = text.strip()
    if match := _MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(_explain(text, f"there is no month {month}"))
        return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    if match := _RANGE.fullmatch(value):
        try:
            first, last = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError as exc:
            raise PeriodError(_explain(text, str(exc))) from None
        if last < first:
            raise PeriodError(_explain(text, "the period ends before it starts"))
        return Period(first, last)
    raise PeriodError(_explain(text, None))


def _explain(text: str, problem: str | None) -> str:
    why = f" ({problem})" if problem else ""
    return (f"cannot read the period {text!r}{why}: use a month like 2026-11 or a range of dates "
            "like 2026-11-01..2026-11-15")
