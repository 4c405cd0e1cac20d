"""The evaluation form as plain data, and its document id.

The id names the call and a short hash of what the form says, so a reprint of the same data
gets the same id and any change (a point, a reason, a signature) gets a new one. What is
hashed is spelled out in `document_basis`; how it is printed (organisation, masking, the
reader's time zone) is left out on purpose.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

HASH_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Quote:
    """The matched phrases of one turn, shown with a little of the turn around them.

    The whole turn is kept so that masking sees whole numbers, never a number cut in half
    at the edge of the window shown."""

    speaker: str
    at: float | None  # seconds into the call
    text: str  # the whole turn
    window: tuple[int, int]  # the part shown
    spans: tuple[tuple[int, int], ...]  # matched phrases, inside the window

    def parts(self, text: str | None = None) -> list[tuple[str, bool]]:
        """(piece, is a matched phrase) of the window, cut from `text` (the turn, perhaps
        masked: masking keeps lengths) or from the turn as said."""
        text = self.text if text is None else text
        start, end = self.window
        parts, position = [], start
        for span_start, span_end in self.spans:
            if span_start > position:
                parts.append((text[position:span_start], False))
            parts.append((text[span_start:span_end], True))
            position = span_end
        if end > position:
            parts.append((text[position:end], False))
        return parts

    @property
    def cut_before(self) -> bool:
        return self.window[0] > 0

    @property
    def cut_after(self) -> bool:
        return self.window[1] < len(self.text)


@dataclass(frozen=True, slots=True)
class FormItem:
    rule: str
    name: str
    section: str
    result: str  # the automatic verdict: pass, fail, na
    final_result: str  # after the supervisor's review
    points: float
    final_points: float
    max_points: float
    fatal: bool  # a 一票否决 rule
    review: str | None = None  # confirm, reject, override
    reason: str | None = None
    comment: str | None = None
    detail: str = ""
    quotes: tuple[Quote, ...] = ()
    more_quotes: int = 0

    @property
    def vetoes(self) -> bool:
        """This item zeroes the score: a fatal rule failed with no points."""
        return self.fatal and self.final_result == "fail" and self.final_points == 0


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime | None
    by: str
    action: str  # sign, reopen, dispute, dispute.accept, dispute.reject
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RewardLine:
    """One reward or penalty of the ledger, as printed: what it is for and where it came from."""

    on: date
    amount: Decimal  # yuan; negative = penalty
    label: str
    rule: str  # the policy rule id, or "manual"
    sources: tuple[str, ...] = ()  # "evaluation:123", "call:demo-005", "attempt:7", "entry:4"
    policy_version: int | None = None
    reason: str | None = None


def reward_line(line: Any) -> RewardLine:
    """A printable line from a ledger line (`qa_desk.rewards.ledger.LedgerLine` or alike)."""
    return RewardLine(on=line.on, amount=Decimal(line.amount), label=str(line.label),
                      rule=str(line.rule), sources=tuple(line.sources),
                      policy_version=line.policy_version, reason=line.reason)


@dataclass(frozen=True, slots=True)
class EvaluationForm:
    call_id: str
    agent_id: str | None
    agent_name: str | None
    channel: str
    started_at: datetime | None  # the call's wall-clock time
    duration: float | None
    pack: str
    auto_score: float
    reviewed_score: float | None
    auto_fatal: bool
    status: str
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    signed_by: str | None = None
    signed_at: datetime | None = None
    comment: str | None = None
    items: tuple[FormItem, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    # The reward/penalty lines that cite this evaluation; None: not looked up (none printed).
    rewards: tuple[RewardLine, ...] | None = None

    @property
    def final_score(self) -> float:
        return self.reviewed_score if self.reviewed_score is not None else self.auto_score

    @property
    def fatal(self) -> bool:
        """一票否决 in force: after review when reviewed, else as scored."""
        if self.reviewed_score is None:
            return self.auto_fatal
        return any(item.vetoes for item in self.items)


def document_basis(form: EvaluationForm) -> bytes:
    """The bytes the document id hashes: every field of the form, times in UTC (rewards left
    out when they were not looked up, so such forms keep the ids they always had)."""
    plain = _plain(form)
    if form.rewards is None:
        del plain["rewards"]
    return json.dumps(plain, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def document_id(form: EvaluationForm) -> str:
    digest = hashlib.sha256(document_basis(form)).hexdigest()[:HASH_LENGTH]
    return f"QA-{form.call_id}-{digest}"


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
