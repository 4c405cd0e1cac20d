"""The Excel template's columns, and the other names people give them in their own sheets."""

from __future__ import annotations

import unicodedata

from qa_desk.training.model import LETTERS

# Question field → header written in exports and the template, in column order.
COLUMN_LABELS = {
    "type": "题型",
    "stem": "题干",
    **{f"option_{c}": f"选项{c}" for c in LETTERS},
    "answer": "正确答案",
    "explanation": "解析",
    "points": "分值",
    "difficulty": "难度",
    "category": "分类",
    # Extensions beyond the common template: short answers, and what keeps a round trip whole.
    "reference_answer": "参考答案",
    "key_points": "要点",
    "code": "编号",
    "note": "备注",
}

_ALIASES = {
    "type": ("题型", "题目类型", "试题类型", "类型", "type"),
    "stem": ("题干", "题目", "试题", "题目内容", "stem", "question"),
    "answer": ("正确答案", "答案", "标准答案", "answer"),
    "explanation": ("解析", "答案解析", "试题解析", "explanation"),
    "points": ("分值", "分数", "points", "score"),
    "difficulty": ("难度", "难易度", "difficulty"),
    "category": ("分类", "知识点", "类别", "category"),
    "reference_answer": ("参考答案", "reference_answer", "referenceanswer"),
    "key_points": ("要点", "评分要点", "得分要点", "key_points", "keypoints"),
    "code": ("编号", "题号", "id", "code"),
    "note": ("备注", "note"),
}
_LOOKUP = {alias.replace("_", ""): key for key, names in _ALIASES.items() for alias in names}
for _letter in LETTERS:
    for _alias in (f"选项{_letter}", f"{_letter}选项", _letter, f"option{_letter}"):
        _LOOKUP[_alias.lower()] = f"option_{_letter}"

REQUIRED = ("type", "stem")


def normalise_header(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).lstrip("\ufeff").lower()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-*")


def find_header(cells: list[str]) -> tuple[dict[str, int], list[str]] | None:
    """(field → column index, ignored header names) when the row is a header, else None."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        key = _LOOKUP.get(normalise_header(cell))
        if key is None:
            if cell:
                ignored.append(cell)
        elif key not in columns:
            columns[key] = index
    if not all(key in columns for key in REQUIRED):
        return None
    return columns, ignored


def option_letter(key: str) -> str | None:
    return key.removeprefix("option_") if key.startswith("option_") else None
