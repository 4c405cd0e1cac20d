"""The policy as data: the default loads from seed 000's rules, and every mistake in a policy
file is reported with its line and key, all at once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from qa_desk.rewards import (
    EXAM_FAILED,
    FATAL,
    REPEATED_FAILURE,
    SCORE_BELOW,
    PolicyError,
    load_policy,
    parse_amount,
    parse_policy,
    policy_to_yaml,
)
from qa_desk.rewards.policy import DEFAULT_POLICY

SEED = Path("/work/shared/seeds/000_e94abec7c98eb062.txt")  # where the seeds are kept
RULE_IDS = {"opening.greeting", "closing.more_help", "closing.farewell", "hold.notice",
            "hold.thanks", "language.forbidden", "complaint.apology", "speech.rate",
            "courtesy.no_interrupt", "closing.hangup"}


def test_the_default_policy_has_every_kind_and_the_seed_amounts():
    policy = load_policy()
    kinds = {rule.kind for rule in policy.rules}
    assert kinds == {SCORE_BELOW, FATAL, REPEATED_FAILURE, EXAM_FAILED}
    for rule in policy.rules:
        if rule.kind == REPEATED_FAILURE:
            assert rule.rule in RULE_IDS
    manual = {c.label: c.amount for c in policy.manual}
    assert manual["表扬信"] == Decimal("100")
    assert manual["顾全大局受委屈"] == Decimal("200")
    assert manual["服务态度投诉"] == Decimal("-100")
    assert sum(1 for amount in manual.values() if amount == Decimal("-100")) == 5


def test_every_default_rule_quotes_the_seed_sentence_it_comes_from():
    lines = DEFAULT_POLICY.read_text(encoding="utf-8").splitlines()
    seed = SEED.read_text(encoding="utf-8") if SEED.exists() else None
    quoted = 0
    for number, line in enumerate(lines):
        if line.strip().startswith("- id:"):
            above = number - 1
            while lines[above].strip().startswith("#") and not lines[above].strip().startswith("# Seed:"):
                above -= 1
            comment = lines[above].strip()
            assert comment.startswith('# Seed: "'), f"line {number + 1} has no seed quote above it"
            quoted += 1
            if seed is not None:
                assert comment.split('"')[1] in seed
    assert quoted == 13


def test_round_trip_through_yaml_keeps_the_policy():
    policy = load_policy()
    again = parse_policy(policy_to_yaml(policy))
    assert again.rules == policy.rules
    assert again.manual == policy.manual


BAD = """\
id: test
rules:
  - id: low
    kind: score_below
    threshold: 160
    amount: -50
    label: 低分
  - id: fatal
    kind: fatal
    label: 一票否决
  - id: again
    kind: repeated_failure
    rule: opening.greeting
    steps: {0: -50, 3: abc}
    label: 多次
  - id: low
    kind: exam_failed
    amount: -50.123
    label: 考试
  - id: odd
    kind: bonus
    label: 奇怪
  - id: extra
    kind: fatal
    amount: -10
    label: x
    colour: red
manual:
  - id: praise
    amount: 100
"""


def test_every_problem_is_reported_with_its_line_and_key():
    with pytest.raises(PolicyError) as caught:
        parse_policy(BAD, source="bad.yaml")
    problems = caught.value.problems
    expected = [
        "line 5: rule low: threshold: expected a score above 0 and up to 100",
        "line 8: rule fatal: amount: missing",
        "line 14: rule again: 0: expected a failure number of 1 or more",
        "line 14: rule again: 3: expected an amount in yuan",
        "line 16: rule low: id: duplicate id (first defined on line 3)",
        "line 18: rule low: amount: at most two decimals",
        "line 21: rule odd: kind: expected one of score_below, fatal, repeated_failure, exam_failed",
        "line 27: rule extra: colour: unknown key",
        "line 29: rule praise: label: required",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)
    assert len(problems) == len(expected)
    assert str(caught.value).startswith("bad.yaml: ")


def test_repeated_failure_needs_a_rule_and_steps():
    with pytest.raises(PolicyError) as caught:
        parse_policy("id: t\nrules:\n  - id: r\n    kind: repeated_failure\n    label: x\n")
    assert caught.value.problems == [
        "line 3: rule r: rule: required: the scoring rule id that is counted (e.g. opening.greeting)",
        "line 3: rule r: steps: required: failure number → amount, e.g. {2: -50, 3: -100} "
        "(the 2nd failure -50, the 3rd and later -100)",
    ]


def test_yaml_syntax_errors_name_the_line():
    with pytest.raises(PolicyError) as caught:
        parse_policy("id: t\nrules:\n  - id: a\n   kind: [fatal\n")
    assert caught.value.problems[0].startswith("line ")
    with pytest.raises(PolicyError, match="duplicate key 'id'"):
        parse_policy("id: t\nid: u\n")
    with pytest.raises(PolicyError, match="must be a mapping"):
        parse_policy("- just a list\n")


def test_amounts_are_decimal_yuan():
    assert parse_amount(-100) == Decimal("-100.00")
    assert parse_amount("50.5") == Decimal("50.50")
    assert parse_amount(0.1) == Decimal("0.10")
    for bad in ("abc", True, None, "1.001", "nan", 10**7):
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_escalation_takes_the_highest_step_reached():
    rule = next(r for r in load_policy().rules if r.id == "repeat.greeting")
    assert [rule.amount_for(n) for n in (1, 2, 3, 7)] == [
        None, Decimal("-50.00"), Decimal("-100.00"), Decimal("-100.00")]


def test_a_policy_written_again_keeps_the_comments_of_the_rules_still_there():
    source = DEFAULT_POLICY.read_text(encoding="utf-8")
    policy = load_policy()
    fewer = type(policy)(policy.id, policy.name, policy.rules[1:], policy.manual)
    text = policy_to_yaml(fewer, comments_from=source)
    assert text.startswith("# 奖惩制度")
    assert '# Seed: "7、为顾全大局,受到委屈,奖励二百元"\n- id: greater_good' in text
    assert "根据考核结果进行奖惩激励" not in text  # score.low was removed, and its quote with it
    assert parse_policy(text).rules == fewer.rules
