"""Disputes on SQLite and on a real PostgreSQL server: an agent disputes an item of their own
signed evaluation within the window; another supervisor accepts (new signed version, score
recomputed) or rejects (final); every step is in the history and the audit chain."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services import audit
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.disputes import (
    ACCEPTED,
    OPEN,
    REJECTED,
    DisputeConflict,
    DisputeError,
    DisputeService,
)
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.review import ConflictError, ReviewService
from tests.helpers import call_dict, write_json

AGENT = Identity("liming", "agent", agent_id="1024", display_name="李明")
OTHER_AGENT = Identity("zhaoli", "agent", agent_id="2048", display_name="赵丽")
REVIEWER = "王主管"  # reviewed and signed the evaluation
JUDGE = Identity("li", "supervisor", display_name="李主管")
SECOND_JUDGE = Identity("zhou", "supervisor", display_name="周主管")
HR = Identity("hr", "hr", display_name="人事")
GREETING, FAREWELL = "opening.greeting", "closing.farewell"


class Clock:
    """Real time moved on by `later`: the window is counted from the real sign-off time."""

    def __init__(self) -> None:
        self.later = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.later


def store_call(database, folder, call_id: str, agent: str = "1024") -> None:
    data = call_dict(call_id, agent={"id": agent, "name": "坐席" + agent})
    data["turns"][0]["text"] = "您好，很高兴为您服务"  # no self-identification: greeting fails
    ImportService(database).import_file(write_json(folder / f"{call_id}.json", data))
    list(score_stored_calls(database, [call_id], Scorer(load_pack())))


def signed(database, call_id: str):
    review = ReviewService(database)
    evaluation = review.current(call_id)
    return review.sign_off(evaluation.id, expected_version=evaluation.version, reviewer=REVIEWER)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def evaluation(any_db, tmp_path):
    store_call(any_db, tmp_path, "d-1")
    return signed(any_db, "d-1")


@pytest.fixture
def disputes(any_db, clock):
    return DisputeService(any_db, clock=clock)


def actions(database, evaluation_id: int) -> list[str]:
    return [h["action"] for h in ReviewService(database).get(evaluation_id).history]


def audit_actions(database, evaluation_id: int) -> list[str]:
    rows = audit.history(database, entity=f"evaluation:{evaluation_id}")
    return [row.action for row in reversed(rows)]


# --------------------------------------------------------------------------- the whole path


def test_accepted_dispute_reverses_the_verdict_and_signs_a_new_version(any_db, evaluation,
                                                                       disputes):
    opened = disputes.open(evaluation.id, GREETING, "我报了工号，转写漏了", actor=AGENT)
    assert (opened.status, opened.agent_id, opened.opened_by, opened.rule) == (
        OPEN, "1024", "李明", GREETING)
    assert opened.rule_name and opened.call_id == "d-1"
    after_open = ReviewService(any_db).get(evaluation.id)
    assert after_open.locked and after_open.signed_by == REVIEWER  # opening changes no score
    assert after_open.reviewed_score == evaluation.reviewed_score
    assert after_open.history[-1]["action"] == "dispute"
    assert "我报了工号" in after_open.history[-1]["reason"]

    ruled = disputes.rule(opened.id, True, "录音里确实报了工号", actor=JUDGE,
                          expected_version=opened.version)
    now = ReviewService(any_db).get(evaluation.id)
    assert ruled.status == ACCEPTED and ruled.ruled_by == "李主管" and ruled.ruling == "录音里确实报了工号"
    assert now.item(GREETING).effective_result == "pass" and now.item(GREETING).effective_points == 10
    assert now.reviewed_score > evaluation.reviewed_score
    assert now.auto_score == evaluation.auto_score  # the automatic score is kept
    assert now.locked and now.signed_by == "李主管" and now.version > after_open.version
    assert ruled.evaluation_version == now.version and ruled.ruled_points == 10
    assert actions(any_db, evaluation.id) == ["sign", "dispute", "dispute.accept", "sign"]
    assert now.history[2]["by"] == "李主管" and "录音里确实报了工号" in now.history[2]["reason"]
    assert audit_actions(any_db, evaluation.id)[-2:] == ["dispute.open", "dispute.accept"]
    assert audit.verify(any_db).ok
    assert disputes.open_disputes(actor=JUDGE) == []


def test_accepting_with_points_overrides_them_and_keeps_the_failure(any_db, evaluation, disputes):
    opened = disputes.open(evaluation.id, FAREWELL, "我说了再见", actor=AGENT)
    with pytest.raises(DisputeError, match="more than its 0 points"):
        disputes.rule(opened.id, True, "部分成立", actor=JUDGE, points=0,
                      expected_version=opened.version)
    with pytest.raises(DisputeError, match=r"more than its 0 points \(at most 10\)"):
        disputes.rule(opened.id, True, "部分成立", actor=JUDGE, points=12,
                      expected_version=opened.version)
    ruled = disputes.rule(opened.id, True, "道别了但不完整，给一半", actor=JUDGE, points=5,
                          expected_version=opened.version)
    item = ReviewService(any_db).get(evaluation.id).item(FAREWELL)
    assert (item.effective_result, item.effective_points, ruled.ruled_points) == ("fail", 5.0, 5.0)
    assert item.reason == "道别了但不完整，给一半"


def test_rejected_dispute_is_final_and_changes_no_score(any_db, evaluation, disputes):
    opened = disputes.open(evaluation.id, GREETING, "我觉得合格", actor=AGENT)
    with pytest.raises(DisputeError, match="needs its reasons"):
        disputes.rule(opened.id, False, "  ", actor=JUDGE, expected_version=opened.version)
    ruled = disputes.rule(opened.id, False, "录音中未报工号", actor=JUDGE,
                          expected_version=opened.version)
    now = ReviewService(any_db).get(evaluation.id)
    assert ruled.status == REJECTED and ruled.ruling == "录音中未报工号"
    assert now.reviewed_score == evaluation.reviewed_score and now.signed_by == REVIEWER
    assert now.item(GREETING).effective_result == "fail"
    assert actions(any_db, evaluation.id) == ["sign", "dispute", "dispute.reject"]
    assert ruled.evaluation_version == now.version
    with pytest.raises(DisputeError, match=r"already rejected by 李主管 .* final"):
        disputes.open(evaluation.id, GREETING, "再申诉一次", actor=AGENT)
    with pytest.raises(DisputeConflict, match="already rejected by 李主管"):
        disputes.rule(opened.id, True, "改判", actor=SECOND_JUDGE, expected_version=ruled.version)
    assert audit_actions(any_db, evaluation.id)[-2:] == ["dispute.open", "dispute.reject"]
    assert audit.verify(any_db).ok


def test_the_history_of_disputes_shows_on_the_evaluation(any_db, evaluation, disputes):
    first = disputes.open(evaluation.id, GREETING, "理由一", actor=AGENT)
    second = disputes.open(evaluation.id, FAREWELL, "理由二", actor=AGENT)
    disputes.rule(first.id, False, "驳回", actor=JUDGE, expected_version=first.version)
    listed = disputes.for_evaluation(evaluation.id, actor=AGENT)
    assert [(d.rule, d.status) for d in listed] == [(GREETING, REJECTED), (FAREWELL, OPEN)]
    assert [d.id for d in disputes.open_disputes(actor=HR)] == [second.id]


# --------------------------------------------------------------------------- refusals


def test_the_window_is_counted_from_the_sign_off(any_db, evaluation, clock):
    three_days = DisputeService(any_db, window_days=3, clock=clock)
    clock.later = timedelta(days=3, minutes=1)
    closes = (evaluation.signed_at.replace(tzinfo=evaluation.signed_at.tzinfo or UTC)
              + timedelta(days=3)).astimezone().strftime("%Y-%m-%d")
    with pytest.raises(DisputeError, match=f"window closed on {closes} \\(3 days after"):
        three_days.open(evaluation.id, GREETING, "太晚了", actor=AGENT)
    assert DisputeService(any_db, clock=clock).open(evaluation.id, GREETING, "七天内",
                                                    actor=AGENT).is_open
    with pytest.raises(ValueError, match="at least 1 day"):
        DisputeService(any_db, window_days=0)


def test_only_a_signed_evaluation_with_points_taken_off_can_be_disputed(any_db, tmp_path,
                                                                       disputes):
    store_call(any_db, tmp_path, "d-2")
    unsigned = ReviewService(any_db).current("d-2")
    with pytest.raises(DisputeError, match=r"only a signed evaluation .* not reviewed yet"):
        disputes.open(unsigned.id, GREETING, "理由", actor=AGENT)
    evaluation = signed(any_db, "d-2")
    with pytest.raises(DisputeError, match="needs a reason"):
        disputes.open(evaluation.id, GREETING, "  ", actor=AGENT)
    with pytest.raises(DisputeError, match="passed with full points"):
        disputes.open(evaluation.id, "closing.hangup", "理由", actor=AGENT)
    with pytest.raises(DisputeError, match="does not apply"):
        disputes.open(evaluation.id, "hold.notice", "理由", actor=AGENT)
    with pytest.raises(DisputeError, match="no item nope"):
        disputes.open(evaluation.id, "nope", "理由", actor=AGENT)
    disputes.open(evaluation.id, GREETING, "理由", actor=AGENT)
    with pytest.raises(DisputeError, match=r"already disputed .* waiting for a ruling"):
        disputes.open(evaluation.id, GREETING, "再来一次", actor=AGENT)


def test_a_forged_agent_id_is_refused(any_db, evaluation, disputes):
    with pytest.raises(PermissionDenied, match=r"only dispute their own calls \(agent 2048\)"):
        disputes.open(evaluation.id, GREETING, "替别人申诉", actor=OTHER_AGENT)
    with pytest.raises(PermissionDenied, match="signed in to their own account"):
        disputes.open(evaluation.id, GREETING, "命令行冒充", actor="1024")
    with pytest.raises(PermissionDenied, match="no agent id"):
        disputes.open(evaluation.id, GREETING, "没有工号", actor=Identity("x", "agent"))
    with pytest.raises(PermissionDenied, match="may only see their own records"):
        disputes.for_evaluation(evaluation.id, actor=OTHER_AGENT)
    assert disputes.for_evaluation(evaluation.id, actor=JUDGE) == []
    assert actions(any_db, evaluation.id) == ["sign"]  # nothing half-written


def test_the_reviewer_who_signed_may_not_rule(any_db, evaluation, disputes):
    opened = disputes.open(evaluation.id, GREETING, "理由", actor=AGENT)
    signer = Identity("wang", "supervisor", display_name=REVIEWER)
    with pytest.raises(DisputeError, match="王主管 reviewed or signed this evaluation"):
        disputes.rule(opened.id, True, "我自己改判", actor=signer, expected_version=opened.version)
    ruled = disputes.rule(opened.id, True, "成立", actor=JUDGE, expected_version=opened.version)
    # The supervisor who signed the new version may not rule on the next dispute either.
    second = disputes.open(evaluation.id, FAREWELL, "理由", actor=AGENT)
    for involved in (signer, JUDGE):
        with pytest.raises(DisputeError, match="another supervisor must rule"):
            disputes.rule(second.id, False, "驳回", actor=involved, expected_version=second.version)
    assert disputes.rule(second.id, False, "驳回", actor=SECOND_JUDGE,
                         expected_version=second.version).status == REJECTED
    assert ruled.status == ACCEPTED


def test_hr_and_agents_may_not_rule_and_hr_may_not_dispute(any_db, evaluation, disputes):
    opened = disputes.open(evaluation.id, GREETING, "理由", actor=AGENT)
    with pytest.raises(PermissionDenied, match=r"hr \(hr\) may not rule on disputes"):
        disputes.rule(opened.id, True, "人事改分", actor=HR, expected_version=opened.version)
    with pytest.raises(PermissionDenied, match="may not rule on disputes"):
        disputes.rule(opened.id, True, "自己判", actor=AGENT, expected_version=opened.version)
    with pytest.raises(PermissionDenied, match=r"hr \(hr\) may not dispute an evaluation"):
        disputes.open(evaluation.id, FAREWELL, "理由", actor=HR)
    assert [d.status for d in disputes.for_evaluation(evaluation.id, actor=HR)] == [OPEN]
    assert ReviewService(any_db).get(evaluation.id).reviewed_score == evaluation.reviewed_score


def test_agents_see_only_their_own_disputes(any_db, evaluation, tmp_path, disputes):
    store_call(any_db, tmp_path, "d-3", agent="2048")
    theirs = signed(any_db, "d-3")
    mine = disputes.open(evaluation.id, GREETING, "我的", actor=AGENT)
    other = disputes.open(theirs.id, GREETING, "她的", actor=OTHER_AGENT)
    assert [d.id for d in disputes.open_disputes(actor=AGENT)] == [mine.id]
    assert [d.id for d in disputes.open_disputes(actor=OTHER_AGENT)] == [other.id]
    assert [d.id for d in disputes.open_disputes(actor=JUDGE)] == [mine.id, other.id]
    with pytest.raises(PermissionDenied, match="their own records"):
        disputes.get(other.id, actor=AGENT)


def test_a_reopened_evaluation_is_signed_again_before_its_disputes_are_ruled(any_db, evaluation,
                                                                            disputes):
    opened = disputes.open(evaluation.id, GREETING, "理由", actor=AGENT)
    review = ReviewService(any_db)
    current = review.get(evaluation.id)
    review.reopen(evaluation.id, reason="复核", expected_version=current.version, reviewer="孙主管")
    with pytest.raises(DisputeError, match="reopened"):
        disputes.rule(opened.id, True, "成立", actor=JUDGE, expected_version=opened.version)


# --------------------------------------------------------------------------- concurrency


def test_a_ruling_on_a_stale_dispute_names_who_ruled(any_db, evaluation, disputes):
    opened = disputes.open(evaluation.id, GREETING, "理由", actor=AGENT)
    seen_by_both = disputes.get(opened.id, actor=JUDGE)
    disputes.rule(seen_by_both.id, True, "成立", actor=JUDGE, expected_version=seen_by_both.version)
    with pytest.raises(DisputeConflict, match=r"already accepted by 李主管 at .* reload") as refused:
        disputes.rule(seen_by_both.id, False, "驳回", actor=SECOND_JUDGE,
                      expected_version=seen_by_both.version)
    assert isinstance(refused.value, ConflictError)  # the views' conflict handling applies


def test_two_supervisors_ruling_at_once_one_wins_the_other_is_told(any_db, evaluation):
    disputes = DisputeService(any_db)
    opened = disputes.open(evaluation.id, GREETING, "理由", actor=AGENT)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def rule(judge: Identity, accept: bool) -> None:
        start.wait()
        try:
            outcomes[judge.username] = DisputeService(any_db).rule(
                opened.id, accept, "裁决", actor=judge, expected_version=opened.version)
        except Exception as exc:  # the test inspects what came back
            outcomes[judge.username] = exc

    threads = [threading.Thread(target=rule, args=(JUDGE, True)),
               threading.Thread(target=rule, args=(SECOND_JUDGE, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    won = [o for o in outcomes.values() if not isinstance(o, Exception)]
    lost = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], DisputeConflict)
    assert f"already {won[0].status} by {won[0].ruled_by}" in str(lost[0])
    stored = disputes.get(opened.id, actor=JUDGE)
    assert (stored.status, stored.ruled_by) == (won[0].status, won[0].ruled_by)
    history = actions(any_db, evaluation.id)
    assert history.count("dispute.accept") + history.count("dispute.reject") == 1
    assert audit.verify(any_db).ok
