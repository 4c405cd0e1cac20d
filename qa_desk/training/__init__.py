"""Training: question banks as data, their file formats, and grading. Pure Python: no Qt, no database.

Formats: the bundled YAML (exams/README.md), Excel in the Chinese template (题型, 题干,
选项A…选项H, 正确答案, 解析, 分值, 难度, 分类), and Moodle's GIFT and Aiken."""

from qa_desk.training.errors import BankError, Problem
from qa_desk.training.excel_write import write_template
from qa_desk.training.formats import READ_FORMATS, WRITE_FORMATS, format_of, read_bank, write_bank
from qa_desk.training.grading import (
    ALL_OR_NOTHING,
    HALF,
    PARTIAL,
    POLICIES,
    Grade,
    grade,
    grade_multiple,
    suggest_short,
)
from qa_desk.training.model import (
    CHOICE_TYPES,
    MULTIPLE,
    SHORT,
    SINGLE,
    TRUE_FALSE,
    TYPES,
    Bank,
    Question,
    content_hash,
)

__all__ = [
    "ALL_OR_NOTHING",
    "CHOICE_TYPES",
    "HALF",
    "MULTIPLE",
    "PARTIAL",
    "POLICIES",
    "READ_FORMATS",
    "SHORT",
    "SINGLE",
    "TRUE_FALSE",
    "TYPES",
    "WRITE_FORMATS",
    "Bank",
    "BankError",
    "Grade",
    "Problem",
    "Question",
    "content_hash",
    "format_of",
    "grade",
    "grade_multiple",
    "read_bank",
    "suggest_short",
    "write_bank",
    "write_template",
]
