"""The part of a GIFT question between { and }: which kind of question it makes, and its answer.

The block arrives with escaped characters hidden (gift_text.hide_escapes), so every ~ = # %
seen here is GIFT syntax; `plain` turns a piece back into the text a person wrote."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from qa_desk.training.model import LETTERS, MULTIPLE, SHORT, SINGLE, TRUE_FALSE

_TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_ANSWER_START = re.compile(r"(?=[=~])")


def parse_answer_block(inside: str, plain: Callable[[str], str]) -> dict[str, Any]:
    body, _, general = inside.partition("####")
    body = body.strip()
    parts: dict[str, Any] = {"explanation": plain(general) or None}
    if not body:
        return {**parts, "type": SHORT}
    tf = _TRUE_FALSE.match(body)
    if tf:
        return {**parts, "type": TRUE_FALSE, "answer": tf.group(1).upper().startswith("T")}
    if body.startswith("#"):
        raise ValueError("numerical answers {#…} are not supported in a question bank: "
                         "make it a choice or a short-answer question")
    choices = _choices(body, plain)
    return {**parts, **_choice_question(choices)}


def _choices(body: str, plain: Callable[[str], str]) -> list[tuple[str, float, str]]:
    """(marker, weight %, text) per answer, in the order written."""
    pieces = _ANSWER_START.split(body)
    if pieces[0].strip():
        raise ValueError(f"{plain(pieces[0])!r} before the first answer: expected each answer to "
                         "start with = (right) or ~ (wrong)")
    choices = []
    for piece in pieces[1:]:
        marker, rest = piece[0], piece[1:].strip()
        weight = _WEIGHT.match(rest)
        percent = float(weight.group(1)) if weight else (100.0 if marker == "=" else 0.0)
        rest = rest[weight.end():] if weight else rest
        answer_text = rest.split("#", 1)[0]  # after # comes the answer's own feedback
        if "->" in answer_text:
            raise ValueError("matching questions {=a -> b} are not supported in a question bank")
        choices.append((marker, percent, plain(answer_text)))
    return choices


def _choice_question(choices: list[tuple[str, float, str]]) -> dict[str, Any]:
    if not any(marker == "~" for marker, _, _ in choices):
        raise ValueError("answers written only with = are Moodle short-answer (fill-in) questions, "
                         "not supported here: add ~wrong choices, or use {} for a written answer")
    if len(choices) > len(LETTERS):
        raise ValueError(f"{len(choices)} choices: a question bank holds at most {len(LETTERS)} "
                         f"(A–{LETTERS[-1]})")
    options = {LETTERS[i]: text for i, (_, _, text) in enumerate(choices)}
    marked = [LETTERS[i] for i, (marker, _, _) in enumerate(choices) if marker == "="]
    if len(marked) > 1:
        raise ValueError(f"{len(marked)} answers marked =: a single-choice question has one, and a "
                         "multiple-answer question weights its right answers like ~%50%")
    if marked:
        # Moodle's one-right-answer question; other positive weights are partial credit there.
        return {"type": SINGLE, "options": options, "answer": marked[0]}
    right = tuple(LETTERS[i] for i, (_, percent, _) in enumerate(choices) if percent > 0)
    if not right:
        raise ValueError("no right answer: mark it with = or give it a positive weight like ~%50%")
    if len(right) == 1 and choices[LETTERS.index(right[0])][1] >= 100:
        return {"type": SINGLE, "options": options, "answer": right[0]}
    return {"type": MULTIPLE, "options": options, "answer": right}
