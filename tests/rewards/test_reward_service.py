"""RewardService on SQLite and PostgreSQL: the versioned policy, manual entries and voiding,
the ledger of a month from evaluations (after review), exam attempts and entries, permissions
and the audit rows each change writes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from qa_desk.models import AuditEntry, RewardEntry, RewardPolicyVersion
from qa_desk.reports.period import parse_period
from qa_desk.rewards import PolicyError, load_policy, policy_to_yaml
from qa_desk.services import audit
from qa_desk.services.access import PermissionDenied
from qa_desk.services.review import REJECT, ReviewService
from qa_desk.services.rewards import RewardError, RewardService, total
from tests.rewards.rewards_helpers import (
    AGENT,
    HR,
    OTHER_AGENT,
    SUPERVISOR,
    add_agent,
    add_attempt,
    add_evaluation,
    add_user,
    nov,
    nov_utc,
)

NOV = parse_period("2026-11")


def audit_rows(db, action: str) -> list[AuditEntry]:
    with db.sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                    .order_by(AuditEntry.id)))


def test_policy_versions_are_kept_and_the_newest_is_in_force(any_db):
    service = RewardService(any_db)
    first = service.active_version()
    assert first.version == 1 and first.created_by == "system" and first.policy == load_policy()
    changed = policy_to_yaml(first.policy).replace("amount: -50\n", "amount: -80\n", 1)
    second = service.save_policy(changed, actor=HR, note="低分扣款调整")
    assert second.version == 2 and second.created_by == "人事小张" and second.note == "低分扣款调整"
    assert service.active_policy().rules[0].amount == Decimal("-80.00")
    assert [v.version for v in service.policy_versions()] == [2, 1]
    assert service.policy_version(1).content == first.content  # history kept as written
    rows = audit_rows(any_db, "policy.change")
    assert [r.actor for r in rows] == ["system", "人事小张"]
    assert rows[1].before["version"] == 1 and rows[1].after["version"] == 2
    assert rows[1].after["content_hash"] == second.content_hash and rows[1].reason == "低分扣款调整"
    assert audit.verify(any_db).ok


def test_a_policy_save_is_checked_and_refused_whole(any_db):
    service = RewardService(any_db)
    service.active_version()
    with pytest.raises(PolicyError, match="line 3: rule x: kind"):
        service.save_policy("id: t\nrules:\n  - {id: x, kind: nope, label: y}\n", actor=HR)
    with pytest.raises(RewardError, match="unchanged"):
        service.save_policy(service.active_version().content, actor=HR)
    for who in (SUPERVISOR, AGENT):
        with pytest.raises(PermissionDenied, match="change the reward/penalty policy"):
            service.save_policy(policy_to_yaml(load_policy()).replace("-50", "-60"), actor=who)
    with any_db.sessions() as session:
        assert session.query(RewardPolicyVersion).count() == 1
    assert len(audit_rows(any_db, "policy.change")) == 1


def test_manual_entries_need_a_reason_and_permission_and_are_audited(any_db):
    add_agent(any_db, "1024", "李明")
    service = RewardService(any_db)
    entry = service.add_entry("1024", date(2026, 11, 5), None, "表扬信", "客户来信表扬耐心解答",
                              actor=SUPERVISOR)
    assert entry.amount == Decimal("100.00") and entry.category == "praise_letter"
    assert entry.created_by == "王主管" and entry.policy_version == 1
    custom = service.add_entry("1024", date(2026, 11, 6), "-30", "迟到", "晨会迟到", actor=HR)
    assert custom.amount == Decimal("-30.00") and custom.category is None
    with pytest.raises(PermissionDenied, match="record reward/penalty entries"):
        service.add_entry("1024", date(2026, 11, 5), 100, "表扬信", "自己加", actor=AGENT)
    with pytest.raises(RewardError, match="reason is required"):
        service.add_entry("1024", date(2026, 11, 5), 100, "表扬信", "  ", actor=HR)
    with pytest.raises(RewardError, match="no agent '9999'"):
        service.add_entry("9999", date(2026, 11, 5), 100, "表扬信", "来信", actor=HR)
    with pytest.raises(RewardError, match="an amount is required: '迟到' is not a category"):
        service.add_entry("1024", date(2026, 11, 5), None, "迟到", "晨会", actor=HR)
    with pytest.raises(RewardError, match="at most two decimals"):
        service.add_entry("1024", date(2026, 11, 5), "1.005", "迟到", "晨会", actor=HR)
    added = audit_rows(any_db, "reward.add")
    assert [(r.actor, r.entity, r.after["amount"]) for r in added] == [
        ("王主管", f"reward_entry:{entry.id}", "100.00"), ("人事小张", f"reward_entry:{custom.id}", "-30.00")]


def test_voiding_keeps_the_entry_takes_it_out_of_the_ledger_and_is_audited(any_db):
    add_agent(any_db, "1024", "李明")
    service = RewardService(any_db)
    entry = service.add_entry("1024", date(2026, 11, 5), None, "服务态度投诉", "投诉单 123", actor=HR)
    assert [x.sources for x in service.ledger(NOV)] == [(f"entry:{entry.id}",)]
    with pytest.raises(RewardError, match="reason is required"):
        service.void_entry(entry.id, "", actor=HR)
    with pytest.raises(PermissionDenied):
        service.void_entry(entry.id, "投诉撤回", actor=AGENT)
    service.void_entry(entry.id, "客户撤回投诉", actor=SUPERVISOR)
    assert service.ledger(NOV) == []
    with pytest.raises(RewardError, match="already voided by 王主管"):
        service.void_entry(entry.id, "again", actor=HR)
    with any_db.sessions() as session:
        row = session.get(RewardEntry, entry.id)
        assert row.voided_by == "王主管" and row.void_reason == "客户撤回投诉" and row.amount == -100
    [voided] = audit_rows(any_db, "reward.void")
    assert voided.before["voided_by"] is None and voided.after["voided_by"] == "王主管"
    assert voided.reason == "客户撤回投诉"
    assert [e.voided for e in service.entries(NOV)] == [True]


def test_the_ledger_of_a_month_from_evaluations_exams_and_entries(any_db):
    g = ("opening.greeting",)
    e1 = add_evaluation(any_db, "c-1", "1024", nov(2), 80, failed=g, name="李明")
    e2 = add_evaluation(any_db, "c-2", "1024", nov(9), 50, failed=g)
    e3 = add_evaluation(any_db, "c-3", "1024", nov(20), 0, failed=(*g, "language.forbidden"))
    e4 = add_evaluation(any_db, "c-4", "2031", nov(21), 55, name="陈静")
    e5 = add_evaluation(any_db, "c-5", "1024", nov(30, 23), 10)
    add_evaluation(any_db, "c-old", "1024", datetime(2026, 10, 31, 23), 10)
    add_user(any_db, "li", "agent", agent_id="1024", display_name="李明")
    add_user(any_db, "hr1", "hr")
    a1 = add_attempt(any_db, "Li", nov_utc(12), passed=False)      # username → agent 1024
    add_attempt(any_db, "hr1", nov_utc(12), passed=False)          # not an agent: no line
    a3 = add_attempt(any_db, "2031", nov_utc(13), passed=False)    # an agent id as candidate
    add_attempt(any_db, "2031", nov_utc(14), passed=True)
    add_attempt(any_db, "2031", nov_utc(15), passed=None)          # not graded yet
    service = RewardService(any_db)
    entry = service.add_entry("2031", date(2026, 11, 25), None, "顾全大局受委屈", "替同事承担客户怒气",
                              actor=SUPERVISOR)
    lines = service.ledger(NOV, actor=HR)
    got = [(x.agent_id, x.on.day, x.rule, x.amount, x.sources) for x in lines]
    assert got == [
        ("1024", 9, "score.low", Decimal("-50.00"), (f"evaluation:{e2}", "call:c-2")),
        ("1024", 9, "repeat.greeting", Decimal("-50.00"), (f"evaluation:{e2}", "call:c-2")),
        ("1024", 12, "exam.failed", Decimal("-50.00"), (f"attempt:{a1}",)),
        ("1024", 20, "fatal", Decimal("-100.00"), (f"evaluation:{e3}", "call:c-3")),
        ("1024", 20, "repeat.greeting", Decimal("-100.00"), (f"evaluation:{e3}", "call:c-3")),
        ("1024", 30, "score.low", Decimal("-50.00"), (f"evaluation:{e5}", "call:c-5")),
        ("2031", 13, "exam.failed", Decimal("-50.00"), (f"attempt:{a3}",)),
        ("2031", 21, "score.low", Decimal("-50.00"), (f"evaluation:{e4}", "call:c-4")),
        ("2031", 25, "manual", Decimal("200.00"), (f"entry:{entry.id}",)),
    ]
    assert total(lines) == Decimal("-300.00")
    assert {x.agent_name for x in lines} == {"李明", "陈静"}
    assert {x.policy_version for x in lines} == {1}
    assert e1 not in [int(s.split(":")[1]) for x in lines for s in x.sources if s.startswith("eval")]
    # agents read only their own lines; HR and supervisors read anyone's
    own = service.ledger(NOV, actor=AGENT)
    assert own and {x.agent_id for x in own} == {"1024"}
    assert service.ledger(NOV, "1024", actor=AGENT) == own
    with pytest.raises(PermissionDenied, match="only see their own"):
        service.ledger(NOV, "2031", actor=AGENT)
    assert {x.agent_id for x in service.ledger(NOV, "2031", actor=SUPERVISOR)} == {"2031"}
    # the per-call form's outcome: only the lines citing that evaluation
    assert [x.rule for x in service.outcome_for_evaluation(e3, actor=AGENT)] == ["fatal", "repeat.greeting"]
    assert service.outcome_for_evaluation(e1) == []
    batch = service.evaluation_outcomes(NOV, actor=HR)
    assert set(batch) == {e2, e3, e4, e5}
    assert batch[e3] == service.outcome_for_evaluation(e3)
    with pytest.raises(PermissionDenied):
        service.outcome_for_evaluation(e3, actor=OTHER_AGENT)


def test_the_ledger_follows_the_review_and_the_policy_in_force(any_db):
    fatal_eval = add_evaluation(any_db, "c-1", "1024", nov(3), 0, failed=("language.forbidden",))
    service = RewardService(any_db)
    # score.low skips 一票否决 calls in the default policy: the fatal rule alone applies
    assert [x.rule for x in service.ledger(NOV)] == ["fatal"]
    review = ReviewService(any_db)
    current = review.get(fatal_eval)
    review.review_item(fatal_eval, "language.forbidden", expected_version=current.version,
                       reviewer=SUPERVISOR, decision=REJECT, reason="客户原话，坐席在复述")
    assert service.ledger(NOV) == []  # reviewed score 100, fatal lifted
    changed = policy_to_yaml(service.active_policy()).replace("threshold: 60", "threshold: 101")
    with pytest.raises(PolicyError, match="threshold"):
        service.save_policy(changed, actor=HR)
    stricter = ("id: strict\nrules:\n"
                "  - {id: low, kind: score_below, threshold: 100.5, amount: -1, label: 未满分}\n")
    with pytest.raises(PolicyError):
        service.save_policy(stricter, actor=HR)
    stricter = stricter.replace("100.5", "100")
    add_evaluation(any_db, "c-2", "1024", nov(4), 99.5)
    version = service.save_policy(stricter, actor=HR)
    lines = service.ledger(NOV)
    assert [(x.rule, x.policy_version, x.sources[1]) for x in lines] == [("low", version.version, "call:c-2")]
    assert [x.rule for x in service.ledger(NOV, version=1)] == []


def test_a_part_of_a_month_counts_repeated_failures_from_the_first(any_db):
    g = ("opening.greeting",)
    add_evaluation(any_db, "c-1", "1024", nov(3), 90, failed=g)
    second = add_evaluation(any_db, "c-2", "1024", nov(20), 90, failed=g)
    add_evaluation(any_db, "c-3", "1024", datetime(2026, 12, 1, 9), 90, failed=g)
    service = RewardService(any_db)
    late = service.ledger(parse_period("2026-11-16..2026-11-30"))
    assert [(x.rule, x.sources[0], x.amount) for x in late] == [
        ("repeat.greeting", f"evaluation:{second}", Decimal("-50.00"))]
    assert service.ledger(parse_period("2026-11-01..2026-11-15")) == []
    # two months: December's first failure is the first of its month
    both = service.ledger(parse_period("2026-11-01..2026-12-31"))
    assert [x.sources[1] for x in both] == ["call:c-2"]
