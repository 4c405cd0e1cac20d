"""Every way the issue lists of writing a type, an answer, points and difficulty."""

from __future__ import annotations

import pytest

from qa_desk.training import MULTIPLE, SHORT, SINGLE, TRUE_FALSE
from qa_desk.training.notation import (
    parse_choices,
    parse_difficulty,
    parse_points,
    parse_true_false,
    parse_type,
)


@pytest.mark.parametrize("written", [
    "ABD", "A,B,D", "A;B;D", "A、B、D", "A，B，D", "A；B；D", "A B D", "abd", "ＡＢＤ", "D,A,B",
    "A, B, D", ["A", "B", "D"], "ABDD",
])
def test_choice_answers(written):
    assert parse_choices(written) == ("A", "B", "D")


def test_a_choice_answer_that_is_not_letters_says_what_is_expected():
    with pytest.raises(ValueError, match=r"not option letters: expected e.g. A, ABD"):
        parse_choices("对")


@pytest.mark.parametrize("written", ["对", "正确", "√", "✓", "T", "t", "True", "TRUE", "是", True, "Ｔ"])
def test_true(written):
    assert parse_true_false(written) is True


@pytest.mark.parametrize("written", ["错", "错误", "×", "✗", "F", "false", "FALSE", "否", False, "X"])
def test_false(written):
    assert parse_true_false(written) is False


def test_an_unknown_true_false_answer_lists_the_notations():
    with pytest.raises(ValueError, match="'也许': expected 对/错, 正确/错误, √/×, T/F, True/False or 是/否"):
        parse_true_false("也许")


@pytest.mark.parametrize(("written", "expected"), [
    ("判断题", TRUE_FALSE), ("判断", TRUE_FALSE), ("true_false", TRUE_FALSE),
    ("单选题", SINGLE), ("单项选择题", SINGLE), ("single", SINGLE), (" 单选题 ", SINGLE),
    ("多选题", MULTIPLE), ("多项选择题", MULTIPLE), ("multiple", MULTIPLE), ("Multiple", MULTIPLE),
    ("简答题", SHORT), ("short", SHORT),
])
def test_question_types(written, expected):
    assert parse_type(written) == expected


def test_an_unknown_type_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown question type '填空题': expected 判断题, 单选题"):
        parse_type("填空题")


def test_points_and_difficulty():
    assert parse_points("", 2.0) == 2.0
    assert parse_points(3, 1.0) == 3.0
    assert parse_points("1.5", 1.0) == 1.5
    assert parse_points("２分", 1.0) == 2.0
    with pytest.raises(ValueError, match="points 'abc' is not a number"):
        parse_points("abc", 1.0)
    with pytest.raises(ValueError, match="above 0"):
        parse_points("-1", 1.0)
    assert [parse_difficulty(v, 2) for v in ("", 1, "3", "易", "中", "难", 2.0)] == [2, 1, 3, 1, 2, 3, 2]
    with pytest.raises(ValueError, match="expected 1, 2 or 3"):
        parse_difficulty("5", 2)
