"""The bundled demo calls get the verdicts a QA supervisor gives them, call by call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_desk.scoring import Scorer, load_pack
from qa_desk.transcripts import iter_transcript_files, read_file

REPO = Path(__file__).resolve().parents[2]
EXPECTED = json.loads((REPO / "tests" / "data" / "demo_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_scores():
    scorer = Scorer(load_pack())
    return {
        call.call_id: scorer.score(call)
        for path in iter_transcript_files([REPO / "resources" / "demo"])
        for call in read_file(path)
    }


def test_every_expected_call_is_in_the_demo_set(demo_scores):
    assert set(EXPECTED["calls"]) == set(demo_scores)
    assert len(demo_scores) >= 30


@pytest.mark.parametrize("call_id", sorted(EXPECTED["calls"]))
def test_demo_call_verdicts(demo_scores, call_id):
    expected = EXPECTED["calls"][call_id]
    score = demo_scores[call_id]
    assert score.verdicts() == expected["verdicts"], expected.get("title")
    assert score.fatal == expected["fatal"]


def test_demo_set_covers_each_rule_both_ways(demo_scores):
    for rule in EXPECTED["rules"]:
        results = {s.item(rule).result for s in demo_scores.values()}
        assert {"pass", "fail"} <= results, rule


def test_every_point_taken_off_has_evidence_on_the_original_text(demo_scores):
    for score in demo_scores.values():
        for item in score.items:
            if item.result == "fail" and item.rule not in {"speech.rate"}:
                assert item.evidence, (score.call.call_id, item.rule)
            for span in item.evidence:
                text = score.call.turns[span.turn].text
                assert 0 <= span.start < span.end <= len(text)


def test_demo_files_are_generated_from_their_scripts():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(REPO / "tools" / "make_demo.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
