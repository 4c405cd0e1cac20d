"""What an edited rule pack would change: verdicts of the same calls under two packs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qa_desk.scoring.engine import Scorer
from qa_desk.scoring.pack import RulePack
from qa_desk.transcripts.model import Call


@dataclass(frozen=True, slots=True)
class VerdictChange:
    call_id: str
    rule: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class CallComparison:
    call_id: str
    score_before: float
    score_after: float
    changes: tuple[VerdictChange, ...]


def compare_packs(before: RulePack, after: RulePack, calls: Iterable[Call]) -> list[CallComparison]:
    """Every call scored with both packs; rules only one pack has count as `na` in the other."""
    old, new = Scorer(before), Scorer(after)
    results = []
    for call in calls:
        a, b = old.score(call), new.score(call)
        verdicts_a, verdicts_b = a.verdicts(), b.verdicts()
        rules = list(dict.fromkeys([*verdicts_a, *verdicts_b]))
        changes = tuple(
            VerdictChange(call.call_id, rule, verdicts_a.get(rule, "na"), verdicts_b.get(rule, "na"))
            for rule in rules
            if verdicts_a.get(rule, "na") != verdicts_b.get(rule, "na")
        )
        results.append(CallComparison(call.call_id, a.score, b.score, changes))
    return results
