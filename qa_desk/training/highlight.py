"""Where in a written answer the key points show: spans for the grader's highlighting.

Uses the same measure as keypoints.py (character pairs of the folded key point found in the
folded answer), mapped back to offsets in the answer as written."""

from __future__ import annotations

from collections.abc import Iterable


def key_point_spans(key_points: Iterable[str], answer: str) -> list[tuple[int, int]]:
    """Merged (start, end) offsets into `answer` covering every pair of folded characters
    that also occurs in one of the key points; sorted, non-overlapping."""
    from qa_desk.transcripts.normalize import fold, fold_both

    folded = fold_both(answer)
    pairs: set[str] = set()
    for point in key_points:
        text = fold(point)
        pairs.update(text[i:i + 2] for i in range(len(text) - 1))
    spans: list[tuple[int, int]] = []
    for i in range(len(folded.exact) - 1):
        if folded.exact[i:i + 2] in pairs:
            start, end = folded.original_span(i, i + 2)
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((start, end))
    return spans
