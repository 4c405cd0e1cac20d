"""One set of rules for a question, whatever file it came from.

A reader collects each question's raw fields (cells, YAML values, GIFT parts) into a dict
keyed by Question's field names, says how its format names each field (题型, answer, …) and
where the question is; `build_question` returns the question or every problem with it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from qa_desk.training.errors import Problem
from qa_desk.training.model import (
    CHOICE_TYPES,
    DEFAULT_DIFFICULTY,
    DEFAULT_POINTS,
    DETAILS,
    LETTERS,
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    Question,
)
from qa_desk.training.notation import (
    letter_range,
    parse_choices,
    parse_difficulty,
    parse_points,
    parse_true_false,
    parse_type,
    text,
)

# What the database stores at most (models/training.py).
LENGTHS = {"category": 100, "code": 200}

# Build a problem at this question's place: (field name, reason) → Problem.
Report = Callable[[str, str], Problem]


def build_question(raw: Mapping[str, Any], report: Report) -> tuple[Question | None, list[Problem]]:
    problems: list[Problem] = []

    def check(name: str, parse: Callable[[], Any]) -> Any:
        try:
            return parse()
        except ValueError as exc:
            problems.append(report(name, str(exc)))
            return None

    type_ = check("type", lambda: parse_type(raw.get("type")))
    stem = text(raw.get("stem"))
    if not stem:
        problems.append(report("stem", "the question text is empty"))
    options = _options(raw.get("options") or {}, type_, report, problems)
    answer = _answer(type_, raw.get("answer"), options, report, problems) if type_ else None
    points = check("points", lambda: parse_points(raw.get("points"), DEFAULT_POINTS.get(type_, 1.0)))
    difficulty = check("difficulty", lambda: parse_difficulty(raw.get("difficulty"), DEFAULT_DIFFICULTY))
    key_points = tuple(text(p) for p in raw.get("key_points") or () if text(p))
    reference = text(raw.get("reference_answer")) or None
    if type_ == SHORT and reference is None and text(raw.get("answer")):
        # Many sheets put a short answer's model answer in the 正确答案 column.
        reference = text(raw.get("answer"))
    if type_ != SHORT and (reference or key_points):
        problems.append(report("reference_answer", "only short-answer questions take a reference "
                                                   "answer or key points"))
    for name, limit in LENGTHS.items():
        if len(text(raw.get(name))) > limit:
            problems.append(report(name, f"{len(text(raw.get(name)))} characters: at most {limit}"))
    if problems:
        return None, problems
    given = {**raw, "reference_answer": reference, "key_points": key_points}
    blank = frozenset(name for name in DETAILS if not _given(given.get(name)))
    return Question(
        type=type_, stem=stem, answer=answer, options=options, points=points,
        difficulty=difficulty, category=text(raw.get("category")) or None,
        explanation=text(raw.get("explanation")) or None, reference_answer=reference,
        key_points=key_points, note=text(raw.get("note")) or None,
        code=text(raw.get("code")) or None, blank=blank,
    ), []


def _given(value: Any) -> bool:
    return bool(value) if isinstance(value, list | tuple) else text(value) != ""


def _options(raw: Mapping[str, Any], type_: str | None, report: Report,
             problems: list[Problem]) -> dict[str, str]:
    filled = {str(k).strip().upper(): text(v) for k, v in raw.items() if text(v)}
    unknown = sorted(k for k in filled if k not in LETTERS)
    if unknown:
        problems.append(report("options", f"unknown option {', '.join(unknown)}: expected letters "
                                          f"A–{LETTERS[-1]}"))
        return {}
    letters = "".join(sorted(filled))
    if type_ in CHOICE_TYPES:
        if len(letters) < 2:
            problems.append(report("options", f"a choice question needs at least two options "
                                              f"(found {len(letters)})"))
        elif letters != LETTERS[:len(letters)]:
            gap = next(c for c in LETTERS if c not in filled)
            problems.append(report(f"option {gap}", f"option {gap} is empty but later options are "
                                                    "filled: expected options A, B, C… in order"))
    elif letters and type_ is not None:
        problems.append(report("options", f"a {_TYPE_WORD[type_]} question takes no options "
                                          f"(found {', '.join(letters)})"))
    return {k: filled[k] for k in letters}


_TYPE_WORD = {TRUE_FALSE: "true/false", SINGLE: "single-choice", MULTIPLE: "multiple-choice",
              SHORT: "short-answer"}


def _answer(type_: str, raw: Any, options: dict[str, str], report: Report,
            problems: list[Problem]) -> Any:
    if type_ == SHORT:
        return None
    try:
        if type_ == TRUE_FALSE:
            return parse_true_false(raw)
        picks = parse_choices(raw)
    except ValueError as exc:
        problems.append(report("answer", str(exc)))
        return None
    reason = _choice_problem(type_, picks, "".join(options))
    if reason:
        problems.append(report("answer", reason))
        return None
    return picks[0] if type_ == SINGLE else picks


def _choice_problem(type_: str, picks: tuple[str, ...], letters: str) -> str | None:
    if not picks:
        return f"no answer: expected {'one option letter' if type_ == SINGLE else 'two or more letters'}"
    outside = [p for p in picks if p not in letters]
    if outside and letters:
        return (f"answer {''.join(outside)} but only options {letter_range(letters)}"
                f" are given")
    if type_ == SINGLE and len(picks) > 1:
        return f"a single-choice question has one answer, found {''.join(picks)}"
    if type_ == MULTIPLE and len(picks) < 2:
        return (f"a multiple-choice question needs two or more correct options, found only "
                f"{picks[0]} (make it a single-choice question?)")
    return None
