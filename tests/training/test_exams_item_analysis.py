"""Item analysis against small examples worked by hand, and its speed at scale."""

from __future__ import annotations

import time

import numpy as np
import pytest

from qa_desk.training.item_analysis import EASY, HARD, NEGATIVE, analyse, option_counts

# Four candidates, three one-point questions:
#   c1 1 1 1 (3)   c2 1 1 0 (2)   c3 1 0 0 (1)   c4 0 0 1 (1)
WORKED = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 1]]


def test_facility_discrimination_and_efficiency_by_hand():
    stats = analyse(WORKED, [1, 1, 1])
    # Facility: 3/4, 2/4, 2/4.
    assert [i.facility for i in stats.items] == [0.75, 0.5, 0.5]
    # Q2 against the rest (2, 1, 1, 1): deviations (.5 .5 −.5 −.5)·(.75 −.25 −.25 −.25) sum
    # to .5; Σdx² = 1, Σdr² = .75, so r = .5/√.75 = 0.5774. Sorted alike, the rest's
    # (1 1 1 2) against (0 0 1 1) also gives .5: efficiency 1.
    assert stats.items[1].discrimination == pytest.approx(0.5 / np.sqrt(0.75))
    assert stats.items[1].efficiency == pytest.approx(1.0)
    # Q3 against the rest (2, 2, 1, 0): covariance sum −.5, Σdr² = 2.75: r = −.5/√2.75 = −0.3015;
    # best order (0 0 1 1)·(0 1 2 2) gives 1.5: efficiency −1/3.
    assert stats.items[2].discrimination == pytest.approx(-0.5 / np.sqrt(2.75))
    assert stats.items[2].efficiency == pytest.approx(-1 / 3)
    assert stats.items[2].flags == (NEGATIVE,)
    # Q1 against the rest (2, 1, 0, 1): the deviations cancel exactly: r = 0.
    assert stats.items[0].discrimination == pytest.approx(0.0)
    # Item variances 1/4, 1/3, 1/3 sum to 11/12 = var of totals (3 2 1 1): α = 0, SEM = SD.
    assert stats.alpha == pytest.approx(0.0) and stats.sem == pytest.approx(np.sqrt(11 / 12))
    assert (stats.attempts, stats.mean) == (4, 1.75)


def test_cronbach_alpha_and_sem_by_hand():
    # Three candidates, two questions: 1 1 / 1 0 / 0 0. var(q1) = var(q2) = 1/3, totals
    # 2 1 0 have var 1: α = 2 · (1 − 2/3) = 2/3, SEM = 1 · √(1/3).
    stats = analyse([[1, 1], [1, 0], [0, 0]], [1, 1])
    assert stats.alpha == pytest.approx(2 / 3) and stats.sem == pytest.approx(np.sqrt(1 / 3))


def test_flags_and_questions_without_spread():
    stats = analyse([[1, 0, 2], [1, 0, 1], [1, 0, 0]], [1, 1, 2])
    assert stats.items[0].flags == (EASY,) and stats.items[0].discrimination is None
    assert stats.items[1].flags == (HARD,) and stats.items[1].facility == 0
    assert stats.items[2].facility == 0.5  # points ÷ max: (2 + 1 + 0) / 3 / 2


def test_distractor_counts():
    assert option_counts(["B", "B", "A", None, ["A", "C"], "AC"]) == {"": 1, "A": 3, "B": 2, "C": 2}


def test_ten_thousand_attempts_by_a_hundred_questions_in_well_under_two_seconds():
    rng = np.random.default_rng(7)
    ability = rng.normal(size=(10_000, 1))
    points = (ability + rng.normal(size=(10_000, 100)) > rng.normal(size=100)).astype(float)
    begin = time.perf_counter()
    stats = analyse(points, [1.0] * 100)
    elapsed = time.perf_counter() - begin
    print(f"item analysis of 10,000 × 100: {elapsed:.3f} s")
    assert elapsed < 2.0
    assert stats.alpha is not None and 0.5 < stats.alpha < 1
    assert all(i.discrimination is not None and i.discrimination > 0 for i in stats.items)
