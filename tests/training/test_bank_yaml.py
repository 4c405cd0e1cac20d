"""The bundled banks load and validate cleanly; a broken YAML bank names the question and key."""

from __future__ import annotations

import pytest

from qa_desk.training import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, BankError, read_bank
from tests.training.conftest import BUNDLED

EXPECTED = {
    "phone-etiquette": ({TRUE_FALSE: 16, SINGLE: 26, MULTIPLE: 14, SHORT: 6}, 130),
    "service-specialist-written": ({TRUE_FALSE: 25, SINGLE: 31, MULTIPLE: 20, SHORT: 3}, 126),
}


def test_both_bundled_banks_are_found():
    assert sorted(p.stem for p in BUNDLED) == sorted(EXPECTED)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_bank_loads_with_the_counts_its_readme_gives(path):
    bank = read_bank(path)
    counts, points = EXPECTED[bank.name]
    assert bank.count_by_type() == counts
    assert bank.total_points == points
    assert bank.warnings == []
    assert len({q.code for q in bank.questions}) == len(bank.questions)
    assert len({q.content_hash for q in bank.questions}) == len(bank.questions)
    for question in bank.questions:
        assert question.category and question.explanation, question.code
        if question.type == SHORT:
            assert question.reference_answer and 3 <= len(question.key_points) <= 6, question.code


def test_bundled_answers_are_read_as_canonical_values(phone_bank):
    by_code = {q.code: q for q in phone_bank.questions}
    assert by_code["phone-tf-001"].answer is False
    assert by_code["phone-tf-002"].answer is True
    multiple = next(q for q in phone_bank.questions if q.type == MULTIPLE)
    assert isinstance(multiple.answer, tuple) and list(multiple.answer) == sorted(multiple.answer)
    single = next(q for q in phone_bank.questions if q.type == SINGLE)
    assert single.answer in single.options


def test_a_broken_yaml_bank_names_every_question_and_key(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "bank: bad\ntitle: 坏题库\nquestions:\n"
        "  - {id: q1, type: single, stem: 题一, options: {A: 甲, B: 乙}, answer: E}\n"
        "  - {id: q2, type: multiple, stem: 题二, options: {A: 甲, B: 乙}, answer: [A]}\n"
        "  - {id: q3, type: 填空题, stem: 题三}\n"
        "  - {id: q4, type: true_false, stem: 题四, answer: 也许, colour: red}\n"
        "  - {id: q1, type: short, stem: ''}\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as caught:
        read_bank(path)
    found = {(p.question, p.field) for p in caught.value.problems}
    assert {("q1", "answer"), ("q2", "answer"), ("q3", "type"), ("q4", "answer"),
            ("q4", "colour"), ("q1", "id"), ("q1", "stem")} <= found
    message = caught.value.describe()
    assert str(path) in message
    assert "question q1, answer: answer E but only options A–B" in message
    assert "question q2, answer: a multiple-choice question needs two or more" in message


def test_yaml_syntax_errors_give_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("bank: x\ntitle: y\nquestions:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"bad.yaml: line \d+: not valid YAML"):
        read_bank(path)


def test_wrong_shapes_and_yaml_aliases_are_refused(tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text(
        "bank: b\ntitle: t\nquestions:\n"
        "  - {id: q1, type: single, stem: [a, b], options: [甲, 乙], answer: A}\n"
        "  - {id: q2, type: short, stem: 题, key_points: 只有一条}\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as caught:
        read_bank(path)
    assert [p.describe() for p in caught.value.problems] == [
        "question q1, stem: expected text",
        "question q1, options: expected a mapping A: text, B: text",
        "question q2, key_points: expected a list of texts",
    ]
    # An alias can make a small file expand into a huge one.
    path.write_text("bank: b\ntitle: &t t\nsource: *t\nquestions: []\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"line 3: not valid YAML .aliases"):
        read_bank(path)


def test_the_bank_name_can_be_overridden(tmp_path):
    bank = read_bank(BUNDLED[0], name="新员工-第一期")
    assert bank.name == "新员工-第一期"


def test_the_training_package_loads_neither_qt_nor_the_database():
    import subprocess
    import sys

    code = (
        "import pkgutil, importlib, sys, qa_desk.training as t\n"
        "for m in pkgutil.iter_modules(t.__path__): importlib.import_module(f'qa_desk.training.{m.name}')\n"
        "print(sorted({k.split('.')[0] for k in sys.modules} & {'PySide6', 'sqlalchemy', 'alembic'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
