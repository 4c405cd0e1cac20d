"""Item analysis of an exam's attempts, with Moodle's quiz statistics definitions.

Input: a matrix of points, one row per attempt and one column per question, and each
question's maximum points. Per question:
- facility index F = mean score ÷ max points (0: nobody scored, 1: everybody full marks);
- discrimination index = Pearson correlation of the question's score with the rest of the
  test (total minus this question), so a question does not correlate with itself;
- discriminative efficiency = that covariance ÷ the largest covariance the same two score
  distributions could have (both sorted in the same order): discrimination as a share of
  what the question's difficulty allows;
whole test: Cronbach's α = k/(k−1) · (1 − Σ var(item) ÷ var(total)) and the standard error
of measurement SEM = SD(total) · √(1 − α). Variances use n − 1; α does not depend on it.
All columns at once with numpy: 10,000 attempts × 100 questions takes well under a second.

When the attempts sat different questions (random draws), pass `sat` (attempts × questions,
True where the attempt had the question): each question's figures then come from the
attempts that had it, against the rest of those attempts' totals (Moodle does the same for
random questions), and α and SEM are left out: they need one common paper."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Flags (Moodle highlights the same bands): above TOO_EASY nearly everybody gets it right,
# below TOO_HARD nearly nobody does, and a negative discrimination means the stronger
# candidates do worse on the question than the weaker ones: a wrong key or a trick.
TOO_EASY = 0.9
TOO_HARD = 0.2
EASY, HARD, NEGATIVE = "too_easy", "too_hard", "negative_discrimination"
# Why an exam's analysis has no items, or no α: the screens and exports translate these.
NO_GRADED, PAPERS_DIFFER = "no_graded", "papers_differ"


@dataclass(frozen=True, slots=True)
class ItemStats:
    facility: float
    discrimination: float | None  # None when the question or the rest has no spread
    efficiency: float | None
    flags: tuple[str, ...]
    # Filled in when the analysis comes from stored attempts (ExamService.item_analysis).
    question_id: int | None = None
    code: str | None = None
    stem: str = ""
    type: str = ""
    category: str | None = None
    max_points: float = 0.0
    attempts: int = 0  # attempts that sat this question
    right_answer: Any = None
    # Distractor analysis: how often each option was picked ("" = unanswered; true/false as
    # "T"/"F"); empty for short answers.
    option_counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TestStats:
    attempts: int
    mean: float
    sd: float
    alpha: float | None
    sem: float | None
    items: list[ItemStats]
    exam: str = ""
    note: str = ""  # NO_GRADED or PAPERS_DIFFER when figures are missing for that reason


def analyse(points: np.ndarray | Sequence[Sequence[float]], max_points: Sequence[float],
            sat: np.ndarray | None = None) -> TestStats:
    x = np.asarray(points, dtype=float)
    if x.ndim != 2 or x.shape[1] != len(max_points):
        raise ValueError(f"points must be attempts × {len(max_points)} questions, not {x.shape}")
    if sat is not None:
        mask = np.asarray(sat, dtype=bool)
        if mask.shape != x.shape:
            raise ValueError(f"sat must be {x.shape} like the points, not {mask.shape}")
        if not mask.all():
            return _analyse_sparse(np.where(mask, x, 0.0), mask, max_points)
    n, k = x.shape
    total = x.sum(axis=1)
    facility = x.mean(axis=0) / np.asarray(max_points, dtype=float) if n else np.zeros(k)
    rest = total[:, None] - x
    dx, dr = x - x.mean(axis=0), rest - rest.mean(axis=0)
    cov = (dx * dr).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        discrimination = cov / np.sqrt((dx * dx).sum(axis=0) * (dr * dr).sum(axis=0))
        # The largest covariance two columns with these values can have: both sorted alike.
        sx, sr = np.sort(x, axis=0), np.sort(rest, axis=0)
        best = ((sx - sx.mean(axis=0)) * (sr - sr.mean(axis=0))).sum(axis=0)
        efficiency = cov / best
    alpha = sem = None
    total_var = float(total.var(ddof=1)) if n > 1 else 0.0
    if k > 1 and total_var > 0:
        alpha = float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / total_var))
        sem = float(np.sqrt(total_var) * np.sqrt(max(0.0, 1 - alpha)))
    items = [ItemStats(float(f), _number(d), _number(e), _flags(float(f), _number(d)), attempts=n)
             for f, d, e in zip(facility, discrimination, efficiency, strict=True)]
    return TestStats(n, float(total.mean()) if n else 0.0,
                     float(np.sqrt(total_var)), alpha, sem, items)


def _analyse_sparse(x: np.ndarray, sat: np.ndarray, max_points: Sequence[float]) -> TestStats:
    """Different papers: every question against the attempts that had it; no α, no SEM."""
    n, _ = x.shape
    total = x.sum(axis=1)
    items = []
    for j, most in enumerate(max_points):
        rows = sat[:, j]
        if not rows.any():
            items.append(ItemStats(0.0, None, None, (), attempts=0))
            continue
        xj, rest = x[rows, j], total[rows] - x[rows, j]
        facility = float(xj.mean() / most) if most else 0.0
        dx, dr = xj - xj.mean(), rest - rest.mean()
        cov = float((dx * dr).sum())
        sx, sr = np.sort(xj), np.sort(rest)
        best = float(((sx - sx.mean()) * (sr - sr.mean())).sum())
        spread = float(np.sqrt((dx * dx).sum() * (dr * dr).sum()))
        discrimination = cov / spread if spread else None
        efficiency = cov / best if best else None
        items.append(ItemStats(facility, discrimination, efficiency, _flags(facility, discrimination),
                               attempts=int(rows.sum())))
    sd = float(total.std(ddof=1)) if n > 1 else 0.0
    return TestStats(n, float(total.mean()) if n else 0.0, sd, None, None, items, note=PAPERS_DIFFER)


def option_counts(responses: Iterable[object]) -> dict[str, int]:
    """How often each option was picked for one question (distractor analysis): a response
    is "B", ["A", "C"] or None (unanswered, counted under "")."""
    counts: Counter[str] = Counter()
    for response in responses:
        if response is None or response == "" or response == []:
            counts[""] += 1
        elif isinstance(response, bool):
            counts["T" if response else "F"] += 1
        elif isinstance(response, str):
            counts.update(response)
        else:
            counts.update(str(r) for r in response)  # type: ignore[union-attr]
    return dict(sorted(counts.items()))


def _number(value: float) -> float | None:
    return None if not np.isfinite(value) else float(value)


def _flags(facility: float, discrimination: float | None) -> tuple[str, ...]:
    flags = []
    if facility > TOO_EASY:
        flags.append(EASY)
    if facility < TOO_HARD:
        flags.append(HARD)
    if discrimination is not None and discrimination < 0:
        flags.append(NEGATIVE)
    return tuple(flags)
