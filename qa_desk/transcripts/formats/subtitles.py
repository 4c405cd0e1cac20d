"""SRT and WebVTT: each cue is a turn; the speaker is a role prefix or a <v 坐席> voice tag."""

from __future__ import annotations

import re

from qa_desk.transcripts.errors import TranscriptError
from qa_desk.transcripts.model import Call, Turn
from qa_desk.transcripts.roles import EXPECTED_ROLES, role_of, role_words_longest_first
from qa_desk.transcripts.timecodes import parse_seconds

_TIMING = re.compile(r"^\s*([\d:.,]+)\s*-->\s*([\d:.,]+)")
_VOICE = re.compile(r"^\s*<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>)?\s*$", re.DOTALL)
_PREFIX = re.compile(
    rf"^\s*({'|'.join(re.escape(w) for w in role_words_longest_first())})\s*[:：]\s?(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_TAGS = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)


def parse_subtitles(text: str, *, call_id: str, source: str) -> Call:
    turns = [_cue_turn(block, start_line, source) for block, start_line in _cues(text)]
    if not turns:
        raise TranscriptError(source, "no cues found (expected 'start --> end' lines)")
    return Call(call_id=call_id, turns=turns, source=source)


def _cues(text: str) -> list[tuple[list[tuple[int, str]], int]]:
    """Blocks that contain a timing line, with the line numbers kept for messages."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            blocks[-1].append((number, line))
        elif blocks[-1]:
            blocks.append([])
    cues = []
    for block in blocks:
        timing_at = next((i for i, (_, line) in enumerate(block) if _TIMING.match(line)), None)
        if timing_at is not None:
            cues.append((block[timing_at:], block[timing_at][0]))
    return cues


def _cue_turn(block: list[tuple[int, str]], line_number: int, source: str) -> Turn:
    timing = _TIMING.match(block[0][1])
    assert timing is not None
    try:
        start, end = parse_seconds(timing[1]), parse_seconds(timing[2])
    except ValueError as exc:
        raise TranscriptError(source, str(exc), line=line_number) from None
    body = "\n".join(line for _, line in block[1:])
    speaker, text = _speaker_and_text(body)
    if speaker is None:
        raise TranscriptError(
            source, f"cue has no speaker: expected a role prefix or voice tag, {EXPECTED_ROLES}",
            line=line_number,
        )
    return Turn(speaker=speaker, text=text, start=start, end=max(end, start))


def _speaker_and_text(body: str) -> tuple[str | None, str]:
    voice = _VOICE.match(body)
    if voice:
        return role_of(voice[1]), _TAGS.sub("", voice[2]).strip()
    prefixed = _PREFIX.match(_TAGS.sub("", body))
    if prefixed:
        return role_of(prefixed[1]), prefixed[2].strip()
    return None, body
