"""Report periods as people type them: a month `2026-11`, or `2026-11-01..2026-11-15`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

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

    def bounds(self) -> tuple[datetime, datetime]:
        """Start and exclusive end as naive wall-clock times: for call start times, which are
        stored as the time of day the call happened where it happened."""
        return (datetime.combine(self.first, time.min),
                datetime.combine(self.last + timedelta(days=1), time.min))

    def moment_bounds(self) -> tuple[datetime, datetime]:
        """Start and exclusive end at this computer's local midnights, as aware times: for
        moments stored in UTC (exam attempts), so an exam sat just after midnight counts on
        the day the people here call it. Given in UTC, as the moments are stored (SQLite
        compares the stored text, so the bounds must be in the same zone)."""
        return local_midnight(self.first), local_midnight(self.last + timedelta(days=1))


def local_midnight(day: date) -> datetime:
    """The start of `day` on this computer's clock, in UTC as moments are stored."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


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
