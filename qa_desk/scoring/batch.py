"""Many calls prepared for judging at once: one fold, one phrase search, turn tables in numpy.

Scoring pays Python work per call and per phrase hit, not per character or per turn: the turn
texts of the whole batch are joined, folded and searched in a few array passes, and each
call's view gets its slice of the tables. A call judged alone or inside a batch gets the same
answer (tests compare both with the one-call-at-a-time reference).
"""

from __future__ import annotations

from functools import cached_property
from itertools import chain, repeat

import numpy as np

from qa_desk.scoring.phrases import Hit, PhraseIndex
from qa_desk.scoring.times import BatchTimes
from qa_desk.scoring.view import CallView
from qa_desk.transcripts.model import AGENT, CUSTOMER, Call
from qa_desk.transcripts.normalize import TURN_SEPARATOR, fold_codes

_SPEAKER_CODES = {AGENT: 1, CUSTOMER: 2}


class CallBatch:
    def __init__(self, calls: list[Call], index: PhraseIndex) -> None:
        self.calls = calls
        self.index = index
        counts = [len(c.turns) for c in calls]
        first = np.zeros(len(calls) + 1, dtype=np.int64)
        np.cumsum(counts, out=first[1:])
        self.first_turn = first.tolist()
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
        joined_starts = np.concatenate([[0], offsets[separators] + 1])
        self.exact = exact
        self.offsets = offsets
        self._joined_starts = joined_starts
        self.fold_starts = fold_starts.tolist()
        self.fold_ends = fold_ends.tolist()
        speaker = np.fromiter(map(_SPEAKER_CODES.get, speakers, repeat(0)), dtype=np.int8,
                              count=len(speakers))
        is_agent = speaker == 1
        is_customer = speaker == 2
        self._agent = _per_call(is_agent, first)
        self._customer = _per_call(is_customer, first)
        self.times = BatchTimes(starts, ends, fold_ends - fold_starts, first, is_agent,
                                is_customer)
        self._hits = _hits_per_call(index, exact, offsets, fold_starts, joined_starts, first)

    @cached_property
    def joined_starts(self) -> list[int]:
        return self._joined_starts.tolist()

    def views(self) -> list[CallView]:
        out = []
        first = self.first_turn
        for number, call in enumerate(self.calls):
            lo, hi = first[number], first[number + 1]
            out.append(CallView(self, call, number, lo, hi))
        return out

    def agent_turns(self, number: int) -> list[int]:
        return self._agent[number]

    def customer_turns(self, number: int) -> list[int]:
        return self._customer[number]

    def hits(self, number: int):
        return self._hits[number]

    def exact_text(self, start: int, end: int) -> str:
        return self.exact[start:end].tobytes().decode("utf-32-le")


def _columns(turns: list) -> tuple[tuple, tuple, tuple, tuple]:
    """(speakers, texts, starts, ends) of the turns, transposed in one step."""
    try:
        return tuple(zip(*turns, strict=True)) or ((), (), (), ())  # Turn is a named tuple
    except (TypeError, ValueError):  # turn objects of another kind
        return (tuple(t.speaker for t in turns), tuple(t.text for t in turns),
                tuple(t.start for t in turns), tuple(t.end for t in turns))


def _per_call(mask: np.ndarray, first: np.ndarray) -> list[list[int]]:
    """Per call, the indices (within the call) of the turns `mask` marks."""
    where = np.flatnonzero(mask)
    call = np.searchsorted(first, where, side="right") - 1
    relative = (where - first[call]).tolist()
    bounds = np.searchsorted(call, np.arange(first.size)).tolist()
    return [relative[bounds[i]:bounds[i + 1]] for i in range(first.size - 1)]


def _hits_per_call(index: PhraseIndex, exact: np.ndarray, offsets: np.ndarray,
                   fold_starts: np.ndarray, joined_starts: np.ndarray,
                   first: np.ndarray) -> list[dict]:
    """Per call, {set name: (all hits, first, past last)}: its kept hits are a slice."""
    calls = first.size - 1
    if index.empty:
        return [{} for _ in range(calls)]
    found = index.matcher.find(exact)
    turn = np.searchsorted(fold_starts, found.start, side="right") - 1
    call = np.searchsorted(first, turn, side="right") - 1
    order = np.argsort(call * len(index.names) + found.set_id, kind="stable")
    turn, call, set_id = turn[order], call[order], found.set_id[order]
    start, end = found.start[order], found.end[order]
    # Where each hit lies in its turn's original text, for evidence.
    span_start = offsets[start] - joined_starts[turn]
    span_end = offsets[end - 1] + 1 - joined_starts[turn]
    columns = zip((turn - first[call]).tolist(), start.tolist(), end.tolist(),
                  found.phrase[order].tolist(), span_start.tolist(), span_end.tolist(),
                  strict=True)
    # Named tuples made without their Python-level __new__: there are thousands.
    hits = list(map(tuple.__new__, repeat(Hit), columns))
    group = call * len(index.names) + set_id
    bounds = np.flatnonzero(np.diff(group)) + 1
    lows = np.concatenate([[0], bounds]).tolist() if group.size else []
    highs = np.concatenate([bounds, [group.size]]).tolist() if group.size else []
    out: list[dict] = [{} for _ in range(calls)]
    names = index.names
    for lo, hi, c, s in zip(lows, highs, call[lows].tolist(), set_id[lows].tolist(),
                            strict=True):
        out[c][names[s]] = (hits, lo, hi)
    return out
