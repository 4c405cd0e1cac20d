from __future__ import annotations

from pathlib import Path

import pytest

from qa_desk.config import exams_dir
from qa_desk.training import Bank, read_bank

BUNDLED = sorted(exams_dir().glob("*.yaml"))
HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "正确答案", "解析", "分值", "难度", "分类"]


@pytest.fixture(scope="session")
def phone_bank() -> Bank:
    return read_bank(exams_dir() / "phone-etiquette.yaml")


def write_sheet(path: Path, rows: list[list], header: list[str] = HEADER) -> Path:
    """A workbook as a person would fill it in: header row first, one question per row."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
