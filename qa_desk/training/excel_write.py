"""Write a bank, or a blank template, in the Excel layout that `read_xlsx_bank` reads back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qa_desk.training.excel_columns import COLUMN_LABELS, option_letter
from qa_desk.training.model import MULTIPLE, SHORT, SINGLE, TRUE_FALSE, Bank, Question
from qa_desk.training.notation import format_answer, format_number

SHEET = "题目"
HELP_SHEET = "说明"
_WIDTHS = {"type": 10, "stem": 60, "answer": 10, "explanation": 50, "points": 6, "difficulty": 6,
           "category": 20, "reference_answer": 50, "key_points": 40, "code": 18, "note": 30}
_TYPE_LABELS = {TRUE_FALSE: "判断题", SINGLE: "单选题", MULTIPLE: "多选题", SHORT: "简答题"}

HELP = [
    ("列", "填写说明"),
    ("题型", "判断题、单选题（单项选择题）、多选题（多项选择题）、简答题；"
             "也可写 true_false / single / multiple / short"),
    ("题干", "题目文字，必填。答案括号写作“（ ）”"),
    ("选项A…选项H", "单选题、多选题至少两个选项，从 A 起依次填写，中间不留空；判断题和简答题不填"),
    ("正确答案", "单选题写一个字母，如 B；多选题写两个以上字母：ABD、A,B,D、A;B、A、B 均可（全角标点也可）；"
                 "判断题写 对/错、正确/错误、√/×、T/F、True/False 或 是/否；简答题可留空或写参考答案"),
    ("解析", "可选：答案的理由和依据"),
    ("分值", "可选，大于 0 的数字；留空时判断题 1 分、单选题 1 分、多选题 2 分、简答题 10 分"),
    ("难度", "可选：1 易、2 中、3 难（也可写 易/中/难），留空为 2"),
    ("分类", "可选：知识点，例如质检规则 id opening.greeting、hold.notice"),
    ("参考答案", "简答题的参考答案（扩展列）"),
    ("要点", "简答题的评分要点，每行一条（或用 ；分隔）；自动评分按答中要点的比例给出建议分（扩展列）"),
    ("编号", "可选：题目的固定编号，如 phone-tf-001（扩展列）"),
    ("备注", "可选：修订说明等（扩展列）"),
    ("", ""),
    ("导入规则", "导入前检查每一行；有任何一行不合格时列出所有问题，整个文件都不导入。"
                 "同一题库中题型、题干、选项和答案都相同的题目只保存一次，重复导入不会产生重复题目。"),
]
EXAMPLES = [
    Question(type=TRUE_FALSE, stem="接听电话时可以用“喂”开头。（ ）", answer=False, points=1,
             category="opening.greeting", explanation="标准首问语为“您好，……很高兴为您服务”。"),
    Question(type=SINGLE, stem="需要客户等待时，客服应先（ ）", answer="B",
             options={"A": "直接保留", "B": "告知客户并征得同意", "C": "挂断后回拨"}, points=1,
             category="hold.notice"),
    Question(type=MULTIPLE, stem="以下属于服务禁语的是（ ）", answer=("A", "B", "D"),
             options={"A": "这不归我管", "B": "你听不懂吗", "C": "请您稍等", "D": "我不知道"},
             points=2, category="language.forbidden"),
    Question(type=SHORT, stem="简述投诉处理的 CLEAR 方法。", points=10, difficulty=3,
             reference_answer="控制情绪、倾听、建立共鸣、表示歉意、解决问题。",
             key_points=("控制情绪", "倾听客户", "建立共鸣", "表示歉意", "解决问题")),
]


def write_xlsx_bank(bank: Bank, path: Path) -> list[str]:
    workbook = _workbook(bank.questions)
    workbook.properties.identifier = bank.name
    workbook.properties.title = bank.title
    workbook.properties.description = bank.source
    workbook.save(path)
    return []


def write_template(path: Path) -> None:
    """The header row alone on the first sheet; column notes and one example per type on the second."""
    _workbook([]).save(path)


def _workbook(questions: list[Question]):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    _write_table(sheet, questions)
    sheet.freeze_panes = "C2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    helper = workbook.create_sheet(HELP_SHEET)
    for row in HELP:
        helper.append(row)
    helper.column_dimensions["A"].width = 14
    helper.column_dimensions["B"].width = 100
    helper.append(())
    helper.append(("示例（复制到“题目”表使用）",))
    _write_table(helper, EXAMPLES, first_row=helper.max_row + 1)
    for row in helper.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook


def _write_table(sheet, questions: list[Question], first_row: int = 1) -> None:
    from openpyxl.utils import get_column_letter

    keys = list(COLUMN_LABELS)
    for column, key in enumerate(keys, start=1):
        sheet.cell(row=first_row, column=column, value=COLUMN_LABELS[key])
        if first_row == 1:
            width = 12 if option_letter(key) else _WIDTHS.get(key, 12)
            sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, question in enumerate(questions, start=1):
        for column, key in enumerate(keys, start=1):
            _set(sheet.cell(row=first_row + offset, column=column), _value(question, key))


def _value(question: Question, key: str) -> Any:
    letter = option_letter(key)
    if letter:
        return question.options.get(letter)
    if key == "type":
        return _TYPE_LABELS[question.type]
    if key == "answer":
        return format_answer(question.type, question.answer) or None
    if key in ("points", "difficulty"):
        return format_number(getattr(question, key))
    if key == "key_points":
        return "\n".join(question.key_points) or None
    return getattr(question, key)


def _set(cell, value: Any) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        # A stem may begin with "="; written as text, never as a formula Excel would run.
        cell.data_type = "s"
