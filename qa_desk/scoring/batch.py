"""Many calls prepared for judging at once: one fold, one phrase search, turn tables in numpy.

Scoring pays Python work per call and per phrase hit, not per character or per turn: the turn
texts of the whole batch are joined, folded and searched in a few array passes. Conditions
that can judge the whole batch from these tables do (`Condition.judge_batch`); the others get
one call's `CallView`, made when first asked for. A call judged alone or inside a batch gets
the same answer (tests compare both with the one-call-at-a-time reference).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from itertools import chain, repeat
from typing import NamedTuple

import msgspec
import numpy as np

from qa_desk.scoring.outcome import Span, new_span
from qa_desk.scoring.phrases import Hit, PhraseIndex
from qa_desk.scoring.times import BatchTimes
from qa_desk.scoring.view import CallView
from qa_desk.transcripts.model import AGENT, CUSTOMER, Call, EncodedTextError, EncodedTurn
from qa_desk.transcripts.normalize import TURN_SEPARATOR, fold_code_points

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
        turns = list(chain.from_iterable(c.turns for c in calls))
        speakers, starts, ends = _columns(turns)
        texts = _JoinedTexts.of(calls, turns)
        exact, offsets = fold_code_points(texts.codes, texts.separators)
        separators = np.flatnonzero(exact == ord(TURN_SEPARATOR))  # the fold keeps them
        fold_starts = np.concatenate([[0], separators + 1])
        fold_ends = np.concatenate([separators, [exact.size]])
        # Where each turn starts in the joined original text: given, or after its separator.
        if texts.starts is None:
            self.joined_start_array = np.concatenate([[0], offsets[separators] + 1])
            self.text_lengths = np.diff(self.joined_start_array, append=len(texts.text) + 1) - 1
        else:
            self.joined_start_array, self.text_lengths = texts.starts, texts.lengths
        self.joined = texts.text
        self.exact = exact
        self.offsets = offsets
        self.fold_start_array = fold_starts
        self.fold_end_array = fold_ends
        self.speaker = _speaker_codes(speakers)
        is_agent = self.speaker == AGENT_CODE
        is_customer = self.speaker == CUSTOMER_CODE
        self.is_agent = is_agent
        self.is_customer = is_customer
        self.times = BatchTimes(starts, ends, fold_ends - fold_starts, first, is_agent,
                                is_customer)
        self.found = _sorted_hits(index, exact, offsets, fold_starts, self.joined_start_array,
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
        return self.joined_start_array.tolist()

    @cached_property
    def text_length_list(self) -> list[int]:
        return self.text_lengths.tolist()

    def whole_turns(self, number: int, turns: Iterable[int]) -> list[Span]:
        """Spans of the whole texts of call `number`'s `turns`."""
        lengths, first = self.text_length_list, self.first_turn[number]
        return [new_span((turn, 0, lengths[first + turn])) for turn in turns]

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

    # Made when first asked: the default pack asks only for calls with a hold or a complaint.
    @cached_property
    def _agent(self) -> list[list[int]]:
        return _per_call(self.is_agent, self.first)

    @cached_property
    def _customer(self) -> list[list[int]]:
        return _per_call(self.is_customer, self.first)

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


class TurnTexts(NamedTuple):
    """The turn texts of a batch, kept after it for the evidence quoted from them."""

    text: str  # every turn's text, in order, with something between them
    starts: np.ndarray  # where each batch turn's text starts in it
    first_turn: list[int]  # each call's first turn in the batch (one more: the end)


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


def _columns(turns: list) -> tuple[list, list, list]:
    """(speakers, starts, ends) of the turns. Comprehensions, as Python 3.11 reads a struct's
    field in them twice as fast as `map(attrgetter(...))` does."""
    return [t.speaker for t in turns], [t.start for t in turns], [t.end for t in turns]


class _JoinedTexts(NamedTuple):
    """The turn texts of a batch as one string, and as code points to fold.

    Joined (`joined`), `text` has a TURN_SEPARATOR between turns and `codes` are its code
    points; where each turn starts is found after the fold. Encoded (`encoded`), `text` is
    the texts as a JSON array: `separators` says where in `codes` the turns end, and `starts`
    and `lengths` where each turn's text lies in `text`."""

    text: str
    codes: np.ndarray
    separators: np.ndarray | None
    starts: np.ndarray | None
    lengths: np.ndarray | None

    @classmethod
    def of(cls, calls: list[Call], turns: list) -> _JoinedTexts:
        encoded = [type(c.turns[0]) is EncodedTurn for c in calls if c.turns]
        if not any(encoded):
            return cls.joined([t.text for t in turns])
        if all(encoded):
            items = [t.encoded_text for t in turns]
        else:
            items = [t.encoded_text if type(t) is EncodedTurn else t.text for t in turns]
        return cls.encoded(msgspec.json.encode(items), len(items))

    @classmethod
    def joined(cls, texts: list[str]) -> _JoinedTexts:
        joined = folded = TURN_SEPARATOR.join(texts)
        if joined.count(TURN_SEPARATOR) != len(texts) - 1:  # a separator inside a turn's text:
            # a character folded away instead (the same length, so `joined` is still quoted)
            folded = TURN_SEPARATOR.join([text.replace(TURN_SEPARATOR, "\ufffd") for text in texts])
        return cls(joined, np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32), None,
                   None, None)

    @classmethod
    def encoded(cls, array: bytes, count: int) -> _JoinedTexts:
        """From the texts as one JSON array (of strings, if the batch's reading was right).
        Without escapes its only quotes are the strings' own: each text lies between two,
        and is folded where it lies, the array's brackets, quotes and commas deleted as
        punctuation and the closing quotes turned into separators."""
        if b"\\" in array:  # escapes: decoded string by string, as any reader would
            try:
                return cls.joined(_decode_texts(array))
            except msgspec.ValidationError:
                raise EncodedTextError("a turn's text is not a string") from None
        try:
            text = array.decode("utf-8")
        except UnicodeDecodeError:
            raise EncodedTextError("a turn's text is not UTF-8") from None
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        quotes = np.flatnonzero(codes == _QUOTE)
        opening, closing = quotes[0::2], quotes[1::2]
        if not _all_strings(codes, opening, closing, count):
            raise EncodedTextError("a turn's text is not a string")
        inside = codes == ord(TURN_SEPARATOR)
        if inside.any():  # a separator inside a turn's text: a character folded away instead
            codes = codes.copy()
            codes[inside] = ord("\ufffd")
        starts = opening + 1
        return cls(text, codes, closing[:-1], starts, closing - starts)


def _all_strings(codes: np.ndarray, opening: np.ndarray, closing: np.ndarray, count: int) -> bool:
    """Whether a JSON array of `count` well-formed values, written without spaces and without
    a backslash, holds strings only, given its quotes taken in pairs. The first item starts
    with a quote, so it is a string, which ends at the next quote; past the comma after it,
    the next item starts with the next quote; and so on. Any other value would break the
    chain: it does not start with a quote, or it holds quotes of its own (an object's keys)."""
    if opening.size != count or closing.size != count:
        return False
    return count == 0 or bool(opening[0] == 1 and (opening[1:] == closing[:-1] + 2).all())


_decode_texts = msgspec.json.Decoder(list[str]).decode
_QUOTE = ord('"')


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
