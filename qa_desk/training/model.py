"""Questions and banks as plain data: what every format reads into and writes out of."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

TRUE_FALSE = "true_false"
SINGLE = "single"
MULTIPLE = "multiple"
SHORT = "short"
TYPES = (TRUE_FALSE, SINGLE, MULTIPLE, SHORT)
CHOICE_TYPES = (SINGLE, MULTIPLE)

# Option letters A–H: the eight 选项 columns of the Excel template.
LETTERS = "ABCDEFGH"

# What a question is worth and how hard it is when a file does not say (exams/README.md).
DEFAULT_POINTS = {TRUE_FALSE: 1.0, SINGLE: 1.0, MULTIPLE: 2.0, SHORT: 10.0}
DEFAULT_DIFFICULTY = 2

# An answer: bool for true/false, "A" for single, ("A", "B", "D") sorted for multiple,
# None for short answers (graded against the reference answer and key points).
Answer = bool | str | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Question:
    type: str
    stem: str
    answer: Answer = None
    options: dict[str, str] = field(default_factory=dict)
    points: float = 1.0
    difficulty: int = DEFAULT_DIFFICULTY
    category: str | None = None
    explanation: str | None = None
    reference_answer: str | None = None
    key_points: tuple[str, ...] = ()
    note: str | None = None
    # The file's own id (phone-tf-001), kept so that exports and re-imports keep it.
    code: str | None = None
    # Details the file left blank (so they hold defaults): a re-import from a poorer format,
    # such as Aiken, must not overwrite what the bank already knows with them.
    blank: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def content_hash(self) -> str:
        return content_hash(self.type, self.stem, self.options, self.answer)

    def changed_details(self, stored: Question) -> dict[str, Any]:
        """The details this question gives that differ from the stored copy's."""
        return {name: getattr(self, name) for name in DETAILS
                if name not in self.blank and getattr(self, name) != getattr(stored, name)}


# Everything outside the content hash: corrections to these update a stored question.
DETAILS = ("points", "difficulty", "category", "explanation", "reference_answer", "key_points",
           "note", "code")


@dataclass(slots=True)
class Bank:
    name: str
    title: str
    questions: list[Question] = field(default_factory=list)
    source: str | None = None
    # Things worth telling the user that do not stop an import (an ignored column, a repeat).
    warnings: list[str] = field(default_factory=list)

    def count_by_type(self) -> dict[str, int]:
        counts = dict.fromkeys(TYPES, 0)
        for question in self.questions:
            counts[question.type] += 1
        return counts

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)


def content_hash(type_: str, stem: str, options: dict[str, str], answer: Answer) -> str:
    """Identity of a question within a bank: type, stem, options and answer, nothing else.

    Explanations, points and categories may be corrected without making a new question."""
    canonical = json.dumps(
        [type_, _clean(stem), {k: _clean(v) for k, v in sorted(options.items())}, answer_to_json(answer)],
        ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def answer_to_json(answer: Answer) -> Any:
    return list(answer) if isinstance(answer, tuple) else answer


def answer_from_json(type_: str, value: Any) -> Answer:
    if type_ == MULTIPLE and value is not None:
        return tuple(value)
    return value


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()
