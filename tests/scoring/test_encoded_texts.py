"""Scoring calls read with their turn texts left encoded (EncodedTurn), as `qa-desk score`
does, gives byte for byte the lines of calls read the ordinary way, whatever mix of clean
lines, escapes and lines taken by the general reader a batch holds; and a text that is not a
string is still refused with the ordinary reader's message, which names the line."""

from __future__ import annotations

import json
import random

import msgspec
import orjson
import pytest

from qa_desk.commands.score import _score_file
from qa_desk.scoring.batch import CallBatch, _all_strings
from qa_desk.scoring.report import JsonLines
from qa_desk.transcripts import read_file
from qa_desk.transcripts.model import EncodedTextError, EncodedTurn, Turn
from qa_desk.transcripts.normalize import lookup_tables
from tests.scoring.test_batch_equivalence import bench_calls, demo_calls, noisy_calls


def _line(data: dict, ensure_ascii: bool = False) -> bytes:
    if ensure_ascii:  # every Chinese character as a \\u escape, as Python's json writes
        return json.dumps(data).encode("ascii")
    return orjson.dumps(data)


def _odd_lines() -> list[bytes]:
    """Lines each batch path must handle: escapes, a separator, empty and non-BMP texts, and
    lines only the general reader takes (role words, time strings)."""
    def call(call_id: str, *texts: str, **turn_extra) -> dict:
        speakers = ["agent", "customer"]
        return {"call_id": call_id, "channel": "inbound", "turns": [
            {"speaker": speakers[i % 2], "start": 2.0 * i, "end": 2.0 * i + 1.5, "text": text,
             **turn_extra} for i, text in enumerate(texts)]}

    timed_as_text = call("times", "您好，工号1001", "嗯")
    for turn in timed_as_text["turns"]:
        turn["start"] = f"00:00:0{int(turn['start'])}"
        turn.pop("end")
    return [
        _line(call("quotes", '您好，"工号"1001为您服务', "我说\\了\n再见", "感谢您的来电，再见")),
        _line(call("ascii", "您好，工号1001为您服务，请问有什么可以帮您", "你好", "再见"),
              ensure_ascii=True),
        _line(call("separator", "您好\ue000工号1001", "\ue000", "再见\ue000")),
        _line(call("empty", "", "您好", "", "")),
        _line(call("emoji", "您好😀工号1001为您服务", "𠀀𠀁你好", "感谢您的来电😀再见")),
        _line(call("roles", "您好", "你好", speaker="坐席")),
        _line(timed_as_text),
    ]


@pytest.fixture(scope="module")
def calls_file(tmp_path_factory, pack):
    calls = demo_calls() + bench_calls(60) + noisy_calls(pack, 200, seed=5)
    lines = [_line(call.to_dict()) for call in calls]
    odd = _odd_lines()
    rng = random.Random(3)
    for line in odd * 3:  # spread through the file, so batches mix them with clean lines
        lines.insert(rng.randrange(len(lines) + 1), line)
    path = tmp_path_factory.mktemp("encoded") / "calls.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _lines(scorer, path, encoded_texts: bool, size: int) -> list[bytes]:
    calls = list(read_file(path, encoded_texts=encoded_texts))
    writer = JsonLines(scorer)
    return [line for at in range(0, len(calls), size)
            for line in writer.lines(calls[at:at + size], str(path))]


@pytest.mark.parametrize("size", [1, 5, 300])
def test_encoded_reading_scores_as_ordinary_reading(scorer, calls_file, size):
    ordinary = _lines(scorer, calls_file, False, size)
    assert _lines(scorer, calls_file, True, size) == ordinary
    assert len(ordinary) == 200 + 60 + len(demo_calls()) + 3 * len(_odd_lines())


def test_encoded_turns_are_the_ordinary_turns(calls_file):
    encoded = list(read_file(calls_file, encoded_texts=True))
    ordinary = list(read_file(calls_file))
    kinds = {type(turn) for call in encoded for turn in call.turns}
    assert kinds == {EncodedTurn, Turn}  # the general reader's lines come as Turns
    for ours, theirs in zip(encoded, ordinary, strict=True):
        assert [(t.speaker, t.text, t.start, t.end) for t in ours.turns] == \
               [(t.speaker, t.text, t.start, t.end) for t in theirs.turns]


def test_the_score_command_reads_encoded_texts(scorer, calls_file, monkeypatch):
    expected = _lines(scorer, calls_file, False, 300)
    seen = []
    original = CallBatch.__init__

    def spy(self, calls, index):
        seen.extend(type(turn) for call in calls for turn in call.turns)
        original(self, calls, index)

    monkeypatch.setattr(CallBatch, "__init__", spy)
    lines, error = _score_file(scorer, calls_file, as_json=True)
    assert error is None and lines == expected
    assert seen.count(EncodedTurn) > 0.9 * len(seen)


@pytest.mark.parametrize("value", [123, None, True, {"a": "b"}, ["x"], [""], {"": ""}])
def test_a_text_that_is_not_a_string_gets_the_ordinary_message(scorer, tmp_path, value):
    good = {"call_id": "good", "turns": [{"speaker": "agent", "text": "您好"}]}
    bad = {"call_id": "bad", "turns": [{"speaker": "agent", "text": "您好"},
                                       {"speaker": "customer", "text": value}]}
    path = tmp_path / "calls.jsonl"
    path.write_bytes(b"\n".join(orjson.dumps(d) for d in (good, good, bad, good)) + b"\n")
    with pytest.raises(EncodedTextError):
        CallBatch(list(read_file(path, encoded_texts=True)), scorer.pack.index)
    lines, error = _score_file(scorer, path, as_json=True)
    assert lines == [] and error == _score_file(scorer, path, as_json=False)[1]
    assert "line 3" in error and "text must be a string" in error


def test_bytes_that_are_not_utf8_in_a_text_get_the_ordinary_message(scorer, tmp_path):
    good = orjson.dumps({"call_id": "good", "turns": [{"speaker": "agent", "text": "您好" * 20}]})
    bad = b'{"call_id": "c", "turns": [{"speaker": "agent", "text": "\xe6\x82 ok"}]}'
    path = tmp_path / "calls.jsonl"  # the bad line after the head that shows the encoding
    path.write_bytes(b"\n".join([good] * 1000 + [bad]) + b"\n")
    lines, error = _score_file(scorer, path, as_json=True)
    assert lines == [] and error == _score_file(scorer, path, as_json=False)[1]
    assert "line 1001" in error and "not utf-8" in error


def _items(values: list) -> tuple:
    """The arguments of _all_strings for a JSON array of `values` written as the batch does."""
    import numpy as np

    raws = [msgspec.Raw(msgspec.json.encode(value)) for value in values]
    codes = np.frombuffer(msgspec.json.encode(raws).decode().encode("utf-32-le"), dtype=np.uint32)
    quotes = np.flatnonzero(codes == ord('"'))
    return codes, quotes[0::2], quotes[1::2], len(values)


def test_only_arrays_of_strings_pass_as_strings():
    words = ["", "a", "您好", "x,y", "[1]", "{}", ":", "😀"]
    others = [0, 1.5, True, None, [], [""], ["a", "b"], {"": ""}, {"a": 1}, {"a": "b"},
              ["a", 1, "b"], [[""]]]
    crafted = [["x", 1, {"a": "b"}, "y"], ["x", ["", ""], "y"], ["", {"": ""}, ""],
               ["a", ["b"], "c"], ["a", {"b": 1}, "c"], ["", 0, ""], ["a", ["k", 0], "c"],
               [[""]], [{"": 0}], [["a"]]]
    rng = random.Random(17)
    samples = crafted + [[rng.choice(words)] for _ in range(5)] + [[]]
    for _ in range(3000):
        values = [rng.choice(words) for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.6:
            for _ in range(rng.randint(1, 2)):
                values.insert(rng.randrange(len(values) + 1), rng.choice(others))
        samples.append(values)
    for values in samples:
        assert _all_strings(*_items(values)) == all(isinstance(v, str) for v in values), values


def test_the_fold_deletes_what_the_batch_writes_around_texts():
    exact, _ = lookup_tables()
    assert all(int(exact[ord(ch)]) == 0xFFFFFFFF for ch in '[],"')
