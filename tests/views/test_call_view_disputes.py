"""The call view for each role over a real SQLite store: an agent disputes a failed item of
their signed evaluation and sees the ruling; a supervisor other than the signer accepts or
rejects it; HR only reads; two supervisors ruling at once, the second is told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import update

from qa_desk.models import Evaluation
from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.access import Identity
from qa_desk.services.disputes import ACCEPTED, OPEN, REJECTED, DisputeService
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.review import ReviewService
from qa_desk.views.call_view import CallView
from qa_desk.views.call_view.view import DISPUTES_TAB, HISTORY_TAB, REVIEW_TAB

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
CALL = "demo-005"  # agent 1024 李明; the apology is missing and a taboo phrase was said
FAILED, PASSED = "complaint.apology", "closing.hangup"
AGENT = Identity("liming", "agent", agent_id="1024", display_name="李明")
OTHER_AGENT = Identity("zhaoli", "agent", agent_id="2048", display_name="赵丽")
JUDGE = Identity("li", "supervisor", display_name="李主管")
SECOND_JUDGE = Identity("zhou", "supervisor", display_name="周主管")
SIGNER = Identity("wang", "supervisor", display_name="王主管")
HR = Identity("hr", "hr", display_name="人事")


@pytest.fixture
def scored(db):
    ImportService(db).import_file(DEMO / f"{CALL}.json")
    list(score_stored_calls(db, [CALL], Scorer(load_pack())))
    return db


@pytest.fixture
def signed(scored):
    review = ReviewService(scored)
    evaluation = review.current(CALL)
    review.sign_off(evaluation.id, expected_version=evaluation.version, reviewer="王主管")
    return scored


@pytest.fixture
def disputed(signed):
    evaluation = ReviewService(signed).current(CALL)
    DisputeService(signed).open(evaluation.id, FAILED, "我在第三句道歉了，转写漏了", actor=AGENT)
    return signed


def open_view(qtbot, db, identity: Identity | None = None, **kwargs) -> CallView:
    view = CallView(db, CALL, identity=identity, **kwargs)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_rule(qtbot, view: CallView, rule: str) -> None:
    tree = view.scorecard.tree
    row = view.scorecard.rule_row(rule)
    tree.scrollToItem(row)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(row).center())
    view.playback.pause()


def answer_dialog(monkeypatch, text: str, ok: bool = True) -> None:
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *a, **k: (text, ok)))


# --------------------------------------------------------------------------- agent


def test_an_agent_disputes_a_failed_item_and_sees_it_on_the_item_and_in_the_history(
        qtbot, signed, monkeypatch):
    view = open_view(qtbot, signed, AGENT)
    assert view.reviewer == "李明" and view.tabs.tabText(REVIEW_TAB) == "Item"
    for hidden in (view.item_review.review_controls, view.call_review.sign_off_button,
                   view.call_review.reopen_button, view.call_review.comment_button):
        assert not hidden.isVisible()
    assert view.call_review.comment.isReadOnly()
    choose_rule(qtbot, view, FAILED)
    button = view.item_review.dispute_button
    assert button.isVisible() and button.isEnabled()
    assert "You may dispute it until" in view.item_review.dispute_hint.text()

    answer_dialog(monkeypatch, "我在第三句道歉了，转写漏了")
    with qtbot.waitSignal(view.evaluation_did_change):
        click(qtbot, button)
    assert "Dispute sent" in view.message_bar.text()
    stored = DisputeService(signed).for_evaluation(view.evaluation.id, actor=AGENT)
    assert [(d.rule, d.status, d.opened_by) for d in stored] == [(FAILED, OPEN, "李明")]
    assert view.item_review.current_rule() == FAILED
    note = view.item_review.dispute_note
    assert note.isVisible() and "Disputed by 李明" in note.text() and "Waiting" in note.text()
    assert not button.isEnabled()  # one dispute per item
    assert "⚖ disputed" in view.scorecard.rule_row(FAILED).text(0)
    assert view.tabs.tabText(DISPUTES_TAB) == "Disputes (1 open)"
    assert not view.disputes.ruling_box.isVisible()  # an agent does not rule
    view.tabs.setCurrentIndex(HISTORY_TAB)
    rows = view.history.entries()
    assert [r[2] for r in rows] == ["Signed", "Disputed"]
    assert rows[1][1] == "李明" and "转写漏了" in rows[1][3]


def test_an_agent_can_dispute_only_a_signed_failure_within_the_window(qtbot, scored, monkeypatch):
    view = open_view(qtbot, scored, AGENT)
    choose_rule(qtbot, view, FAILED)
    assert not view.item_review.dispute_button.isEnabled()
    assert "Only a signed evaluation" in view.item_review.dispute_hint.text()
    review = ReviewService(scored)
    current = review.current(CALL)
    review.sign_off(current.id, expected_version=current.version, reviewer="王主管")
    view.reload()
    choose_rule(qtbot, view, PASSED)
    assert not view.item_review.dispute_button.isEnabled()
    assert "No points were taken off" in view.item_review.dispute_hint.text()
    with scored.sessions.begin() as session:  # signed ten days ago: the window has closed
        session.execute(update(Evaluation).values(
            signed_at=datetime.now(UTC) - timedelta(days=10), version=Evaluation.version + 1))
    view.reload()
    choose_rule(qtbot, view, FAILED)
    assert not view.item_review.dispute_button.isEnabled()
    assert "The dispute window closed on" in view.item_review.dispute_hint.text()
    view.dispute_item(FAILED, "晚了也想申诉")  # the service refuses it whatever the button shows
    assert "window closed" in view.message_bar.text()


def test_an_empty_reason_is_refused_and_nothing_is_stored(qtbot, signed, monkeypatch):
    view = open_view(qtbot, signed, AGENT)
    choose_rule(qtbot, view, FAILED)
    answer_dialog(monkeypatch, "   ")
    with qtbot.assertNotEmitted(view.evaluation_did_change):
        click(qtbot, view.item_review.dispute_button)
    assert "reason" in view.message_bar.text()
    assert DisputeService(signed).for_evaluation(view.evaluation.id, actor=AGENT) == []


def test_an_agent_sees_only_their_own_calls(qtbot, signed):
    view = open_view(qtbot, signed, OTHER_AGENT)
    assert view.evaluation is None and view.transcript.bubbles == []
    assert "may only see their own records" in view.message_bar.text()


def test_the_agent_sees_the_ruling(qtbot, disputed):
    dispute = DisputeService(disputed).open_disputes(actor=JUDGE)[0]
    DisputeService(disputed).rule(dispute.id, False, "录音中没有道歉", actor=JUDGE,
                                  expected_version=dispute.version)
    view = open_view(qtbot, disputed, AGENT)
    choose_rule(qtbot, view, FAILED)
    note = view.item_review.dispute_note.text()
    assert "Rejected by 李主管" in note and "(final)" in note and "录音中没有道歉" in note
    assert "⚖ dispute rejected" in view.scorecard.rule_row(FAILED).text(0)


# --------------------------------------------------------------------------- supervisors


def test_a_supervisor_accepts_a_dispute_the_evaluation_is_signed_again(qtbot, disputed):
    view = open_view(qtbot, disputed, JUDGE)
    before = view.evaluation
    assert view.tabs.currentIndex() == DISPUTES_TAB  # what waits for this supervisor
    assert "waiting for a ruling: 1" in view.message_bar.text()
    panel = view.disputes
    assert panel.ruling_box.isVisible() and panel.list.count() == 1
    assert "我在第三句道歉了" in panel.detail.text()
    assert view.item_review.current_rule() == FAILED  # choosing the dispute shows its item
    assert panel.points.value() == before.item(FAILED).max_points
    panel.ruling.setPlainText("录音第三句确有道歉")
    with qtbot.waitSignal(view.evaluation_did_change):
        click(qtbot, panel.accept_button)
    after = view.evaluation
    assert after.signed_by == "李主管" and after.locked and after.version > before.version
    assert after.item(FAILED).effective_result == "pass"
    assert after.reviewed_score > (before.reviewed_score or before.auto_score) - 0.01
    assert "the evaluation is signed again" in view.message_bar.text()
    assert panel.current_dispute().status == ACCEPTED and not panel.ruling_box.isVisible()
    assert "Accepted by 李主管" in panel.detail.text()
    assert view.tabs.tabText(DISPUTES_TAB) == "Disputes (1)"
    assert "Signed by 李主管" in view.scorecard.signed.text()
    assert [h["action"] for h in after.history] == ["sign", "dispute", "dispute.accept", "sign"]


def test_accepting_with_fewer_points_overrides_them(qtbot, disputed):
    view = open_view(qtbot, disputed, JUDGE)
    view.disputes.points.setValue(4)
    view.disputes.ruling.setPlainText("道歉不完整，给4分")
    click(qtbot, view.disputes.accept_button)
    item = ReviewService(disputed).current(CALL).item(FAILED)
    assert (item.effective_points, item.effective_result) == (4.0, "fail")


def test_a_supervisor_rejects_with_a_ruling_and_an_empty_ruling_is_refused(qtbot, disputed):
    view = open_view(qtbot, disputed, JUDGE)
    with qtbot.assertNotEmitted(view.evaluation_did_change):
        click(qtbot, view.disputes.reject_button)
    assert "Write the ruling" in view.message_bar.text()
    view.disputes.ruling.setPlainText("录音中没有道歉")
    click(qtbot, view.disputes.reject_button)
    assert view.disputes.current_dispute().status == REJECTED
    assert view.evaluation.signed_by == "王主管"  # a rejection changes no score or signature


def test_the_supervisor_who_signed_may_not_rule(qtbot, disputed):
    view = open_view(qtbot, disputed, SIGNER)
    view.disputes.ruling.setPlainText("我维持原判")
    click(qtbot, view.disputes.reject_button)
    assert "another supervisor must rule" in view.message_bar.text()
    assert view.disputes.current_dispute().status == OPEN


def test_two_supervisors_ruling_at_once_the_second_is_told_and_can_reload(qtbot, disputed):
    first, second = open_view(qtbot, disputed, JUDGE), open_view(qtbot, disputed, SECOND_JUDGE)
    first.disputes.ruling.setPlainText("成立")
    click(qtbot, first.disputes.accept_button)
    second.disputes.ruling.setPlainText("驳回")
    with qtbot.assertNotEmitted(second.evaluation_did_change):
        click(qtbot, second.disputes.reject_button)
    assert "already accepted by 李主管" in second.message_bar.text()
    assert second.message_bar.reload_button.isVisible()
    click(qtbot, second.message_bar.reload_button)
    assert second.disputes.current_dispute().status == ACCEPTED
    assert not second.disputes.ruling_box.isVisible()


def test_the_trusted_desk_reviewer_still_reviews_and_rules(qtbot, disputed):
    view = open_view(qtbot, disputed, reviewer="孙主管")
    assert view.reviewer == "孙主管" and not view.item_review.review_controls.isHidden()
    assert view.disputes.ruling_box.isVisible()
    assert view.item_review.dispute_button.isHidden()


# --------------------------------------------------------------------------- HR


def test_hr_reads_everything_and_can_change_nothing(qtbot, disputed):
    view = open_view(qtbot, disputed, HR)
    assert view.evaluation is not None and view.tabs.currentIndex() == REVIEW_TAB
    assert not view.item_review.review_controls.isVisible()
    assert not view.item_review.dispute_button.isVisible()
    for button in (view.call_review.sign_off_button, view.call_review.reopen_button,
                   view.call_review.comment_button):
        assert not button.isVisible()
    view.tabs.setCurrentIndex(DISPUTES_TAB)
    assert view.disputes.list.count() == 1 and not view.disputes.ruling_box.isVisible()
    version = view.evaluation.version
    view.review.reopen("人事想改分")  # asked directly, past the hidden buttons: the service refuses
    assert "hr (hr) may not sign off evaluations" in view.message_bar.text()
    assert ReviewService(disputed).current(CALL).version == version


def test_the_next_call_opens_on_its_review_and_a_reload_keeps_the_tab(qtbot, disputed):
    ImportService(disputed).import_file(DEMO / "demo-013.json")
    list(score_stored_calls(disputed, ["demo-013"], Scorer(load_pack())))
    view = open_view(qtbot, disputed, JUDGE)
    assert view.tabs.currentIndex() == DISPUTES_TAB
    view.tabs.setCurrentIndex(HISTORY_TAB)
    view.reload()
    assert view.tabs.currentIndex() == HISTORY_TAB  # a refresh does not move the reader
    view.load("demo-013")
    assert view.tabs.currentIndex() == REVIEW_TAB and view.message_bar.isHidden()
    assert view.tabs.tabText(DISPUTES_TAB) == "Disputes" and view.disputes.list.count() == 0
