from __future__ import annotations

from pathlib import Path

from qa_desk.scoring import load_pack
from qa_desk.services import audit
from qa_desk.services.access import Identity
from qa_desk.services.importing import ImportService
from qa_desk.services.rule_packs import RulePackStore, active_version
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
    with qtbot.waitSignal(page.pack_saved) as saved:
        page.save()
    new_pack = load_pack(saved.args[0])
    assert new_pack.version != load_pack().version
    assert new_pack.phrase_sets["goodbye"].phrases == ("拜拜",)
    [entry] = audit.history(db, action="pack.save")
    assert entry.after["version"] == new_pack.version and len(entry.after["hash"]) == 64
    assert active_version(db) is None  # saving does not activate


def test_a_broken_edit_is_shown_not_saved(qtbot, db, tmp_path):
    page = RulesPage(db, store=RulePackStore(tmp_path / "rules"))
    qtbot.addWidget(page)
    page.select_rule("closing.farewell")
    page.phrase_set.setCurrentText("goodbye")
    page.phrases.setPlainText("")
    assert page.save() is None
    assert "goodbye is empty" in page.status.text()
    assert not list((tmp_path / "rules").glob("*.yaml"))


def test_only_an_admin_can_activate(qtbot, db, tmp_path):
    store = RulePackStore(tmp_path / "rules")
    supervisor = RulesPage(db, store=store, identity=Identity("wang", "supervisor"))
    qtbot.addWidget(supervisor)
    assert not supervisor.activate_button.isEnabled()
    assert "administrator" in supervisor.activate_button.toolTip()
    supervisor.select_rule("closing.farewell")
    supervisor.phrase_set.setCurrentText("goodbye")
    supervisor.phrases.setPlainText("拜拜")
    saved = supervisor.save()
    assert saved is not None
    assert supervisor.activate() is None  # the service refuses even when called directly
    assert "may not activate a rule pack" in supervisor.status.text()
    assert active_version(db) is None

    admin = RulesPage(db, saved, store=store, identity=Identity("root", "admin"))
    qtbot.addWidget(admin)
    assert admin.activate_button.isEnabled() and admin.activate_button.toolTip() == ""
    with qtbot.waitSignal(admin.pack_did_change) as activated:
        admin.activate()
    assert activated.args[0] == saved
    assert active_version(db).version == load_pack(saved).version
    assert store.active(db).path == Path(saved)
    assert [e.action for e in audit.history(db)] == ["pack.activate", "pack.save"]
    assert audit.verify(db).ok
