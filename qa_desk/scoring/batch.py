"""Many calls prepared for judging at once: one fold, one phrase search, turn tables in numpy.

Scoring pays Python work per call and per phrase hit, not per character or per turn: the turn
texts of the whole batch are joined, folded and searched in a few array passes. Conditions
that can judge the whole batch from these tables do (`Condition.judge_batch`); the others get
one call's `CallView`, made when first asked for. A call judged alone or inside a batch gets
the same answer (tests compare both with the one-call-at-a-time reference).
"""

from __future__ import annotations

from functools import cached_property
from itertools import chain, repeat

import numpy as np

from qa_desk.scoring.outcome import Span
from qa_desk.scoring.phrases import Hit, PhraseIndex
from qa_desk.scoring.times import BatchTimes
from qa_desk.scoring.view import CallView
from qa_desk.transcripts.model import AGENT, CUSTOMER, Call
from qa_desk.transcripts.normalize import TURN_SEPARATOR, fold_codes

AGENT_CODE, CUSTOMER_CODE = 1, 2
_NO_ROWS = np.zeros(0, dtype=np.int64)


class CallBatch:
    def __init__(self, calls: list[Call], index: PhraseIndex) -> None:
        self.calls = calls
        self.index = index
        counts = [len(c.turns) for c in calls]
        first = np.zeros(len(calls) + 1, dtype=np.int64)
        np.cumsum(counts, out=first[1:])
        self.first = first
        self.first_turn = first.tolist()
        self.call_of_turn = np.repeat(np.arange(len(calls)), counts)
        speakers, texts, starts, ends = _columns(list(chain.from_iterable(c.turns for c in calls)))
        joined = TURN_SEPARATOR.join(texts)
        if joined.count(TURN_SEPARATOR) != len(texts) - 1:  # a separator inside a turn's text
            texts = [text.replace(TURN_SEPARATOR, "\ufffd") for text in texts]
            joined = TURN_SEPARATOR.join(texts)
        exact, offsets = fold_codes(joined)
        separators = np.flatnonzero(exact == ord(TURN_SEPARATOR))  # the fold keeps them
        fold_starts = np.concatenate([[0], separators + 1])
        fold_ends = np.concatenate([separators, [exact.size]])
        # Where each turn starts in the joined original text: after its separator there.
        self._joined_starts = np.concatenate([[0], offsets[separators] + 1])
        self.text_lengths = np.diff(self._joined_starts, append=len(joined) + 1) - 1
        self.exact = exact
        self.offsets = offsets
        self.fold_start_array = fold_starts
        self.fold_end_array = fold_ends
        self.speaker = _speaker_codes(speakers)
        is_agent = self.speaker == AGENT_CODE
        is_customer = self.speaker == CUSTOMER_CODE
        self.is_agent = is_agent
        self._agent = _per_call(is_agent, first)
        self._customer = _per_call(is_customer, first)
        self.times = BatchTimes(starts, ends, fold_ends - fold_starts, first, is_agent,
                                is_customer)
        self.found = _sorted_hits(index, exact, offsets, fold_starts, self._joined_starts,
                                  first, self.call_of_turn)
        self._views: dict[int, CallView] = {}
        self._hit_tuples: dict[int, tuple[list[Hit], list[int]]] = {}
        # Batch-wide answers of conditions and scopes, by their value: equal ones written in
        # two variants of a rule share theirs.
        self.cache: dict[object, object] = {}
        self.by_identity: dict[int, tuple] = {}  # id(owner) → (owner, answer): see Scope.in_batch

    # Per batch turn, as Python ints, made when a view or a regex first asks.
    @cached_property
    def fold_starts(self) -> list[int]:
        return self.fold_start_array.tolist()

    @cached_property
    def fold_ends(self) -> list[int]:
        return self.fold_end_array.tolist()

    @cached_property
    def joined_starts(self) -> list[int]:
        return self._joined_starts.tolist()

    def view(self, number: int) -> CallView:
        """Call `number`'s view, made once, for conditions that judge one call at a time."""
        view = self._views.get(number)
        if view is None:
            lo, hi = self.first_turn[number], self.first_turn[number + 1]
            view = self._views[number] = CallView(self, self.calls[number], number, lo, hi)
        return view

    def release(self) -> None:
        """Drop the views and batch-wide answers: they refer back to the batch, and scoring
        runs with the cyclic garbage collector off, so the cycles must be broken by hand."""
        self._views.clear()
        self.cache.clear()
        self.by_identity.clear()

    def views(self) -> list[CallView]:
        return [self.view(number) for number in range(len(self.calls))]

    def agent_turns(self, number: int) -> list[int]:
        return self._agent[number]

    def customer_turns(self, number: int) -> list[int]:
        return self._customer[number]

    def hits(self, number: int, set_name: str) -> list[Hit]:
        """Call `number`'s kept hits of a set, by start."""
        set_id = self.index.number_of(set_name)
        if set_id is None:
            return []
        tuples = self._hit_tuples.get(set_id)
        if tuples is None:
            tuples = self._hit_tuples[set_id] = self._tuples_of_set(set_id)
        hits, bounds = tuples
        return hits[bounds[number]:bounds[number + 1]]

    def rows_of_set(self, set_name: str) -> np.ndarray:
        """Rows of the hit columns that belong to a set, ascending (by call, then start)."""
        set_id = self.index.number_of(set_name)
        return _NO_ROWS if set_id is None else self._rows_of_set_id(set_id)

    def _rows_of_set_id(self, set_id: int) -> np.ndarray:
        order, bounds = self._rows_by_set
        return order[bounds[set_id]:bounds[set_id + 1]]

    @cached_property
    def _rows_by_set(self) -> tuple[np.ndarray, list[int]]:
        # One stable sort groups every set's rows, keeping their order: conditions then work
        # on their set's few rows instead of comparing every hit of the batch.
        set_id = self.found.set_id
        order = np.argsort(set_id, kind="stable")
        bounds = np.searchsorted(set_id[order], np.arange(len(self.index.names) + 1)).tolist()
        return order, bounds

    def _tuples_of_set(self, set_id: int) -> tuple[list[Hit], list[int]]:
        """A set's hits in every call as named tuples, and where each call's begin."""
        found = self.found
        rows = self._rows_of_set_id(set_id)
        columns = zip(found.turn_in_call[rows].tolist(), found.start[rows].tolist(),
                      found.end[rows].tolist(), found.phrase[rows].tolist(),
                      found.span_start[rows].tolist(), found.span_end[rows].tolist(),
                      strict=True)
        # Named tuples made without their Python-level __new__: there are thousands.
        hits = list(map(tuple.__new__, repeat(Hit), columns))
        bounds = np.searchsorted(found.call[rows], np.arange(len(self.calls) + 1)).tolist()
        return hits, bounds

    def hit_span(self, number: int, hit: Hit) -> Span:
        """Where a hit of call `number` lies in its turn's original text."""
        if hit.span_end >= 0:
            return Span(hit.turn, hit.span_start, hit.span_end)
        offsets, offset = self.offsets, self.joined_starts[self.first_turn[number] + hit.turn]
        return Span(hit.turn, int(offsets[hit.start]) - offset, int(offsets[hit.end - 1]) + 1 - offset)

    def exact_text(self, start: int, end: int) -> str:
        return self.exact[start:end].tobytes().decode("utf-32-le")

    def original_span(self, at: int, turn: int, start: int, end: int) -> Span:
        """Characters [start, end) of batch turn `at`'s folded text, on its original text
        (the call's turn `turn`)."""
        base, offsets = self.fold_starts[at], self.offsets
        offset = self.joined_starts[at]
        return Span(turn, int(offsets[base + start]) - offset, int(offsets[base + end - 1]) + 1 - offset)

    def remembered(self, owner: object, work):
        """`work()`, done once per batch for `owner` (a condition or scope, frozen)."""
        answer = self.cache.get(owner, self)
        if answer is self:
            answer = self.cache[owner] = work()
        return answer


class BatchHits:
    """The kept phrase hits of a batch as columns, ordered by call, then set, then start."""

    def __init__(self, call, turn, set_id, phrase, start, end, span_start, span_end,
                 first_turn) -> None:
        self.call = call
        self.turn = turn  # in the batch
        self.set_id = set_id
        self.phrase = phrase
        self.start = start  # in the batch's folded text
        self.end = end
        self.span_start = span_start  # in the turn's original text
        self.span_end = span_end
        self.turn_in_call = turn - first_turn[call]


def _columns(turns: list) -> tuple[list, list, list, list]:
    """(speakers, texts, starts, ends) of the turns. Comprehensions, as Python 3.11 reads a
    struct's field in them twice as fast as `map(attrgetter(...))` does."""
    return ([t.speaker for t in turns], [t.text for t in turns], [t.start for t in turns],
            [t.end for t in turns])


def _speaker_codes(speakers: list) -> np.ndarray:
    """1 for the agent, 2 for the customer, and a code of its own for any other label, so that
    equal codes mean equal labels."""
    # One character per turn, joined and read as bytes: a dict look-up a turn, all in C.
    marks = "".join(map(_SPEAKER_MARKS.get, speakers, repeat("\0")))
    codes = np.frombuffer(marks.encode("ascii"), dtype=np.uint8).astype(np.int32)
    others = np.flatnonzero(codes == 0)
    if others.size:
        numbers: dict[object, int] = {}
        codes[others] = [numbers.setdefault(speakers[i], 3 + len(numbers))
                         for i in others.tolist()]
    return codes


_SPEAKER_MARKS = {AGENT: chr(AGENT_CODE), CUSTOMER: chr(CUSTOMER_CODE)}


def _per_call(mask: np.ndarray, first: np.ndarray) -> list[list[int]]:
    """Per call, the indices (within the call) of the turns `mask` marks."""
    where = np.flatnonzero(mask)
    call = np.searchsorted(first, where, side="right") - 1
    relative = (where - first[call]).tolist()
    bounds = np.searchsorted(call, np.arange(first.size)).tolist()
    return [relative[bounds[i]:bounds[i + 1]] for i in range(first.size - 1)]


def _sorted_hits(index: PhraseIndex, exact: np.ndarray, offsets: np.ndarray,
                 fold_starts: np.ndarray, joined_starts: np.ndarray, first: np.ndarray,
                 call_of_turn: np.ndarray) -> BatchHits:
    if index.empty:
        empty = np.zeros(0, dtype=np.int64)
        return BatchHits(*([empty] * 8), first_turn=first)
    found = index.matcher.find(exact)
    turn = np.searchsorted(fold_starts, found.start, side="right") - 1
    call = call_of_turn[turn]
    order = np.argsort(call * len(index.names) + found.set_id, kind="stable")
    turn, call, set_id = turn[order], call[order], found.set_id[order]
    start, end = found.start[order], found.end[order]
    # Where each hit lies in its turn's original text, for evidence.
    span_start = offsets[start] - joined_starts[turn]
    span_end = offsets[end - 1] + 1 - joined_starts[turn]
    return BatchHits(call, turn, set_id, found.phrase[order], start, end, span_start, span_end,
                     first)
