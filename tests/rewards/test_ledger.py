"""The ledger from plain facts: each rule kind, escalation and manual entries, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from qa_desk.rewards import (
    EvaluationFact,
    ExamFact,
    ManualFact,
    compute_ledger,
    parse_policy,
    total,
)

POLICY = parse_policy("""\
id: t
rules:
  - {id: low, kind: score_below, threshold: 60, amount: -50, label: 低分}
  - {id: low.nofatal, kind: score_below, threshold: 30, skip_if_fatal: true, amount: -20, label: 很低}
  - {id: fatal, kind: fatal, amount: -100, label: 一票否决}
  - {id: rep, kind: repeated_failure, rule: opening.greeting, steps: {2: -50, 3: -100}, label: 首问语}
  - {id: exam, kind: exam_failed, amount: -30, label: 考试不合格}
  - {id: exam.b, kind: exam_failed, exam: 进阶, amount: -10, label: 进阶考试不合格}
""")


def ev(n: int, *, agent: str = "1024", day: int = 1, score: float = 90, fatal: bool = False,
       failed: tuple[str, ...] = ()) -> EvaluationFact:
    return EvaluationFact(n, f"c-{n}", agent, date(2026, 11, day), score, fatal, failed, "李明")


def test_score_below_the_threshold_is_one_line_per_evaluation_citing_it():
    lines = compute_ledger(POLICY, evaluations=[ev(1, score=59.5), ev(2, score=60)], version=3)
    assert [(x.rule, x.amount, x.sources) for x in lines] == [
        ("low", Decimal("-50.00"), ("evaluation:1", "call:c-1"))]
    line = lines[0]
    assert line.policy_version == 3 and line.agent_name == "李明" and line.on == date(2026, 11, 1)
    assert line.reason == "得分 59.5，低于 60 分" and line.label == "低分"


def test_fatal_counts_once_and_skip_if_fatal_leaves_it_to_the_fatal_rule():
    lines = compute_ledger(POLICY, evaluations=[ev(1, score=0, fatal=True)])
    assert sorted(x.rule for x in lines) == ["fatal", "low"]
    assert total(lines) == Decimal("-150.00")
    lines = compute_ledger(POLICY, evaluations=[ev(1, score=20)])
    assert sorted(x.rule for x in lines) == ["low", "low.nofatal"]


def test_repeated_failures_escalate_per_agent_in_date_order():
    g = ("opening.greeting",)
    facts = [ev(4, day=9, failed=g), ev(1, day=2, failed=g), ev(2, day=3, failed=("closing.farewell",)),
             ev(3, day=5, failed=g), ev(5, day=10, failed=g, agent="2031"), ev(6, day=12, failed=g)]
    lines = [x for x in compute_ledger(POLICY, evaluations=facts) if x.rule == "rep"]
    assert [(x.agent_id, x.sources[1], x.amount) for x in lines] == [
        ("1024", "call:c-3", Decimal("-50.00")),   # 2nd failure
        ("1024", "call:c-4", Decimal("-100.00")),  # 3rd
        ("1024", "call:c-6", Decimal("-100.00")),  # 4th: 3rd and later
    ]
    assert lines[0].reason == "11 月第 2 次未通过 opening.greeting（此前：c-1）"
    assert lines[2].reason.endswith("（此前：c-1、c-3、c-4）")


def test_exam_failed_per_attempt_and_by_exam_name():
    exams = [ExamFact(7, "1024", date(2026, 11, 20), "基础", False, 45, 100),
             ExamFact(8, "1024", date(2026, 11, 21), "进阶", False, 50, 100),
             ExamFact(9, "1024", date(2026, 11, 22), "基础", True, 90, 100)]
    lines = compute_ledger(POLICY, exams=exams)
    assert [(x.rule, x.sources, x.amount) for x in lines] == [
        ("exam", ("attempt:7",), Decimal("-30.00")),
        ("exam", ("attempt:8",), Decimal("-30.00")),
        ("exam.b", ("attempt:8",), Decimal("-10.00")),
    ]
    assert lines[0].reason == "考试「基础」未通过（45 / 100）"


def test_manual_entries_keep_their_amount_reason_and_version():
    entries = [ManualFact(4, "1024", date(2026, 11, 3), Decimal("100"), "表扬信", "客户来信表扬", 2),
               ManualFact(5, "2031", date(2026, 11, 1), Decimal("-100"), "服务态度投诉", "投诉单 88", 2)]
    lines = compute_ledger(POLICY, entries=entries, version=5)
    assert [(x.agent_id, x.rule, x.sources, x.amount, x.policy_version, x.reason) for x in lines] == [
        ("1024", "manual", ("entry:4",), Decimal("100"), 2, "客户来信表扬"),
        ("2031", "manual", ("entry:5",), Decimal("-100"), 2, "投诉单 88"),
    ]
    assert total(lines) == Decimal("0.00")


def test_no_outcome_no_line():
    assert compute_ledger(POLICY, evaluations=[ev(1), ev(2, failed=("opening.greeting",))]) == []


def test_calls_of_one_day_are_counted_in_the_order_they_happened():
    from datetime import datetime

    g = ("opening.greeting",)
    late = EvaluationFact(1, "a-late", "1024", date(2026, 11, 2), 90, False, g,
                          at=datetime(2026, 11, 2, 17, 0))
    early = EvaluationFact(2, "z-early", "1024", date(2026, 11, 2), 90, False, g,
                           at=datetime(2026, 11, 2, 9, 0))
    [line] = [x for x in compute_ledger(POLICY, evaluations=[late, early]) if x.rule == "rep"]
    assert line.sources == ("evaluation:1", "call:a-late")  # the second failure of the day


def test_repeated_failures_start_again_each_month():
    g = ("opening.greeting",)
    facts = [ev(1, day=29, failed=g), ev(2, day=30, failed=g),
             EvaluationFact(3, "c-3", "1024", date(2026, 12, 1), 90, False, g),
             EvaluationFact(4, "c-4", "1024", date(2026, 12, 2), 90, False, g)]
    lines = [x for x in compute_ledger(POLICY, evaluations=facts) if x.rule == "rep"]
    assert [(x.sources[1], x.amount, x.reason) for x in lines] == [
        ("call:c-2", Decimal("-50.00"), "11 月第 2 次未通过 opening.greeting（此前：c-1）"),
        ("call:c-4", Decimal("-50.00"), "12 月第 2 次未通过 opening.greeting（此前：c-3）"),
    ]
