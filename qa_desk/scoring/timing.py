"""Conditions on time: holds, speech rate, talking over the customer, who hung up and when."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from qa_desk.scoring.conditions import Condition, _rows_in_scope
from qa_desk.scoring.outcome import FAIL, NA, PASS, Outcome, Span
from qa_desk.scoring.view import CallView, Hold
from qa_desk.transcripts.model import AGENT

if TYPE_CHECKING:
    from qa_desk.scoring.batch import CallBatch

# At most this many characters may follow a wait request in its turn ("请您稍等，我马上为您
# 查询一下好吗"); more means the agent went on talking rather than putting the call on hold.
WAIT_REQUEST_TAIL = 12


@dataclass(frozen=True)
class HoldDetector:
    """Finds holds: `hold` events, silences of `min_silence` s, or a wait request the agent
    comes back from. Shared by the rules that judge holds, and run once per call."""

    min_silence: float = 20.0
    wait_set: str | None = None
    return_window: int = 3

    def holds(self, view: CallView) -> list[Hold]:
        cached = view.cache.get(id(self))
        if cached is None or cached[0] is not self:
            cached = view.cache[id(self)] = (self, self._detect(view))
        return cached[1]

    def holds_in_batch(self, batch: CallBatch) -> list[list[Hold]]:
        """Per call of a batch, what `holds` finds in its view: silences and wait requests
        from the batch's columns, hold events (rare) call by call."""
        return batch.remembered(self, lambda: self._detect_batch(batch))

    def _detect_batch(self, batch: CallBatch) -> list[list[Hold]]:
        times = batch.times
        gaps = times.long_gaps(self.min_silence)
        waits = self._wait_request_holds(batch)
        out: list[list[Hold]] = []
        for number, call in enumerate(batch.calls):
            silences = gaps[number] if times.timed[number] else ()
            if call.events and _has_hold_event(call.events):
                out.append(self._detect(batch.view(number)))
            elif silences:
                first, agent = batch.first_turn[number], batch.agent_turns(number)
                found = [Hold(i, _next_after(agent, i), times.latest_ends[first + i],
                              times.starts[first + i + 1], "silence") for i in silences]
                out.append(_distinct(found + waits[number]))
            else:
                out.append(waits[number])  # one per agent turn: distinct, in order
        return out

    def _wait_request_holds(self, batch: CallBatch) -> list[list[Hold]]:
        """`_wait_requests` for every call: agent turns ending with a wait request whose
        agent comes back within `return_window` turns."""
        per_call: list[list[Hold]] = [[] for _ in batch.calls]
        if not self.wait_set:
            return per_call
        found = batch.found
        rows = _rows_in_scope(batch, self.wait_set, batch.is_agent)
        if not rows.size:
            return per_call
        turn, end = found.turn[rows], found.end[rows]
        order = np.lexsort((end, turn))  # by turn, its last-ending hit last
        turn, end = turn[order], end[order]
        last = np.ones(turn.size, dtype=bool)
        last[:-1] = turn[1:] != turn[:-1]
        turn, end = turn[last], end[last]
        turn = turn[batch.fold_end_array[turn] - end <= WAIT_REQUEST_TAIL]
        agent = np.flatnonzero(batch.is_agent)
        after = np.searchsorted(agent, turn, side="right")
        back = agent[np.minimum(after, agent.size - 1)]
        call = batch.call_of_turn[turn]
        kept = ((after < agent.size) & (batch.call_of_turn[back] == call)
                & (back - turn <= self.return_window))
        firsts = batch.first_turn
        for back_turn, number in zip(back[kept].tolist(), call[kept].tolist(), strict=True):
            back_turn -= firsts[number]
            per_call[number].append(Hold(back_turn - 1, back_turn, None, None, "wait request"))
        return per_call

    def _detect(self, view: CallView) -> list[Hold]:
        return _distinct([*self._events(view), *self._silences(view), *self._wait_requests(view)])

    def _events(self, view: CallView) -> list[Hold]:
        holds = []
        for event in view.call.events:
            if event.type != "hold" or event.start is None:
                continue
            if view.timed:
                before = max((i for i, t in enumerate(view.turns) if t.start <= event.start),
                             default=0)
                after = next((i for i in view.agent_turns
                              if view.turns[i].start >= (event.end or event.start) - 0.5), None)
            else:
                before, after = len(view.turns) - 1, None
            holds.append(Hold(before, after, event.start, event.end, "event"))
        return holds

    def _silences(self, view: CallView) -> list[Hold]:
        if not view.timed:
            return []
        holds = []
        for i in view.long_gaps(self.min_silence):
            holds.append(Hold(i, _next_after(view.agent_turns, i), view.latest_ends[i],
                              view.starts[i + 1], "silence"))
        return holds

    def _wait_requests(self, view: CallView) -> list[Hold]:
        if not self.wait_set:
            return []
        holds = []
        for turn in self._turns_ending_with_a_wait_request(view):
            back = _next_after(view.agent_turns, turn)
            if back is None:
                continue
            # The customer only acknowledging in between ("好的") is what waiting sounds like.
            if back - turn <= self.return_window:
                holds.append(Hold(back - 1, back, None, None, "wait request"))
        return holds

    def _turns_ending_with_a_wait_request(self, view: CallView) -> list[int]:
        """Agent turns that end by asking the customer to wait. "我帮您查一下，您的订单已经
        发货了" asks for no wait: the answer follows in the same breath."""
        last_hit_end: dict[int, int] = {}
        for hit in view.hits_of(self.wait_set):
            if view.turns[hit.turn].speaker == AGENT:
                last_hit_end[hit.turn] = max(last_hit_end.get(hit.turn, 0), hit.end)
        return sorted(turn for turn, end in last_hit_end.items()
                      if view.fold_ends[turn] - end <= WAIT_REQUEST_TAIL)


@dataclass(frozen=True)
class Holds(Condition):
    """Judges every hold: `before` on the agent's last turns before it, `after` on its first
    turn after it. `na` when the call has no hold."""

    detector: HoldDetector
    before: Condition | None = None
    after: Condition | None = None
    before_turns: int = 2

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        return self._judge_holds(view.batch, view.number, self.detector.holds(view))

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        holds = self.detector.holds_in_batch(batch)
        judge = self._judge_holds
        return [judge(batch, n, holds[n]) for n in numbers]

    def _judge_holds(self, batch: CallBatch, number: int, holds: list[Hold]) -> Outcome:
        if not holds:
            return Outcome(NA, [], "no hold")
        evidence = []
        for hold in holds:
            outcome = self._judge(batch, number, hold)
            if outcome.result == FAIL:
                return Outcome(FAIL, outcome.evidence, _describe(hold))
            if len(evidence) < 5:
                evidence.extend(s for s in outcome.evidence if s not in evidence)
        return Outcome(PASS, evidence[:5], "")

    def _judge(self, batch: CallBatch, number: int, hold: Hold) -> Outcome:
        if self.before is not None:
            agent = batch.agent_turns(number)
            window = agent[:bisect_right(agent, hold.before_turn)][-self.before_turns:]
            outcome = self.before.judge_turns(batch, number, set(window))
            if outcome.result != PASS:
                return Outcome(FAIL, [_whole_turn(batch, number, t) for t in window[-1:]], "")
            return outcome
        if self.after is not None and hold.after_turn is not None:
            outcome = self.after.judge_turns(batch, number, {hold.after_turn})
            if outcome.result != PASS:
                return Outcome(FAIL, [_whole_turn(batch, number, hold.after_turn)], "")
            return outcome
        return Outcome(PASS)

    def phrase_sets(self) -> set[str]:
        sets = {self.detector.wait_set} if self.detector.wait_set else set()
        for child in (self.before, self.after):
            if child is not None:
                sets |= child.phrase_sets()
        return sets


def _has_hold_event(events: list) -> bool:
    for event in events:  # noqa: SIM110 (a loop: any() on a generator costs twice as much)
        if event.type == "hold" and event.start is not None:
            return True
    return False


def _distinct(holds: list[Hold]) -> list[Hold]:
    """One hold per agent turn coming back from it (the first found), by the turn before."""
    if len(holds) <= 1:
        return holds
    found: dict[int | None, Hold] = {}
    for hold in holds:
        key = hold.after_turn if hold.after_turn is not None else -hold.before_turn - 1
        found.setdefault(key, hold)
    return sorted(found.values(), key=lambda h: h.before_turn)


def _whole_turn(batch: CallBatch, number: int, turn: int) -> Span:
    return batch.whole_turns(number, (turn,))[0]


def _next_after(turns: list[int], turn: int) -> int | None:
    """The first of `turns` (ascending) after `turn`."""
    at = bisect_right(turns, turn)
    return turns[at] if at < len(turns) else None


def _describe(hold: Hold) -> str:
    if hold.start is not None and hold.end is not None:
        return f"hold ({hold.source}) {hold.start:.1f}–{hold.end:.1f} s"
    return f"hold ({hold.source}) after turn {hold.before_turn}"


@dataclass(frozen=True)
class SpeechRate(Condition):
    """Characters a minute over the agent's own speaking time."""

    minimum: float = 120.0
    maximum: float = 200.0

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        if not view.timed or not view.agent_turns:
            return Outcome.na("no timestamps")
        chars, seconds = view.agent_speech()
        if seconds <= 0 or chars == 0:
            return Outcome.na("no agent speaking time")
        rate = chars / seconds * 60
        detail = self._detail(rate, seconds)
        if self.minimum <= rate <= self.maximum:
            return Outcome(PASS, [], detail)
        return Outcome(FAIL, self._worst_turns(view, rate > self.maximum), detail)

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        # A call within the limits needs nothing but its totals; the others name turns.
        timed = batch.times.timed
        chars, seconds = batch.times.agent_speech()
        out = []
        for n in numbers:
            if not timed[n] or not batch.agent_turns(n):
                out.append(Outcome(NA, [], "no timestamps"))
            elif seconds[n] <= 0 or chars[n] == 0:
                out.append(Outcome(NA, [], "no agent speaking time"))
            elif self.minimum <= (rate := chars[n] / seconds[n] * 60) <= self.maximum:
                out.append(Outcome(PASS, [], self._detail(rate, seconds[n])))
            else:
                out.append(self.evaluate(batch.view(n)))
        return out

    def _detail(self, rate: float, seconds: float) -> str:
        return f"{rate:.0f} characters/minute over {seconds:.0f} s{self._allowed}"

    @cached_property
    def _allowed(self) -> str:
        return f" (allowed {self.minimum:.0f}–{self.maximum:.0f})"

    @staticmethod
    def _duration(view: CallView, index: int) -> float | None:
        turn = view.turns[index]
        if turn.end is not None:
            return turn.end - turn.start
        if index + 1 < len(view.turns):
            return view.turns[index + 1].start - turn.start
        return None

    def _worst_turns(self, view: CallView, too_fast: bool):
        rates = []
        for index in view.agent_turns:
            duration = self._duration(view, index)
            if duration and duration > 0 and view.folded_length(index) >= 8:
                rates.append((view.folded_length(index) / duration, index))
        rates.sort(reverse=too_fast)
        return [view.whole_turn(i) for _, i in rates[:2]]


@dataclass(frozen=True)
class Overtalk(Condition):
    """The agent must not start more than `max_lead` seconds before the customer's turn ends."""

    max_lead: float = 1.0

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        if not view.timed:
            return Outcome.na("no timestamps")
        offending = view.overtalk(self.max_lead)
        if not offending:
            return Outcome(PASS)
        _, lead = offending[0]
        return Outcome(FAIL, [view.whole_turn(a) for a, _ in offending[:3]],
                       f"started {lead:.1f} s before the customer finished")

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        timed = batch.times.timed
        offending = batch.times.overtalk(self.max_lead)
        return [Outcome(NA, [], "no timestamps") if not timed[n]
                else Outcome(PASS) if not offending[n]
                else self.evaluate(batch.view(n)) for n in numbers]


@dataclass(frozen=True)
class Hangup(Condition):
    """The agent may hang up first only `min_delay` seconds or more after its own last turn."""

    min_delay: float = 3.0

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        event = view.call.hangup()
        if event is None:
            return Outcome.na("no hangup event")
        if event.by != AGENT:
            return Outcome(PASS, [], "the customer hung up")
        if not view.timed or not view.agent_turns or event.at is None:
            return Outcome.na("no timestamps")
        last = view.agent_turns[-1]
        delay = event.at - view.end_of(last)
        detail = f"the agent hung up {delay:.1f} s after its last turn"
        if delay >= self.min_delay:
            return Outcome(PASS, [], detail)
        return Outcome(FAIL, [view.whole_turn(last)], detail)

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        out = []
        for n in numbers:
            event = batch.calls[n].hangup()
            if event is None:
                out.append(Outcome(NA, [], "no hangup event"))
            elif event.by != AGENT:
                out.append(Outcome(PASS, [], "the customer hung up"))
            else:
                out.append(self.evaluate(batch.view(n)))
        return out
