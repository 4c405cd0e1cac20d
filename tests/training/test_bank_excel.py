"""Excel banks: the Chinese template both ways, every bad row reported, broken files refused."""

from __future__ import annotations

import zipfile

import pytest

from qa_desk.training import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, BankError, read_bank, write_bank, xlsx_guard
from qa_desk.training.excel_write import EXAMPLES, write_template
from tests.training.conftest import write_sheet


def test_yaml_bank_to_xlsx_and_back_keeps_every_question(phone_bank, tmp_path):
    path = tmp_path / "phone.xlsx"
    assert write_bank(phone_bank, path, "xlsx") == []
    again = read_bank(path)
    assert again.questions == phone_bank.questions
    assert (again.name, again.title, again.source) == (phone_bank.name, phone_bank.title,
                                                       phone_bank.source)


def test_a_filled_in_sheet_with_every_notation(tmp_path):
    rows = [
        ["单选题", "首问语应包含？", "问候", "工号", "", "", "b", "", "", "", "opening.greeting"],
        ["单项选择题", "题二", "甲", "乙", "丙", "", "C", "", 1, "易", ""],
        ["多选题", "题三", "甲", "乙", "丙", "丁", "A,B,D", "", 2, 2, ""],
        ["多项选择题", "题四", "甲", "乙", "丙", "丁", "A；B", "", "", "", ""],
        ["多选题", "题五", "甲", "乙", "丙", "丁", "A、C、D", "", "", "", ""],
        ["判断题", "题六", "", "", "", "", "对", "", "", "", ""],
        ["判断题", "题七", "", "", "", "", "×", "", "", "", ""],
        ["判断题", "题八", "", "", "", "", True, "", "", "", ""],
        ["判断", "题九", "", "", "", "", "F", "", "", "", ""],
        ["简答题", "题十", "", "", "", "", "参考答案写在正确答案列", "", 5, 3, ""],
    ]
    bank = read_bank(write_sheet(tmp_path / "新员工题库.xlsx", rows))
    answers = [q.answer for q in bank.questions]
    assert answers == ["B", "C", ("A", "B", "D"), ("A", "B"), ("A", "C", "D"), True, False, True,
                       False, None]
    assert [q.type for q in bank.questions] == [SINGLE] * 2 + [MULTIPLE] * 3 + [TRUE_FALSE] * 4 + [SHORT]
    assert bank.questions[9].reference_answer == "参考答案写在正确答案列"
    assert [q.points for q in bank.questions] == [1, 1, 2, 2, 2, 1, 1, 1, 1, 5]  # blank: by type
    assert bank.questions[1].difficulty == 1 and bank.questions[0].difficulty == 2
    assert bank.questions[0].category == "opening.greeting"
    assert bank.name == "新员工题库"


def test_a_title_row_extra_columns_and_key_points_in_one_cell(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026 年新员工题库"])
    sheet.append(["*题型", "*题干", "参考答案", "要点", "出题人"])
    sheet.append(["简答题", "简述等待规范", "先告知再保留", "先告知；征得同意；致谢", "张三"])
    workbook.save(tmp_path / "s.xlsx")
    bank = read_bank(tmp_path / "s.xlsx")
    assert bank.questions[0].key_points == ("先告知", "征得同意", "致谢")
    assert bank.warnings == ["column '出题人' is not part of the template and was ignored"]


def test_a_broken_sheet_lists_every_bad_row_and_reads_nothing(tmp_path):
    rows = [
        ["单选题", "好题", "甲", "乙", "丙", "丁", "A", "", "", "", ""],          # row 2
        ["单选题", "题三", "甲", "乙", "丙", "丁", "E", "", "", "", ""],          # row 3
        ["多选题", "题四", "甲", "乙", "丙", "丁", "B", "", "", "", ""],          # row 4
        ["单选题", "", "甲", "乙", "", "", "A", "", "", "", ""],                  # row 5
        ["填空题", "题六", "", "", "", "", "客服", "", "", "", ""],               # row 6
        ["判断题", "题七", "", "", "", "", "对", "", "两分", "", ""],             # row 7
        ["判断题", "题八", "", "", "", "", "也许", "", "", "", ""],               # row 8
        ["单选题", "题九", "甲", "", "丙", "", "A", "", "", "", ""],              # row 9
        ["单选题", "题十", "甲", "乙", "", "", "AB", "", "", "", ""],             # row 10
    ]
    with pytest.raises(BankError) as caught:
        read_bank(write_sheet(tmp_path / "bad.xlsx", rows))
    problems = {(p.row, p.field): p.reason for p in caught.value.problems}
    assert problems[(3, "正确答案")] == "answer E but only options A–D are given"
    assert "needs two or more correct options, found only B" in problems[(4, "正确答案")]
    assert problems[(5, "题干")] == "the question text is empty"
    assert "unknown question type '填空题'" in problems[(6, "题型")]
    assert "points '两分' is not a number" in problems[(7, "分值")]
    assert "'也许': expected 对/错" in problems[(8, "正确答案")]
    assert "option B is empty but later options are filled" in problems[(9, "选项B")]
    assert "one answer, found AB" in problems[(10, "正确答案")]
    assert {row for row, _ in problems} == set(range(3, 11))
    assert "bad.xlsx: 8 problems" in caught.value.describe()
    assert "row 3, 正确答案: answer E but only options A–D" in caught.value.describe()


def test_repeated_rows_are_kept_once_with_a_warning(tmp_path):
    row = ["判断题", "题一", "", "", "", "", "对", "", "", "", ""]
    bank = read_bank(write_sheet(tmp_path / "r.xlsx", [row, row]))
    assert len(bank.questions) == 1 and bank.warnings == ["row 3 repeats row 2; kept once"]


def test_stems_that_look_like_formulas_stay_text(tmp_path, phone_bank):
    question = phone_bank.questions[0]
    odd = type(phone_bank)(name="odd", title="odd",
                           questions=[question.__class__(**{**_fields(question), "stem": "=1+1 对吗"})])
    write_bank(odd, tmp_path / "odd.xlsx", "xlsx")
    assert read_bank(tmp_path / "odd.xlsx").questions[0].stem == "=1+1 对吗"


def _fields(question) -> dict:
    return {name: getattr(question, name) for name in question.__slots__}


def test_the_template_has_the_header_and_a_sheet_of_instructions_and_examples(tmp_path):
    from openpyxl import load_workbook

    write_template(tmp_path / "t.xlsx")
    workbook = load_workbook(tmp_path / "t.xlsx")
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header[:11] == ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "选项G",
                           "选项H", "正确答案"]
    assert {"解析", "分值", "难度", "分类", "参考答案", "要点"} <= set(header)
    assert workbook.worksheets[0].max_row == 1
    notes = workbook.worksheets[1]
    assert notes.title == "说明"
    text = "\n".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "ABD、A,B,D、A;B" in text and "对/错" in text
    # The examples on the second sheet are themselves a valid bank.
    assert len(EXAMPLES) == 4
    with pytest.raises(BankError, match="no questions below the header"):
        read_bank(tmp_path / "t.xlsx")


def test_a_file_that_is_not_a_zip_is_refused_clearly(tmp_path):
    path = tmp_path / "bank.xlsx"
    path.write_text("题型,题干\n单选题,题一\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"bank.xlsx: not an .xlsx workbook .*save the sheet as Excel"):
        read_bank(path)


def test_an_old_xls_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(BankError, match=r"Excel 97–2003 .* save it as Excel Workbook"):
        read_bank(path)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(xlsx_guard.MAX_FILE_BYTES + 1)
    with pytest.raises(BankError, match=r"huge.xlsx: the file is 20.0 MB; .* over 20.0 MB are refused"):
        read_bank(path)


def test_a_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(BankError, match=r"sheet1.xml unpacks \d+ times larger .* zip bomb"):
        read_bank(path)


def test_a_workbook_that_unpacks_to_too_much_is_refused(tmp_path, monkeypatch):
    path = write_sheet(tmp_path / "big.xlsx", [["判断题", "题一", "", "", "", "", "对"]])
    monkeypatch.setattr(xlsx_guard, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(BankError, match="refused: it unpacks to"):
        read_bank(path)


def test_a_zip_that_is_not_a_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(BankError, match=r"fake.xlsx: not a readable .xlsx workbook"):
        read_bank(path)


def test_a_sheet_without_the_template_header_says_which_columns_it_needs(tmp_path):
    path = write_sheet(tmp_path / "h.xlsx", [["x", "y"]], header=["问题", "回答"])
    with pytest.raises(BankError, match="no header row: expected a row with the columns 题型 and 题干"):
        read_bank(path)


def test_a_category_longer_than_the_store_holds_is_a_row_problem(tmp_path):
    row = ["判断题", "题一", "", "", "", "", "对", "", "", "", "知" * 101]
    with pytest.raises(BankError, match="row 2, 分类: 101 characters: at most 100"):
        read_bank(write_sheet(tmp_path / "long.xlsx", [row]))
