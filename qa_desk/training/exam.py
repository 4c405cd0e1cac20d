"""An exam as plain data: which questions, how long, how often, what passes, what is shown.

Questions come from one bank, either fixed by code or drawn at random per (category,
difficulty, count). The draw is a pure function of a seed, so an attempt stores only its
seed and the result, and the same seed always gives the same paper."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from qa_desk.training.grading import ALL_OR_NOTHING, POLICIES
from qa_desk.training.model import CHOICE_TYPES, Question
from qa_desk.training.review_policy import ReviewPolicy


class ExamError(ValueError):
    """An exam definition that cannot be used; the message lists every problem."""


@dataclass(frozen=True, slots=True)
class Draw:
    """`count` questions picked at random among those matching category and difficulty
    (None matches any)."""
    count: int
    category: str | None = None
    difficulty: int | None = None

    def matches(self, question: Question) -> bool:
        return ((self.category is None or question.category == self.category)
                and (self.difficulty is None or question.difficulty == self.difficulty))

    def describe(self) -> str:
        return (f"{self.count} of category {self.category or 'any'}, "
                f"difficulty {self.difficulty or 'any'}")


@dataclass(frozen=True, slots=True)
class ExamDefinition:
    name: str
    bank: str
    title: str = ""
    questions: tuple[str, ...] = ()
    draws: tuple[Draw, ...] = ()
    time_limit_minutes: int | None = None  # None: untimed
    shuffle_questions: bool = False
    shuffle_options: bool = False
    attempts_allowed: int = 1  # 0: unlimited
    pass_percent: float = 60.0
    mc_policy: str = ALL_OR_NOTHING
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    # After this moment the review policy's after_close column applies (Moodle's close date).
    closes_at: datetime | None = None

    def problems(self) -> list[str]:
        found = []
        if not self.name.strip() or len(self.name) > 100:
            found.append("name: 1 to 100 characters are needed")
        if not self.bank.strip():
            found.append("bank: the question bank's name is needed")
        if not self.questions and not self.draws:
            found.append("questions: give question codes or draws (category, difficulty, count)")
        if len(set(self.questions)) != len(self.questions):
            found.append("questions: a code is listed twice")
        found += [f"draws: count must be at least 1 ({d.describe()})" for d in self.draws if d.count < 1]
        if self.time_limit_minutes is not None and self.time_limit_minutes < 1:
            found.append("time_limit_minutes: at least 1, or leave it out for an untimed exam")
        if self.attempts_allowed < 0:
            found.append("attempts_allowed: 0 (unlimited) or more")
        if not 0 <= self.pass_percent <= 100:
            found.append("pass_percent: between 0 and 100")
        if self.mc_policy not in POLICIES:
            found.append(f"mc_policy {self.mc_policy!r}: expected {', '.join(POLICIES)}")
        return found

    def check(self) -> None:
        if found := self.problems():
            raise ExamError(f"exam {self.name or '(unnamed)'}: " + "; ".join(found))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "bank": self.bank, "title": self.title,
            "questions": list(self.questions),
            "draws": [{"count": d.count, "category": d.category, "difficulty": d.difficulty}
                      for d in self.draws],
            "time_limit_minutes": self.time_limit_minutes,
            "shuffle_questions": self.shuffle_questions, "shuffle_options": self.shuffle_options,
            "attempts_allowed": self.attempts_allowed, "pass_percent": self.pass_percent,
            "mc_policy": self.mc_policy, "review": self.review.to_dict(),
            "closes_at": self.closes_at.isoformat() if self.closes_at else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExamDefinition:
        """From stored JSON or a YAML file; unknown keys are refused so typos are not lost."""
        known = set(cls.__dataclass_fields__)
        if unknown := sorted(set(data) - known):
            raise ExamError(f"unknown exam settings {', '.join(unknown)}: expected "
                            f"{', '.join(sorted(known))}")
        try:
            closes = data.get("closes_at")
            definition = cls(
                name=str(data.get("name") or ""), bank=str(data.get("bank") or ""),
                title=str(data.get("title") or ""),
                questions=tuple(str(code) for code in data.get("questions") or ()),
                draws=tuple(Draw(int(d["count"]), d.get("category"),
                                 int(d["difficulty"]) if d.get("difficulty") is not None else None)
                            for d in data.get("draws") or ()),
                time_limit_minutes=(int(data["time_limit_minutes"])
                                    if data.get("time_limit_minutes") is not None else None),
                shuffle_questions=bool(data.get("shuffle_questions", False)),
                shuffle_options=bool(data.get("shuffle_options", False)),
                attempts_allowed=int(data.get("attempts_allowed", 1)),
                pass_percent=float(data.get("pass_percent", 60.0)),
                mc_policy=str(data.get("mc_policy", ALL_OR_NOTHING)),
                review=ReviewPolicy.from_dict(data.get("review")),
                closes_at=_aware(closes),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ExamError):
                raise
            raise ExamError(f"exam {data.get('name') or '(unnamed)'}: {exc}") from None
        definition.check()
        return definition


def _aware(value: Any) -> datetime | None:
    """A close time as given; one without a time zone is taken as UTC, as stored."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True, slots=True)
class Paper:
    """One attempt's questions (indexes into the bank's list) and each one's option order."""
    questions: tuple[int, ...]
    option_orders: tuple[tuple[str, ...], ...]


def draw_paper(definition: ExamDefinition, bank: Sequence[Question], seed: int) -> Paper:
    """Fixed questions in the order given, then each draw; shuffled when asked. Raises
    ExamError naming every code that is missing and every draw the bank cannot fill."""
    rng = random.Random(seed)
    by_code = {q.code: i for i, q in enumerate(bank) if q.code}
    missing = [code for code in definition.questions if code not in by_code]
    chosen = [by_code[code] for code in definition.questions if code in by_code]
    problems = [f"no question {code} in bank {definition.bank}" for code in missing]
    for draw in definition.draws:
        taken = set(chosen)
        pool = [i for i, q in enumerate(bank) if i not in taken and draw.matches(q)]
        if len(pool) < draw.count:
            problems.append(f"bank {definition.bank} has {len(pool)} unused questions for "
                            f"{draw.describe()}")
            continue
        chosen += rng.sample(pool, draw.count)
    if problems:
        raise ExamError(f"exam {definition.name}: " + "; ".join(problems))
    if definition.shuffle_questions:
        rng.shuffle(chosen)
    orders = []
    for index in chosen:
        letters = sorted(bank[index].options) if bank[index].type in CHOICE_TYPES else []
        if definition.shuffle_options:
            rng.shuffle(letters)
        orders.append(tuple(letters))
    return Paper(tuple(chosen), tuple(orders))
