"""`qa-desk bank` as a user runs it: a real process, real files, a real SQLite database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from qa_desk.db import open_database
from qa_desk.services.banks import BankService
from qa_desk.training import read_bank
from tests.training.conftest import write_sheet

REPO_EXAMS = "exams/phone-etiquette.yaml"


def qa_desk(*args, db_path, cwd=None):
    env = dict(os.environ, QA_DESK_DATABASE_URL=f"sqlite:///{db_path}")
    return subprocess.run([sys.executable, "-m", "qa_desk", "bank", *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=cwd)


def repo_root():
    from tests.conftest import REPO

    return REPO


def test_import_the_bundled_bank_export_and_import_the_export(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    first = qa_desk("import", REPO_EXAMS, db_path=db_path, cwd=repo_root())
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (f"{REPO_EXAMS}: bank phone-etiquette: 62 imported, 0 updated, "
                                    "0 unchanged")
    again = qa_desk("import", REPO_EXAMS, db_path=db_path, cwd=repo_root())
    assert "0 imported, 0 updated, 62 unchanged" in again.stdout

    out = tmp_path / "phone.xlsx"
    exported = qa_desk("export", "phone-etiquette", "--format", "xlsx", "--out", str(out), db_path=db_path)
    assert exported.returncode == 0 and out.exists()
    assert read_bank(out).questions == read_bank(repo_root() / REPO_EXAMS).questions

    copy = qa_desk("import", str(out), "--bank", "copy", db_path=db_path)
    assert "bank copy: 62 imported" in copy.stdout
    listing = qa_desk("list", "--format", "jsonl", db_path=db_path)
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert [(r["bank"], r["questions"], r["points"]) for r in rows] == [
        ("copy", 62, 130), ("phone-etiquette", 62, 130)]


def test_check_prints_a_json_summary_and_fails_on_a_bad_row(tmp_path):
    good = qa_desk("check", REPO_EXAMS, db_path=tmp_path / "x.sqlite3", cwd=repo_root())
    summary = json.loads(good.stdout)
    assert good.returncode == 0 and summary["ok"] is True
    assert summary["by_type"] == {"true_false": 16, "single": 26, "multiple": 14, "short": 6}

    bad = write_sheet(tmp_path / "bad.xlsx", [
        ["单选题", "题一", "甲", "乙", "丙", "丁", "E"],
        ["判断题", "题二", "", "", "", "", "对", "", "两分"],
    ])
    result = qa_desk("check", str(bad), db_path=tmp_path / "x.sqlite3")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["ok"] is False
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "正确答案"), (3, "分值")]
    assert not (tmp_path / "x.sqlite3").exists()  # checking never opens the database


def test_a_bad_file_imports_nothing_and_says_why(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    bad = tmp_path / "bank.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = qa_desk("import", str(bad), db_path=db_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bank.xlsx: not an .xlsx workbook" in result.stderr
    assert "nothing was imported" in result.stderr
    assert BankService(open_database(f"sqlite:///{db_path}")).list_banks() == []


def test_gift_and_aiken_exports(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    database = open_database(f"sqlite:///{db_path}")
    BankService(database).import_file(repo_root() / REPO_EXAMS)
    database.dispose()
    gift = qa_desk("export", "phone-etiquette", "--out", str(tmp_path / "p.gift"), db_path=db_path)
    assert gift.returncode == 0 and gift.stderr == ""
    assert read_bank(tmp_path / "p.gift").questions == read_bank(repo_root() / REPO_EXAMS).questions
    aiken = qa_desk("export", "phone-etiquette", "--format", "aiken", "--out", str(tmp_path / "p.txt"),
                    db_path=db_path)
    assert aiken.returncode == 0 and "Aiken holds single-choice questions only: skipped 16" in aiken.stderr
    assert read_bank(tmp_path / "p.txt").count_by_type()["single"] == 26
    unknown = qa_desk("export", "nope", "--out", str(tmp_path / "n.gift"), db_path=db_path)
    assert unknown.returncode == 1 and "no question bank named 'nope'" in unknown.stderr


def test_template(tmp_path):
    result = qa_desk("template", "--out", str(tmp_path / "t.xlsx"), db_path=tmp_path / "x.sqlite3")
    assert result.returncode == 0 and (tmp_path / "t.xlsx").exists()
