"""Every input format of transcripts.md read into the same canonical call."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import Workbook

from qa_desk.transcripts import AGENT, CUSTOMER, read_file
from tests.helpers import call_dict, write_json


def read_all(path):
    return list(read_file(path))


def test_canonical_json_keeps_every_field(tmp_path):
    data = call_dict(audio="a.wav", events=[
        {"type": "hold", "start": 5.0, "end": 30.0},
        {"type": "hangup", "by": "customer", "at": 40.5},
    ], extra_key={"kept": True})
    (tmp_path / "a.wav").write_bytes(b"RIFF")
    [call] = read_all(write_json(tmp_path / "c.json", data))
    assert call.call_id == "c-1"
    assert call.agent.id == "1024" and call.agent.name == "李明"
    assert call.started_at == datetime(2026, 11, 21, 9, 15, 2, tzinfo=timezone(timedelta(hours=8)))
    assert [t.speaker for t in call.turns] == [AGENT, CUSTOMER]
    assert call.turns[0].text == "您好,我是1024号客服代表,很高兴为您服务"
    assert (call.turns[1].start, call.turns[1].end) == (4.5, 9.0)
    assert call.events[0].type == "hold" and call.events[0].end == 30.0
    assert call.hangup().by == CUSTOMER and call.hangup().at == 40.5
    assert call.audio == str((tmp_path / "a.wav").resolve())
    assert call.has_timestamps


def test_missing_channel_means_inbound_and_chinese_channel_words(tmp_path):
    data = call_dict()
    del data["channel"]
    [inbound] = read_all(write_json(tmp_path / "a.json", data))
    [outbound] = read_all(write_json(tmp_path / "b.json", call_dict(channel="回访")))
    assert inbound.channel == "inbound" and outbound.channel == "outbound"


def test_json_array_and_jsonl_hold_many_calls(tmp_path):
    calls = [call_dict(f"c-{i}") for i in range(3)]
    array = read_all(write_json(tmp_path / "many.json", calls))
    lines = tmp_path / "many.jsonl"
    lines.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in calls) + "\n\n")
    assert [c.call_id for c in array] == ["c-0", "c-1", "c-2"]
    assert [c.call_id for c in read_all(lines)] == ["c-0", "c-1", "c-2"]


def test_txt_with_role_words_timestamps_and_continuation_lines(tmp_path):
    path = tmp_path / "20261121-7.txt"
    path.write_text(
        "[00:00.00] 坐席:您好,我是1024号客服代表\n"
        "很高兴为您服务\n"
        "[00:04.50] 客户：你好\n"
        "[01:02:03] 客服代表: 请您稍等\n"
        "[00:10] Customer:ok\n",
        encoding="utf-8",
    )
    [call] = read_all(path)
    assert call.call_id == "20261121-7"
    assert [t.speaker for t in call.turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]
    assert call.turns[0].text == "您好,我是1024号客服代表\n很高兴为您服务"
    assert [t.start for t in call.turns] == [0.0, 4.5, 3723.0, 10.0]
    assert call.turns[2].text == "请您稍等"


def test_txt_without_timestamps(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("A:您好\nC:你好\n话务员:再见\n用户:拜拜\n", encoding="utf-8")
    [call] = read_all(path)
    assert [t.speaker for t in call.turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]
    assert not call.has_timestamps


def test_srt_cues_with_role_prefixes(tmp_path):
    path = tmp_path / "s.srt"
    path.write_text(
        "1\n00:00:00,000 --> 00:00:04,200\n坐席:您好,很高兴为您服务\n\n"
        "2\n00:00:04,500 --> 00:00:09,000\n客户:我家电视\n没信号了\n",
        encoding="utf-8",
    )
    [call] = read_all(path)
    assert [(t.speaker, t.start, t.end) for t in call.turns] == [
        (AGENT, 0.0, 4.2), (CUSTOMER, 4.5, 9.0)]
    assert call.turns[1].text == "我家电视\n没信号了"


def test_webvtt_voice_tags_and_prefixes(tmp_path):
    path = tmp_path / "v.vtt"
    path.write_text(
        "WEBVTT\n\nNOTE exported\n\n"
        "00:00.000 --> 00:04.200\n<v 坐席>您好,很高兴为您服务</v>\n\n"
        "intro\n00:00:04.500 --> 00:00:09.000\n<v.loud 客户>你好\n\n"
        "00:00:09.500 --> 00:00:11.000\n客服:请讲\n",
        encoding="utf-8",
    )
    [call] = read_all(path)
    assert [(t.speaker, t.text) for t in call.turns] == [
        (AGENT, "您好,很高兴为您服务"), (CUSTOMER, "你好"), (AGENT, "请讲")]
    assert call.turns[1].start == 4.5


def test_csv_with_chinese_headers_and_many_calls(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "通话ID,角色,开始时间,结束时间,内容,工号,呼叫类型\n"
        "A1,坐席,0,3.5,您好,1024,呼入\n"
        "A1,客户,00:00:04.0,00:00:06,你好,1024,呼入\n"
        "B2,客服,0,2,您好这里是回访,2048,回访\n",
        encoding="utf-8",
    )
    calls = read_all(path)
    assert [c.call_id for c in calls] == ["A1", "B2"]
    assert calls[0].agent.id == "1024" and calls[1].channel == "outbound"
    assert calls[0].turns[1].start == 4.0 and calls[0].turns[1].end == 6.0


def test_xlsx_with_english_headers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["call_id", "speaker", "start", "end", "text", "agent_id", "channel"])
    sheet.append(["X1", "agent", 0, 2.5, "您好", 7, "inbound"])
    sheet.append(["X1", "customer", 3, 5, "你好", 7, "inbound"])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["X2", "agent", 0, 1, "喂", 8, "outbound"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    calls = read_all(path)
    assert [(c.call_id, len(c.turns), c.agent.id, c.channel) for c in calls] == [
        ("X1", 2, "7", "inbound"), ("X2", 1, "8", "outbound")]


@pytest.mark.parametrize("suffix", [".json", ".txt", ".csv"])
def test_the_same_call_in_different_formats_has_the_same_turns(tmp_path, suffix):
    writers = {
        ".json": lambda p: write_json(p, {"call_id": "same", "turns": [
            {"speaker": "agent", "text": "您好"}, {"speaker": "customer", "text": "你好"}]}),
        ".txt": lambda p: p.write_text("坐席:您好\n客户:你好\n", encoding="utf-8"),
        ".csv": lambda p: p.write_text("call_id,speaker,text\nsame,agent,您好\nsame,customer,你好\n"),
    }
    path = tmp_path / f"same{suffix}"
    writers[suffix](path)
    [call] = read_all(path)
    assert [(t.speaker, t.text) for t in call.turns] == [(AGENT, "您好"), (CUSTOMER, "你好")]
