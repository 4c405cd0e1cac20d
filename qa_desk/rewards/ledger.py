"""The reward/penalty ledger (奖惩台账) of a period, computed from plain facts.

`compute_ledger` takes the evaluations, exam results and manual entries of one period and a
policy, and returns one line per amount owed, each naming the records it came from. It reads
no database, so every rule can be checked with a few literals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from qa_desk.rewards.policy import (
    EXAM_FAILED,
    FATAL,
    MANUAL,
    REPEATED_FAILURE,
    SCORE_BELOW,
    Policy,
    PolicyRule,
)


@dataclass(frozen=True, slots=True)
class LedgerLine:
    agent_id: str
    agent_name: str | None
    on: date
    amount: Decimal               # yuan; negative = penalty
    label: str
    rule: str                     # policy rule id, or "manual"
    sources: tuple[str, ...]      # "evaluation:123", "call:demo-005", "attempt:7", "entry:4"
    policy_version: int | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class EvaluationFact:
    """A call's current evaluation, after the supervisor's review."""

    evaluation_id: int
    call_id: str
    agent_id: str
    on: date
    score: float                  # the effective score: reviewed if reviewed, else automatic
    fatal: bool
    failed_rules: tuple[str, ...]  # scoring rule ids that failed after review
    agent_name: str | None = None
    at: datetime | None = None     # when the call started: orders the calls of one day


@dataclass(frozen=True, slots=True)
class ExamFact:
    attempt_id: int
    agent_id: str
    on: date
    exam: str
    passed: bool
    score: float | None = None
    max_score: float | None = None
    agent_name: str | None = None


@dataclass(frozen=True, slots=True)
class ManualFact:
    entry_id: int
    agent_id: str
    on: date
    amount: Decimal
    label: str
    reason: str | None
    policy_version: int | None = None
    agent_name: str | None = None


def compute_ledger(policy: Policy, *, evaluations: Iterable[EvaluationFact] = (),
                   exams: Iterable[ExamFact] = (), entries: Iterable[ManualFact] = (),
                   version: int | None = None) -> list[LedgerLine]:
    """Every line owed for the facts given, ordered by agent, date, then source. Repeated
    failures are counted per agent, scoring rule and calendar month, in the order the calls
    happened (so give the facts from the first day of the month for a count to be complete).
    Reasons are written in Chinese, as they are printed on the HR documents."""
    lines: list[LedgerLine] = []
    evaluations = sorted(evaluations, key=lambda e: (e.agent_id, e.on, e.at.time() if e.at else time.min,
                                                     e.call_id, e.evaluation_id))
    counts: dict[tuple[str, str, int, int], list[str]] = defaultdict(list)
    for fact in evaluations:
        for rule in policy.rules:
            lines.extend(_evaluation_lines(rule, fact, counts, version))
    for fact in exams:
        for rule in policy.rules:
            if rule.kind == EXAM_FAILED and not fact.passed and rule.exam in (None, fact.exam):
                score = (f"（{_score(fact.score)} / {_score(fact.max_score)}）"
                         if fact.score is not None and fact.max_score else "")
                lines.append(LedgerLine(
                    fact.agent_id, fact.agent_name, fact.on, rule.amount, rule.label, rule.id,
                    (f"attempt:{fact.attempt_id}",), version,
                    f"考试「{fact.exam}」未通过{score}"))
    for fact in entries:
        lines.append(LedgerLine(fact.agent_id, fact.agent_name, fact.on, fact.amount, fact.label,
                                MANUAL, (f"entry:{fact.entry_id}",), fact.policy_version, fact.reason))
    lines.sort(key=lambda line: (line.agent_id, line.on, line.sources))
    return lines


def _evaluation_lines(rule: PolicyRule, fact: EvaluationFact,
                      counts: dict[tuple[str, str, int, int], list[str]], version: int | None
                      ) -> list[LedgerLine]:
    sources = (f"evaluation:{fact.evaluation_id}", f"call:{fact.call_id}")

    def line(amount: Decimal, reason: str) -> LedgerLine:
        return LedgerLine(fact.agent_id, fact.agent_name, fact.on, amount, rule.label, rule.id,
                          sources, version, reason)

    if rule.kind == SCORE_BELOW:
        if fact.score < rule.threshold and not (rule.skip_if_fatal and fact.fatal):
            return [line(rule.amount, f"得分 {_score(fact.score)}，低于 {_score(rule.threshold)} 分")]
    elif rule.kind == FATAL:
        if fact.fatal:
            return [line(rule.amount, "一票否决项未通过")]
    elif rule.kind == REPEATED_FAILURE and rule.rule in fact.failed_rules:
        earlier = counts[(fact.agent_id, rule.id, fact.on.year, fact.on.month)]
        number = len(earlier) + 1
        amount = rule.amount_for(number)
        reason = f"{fact.on.month} 月第 {number} 次未通过 {rule.rule}"
        if earlier:
            reason += f"（此前：{'、'.join(earlier)}）"
        earlier.append(fact.call_id)
        if amount is not None:
            return [line(amount, reason)]
    return []


def total(lines: Iterable[LedgerLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def _score(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if value == int(value) else f"{value:.1f}"
