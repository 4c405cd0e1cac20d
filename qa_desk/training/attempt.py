"""One attempt's rules as pure functions: what a response may be, what it scores, what the
candidate may be shown of each question. The service stores; this decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa_desk.training.grading import Grade, grade
from qa_desk.training.model import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, Answer, Question
from qa_desk.training.notation import parse_choices, parse_true_false
from qa_desk.training.review_policy import EXPLANATIONS, MARKS, RIGHT_ANSWERS

# Long enough for any honest short answer, short enough that a pasted file is refused.
SHORT_ANSWER_LIMIT = 5000


def normalise_response(question: Question, response: Any) -> Any:
    """The response as stored (JSON): bool, "B", ["A", "D"], text; None clears the answer.
    Choice letters are the bank's own option keys, whatever order they were shown in.
    Raises ValueError saying what was given and what is expected."""
    if response is None or response == "" or response == []:
        return None
    if question.type == TRUE_FALSE:
        return parse_true_false(response)
    if question.type == SHORT:
        text = str(response).strip()
        if len(text) > SHORT_ANSWER_LIMIT:
            raise ValueError(f"answer is {len(text)} characters: at most {SHORT_ANSWER_LIMIT}")
        return text or None
    picks = parse_choices(response)
    if unknown := [p for p in picks if p not in question.options]:
        raise ValueError(f"option {', '.join(unknown)} is not one of this question's options "
                         f"({', '.join(sorted(question.options))})")
    if question.type == SINGLE:
        if len(picks) != 1:
            raise ValueError(f"a single-choice question takes one option, not {''.join(picks)}")
        return picks[0]
    assert question.type == MULTIPLE
    return list(picks)


def grade_response(question: Question, stored: Any, policy: str) -> Grade:
    """Objective questions graded now; short answers get a suggestion and wait for a person."""
    return grade(question, stored, policy=policy)


@dataclass(frozen=True, slots=True)
class Totals:
    score: float
    max_score: float
    percent: float
    passed: bool


def totals(points: list[float], max_points: list[float], pass_percent: float) -> Totals:
    score, most = round(sum(points), 4), sum(max_points)
    percent = round(100 * score / most, 2) if most else 0.0
    # Compared in hundredths so that 59.999… from float sums does not fail a 60 % pass mark.
    return Totals(score, most, percent, round(percent, 2) >= pass_percent)


@dataclass(frozen=True, slots=True)
class CandidateQuestion:
    """What the candidate's screen receives for one question. The key fields are None unless
    the review policy allows them in the current phase: they are never sent to be hidden."""
    position: int
    type: str
    stem: str
    # (option key, text) in the order this attempt shows them.
    options: tuple[tuple[str, str], ...]
    max_points: float
    response: Any
    flagged: bool
    points: float | None = None
    pending: bool | None = None
    right_answer: Answer = None
    reference_answer: str | None = None
    key_points: tuple[str, ...] | None = None
    explanation: str | None = None


def candidate_question(question: Question, position: int, option_order: list[str],
                       response: Any, flagged: bool, shown: frozenset[str],
                       points: float | None, pending: bool) -> CandidateQuestion:
    show_key = RIGHT_ANSWERS in shown
    return CandidateQuestion(
        position=position, type=question.type, stem=question.stem,
        options=tuple((key, question.options[key]) for key in option_order),
        max_points=question.points, response=response, flagged=flagged,
        points=points if MARKS in shown else None,
        pending=pending if MARKS in shown else None,
        right_answer=question.answer if show_key else None,
        reference_answer=question.reference_answer if show_key else None,
        key_points=question.key_points if show_key else None,
        explanation=question.explanation if EXPLANATIONS in shown else None,
    )
