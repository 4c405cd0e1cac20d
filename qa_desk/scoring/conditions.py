"""Conditions composed in a rule pack: phrases, regexes, and their combinations.

Every condition answers for one call with an Outcome. `restrict`, when given, limits the turns
a condition may look at; anchored conditions use it to judge "the next two agent turns".
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, repeat
from typing import TYPE_CHECKING

import numpy as np
import regex

from qa_desk.scoring.outcome import FAIL, NA, PASS, Outcome, Span, negate
from qa_desk.scoring.regex_bounds import UNTIMED_TEXT, is_bounded, is_context_free
from qa_desk.scoring.scope import Scope
from qa_desk.scoring.view import CallView

if TYPE_CHECKING:
    from qa_desk.scoring.batch import CallBatch

REGEX_TIMEOUT_SECONDS = 0.25
_TIMEOUT = {"timeout": REGEX_TIMEOUT_SECONDS}
_new_tuple = tuple.__new__  # named tuples made without their Python-level __new__
MAX_EVIDENCE = 5


class Condition:
    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        raise NotImplementedError

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        """`evaluate` for calls `numbers` of a batch, in that order. Conditions that can judge
        a whole batch from its tables override this; the answers are the same."""
        evaluate, view = self.evaluate, batch.view
        return [evaluate(view(number)) for number in numbers]

    def judge_turns(self, batch: CallBatch, number: int, restrict: set[int]) -> Outcome:
        """`evaluate(view, restrict)` for call `number` of a batch. Conditions judged in small
        windows many times a batch (after a hold, after a complaint) override it to need no
        view."""
        return self.evaluate(batch.view(number), restrict)

    def phrase_sets(self) -> set[str]:
        return set()


def _in_scope(scope: Scope, view: CallView, restrict: set[int] | None) -> list[int]:
    if restrict is None:
        return scope.select(view)
    return scope.among(view, restrict)


@dataclass(frozen=True)
class Phrases(Condition):
    set_name: str
    scope: Scope
    match: str = "any"  # any | all | none | at_least
    count: int = 1
    at_start: bool = False

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        if restrict is not None:
            return self.judge_turns(view.batch, view.number, restrict)
        scope = self.scope
        # Scope.select's cache read here: phrase conditions are the most run.
        cached = view.scopes.get(id(scope))
        turns = cached[1] if cached is not None and cached[0] is scope else scope.select(view)
        if not turns:
            return Outcome.na(f"no {scope.speaker} turns in scope")
        hits = view.hits_of(self.set_name)
        if hits:
            allowed = scope.members(view)
            hits = [h for h in hits if h[0] in allowed]  # h.turn, by index: one step less
        if hits and self.at_start:
            hits = [h for h in hits if view.turn_starts_at(h)]
        return self._verdict(hits, turns, view.batch, view.number)

    def judge_turns(self, batch: CallBatch, number: int, restrict: set[int]) -> Outcome:
        turns = self.scope.among_in_batch(batch, number, restrict)
        if not turns:
            return Outcome.na(f"no {self.scope.speaker} turns in scope")
        hits = batch.hits(number, self.set_name)
        if hits:
            allowed = set(turns)
            hits = [h for h in hits if h[0] in allowed]
        if hits and self.at_start:
            starts, first = batch.fold_starts, batch.first_turn[number]
            hits = [h for h in hits if h.start == starts[first + h.turn]]
        return self._verdict(hits, turns, batch, number)

    def _verdict(self, hits: list, turns: list[int], batch: CallBatch, number: int) -> Outcome:
        """The outcome from the hits in scope, given the (non-empty) turns in scope."""
        if not hits:
            if self.match == "none":
                return Outcome(PASS, [], "")
            return self._missing(batch, number, turns)
        # A phrase hit carries its span on the original text (worked out for the batch).
        spans = [_new_tuple(Span, (h[0], h[4], h[5])) for h in hits[:MAX_EVIDENCE]]  # turn, span
        if self.match == "none":
            return Outcome(FAIL, spans, f"said {self.set_name}")
        if self.match != "any":
            needed = (self.count if self.match == "at_least"
                      else len(batch.index.folded_phrases[self.set_name]))
            if len({h.phrase for h in hits}) < needed:
                return self._missing(batch, number, turns)
        return Outcome(PASS, spans, "")

    def _missing(self, batch: CallBatch, number: int, turns: list[int]) -> Outcome:
        return Outcome(FAIL, batch.whole_turns(number, turns[:2]), f"no {self.set_name}")

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        """What `evaluate` answers for each call, from the batch's hit columns: the hits in
        scope are a mask away, and each call's evidence is a slice."""
        return self._judge_all(batch, numbers, negated=False)

    def judge_negated(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        """`negate` of each `judge_batch` outcome, without making the outcomes it flips (a
        "must not say" check is met by most calls, which `judge_batch` would mark missing)."""
        return self._judge_all(batch, numbers, negated=True)

    def _judge_all(self, batch: CallBatch, numbers: list[int], negated: bool) -> list[Outcome]:
        found = batch.remembered(self, lambda: _PhrasesFound(self, batch))
        in_scope, bounds, shown, spans = found.in_scope, found.bounds, found.shown, found.spans
        distinct, needed = found.distinct, found.needed
        none = self.match == "none"
        no_turns, missing = found.no_turns, found.missing
        out = []
        append = out.append
        for number in numbers:
            if in_scope[number] == in_scope[number + 1]:
                append(Outcome(NA, [], no_turns))
                continue
            said = bounds[number] != bounds[number + 1]
            enough = said and (distinct is None or distinct[number] >= needed)
            # Not negated: "none" fails on what was said, the others pass on enough of it.
            # Negated: each flips; a pass flips to a bare fail, a fail to a bare pass.
            if negated:
                if enough and not none:
                    append(Outcome(FAIL, spans[shown[number]:shown[number + 1]], ""))
                else:
                    append(Outcome(FAIL if none and not said else PASS, [], ""))
            elif none:
                append(Outcome(FAIL, spans[shown[number]:shown[number + 1]], found.said) if said
                       else Outcome(PASS, [], ""))
            elif enough:
                append(Outcome(PASS, spans[shown[number]:shown[number + 1]], ""))
            else:
                append(missing(number))
        return out

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
        return self._search(view.batch, view.number, turns)

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        scoped, calls = self.scope.in_batch(batch), batch.calls
        turns_of = [scoped.first(n, len(calls[n].turns)) for n in numbers]
        may_match = self._calls_that_may_match(batch, numbers, turns_of)
        out = []
        for i, (number, turns) in enumerate(zip(numbers, turns_of, strict=True)):
            if turns and not may_match[i]:
                out.append(Outcome(FAIL, batch.whole_turns(number, turns[:2]), "pattern not found"))
            else:
                out.append(self._search(batch, number, turns))
        return out

    def _calls_that_may_match(self, batch: CallBatch, numbers: list[int],
                              turns_of: list[list[int]]) -> list[bool]:
        """Per call, could the pattern match one of its turns in scope? False is certain: a
        context-free pattern searched once over all those turns joined by line breaks finds
        every turn's match, or one overlapping it. The turns of the calls marked True are
        searched one by one, so no answer depends on what crosses a line break. Patterns
        that are not bounded and context free search every call's turns."""
        if not (self._bounded and self._context_free):
            return [True] * len(numbers)
        firsts = batch.first_turn
        counts = [len(turns) for turns in turns_of]
        chosen = np.fromiter((firsts[n] + t for n, turns in zip(numbers, turns_of, strict=True)
                              for t in turns), dtype=np.int64, count=sum(counts))
        may = np.zeros(len(numbers), dtype=bool)
        if not chosen.size:
            return may.tolist()
        owner = np.repeat(np.arange(len(numbers)), counts)
        starts, ends = batch.fold_start_array[chosen], batch.fold_end_array[chosen]
        lengths = ends - starts + 1  # each turn and a line break after it
        at = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        where = np.repeat(starts - at, lengths) + np.arange(int(lengths.sum()))
        codes = batch.exact[np.minimum(where, batch.exact.size - 1)]
        codes[at + lengths - 1] = ord("\n")  # the fold deletes line breaks: a clean separator
        text = codes.astype(np.uint32).tobytes().decode("utf-32-le")
        try:
            spans = [m.span() for m in self.pattern.finditer(text, timeout=REGEX_TIMEOUT_SECONDS)]
        except TimeoutError:
            return [True] * len(numbers)
        may[owner[lengths - 1 > UNTIMED_TEXT]] = True  # searched with the timeout, one by one
        if spans:
            found = np.array(spans, dtype=np.int64)
            first = np.searchsorted(at, found[:, 0], side="right") - 1
            last = np.searchsorted(at, np.maximum(found[:, 1] - 1, found[:, 0]), side="right") - 1
            touched = np.zeros(chosen.size + 1, dtype=np.int64)
            np.add.at(touched, first, 1)
            np.add.at(touched, last + 1, -1)
            may[owner[np.cumsum(touched[:-1]) > 0]] = True
        return may.tolist()

    def _search(self, batch: CallBatch, number: int, turns: list[int]) -> Outcome:
        """The pattern over `turns` of call `number`."""
        if not turns:
            return Outcome.na(f"no {self.scope.speaker} turns in scope")
        first = batch.first_turn[number]
        spans: list[Span] = []
        for turn in turns:
            at = first + turn
            text = batch.exact_text(batch.fold_starts[at], batch.fold_ends[at])
            try:
                found = self._matches(text)
            except TimeoutError:
                return Outcome.na(f"regex {self.pattern.pattern!r} timed out")
            spans += [batch.original_span(at, turn, start, end) for start, end in found]
        if spans:
            return Outcome(PASS, spans[:MAX_EVIDENCE], "")
        return Outcome(FAIL, batch.whole_turns(number, turns[:2]), "pattern not found")

    def _matches(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each match not inside an exclusion; TimeoutError when a guarded
        pattern runs too long. Bounded patterns on ordinary turns run unguarded (see
        regex_bounds): arming the timeout costs more than the search."""
        guard = {} if self._bounded and len(text) <= UNTIMED_TEXT else _TIMEOUT
        # A search first: most turns have no match, and it is cheaper than finditer.
        if self.pattern.search(text, **guard) is None:
            return []
        exclude = self.exclude
        return [match.span() for match in self.pattern.finditer(text, **guard)
                if not (exclude and exclude.search(text, match.start(), match.end(), **guard))]

    @cached_property
    def _context_free(self) -> bool:
        return is_context_free(self.pattern.pattern)

    @cached_property
    def _bounded(self) -> bool:
        return is_bounded(self.pattern.pattern) and (
            self.exclude is None or is_bounded(self.exclude.pattern))


class _PhrasesFound:
    """A phrase condition's hits across a batch: per call, where its hits in scope and the
    spans of the first MAX_EVIDENCE of them lie (bounds into the columns, by call)."""

    def __init__(self, condition: Phrases, batch: CallBatch) -> None:
        scoped = condition.scope.in_batch(batch)
        found = batch.found
        calls = len(batch.calls)
        rows = _rows_in_scope(batch, condition.set_name, scoped.mask)
        if condition.at_start and rows.size:
            rows = rows[found.start[rows] == batch.fold_start_array[found.turn[rows]]]
        call = found.call[rows]
        every_call = np.arange(calls + 1)
        self.bounds = np.searchsorted(call, every_call).tolist()
        shown = rows[np.arange(rows.size) - np.searchsorted(call, call) < MAX_EVIDENCE]
        self.spans = list(map(_new_tuple, repeat(Span), zip(
            found.turn_in_call[shown].tolist(), found.span_start[shown].tolist(),
            found.span_end[shown].tolist(), strict=True)))
        self.shown = np.searchsorted(found.call[shown], every_call).tolist()
        self.in_scope = scoped.bounds
        self.distinct: list[int] | None = None
        self.needed = 0
        if condition.match in ("all", "at_least"):
            phrases = len(batch.index.folded_phrases.get(condition.set_name, ()))
            pairs = _distinct_values(call * (phrases + 1) + found.phrase[rows])
            self.distinct = np.bincount(pairs // (phrases + 1), minlength=calls).tolist()
            self.needed = condition.count if condition.match == "at_least" else phrases
        self.no_turns = f"no {condition.scope.speaker} turns in scope"
        self.said = f"said {condition.set_name}"
        self._absent = f"no {condition.set_name}"
        self._scoped = scoped

    def missing(self, number: int) -> Outcome:
        return Outcome(FAIL, self._scoped.leading_spans(number), self._absent)


def _distinct_values(values: np.ndarray) -> np.ndarray:
    """np.unique's answer without np.unique, which imports numpy.ma on first use (7 ms)."""
    values = np.sort(values)
    keep = np.ones(values.size, dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _rows_in_scope(batch: CallBatch, set_name: str, mask: np.ndarray) -> np.ndarray:
    """Rows of the batch's hit columns that belong to a set and lie in turns `mask` marks."""
    rows = batch.rows_of_set(set_name)
    return rows[mask[batch.found.turn[rows]]] if rows.size else rows


@dataclass(frozen=True)
class _Combination(Condition):
    """Children judged in order: the first outcome of the `decisive` result decides; when no
    child gives one, `settle` makes the outcome from all of theirs."""

    children: tuple[Condition, ...]
    decisive = ""  # set by each kind (a class attribute, not a field)

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        outcomes = []
        for child in self.children:
            outcome = child.evaluate(view, restrict)
            if outcome.result == self.decisive:
                return _merge(self.decisive, [outcome])
            outcomes.append(outcome)
        return self.settle(outcomes)

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        # Child by child, each over the calls still undecided: what `evaluate` does per call.
        out: list[Outcome | None] = [None] * len(numbers)
        seen: list[list[Outcome]] = [[] for _ in numbers]
        pending = list(range(len(numbers)))
        decisive = self.decisive
        for child in self.children:
            if not pending:
                break
            undecided = []
            keep = undecided.append
            judged = child.judge_batch(batch, [numbers[i] for i in pending])
            for i, outcome in zip(pending, judged, strict=True):
                if outcome.result == decisive:
                    out[i] = _merge(decisive, [outcome])
                else:
                    seen[i].append(outcome)
                    keep(i)
            pending = undecided
        settle = self.settle
        for i in pending:
            out[i] = settle(seen[i])
        return out

    def settle(self, outcomes: list[Outcome]) -> Outcome:
        raise NotImplementedError

    def phrase_sets(self) -> set[str]:
        return set().union(*(c.phrase_sets() for c in self.children))


class AllOf(_Combination):
    # The first unmet part decides; its evidence shows what was said instead.
    decisive = FAIL

    def settle(self, outcomes: list[Outcome]) -> Outcome:
        applicable = [o for o in outcomes if o.result == PASS]
        if not applicable:
            return Outcome.na(outcomes[0].detail if outcomes else "")
        return _merge(PASS, applicable)


class AnyOf(_Combination):
    decisive = PASS

    def settle(self, outcomes: list[Outcome]) -> Outcome:
        failed = [o for o in outcomes if o.result == FAIL]
        if failed:
            return _merge(FAIL, failed)
        return Outcome.na(outcomes[0].detail if outcomes else "")


@dataclass(frozen=True)
class Not(Condition):
    child: Condition

    def evaluate(self, view: CallView, restrict: set[int] | None = None) -> Outcome:
        return negate(self.child.evaluate(view, restrict))

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        if isinstance(self.child, Phrases):
            return self.child.judge_negated(batch, numbers)
        return list(map(negate, self.child.judge_batch(batch, numbers)))

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
        return self._judge(view.batch, view.number)

    def judge_batch(self, batch: CallBatch, numbers: list[int]) -> list[Outcome]:
        """Calls without an anchor are `na` from the hit columns; the others are judged one by
        one (few calls have a complaint)."""
        anchored = batch.remembered(self, lambda: _calls_with_hits(
            batch, self.anchor.set_name, self.anchor.scope.in_batch(batch).mask))
        judge = self._judge
        return [judge(batch, n) if anchored[n] else Outcome(NA, [], "no anchor") for n in numbers]

    def _judge(self, batch: CallBatch, number: int) -> Outcome:
        anchor_hits = _anchor_hits(self.anchor, batch, number)
        anchors = sorted({h.turn for h in anchor_hits})
        if not anchors:
            return Outcome.na("no anchor")
        agent = self.expect_speaker_turns == "agent"
        pool = batch.agent_turns(number) if agent else batch.customer_turns(number)
        judged = anchors[:1] if self.first_only else anchors
        first_answer = None
        for anchor in judged:
            window = _after_first(pool, anchor, self.within_turns)
            outcome = (self.expect.judge_turns(batch, number, window) if window
                       else Outcome(FAIL, [], ""))
            if first_answer is None:
                first_answer = outcome
            if outcome.result != PASS:
                evidence = [batch.hit_span(number, h) for h in anchor_hits if h.turn == anchor][:1]
                evidence += batch.whole_turns(number, sorted(window))
                detail = self.detail or (f"no {self._expected} within {self.within_turns} "
                                         f"agent turns after turn {anchor}")
                return Outcome(FAIL, evidence, detail)
        return Outcome(PASS, first_answer.evidence, "")  # the answer to the first anchor

    @cached_property
    def _expected(self) -> str:
        return ", ".join(sorted(self.expect.phrase_sets())) or "the expected words"

    def phrase_sets(self) -> set[str]:
        return self.anchor.phrase_sets() | self.expect.phrase_sets()


def _calls_with_hits(batch: CallBatch, set_name: str, mask: np.ndarray) -> list[bool]:
    """Per call of a batch: has it a hit of the set in a turn `mask` marks?"""
    rows = _rows_in_scope(batch, set_name, mask)
    return (np.bincount(batch.found.call[rows], minlength=len(batch.calls)) > 0).tolist()


def _anchor_hits(anchor: Phrases, batch: CallBatch, number: int) -> list:
    hits = batch.hits(number, anchor.set_name)
    if not hits:
        return []
    allowed = set(anchor.scope.among_in_batch(batch, number, {h.turn for h in hits}))
    return [h for h in hits if h.turn in allowed]


def _after_first(pool: list[int], anchor: int, count: int) -> set[int]:
    """The first `count` turns of `pool` (ascending) after `anchor`."""
    return set(pool[bisect_right(pool, anchor):][:count])


def _merge(result: str, outcomes: list[Outcome]) -> Outcome:
    # Each span once, in order (a dict keeps the first of equal keys, in C).
    if len(outcomes) == 1:
        only = outcomes[0]
        evidence = only.evidence
        if len(evidence) <= 1 and only.result == result:
            return only  # nothing to merge, and outcomes are never changed: no copy
        return Outcome(result, list(dict.fromkeys(evidence))[:MAX_EVIDENCE] if len(evidence) > 1
                       else evidence[:], only.detail)
    evidence = list(dict.fromkeys(chain.from_iterable([o.evidence for o in outcomes])))
    if len(evidence) > MAX_EVIDENCE:
        del evidence[MAX_EVIDENCE:]
    details = [o.detail for o in outcomes if o.detail]
    return Outcome(result, evidence, "; ".join(details) if details else "")


__all__ = ["NA", "AllOf", "AnyOf", "Condition", "Not", "Phrases", "Regex"]
