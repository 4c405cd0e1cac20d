"""The msgspec path for clean JSON lines gives exactly the general path's call, or steps
aside (None) and lets the general path accept the line or name what is wrong with it."""

from __future__ import annotations

import copy
import random

import orjson
import pytest

from qa_desk.transcripts.formats.canonical import (
    CallFormatError,
    _well_formed_call,
    call_from_mapping,
)

CLEAN = {
    "call_id": "c-1",
    "agent": {"id": "1001", "name": "王芳"},
    "channel": "outbound",
    "started_at": "2026-11-01T08:00:00+08:00",
    "audio": "c-1.wav",
    "turns": [
        {"speaker": "agent", "start": 0, "end": 2.5, "text": "您好，工号1001"},
        {"speaker": "customer", "start": 3.0, "end": 4, "text": "你好"},
        {"speaker": "agent", "start": 4.5, "end": 9.25, "text": "请您稍等"},
    ],
    "events": [{"type": "hold", "start": 10, "end": 40.5},
               {"type": "hangup", "by": "坐席", "at": 60}],
}


def _variants() -> list[dict]:
    def changed(edit) -> dict:
        data = copy.deepcopy(CLEAN)
        edit(data)
        return data

    return [
        CLEAN,
        changed(lambda d: d.update(call_id=42)),
        changed(lambda d: d.update(call_id="  padded  ")),
        changed(lambda d: d.update(call_id=True)),
        changed(lambda d: d.update(call_id="  ")),
        changed(lambda d: d.update(agent="1001")),
        changed(lambda d: d.update(agent={"id": 7, "name": 3})),
        changed(lambda d: d.update(agent=[1])),
        changed(lambda d: d.update(channel="回访")),
        changed(lambda d: d.update(channel="sideways")),
        changed(lambda d: d.update(started_at="yesterday")),
        changed(lambda d: d.update(audio=5)),
        changed(lambda d: d.pop("events")),
        changed(lambda d: d.update(events={"type": "hold"})),
        changed(lambda d: d["events"].append({"type": "hold", "start": 1})),
        changed(lambda d: d["events"].append({"type": "hangup", "by": "nobody", "at": 1})),
        changed(lambda d: d["events"].append({"type": "hangup", "by": "customer"})),
        changed(lambda d: d["events"].append({"type": "note", "at": "00:01:02"})),
        changed(lambda d: d["events"].append({"type": "hold", "start": -1, "end": 3})),
        changed(lambda d: d["events"].append("hold")),
        changed(lambda d: d.update(turns=[])),
        changed(lambda d: d.pop("turns")),
        changed(lambda d: d["turns"][1].update(speaker="客户")),
        changed(lambda d: d["turns"][1].update(speaker="robot")),
        changed(lambda d: d["turns"][1].update(text=None)),
        changed(lambda d: d["turns"][1].pop("text")),
        changed(lambda d: d["turns"][1].update(start="00:03")),
        changed(lambda d: d["turns"][1].update(start=True)),
        changed(lambda d: d["turns"][1].update(start=-2)),
        changed(lambda d: d["turns"][1].update(end=2.9)),
        changed(lambda d: d["turns"][1].pop("end")),
        changed(lambda d: [t.pop("end") for t in d["turns"]]),
        changed(lambda d: [(t.pop("start"), t.pop("end")) for t in d["turns"]]),
        changed(lambda d: [t.pop("start") for t in d["turns"]]),
        changed(lambda d: d["turns"][0].pop("start")),
        changed(lambda d: d["turns"].append("not a turn")),
        changed(lambda d: d["turns"][0].update(extra={"kept": False})),
    ]


def _general(data, source: str = "x.jsonl"):
    try:
        return call_from_mapping(data, source=source)
    except CallFormatError as exc:
        return exc


@pytest.mark.parametrize("data", _variants())
def test_the_clean_path_agrees_with_the_general_path(data):
    line = orjson.dumps(data)
    fast = _well_formed_call(line, "x.jsonl")
    general = _general(orjson.loads(line))
    if fast is None:
        return  # stepped aside: the general path decides, with its messages
    assert not isinstance(general, Exception), general
    assert fast == general
    # Times keep their JSON type as the general path keeps them (an int stays an int).
    assert [type(t.start) for t in fast.turns] == [type(t.start) for t in general.turns]


def test_the_clean_path_takes_the_clean_line():
    call = _well_formed_call(orjson.dumps(CLEAN), "x.jsonl")
    assert call is not None and call.call_id == "c-1" and len(call.events) == 2
    assert call.events[1].by == "agent" and call.events[1].at == 60.0


def test_random_damage_never_makes_the_paths_disagree():
    rng = random.Random(7)
    line = orjson.dumps(CLEAN).decode()
    for _ in range(400):
        damaged = list(line)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(damaged))
            damaged[at] = rng.choice(['"', ",", "1", "-", "{", "]", " ", "x", "null"])
        text = "".join(damaged)
        fast = _well_formed_call(text, "x.jsonl")
        if fast is None:
            continue
        general = _general(orjson.loads(text))
        assert fast == general, text
