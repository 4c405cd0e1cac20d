"""The batched fast path gives exactly what the one-call reference gives.

Three references: the Aho-Corasick scan (`PhraseIndex.scan`) for the numpy phrase search, the
plain Python sweeps below (the engine's former per-call code) for the numpy turn timings, and
each call scored alone for the calls scored in a batch.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from unittest import mock

import numpy as np
import orjson
import pytest

from qa_desk.scoring.batch import CallBatch
from qa_desk.scoring.phrases import expand
from qa_desk.scoring.report import score_to_json
from qa_desk.scoring.times import _rising_within_calls, _running, _running_max
from qa_desk.transcripts import iter_transcript_files, read_file
from qa_desk.transcripts.formats.canonical import call_from_mapping
from qa_desk.transcripts.model import Agent, Call, Event, Turn
from qa_desk.transcripts.normalize import TURN_SEPARATOR, fold_both
from tests.scoring.reference_scan import reference_scan

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tools.bench_corpus import iter_calls  # noqa: E402

FILLER = "的了是我您你好嗯啊这那个们还有没不要就在说一下为位未喂，。！？ 、…abc123ＡＢ"


def demo_calls() -> list[Call]:
    return [call for path in iter_transcript_files([REPO / "resources" / "demo"])
            for call in read_file(path)]


def bench_calls(count: int = 150) -> list[Call]:
    return [call_from_mapping(data, source="bench") for data in iter_calls(count)]


def noisy_calls(pack, count: int = 150, seed: int = 7) -> list[Call]:
    """Turns stitched from the pack's own phrases, exclusions and fillers, with homophone-prone
    characters, Traditional forms and punctuation; times overlapping, equal, starts only."""
    rng = random.Random(seed)
    pieces = [p for s in pack.phrase_sets.values() for phrase in (*s.phrases, *s.exclude)
              for p in expand(phrase.removeprefix("="))]
    pieces += ["喂", "為您查詢", "感謝您的來電", "太满", "太慢", "不知道您现在方便吗", "\ue000"]
    calls = []
    for number in range(count):
        turns, clock = [], 0.0
        mode = rng.choice(["full", "starts", "none"])
        for _ in range(rng.randint(1, 14)):
            text = "".join(rng.choice(pieces) if rng.random() < 0.5 else rng.choice(FILLER)
                           for _ in range(rng.randint(0, 8)))
            start = round(clock, 1)
            end = round(start + rng.uniform(0.5, 6), 1)
            clock = rng.choice([end + rng.uniform(0, 25), start, start + 0.5, end - 2])
            clock = max(clock, start)
            turns.append(Turn(rng.choice(["agent", "customer"]), text,
                              None if mode == "none" else start,
                              end if mode == "full" else None))
        events = []
        if rng.random() < 0.3 and mode != "none":
            events.append(Event("hold", start=1.0, end=30.0))
        if rng.random() < 0.5:
            events.append(Event("hangup", at=clock + rng.uniform(0, 5),
                                by=rng.choice(["agent", "customer"])))
        calls.append(Call(f"n{number}", turns, Agent("7"), rng.choice(["inbound", "outbound"]),
                          events=events))
    return calls


@pytest.fixture(scope="module")
def all_calls(pack):
    return demo_calls() + bench_calls() + noisy_calls(pack)


def test_numpy_phrase_search_finds_what_the_automaton_finds(pack, all_calls):
    index = pack.index
    for call in all_calls:
        folded = fold_both(TURN_SEPARATOR.join(t.text for t in call.turns))
        expected = {name: [(h.start, h.end, h.phrase) for h in hits]
                    for name, hits in reference_scan(index, folded.exact, folded.sound, [0]).items() if hits}
        exact = np.frombuffer(folded.exact.encode("utf-32-le"), dtype=np.uint32)
        found = index.matcher.find(exact)
        got: dict[str, list] = {}
        for start, end, set_id, phrase in zip(*(a.tolist() for a in found), strict=True):
            got.setdefault(index.names[set_id], []).append((start, end, phrase))
        assert got == expected, call.call_id


def test_a_batch_scores_every_call_as_it_is_scored_alone(scorer, all_calls):
    together = scorer.score_many(all_calls)
    for call, score in zip(all_calls, together, strict=True):
        alone = scorer.score_many([call])[0]
        assert orjson.dumps(score_to_json(score, "x")) == orjson.dumps(score_to_json(alone, "x"))


def test_batch_timings_match_the_per_call_sweeps(pack, all_calls):
    batch = CallBatch(all_calls, pack.index)
    for view in batch.views():
        turns = view.turns
        assert view.timed == (bool(turns) and all(t.start is not None for t in turns))
        if not view.timed:
            continue
        pairs = [(t, view.folded_length(i)) for i, t in enumerate(turns)]
        latest = [t.end if t.end is not None else t.start + n / 2.0 for t, n in pairs]
        earliest = [t.end if t.end is not None else t.start + n / 5.0 for t, n in pairs]
        assert view.latest_ends == latest
        assert view.earliest_ends == earliest
        assert view.long_gaps(20.0) == [i for i in range(len(turns) - 1)
                                        if turns[i + 1].start - latest[i] >= 20.0]
        assert view.overtalk(1.0) == reference_overtalk(view, earliest, 1.0)
        for i in view.agent_turns:
            duration = reference_duration(turns, i)
            got = view.durations[i]
            assert (duration is None and got != got) or duration == got
        assert view.agent_speech() == reference_agent_speech(view)


def reference_agent_speech(view):
    """The former per-call loop of `SpeechRate`: seconds added turn by turn."""
    chars, seconds = 0, 0.0
    for index in view.agent_turns:
        duration = view.durations[index]
        if duration > 0:
            chars += view.folded_length(index)
            seconds += duration
    return chars, seconds


def test_overtalk_without_sorting_when_starts_rise_equals_the_sorted_sweep(pack):
    calls = bench_calls(40) + noisy_calls(pack, 40, seed=5)
    times = CallBatch(calls, pack.index).times
    rising = times.overtalk(0.5)
    with mock.patch("qa_desk.scoring.times._rising_within_calls", return_value=False):
        times._cache.clear()
        assert times.overtalk(0.5) == rising
    call = np.repeat(np.arange(3), [2, 1, 2])
    assert _rising_within_calls(np.array([1.0, 2.0, 0.5, 0.0, 3.0]), call)
    assert not _rising_within_calls(np.array([1.0, 1.0, 0.5, 0.0, 3.0]), call)  # a tie
    assert not _rising_within_calls(np.array([1.0, 2.0, 0.5, np.nan, 3.0]), call)


def reference_overtalk(view, ends, max_lead):
    """The former per-call sweep of `Overtalk`."""
    starts = [t.start for t in view.turns]
    customers = sorted([(starts[c], ends[c]) for c in view.customer_turns])
    offending, latest_end, j = [], float("-inf"), 0
    for a in sorted(view.agent_turns, key=starts.__getitem__):
        while j < len(customers) and customers[j][0] < starts[a]:
            latest_end = max(latest_end, customers[j][1])
            j += 1
        if latest_end - max_lead > starts[a]:
            offending.append((a, latest_end - starts[a]))
    return offending


def reference_duration(turns, index):
    turn = turns[index]
    if turn.end is not None:
        return turn.end - turn.start
    if index + 1 < len(turns):
        return turns[index + 1].start - turn.start
    return None


def test_running_max_call_by_call_equals_the_padded_table():
    rng = np.random.default_rng(3)
    sizes = [1, 5, 0, 300, 2, 7]
    call = np.repeat(np.arange(len(sizes)), sizes)
    position = np.concatenate([np.arange(n) for n in sizes])
    values = rng.uniform(0, 100, call.size)
    values[rng.random(call.size) < 0.3] = -np.inf
    expected = np.concatenate([np.maximum.accumulate(values[call == c]) for c in range(len(sizes))
                               if sizes[c]])
    # 300 turns in one call of six: the padded table would be too wide, so call by call.
    assert np.array_equal(_running_max(values, call, position, len(sizes)), expected)
    small = call < 3
    assert np.array_equal(_running_max(values[small], call[small], position[small], 3),
                          expected[small])
    # Sums accumulated the same two ways are those of a loop adding value by value.
    values = np.where(np.isinf(values), 0.0, values / 7)
    for kept in (call < 3, call >= 0):
        got = _running(np.add, values[kept], call[kept], position[kept], len(sizes), 0.0)
        assert got.tolist() == [_loop_sum(values[kept], call[kept], c, p)
                                for c, p in zip(call[kept], position[kept], strict=True)]


def _loop_sum(values, call, c, upto):
    total = 0.0
    for value in values[call == c][:upto + 1].tolist():
        total += value
    return total


def test_a_separator_character_inside_a_turn_stays_in_its_call(scorer):
    odd = Call("odd", [Turn("agent", "您好\ue000我是1024号客服代表，很高兴为您服务"),
                       Turn("customer", "我要投诉")], Agent("1"))
    plain = bench_calls(3)
    scores = scorer.score_many([plain[0], odd, plain[1]])
    assert [s.call.call_id for s in scores] == [plain[0].call_id, "odd", plain[1].call_id]
    for call, score in zip([plain[0], plain[1]], [scores[0], scores[2]], strict=True):
        assert score.verdicts() == scorer.score(call).verdicts()


def test_a_pack_with_a_large_alphabet_is_searched_the_same():
    """Over 255 distinct characters: 16-bit character ids and wide pair codes."""
    from qa_desk.scoring.phrases import PhraseIndex, PhraseSet

    rng = random.Random(11)
    alphabet = [chr(c) for c in rng.sample(range(0x4E00, 0x9FA5), 3000)]
    sets = {f"s{i}": PhraseSet(f"s{i}", tuple("".join(rng.choices(alphabet, k=rng.randint(1, 6)))
                                               for _ in range(200)),
                               exclude=tuple("".join(rng.choices(alphabet, k=3)) for _ in range(5)))
            for i in range(6)}
    index = PhraseIndex(sets)
    assert index.matcher.finder.size > 256
    phrases = [p for s in sets.values() for p in s.phrases]
    for _ in range(40):
        text = "".join(rng.choice(phrases) if rng.random() < 0.3 else rng.choice(alphabet)
                       for _ in range(rng.randint(0, 300)))
        folded = fold_both(text)
        expected = {name: [(h.start, h.end, h.phrase) for h in hits]
                    for name, hits in reference_scan(index, folded.exact, folded.sound, [0]).items() if hits}
        found = index.matcher.find(np.frombuffer(folded.exact.encode("utf-32-le"), np.uint32))
        got: dict[str, list] = {}
        for start, end, set_id, phrase in zip(*(a.tolist() for a in found), strict=True):
            got.setdefault(index.names[set_id], []).append((start, end, phrase))
        assert got == expected
