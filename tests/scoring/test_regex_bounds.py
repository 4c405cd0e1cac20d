"""Rule regexes run unguarded only when their backtracking is bounded; the rest keep the
timeout, so a pattern that slipped past the pack's probes still cannot hang scoring."""

from pathlib import Path

import pytest
import regex
import yaml

from qa_desk.scoring import Scorer
from qa_desk.scoring.conditions import Regex
from qa_desk.scoring.pack import parse_pack
from qa_desk.scoring.regex_bounds import UNTIMED_TEXT, is_bounded, is_context_free
from qa_desk.transcripts.model import Call, Turn
from tests.scoring.test_batch_judging import one_by_one

REPO_PACK = Path(__file__).resolve().parents[2] / "resources" / "rules" / "default.yaml"


@pytest.mark.parametrize("pattern", [
    "[0-9零〇一二三四五六七八九幺两]{2,6}号",
    "我是.{0,12}的(工作人员|客服)",
    r"工号\d+",
    "(请|麻烦)您稍等",
    "a.*b",  # one long repeat: at most the text's length squared
])
def test_simple_patterns_are_bounded(pattern):
    assert is_bounded(pattern)


@pytest.mark.parametrize("pattern", [
    "(a+)+b",  # a repeat inside a repeat
    r"(\d+\s?)*x",
    "(a|ab)*c",  # alternation under a repeat
    "a.*b.*c",  # two long repeats: the text's length cubed
    ".{0,40}.{0,40}.{0,40}",  # short repeats whose reaches multiply past the budget
    r"(\w)\1",  # a back-reference
    "foo(?=bar)",  # a look-around
    r"\p{Han}{2}",  # syntax only the regex module knows: not judged, so guarded
    "(unclosed",
])
def test_risky_or_unknown_patterns_keep_the_timeout(pattern):
    assert not is_bounded(pattern)


def test_the_default_pack_regexes_all_run_unguarded():
    pack = parse_pack(REPO_PACK.read_text("utf-8"), source=str(REPO_PACK))
    patterns = [c for rule in pack.rules for check in _checks(rule) for c in _regexes(check)]
    assert len(patterns) == 3 and all(c._bounded for c in patterns)


def test_a_guarded_pattern_that_runs_too_long_gives_na_not_a_hang():
    # (1|11)+2 backtracks exponentially on a run of 1s with no 2; written in a pack it would
    # be refused, so it is put together here as if a looser probe had let it through.
    pack = parse_pack(yaml.safe_dump({
        "id": "slow", "name": "slow",
        "sections": [{"id": "s", "name": "s", "rules": [
            {"id": "r", "name": "r", "points": 10, "check": {"regex": "工号"}}]}],
    }, allow_unicode=True), source="slow.yaml")
    written = pack.rules[0].check_for("inbound")
    scorer = Scorer(pack)
    scorer._channel_checks["inbound"] = [Regex(regex.compile("(1|11)+2"), written.scope)]
    item = scorer.score(Call("c", [Turn("agent", "1" * 40)])).items[0]
    assert item.result == "na" and "timed out" in item.detail


def test_long_turns_are_searched_with_the_timeout(monkeypatch):
    from qa_desk.scoring import conditions

    seen = []
    real = conditions.Regex._matches

    def spy(self, text):
        seen.append(self._bounded and len(text) <= UNTIMED_TEXT)
        return real(self, text)

    monkeypatch.setattr(conditions.Regex, "_matches", spy)
    pack = parse_pack(yaml.safe_dump({
        "id": "p", "name": "p",
        "sections": [{"id": "s", "name": "s", "rules": [
            {"id": "r", "name": "r", "points": 10, "check": {"regex": r"工号\d+"}}]}],
    }, allow_unicode=True), source="p.yaml")
    calls = [Call("short", [Turn("agent", "工号123")]),
             Call("long", [Turn("agent", "好" * (UNTIMED_TEXT + 1) + "工号123")])]
    scores = Scorer(pack).score_many(calls)
    assert [s.items[0].result for s in scores] == ["pass", "pass"]
    assert seen == [True, False]


def _checks(rule):
    return [rule.check_for(channel) for channel in ("inbound", "outbound")]


def _regexes(condition):
    if isinstance(condition, Regex):
        return [condition]
    children = getattr(condition, "children", ())
    if hasattr(condition, "child"):
        children = [condition.child]
    return [r for child in children for r in _regexes(child)]


@pytest.mark.parametrize("pattern", ["[^的]{3}好", "己.{0,2}好", "好好", "^戊"])
def test_a_batch_finds_what_each_call_finds_when_matches_cross_calls(pattern):
    # The turns in scope of a batch are searched joined together first; a match running
    # from one call's turn into the next must not hide the next call's own match.
    pack = parse_pack(yaml.safe_dump({
        "id": "p", "name": "p",
        "sections": [{"id": "s", "name": "s", "rules": [
            {"id": "r", "name": "r", "points": 10, "check": {"regex": pattern}}]}],
    }, allow_unicode=True), source="p.yaml")
    calls = [Call("a", [Turn("agent", "丙丁"), Turn("customer", "嗯")]),
             Call("b", [Turn("agent", "戊己好好"), Turn("customer", "好")]),
             Call("c", [Turn("customer", "好"), Turn("agent", "的好")]),
             Call("d", [Turn("agent", "戊")]),
             Call("e", [Turn("agent", "好好好")])]
    scorer = Scorer(pack)
    batched = [(o.result, o.evidence) for _, (o,) in scorer.outcomes_many(calls)]
    alone = [(o.result, o.evidence) for _, (o,) in one_by_one(scorer, calls)]
    assert batched == alone
    assert ("pass" in [r for r, _ in alone]) and ("fail" in [r for r, _ in alone])


@pytest.mark.parametrize(("pattern", "free"), [
    ("工号\\d+", True), ("我是.{0,12}的(工作人员|客服)", True), ("^喂", False), ("再见$", False),
    (r"\b好", False), ("(?<=您)好", False), (r"(好)\1", False), (r"\p{Han}", False),
])
def test_context_free_patterns_are_told_apart(pattern, free):
    assert is_context_free(pattern) is free
