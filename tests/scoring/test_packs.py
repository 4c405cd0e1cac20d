"""Rule packs are data: validated with errors that name the rule, the key and the line."""

from __future__ import annotations

import pytest

from qa_desk.scoring import PackError, Scorer, load_pack
from qa_desk.scoring.pack import parse_pack
from tests.scoring.conftest import GOOD_OPENING, make_call

MINIMAL = """\
id: mini
phrases:
  hello: [您好]
sections:
  - id: opening
    rules:
      - id: opening.greeting
        points: 10
        check:
          phrases: hello
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_pack(text, source="pack.yaml")
    return caught.value.problems


def test_the_default_pack_has_the_ten_contract_rules(pack):
    assert [r.id for r in pack.rules] == [
        "opening.greeting", "hold.notice", "hold.thanks", "complaint.apology",
        "language.forbidden", "courtesy.no_interrupt", "speech.rate", "closing.more_help",
        "closing.farewell", "closing.hangup"]
    assert pack.rule("language.forbidden").fatal
    assert len(pack.version) == 12 and pack.warnings == []


def test_version_follows_content_not_layout():
    a = parse_pack(MINIMAL, source="a")
    b = parse_pack("# a comment\n" + MINIMAL.replace("[您好]", "\n    - 您好"), source="b")
    c = parse_pack(MINIMAL.replace("points: 10", "points: 12"), source="c")
    assert a.version == b.version != c.version


def test_unknown_condition_type_names_rule_key_and_line():
    [problem] = problems_of(MINIMAL.replace("phrases: hello", "sounds_like: hello"))
    assert problem.startswith("line 10: rule opening.greeting: sounds_like: unknown condition type")


def test_missing_points():
    [problem] = problems_of(MINIMAL.replace("        points: 10\n", ""))
    assert "rule opening.greeting: points: missing" in problem


def test_regex_that_does_not_compile():
    [problem] = problems_of(MINIMAL.replace("phrases: hello", "regex: '([0-9]+号'"))
    assert "rule opening.greeting: pattern: the regular expression does not compile" in problem


def test_catastrophic_regex_is_refused():
    [problem] = problems_of(MINIMAL.replace("phrases: hello", "regex: '(好|好好)+$'"))
    assert "backtracks catastrophically" in problem and "line 10" in problem


def test_fatal_rule_in_a_bonus_section():
    text = MINIMAL.replace("  - id: opening\n", "  - id: opening\n    bonus: true\n").replace(
        "points: 10", "points: 10\n        fatal: true")
    [problem] = problems_of(text)
    assert "rule opening.greeting: fatal: a fatal item cannot sit in bonus section opening" in problem


def test_duplicate_rule_ids():
    duplicate = MINIMAL + "      - id: opening.greeting\n        points: 5\n        check: {phrases: hello}\n"
    [problem] = problems_of(duplicate)
    assert "duplicate rule id (first defined on line 7)" in problem and "line 11" in problem


def test_all_problems_are_reported_at_once():
    text = MINIMAL.replace("points: 10", "points: ten").replace("phrases: hello", "phrases: nope")
    assert len(problems_of(text)) == 2


def test_traditional_pack_warns_and_still_matches_simplified_calls(scorer):
    traditional = MINIMAL.replace("[您好]", "[感謝您的來電]")
    pack = parse_pack(traditional, source="t.yaml")
    assert "Traditional" in pack.warnings[0] and "hello" in pack.warnings[0]
    result = Scorer(pack).score(make_call(("a", "感谢您的来电，再见")))
    assert result.verdicts() == {"opening.greeting": "pass"}


def test_a_bad_pack_file_never_half_replaces_the_good_one(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    good = load_pack(path)
    path.write_text(MINIMAL.replace("points: 10", "points: -1"), encoding="utf-8")
    with pytest.raises(PackError):
        load_pack(path)
    assert Scorer(good).score(make_call(GOOD_OPENING)).verdicts() == {"opening.greeting": "pass"}


def test_invalid_yaml_names_the_line():
    [problem] = problems_of("id: x\nsections: [\n")
    assert problem.startswith("line") and "not valid YAML" in problem


def test_per_channel_variant_and_scope_by_position():
    text = """\
id: v
phrases:
  hi: [您好]
  talk: [方便]
sections:
  - id: s
    rules:
      - id: r
        points: 1
        scope: {speaker: agent, first: 1}
        check: {phrases: hi}
        variants:
          outbound:
            check: {all: [{phrases: hi}, {phrases: talk}]}
"""
    scorer = Scorer(parse_pack(text, source="v"))
    late_hello = make_call(("a", "喂"), ("a", "您好"))
    assert scorer.score(late_hello).verdicts() == {"r": "fail"}
    outbound = make_call(("a", "您好，现在方便吗"), channel="outbound")
    assert scorer.score(outbound).verdicts() == {"r": "pass"}
    assert scorer.score(make_call(("a", "您好"), channel="outbound")).verdicts() == {"r": "fail"}


def test_phrase_set_match_modes():
    text = """\
id: m
phrases:
  polite: [请, 谢谢, 您]
sections:
  - id: s
    rules:
      - {id: all, points: 1, check: {phrases: {set: polite, match: all}}}
      - {id: two, points: 1, check: {phrases: {set: polite, match: at_least, n: 2}}}
      - {id: none, points: 1, check: {phrases: {set: polite, match: none}}}
"""
    scorer = Scorer(parse_pack(text, source="m"))
    assert scorer.score(make_call(("a", "请您稍等"))).verdicts() == {
        "all": "fail", "two": "pass", "none": "fail"}
    assert scorer.score(make_call(("a", "请您稍等，谢谢"))).verdicts()["all"] == "pass"
