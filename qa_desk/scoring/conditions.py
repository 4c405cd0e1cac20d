"""Conditions composed in a rule pack: phrases, regexes, and their combinations.

Every condition answers for one call with an Outcome. `restrict`, when given, limits the turns
a condition may look at; anchored conditions use it to judge "the next two agent turns".
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain

import regex

from qa_desk.scoring.outcome import FAIL, NA, PASS, Outcome, Span, negate
from qa_desk.scoring.phrases import Hit
from qa_desk.scoring.scope import Scope
from qa_desk.scoring.view import CallView

REGEX_TIMEOUT_SECONDS = 0.25
_new_tuple = tuple.__new__  # named tuples made without their Python-level __new__
MAX_EVIDENCE = 5


class Condition:
    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        raise NotImplementedError

    def phrase_sets(self) -> set[str]:
        return set()


def _in_scope(scope: Scope, view: CallView, restrict: set[int] | None) -> list[int]:
    turns = scope.select(view)
    if restrict is None:
        return turns
    if len(restrict) < len(turns):  # a window of a few turns inside a long scope
        inside = scope.members(view)
        return sorted(t for t in restrict if t in inside)
    return [t for t in turns if t in restrict]


@dataclass(frozen=True)
class Phrases(Condition):
    set_name: str
    scope: Scope
    match: str = "any"  # any | all | none | at_least
    count: int = 1
    at_start: bool = False

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        scope = self.scope
        if restrict is None:  # Scope.select's cache read here: phrase conditions are the most run
            cached = view.scopes.get(id(scope))
            turns = cached[1] if cached is not None and cached[0] is scope else scope.select(view)
        else:
            turns = _in_scope(scope, view, restrict)
        if not turns:
            return Outcome.na(f"no {scope.speaker} turns in scope")
        hits = view.hits_of(self.set_name)
        if hits:
            allowed = scope.members(view) if restrict is None else set(turns)
            hits = [h for h in hits if h[0] in allowed]  # h.turn, by index: one step less
        if hits and self.at_start:
            hits = [h for h in hits if view.turn_starts_at(h)]
        if not hits:
            if self.match == "none":
                return Outcome(PASS, [], "")
            return self._missing(view, turns)
        # A phrase hit carries its span on the original text (worked out for the batch).
        spans = [_new_tuple(Span, (h[0], h[4], h[5])) for h in hits[:MAX_EVIDENCE]]  # turn, span
        if self.match == "none":
            return Outcome(FAIL, spans, f"said {self.set_name}")
        if self.match != "any":
            needed = self.count if self.match == "at_least" else len(view.phrase_lists[self.set_name])
            if len({h.phrase for h in hits}) < needed:
                return self._missing(view, turns)
        return Outcome(PASS, spans, "")

    def _missing(self, view: CallView, turns: list[int]) -> Outcome:
        return Outcome(FAIL, [view.whole_turn(t) for t in turns[:2]], f"no {self.set_name}")

    def phrase_sets(self) -> set[str]:
        return {self.set_name}


@dataclass(frozen=True)
class Regex(Condition):
    """A regular expression over each turn's folded text (Simplified, no punctuation)."""

    pattern: regex.Pattern
    scope: Scope
    exclude: regex.Pattern | None = None

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        turns = _in_scope(self.scope, view, restrict)
        if not turns:
            return Outcome.na(f"no {self.scope.speaker} turns in scope")
        spans: list[Span] = []
        for turn in turns:
            text = view.folded_turn(turn)
            try:
                # A search first: most turns have no match, and it is cheaper than finditer.
                if self.pattern.search(text, timeout=REGEX_TIMEOUT_SECONDS) is None:
                    continue
                for match in self.pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                    if self.exclude and self.exclude.search(
                        text, match.start(), match.end(), timeout=REGEX_TIMEOUT_SECONDS
                    ):
                        continue
                    spans.append(_regex_span(view, turn, match.start(), match.end()))
            except TimeoutError:
                return Outcome.na(f"regex {self.pattern.pattern!r} timed out")
        if spans:
            return Outcome(PASS, spans[:MAX_EVIDENCE], "")
        return Outcome(FAIL, [view.whole_turn(t) for t in turns[:2]], "pattern not found")


def _regex_span(view: CallView, turn: int, start: int, end: int) -> Span:
    base = view.fold_starts[turn]
    return view.span_of(Hit(turn, base + start, base + end, -1))


@dataclass(frozen=True)
class AllOf(Condition):
    children: tuple[Condition, ...]

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        outcomes = []
        for child in self.children:
            outcome = child.evaluate(view, restrict)
            if outcome.result == FAIL:
                # The first unmet part decides; its evidence shows what was said instead.
                return _merge(FAIL, [outcome])
            outcomes.append(outcome)
        applicable = [o for o in outcomes if o.result == PASS]
        if not applicable:
            return Outcome.na(outcomes[0].detail if outcomes else "")
        return _merge(PASS, applicable)

    def phrase_sets(self) -> set[str]:
        return set().union(*(c.phrase_sets() for c in self.children))


@dataclass(frozen=True)
class AnyOf(Condition):
    children: tuple[Condition, ...]

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        outcomes = []
        for child in self.children:
            outcome = child.evaluate(view, restrict)
            if outcome.result == PASS:
                return _merge(PASS, [outcome])
            outcomes.append(outcome)
        failed = [o for o in outcomes if o.result == FAIL]
        if failed:
            return _merge(FAIL, failed)
        return Outcome.na(outcomes[0].detail if outcomes else "")

    def phrase_sets(self) -> set[str]:
        return set().union(*(c.phrase_sets() for c in self.children))


@dataclass(frozen=True)
class Not(Condition):
    child: Condition

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        return negate(self.child.evaluate(view, restrict))

    def phrase_sets(self) -> set[str]:
        return self.child.phrase_sets()


@dataclass(frozen=True)
class After(Condition):
    """Each anchor turn must be answered by `expect` within the next N turns in `expect`'s scope.

    With `first_only` (the default) the first anchor is judged and later anchors count as
    answered when `expect` already held after the first: one complaint, one apology.
    """

    anchor: Phrases
    expect: Condition
    within_turns: int = 2
    expect_speaker_turns: str = "agent"
    first_only: bool = True
    detail: str = field(default="")

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        anchors = sorted({h.turn for h in _anchor_hits(self.anchor, view)})
        if not anchors:
            return Outcome.na("no anchor")
        pool = view.agent_turns if self.expect_speaker_turns == "agent" else view.customer_turns
        judged = anchors[:1] if self.first_only else anchors
        for anchor in judged:
            window = _after_first(pool, anchor, self.within_turns)
            outcome = self.expect.evaluate(view, window) if window else Outcome(FAIL, [], "")
            if outcome.result != PASS:
                evidence = [view.span_of(h) for h in _anchor_hits(self.anchor, view)
                            if h.turn == anchor][:1]
                evidence += [view.whole_turn(t) for t in sorted(window)]
                sets = ", ".join(sorted(self.expect.phrase_sets())) or "the expected words"
                detail = self.detail or (f"no {sets} within {self.within_turns} agent turns "
                                         f"after turn {anchor}")
                return Outcome(FAIL, evidence, detail)
        outcome = self.expect.evaluate(view, _after_first(pool, anchors[0], self.within_turns))
        return Outcome(PASS, outcome.evidence, "")

    def phrase_sets(self) -> set[str]:
        return self.anchor.phrase_sets() | self.expect.phrase_sets()


def _anchor_hits(anchor: Phrases, view: CallView):
    hits = view.hits_of(anchor.set_name)
    if not hits:
        return []
    allowed = anchor.scope.members(view)
    return [h for h in hits if h.turn in allowed]


def _after_first(pool: list[int], anchor: int, count: int) -> set[int]:
    """The first `count` turns of `pool` (ascending) after `anchor`."""
    return set(pool[bisect_right(pool, anchor):][:count])


def _merge(result: str, outcomes: list[Outcome]) -> Outcome:
    # Each span once, in order (a dict keeps the first of equal keys, in C).
    if len(outcomes) == 1:
        only = outcomes[0]
        return Outcome(result, list(dict.fromkeys(only.evidence))[:MAX_EVIDENCE], only.detail)
    evidence = list(dict.fromkeys(chain.from_iterable([o.evidence for o in outcomes])))
    detail = "; ".join([o.detail for o in outcomes if o.detail])
    return Outcome(result, evidence[:MAX_EVIDENCE], detail)


__all__ = ["NA", "AllOf", "AnyOf", "Condition", "Not", "Phrases", "Regex"]
