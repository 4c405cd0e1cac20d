"""Editing the pack: try it on calls before saving; saving makes a new version."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_desk.scoring import PackError, load_pack
from qa_desk.scoring.compare import compare_packs
from qa_desk.scoring.pack_edit import editable, rebuild, set_phrases, set_rule
from qa_desk.services.rule_packs import RulePackStore
from qa_desk.transcripts import iter_transcript_files, read_file

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture(scope="module")
def demo_calls():
    return [c for p in iter_transcript_files([DEMO]) for c in read_file(p)]


def test_try_on_calls_shows_which_verdicts_change(demo_calls):
    pack = load_pack()
    data = editable(pack)
    set_phrases(data, "goodbye", ["拜拜"])  # only 拜拜 counts as a farewell now
    edited = rebuild(data, source="edited")
    assert edited.version != pack.version
    results = compare_packs(pack, edited, demo_calls)
    changed = [c for r in results for c in r.changes]
    assert len(changed) >= 10, "calls ending with 再见 should now fail"
    assert all(c.rule == "closing.farewell" and (c.before, c.after) == ("pass", "fail")
               for c in changed)
    assert len(results) == len(demo_calls)


def test_points_and_fatal_edits_change_scores(demo_calls):
    pack = load_pack()
    data = editable(pack)
    set_rule(data, "language.forbidden", fatal=False, points=5)
    edited = rebuild(data, source="edited")
    results = {r.call_id: r for r in compare_packs(pack, edited, demo_calls)}
    fatal_call = results["demo-005"]  # says 这是公司的规定
    assert fatal_call.score_before == 0.0 and fatal_call.score_after > 0.0


def test_a_broken_edit_is_refused_and_nothing_is_saved(tmp_path):
    data = editable(load_pack())
    set_rule(data, "speech.rate", points=-3)
    with pytest.raises(PackError, match=r"speech\.rate"):
        rebuild(data, source="edited")
    assert not list(tmp_path.glob("*.yaml"))


def test_saving_creates_a_new_version_file(tmp_path):
    store = RulePackStore(tmp_path)
    pack = load_pack()
    data = editable(pack)
    first = store.save(data, rebuild(data, source="a"))
    set_rule(data, "closing.hangup", points=5)
    second = store.save(data, rebuild(data, source="b"))
    again = store.save(data, rebuild(data, source="c"))
    assert first.version == pack.version and second.version != first.version
    assert again == second
    assert [v.version for v in store.versions()] == [first.version, second.version]
    assert load_pack(second.path).rule("closing.hangup").points == 5
