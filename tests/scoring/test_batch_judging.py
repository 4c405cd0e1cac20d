"""Rules judged for a whole batch at once (`Condition.judge_batch`) answer exactly what each
rule's `evaluate` answers on one call's view: outcome, evidence and detail.

Checked on the default pack and on a pack that uses every condition type, scope and match
mode, over demo calls, bench calls and noisy stitched calls (times full, starts only, none).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from qa_desk.scoring import Scorer
from qa_desk.scoring.batch import CallBatch
from qa_desk.scoring.engine import NOT_FOR_CHANNEL
from qa_desk.scoring.pack import parse_pack
from qa_desk.scoring.scope import Scope
from qa_desk.scoring.timing import HoldDetector
from qa_desk.transcripts.model import Agent, Call, Turn
from tests.scoring.test_batch_equivalence import bench_calls, demo_calls, noisy_calls

REPO = Path(__file__).resolve().parents[2]

EVERY_KIND = """
- {id: k.any_speaker, points: 5, scope: {speaker: any}, check: {phrases: greeting}}
- {id: k.customer_all, points: 5, check: {phrases: {set: complaint, match: all, scope: {speaker: customer}}}}
- {id: k.at_least, points: 5, check: {phrases: {set: taboo, match: at_least, n: 2}}}
- id: k.none_first
  points: 5
  scope: {speaker: agent, first: 3}
  check: {phrases: {set: taboo, match: none}}
- {id: k.last_any, points: 5, scope: {speaker: any, last: 4}, check: {phrases: goodbye}}
- id: k.opening_any
  points: 5
  scope: {speaker: any, turns: opening}
  check: {phrases: {set: greeting, at_start: true}}
- {id: k.opening_customer, points: 5, scope: {speaker: customer, turns: opening}, check: {phrases: complaint}}
- {id: k.first_seconds, points: 5, scope: {speaker: agent, first_seconds: 15}, check: {phrases: self_id}}
- {id: k.last_seconds, points: 5, scope: {speaker: agent, last_seconds: 20}, check: {phrases: goodbye}}
- id: k.both_times
  points: 5
  scope: {speaker: any, first: 6, first_seconds: 40, last_seconds: 300}
  check: {phrases: {set: greeting, match: none}}
- {id: k.regex, points: 5, check: {regex: {pattern: '工号\\d+', exclude: '工号0+'}}}
- {id: k.regex_across, points: 5, scope: {speaker: any}, check: {regex: '[^的]{3}好'}}
- {id: k.regex_dots, points: 5, check: {regex: {pattern: '您.{0,6}吗', exclude: '您好吗'}}}
- {id: k.regex_anchored, points: 5, scope: {speaker: customer}, check: {regex: '^喂'}}
- id: k.nested
  points: 5
  check:
    any:
      - all: [{phrases: hold_notice}, {not: {phrases: wei_opening}}]
      - not: {any: [{phrases: apology}, {regex: '对不起'}]}
- id: k.after_every
  points: 5
  check:
    after:
      anchor: {phrases: {set: complaint, scope: {speaker: customer}}}
      expect: {phrases: apology}
      within_turns: 1
      every: true
- id: k.holds_both
  points: 5
  check:
    all:
      - {holds: {before: {phrases: hold_notice}}}
      - {holds: {after: {phrases: hold_thanks}}}
- {id: k.not_none, points: 5, check: {not: {phrases: {set: taboo, match: none}}}}
- {id: k.not_at_least, points: 5, check: {not: {phrases: {set: hold_notice, match: at_least, n: 2}}}}
- {id: k.speech_narrow, points: 5, check: {speech_rate: {min: 150, max: 170}}}
- {id: k.overtalk_loose, points: 5, check: {overtalk: {max_lead_seconds: 3}}}
- {id: k.hangup_long, points: 5, check: {hangup: {min_delay_seconds: 10}}}
- id: k.variant
  points: 5
  scope: {speaker: agent, last: 2}
  check: {phrases: thanks_inbound}
  variants:
    outbound: {check: {phrases: {set: can_talk, scope: {speaker: agent, first: 1}}}}
"""


def one_by_one(scorer: Scorer, calls: list[Call]):
    """The reference: each rule's `evaluate` on one call's view at a time."""
    batch = CallBatch(calls, scorer.pack.index)
    for view in batch.views():
        yield view.call, [NOT_FOR_CHANNEL if check is None else check.evaluate(view)
                          for check in scorer._checks_for(view.call.channel)]
    batch.release()


@pytest.fixture(scope="module")
def every_kind_pack():
    data = yaml.safe_load((REPO / "resources" / "rules" / "default.yaml").read_text("utf-8"))
    data["id"] = "every-kind"
    data["sections"].append({"id": "kinds", "name": "kinds", "rules": yaml.safe_load(EVERY_KIND)})
    pack = parse_pack(yaml.safe_dump(data, allow_unicode=True), source="every-kind.yaml")
    assert len(pack.rules) == 10 + 23
    return pack


@pytest.fixture(scope="module")
def calls(pack):
    odd = Call("odd", [Turn("坐席", "您好"), Turn("system", "转接"), Turn("system", "您好"),
                       Turn("agent", "您好，工号1024"), Turn("customer", "喂")], Agent("1"))
    empty = Call("empty", [], Agent("1"))
    # A turn longer than regex_bounds.UNTIMED_TEXT, searched with the timeout, one by one.
    long = Call("long", [Turn("agent", "您好，" + "请稍等" * 700 + "工号1024，您方便吗"),
                         Turn("customer", "好的"), Turn("agent", "感谢您的来电，再见")], Agent("1"))
    return demo_calls() + bench_calls(200) + noisy_calls(pack, 300, seed=3) + [odd, empty, long]


@pytest.mark.parametrize("pack_name", ["default", "every kind"])
def test_batch_judgements_equal_the_call_by_call_ones(pack_name, pack, every_kind_pack, calls):
    scorer = Scorer(pack if pack_name == "default" else every_kind_pack)
    rules = [r.id for r in scorer.pack.rules]
    batched = list(scorer.outcomes_many(calls))
    alone = list(one_by_one(scorer, calls))
    compared = 0
    for (call, got), (_, expected) in zip(batched, alone, strict=True):
        for rule, g, e in zip(rules, got, expected, strict=True):
            assert (g.result, list(g.evidence), g.detail) == (e.result, list(e.evidence), e.detail), \
                (call.call_id, rule)
            compared += 1
    assert compared == len(calls) * len(rules)


def test_scopes_in_a_batch_are_the_turns_each_call_selects(every_kind_pack, calls):
    scopes = {rule.check_for(ch).scope for rule in every_kind_pack.rules
              for ch in ("inbound", "outbound")
              if rule.check_for(ch) is not None and hasattr(rule.check_for(ch), "scope")}
    scopes |= {Scope("agent", "last", 0), Scope("any", "first", 0), Scope("customer", "first", 2)}
    batch = CallBatch(calls, every_kind_pack.index)
    for scope in scopes:
        scoped = scope.in_batch(batch)
        for number in range(len(calls)):
            expected = scope._select(batch.view(number))
            assert scoped.first(number, 10**6) == expected, (scope, calls[number].call_id)


def random_rules(rng: random.Random, sets: list[str], count: int) -> list[dict]:
    """Rules of random shape: nested all/any/not, every scope, match mode and timing check."""

    def scope() -> dict:
        out: dict = {"speaker": rng.choice(["agent", "customer", "any"])}
        kind = rng.choice(["all", "opening", "first", "last", "seconds"])
        if kind == "opening":
            out["turns"] = "opening"
        elif kind in ("first", "last"):
            out[kind] = rng.randint(1, 6)
        elif kind == "seconds":
            out[rng.choice(["first_seconds", "last_seconds"])] = rng.choice([5, 30, 120])
        return out

    def phrases() -> dict:
        spec: dict = {"set": rng.choice(sets)}
        match = rng.choice(["any", "any", "all", "none", "at_least"])
        spec["match"] = match
        if match == "at_least":
            spec["n"] = rng.randint(1, 3)
        if rng.random() < 0.2:
            spec["at_start"] = True
        if rng.random() < 0.5:
            spec["scope"] = scope()
        return {"phrases": spec}

    def condition(depth: int) -> dict:
        roll = rng.random()
        if depth < 3 and roll < 0.3:
            kind = rng.choice(["all", "any"])
            return {kind: [condition(depth + 1) for _ in range(rng.randint(1, 3))]}
        if depth < 3 and roll < 0.4:
            return {"not": condition(depth + 1)}
        if roll < 0.5:
            return {"regex": {"pattern": rng.choice(["您好", r"\d{2,}", "请.{0,4}等", "再见$"])}}
        if roll < 0.55:
            return {"after": {"anchor": {"phrases": {"set": rng.choice(sets),
                                                     "scope": {"speaker": "customer"}}},
                              "expect": phrases(), "within_turns": rng.randint(1, 3),
                              "every": rng.random() < 0.5}}
        if roll < 0.6:
            return {"holds": {rng.choice(["before", "after"]): phrases()}}
        if roll < 0.63:
            return {"speech_rate": {"min": rng.choice([100, 150]), "max": rng.choice([160, 220])}}
        if roll < 0.66:
            return {"overtalk": {"max_lead_seconds": rng.choice([0.5, 2])}}
        if roll < 0.69:
            return {"hangup": {"min_delay_seconds": rng.choice([1, 5])}}
        return phrases()

    rules = []
    for number in range(count):
        rule: dict = {"id": f"r.{number}", "points": 5, "check": condition(0)}
        if rng.random() < 0.5:
            rule["scope"] = scope()
        if rng.random() < 0.3:
            rule["variants"] = {"outbound": {"check": condition(0)}}
        rules.append(rule)
    return rules


@pytest.mark.parametrize("seed", range(12))
def test_random_packs_judge_a_batch_as_they_judge_each_call(seed, pack, calls):
    rng = random.Random(seed)
    data = yaml.safe_load((REPO / "resources" / "rules" / "default.yaml").read_text("utf-8"))
    data["id"] = f"random-{seed}"
    data["sections"] = [{"id": "random", "name": "random",
                         "rules": random_rules(rng, list(data["phrases"]), 12)}]
    scorer = Scorer(parse_pack(yaml.safe_dump(data, allow_unicode=True), source="random.yaml"))
    sample = rng.sample(calls, 250)
    for (call, got), (_, expected) in zip(scorer.outcomes_many(sample),
                                          one_by_one(scorer, sample), strict=True):
        for rule, g, e in zip(scorer.pack.rules, got, expected, strict=True):
            assert (g.result, list(g.evidence), g.detail) == (e.result, list(e.evidence), e.detail), \
                (seed, call.call_id, rule.id)


@pytest.mark.parametrize("detector", [
    HoldDetector(),
    HoldDetector(min_silence=20.0, wait_set="hold_notice", return_window=3),
    HoldDetector(min_silence=4.0, wait_set="hold_notice", return_window=1),
    HoldDetector(min_silence=2.0, wait_set=None),
    HoldDetector(min_silence=8.0, wait_set="greeting", return_window=5),
])
def test_holds_found_from_the_batch_columns_are_those_found_call_by_call(detector, pack, calls):
    batch = CallBatch(calls, pack.index)
    found = detector.holds_in_batch(batch)
    holds = 0
    for number, view in enumerate(batch.views()):
        assert found[number] == detector._detect(view), calls[number].call_id
        holds += len(found[number])
    batch.release()
    assert holds > 50  # the calls hold silences, wait requests and hold events
