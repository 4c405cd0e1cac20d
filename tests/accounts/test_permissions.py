"""Permissions are enforced in the services, on SQLite and on a real PostgreSQL: an agent sees
only their own calls and evaluations, HR reads but cannot change a score, only supervisors
(and admins) review and sign, and every refusal says who was refused what."""

from __future__ import annotations

import pytest

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services import access
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.calls import CallService
from qa_desk.services.dashboard import DashboardService
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.services.review import CONFIRM, ReviewService
from tests.helpers import call_dict, write_json

AGENT_1024 = Identity("liming", "agent", agent_id="1024", display_name="李明")
AGENT_2048 = Identity("zhangwei", "agent", agent_id="2048")
AGENT_WITHOUT_ID = Identity("newhire", "agent")
SUPERVISOR = Identity("wang", "supervisor", display_name="王主管")
HR = Identity("hr", "hr")
ADMIN = Identity("root", "admin")


@pytest.fixture
def two_agents(any_db, tmp_path):
    first = call_dict("p-1024")
    second = call_dict("p-2048", agent={"id": "2048", "name": "张伟"})
    second["turns"][0]["text"] = "您好，2048号为您服务，客户说的 O'Brien; DROP TABLE calls; --"
    list(ImportService(any_db).import_paths([write_json(tmp_path / "a.json", first),
                                        write_json(tmp_path / "b.json", second)], parallel=False))
    list(score_stored_calls(any_db, ["p-1024", "p-2048"], Scorer(load_pack())))
    return any_db


def test_an_agent_sees_only_their_own_calls_in_the_queue_and_dashboard(two_agents):
    rows = QueueService(two_agents, AGENT_1024).page()
    assert [r.call_id for r in rows] == ["p-1024"]
    assert QueueService(two_agents, AGENT_1024).count() == 1
    assert QueueService(two_agents, AGENT_1024).agents() == [("1024", "李明")]
    assert [a.agent_id for a in DashboardService(two_agents, AGENT_1024).agent_ranking()] == ["1024"]
    with pytest.raises(PermissionDenied, match="only see their own records"):
        QueueService(two_agents, AGENT_1024).page(QueueFilter(agent="2048"))
    # Supervisors and HR see everyone.
    assert QueueService(two_agents, HR).count() == 2
    assert QueueService(two_agents, SUPERVISOR).count() == 2


def test_an_agent_cannot_read_another_agents_call_or_evaluation(two_agents):
    assert CallService(two_agents, AGENT_1024).get("p-1024").call_id == "p-1024"
    with pytest.raises(PermissionDenied, match="agent 1024"):
        CallService(two_agents, AGENT_1024).get("p-2048")
    with pytest.raises(PermissionDenied):
        ReviewService(two_agents, AGENT_1024).current("p-2048")
    theirs = ReviewService(two_agents).current("p-2048")
    with pytest.raises(PermissionDenied):
        ReviewService(two_agents, AGENT_1024).get(theirs.id)
    assert ReviewService(two_agents, AGENT_1024).current("p-1024").call_id == "p-1024"
    assert [c.call_id for c in CallService(two_agents, AGENT_1024).list_calls()] == ["p-1024"]
    with pytest.raises(PermissionDenied):
        CallService(two_agents, AGENT_1024).list_calls(agent="2048")


def test_an_agent_account_without_an_agent_id_reads_nothing(two_agents):
    with pytest.raises(PermissionDenied, match="no agent id"):
        QueueService(two_agents, AGENT_WITHOUT_ID).page()


def test_hr_reads_evaluations_but_cannot_change_or_sign_them(two_agents):
    review = ReviewService(two_agents, HR)
    current = review.current("p-1024")
    with pytest.raises(PermissionDenied, match=r"hr \(hr\) may not review or change evaluations"):
        review.review_item(current.id, "opening.greeting", expected_version=current.version,
                           reviewer=HR, decision=CONFIRM)
    with pytest.raises(PermissionDenied, match="may not sign off"):
        review.sign_off(current.id, expected_version=current.version, reviewer=HR)
    unchanged = review.current("p-1024")
    assert unchanged.version == current.version and unchanged.status == "auto"


def test_agents_cannot_review_import_or_score(two_agents, tmp_path):
    current = ReviewService(two_agents).current("p-1024")
    with pytest.raises(PermissionDenied):
        ReviewService(two_agents, AGENT_1024).review_item(
            current.id, "opening.greeting", expected_version=current.version,
            reviewer=AGENT_1024, decision=CONFIRM)
    with pytest.raises(PermissionDenied, match="may not import calls"):
        ImportService(two_agents, AGENT_1024)
    with pytest.raises(PermissionDenied, match="may not score calls"):
        list(score_stored_calls(two_agents, ["p-1024"], Scorer(load_pack()), actor=AGENT_1024))


def test_a_supervisor_reviews_and_signs_under_their_display_name(two_agents):
    review = ReviewService(two_agents, SUPERVISOR)
    current = review.current("p-1024")
    after = review.review_item(current.id, "opening.greeting", expected_version=current.version,
                               reviewer=SUPERVISOR, decision=CONFIRM)
    signed = review.sign_off(after.id, expected_version=after.version, reviewer=SUPERVISOR)
    assert signed.status == "signed" and signed.signed_by == "王主管"
    assert signed.history[-1]["by"] == "王主管"


def test_the_role_table_names_every_permission_a_service_checks():
    for permission, (roles, what) in access.PERMISSIONS.items():
        assert roles <= set(access.ROLES) and what, permission
    assert access.allowed(ADMIN, "users.manage") and not access.allowed(SUPERVISOR, "users.manage")
    assert not access.allowed(HR, "evaluations.review")
    assert access.allowed("qa-desk command line", "evaluations.review")
    assert not access.allowed("  ", "evaluations.review")
