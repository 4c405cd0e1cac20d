"""Evidence quotes: the turns where a rule matched, cut short around the matched phrases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from qa_desk.reports.form import Quote

MAX_QUOTES = 3  # turns quoted per item; the rest are counted
MAX_CHARS = 72  # characters of a turn shown
CONTEXT = 14  # characters shown before the first matched phrase


class TurnLike(Protocol):
    speaker: str
    text: str
    start: float | None


def build_quotes(evidence: Sequence[Mapping[str, Any]], turns: Sequence[TurnLike], *,
                 limit: int = MAX_QUOTES) -> tuple[tuple[Quote, ...], int]:
    """Quotes for an item's evidence ({turn, start, end, text}), one per turn, in call order;
    and how many more turns there were."""
    by_turn: dict[int | None, list[Mapping[str, Any]]] = {}
    for entry in evidence:
        by_turn.setdefault(entry.get("turn"), []).append(entry)
    order = sorted(by_turn, key=lambda t: (t is None, t or 0))
    quotes = [_quote(by_turn[t], turns[t] if _valid(t, turns) else None) for t in order[:limit]]
    return tuple(quotes), max(0, len(order) - limit)


def _valid(turn: int | None, turns: Sequence[TurnLike]) -> bool:
    return turn is not None and 0 <= turn < len(turns)


def _quote(entries: list[Mapping[str, Any]], turn: TurnLike | None) -> Quote:
    if turn is None:
        text = "…".join(str(e.get("text") or "") for e in entries)
        return Quote("", None, text, (0, len(text)), ((0, len(text)),) if text else ())
    spans = _merge(sorted(s for s in (_span(e, turn.text) for e in entries) if s is not None))
    if spans == ((0, len(turn.text)),):
        spans = ()  # the whole turn: where a phrase was expected, not a phrase matched
    window = _window(turn.text, spans)
    inside = tuple((max(a, window[0]), min(b, window[1])) for a, b in spans
                   if a < window[1] and b > window[0])
    return Quote(turn.speaker, turn.start, turn.text, window, inside)


def _span(entry: Mapping[str, Any], text: str) -> tuple[int, int] | None:
    """Where the phrase is in the turn: at its offsets when they still hold, else found."""
    phrase = str(entry.get("text") or "")
    start, end = entry.get("start"), entry.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) \
            and (not phrase or text[start:end] == phrase):
        return start, end
    found = text.find(phrase) if phrase else -1
    return (found, found + len(phrase)) if found >= 0 else None


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _window(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    if len(text) <= MAX_CHARS or not spans:
        return 0, min(len(text), MAX_CHARS)
    start = max(0, spans[0][0] - CONTEXT)
    end = min(len(text), max(start + MAX_CHARS, spans[0][1]))
    return max(0, min(start, end - MAX_CHARS)), end
