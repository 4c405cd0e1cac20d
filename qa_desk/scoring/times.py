"""Turn times of a whole batch in numpy: ends, speaking time, silences and over-talk.

The sweeps that would otherwise loop over every turn of every call in Python run here once per
batch; each call's view reads its slice. The arithmetic is the same as on one call (the same
float operations in the same order), so the figures are identical.
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise

import numpy as np

# When a transcript gives only start times, a turn's end is estimated from its length. Holds
# take the slow pace (a turn lasts long, so no silence is invented); over-talk takes the fast
# one (a turn ends early, so no interruption is invented).
SLOW_CHARS_PER_SECOND = 2.0
FAST_CHARS_PER_SECOND = 5.0


class BatchTimes:
    def __init__(self, starts: tuple, ends: tuple, folded_lengths: np.ndarray, first: np.ndarray,
                 is_agent: np.ndarray, is_customer: np.ndarray) -> None:
        self.first = first
        self.is_agent = is_agent
        self.is_customer = is_customer
        self.starts = starts
        start, end = _floats(starts), _floats(ends)
        missing = np.isnan(end)
        self.start = start
        latest = np.where(missing, start + folded_lengths / SLOW_CHARS_PER_SECOND, end)
        self.earliest = np.where(missing, start + folded_lengths / FAST_CHARS_PER_SECOND, end)
        self.latest = latest
        last = np.zeros(start.size, dtype=bool)
        last[first[1:][first[1:] > first[:-1]] - 1] = True  # each call's last turn
        following = np.full(start.size, np.nan)
        following[:-1] = start[1:]
        following[last] = np.nan
        # Speaking time of each turn: to its end, or to the next turn's start when it has none.
        self._durations = np.where(missing, following - start, end - start)
        self.lengths = folded_lengths
        # The silence after each turn, up to the next turn of the same call.
        self.gap_after = following - latest
        untimed = np.concatenate([[0], np.cumsum(np.isnan(start))])
        counts = np.diff(first)
        self.timed = ((counts > 0) & (untimed[first[1:]] == untimed[first[:-1]])).tolist()
        self._cache: dict[tuple, list] = {}

    # Per turn as Python floats, made when a call first asks (most rules never do).
    @cached_property
    def latest_ends(self) -> list[float]:
        return self.latest.tolist()

    @cached_property
    def earliest_ends(self) -> list[float]:
        return self.earliest.tolist()

    @cached_property
    def durations(self) -> list[float]:
        return self._durations.tolist()

    def call_durations(self) -> np.ndarray:
        """Per call, its latest turn end (`CallView.duration`); NaN for a call with no turns."""
        key = ("durations",)
        if key not in self._cache:
            durations = np.full(self.first.size - 1, np.nan)
            spoken = np.flatnonzero(np.diff(self.first) > 0)
            if spoken.size:
                durations[spoken] = np.maximum.reduceat(self.latest, self.first[spoken])
            self._cache[key] = durations
        return self._cache[key]

    def long_gaps(self, minimum: float) -> list[list[int]]:
        """Per call, the turns followed by a silence of `minimum` seconds or more."""
        key = ("gaps", minimum)
        if key not in self._cache:
            self._cache[key] = self._per_call(np.flatnonzero(self.gap_after >= minimum))
        return self._cache[key]

    def overtalk(self, max_lead: float) -> list[list[tuple[int, float]]]:
        """Per call, (agent turn, seconds early) for each agent turn that starts more than
        `max_lead` s before a customer turn that began earlier has ended, in start order."""
        key = ("overtalk", max_lead)
        if key in self._cache:
            return self._cache[key]
        calls = self.first.size - 1
        call_of = np.repeat(np.arange(calls), np.diff(self.first))
        row = np.arange(self.start.size)
        # By call, then start; at equal starts agent turns first, since a customer turn that
        # starts with the agent's is not one the agent talks over.
        if _rising_within_calls(self.start, call_of):
            order = row  # already by call, then start, with no equal starts to break
        else:
            order = np.lexsort((row, ~self.is_agent, self.start, call_of))
        call, start = call_of[order], self.start[order]
        ends = np.where(self.is_customer[order], self.earliest[order], -np.inf)
        latest = _running_max(ends, call, row - self.first[call], calls)
        offending = self.is_agent[order] & (latest - max_lead > start)
        rows = np.flatnonzero(offending)
        turn = (order[rows] - self.first[call[rows]]).tolist()
        lead = (latest[rows] - start[rows]).tolist()
        pairs = list(zip(turn, lead, strict=True))
        bounds = np.searchsorted(call[rows], np.arange(calls + 1)).tolist()
        self._cache[key] = found = [pairs[bounds[c]:bounds[c + 1]] for c in range(calls)]
        return found

    def agent_speech(self) -> tuple[list[int], list[float]]:
        """Per call, the folded characters and the seconds of its agent turns that have a
        speaking time (> 0; NaN is not), the seconds added turn by turn as a loop adds them."""
        key = ("speech",)
        if key not in self._cache:
            counted = self.is_agent & (self._durations > 0)
            chars = np.concatenate([[0], np.cumsum(np.where(counted, self.lengths, 0))])
            calls = self.first.size - 1
            call = np.repeat(np.arange(calls), np.diff(self.first))
            seconds = _running(np.add, np.where(counted, self._durations, 0.0), call,
                               np.arange(call.size) - self.first[call], calls, 0.0)
            last = self.first[1:] - 1
            totals = np.where(last >= self.first[:-1], seconds[last.clip(min=0)], 0.0)
            self._cache[key] = ((chars[self.first[1:]] - chars[self.first[:-1]]).tolist(),
                                totals.tolist())
        return self._cache[key]

    def _per_call(self, turns: np.ndarray) -> list[list[int]]:
        call = np.searchsorted(self.first, turns, side="right") - 1
        relative = (turns - self.first[call]).tolist()
        bounds = np.searchsorted(call, np.arange(self.first.size)).tolist()
        return [relative[bounds[c]:bounds[c + 1]] for c in range(self.first.size - 1)]


def _floats(values: tuple) -> np.ndarray:
    """The values as floats, None as NaN."""
    try:
        return np.fromiter(values, dtype=np.float64, count=len(values))  # no None: the fast way
    except TypeError:
        return np.array(values, dtype=np.float64)


def _rising_within_calls(start: np.ndarray, call: np.ndarray) -> bool:
    """Are the starts strictly rising within each call (rows grouped by call)? A NaN start
    compares false, so only a call of one untimed turn passes, where order does not matter."""
    return bool(((start[1:] > start[:-1]) | (call[1:] != call[:-1])).all())


def _running_max(values: np.ndarray, call: np.ndarray, position: np.ndarray,
                 calls: int) -> np.ndarray:
    """Running maximum of `values` within each call (rows grouped by call, `position` the row's
    place in its call)."""
    return _running(np.maximum, values, call, position, calls, -np.inf)


def _running(ufunc: np.ufunc, values: np.ndarray, call: np.ndarray, position: np.ndarray,
             calls: int, fill: float) -> np.ndarray:
    """`ufunc` accumulated within each call, row by row in order: one row per call in a table
    padded with `fill`, accumulated along the rows."""
    if not values.size:
        return values
    width = int(position.max()) + 1
    if calls * width > 4 * values.size + 4096:  # one very long call: go call by call
        out = np.empty_like(values)
        bounds = np.searchsorted(call, np.arange(calls + 1))
        for lo, hi in pairwise(bounds.tolist()):
            out[lo:hi] = ufunc.accumulate(values[lo:hi])
        return out
    table = np.full((calls, width), fill)
    table[call, position] = values
    return ufunc.accumulate(table, axis=1)[call, position]
