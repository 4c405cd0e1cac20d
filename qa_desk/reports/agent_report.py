"""The period report of one agent as plain data, and its document id.

What HR reads for a month (by default) of one agent: the QA average and its trend, which
rules failed how often, the worst calls, the exams taken and the rewards and penalties owed.
Like the per-call form, the document id names the agent and period and hashes what the
report says, so a reprint of the same data keeps its id."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from qa_desk.reports.form import RewardLine, _plain
from qa_desk.reports.period import Period

HASH_LENGTH = 10
WORST_CALLS = 10
DAILY_UP_TO = 31  # days: a longer period's trend is drawn per week


@dataclass(frozen=True, slots=True)
class TrendPoint:
    start: date  # the day, or the Monday of the week
    calls: int
    average: float


@dataclass(frozen=True, slots=True)
class RuleFailure:
    rule: str
    name: str
    section: str
    failed: int  # evaluations in which the rule failed (after review)
    applicable: int  # evaluations in which it was not 不适用
    fatal: bool  # a 一票否决 rule

    @property
    def rate(self) -> float:
        return self.failed / self.applicable if self.applicable else 0.0


@dataclass(frozen=True, slots=True)
class CallScore:
    call_id: str
    started_at: datetime | None  # the call's wall-clock time
    score: float  # reviewed if reviewed, else automatic
    fatal: bool
    reviewed: bool
    failed_rules: tuple[str, ...] = ()  # rule names


@dataclass(frozen=True, slots=True)
class ExamResult:
    exam: str
    attempt: int  # 第几次
    candidate: str  # the agent id or the username it was taken under
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    max_score: float
    passed: bool | None  # None while short answers wait for a grader
    seconds: float | None  # time taken


@dataclass(frozen=True, slots=True)
class AgentReport:
    agent_id: str
    agent_name: str | None
    period: Period
    calls: int
    average: float | None  # of the final scores; None without calls
    reviewed: int
    fatal: int
    trend_unit: str = "day"  # day or week
    trend: tuple[TrendPoint, ...] = ()
    rules: tuple[RuleFailure, ...] = ()  # rules that failed at least once, most failures first
    worst: tuple[CallScore, ...] = ()  # lowest scores first
    exams: tuple[ExamResult, ...] = ()
    # The reward/penalty ledger; None when no policy could be applied.
    ledger: tuple[RewardLine, ...] | None = ()

    @property
    def rewards_total(self) -> Decimal:
        return sum((line.amount for line in self.ledger or () if line.amount > 0), Decimal(0))

    @property
    def penalties_total(self) -> Decimal:
        return sum((line.amount for line in self.ledger or () if line.amount < 0), Decimal(0))

    @property
    def ledger_total(self) -> Decimal:
        return self.rewards_total + self.penalties_total


def trend_unit(period: Period) -> str:
    return "day" if (period.last - period.first).days < DAILY_UP_TO else "week"


def report_basis(report: AgentReport) -> bytes:
    return json.dumps(_plain(report), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def report_id(report: AgentReport) -> str:
    digest = hashlib.sha256(report_basis(report)).hexdigest()[:HASH_LENGTH]
    return f"QA-{report.agent_id}-{period_key(report.period)}-{digest}"


def period_key(period: Period) -> str:
    """2026-11 for a calendar month, else 20261101-20261115."""
    first, last = period.first, period.last
    next_month = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    if first.day == 1 and (next_month - last).days == 1:
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first:%Y%m%d}-{last:%Y%m%d}"
