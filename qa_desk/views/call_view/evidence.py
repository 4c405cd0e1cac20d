"""Which characters of which turn each verdict rests on, as plain data.

The scorer stores evidence as (turn, start, end) spans on the original turn text. The
transcript paints them and the scorecard jumps to them; both go through these functions so
they agree on what a span covers. Qt-free, so it is tested without widgets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

PASS = "pass"
FAIL = "fail"


class ItemLike(Protocol):
    """What this module needs of qa_desk.services.review.ItemView."""

    rule: str
    evidence: list[dict[str, Any]]

    @property
    def effective_result(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    result: str  # "pass" | "fail"
    rule: str


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    result: str | None  # None: plain text


def marks_by_turn(items: Iterable[ItemLike]) -> dict[int, list[Mark]]:
    """Evidence of every judged item, per turn. The verdict shown is the reviewed one: a fail
    a supervisor rejected is painted as a pass. `na` items have no evidence to paint."""
    marks: dict[int, list[Mark]] = {}
    for item in items:
        result = item.effective_result
        if result not in (PASS, FAIL):
            continue
        for span in item.evidence:
            turn, start, end = _span(span)
            if turn is not None and end > start:
                marks.setdefault(turn, []).append(Mark(start, end, result, item.rule))
    return marks


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """The text cut where marks begin and end. Where a pass and a fail overlap the fail wins:
    the supervisor must not miss a character that cost points."""
    weight = [0] * len(text)  # 0 plain, 1 pass, 2 fail
    for mark in marks:
        level = 2 if mark.result == FAIL else 1
        for i in range(max(0, mark.start), min(len(text), mark.end)):
            weight[i] = max(weight[i], level)
    out: list[Segment] = []
    for i, char in enumerate(text):
        result = (None, PASS, FAIL)[weight[i]]
        if out and out[-1].result == result:
            out[-1] = Segment(out[-1].text + char, result)
        else:
            out.append(Segment(char, result))
    return out


def evidence_turns(item: ItemLike) -> list[int]:
    """Turns the item's evidence lies in, in transcript order, each once."""
    turns = {t for t, _, _ in map(_span, item.evidence) if t is not None}
    return sorted(turns)


def evidence_turn(item: ItemLike, index: int = 0) -> int | None:
    """The turn of the item's index-th evidence span (the first by default)."""
    if not 0 <= index < len(item.evidence):
        return None
    return _span(item.evidence[index])[0]


def _span(span: dict[str, Any]) -> tuple[int | None, int, int]:
    try:
        return int(span["turn"]), int(span.get("start", 0)), int(span.get("end", 0))
    except (KeyError, TypeError, ValueError):
        return None, 0, 0
