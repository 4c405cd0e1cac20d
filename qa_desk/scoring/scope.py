"""Which turns a condition looks at: by speaker, and by position in turns or seconds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np

from qa_desk.scoring.outcome import Span
from qa_desk.scoring.view import CallView
from qa_desk.transcripts.model import AGENT, CUSTOMER

if TYPE_CHECKING:
    from qa_desk.scoring.batch import CallBatch

ANY = "any"


@dataclass(frozen=True, slots=True)
class Scope:
    speaker: str = AGENT
    turns: str = "all"  # all | opening | first | last
    count: int = 0  # for first / last
    first_seconds: float | None = None
    last_seconds: float | None = None

    def select(self, view: CallView) -> list[int]:
        """The turns in scope, worked out once per call (several conditions share a scope)."""
        cached = view.scopes.get(id(self))
        if cached is not None and cached[0] is self:
            return cached[1]
        indices = self._select(view)
        view.scopes[id(self)] = (self, indices)
        return indices

    def members(self, view: CallView) -> set[int] | frozenset[int]:
        """The turns in scope as a set, made once per call."""
        cached = view.scope_sets.get(id(self))
        if cached is not None and cached[0] is self:
            return cached[1]
        members = frozenset(self.select(view))
        view.scope_sets[id(self)] = (self, members)
        return members

    def among(self, view: CallView, turns) -> list[int]:
        """Those of `turns` (turn numbers of the call) that are in scope, ascending."""
        return self.among_in_batch(view.batch, view.number, turns)

    def among_in_batch(self, batch: CallBatch, number: int, turns) -> list[int]:
        """`among` for call `number` of a batch, with no view."""
        inside = self.in_batch(batch).inside
        first, count = batch.first_turn[number], len(batch.calls[number].turns)
        return sorted(t for t in turns if 0 <= t < count and inside[first + t])

    def in_batch(self, batch: CallBatch) -> ScopedTurns:
        """The turns in scope in every call of a batch, worked out in a few array steps: the
        same turns `select` gives call by call."""
        # Looked up by identity first (asked per call in windows after holds and complaints),
        # then by value, so equal scopes written in two rules share their answer.
        known = batch.by_identity.get(id(self))
        if known is not None and known[0] is self:
            return known[1]
        scoped = batch.remembered(self, lambda: ScopedTurns(batch, self._mask(batch)))
        batch.by_identity[id(self)] = (self, scoped)
        return scoped

    def _mask(self, batch: CallBatch) -> np.ndarray:
        from qa_desk.scoring.batch import AGENT_CODE, CUSTOMER_CODE

        speaker, call, first = batch.speaker, batch.call_of_turn, batch.first
        if self.speaker == AGENT:
            mask = speaker == AGENT_CODE
        elif self.speaker == CUSTOMER:
            mask = speaker == CUSTOMER_CODE
        else:
            mask = np.ones(speaker.size, dtype=bool)
        if self.turns in ("first", "last"):
            before = np.concatenate([[0], np.cumsum(mask)])  # turns in scope before each turn
            rank = before[:-1] - before[first[call]]  # ... within its call
            if self.turns == "first":
                mask &= rank < self.count
            else:
                total = before[first[1:]] - before[first[:-1]]
                mask &= (rank >= total[call] - self.count) & (self.count > 0)
        elif self.turns == "opening":
            mask = _opening_mask(mask, speaker, call, first)
        if self.first_seconds is not None or self.last_seconds is not None:
            mask &= np.asarray(batch.times.timed, dtype=bool)[call]
            times = batch.times
            if self.first_seconds is not None:
                mask &= times.start <= self.first_seconds
            if self.last_seconds is not None:
                mask &= times.latest >= times.call_durations()[call] - self.last_seconds
        return mask

    def _select(self, view: CallView) -> list[int]:
        indices = self._by_speaker(view)
        if self.turns == "opening":
            indices = _opening(view, indices)
        elif self.turns == "first":
            indices = indices[: self.count]
        elif self.turns == "last":
            indices = indices[-self.count:] if self.count else []
        if self.first_seconds is not None or self.last_seconds is not None:
            indices = self._by_time(view, indices)
        return indices

    def _by_speaker(self, view: CallView) -> list[int]:
        if self.speaker == AGENT:
            return view.agent_turns
        if self.speaker == CUSTOMER:
            return view.customer_turns
        return list(range(len(view.turns)))

    def _by_time(self, view: CallView, indices: list[int]) -> list[int]:
        if not view.timed:
            return []
        kept = indices
        if self.first_seconds is not None:
            kept = [i for i in kept if view.turns[i].start <= self.first_seconds]
        if self.last_seconds is not None:
            cutoff = (view.duration or 0.0) - self.last_seconds
            kept = [i for i in kept if view.end_of(i) >= cutoff]
        return kept


def _opening(view: CallView, indices: list[int]) -> list[int]:
    """The agent's first turn and any agent turns that follow it before the customer speaks."""
    if not indices:
        return []
    opening = [indices[0]]
    for index in range(indices[0] + 1, len(view.turns)):
        if view.turns[index].speaker != view.turns[indices[0]].speaker:
            break
        opening.append(index)
    return opening


def _opening_mask(mask: np.ndarray, speaker: np.ndarray, call: np.ndarray,
                  first: np.ndarray) -> np.ndarray:
    """Per call, the run of same-speaker turns that begins at its first turn in `mask`."""
    where = np.flatnonzero(mask)
    at = np.searchsorted(where, first[:-1])
    first_in_scope = where[np.minimum(at, max(where.size - 1, 0))] if where.size else at
    has = (at < where.size) & (first_in_scope < first[1:]) if where.size else at < 0
    new_run = np.ones(speaker.size, dtype=bool)
    new_run[1:] = (speaker[1:] != speaker[:-1]) | (call[1:] != call[:-1])
    run = np.cumsum(new_run)
    opening_run = np.where(has, run[np.minimum(first_in_scope, max(run.size - 1, 0))], -1)
    return has[call] & (run == opening_run[call]) if run.size else mask


class ScopedTurns:
    """The turns in scope across a batch: a mask over its turns, and per call where its own
    lie in `where` (batch turn numbers, ascending)."""

    def __init__(self, batch: CallBatch, mask: np.ndarray) -> None:
        self.mask = mask
        self.where = np.flatnonzero(mask)
        self.bounds = np.searchsorted(self.where, batch.first).tolist()
        self._batch_lengths = batch.text_lengths
        self._call_of_where = batch.call_of_turn[self.where]
        self._calls = len(batch.calls)
        self._in_call_array = self.where - batch.first[self._call_of_where]

    @cached_property
    def inside(self) -> list[bool]:
        """`mask` as a list: looked up turn by turn in windows of a few turns."""
        return self.mask.tolist()

    def count(self, number: int) -> int:
        return self.bounds[number + 1] - self.bounds[number]

    def leading_spans(self, number: int) -> list[Span]:
        """Whole-turn spans of the call's first two turns in scope: the evidence shown when
        something expected in the scope was not said."""
        spans, bounds = self._leading
        return spans[bounds[number]:bounds[number + 1]]

    @cached_property
    def _leading(self) -> tuple[list[Span], list[int]]:
        call = self._call_of_where
        leading = np.flatnonzero(np.arange(call.size) - np.searchsorted(call, call) < 2)
        turns = self.where[leading]
        spans = list(map(tuple.__new__, repeat(Span), zip(
            self._in_call_array[leading].tolist(), repeat(0),
            self._batch_lengths[turns].tolist())))
        return spans, np.searchsorted(call[leading], np.arange(self._calls + 1)).tolist()

    @cached_property
    def _in_call(self) -> list[int]:
        return self._in_call_array.tolist()

    def first(self, number: int, count: int) -> list[int]:
        """The call's first `count` turns in scope, numbered within the call."""
        lo = self.bounds[number]
        return self._in_call[lo:min(lo + count, self.bounds[number + 1])]
