"""Grading with worked examples: the three multiple-choice policies and key-point suggestions."""

from __future__ import annotations

import pytest

from qa_desk.training import (
    ALL_OR_NOTHING,
    HALF,
    MULTIPLE,
    PARTIAL,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    Question,
    grade,
    grade_multiple,
)

ABD = Question(type=MULTIPLE, stem="以下属于禁语的是（ ）", answer=("A", "B", "D"), points=3,
               options={"A": "这不归我管", "B": "你听不懂吗", "C": "请您稍等", "D": "我不知道"})


@pytest.mark.parametrize(("picks", "policy", "points"), [
    # Answer ABD worth 3: two of three right picks, nothing wrong.
    ("AB", ALL_OR_NOTHING, 0), ("AB", PARTIAL, 2), ("AB", HALF, 1.5),
    # One wrong pick (C) scores nothing, whatever else is right.
    ("ABC", ALL_OR_NOTHING, 0), ("ABC", PARTIAL, 0), ("ABC", HALF, 0),
    ("ABCD", PARTIAL, 0),
    # Exactly right: full marks under every policy, however it is written.
    ("ABD", ALL_OR_NOTHING, 3), ("D,B,A", PARTIAL, 3), (["A", "B", "D"], HALF, 3),
    # One right pick of three.
    ("A", PARTIAL, 1), ("A", HALF, 1.5),
    # Nothing picked.
    ("", PARTIAL, 0), (None, HALF, 0),
])
def test_multiple_choice_policies(picks, policy, points):
    result = grade(ABD, picks, policy=policy)
    assert result.points == pytest.approx(points)
    assert result.max_points == 3
    assert result.correct is (points == 3)
    assert not result.needs_manual


def test_partial_credit_is_proportional_to_the_right_options():
    assert grade_multiple("ABD", "AB", 2, PARTIAL) == pytest.approx(4 / 3)
    assert grade_multiple("ABCD", "ABC", 2, PARTIAL) == pytest.approx(1.5)
    with pytest.raises(ValueError, match="unknown multiple-choice policy 'lenient'"):
        grade_multiple("AB", "A", 2, "lenient")


def test_true_false_and_single_choice_are_all_or_nothing():
    tf = Question(type=TRUE_FALSE, stem="可以用“喂”开头。（ ）", answer=False, points=1)
    assert grade(tf, "错").points == 1 and grade(tf, False).correct is True
    assert grade(tf, "√").points == 0 and grade(tf, None).points == 0
    single = Question(type=SINGLE, stem="题", answer="B", options={"A": "甲", "B": "乙"}, points=2)
    assert grade(single, "b").points == 2
    assert grade(single, "A").points == 0
    assert grade(single, "AB").points == 0


KEY_POINTS = (
    "结束前询问是否还有其他需要帮助的",
    "结束语包含感谢来电与道别（“感谢您的来电……再见”）",
    "说完结束语后等待 3–5 秒再挂断，其余情况不得主动挂断",
    "杂音听不清时需稍停 5 秒、经客户同意后挂机",
)
CLOSING = Question(type=SHORT, stem="请描述呼入电话规范的结束流程。", points=10, key_points=KEY_POINTS,
                   reference_answer="……")


def test_key_points_are_found_in_a_traditional_character_answer():
    answer = ("結束前先詢問客戶「請問還有其他需要幫助的嗎？」，客戶說沒有後說「感謝您的來電，祝您生活愉快，"
              "再見」。說完結束語後等待３到５秒再掛斷。")
    result = grade(CLOSING, answer)
    assert result.found == KEY_POINTS[:3]
    assert result.missing == KEY_POINTS[3:]
    assert result.points == 7.5  # three of four key points, suggested
    assert result.needs_manual and result.correct is None


def test_an_off_topic_or_empty_answer_suggests_nothing_and_still_needs_a_person():
    assert grade(CLOSING, "客户永远是对的。").points == 0
    empty = grade(CLOSING, None)
    assert empty.points == 0 and empty.needs_manual and empty.missing == KEY_POINTS
    no_points = Question(type=SHORT, stem="谈谈你的体会。", points=10)
    assert grade(no_points, "很多体会").needs_manual and grade(no_points, "很多体会").points == 0


def test_bundled_short_answers_score_full_marks_with_their_own_reference_answer(phone_bank):
    for question in (q for q in phone_bank.questions if q.type == SHORT):
        result = grade(question, question.reference_answer)
        assert result.points >= question.points * 0.5, (question.code, result.missing)
