from __future__ import annotations

import pytest

from qa_desk.scoring import Scorer, load_pack
from qa_desk.transcripts.model import Agent, Call, Event, Turn


@pytest.fixture(scope="session")
def pack():
    return load_pack()


@pytest.fixture(scope="session")
def scorer(pack):
    return Scorer(pack)


def make_call(*lines, channel="inbound", events=(), call_id="t", timed=True) -> Call:
    """lines: (speaker, text) or (speaker, text, start, end); speaker 'a' or 'c'."""
    turns = []
    clock = 0.0
    for line in lines:
        speaker = {"a": "agent", "c": "customer"}[line[0]]
        text = line[1]
        if len(line) == 4:
            start, end = line[2], line[3]
        else:
            start = clock
            end = start + max(1.0, len(text) / 2.7)  # about 160 characters a minute
        clock = end + 0.5
        turns.append(Turn(speaker, text, start if timed else None, end if timed else None))
    return Call(call_id=call_id, turns=turns, agent=Agent("1024"), channel=channel,
                events=[Event(**e) for e in events])


GOOD_OPENING = ("a", "您好，我是1024号客服代表，很高兴为您服务")
GOOD_MORE_HELP = ("a", "请问还有其他需要帮助的吗？")
GOOD_FAREWELL = ("a", "感谢您的来电，祝您生活愉快，再见！")
