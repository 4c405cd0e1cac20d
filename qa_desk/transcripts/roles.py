"""Speaker role words: every label a call-center export may use for the two parties."""

from __future__ import annotations

from qa_desk.transcripts.model import AGENT, CUSTOMER

AGENT_WORDS = ("坐席", "座席", "客服代表", "客服专员", "客服", "话务员", "話務員", "agent", "a")
CUSTOMER_WORDS = ("客户", "客戶", "用户", "用戶", "来电人", "來電人", "customer", "c")

_ROLE_BY_WORD = {w: AGENT for w in AGENT_WORDS} | {w: CUSTOMER for w in CUSTOMER_WORDS}

EXPECTED_ROLES = "agent/customer (or 坐席, 客服, 客服代表, 话务员, 座席, A / 客户, 用户, 来电人, C)"


def role_of(label: object) -> str | None:
    """The canonical role for a speaker label, or None when the label is not a known role."""
    if not isinstance(label, str):
        return None
    return _ROLE_BY_WORD.get(label.strip().lower())


def role_words_longest_first() -> list[str]:
    """Role words ordered so that a regex alternation prefers 客服代表 over 客服."""
    words = {*AGENT_WORDS, *CUSTOMER_WORDS}
    return sorted(words, key=len, reverse=True)
