"""The demo database `make run` opens: prepared once with calls, banks, an exam and a month of
agent 1024's work, so that HR can produce that month's documents straight away."""

from __future__ import annotations

from decimal import Decimal

from qa_desk.reports import parse_period
from qa_desk.services import audit
from qa_desk.services.calls import CallService
from qa_desk.services.demo import AGENT, DEMO_EXAM, DEMO_MONTH, SUPERVISOR, prepare_demo
from qa_desk.services.disputes import DisputeService
from qa_desk.services.exams import ExamService
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.services.rewards import RewardService


def test_the_demo_database_holds_a_month_of_work_and_is_prepared_once(db):
    passwords = prepare_demo(db)
    assert set(passwords) == {"admin", "supervisor", "agent", "hr"}
    assert CallService(db).count() == 40 and CallService(db).unscored() == []

    signed = QueueService(db).page(QueueFilter(agent="1024", status="signed"))
    assert sorted(r.call_id for r in signed) == ["demo-001", "demo-005", "demo-011"]

    [dispute] = DisputeService(db).open_disputes(actor=SUPERVISOR)
    assert dispute.is_open and dispute.call_id == "demo-005"

    [exam] = [e for e in ExamService(db).list_exams() if e.name == DEMO_EXAM]
    [attempt] = ExamService(db).results(exam.id)
    assert attempt.candidate == "1024" and attempt.submitted_at.month == 10

    ledger = RewardService(db).ledger(parse_period(DEMO_MONTH), "1024", actor=AGENT)
    praise = [line for line in ledger if line.rule == "manual"]
    assert [(p.label, p.amount) for p in praise] == [("表扬信", Decimal("100"))]
    assert all(line.sources for line in ledger)

    rows = len(audit.history(db, limit=10_000))
    prepare_demo(db)  # a later start changes nothing
    assert len(audit.history(db, limit=10_000)) == rows
    assert CallService(db).count() == 40
    assert audit.verify(db).ok


def test_supervisors_find_the_calls_waiting_for_a_ruling(any_db):
    from qa_desk.services.access import Identity

    prepare_demo(any_db)
    queue = QueueService(any_db, SUPERVISOR)
    assert [r.call_id for r in queue.page(QueueFilter(status="disputed"))] == ["demo-005"]
    assert queue.open_disputes() == 1
    assert QueueService(any_db, Identity("other", "agent", agent_id="2048")).open_disputes() == 0
    [dispute] = DisputeService(any_db).open_disputes(actor=SUPERVISOR)
    DisputeService(any_db).rule(dispute.id, False, "录音中未听到致歉", actor=SUPERVISOR,
                                expected_version=dispute.version)
    assert queue.open_disputes() == 0
