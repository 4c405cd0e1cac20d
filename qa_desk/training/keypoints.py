"""Does a written answer make a key point? A suggestion for the grader, never the verdict.

A key point is a grader's note (“结束语包含感谢来电与道别（“感谢您的来电……再见”）”), so the
trainee's answer rarely repeats it word for word. A key point counts as made when either
- most of its character pairs occur in the answer (KEY_POINT_COVERAGE), with or without its
  parenthetical aside, or
- the answer contains one of the phrases it quotes (“感谢您的来电……再见”: each piece between
  the ellipses, nearly word for word).
Both sides are folded as the scorer folds calls: Traditional → Simplified, full-width →
half-width, case, punctuation and spaces."""

from __future__ import annotations

import re

KEY_POINT_COVERAGE = 0.5
QUOTE_COVERAGE = 0.75
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]+)[”\"」』]")
_ASIDE = re.compile(r"[（(][^）)]*[）)]")
_ELLIPSIS = re.compile(r"…+|\.{3,}|⋯+")


def key_point_made(key_point: str, answer: str) -> bool:
    """`answer` is already folded; `key_point` is as written."""
    from qa_desk.transcripts.normalize import fold

    whole = fold(key_point)
    if coverage(whole, answer) >= KEY_POINT_COVERAGE:
        return True
    bare = fold(_ASIDE.sub("", key_point))
    if bare != whole and coverage(bare, answer) >= KEY_POINT_COVERAGE:
        return True
    return any(_quote_made(quote, answer) for quote in _QUOTED.findall(key_point))


def _quote_made(quote: str, answer: str) -> bool:
    from qa_desk.transcripts.normalize import fold

    pieces = [fold(piece) for piece in _ELLIPSIS.split(quote)]
    pieces = [piece for piece in pieces if piece]
    return bool(pieces) and all(coverage(piece, answer) >= QUOTE_COVERAGE for piece in pieces)


def coverage(folded: str, answer: str) -> float:
    """Share of the folded text's character pairs that occur in the folded answer."""
    if len(folded) < 2:
        return 1.0 if folded and folded in answer else 0.0
    pairs = {folded[i:i + 2] for i in range(len(folded) - 1)}
    return sum(pair in answer for pair in pairs) / len(pairs)
