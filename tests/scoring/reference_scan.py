"""The reference the numpy phrase matcher is tested against: an Aho-Corasick scan of one
folded text with pyahocorasick, over the same index entries. Scoring itself never runs it."""

from __future__ import annotations

from bisect import bisect_right

import ahocorasick

from qa_desk.scoring.phrases import Hit, PhraseIndex


def reference_scan(index: PhraseIndex, exact: str, sound: str, turn_starts: list[int]
                   ) -> dict[str, list[Hit]]:
    """Hits per set name, minus those inside an exclusion phrase of the same set.

    `turn_starts` are the folded positions where each turn begins."""
    if index.empty:
        return {}
    automaton = ahocorasick.Automaton()
    for key, found in index.entries.items():
        automaton.add_word(key, (len(key), tuple(found)))
    automaton.make_automaton()
    hits_of: list[list[Hit]] = [[] for _ in index.names]
    excluded: list[list[tuple[int, int]]] = [[] for _ in index.names]
    for last, (length, entries) in automaton.iter(sound):
        end = last + 1
        start = end - length
        for set_id, phrase, must_equal in entries:
            if must_equal is not None and exact[start:end] != must_equal:
                continue
            if phrase < 0:
                excluded[set_id].append((start, end))
            else:
                hits_of[set_id].append(Hit(bisect_right(turn_starts, start) - 1, start, end, phrase))
    out = {}
    for set_id, hits in enumerate(hits_of):
        if not hits:
            continue
        spans = excluded[set_id]
        if spans:
            hits = [h for h in hits if not any(s <= h.start and h.end <= e for s, e in spans)]
        out[index.names[set_id]] = _outermost(hits)
    return out


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer hit of the same set: 为您服务 within 很高兴为您服务."""
    if len(hits) < 2:
        return hits
    ordered = sorted(hits, key=lambda h: (h.start, -h.end))
    kept = [ordered[0]]
    for hit in ordered[1:]:
        if hit.end > kept[-1].end:
            kept.append(hit)
    return kept
