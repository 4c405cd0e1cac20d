"""The many ways people write a question type, an answer, points and difficulty in a sheet.

Every parser returns the canonical value or raises ValueError with a message that says what
was found and what was expected; the caller adds the file, row and column."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from qa_desk.training.model import MULTIPLE, SHORT, SINGLE, TRUE_FALSE

TYPE_NAMES = {
    TRUE_FALSE: ("判断题", "判断", "是非题", "true_false", "truefalse", "true/false", "tf"),
    SINGLE: ("单选题", "单选", "单项选择题", "单项选择", "single", "single_choice"),
    MULTIPLE: ("多选题", "多选", "多项选择题", "多项选择", "multiple", "multiple_choice"),
    SHORT: ("简答题", "简答", "问答题", "short", "short_answer", "essay"),
}
_TYPE_LOOKUP = {name: key for key, names in TYPE_NAMES.items() for name in names}
EXPECTED_TYPES = ("判断题, 单选题/单项选择题, 多选题/多项选择题 or 简答题 "
                  "(or true_false, single, multiple, short)")

_TRUE = {"对", "正确", "是", "√", "✓", "✔", "t", "true", "y", "yes"}
_FALSE = {"错", "错误", "否", "×", "✗", "✘", "x", "f", "false", "n", "no"}
EXPECTED_TRUE_FALSE = "对/错, 正确/错误, √/×, T/F, True/False or 是/否"

# Full-width commas and semicolons fold to ASCII under NFKC; 、 and spaces need naming.
_CHOICE_SEPARATORS = re.compile(r"[\s,;、/|]+")
_DIFFICULTY_WORDS = {"易": 1, "简单": 1, "容易": 1, "中": 2, "中等": 2, "一般": 2, "难": 3, "困难": 3,
                     "较难": 3, "easy": 1, "medium": 2, "hard": 3}


def text(value: Any) -> str:
    """A cell or YAML scalar as stripped text ('' for empty); 2.0 from Excel reads as '2'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_type(value: Any) -> str:
    name = unicodedata.normalize("NFKC", text(value)).lower().replace(" ", "")
    if not name:
        raise ValueError(f"empty: expected {EXPECTED_TYPES}")
    if name not in _TYPE_LOOKUP:
        raise ValueError(f"unknown question type {text(value)!r}: expected {EXPECTED_TYPES}")
    return _TYPE_LOOKUP[name]


def parse_true_false(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = unicodedata.normalize("NFKC", text(value)).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    shown = f"{text(value)!r}" if word else "nothing"
    raise ValueError(f"true/false answer is {shown}: expected {EXPECTED_TRUE_FALSE}")


def parse_choices(value: Any) -> tuple[str, ...]:
    """'ABD', 'A,B,D', 'A;B', 'A、B', 'ＡＢ', ['A', 'B'] → ('A', 'B', 'D'), sorted, no repeats."""
    if isinstance(value, bool):
        raise ValueError(f"answer {value} is not option letters: expected e.g. A or ABD")
    if isinstance(value, list | tuple):
        parts = [text(v) for v in value]
    else:
        parts = _CHOICE_SEPARATORS.split(unicodedata.normalize("NFKC", text(value)))
    letters: list[str] = []
    for part in parts:
        part = unicodedata.normalize("NFKC", part).upper()
        if not part.isascii() or not part.isalpha():
            if part:
                raise ValueError(f"answer {text(value)!r} is not option letters: expected e.g. "
                                 "A, ABD, A,B,D or A;B")
            continue
        letters.extend(part)
    return tuple(sorted(set(letters)))


def parse_points(value: Any, default: float) -> float:
    if text(value) == "":
        return default
    try:
        points = float(unicodedata.normalize("NFKC", text(value)).removesuffix("分"))
    except ValueError:
        raise ValueError(f"points {text(value)!r} is not a number: expected e.g. 1, 2 or 0.5") from None
    if not math.isfinite(points) or points <= 0:
        raise ValueError(f"points {text(value)!r}: expected a number above 0")
    return points


def parse_difficulty(value: Any, default: int) -> int:
    word = unicodedata.normalize("NFKC", text(value)).lower()
    if word == "":
        return default
    if word in _DIFFICULTY_WORDS:
        return _DIFFICULTY_WORDS[word]
    if word in {"1", "2", "3"}:
        return int(word)
    raise ValueError(f"difficulty {text(value)!r}: expected 1, 2 or 3 (or 易/中/难)")


def format_answer(type_: str, answer: Any) -> str:
    """The answer as the Excel template writes it: 对/错, A, ABD; '' for short answers."""
    if type_ == TRUE_FALSE:
        return "对" if answer else "错"
    if type_ == MULTIPLE:
        return "".join(answer)
    return answer or ""


def format_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def letter_range(letters: str) -> str:
    return letters[0] if len(letters) == 1 else f"{letters[0]}–{letters[-1]}"
