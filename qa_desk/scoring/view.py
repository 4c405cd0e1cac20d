"""One call prepared for judging: its slice of a batch folded once and searched once."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from qa_desk.scoring.outcome import Span
from qa_desk.scoring.phrases import Hit
from qa_desk.scoring.times import FAST_CHARS_PER_SECOND, SLOW_CHARS_PER_SECOND
from qa_desk.transcripts.model import Call

if TYPE_CHECKING:
    from qa_desk.scoring.batch import CallBatch

__all__ = ["FAST_CHARS_PER_SECOND", "SLOW_CHARS_PER_SECOND", "CallView", "Hold"]


class CallView:
    """One call of a `CallBatch`: its turns, hits and timings, indexed by turn within the call.

    Fold positions (`fold_starts`, hit starts and ends) are positions in the batch's folded
    text; only their differences and the way back to the original text are ever used."""

    def __init__(self, batch: CallBatch, call: Call, number: int, lo: int, hi: int) -> None:
        self.call = call
        self.turns = call.turns
        self._batch = batch
        self._lo = lo
        self.first_turn = lo  # in the batch
        self.phrase_lists = batch.index.folded_phrases
        self.cache: dict[object, object] = {}
        self._hits: dict[str, list[Hit]] = {}
        self.scopes: dict[int, tuple] = {}  # id(scope) → (scope, its turns); see Scope.select
        self.scope_sets: dict[int, tuple] = {}  # id(scope) → (scope, frozenset of its turns)
        self.agent_turns = batch.agent_turns(number)
        self.customer_turns = batch.customer_turns(number)
        self._number = number
        self.timed = batch.times.timed[number]

    @cached_property
    def fold_starts(self) -> list[int]:
        return self._batch.fold_starts[self._lo:self._lo + len(self.turns)]

    @cached_property
    def fold_ends(self) -> list[int]:
        return self._batch.fold_ends[self._lo:self._lo + len(self.turns)]

    @property
    def batch(self) -> CallBatch:
        return self._batch

    @property
    def number(self) -> int:
        """The call's number in its batch."""
        return self._number

    def hits_of(self, set_name: str) -> list[Hit]:
        found = self._hits.get(set_name)
        if found is None:
            found = self._hits[set_name] = self._batch.hits(self._number, set_name)
        return found

    def span_of(self, hit: Hit) -> Span:
        return self._batch.hit_span(self._number, hit)

    def whole_turn(self, turn: int) -> Span:
        return self._batch.whole_turns(self._number, (turn,))[0]

    def folded_turn(self, turn: int) -> str:
        return self._batch.exact_text(self.fold_starts[turn], self.fold_ends[turn])

    def folded_length(self, turn: int) -> int:
        return self.fold_ends[turn] - self.fold_starts[turn]

    def turn_starts_at(self, hit: Hit) -> bool:
        return hit.start == self.fold_starts[hit.turn]

    def end_of(self, turn: int) -> float:
        """The turn's end, or its latest likely end when the transcript gives starts only
        (`SLOW_CHARS_PER_SECOND`)."""
        return self.latest_ends[turn]

    def earliest_end(self, turn: int) -> float:
        """The turn's end, or its earliest likely end when the transcript gives starts only
        (`FAST_CHARS_PER_SECOND`)."""
        return self.earliest_ends[turn]

    @cached_property
    def starts(self) -> list[float]:
        return self._times_slice("starts")

    @cached_property
    def latest_ends(self) -> list[float]:
        return self._times_slice("latest_ends")

    @cached_property
    def earliest_ends(self) -> list[float]:
        return self._times_slice("earliest_ends")

    @cached_property
    def durations(self) -> list[float]:
        """Speaking time of each turn: to its end, else to the next turn's start; NaN when
        neither is known."""
        return self._times_slice("durations")

    def _times_slice(self, name: str) -> list:
        return getattr(self._batch.times, name)[self._lo:self._lo + len(self.turns)]

    def agent_speech(self) -> tuple[int, float]:
        """Folded characters and seconds of the agent's turns that have a speaking time (> 0)."""
        chars, seconds = self._batch.times.agent_speech()
        return chars[self._number], seconds[self._number]

    def long_gaps(self, minimum: float) -> list[int]:
        """The turns followed by a silence of `minimum` seconds or more (timed calls)."""
        return self._batch.times.long_gaps(minimum)[self._number]

    def overtalk(self, max_lead: float) -> list[tuple[int, float]]:
        """(agent turn, seconds early) for each agent turn that starts more than `max_lead` s
        before a customer turn that began earlier has ended, in start order (timed calls)."""
        return self._batch.times.overtalk(max_lead)[self._number]

    @cached_property
    def duration(self) -> float | None:
        if not self.timed:
            return None
        return max(self.latest_ends)


class Hold(NamedTuple):  # a tuple: made several times per call, far cheaper than a frozen dataclass
    before_turn: int  # the last turn before the customer was left waiting
    after_turn: int | None  # the first agent turn after it
    start: float | None
    end: float | None
    source: str  # "event", "silence" or "wait request"
