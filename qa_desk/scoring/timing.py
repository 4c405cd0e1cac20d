"""Conditions on time: holds, speech rate, talking over the customer, who hung up and when."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qa_desk.scoring.conditions import Condition, _rows_in_scope
from qa_desk.scoring.outcome import FAIL, PASS, Outcome
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

    def may_hold(self, batch: CallBatch) -> list[bool]:
        """Per call of a batch: could `holds` find one? False means surely not: no hold
        event, no long silence and no wait request by the agent."""
        return batch.remembered(self, lambda: self._may_hold(batch))

    def _may_hold(self, batch: CallBatch) -> list[bool]:
        timed = batch.times.timed
        gaps = batch.times.long_gaps(self.min_silence)
        waits = [False] * len(batch.calls)
        if self.wait_set:
            rows = _rows_in_scope(batch, self.wait_set, batch.is_agent)
            waits = (np.bincount(batch.found.call[rows], minlength=len(batch.calls)) > 0).tolist()
        return [bool(waits[n] or (timed[n] and gaps[n])
                     or any(e.type == "hold" and e.start is not None for e in call.events))
                for n, call in enumerate(batch.calls)]

    def _detect(self, view: CallView) -> list[Hold]:
        found: dict[int | None, Hold] = {}
        for hold in [*self._events(view), *self._silences(view), *self._wait_requests(view)]:
            key = hold.after_turn if hold.after_turn is not None else -hold.before_turn - 1
            found.setdefault(key, hold)
        return sorted(found.values(), key=lambda h: h.before_turn)

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
        holds = self.detector.holds(view)
        if not holds:
            return Outcome.na("no hold")
        evidence = []
        for hold in holds:
            outcome = self._judge(view, hold)
            if outcome.result == FAIL:
                return Outcome(FAIL, outcome.evidence, _describe(hold))
            if len(evidence) < 5:
                evidence.extend(s for s in outcome.evidence if s not in evidence)
        return Outcome(PASS, evidence[:5], "")

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        may_hold = self.detector.may_hold(batch)
        evaluate, view = self.evaluate, batch.view
        return [evaluate(view(n)) if may_hold[n] else Outcome.na("no hold") for n in numbers]

    def _judge(self, view: CallView, hold: Hold) -> Outcome:
        if self.before is not None:
            agent = view.agent_turns
            window = agent[:bisect_right(agent, hold.before_turn)][-self.before_turns:]
            outcome = self.before.evaluate(view, set(window))
            if outcome.result != PASS:
                return Outcome(FAIL, [view.whole_turn(t) for t in window[-1:]], "")
            return outcome
        if self.after is not None and hold.after_turn is not None:
            outcome = self.after.evaluate(view, {hold.after_turn})
            if outcome.result != PASS:
                return Outcome(FAIL, [view.whole_turn(hold.after_turn)], "")
            return outcome
        return Outcome(PASS)

    def phrase_sets(self) -> set[str]:
        sets = {self.detector.wait_set} if self.detector.wait_set else set()
        for child in (self.before, self.after):
            if child is not None:
                sets |= child.phrase_sets()
        return sets


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
                out.append(Outcome.na("no timestamps"))
            elif seconds[n] <= 0 or chars[n] == 0:
                out.append(Outcome.na("no agent speaking time"))
            elif self.minimum <= chars[n] / seconds[n] * 60 <= self.maximum:
                out.append(Outcome(PASS, [], self._detail(chars[n] / seconds[n] * 60, seconds[n])))
            else:
                out.append(self.evaluate(batch.view(n)))
        return out

    def _detail(self, rate: float, seconds: float) -> str:
        return f"{rate:.0f} characters/minute over {seconds:.0f} s (allowed {self.minimum:.0f}–" \
               f"{self.maximum:.0f})"

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
        return [Outcome.na("no timestamps") if not timed[n]
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
                out.append(Outcome.na("no hangup event"))
            elif event.by != AGENT:
                out.append(Outcome(PASS, [], "the customer hung up"))
            else:
                out.append(self.evaluate(batch.view(n)))
        return out
