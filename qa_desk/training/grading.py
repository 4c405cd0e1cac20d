"""Grading one response to one question. Pure functions over plain data.

True/false and single choice are all or nothing. Multiple choice follows the exam's policy:

- `all_or_nothing` (少选不得分): full marks for exactly the right options, else 0;
- `partial`: any wrong pick scores 0, otherwise points × right picks ÷ right options;
- `half`: any wrong pick scores 0, a correct strict subset scores half, the exact set full.

Worked example, answer ABD worth 3: picks AB → 0 / 2 / 1.5; picks ABC → 0 under all three.

Short answers are never graded automatically: `grade` suggests a score from the key points
found in the answer and marks it for a person to confirm."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qa_desk.training.keypoints import key_point_made
from qa_desk.training.model import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, Question
from qa_desk.training.notation import parse_choices, parse_true_false

ALL_OR_NOTHING = "all_or_nothing"
PARTIAL = "partial"
HALF = "half"
POLICIES = (ALL_OR_NOTHING, PARTIAL, HALF)


@dataclass(frozen=True, slots=True)
class Grade:
    points: float
    max_points: float
    # True/False for objective questions; None while a short answer awaits a person.
    correct: bool | None
    needs_manual: bool = False
    found: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def grade(question: Question, response: object, *, policy: str = ALL_OR_NOTHING) -> Grade:
    """`response`: a bool or 对/错 for true/false, 'B' for single, 'ABD' or ['A', 'B'] for
    multiple, the answer text for short; None (unanswered) scores 0."""
    if question.type == SHORT:
        return suggest_short(question.key_points, str(response or ""), question.points)
    if response is None or response == "" or response == []:
        return Grade(0.0, question.points, False)
    if question.type == TRUE_FALSE:
        return _all_or_nothing(parse_true_false(response) == question.answer, question.points)
    picks = parse_choices(response)
    if question.type == SINGLE:
        return _all_or_nothing(picks == (question.answer,), question.points)
    assert question.type == MULTIPLE
    points = grade_multiple(question.answer, picks, question.points, policy)
    return Grade(points, question.points, set(picks) == set(question.answer))


def grade_multiple(answer: Iterable[str], picks: Iterable[str], points: float, policy: str) -> float:
    right, chosen = set(answer), set(picks)
    if policy not in POLICIES:
        raise ValueError(f"unknown multiple-choice policy {policy!r}: expected {', '.join(POLICIES)}")
    if chosen == right:
        return points
    if not chosen or chosen - right or policy == ALL_OR_NOTHING:
        return 0.0
    if policy == HALF:
        return points / 2
    return points * len(chosen) / len(right)


def suggest_short(key_points: Iterable[str], text: str, points: float) -> Grade:
    """Points in proportion to the key points the answer makes (see keypoints.py), for a
    person to confirm or change."""
    from qa_desk.transcripts.normalize import fold

    wanted = tuple(key_points)
    answer = fold(text)
    found = tuple(p for p in wanted if key_point_made(p, answer))
    missing = tuple(p for p in wanted if p not in found)
    suggested = round(points * len(found) / len(wanted), 2) if wanted else 0.0
    return Grade(suggested, points, None, needs_manual=True, found=found, missing=missing)


def _all_or_nothing(correct: bool, points: float) -> Grade:
    return Grade(points if correct else 0.0, points, correct)
