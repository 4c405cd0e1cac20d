"""`qa-desk exam` as a user runs it: create from YAML, list, grade a paper answer sheet."""

from __future__ import annotations

import os
import subprocess
import sys

from openpyxl import load_workbook

from qa_desk.db import open_database
from qa_desk.services.banks import BankService
from qa_desk.training import Bank
from tests.training.conftest import write_sheet
from tests.training.test_exams_fixtures import QUESTIONS

EXAM_YAML = """\
name: closing-paper
bank: closing
title: 结束语笔试
questions: [tf1, s1, m1, sh1]
pass_percent: 60
mc_policy: half
review:
  during: []
  after_close: [marks, right_answers, explanations]
"""


def qa_desk(*args, db_path):
    env = dict(os.environ, QA_DESK_DATABASE_URL=f"sqlite:///{db_path}")
    return subprocess.run([sys.executable, "-m", "qa_desk", "exam", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_create_list_and_grade_a_paper_exam(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    database = open_database(f"sqlite:///{db_path}")
    BankService(database).store(Bank("closing", "结束语", list(QUESTIONS)), source="test")
    database.dispose()
    (tmp_path / "exam.yaml").write_text(EXAM_YAML, encoding="utf-8")

    created = qa_desk("create", str(tmp_path / "exam.yaml"), db_path=db_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "exam closing-paper on bank closing stored"
    listed = qa_desk("list", db_path=db_path)
    assert listed.stdout.splitlines() == [
        "closing-paper\tclosing\t4 questions\tuntimed\tpass 60%\t0 attempts\t结束语笔试", "1 exams"]

    sheet = write_sheet(tmp_path / "answers.xlsx", [
        ["张三", "A001", "对", "B", "BC", ""],        # 1 + 1 + 2 + 0 of 14
        ["李四", "A002", "√", "b", "B", "感谢来电，再见"],  # 1 + 1 + 1 (half) + pending short
        [None, None, None, None, None, None],          # a blank line: skipped
        ["王五", "A003", "也许", "B", "BC", ""],         # unreadable true/false
        ["", "", "对", "B", "", ""],                    # whose answers?
        ["赵六", "A004", "错", "Z", "", ""],            # not an option
    ], header=["姓名", "工号", "tf1", "s1", "m1", "sh1"])
    out = tmp_path / "result.xlsx"
    graded = qa_desk("grade", str(sheet), "--exam", "closing-paper", "--out", str(out),
                     db_path=db_path)
    assert graded.returncode == 1  # written, but some rows need attention
    assert "graded 2 candidates, 3 problems" in graded.stdout
    assert "answers.xlsx: row 5, tf1: true/false answer is '也许'" in graded.stderr
    assert "answers.xlsx: row 6: no 姓名 or 工号" in graded.stderr
    assert "answers.xlsx: row 7, s1: option Z is not one of this question's options" in graded.stderr

    workbook = load_workbook(out)
    rows = [list(r) for r in workbook["成绩"].iter_rows(values_only=True)]
    assert rows[0] == ["姓名", "工号", "得分", "满分", "得分率%", "结果", "待评简答",
                       "tf1", "s1", "m1", "sh1"]
    assert rows[1] == ["张三", "A001", 4, 14, 28.57, "未通过", 0, 1, 1, 2, 0]
    assert rows[2] == ["李四", "A002", 3, 14, 21.43, "待评分", 1, 1, 1, 1, None]
    assert [r[0] for r in workbook["问题行"].iter_rows(values_only=True)] == ["行号", 5, 6, 7]


def test_a_header_naming_an_unknown_question_stops_the_sheet(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    database = open_database(f"sqlite:///{db_path}")
    BankService(database).store(Bank("closing", "结束语", list(QUESTIONS)), source="test")
    database.dispose()
    (tmp_path / "exam.yaml").write_text(EXAM_YAML, encoding="utf-8")
    qa_desk("create", str(tmp_path / "exam.yaml"), db_path=db_path)
    sheet = write_sheet(tmp_path / "a.xlsx", [["张三", "A001", "对"]], header=["姓名", "工号", "tf9"])
    graded = qa_desk("grade", str(sheet), "--exam", "closing-paper", "--out",
                     str(tmp_path / "r.xlsx"), db_path=db_path)
    assert graded.returncode == 1 and "not a question of this exam: tf9" in graded.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_create_reports_what_is_wrong_with_the_definition(tmp_path):
    db_path = tmp_path / "cli.sqlite3"
    (tmp_path / "bad.yaml").write_text("name: x\nbank: closing\nquestions: [tf1]\n"
                                       "mc_policy: most\nshufle_questions: true\n", encoding="utf-8")
    bad = qa_desk("create", str(tmp_path / "bad.yaml"), db_path=db_path)
    assert bad.returncode == 1 and "unknown exam settings shufle_questions" in bad.stderr
