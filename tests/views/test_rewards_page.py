"""The rewards page: the month's ledger with its sources and total, the policy table saved as a
new version, the manual-entry form and voiding, and read-only controls for other roles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractItemView

from qa_desk.services.rewards import RewardService
from qa_desk.views.rewards_page import RewardsPage
from tests.rewards.rewards_helpers import AGENT, HR, SUPERVISOR, add_evaluation, nov

SHOTS = Path("/tmp/qa-desk-shots")


def _page(qtbot, db, identity) -> RewardsPage:
    page = RewardsPage(db, identity)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitUntil(lambda: page.lines is not None, timeout=20000)
    return page


def _column(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_hr_sees_the_ledger_edits_the_policy_and_records_entries(qtbot, db):
    g = ("opening.greeting",)
    first = add_evaluation(db, "demo-001", "1024", nov(3), 45, failed=g, name="李明")
    second = add_evaluation(db, "demo-002", "1024", nov(8), 90, failed=g)
    add_evaluation(db, "demo-003", "2031", nov(9), 0, failed=("language.forbidden",), name="陈静")
    page = _page(qtbot, db, HR)
    assert page.month.date() == QDate(2026, 11, 1)  # the month of the newest call
    assert _column(page.ledger_table, 6) == [
        f"evaluation:{first} / call:demo-001", f"evaluation:{second} / call:demo-002",
        "evaluation:3 / call:demo-003"]
    assert _column(page.ledger_table, 3) == ["-50.00", "-50.00", "-100.00"]
    assert page.total_label.text() == "Total: -200.00 yuan"
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(50)  # let the layout take the new texts
    page.grab().save(str(SHOTS / "rewards_ledger.png"))

    # the policy: change the low-score amount in the table and save as a new version
    table = page.policy_table
    row = _column(table, 0).index("score.low")
    table.item(row, 4).setText("-80")
    page.note.setText("低分扣款调整")
    page.save_policy()
    assert "version 2" in page.policy_status.text()
    version = RewardService(db).active_version()
    assert version.version == 2 and version.created_by == "人事小张" and version.note == "低分扣款调整"
    assert '# Seed: "6、受到顾客高度赞扬,并接到顾客表扬信者,奖励一百元"' in version.content
    low = version.policy.rules[0]
    assert low.amount == Decimal("-80.00") and low.skip_if_fatal  # kept though not in the table
    greeting = next(r for r in version.policy.rules if r.id == "repeat.greeting")
    assert [(s.count, s.amount) for s in greeting.steps] == [(2, Decimal("-50.00")), (3, Decimal("-100.00"))]
    assert page.history.rowCount() == 2
    qtbot.waitUntil(lambda: page.lines is not None and "-80.00" in _column(page.ledger_table, 3))

    # a bad cell is named, and nothing is saved
    table.item(_column(table, 0).index("score.low"), 3).setText("abc")
    page.save_policy()
    assert "rule score.low: threshold: expected a score above 0 and up to 100, got 'abc'" in (
        page.policy_status.text())
    assert RewardService(db).active_version().version == 2
    page.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    page.grab().save(str(SHOTS / "rewards_policy.png"))

    # a manual entry from a category, then voided with a reason
    page.tabs.setCurrentIndex(2)
    page.entry_agent.setCurrentIndex(0)
    page.entry_date.setDate(QDate(2026, 11, 12))
    page.category.setCurrentIndex(page.category.findData("praise_letter"))
    assert page.amount.value() == 100 and page.label.text() == "表扬信"
    page.add_entry()
    assert "Not recorded: a reason is required" in page.entry_status.text()
    page.reason.setText("客户来信表扬耐心解答")
    page.add_entry()
    assert page.entry_status.text().startswith("Recorded entry 1")
    qtbot.waitUntil(lambda: page.lines is not None and "entry:1" in _column(page.ledger_table, 6))
    assert page.total_label.text() == "Total: -130.00 yuan"
    qtbot.wait(50)
    page.grab().save(str(SHOTS / "rewards_entries.png"))
    page.entries.selectRow(0)
    page.void_selected("记错了人")
    qtbot.waitUntil(lambda: page.lines is not None and "entry:1" not in _column(page.ledger_table, 6))
    assert page.entries.item(0, 7).text() == "人事小张: 记错了人"
    assert page.entries.item(0, 1).font().strikeOut()


def test_an_agent_sees_only_their_own_lines_and_cannot_change_anything(qtbot, db):
    add_evaluation(db, "demo-001", "1024", nov(3), 45, name="李明")
    add_evaluation(db, "demo-002", "2031", nov(4), 30, name="陈静")
    RewardService(db).add_entry("2031", date(2026, 11, 5), None, "表扬信", "来信", actor=SUPERVISOR)
    page = _page(qtbot, db, AGENT)
    assert _column(page.ledger_table, 1) == ["1024"]
    assert page.agent.count() == 1 and page.agent.currentData() == "1024"
    assert page.entries.rowCount() == 0
    assert page.policy_table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not page.save_button.isEnabled() and not page.add_button.isEnabled()
    assert not page.void_button.isEnabled() and not page.reason.isEnabled()
    assert not page.policy_table.cellWidget(0, 1).isEnabled()


def test_a_supervisor_records_entries_but_reads_the_policy_only(qtbot, db):
    add_evaluation(db, "demo-001", "1024", nov(3), 95, name="李明")
    page = _page(qtbot, db, SUPERVISOR)
    assert page.add_button.isEnabled() and not page.save_button.isEnabled()
    assert "may not change the policy" in page.policy_status.text()
