"""Bad input gets a message naming the file, the place and what was expected."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from qa_desk.transcripts import TranscriptError, read_file
from tests.helpers import call_dict, write_json


def error_of(path, **kwargs) -> TranscriptError:
    with pytest.raises(TranscriptError) as caught:
        list(read_file(path, **kwargs))
    assert str(path) in str(caught.value)
    return caught.value


def test_truncated_json_names_line_and_column(tmp_path):
    path = tmp_path / "cut.json"
    text = json.dumps(call_dict(), ensure_ascii=False, indent=1)
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    error = error_of(path)
    assert error.line is not None and error.line > 1
    assert "invalid JSON" in error.reason and "truncated" in error.reason


def test_json_call_without_turns(tmp_path):
    data = call_dict()
    del data["turns"]
    error = error_of(write_json(tmp_path / "noturns.json", data))
    assert "missing turns" in error.reason and error.call_id == "c-1"


def test_turns_where_only_some_have_timestamps(tmp_path):
    data = call_dict()
    del data["turns"][1]["start"]
    error = error_of(write_json(tmp_path / "partial.json", data))
    assert "turn 1 has no start time but turn 0 has one" in error.reason


def test_txt_where_only_some_turns_have_timestamps_names_the_line(tmp_path):
    path = tmp_path / "partial.txt"
    path.write_text("[00:01] 坐席:您好\n客户:你好\n", encoding="utf-8")
    assert error_of(path).line == 2


def test_unknown_speaker_label(tmp_path):
    data = call_dict()
    data["turns"][1]["speaker"] = "主管"
    error = error_of(write_json(tmp_path / "who.json", data))
    assert "turn 1" in error.reason and "'主管'" in error.reason and "agent/customer" in error.reason


def test_unknown_speaker_in_csv_names_the_row(tmp_path):
    path = tmp_path / "who.csv"
    path.write_text("call_id,speaker,text\nA,坐席,您好\nA,机器人,滴\n", encoding="utf-8")
    error = error_of(path)
    assert error.row == 3 and "'机器人'" in error.reason


def test_txt_line_without_role_names_the_line(tmp_path):
    path = tmp_path / "norole.txt"
    path.write_text("这一行没有角色\n坐席:您好\n", encoding="utf-8")
    error = error_of(path)
    assert error.line == 1 and "role prefix" in error.reason


def test_xlsx_without_text_column(tmp_path):
    book = Workbook()
    book.active.append(["call_id", "speaker", "start"])
    book.active.append(["A", "agent", 0])
    path = tmp_path / "notext.xlsx"
    book.save(path)
    error = error_of(path)
    assert "no text column" in error.reason and "内容" in error.reason and error.row == 1


def test_empty_file(tmp_path):
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert "empty" in error_of(path).reason


def test_binary_file_renamed_json(tmp_path):
    path = tmp_path / "photo.json"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binary" in error_of(path).reason


def test_broken_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    assert "not an .xlsx workbook" in error_of(path).reason


def test_huge_json_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk
    error = error_of(path)
    assert "100 MB" in error.reason and ".jsonl" in error.reason


def test_huge_jsonl_is_streamed(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps(call_dict(), ensure_ascii=False)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(2000):
            handle.write(line.replace('"c-1"', f'"c-{i}"') + "\n")
    calls = read_file(path, max_bytes=1024)  # far below the file's size: must stream
    assert sum(1 for _ in calls) == 2000


def test_bad_jsonl_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    good = json.dumps(call_dict(), ensure_ascii=False)
    path.write_text(good + "\n" + good + "\n{\"call_id\": 3\n", encoding="utf-8")
    assert error_of(path).line == 3


def test_audio_outside_the_transcript_folder_is_ignored_with_a_warning(tmp_path):
    path = write_json(tmp_path / "calls" / "c.json", call_dict(audio="../../etc/passwd"))
    [call] = list(read_file(path))
    assert call.audio is None
    assert "outside" in call.warnings[0] and str(path) in call.warnings[0]


def test_jsonl_whose_head_ends_inside_a_character_is_read(tmp_path):
    path = tmp_path / "long.jsonl"
    line = json.dumps(call_dict(), ensure_ascii=False)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(300):  # well past the 64 KB head, with Chinese across the boundary
            handle.write(line.replace('"c-1"', f'"c-{i}"') + "\n")
    assert len(list(read_file(path))) == 300


def test_gbk_jsonl_is_read(tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes((json.dumps(call_dict(), ensure_ascii=False) + "\n").encode("gbk"))
    [call] = list(read_file(path))
    assert call.agent.name == "李明"
