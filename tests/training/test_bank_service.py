"""Banks in the real SQLite file: whole files or nothing, no duplicates, exports from the store."""

from __future__ import annotations

import sqlite3

from alembic import command
from sqlalchemy import func, inspect, select

from qa_desk.db import alembic_config, current_revision, make_engine, open_database, upgrade
from qa_desk.models import Question as QuestionRow
from qa_desk.models import QuestionBank
from qa_desk.services.banks import BankService, check_file
from qa_desk.training import read_bank, write_bank
from tests.training.conftest import BUNDLED, write_sheet

PHONE = next(path for path in BUNDLED if path.stem == "phone-etiquette")


def count(db, model) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_bundled_banks_import_and_come_back_unchanged(db):
    service = BankService(db)
    for path in BUNDLED:
        outcome = service.import_file(path)
        assert not outcome.failed and outcome.imported == len(read_bank(path).questions)
        assert service.get_bank(outcome.bank).questions == read_bank(path).questions
    assert [(b.name, b.questions, b.points) for b in service.list_banks()] == [
        ("phone-etiquette", 62, 130), ("service-specialist-written", 79, 126)]


def test_the_same_file_twice_adds_nothing(db, tmp_path, phone_bank):
    path = tmp_path / "p.xlsx"
    write_bank(phone_bank, path, "xlsx")
    service = BankService(db)
    first, again = service.import_file(path), service.import_file(path)
    assert (first.imported, again.imported, again.unchanged, again.updated) == (62, 0, 62, 0)
    assert count(db, QuestionRow) == 62 and count(db, QuestionBank) == 1


def test_the_same_questions_from_a_poorer_format_add_and_erase_nothing(db, tmp_path, phone_bank):
    service = BankService(db)
    service.import_file(PHONE)
    write_bank(phone_bank, tmp_path / "p.txt", "aiken")
    outcome = service.import_file(tmp_path / "p.txt", bank="phone-etiquette")
    # Aiken carries no points, ids or explanations: its questions are matched by content, and
    # the details it lacks are not overwritten with blanks and defaults.
    assert (outcome.imported, outcome.updated, outcome.unchanged) == (0, 0, 26)
    assert count(db, QuestionRow) == 62
    assert service.get_bank("phone-etiquette").questions == phone_bank.questions


def test_a_corrected_explanation_updates_the_stored_question(db, tmp_path):
    row = ["判断题", "题一", "", "", "", "", "对", "旧解析", "", "", ""]
    service = BankService(db)
    service.import_file(write_sheet(tmp_path / "b.xlsx", [row]))
    row[7], row[8] = "新解析", 2
    outcome = service.import_file(write_sheet(tmp_path / "b.xlsx", [row]))
    assert (outcome.imported, outcome.updated) == (0, 1)
    stored = service.get_bank("b").questions[0]
    assert (stored.explanation, stored.points) == ("新解析", 2)


def test_a_broken_file_imports_nothing_and_reports_every_row(db, tmp_path):
    rows = [
        ["判断题", "好题", "", "", "", "", "对", "", "", "", ""],
        ["单选题", "题三", "甲", "乙", "丙", "丁", "E", "", "", "", ""],
        ["多选题", "题四", "甲", "乙", "丙", "丁", "B", "", "", "", ""],
    ]
    outcome = BankService(db).import_file(write_sheet(tmp_path / "bad.xlsx", rows))
    assert outcome.failed and outcome.imported == 0
    assert [(p.row, p.field) for p in outcome.problems] == [(3, "正确答案"), (4, "正确答案")]
    assert count(db, QuestionRow) == 0 and count(db, QuestionBank) == 0


def test_an_edited_question_under_a_known_id_is_refused_and_nothing_is_stored(db, tmp_path):
    service = BankService(db)
    header = ["编号", "题型", "题干", "正确答案"]
    service.import_file(write_sheet(tmp_path / "b.xlsx", [["q1", "判断题", "题一", "对"]], header))
    edited = [["q2", "判断题", "题二", "对"], ["q1", "判断题", "题一改", "错"]]
    outcome = service.import_file(write_sheet(tmp_path / "b.xlsx", edited, header))
    assert outcome.failed and "question q1: already in bank b with a different stem" in outcome.error
    assert outcome.imported == 0
    assert [q.stem for q in service.get_bank("b").questions] == ["题一"]


def test_export_from_the_store_reads_back_the_same(db, tmp_path):
    service = BankService(db)
    service.import_file(BUNDLED[1])
    bank = service.get_bank("service-specialist-written")
    for format, name in (("xlsx", "w.xlsx"), ("gift", "w.gift")):
        assert service.export(bank.name, tmp_path / name, format) == []
        assert read_bank(tmp_path / name).questions == bank.questions


def test_check_file_summarises_without_a_database(tmp_path):
    report = check_file(BUNDLED[0])
    assert report["ok"] and report["questions"] == sum(report["by_type"].values())
    bad = write_sheet(tmp_path / "bad.xlsx", [["单选题", "", "甲", "乙", "", "", "C"]])
    report = check_file(bad)
    assert not report["ok"]
    assert {"row": 2, "column": "题干", "reason": "the question text is empty"} in report["errors"]
    assert {"row": 2, "column": "正确答案", "reason": "answer C but only options A–B are given"} in report[
        "errors"]


def test_migration_0003_adds_the_bank_tables_to_a_0002_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine, "0002")
    with sqlite3.connect(tmp_path / "old.sqlite3") as raw:
        raw.execute("INSERT INTO agents (id, name) VALUES ('1024', '李明')")
    engine.dispose()
    upgrade(engine, "0003")
    database = open_database(url, migrate=False)
    assert current_revision(database.engine) == "0003"
    tables = set(inspect(database.engine).get_table_names())
    assert {"question_banks", "questions"} <= tables
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT name FROM agents").scalar() == "李明"
    with database.engine.begin() as connection:  # and back down
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert "questions" not in inspect(database.engine).get_table_names()
    database.dispose()
