"""Which rule patterns may search a turn without a timeout.

The `regex` module's timeout guards against catastrophic backtracking, but arming it costs
about 2 µs a search, several times the search itself. A pattern whose backtracking is bounded
cannot hang on a turn of ordinary length, so it runs untimed: no repeat inside a repeat, no
alternation under a repeat, no back-references or look-arounds, at most one long repeat, and a
modest product of the short ones. Anything else, including syntax only the `regex` module
knows (it does not parse here), keeps the timeout, as does any turn longer than
`UNTIMED_TEXT` characters.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse

UNTIMED_TEXT = 2000  # characters: one long repeat costs at most this squared (4 M steps)
_LONG_REPEAT = 50  # a repeat allowing more than this counts as long
_MAX_STEPS_PER_POSITION = 10_000  # the product of the short repeats' reaches

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_UNBOUNDED_KINDS = {sre.GROUPREF, sre.GROUPREF_EXISTS, sre.ASSERT, sre.ASSERT_NOT,
                    sre.ATOMIC_GROUP}


class _Unbounded(Exception):
    pass


def is_bounded(pattern: str) -> bool:
    """True when the pattern's backtracking per start position is bounded by a constant."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    counts = {"long": 0, "steps": 1}
    try:
        _walk(parsed, counts, repeated=False)
    except _Unbounded:
        return False
    return counts["long"] <= 1 and counts["steps"] <= _MAX_STEPS_PER_POSITION


def is_context_free(pattern: str) -> bool:
    """True when whether the pattern matches at a place depends only on the characters it
    matches: no anchors or word boundaries, no look-arounds, no back-references. Such a
    pattern finds, in several turns joined together, every match it finds in each of them."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return not any(kind in _CONTEXT_KINDS for kind in _kinds(parsed))


_CONTEXT_KINDS = {sre.AT, *_UNBOUNDED_KINDS}


def _kinds(items):
    for kind, value in items:
        yield kind
        if kind in _REPEATS:
            yield from _kinds(value[2])
        elif kind == sre.SUBPATTERN:
            yield from _kinds(value[-1])
        elif kind == sre.BRANCH:
            for branch in value[1]:
                yield from _kinds(branch)
        # Look-arounds and the like are context themselves: what they hold needs no look.


def _walk(items, counts: dict[str, int], repeated: bool) -> None:
    for kind, value in items:
        if kind in _UNBOUNDED_KINDS:
            raise _Unbounded
        if kind in _REPEATS:
            _low, high, body = value
            if repeated and high > 1:
                raise _Unbounded  # a repeat inside a repeat: (a+)+ and friends
            if high == sre.MAXREPEAT or high > _LONG_REPEAT:
                counts["long"] += 1
            else:
                counts["steps"] *= high + 1
            _walk(body, counts, repeated or high > 1)
        elif kind == sre.SUBPATTERN:
            _walk(value[-1], counts, repeated)
        elif kind == sre.BRANCH:
            if repeated:
                raise _Unbounded  # (a|ab)* may try every split
            for branch in value[1]:
                _walk(branch, counts, repeated)
