"""Every phrase of a pack found in a whole batch of calls at once, with numpy.

The answers are those of an Aho-Corasick scan (`tests/scoring/reference_scan.py`, the reference
compared in tests): every occurrence of every key, overlapping ones included; exact-only
phrases checked on the exact fold; hits inside an exclusion phrase of their set dropped; and of
hits nested in a longer hit of the same set only the outermost kept. Working on arrays costs
a few passes over the batch instead of Python work per character or per candidate.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from qa_desk.transcripts.normalize import lookup_tables


class Entry(NamedTuple):
    set_id: int
    phrase: int  # -1 for an exclusion phrase
    exact: str | None  # the exact fold to check, for exact-only phrases


class Matches(NamedTuple):
    """Kept hits, ordered by set, then start, then longest first."""

    start: np.ndarray
    end: np.ndarray
    set_id: np.ndarray
    phrase: np.ndarray


class KeyFinder:
    """All occurrences of a fixed list of keys in an array of code points.

    The keys form a trie over small character ids (0 for characters no key uses, the turn
    separator among them, so no match spans two turns). Positions whose first two characters
    begin a key are the candidates; all of them walk the trie together, one character a step,
    and drop out when their path leaves it."""

    def __init__(self, keys: list[str]) -> None:
        alphabet = sorted({ord(ch) for key in keys for ch in key})
        self.size = size = len(alphabet) + 1
        self.lut = np.zeros(0x110000, dtype=np.uint8 if size <= 256 else np.uint16)
        self.lut[alphabet] = np.arange(1, size)
        self.lengths = np.array([len(k) for k in keys], dtype=np.int64)
        self.longest = int(self.lengths.max()) if keys else 0
        children: list[dict[int, int]] = [{}]  # node 0 is the root
        ends_here = [-1]
        for number, key in enumerate(keys):
            node = 0
            for ch in key:
                step = int(self.lut[ord(ch)])
                if step not in children[node]:
                    children[node][step] = len(children)
                    children.append({})
                    ends_here.append(-1)
                node = children[node][step]
            ends_here[node] = number
        # Node n's child for character id c is at n * size + c; 0 means no such child.
        self.index_type = np.int32 if len(children) * size < 2**31 else np.int64
        self.child = np.zeros(len(children) * size, dtype=self.index_type)
        for node, steps in enumerate(children):
            for step, target in steps.items():
                self.child[node * size + step] = target
        self.key_at = np.array(ends_here, dtype=np.int64)
        # The node reached after a first pair of characters, indexed by id pair.
        roots = self.child[:size]
        self.after_pair = self.child[roots[:, None] * size + np.arange(size)].ravel()
        self.after_pair[np.repeat(roots == 0, size)] = 0
        self.pair_ok = self.after_pair != 0
        self.single = self.key_at[roots] >= 0  # by character id: a one-character key

    def find_ids(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(start positions, key numbers) of every occurrence, in no particular order, in
        text given as character ids (`lut` applied to its code points)."""
        padded = np.zeros(ids.size + self.longest, dtype=self.lut.dtype)
        padded[:ids.size] = ids
        return self._find_padded(padded, ids.size)

    def find_in(self, table: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`find_ids` for text given as codes that `table` maps to character ids."""
        padded = np.empty(codes.size + self.longest, dtype=self.lut.dtype)
        np.take(table, codes, out=padded[:codes.size], mode="clip")
        padded[codes.size:] = 0
        return self._find_padded(padded, codes.size)

    def _find_padded(self, padded: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
        """`find_ids` on ids followed by `longest` zeros (no key runs past the end)."""
        if self.longest == 0 or size == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        ids = padded[:size]
        starts, keys = [], []
        for step in np.flatnonzero(self.single).tolist():  # one-character keys: a compare each
            at = np.flatnonzero(ids == step)
            starts.append(at)
            keys.append(np.full(at.size, self.key_at[self.child[step]]))
        # Each position's pair of character ids as one number: two passes, in place.
        wide = np.uint16 if self.size <= 256 else np.int64
        pairs = np.multiply(padded[:size], self.size, dtype=wide)
        np.add(pairs, padded[1:size + 1], out=pairs)
        rows = np.flatnonzero(np.take(self.pair_ok, pairs, mode="clip"))
        node = self.after_pair[padded[rows].astype(self.index_type) * self.size + padded[rows + 1]]
        for length in range(2, self.longest + 1):
            if length > 2:
                node = self.child[node * self.size + padded[rows + length - 1]]
                alive = np.flatnonzero(node)
                rows, node = rows[alive], node[alive]
                if not rows.size:
                    break
            found = self.key_at[node]
            at = np.flatnonzero(found >= 0)
            starts.append(rows[at])
            keys.append(found[at])
        return np.concatenate(starts), np.concatenate(keys)


class PhraseMatcher:
    """The phrase sets of a pack over folded text: keys on the sound fold, then entries."""

    def __init__(self, entries: dict[str, list[Entry]]) -> None:
        keys = list(entries)
        self.finder = KeyFinder(keys)
        counts = np.array([len(entries[k]) for k in keys], dtype=np.int64)
        self.first_entry = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.entry_count = counts
        flat = [e for k in keys for e in entries[k]]
        self.set_id = np.array([e.set_id for e in flat], dtype=np.int64)
        self.phrase = np.array([e.phrase for e in flat], dtype=np.int64)
        exact_texts = sorted({e.exact for e in flat if e.exact is not None})
        number = {text: i for i, text in enumerate(exact_texts)}
        self.exact_of = np.array([number.get(e.exact, -1) if e.exact else -1 for e in flat],
                                 dtype=np.int64)
        widest = max((len(t) for t in exact_texts), default=1)
        self.exact_codes = np.zeros((max(len(exact_texts), 1), widest), dtype=np.int64)
        for row, text in enumerate(exact_texts):
            self.exact_codes[row, :len(text)] = [ord(ch) for ch in text]
        # sorted(set(...)), not np.unique: numpy 2 imports numpy.ma for it (7 ms of a start-up).
        self.sets_with_exclusions = sorted(set(self.set_id[self.phrase < 0].tolist()))
        self._ids_of_exact: np.ndarray | None = None

    def find(self, exact: np.ndarray) -> Matches:
        """The hits in an exact fold (code points); keys are matched on its sound fold."""
        if self._ids_of_exact is None:
            # Character ids straight from the exact fold: the sound fold is never built.
            self._ids_of_exact = self.finder.lut[lookup_tables()[1]]
        start, key = self.finder.find_in(self._ids_of_exact, exact)
        # One row per (occurrence, entry of its key), entries in their listed order.
        per_key = self.entry_count[key]
        occurrence = np.repeat(np.arange(start.size), per_key)
        first = np.repeat(self.first_entry[key] - np.cumsum(per_key) + per_key, per_key)
        entry = first + np.arange(occurrence.size)
        start = start[occurrence]
        end = start + self.finder.lengths[key[occurrence]]
        keep = self._exact_ok(exact, start, entry)
        start, end, entry = start[keep], end[keep], entry[keep]
        set_id, phrase = self.set_id[entry], self.phrase[entry]
        keep = phrase >= 0
        for set_number in self.sets_with_exclusions:
            mine = set_id == set_number
            keep &= ~(mine & _inside(start, end, mine & (phrase < 0)))
        start, end, set_id, phrase, entry = (a[keep] for a in (start, end, set_id, phrase, entry))
        order = _by_set_start_longest(set_id, start, end - start, entry)
        start, end, set_id, phrase = start[order], end[order], set_id[order], phrase[order]
        return Matches(*(a[_outermost(start, end, set_id)] for a in (start, end, set_id, phrase)))

    def _exact_ok(self, exact: np.ndarray, start: np.ndarray, entry: np.ndarray) -> np.ndarray:
        keep = np.ones(start.size, dtype=bool)
        checked = np.flatnonzero(self.exact_of[entry] >= 0)
        if not checked.size:
            return keep
        wanted = self.exact_codes[self.exact_of[entry[checked]]]
        width = wanted.shape[1]
        # The characters at each checked start, 0 past the end of the text: read from the fold
        # itself rather than from a padded int64 copy of all of it (a batch's worth of memory).
        at = start[checked][:, None] + np.arange(width)
        past = at >= exact.size
        window = exact[np.minimum(at, exact.size - 1)].astype(np.int64)
        window[past] = 0
        keep[checked] = ((window == wanted) | (wanted == 0)).all(axis=1)
        return keep


def _by_set_start_longest(set_id: np.ndarray, start: np.ndarray, length: np.ndarray,
                          entry: np.ndarray) -> np.ndarray:
    """The order of np.lexsort((entry, -length, start, set_id)): by set, then start, longest
    first, then entry. Rows are distinct in these, so one argsort of the four packed into an
    int64 gives it, three times faster than lexsort; too wide a batch falls back to lexsort."""
    if not start.size:
        return np.zeros(0, dtype=np.int64)
    widths = [int(a.max()).bit_length() for a in (set_id, start, length, entry)]
    if sum(widths) > 62:
        return np.lexsort((entry, -length, start, set_id))
    _, start_bits, length_bits, entry_bits = widths
    key = set_id.astype(np.int64) << start_bits
    key |= start
    key <<= length_bits
    key |= (1 << length_bits) - 1 - length  # longest first
    key <<= entry_bits
    key |= entry
    return np.argsort(key)


def _inside(start: np.ndarray, end: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """For every row: does a `spans` row hold it (span start <= its start, its end <= span end)?"""
    if not spans.any():
        return np.zeros(start.size, dtype=bool)
    span_start, span_end = start[spans], end[spans]
    order = np.argsort(span_start, kind="stable")
    span_start = span_start[order]
    reach = np.maximum.accumulate(span_end[order])
    at = np.searchsorted(span_start, start, side="right") - 1
    return (at >= 0) & (reach[at.clip(min=0)] >= end)


def _outermost(start: np.ndarray, end: np.ndarray, set_id: np.ndarray) -> np.ndarray:
    """Rows sorted by (set, start, longest first): keep each that reaches past all before it
    in its set. Hits of one call come before the next call's, so calls never mix."""
    if not start.size:
        return np.zeros(0, dtype=bool)
    span = int(end.max()) + 1
    reach = np.maximum.accumulate(set_id * span + end)
    keep = np.ones(start.size, dtype=bool)
    keep[1:] = (set_id[1:] != set_id[:-1]) | (set_id[1:] * span + end[1:] > reach[:-1])
    return keep
