"""Plain text: one turn per line, `[mm:ss.ff] 坐席:text`, continuation lines join the turn."""

from __future__ import annotations

import re

import msgspec

from qa_desk.transcripts.errors import TranscriptError
from qa_desk.transcripts.model import Call, Turn
from qa_desk.transcripts.roles import role_of, role_words_longest_first
from qa_desk.transcripts.timecodes import parse_seconds

_ROLES = "|".join(re.escape(w) for w in role_words_longest_first())
_LINE = re.compile(
    rf"^\s*(?:\[(?P<time>[\d:.,]+)\]\s*)?(?P<role>{_ROLES})\s*[:：]\s?(?P<text>.*)$",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"^\s*\[[\d:.,]+\]")


def parse_txt(text: str, *, call_id: str, source: str) -> Call:
    turns: list[Turn] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match:
            turns.append(_turn(match, number, source))
        elif turns and not _TIME_ONLY.match(line):
            turns[-1] = msgspec.structs.replace(turns[-1], text=turns[-1].text + "\n" + line.strip())
        else:
            raise TranscriptError(
                source, f"expected a role prefix such as '坐席:' or '客户:', got {line[:30]!r}",
                line=number,
            )
    if not turns:
        raise TranscriptError(source, "no turns found (expected lines like '坐席:您好')")
    _check_all_or_none(turns, text, source)
    return Call(call_id=call_id, turns=turns, source=source)


def _turn(match: re.Match[str], number: int, source: str) -> Turn:
    start = None
    if match["time"]:
        try:
            start = parse_seconds(match["time"])
        except ValueError as exc:
            raise TranscriptError(source, str(exc), line=number) from None
    return Turn(speaker=role_of(match["role"]) or "", text=match["text"].strip(), start=start)


def _check_all_or_none(turns: list[Turn], text: str, source: str) -> None:
    timed = [t.start is not None for t in turns]
    if any(timed) and not all(timed):
        missing = timed.index(False)
        line = _line_of_turn(text, missing)
        raise TranscriptError(
            source, "this turn has no [mm:ss] time but others do: "
            "either every turn has timestamps or none does", line=line,
        )


def _line_of_turn(text: str, turn_index: int) -> int | None:
    seen = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if _LINE.match(line):
            seen += 1
            if seen == turn_index:
                return number
    return None
