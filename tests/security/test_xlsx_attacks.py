"""Hostile workbooks, given to bank import and to `qa-desk exam grade`: a zip bomb, an
oversized file, billion laughs and external entities are refused with a message that says
what and why, nothing is stored, and no file of this computer leaks into any output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from qa_desk.db import open_database
from qa_desk.services.banks import BankService
from qa_desk.training import Bank, BankError, xlsx_guard
from qa_desk.training.paper import read_answer_sheet
from tests.training.conftest import write_sheet
from tests.training.test_exams_fixtures import QUESTIONS

SHEET = "xl/worksheets/sheet1.xml"  # openpyxl writes strings inline, in the sheet part
LAUGHS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n'
          b' <!ENTITY lol "lol">\n'
          + b"".join(b' <!ENTITY lol%d "%s">\n' % (n, b"&lol%d;" % (n - 1) * 10 if n > 1 else
                                                 b"&lol;" * 10) for n in range(1, 10))
          + b"]>\n")


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def bank_sheet(path: Path) -> Path:
    return write_sheet(path, [["单选", "您好后应当？", "报工号", "挂机", "", "", "A", "", 2, "易",
                               "开场"]])


def answer_sheet(path: Path) -> Path:
    return write_sheet(path, [["张三", "A001", "对", "B", "BC", ""]],
                       header=["姓名", "工号", "tf1", "s1", "m1", "sh1"])


def rewrite(source: Path, target: Path, part: str, change) -> Path:
    """A copy of a workbook with one part's XML changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(item, change(data) if item.filename == part else data)
    return target


def _body(data: bytes) -> bytes:
    """The part without its XML declaration: a DTD goes between the two."""
    return data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data


def billion_laughs(data: bytes) -> bytes:
    body = _body(data)
    return LAUGHS + body.replace(b"<t>", b"<t>&lol9;", 1).replace(b'<v>', b'<v>&lol9;', 1)


def external_entity(secret: Path):
    def change(data: bytes) -> bytes:
        body = _body(data)
        dtd = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [ <!ENTITY xxe SYSTEM "'
               + secret.as_uri().encode() + b'"> ]>\n')
        return dtd + body.replace(b"<t>", b"<t>&xxe;", 1)
    return change


def zip_bomb(target: Path, size: int = 40 * 1024 * 1024) -> Path:
    """A workbook whose sheet part unpacks from a few kilobytes to `size` bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return target


@pytest.fixture
def hostile(tmp_path) -> dict[str, tuple[Path, str]]:
    """name -> (a hostile bank workbook, the words its refusal must contain)"""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    good = bank_sheet(tmp_path / "good.xlsx")
    big = tmp_path / "big.xlsx"
    shutil.copy(good, big)
    with big.open("r+b") as handle:
        handle.truncate(xlsx_guard.MAX_FILE_BYTES + 1)
    return {
        "zip bomb": (zip_bomb(tmp_path / "bomb.xlsx"), "a zip bomb?"),
        "oversized": (big, "are refused"),
        "billion laughs": (rewrite(good, tmp_path / "laughs.xlsx", SHEET,
                                   billion_laughs), "declares a DTD"),
        "external entity": (rewrite(good, tmp_path / "xxe.xlsx", SHEET,
                                    external_entity(secret)), "declares a DTD"),
        "entity in the workbook part": (rewrite(good, tmp_path / "wb.xlsx", "xl/workbook.xml",
                                                external_entity(secret)), "declares a DTD"),
    }


def test_a_good_workbook_still_imports(db, tmp_path):
    outcome = BankService(db).import_file(bank_sheet(tmp_path / "ok.xlsx"), bank="ok")
    assert not outcome.failed, outcome.describe()


@pytest.mark.parametrize("attack", ["zip bomb", "oversized", "billion laughs", "external entity",
                                    "entity in the workbook part"])
def test_bank_import_refuses(db, hostile, attack):
    path, words = hostile[attack]
    outcome = BankService(db).import_file(path, bank="evil")
    assert outcome.failed and words in outcome.error and path.name in outcome.error
    assert "TOP-SECRET" not in outcome.describe()
    assert BankService(db).list_banks() == []


@pytest.mark.parametrize("attack", ["billion laughs", "external entity"])
def test_defusedxml_refuses_even_without_the_guard(db, hostile, attack, monkeypatch):
    """The guard names the attack; without it, openpyxl's defusedxml parser still refuses."""
    monkeypatch.setattr(xlsx_guard, "_check_xml_heads", lambda *args: None)
    path, _ = hostile[attack]
    outcome = BankService(db).import_file(path, bank="evil")
    assert outcome.failed and "not a readable .xlsx workbook" in outcome.error, outcome.error
    assert "TOP-SECRET" not in outcome.error and BankService(db).list_banks() == []
    with pytest.raises(Exception) as raised:  # openpyxl wraps what the parser raised
        openpyxl.load_workbook(path, read_only=True)
    causes, error = [], raised.value
    while error is not None:
        causes.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert "EntitiesForbidden" in causes, causes


def test_answer_sheets_are_guarded_the_same_way(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    good = answer_sheet(tmp_path / "answers.xlsx")
    assert read_answer_sheet(good)[0] == ["tf1", "s1", "m1", "sh1"]
    for path, words in (
            (zip_bomb(tmp_path / "bomb.xlsx"), "a zip bomb?"),
            (rewrite(good, tmp_path / "laughs.xlsx", SHEET, billion_laughs),
             "declares a DTD"),
            (rewrite(good, tmp_path / "xxe.xlsx", SHEET, external_entity(secret)),
             "declares a DTD")):
        with pytest.raises(BankError, match="refused") as refused:
            read_answer_sheet(path)
        assert words in str(refused.value) and "TOP-SECRET" not in str(refused.value)


EXAM_YAML = """\
name: closing-paper
bank: closing
title: 结束语笔试
questions: [tf1, s1, m1, sh1]
pass_percent: 60
"""


def test_exam_grade_and_bank_import_commands_refuse(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    database = open_database(f"sqlite:///{db_path}")
    BankService(database).store(Bank("closing", "结束语", list(QUESTIONS)), source="test")
    database.dispose()
    env = dict(os.environ, QA_DESK_DATABASE_URL=f"sqlite:///{db_path}")

    def qa_desk(*args):
        return subprocess.run([sys.executable, "-m", "qa_desk", *args], capture_output=True,
                              text=True, env=env, timeout=120)

    (tmp_path / "exam.yaml").write_text(EXAM_YAML, encoding="utf-8")
    assert qa_desk("exam", "create", str(tmp_path / "exam.yaml")).returncode == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    good = answer_sheet(tmp_path / "answers.xlsx")
    xxe = rewrite(good, tmp_path / "xxe.xlsx", SHEET, external_entity(secret))
    out = tmp_path / "result.xlsx"
    graded = qa_desk("exam", "grade", str(xxe), "--exam", "closing-paper", "--out", str(out))
    assert graded.returncode != 0 and not out.exists()
    assert "xxe.xlsx" in graded.stderr and "declares a DTD" in graded.stderr
    assert "TOP-SECRET" not in graded.stdout + graded.stderr
    bomb = qa_desk("bank", "import", str(zip_bomb(tmp_path / "bomb.xlsx")))
    assert bomb.returncode != 0 and "a zip bomb?" in bomb.stdout + bomb.stderr


def test_transcript_tables_are_guarded_too(db, tmp_path):
    from qa_desk.services.importing import ImportService

    bomb = zip_bomb(tmp_path / "calls.xlsx")
    [outcome] = list(ImportService(db).import_paths([bomb], parallel=False))
    assert outcome.failed and "a zip bomb?" in outcome.describe()
    assert "calls.xlsx" in outcome.describe()
    laughs = rewrite(bank_sheet(tmp_path / "b.xlsx"), tmp_path / "laughs.xlsx",
                     "xl/worksheets/sheet1.xml", billion_laughs)
    [outcome] = list(ImportService(db).import_paths([laughs], parallel=False))
    assert outcome.failed and "declares a DTD" in outcome.describe()
