"""Phrase sets, and the index of all of a pack's phrases that the matcher searches at once.

Phrases are folded like the transcript (Simplified, no punctuation, half width). Matching
runs on the homophone fold, so ASR slips such as 很高性为您服务 still match; a set marked
`tolerance: exact` then checks the exact fold too, for short words like 喂 where a homophone
would be a false alarm.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from qa_desk.scoring.matcher import Entry, PhraseMatcher
from qa_desk.transcripts.normalize import fold, fold_sound

SOUND = "sound"
EXACT = "exact"
# Written before a phrase whose homophones would be false alarms: =太慢 must not match 太满.
EXACT_MARK = "="

_ALTERNATION = re.compile(r"\{([^{}]*)\}")


def expand(phrase: str) -> list[str]:
    """`感谢{您|你}的{来电|致电}` → the four phrases it stands for (synonyms written inline)."""
    parts = _ALTERNATION.split(phrase)
    literal = parts[0::2]
    choices = [group.split("|") for group in parts[1::2]]
    out = []
    for combo in itertools.product(*choices):
        text = "".join(a + b for a, b in zip(literal, [*combo, ""], strict=True))
        out.append(text)
    return out


@dataclass(frozen=True, slots=True)
class PhraseSet:
    name: str
    phrases: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    tolerance: str = SOUND

    def folded(self) -> list[tuple[str, bool]]:
        """(folded phrase, exact only) pairs; a leading `=` marks one phrase as exact only."""
        out = []
        for phrase in self.phrases:
            exact_only = self.tolerance == EXACT or phrase.startswith(EXACT_MARK)
            for text in dict.fromkeys(fold(x) for x in expand(phrase.removeprefix(EXACT_MARK))):
                if text:
                    out.append((text, exact_only))
        return out


class Hit(NamedTuple):
    turn: int
    start: int  # in the folded text of the whole call (or batch)
    end: int
    phrase: int  # index into the set's folded phrases
    # Characters [span_start, span_end) of the turn's original text, when already known.
    span_start: int = -1
    span_end: int = -1


class PhraseIndex:
    """All phrase sets of a pack, keyed by their sound fold. Scoring finds them with the
    numpy matcher over a whole batch of calls (`matcher`); the tests check it against an
    Aho-Corasick scan of the same `entries`."""

    def __init__(self, sets: dict[str, PhraseSet]) -> None:
        self.names = list(sets)
        self._numbers = {name: number for number, name in enumerate(self.names)}
        self.folded_phrases: dict[str, list[str]] = {}
        entries: dict[str, list[Entry]] = {}
        for set_id, (name, phrase_set) in enumerate(sets.items()):
            folded = phrase_set.folded()
            self.folded_phrases[name] = [text for text, _ in folded]
            for index, (text, exact_only) in enumerate(folded):
                entries.setdefault(fold_sound(text), []).append(
                    Entry(set_id, index, text if exact_only else None))
            exclude_exact = phrase_set.tolerance == EXACT
            for text in {fold(x) for p in phrase_set.exclude for x in expand(p)} - {""}:
                entries.setdefault(fold_sound(text), []).append(
                    Entry(set_id, -1, text if exclude_exact else None))
        self.empty = not entries
        self.entries = entries
        self._matcher: PhraseMatcher | None = None

    def number_of(self, set_name: str) -> int | None:
        return self._numbers.get(set_name)

    @property
    def matcher(self) -> PhraseMatcher:
        if self._matcher is None:
            self._matcher = PhraseMatcher(self.entries)
        return self._matcher
