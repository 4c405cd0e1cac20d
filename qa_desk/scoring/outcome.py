"""What a condition concludes about a call: a result and the evidence behind it."""

from __future__ import annotations

from typing import NamedTuple

import msgspec

PASS = "pass"
FAIL = "fail"
NA = "na"


class Span(NamedTuple):
    """Characters [start, end) of the ORIGINAL text of turn `turn`."""

    turn: int
    start: int
    end: int


def new_span(fields: tuple[int, int, int]) -> Span:
    """A Span from (turn, start, end) without the named tuple's Python-level __new__: hot
    paths make them by the thousand."""
    return tuple.__new__(Span, fields)


class Outcome(msgspec.Struct):
    """A msgspec struct rather than a dataclass: made in C, several times per call per rule,
    at a third of a dataclass's cost."""

    result: str
    evidence: list[Span] = msgspec.field(default_factory=list)
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
