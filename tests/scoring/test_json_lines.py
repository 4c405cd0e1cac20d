"""`JsonLines` writes, byte for byte, what `score_to_json` gives from the CallScore, for the
default pack and for a pack of other shapes (bonus section, fractional points, a rule for one
channel only, regexes, scopes by seconds, at_least/all/any/not, every anchor)."""

from __future__ import annotations

import orjson
import pytest

from qa_desk.scoring import Scorer
from qa_desk.scoring.pack import parse_pack
from qa_desk.scoring.report import JsonLines, score_to_json
from tests.scoring.test_batch_equivalence import bench_calls, demo_calls, noisy_calls

OTHER_PACK = """\
id: other
settings:
  holds: {min_silence: 8, wait_request: wait, return_window: 2}
phrases:
  hello: [您好, 你好, 喂]
  wait: [稍等, "为您{查询|查一下}"]
  thanks: [谢谢, 感谢]
  sorry: [抱歉, 对不起, 不好意思]
  angry: [投诉, 生气, 太慢, 不满意]
  bye: [再见, 拜拜]
  taboo:
    phrases: [不知道, 不可能]
    exclude: ["不知道{您|你}"]
sections:
  - id: main
    name: 主要
    rules:
      - id: a.hello
        points: 2.5
        scope: {speaker: agent, first_seconds: 30}
        check: {phrases: {set: hello, match: at_least, n: 2}}
      - id: a.words
        points: 7.5
        channels: [inbound]
        check:
          any:
            - regex: {pattern: '[0-9]{3,}', exclude: '1[0-9]{10}'}
            - all: [{phrases: thanks}, {not: {phrases: {set: taboo, scope: {speaker: any}}}}]
      - id: a.sorry
        points: 10
        fatal: true
        check:
          after:
            anchor: {phrases: {set: angry, scope: {speaker: customer}}}
            expect: {phrases: sorry}
            within_turns: 1
            every: true
      - id: a.hold
        points: 5
        check: {holds: {after: {phrases: thanks}}}
      - id: a.end
        points: 4
        scope: {speaker: agent, last_seconds: 20}
        check: {phrases: {set: bye, match: all}}
  - id: extra
    bonus: true
    rules:
      - id: b.fast
        points: 3
        check: {speech_rate: {min: 100, max: 400}}
      - id: b.calm
        points: 1.5
        check: {overtalk: {max_lead_seconds: 0.5}}
      - id: b.hangup
        points: 2
        check: {hangup: {min_delay_seconds: 1}}
"""


@pytest.fixture(scope="module")
def calls(pack):
    return demo_calls() + bench_calls(100) + noisy_calls(pack, 300, seed=11)


def expected_lines(scorer: Scorer, calls, source: str) -> list[bytes]:
    return [orjson.dumps(score_to_json(score, source), option=orjson.OPT_APPEND_NEWLINE)
            for score in scorer.score_many(calls)]


def test_default_pack_lines_are_those_of_score_to_json(scorer, calls):
    assert JsonLines(scorer).lines(calls, "x.jsonl") == expected_lines(scorer, calls, "x.jsonl")


def test_a_pack_of_other_shapes_gives_the_same_lines(calls):
    scorer = Scorer(parse_pack(OTHER_PACK, source="other.yaml"))
    got = JsonLines(scorer).lines(calls, None)
    assert got == expected_lines(scorer, calls, None)
    results = {item["result"] for line in got for item in orjson.loads(line)["items"]}
    assert results == {"pass", "fail", "na"}
    scores = {orjson.loads(line)["score"] for line in got}
    assert 0.0 in scores and len(scores) > 5  # fatal zeroes, and bonus/fractions vary the rest


def test_no_calls_no_lines(scorer):
    assert JsonLines(scorer).lines([], "x") == []


def test_items_made_once_give_the_same_lines_when_their_cache_is_full(scorer, calls, monkeypatch):
    writer = JsonLines(scorer)
    first = writer.lines(calls, "x")  # fills the cache of items without evidence
    assert writer._ready and first == writer.lines(calls, "x")
    monkeypatch.setattr("qa_desk.scoring.report._READY_ITEMS", 3)
    small = JsonLines(scorer)
    assert small.lines(calls, "x") == first and len(small._ready) == 3
