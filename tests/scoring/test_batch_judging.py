"""Rules judged for a whole batch at once (`Condition.judge_batch`) answer exactly what each
rule's `evaluate` answers on one call's view: outcome, evidence and detail.

Checked on the default pack and on a pack that uses every condition type, scope and match
mode, over demo calls, bench calls and noisy stitched calls (times full, starts only, none).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qa_desk.scoring import Scorer
from qa_desk.scoring.batch import CallBatch
from qa_desk.scoring.pack import parse_pack
from qa_desk.scoring.scope import Scope
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


@pytest.fixture(scope="module")
def every_kind_pack():
    data = yaml.safe_load((REPO / "resources" / "rules" / "default.yaml").read_text("utf-8"))
    data["id"] = "every-kind"
    data["sections"].append({"id": "kinds", "name": "kinds", "rules": yaml.safe_load(EVERY_KIND)})
    pack = parse_pack(yaml.safe_dump(data, allow_unicode=True), source="every-kind.yaml")
    assert len(pack.rules) == 10 + 18
    return pack


@pytest.fixture(scope="module")
def calls(pack):
    odd = Call("odd", [Turn("坐席", "您好"), Turn("system", "转接"), Turn("system", "您好"),
                       Turn("agent", "您好，工号1024"), Turn("customer", "喂")], Agent("1"))
    empty = Call("empty", [], Agent("1"))
    return demo_calls() + bench_calls(200) + noisy_calls(pack, 300, seed=3) + [odd, empty]


@pytest.mark.parametrize("pack_name", ["default", "every kind"])
def test_batch_judgements_equal_the_call_by_call_ones(pack_name, pack, every_kind_pack, calls):
    scorer = Scorer(pack if pack_name == "default" else every_kind_pack)
    rules = [r.id for r in scorer.pack.rules]
    batched = list(scorer.outcomes_many(calls))
    alone = list(scorer.outcomes_one_by_one(calls))
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
