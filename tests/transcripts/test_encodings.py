"""Exports from Chinese call-center systems: GBK, Big5, UTF-16, UTF-8 with a BOM."""

from __future__ import annotations

import pytest

from qa_desk.transcripts import read_file
from qa_desk.transcripts.encoding import decode_bytes

SIMPLIFIED = "坐席:您好,我是1024号客服代表,很高兴为您服务\n客户:我家宽带断了,上不了网\n"
TRADITIONAL = "坐席:您好,我是1024號客服代表,很高興為您服務\n客戶:我家寬帶斷了,上不了網\n"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("gbk", SIMPLIFIED),
        ("gb18030", SIMPLIFIED),
        ("big5", TRADITIONAL),
        ("utf-8-sig", SIMPLIFIED),
        ("utf-16", SIMPLIFIED),
        ("utf-8", TRADITIONAL),
    ],
)
def test_txt_in_each_encoding_reads_back_the_same_text(tmp_path, encoding, text):
    path = tmp_path / f"call-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    [call] = list(read_file(path))
    assert call.turns[0].text == text.splitlines()[0].split(":", 1)[1]
    assert call.turns[1].text == text.splitlines()[1].split(":", 1)[1]


def test_utf16_csv(tmp_path):
    path = tmp_path / "t.csv"
    content = "通话编号,角色,内容\nK1,坐席,您好请讲\nK1,来电人,我要投诉\n"
    path.write_bytes(content.encode("utf-16"))
    [call] = list(read_file(path))
    assert call.turns[1].text == "我要投诉"


def test_bomless_utf16_le_is_recognised():
    text, encoding = decode_bytes("call_id,speaker,text\n1,坐席,您好\n".encode("utf-16-le"))
    assert encoding == "utf-16-le" and text.startswith("call_id")


def test_short_gbk_is_not_mistaken_for_big5():
    text, encoding = decode_bytes("坐席:您好".encode("gbk"))
    assert text == "坐席:您好" and encoding == "gb18030"
