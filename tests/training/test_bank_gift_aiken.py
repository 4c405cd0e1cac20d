"""Moodle's GIFT and Aiken formats, both directions."""

from __future__ import annotations

import pytest

from qa_desk.training import (
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    Bank,
    BankError,
    Question,
    read_bank,
    write_bank,
)
from qa_desk.training.gift_read import parse_gift
from tests.training.conftest import BUNDLED


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_yaml_bank_to_gift_and_back_keeps_every_question(path, tmp_path):
    bank = read_bank(path)
    out = tmp_path / "bank.gift"
    assert write_bank(bank, out, "gift") == []
    again = read_bank(out)
    assert again.questions == bank.questions
    assert (again.name, again.title, again.source) == (bank.name, bank.title, bank.source)


def test_gift_export_is_what_moodle_reads(phone_bank, tmp_path):
    write_bank(phone_bank, tmp_path / "p.gift", "gift")
    text = (tmp_path / "p.gift").read_text(encoding="utf-8")
    assert "::phone-tf-001::接听客户来电时，客服代表可以用“喂，你好”作为开头。（ ） {FALSE####" in text
    assert "$CATEGORY: phone-etiquette/opening.greeting" in text
    # phone-mc-001: three right answers of four.
    assert "\t~%33.33333%问候语" in text and "\t~%-100%询问客户的身份证号码" in text


MOODLE_STYLE = r"""// A file as a teacher writes it for Moodle.
$CATEGORY: $course$/top/电话礼仪

::Q1:: 接电话可以说“喂”。{F}

::Q2::
需要客户等待时应先 {
    ~直接保留#不礼貌
    =告知客户并征得同意#对
    ~挂断回拨
}

::Q3:: 以下属于禁语的是 {
    ~%50%这不归我管
    ~%50%你听不懂吗
    ~%-100%请您稍等
    ####两句都推卸责任
}

::Q4::简述 CLEAR 方法。{}

::Q5::[html]<p>比率 1\:2 与 a\=b，花括号 \{ \} 也要转义</p>{TRUE}

客服说完结束语后 {=等待 3–5 秒 ~立即} 再挂断。
"""


def test_a_moodle_style_gift_file(tmp_path):
    path = tmp_path / "moodle.txt"
    path.write_text(MOODLE_STYLE, encoding="utf-8")
    bank = read_bank(path)
    q1, q2, q3, q4, q5, q6 = bank.questions
    assert (q1.type, q1.answer, q1.code, q1.stem) == (TRUE_FALSE, False, "Q1", "接电话可以说“喂”。")
    assert (q2.type, q2.answer, q2.options) == (SINGLE, "B", {"A": "直接保留", "B": "告知客户并征得同意",
                                                               "C": "挂断回拨"})
    assert (q3.type, q3.answer, q3.explanation) == (MULTIPLE, ("A", "B"), "两句都推卸责任")
    assert q4.type == SHORT and q4.points == 10
    assert q5.stem == "比率 1:2 与 a=b，花括号 { } 也要转义" and q5.answer is True
    assert q6.stem == "客服说完结束语后（ ）再挂断。" and q6.answer == "A"
    assert {q.category for q in bank.questions} == {"电话礼仪"}
    assert bank.name == "moodle"


def test_special_characters_survive_a_gift_round_trip():
    tricky = Question(type=SINGLE, stem="a~b=c#d{e}f:g\\h\n第二行", answer="B",
                      options={"A": "50%", "B": "=1+1 ~ {}"}, code="x::y", explanation="####")
    bank = Bank(name="t", title="t", questions=[tricky])
    from qa_desk.training.gift_write import gift_text

    assert parse_gift(gift_text(bank), "t.gift", name="t").questions == [tricky]


def test_gift_problems_are_all_listed_with_their_lines(tmp_path):
    path = tmp_path / "bad.gift"
    path.write_text(
        "::ok::好题 {T}\n\n"
        "::num::几秒？ {#3:1}\n\n"
        "::fill::首问语是 {=您好 =你好}\n\n"
        "::open::没有答案块\n\n"
        "::none::没有对的 {~甲 ~乙}\n\n"
        "::two::两个等号 {=甲 =乙 ~丙}\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as caught:
        read_bank(path)
    problems = {p.question: (p.line, p.reason) for p in caught.value.problems}
    assert problems["num"][0] == 3 and "numerical answers" in problems["num"][1]
    assert problems["fill"][0] == 5 and "short-answer (fill-in)" in problems["fill"][1]
    assert problems["open"] == (7, "no answer block {…}")
    assert "no right answer" in problems["none"][1]
    assert "2 answers marked =" in problems["two"][1]
    assert "ok" not in problems


def test_single_choice_questions_to_aiken_and_back(phone_bank, tmp_path):
    out = tmp_path / "p.txt"
    warnings = write_bank(phone_bank, out, "aiken")
    assert warnings == ["Aiken holds single-choice questions only: skipped 16 true/false, "
                        "14 multiple-choice, 6 short-answer question(s); export as xlsx or gift to keep them"]
    again = read_bank(out)  # a .txt with ANSWER: lines and no braces reads as Aiken
    singles = [q for q in phone_bank.questions if q.type == SINGLE]
    assert [(q.stem, q.options, q.answer) for q in again.questions] == [
        (q.stem, q.options, q.answer) for q in singles]
    assert out.read_text(encoding="utf-8").startswith(
        "按照客服用语规范，以下哪一句是标准的呼入首问语？（ ）\nA. 喂，哪位？\n")


def test_aiken_as_moodle_documents_it_and_as_chinese_sheets_write_it(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "What is the correct answer to this question?\nA. Is it this one?\nB. Maybe this answer?\n"
        "C. Possibly this one?\nD. Must be this one!\nANSWER: D\n\n"
        "需要客户等待时应先\nA) 直接保留\nB) 告知并征得同意\nANSWER: b\n"
        "语速约为每分钟\nA、100 字\nB、160 字\n答案：B\n",
        encoding="utf-8",
    )
    bank = read_bank(path, format="aiken")
    assert [q.answer for q in bank.questions] == ["D", "B", "B"]
    assert bank.questions[1].options == {"A": "直接保留", "B": "告知并征得同意"}
    assert all(q.type == SINGLE and q.points == 1 for q in bank.questions)


def test_aiken_problems_are_all_listed_with_their_lines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "题一\nA. 甲\nB. 乙\nANSWER: E\n\n"
        "题二\nA. 甲\nB. 乙\n\n"
        "题三\nA. 甲\n这一行不是选项\nB. 乙\nANSWER: A\n\n"
        "题四\nA. 甲\nB. 乙\nANSWER: A\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as caught:
        read_bank(path, format="aiken")
    described = [p.describe() for p in caught.value.problems]
    assert described == [
        "line 1, answer: answer E but only options A–B are given",
        "line 6: no ANSWER: line before the blank line 9",
        "line 12: '这一行不是选项': expected an option line (C. …) or the ANSWER: line",
    ]
