"""JSON lines in UTF-8 are read as bytes (the fast path): same calls, same line numbers."""

from __future__ import annotations

import io
import json

import pytest

from qa_desk.transcripts import TranscriptError, read_file
from qa_desk.transcripts.reader import _byte_lines


def _line(call_id: str) -> str:
    return json.dumps({"call_id": call_id, "turns": [
        {"speaker": "agent", "start": 0, "end": 2.5, "text": "您好"},
        {"speaker": "customer", "start": 3, "end": 4, "text": "你好"}]}, ensure_ascii=False)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_gives_the_same_calls(tmp_path, newline):
    path = tmp_path / "calls.jsonl"
    path.write_bytes(newline.join([_line("a"), "", _line("b"), _line("c")]).encode("utf-8"))
    calls = list(read_file(path))
    assert [c.call_id for c in calls] == ["a", "b", "c"]
    assert calls[1].turns[0].text == "您好" and calls[1].turns[1].start == 3


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_bad_line_is_named_by_its_number(tmp_path, newline):
    path = tmp_path / "calls.jsonl"
    path.write_bytes(newline.join([_line("a"), "", "{not json", _line("c")]).encode("utf-8"))
    with pytest.raises(TranscriptError) as caught:
        list(read_file(path))
    assert caught.value.line == 3
    assert "invalid JSON" in str(caught.value)


def test_bytes_that_are_not_utf8_after_the_head_are_named(tmp_path):
    # The encoding is told from the first 64 KB; bad bytes later are reported with their line.
    path = tmp_path / "calls.jsonl"
    good = "".join(_line(str(i)) + "\n" for i in range(1000)).encode("utf-8")
    assert len(good) > 65536
    path.write_bytes(good + b'{"call_id": "\xff\xfe"}\n')
    with pytest.raises(TranscriptError) as caught:
        list(read_file(path))
    assert caught.value.line == 1001
    assert "not utf-8" in str(caught.value)


def test_a_line_with_only_wide_spaces_is_skipped(tmp_path):
    path = tmp_path / "calls.jsonl"
    path.write_text(_line("a") + "\n\u3000 \n" + _line("b") + "\n", encoding="utf-8")
    assert [c.call_id for c in read_file(path)] == ["a", "b"]


@pytest.mark.parametrize("block", [1, 7, 64, 1 << 20])
def test_lines_come_out_whole_whatever_the_block_size(block):
    data = "\n".join(_line(str(i)) for i in range(20)).encode("utf-8") + b"\n\n{}"
    assert list(_byte_lines(io.BytesIO(data), block)) == data.split(b"\n")
