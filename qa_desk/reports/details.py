"""The scoring engine's notes on an item, in the words of the form (Chinese).

Notes the engine writes in English are translated; notes written by a rule pack's author
(already in the reader's language) and notes not known here are shown as they are."""

from __future__ import annotations

import re

_NOTES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template) for pattern, template in (
        (r"(\d+) characters/minute over (\d+) s \(allowed (\d+)–(\d+)\)",
         r"语速 \1 字/分钟（坐席讲话 \2 秒，标准 \3–\4 字/分钟）"),
        (r"the customer hung up", "客户先挂机"),
        (r"the agent hung up ([\d.]+) s after its last turn", r"坐席在最后一句话后 \1 秒挂机"),
        (r"no hangup event", "无挂机记录"),
        (r"no timestamps", "转写无时间戳"),
        (r"no agent speaking time", "无坐席讲话时长"),
        (r"pattern not found", "未找到规定内容"),
        (r"no answer to the anchor", "未按要求回应"),
        (r"no [\w.,\s-]+ within (\d+) agent turns after turn \d+", r"触发后 \1 句内坐席未说规定用语"),
        (r"hold \(\w+\) ([\d.]+)–([\d.]+) s", r"等待 \1–\2 秒"),
        (r"hold \(\w+\) after turn \d+", "等待"),
        (r"no anchor", "未出现触发情形"),
        (r"said [\w.-]+", "出现禁用语"),
        (r"no [\w.-]+", "未说规定用语"),
    )
)


def detail_text(detail: str) -> str:
    """'; '-separated engine notes, each translated when it is one the engine writes."""
    return "；".join(_translate(part.strip()) for part in detail.split(";") if part.strip())


def _translate(note: str) -> str:
    for pattern, template in _NOTES:
        if pattern.fullmatch(note):
            return pattern.sub(template, note)
    return note
