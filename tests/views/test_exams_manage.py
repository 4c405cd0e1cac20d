"""The Banks and exams tab over a real SQLite file: a broken sheet lists every bad row and
imports nothing; a good bank imports; the template saves; an exam is defined from the dialog;
an agent cannot import."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from qa_desk.config import exams_dir
from qa_desk.services.access import Identity
from qa_desk.services.banks import BankService
from qa_desk.services.exams import ExamService
from qa_desk.views.exams.manage import ExamDialog, ManageTab
from qa_desk.views.exams.runner import SerialRunner
from tests.training.conftest import write_sheet

SHOTS = Path(__file__).resolve().parents[2] / "shots"
SUPERVISOR = Identity("wang", "supervisor")


def make_tab(qtbot, db, actor=SUPERVISOR) -> ManageTab:
    tab = ManageTab(BankService(db), ExamService(db), SerialRunner(), actor=actor)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    return tab


def settle(qtbot, tab: ManageTab) -> None:
    qtbot.waitUntil(lambda: not tab._runner.busy, timeout=20000)


def test_a_broken_sheet_lists_its_rows_and_imports_nothing(qtbot, db, tmp_path):
    sheet = write_sheet(tmp_path / "bad.xlsx", [
        ["单选题", "开场白的第一句是？", "您好", "喂", "", "", "", "", 1, 1, "opening.greeting"],
        ["单选题", "等待前应说？", "请稍等", "等着", "", "", "AB", "", 1, 1, "hold.notice"],
    ])
    tab = make_tab(qtbot, db)
    tab.import_bank(sheet)
    settle(qtbot, tab)
    assert tab.last_import.failed
    rows = [tab.problems.item(i).text() for i in range(tab.problems.count())]
    assert any("row 2" in r for r in rows) and any("row 3" in r for r in rows)
    assert "Nothing was imported" in tab.status.text()
    assert BankService(db).list_banks() == []


def test_import_a_bank_save_the_template_and_define_an_exam(qtbot, db, tmp_path):
    tab = make_tab(qtbot, db)
    tab.import_bank(exams_dir() / "phone-etiquette.yaml")
    settle(qtbot, tab)
    assert not tab.last_import.failed and tab.last_import.imported == 62
    settle(qtbot, tab)
    assert tab.banks_table.rowCount() == 1 and tab.banks_table.item(0, 2).text() == "62"

    tab.save_template(tmp_path / "模板.xlsx")
    header = [c.value for c in next(load_workbook(tmp_path / "模板.xlsx").active.iter_rows(max_row=1))]
    assert header[:2] == ["题型", "题干"] and "正确答案" in header

    dialog = ExamDialog(tab.bank_rows)
    qtbot.addWidget(dialog)
    dialog.name.setText("入职考试")
    dialog.draw.setValue(20)
    dialog.time_limit.setValue(30)
    dialog.pass_percent.setValue(70)
    definition = dialog.definition()
    assert definition.bank == "phone-etiquette" and definition.time_limit_minutes == 30
    with qtbot.waitSignal(tab.exams_did_change, timeout=20000):
        tab.create_exam(definition)
    settle(qtbot, tab)
    [exam] = ExamService(db).list_exams()
    assert (exam.name, exam.definition.pass_percent, exam.definition.draws[0].count) == ("入职考试", 70, 20)
    assert tab.exams_table.item(0, 0).text() == "入职考试"
    SHOTS.mkdir(exist_ok=True)
    tab.grab().save(str(SHOTS / "exams_manage.png"))
    dialog.show()
    dialog.grab().save(str(SHOTS / "exams_new_exam.png"))


def test_an_agent_cannot_import_or_create(qtbot, db):
    tab = make_tab(qtbot, db, Identity("liming", "agent", agent_id="1024"))
    assert not tab.import_button.isEnabled() and not tab.new_exam_button.isEnabled()
    tab.import_bank(exams_dir() / "phone-etiquette.yaml")
    settle(qtbot, tab)
    assert "may not manage question banks" in tab.status.text()
    assert BankService(db).list_banks() == []


def test_an_exam_drawn_by_topic_and_difficulty(qtbot, db):
    tab = make_tab(qtbot, db)
    tab.import_bank(exams_dir() / "phone-etiquette.yaml")
    settle(qtbot, tab)
    settle(qtbot, tab)
    dialog = ExamDialog(tab.bank_rows, composition=tab.composition)
    qtbot.addWidget(dialog)
    dialog.name.setText("首问语专项")
    dialog.add_draw("opening.greeting", None, 2)
    dialog.add_draw(None, 1, 3)
    assert not dialog.draw.isEnabled()
    in_bank = int(dialog.draws.cellWidget(0, 3).text())
    assert in_bank == tab.composition("phone-etiquette").total() - sum(
        n for (c, _), n in tab.composition("phone-etiquette").items() if c != "opening.greeting")
    definition = dialog.definition()
    assert [(d.count, d.category, d.difficulty) for d in definition.draws] == [
        (2, "opening.greeting", None), (3, None, 1)]
    with qtbot.waitSignal(tab.exams_did_change, timeout=20000):
        tab.create_exam(definition)
    settle(qtbot, tab)
    [exam] = ExamService(db).list_exams()
    assert len(exam.definition.draws) == 2
    dialog._remove_draw(None)
    assert dialog.draw.isEnabled() and dialog.definition().draws == ()
    dialog.show()
    dialog.add_draw("opening.greeting", 2, 1)
    dialog.grab().save(str(SHOTS / "exams_new_exam_draws.png"))
