"""The per-call form's reward/penalty outcome and dispute history, from the real services."""

from __future__ import annotations

from qa_desk.reports import parse_period
from qa_desk.reports.labels import money_text
from qa_desk.services.access import Identity
from qa_desk.services.disputes import DisputeService
from qa_desk.services.reports import ReportService
from qa_desk.services.review import ReviewService
from qa_desk.services.rewards import RewardService
from tests.reports.report_helpers import REVIEWED_CALL, pdf_text


def test_the_form_prints_the_penalty_this_evaluation_brought(store, tmp_path):
    service = ReportService(store.db)
    evaluation = ReviewService(store.db).current(store.fatal_call)
    form = service.evaluation_form(store.fatal_call)
    lines = RewardService(store.db).outcome_for_evaluation(evaluation.id)
    assert lines and [(r.label, r.amount) for r in form.rewards] == [(x.label, x.amount) for x in lines]
    out = tmp_path / "fatal.pdf"
    service.write_evaluation_pdf(store.fatal_call, out)
    text = pdf_text(out)
    assert "奖惩结果" in text
    for line in lines:
        assert line.label in text and money_text(line.amount) in text
    assert f"评估{evaluation.id}" in text  # where the line came from


def test_a_form_without_reward_or_penalty_says_none(store, tmp_path):
    service = ReportService(store.db)
    month = parse_period("2026-11")
    cited = {s for line in RewardService(store.db).ledger(month) for s in line.sources}
    clean = next(call for call in _november_calls(store) if f"call:{call}" not in cited)
    out = tmp_path / "clean.pdf"
    service.write_evaluation_pdf(clean, out)
    assert service.evaluation_form(clean).rewards == ()
    assert "奖惩结果：无" in pdf_text(out)


def test_the_dispute_history_prints_in_chinese(store, tmp_path):
    evaluation = ReviewService(store.db).current(REVIEWED_CALL)
    failed = next(item for item in evaluation.items if item.effective_result == "fail")
    disputes = DisputeService(store.db)
    agent = Identity("liming", "agent", agent_id="1024")
    opened = disputes.open(evaluation.id, failed.rule, "客户当时在打断我，我已经说了结束语", actor=agent)
    disputes.rule(opened.id, False, "录音中未听到结束语，维持原判",
                  actor=Identity("li", "supervisor", display_name="李主管"),
                  expected_version=opened.version)
    out = tmp_path / "disputed.pdf"
    ReportService(store.db).write_evaluation_pdf(REVIEWED_CALL, out)
    text = pdf_text(out)
    for expected in ("复核、申诉与签核记录", "坐席申诉", "申诉驳回", "李主管", "维持原判",
                     "我已经说了结束语", "签核"):
        assert expected in text, expected
    assert "dispute" not in text  # no raw action names


def _november_calls(store) -> list[str]:
    from sqlalchemy import select

    from qa_desk.models import Call

    with store.db.sessions() as session:
        return list(session.scalars(
            select(Call.call_id).where(Call.started_at >= "2026-11-01",
                                       Call.current_evaluation_id.is_not(None))
            .order_by(Call.call_id)))
