from __future__ import annotations

from pathlib import Path

from qa_desk.scoring import load_pack
from qa_desk.services.importing import ImportService
from qa_desk.services.rule_packs import RulePackStore
from qa_desk.views.rules_page import RulesPage

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def test_edit_try_and_save_a_new_version(qtbot, db, tmp_path):
    list(ImportService(db).import_paths([DEMO], parallel=False))
    page = RulesPage(db, store=RulePackStore(tmp_path / "rules"))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.select_rule("closing.farewell")
    page.phrase_set.setCurrentText("goodbye")
    page.phrases.setPlainText("拜拜")
    page.try_edit()
    qtbot.waitUntil(lambda: page.changes.rowCount() > 0, timeout=20000)
    assert "closing.farewell: pass→fail" in page.changes.item(0, 3).text()
    page.grab().save(str(Path(__file__).resolve().parents[2] / "shots" / "rules_page.png"))
    with qtbot.waitSignal(page.pack_did_change) as saved:
        page.save()
    new_pack = load_pack(saved.args[0])
    assert new_pack.version != load_pack().version
    assert new_pack.phrase_sets["goodbye"].phrases == ("拜拜",)


def test_a_broken_edit_is_shown_not_saved(qtbot, db, tmp_path):
    page = RulesPage(db, store=RulePackStore(tmp_path / "rules"))
    qtbot.addWidget(page)
    page.select_rule("closing.farewell")
    page.phrase_set.setCurrentText("goodbye")
    page.phrases.setPlainText("")
    assert page.save() is None
    assert "goodbye is empty" in page.status.text()
    assert not list((tmp_path / "rules").glob("*.yaml"))
