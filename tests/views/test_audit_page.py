"""The audit viewer: filters narrow the rows, the detail shows before/after as a diff, the
chain check names a row edited by hand, and a role without audit.read is refused."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from qa_desk.services import audit
from qa_desk.services.access import Identity
from qa_desk.views import audit_page
from qa_desk.views.audit_page import AuditPage

SHOTS = Path("/tmp/qa-desk-shots")


def fill(database, count=3):
    with database.sessions.begin() as session:
        for number in range(count):
            audit.record(session, actor="王主管", action="review.reject",
                         entity=f"evaluation:{number + 1}",
                         before={"status": "auto", "reviewed_score": None},
                         after={"status": "in_review", "reviewed_score": 85.0,
                                "items": {"speech.rate": ["reject", None, "语速正常"]}},
                         reason="语速正常，时间戳有误")
        audit.record(session, actor="admin", action="user.role", entity="user:li_ming",
                     before={"role": "agent"}, after={"role": "supervisor"}, reason="升职")
        audit.record(session, actor="李主管", action="evaluation.sign", entity="evaluation:1",
                     before={"status": "in_review"}, after={"status": "signed"})


def test_filter_detail_and_verify(qtbot, db):
    fill(db)
    page = AuditPage(db, Identity("wang", "supervisor"))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    assert page.table.rowCount() == 5
    assert [page.table.item(r, 2).text() for r in range(5)][:2] == ["evaluation.sign", "user.role"]
    assert page.who.findText("王主管") >= 0
    page.action.setCurrentText("review.")
    page.refresh()
    assert page.table.rowCount() == 3
    assert {page.table.item(r, 1).text() for r in range(3)} == {"王主管"}
    page.entity.setText("evaluation:2")
    page.search_button.click()
    assert page.table.rowCount() == 1 and page.table.item(0, 3).text() == "evaluation:2"
    page.clear_filters()
    page.text.setText("升职")
    page.refresh()
    assert page.table.rowCount() == 1 and page.table.item(0, 4).text() == "升职"
    page.clear_filters()
    page.table.selectRow(4)
    shown = page.detail.toPlainText()
    assert '-  "status": "auto"' in shown and '+  "status": "in_review"' in shown
    assert '+  "reviewed_score": 85.0' in shown and "语速正常" in shown
    SHOTS.mkdir(exist_ok=True)
    page.verify_button.click()
    qtbot.waitUntil(lambda: "5" in page.verify_result.text(), timeout=10000)
    assert "OK" in page.verify_result.text()
    page.grab().save(str(SHOTS / "audit_page.png"))
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET reason = '无' WHERE id = 2"))
    page.verify_button.click()
    qtbot.waitUntil(lambda: "BROKEN" in page.verify_result.text(), timeout=10000)
    assert "row 2" in page.verify_result.text()


def test_load_more(qtbot, db, monkeypatch):
    monkeypatch.setattr(audit_page, "PAGE", 2)
    fill(db)
    page = AuditPage(db, Identity("hr1", "hr"))
    qtbot.addWidget(page)
    assert page.table.rowCount() == 2 and page.more_button.isEnabled()
    page.more_button.click()
    assert page.table.rowCount() == 4 and page.more_button.isEnabled()
    page.more_button.click()
    assert page.table.rowCount() == 5 and not page.more_button.isEnabled()
    ids = [e.id for e in page._entries]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 5


def test_an_agent_is_refused(qtbot, db):
    fill(db)
    page = AuditPage(db, Identity("a", "agent", agent_id="1024"))
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0 and not page.verify_button.isEnabled()
    assert "may not read the audit trail" in page.message.text()
