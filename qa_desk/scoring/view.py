"""One call prepared for judging: folded once, all phrases found once, turns indexed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from qa_desk.scoring.outcome import Span
from qa_desk.scoring.phrases import Hit, PhraseIndex
from qa_desk.transcripts.model import AGENT, CUSTOMER, Call
from qa_desk.transcripts.normalize import TURN_SEPARATOR, fold_both

# When a transcript gives only start times, a turn's end is estimated from its length. Holds
# take the slow pace (a turn lasts long, so no silence is invented); over-talk takes the fast
# one (a turn ends early, so no interruption is invented).
SLOW_CHARS_PER_SECOND = 2.0
FAST_CHARS_PER_SECOND = 5.0


class CallView:
    def __init__(self, call: Call, index: PhraseIndex) -> None:
        self.call = call
        self.turns = call.turns
        joined = TURN_SEPARATOR.join([t.text for t in self.turns])
        self.folded = fold_both(joined)
        self._joined_starts = _starts([len(t.text) for t in self.turns])
        separators = _separator_positions(self.folded.exact)
        self.fold_starts = [0, *(p + 1 for p in separators)]
        self.fold_ends = [*separators, len(self.folded.exact)]
        self.hits = index.scan(self.folded.exact, self.folded.sound, self.fold_starts)
        self.phrase_lists = index.folded_phrases
        self.cache: dict[object, object] = {}
        self.agent_turns = [i for i, t in enumerate(self.turns) if t.speaker == AGENT]
        self.customer_turns = [i for i, t in enumerate(self.turns) if t.speaker == CUSTOMER]

    def hits_of(self, set_name: str) -> list[Hit]:
        return self.hits.get(set_name, [])

    def span_of(self, hit: Hit) -> Span:
        offsets = self._offsets
        offset = self._joined_starts[hit.turn]
        return Span(hit.turn, offsets[hit.start] - offset, offsets[hit.end - 1] + 1 - offset)

    @cached_property
    def _offsets(self) -> list[int]:
        # One conversion per call: indexing a Python list is far cheaper than numpy scalars.
        return self.folded.offsets.tolist()

    def whole_turn(self, turn: int) -> Span:
        return Span(turn, 0, len(self.turns[turn].text))

    def folded_turn(self, turn: int) -> str:
        return self.folded.exact[self.fold_starts[turn]:self.fold_ends[turn]]

    def folded_length(self, turn: int) -> int:
        return self.fold_ends[turn] - self.fold_starts[turn]

    def turn_starts_at(self, hit: Hit) -> bool:
        return hit.start == self.fold_starts[hit.turn]

    @cached_property
    def timed(self) -> bool:
        return self.call.has_timestamps

    def end_of(self, turn: int) -> float:
        """The turn's end, or its latest likely end when the transcript gives starts only."""
        return self._end(turn, SLOW_CHARS_PER_SECOND)

    def earliest_end(self, turn: int) -> float:
        """The turn's end, or its earliest likely end when the transcript gives starts only."""
        return self._end(turn, FAST_CHARS_PER_SECOND)

    def _end(self, turn: int, chars_per_second: float) -> float:
        t = self.turns[turn]
        if t.end is not None:
            return t.end
        assert t.start is not None
        return t.start + self.folded_length(turn) / chars_per_second

    @cached_property
    def starts(self) -> list[float]:
        return [t.start for t in self.turns]

    @cached_property
    def latest_ends(self) -> list[float]:
        """Every turn's end, or its latest likely end (see `end_of`)."""
        return [self.end_of(i) for i in range(len(self.turns))]

    @cached_property
    def earliest_ends(self) -> list[float]:
        """Every turn's end, or its earliest likely end (see `earliest_end`)."""
        return [self.earliest_end(i) for i in range(len(self.turns))]

    @cached_property
    def duration(self) -> float | None:
        if not self.timed:
            return None
        return max(self.end_of(i) for i in range(len(self.turns)))


def _starts(lengths: list[int]) -> list[int]:
    """Where each turn begins in the texts joined with one separator between them."""
    return [0, *accumulate(length + 1 for length in lengths[:-1])]


def _separator_positions(text: str) -> list[int]:
    """One str.find per turn boundary: far fewer steps than looking at every character."""
    positions, at = [], text.find(TURN_SEPARATOR)
    while at >= 0:
        positions.append(at)
        at = text.find(TURN_SEPARATOR, at + 1)
    return positions


@dataclass(frozen=True, slots=True)
class Hold:
    before_turn: int  # the last turn before the customer was left waiting
    after_turn: int | None  # the first agent turn after it
    start: float | None
    end: float | None
    source: str  # "event", "silence" or "wait request"
