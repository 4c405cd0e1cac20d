"""Score one call against a rule pack: one verdict per rule, points, and the 0–100 score."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from qa_desk.scoring.batch import CallBatch, TurnTexts
from qa_desk.scoring.conditions import Condition
from qa_desk.scoring.outcome import FAIL, NA, PASS, Outcome, Span
from qa_desk.scoring.pack import Rule, RulePack
from qa_desk.transcripts.model import Call

# Shared, never changed: conditions and writers only read outcomes.
NOT_FOR_CHANNEL = Outcome.na("not for this channel")


@dataclass(slots=True)
class ItemScore:
    rule: str
    name: str
    section: str
    result: str
    points: float
    max_points: float
    evidence: list[Span] = field(default_factory=list)
    detail: str = ""
    fatal: bool = False
    bonus: bool = False


@dataclass(slots=True)
class CallScore:
    call: Call
    pack_id: str
    pack_version: str
    score: float
    fatal: bool
    items: list[ItemScore]

    def evidence_text(self, span: Span) -> str:
        return self.call.turns[span.turn].text[span.start:span.end]

    def item(self, rule_id: str) -> ItemScore:
        return next(i for i in self.items if i.rule == rule_id)

    def verdicts(self) -> dict[str, str]:
        return {i.rule: i.result for i in self.items}


class Scorer:
    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self._index = pack.index
        self._rules = pack.rules
        self._channel_checks: dict[str, list[Condition | None]] = {}

    def score(self, call: Call) -> CallScore:
        return self.score_many([call])[0]

    def score_many(self, calls: list[Call]) -> list[CallScore]:
        """Score calls together: one fold and one phrase search for all of them (see batch)."""
        return [self._score(call, outcomes) for call, outcomes in self.outcomes_many(calls)]

    def outcomes_many(self, calls: list[Call]) -> Iterator[tuple[Call, tuple[Outcome, ...]]]:
        """Each call with its outcomes, one per rule in pack order: what `score_many` makes its
        items from, for writers that need no CallScore (see report.JsonLines). Each rule judges
        all the calls of a channel at once (`Condition.judge_batch`)."""
        yield from zip(calls, self.judge_many(calls)[0], strict=True)

    def judge_many(self, calls: list[Call]) -> tuple[list[tuple[Outcome, ...]], TurnTexts]:
        """Each call's outcomes (see `outcomes_many`), and the turn texts their evidence
        points into."""
        if not calls:
            return [], TurnTexts("", np.zeros(0, dtype=np.int64), [0])
        batch = CallBatch(calls, self._index)
        by_channel: dict[str, list[int]] = {}
        for number, call in enumerate(calls):
            by_channel.setdefault(call.channel, []).append(number)
        per_call: list[tuple[Outcome, ...]] = [() for _ in calls]
        try:
            for channel, numbers in by_channel.items():
                columns = [repeat(NOT_FOR_CHANNEL) if check is None
                           else check.judge_batch(batch, numbers)
                           for check in self._checks_for(channel)]
                for number, outcomes in zip(numbers, zip(*columns, strict=False), strict=False):
                    per_call[number] = outcomes  # a tuple: read, never changed
        finally:
            batch.release()
        return per_call, TurnTexts(batch.joined, batch.joined_start_array, batch.first_turn)

    def _checks_for(self, channel: str) -> list[Condition | None]:
        checks = self._channel_checks.get(channel)
        if checks is None:
            checks = self._channel_checks[channel] = [rule.check_for(channel) for rule in self._rules]
        return checks

    def _score(self, call: Call, outcomes: tuple[Outcome, ...]) -> CallScore:
        items = [_item(rule, outcome) for rule, outcome in zip(self._rules, outcomes, strict=True)]
        fatal = any(i.fatal and i.result == FAIL for i in items)
        return CallScore(call, self.pack.id, self.pack.version, total(items, fatal), fatal, items)


def _item(rule: Rule, outcome: Outcome) -> ItemScore:
    earned = rule.points if outcome.result == PASS else 0.0
    evidence = outcome.evidence if outcome.result != NA else []
    return ItemScore(rule.id, rule.name, rule.section, outcome.result, earned, rule.points,
                     evidence, outcome.detail, rule.fatal, rule.bonus)


def total(items: list[ItemScore], fatal: bool) -> float:
    """Points earned over points applicable, `na` left out of both; bonus adds; fatal zeroes."""
    if fatal:
        return 0.0
    judged = [i for i in items if i.result != NA and not i.bonus]
    possible = sum(i.max_points for i in judged)
    earned = sum(i.points for i in judged)
    bonus = sum(i.points for i in items if i.bonus and i.result == PASS)
    if possible <= 0:
        return 100.0 if not judged else 0.0
    return round(min(100.0, 100.0 * earned / possible + bonus), 1)
