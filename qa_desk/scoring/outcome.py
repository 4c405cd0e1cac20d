"""What a condition concludes about a call: a result and the evidence behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

PASS = "pass"
FAIL = "fail"
NA = "na"


class Span(NamedTuple):
    """Characters [start, end) of the ORIGINAL text of turn `turn`."""

    turn: int
    start: int
    end: int


@dataclass(slots=True)
class Outcome:
    result: str
    evidence: list[Span] = field(default_factory=list)
    detail: str = ""

    @classmethod
    def na(cls, detail: str = "") -> Outcome:
        return cls(NA, [], detail)


def negate(outcome: Outcome) -> Outcome:
    if outcome.result == NA:
        return outcome
    flipped = FAIL if outcome.result == PASS else PASS
    # Evidence of what was found is what a failed "must not" shows; a passed one shows nothing.
    if flipped == FAIL:
        return Outcome(FAIL, outcome.evidence, outcome.detail)
    return Outcome(PASS, [], "")
