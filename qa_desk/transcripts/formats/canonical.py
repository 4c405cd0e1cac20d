"""Canonical JSON: one call object, an array of calls, or JSON lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import msgspec
import orjson

from qa_desk.transcripts.errors import TranscriptError
from qa_desk.transcripts.model import (
    AGENT,
    CUSTOMER,
    INBOUND,
    OUTBOUND,
    Agent,
    Call,
    EncodedTurn,
    Event,
    Seconds,
    Turn,
)
from qa_desk.transcripts.roles import EXPECTED_ROLES, role_of
from qa_desk.transcripts.timecodes import parse_seconds

CHANNEL_WORDS = {
    "inbound": INBOUND, "呼入": INBOUND, "来电": INBOUND, "來電": INBOUND,
    "outbound": OUTBOUND, "呼出": OUTBOUND, "外呼": OUTBOUND, "回访": OUTBOUND, "回訪": OUTBOUND,
}


class CallFormatError(ValueError):
    """A call object with a missing or wrong field; the message says what was expected."""


def parse_json_text(text: str, source: str) -> list[Call]:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise TranscriptError(
            source, f"invalid JSON at column {exc.colno}: {exc.msg} (is the file truncated?)",
            line=exc.lineno,
        ) from None
    if isinstance(data, list):
        return [_call_at(item, source, f"item {i}") for i, item in enumerate(data)]
    if isinstance(data, dict):
        return [_call_at(data, source, None)]
    raise TranscriptError(source, "expected a call object or an array of call objects")


def iter_jsonl_lines(lines: Iterator[str], source: str) -> Iterator[Call]:
    for number, line in enumerate(lines, start=1):
        call = _well_formed_call(line, source)
        if call is not None:
            yield call
            continue
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise TranscriptError(
                source, f"invalid JSON at column {exc.colno}: {exc.msg}", line=number
            ) from None
        yield _call_on_line(data, source, number)


def iter_jsonl_bytes(lines: Iterable[bytes], source: str, *,
                     encoded_texts: bool = False) -> Iterator[Call]:
    """JSON lines read as UTF-8 bytes, numbered as the text reader numbers them (a lone CR
    ends a line too). With `encoded_texts` the calls of clean lines have EncodedTurns."""
    number = 0
    decode = _decode_encoded_call_line if encoded_texts else _decode_call_line
    for chunk in lines:
        for line in chunk.splitlines(keepends=True) if b"\r" in chunk else (chunk,):
            number += 1
            call = _well_formed_call(line, source, decode)
            if call is not None:
                yield call
                continue
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                text = _utf8_line(line, source, number)
                if not text.strip():
                    continue
                raise TranscriptError(
                    source, f"invalid JSON at column {exc.colno}: {exc.msg}", line=number
                ) from None
            yield _call_on_line(data, source, number)


class _EventLine(msgspec.Struct, gc=False):
    type: str
    start: Seconds | None = None
    end: Seconds | None = None
    at: Seconds | None = None
    by: Any = None


class _CallLine(msgspec.Struct):
    """A call object as clean exports write it, its turns and events decoded and checked
    in C."""

    call_id: str | int
    turns: list[Turn]
    agent: Any = None
    channel: Any = None
    started_at: Any = None
    audio: Any = None
    events: list[_EventLine] | None = None


class _EncodedCallLine(_CallLine):
    turns: list[EncodedTurn]  # type: ignore[assignment]  (a text is checked by its batch)


_decode_call_line = msgspec.json.Decoder(_CallLine).decode
_decode_encoded_call_line = msgspec.json.Decoder(_EncodedCallLine).decode


def _well_formed_call(line: bytes | str, source: str, decode=_decode_call_line) -> Call | None:
    """The call on a line of a clean export, or None for anything else: blank lines, bad
    JSON and wrong fields are left to the general path, which has the messages for them.
    Scoring reads millions of turns, and here no Python step is taken per turn."""
    try:
        data = decode(line)
    except msgspec.DecodeError:  # malformed JSON or a field of the wrong type
        return None
    call_id = str(data.call_id).strip()
    if not call_id or not data.turns or not _times_well_formed(data.turns):
        return None
    try:
        return Call(call_id=call_id, turns=data.turns, agent=_agent(data.agent),
                    channel=parse_channel(data.channel), started_at=_started_at(data.started_at),
                    audio=data.audio if isinstance(data.audio, str) else None,
                    events=_events_of_line(data.events), source=source)
    except CallFormatError:
        return None


def _call_on_line(data: Any, source: str, number: int) -> Call:
    try:
        return call_from_mapping(data, source=source)
    except CallFormatError as exc:
        raise TranscriptError(source, str(exc), line=number, call_id=_id_of(data)) from None


def _utf8_line(line: bytes, source: str, number: int) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TranscriptError(
            source, f"bytes that are not utf-8 at byte {exc.start} of a line", line=number
        ) from None


def _call_at(data: Any, source: str, where: str | None) -> Call:
    try:
        return call_from_mapping(data, source=source)
    except CallFormatError as exc:
        reason = f"{where}: {exc}" if where else str(exc)
        raise TranscriptError(source, reason, call_id=_id_of(data)) from None


def _id_of(data: Any) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("call_id"), str | int):
        return str(data["call_id"])
    return None


def call_from_mapping(data: Any, *, source: str) -> Call:
    if not isinstance(data, dict):
        raise CallFormatError("expected a call object with call_id and turns")
    call_id = data.get("call_id")
    if not isinstance(call_id, str | int) or not str(call_id).strip():
        raise CallFormatError("missing call_id (expected a non-empty string)")
    if "turns" not in data:
        raise CallFormatError("missing turns (expected a list of {speaker, text} objects)")
    return Call(
        call_id=str(call_id).strip(),
        turns=parse_turns(data["turns"]),
        agent=_agent(data.get("agent")),
        channel=parse_channel(data.get("channel")),
        started_at=_started_at(data.get("started_at")),
        audio=data.get("audio") if isinstance(data.get("audio"), str) else None,
        events=_events(data.get("events")),
        source=source,
    )


def parse_turns(raw: Any) -> list[Turn]:
    if not isinstance(raw, list) or not raw:
        raise CallFormatError("turns must be a non-empty list of {speaker, text} objects")
    turns = _well_formed_turns(raw)
    if turns is None:
        turns = [_turn(item, index) for index, item in enumerate(raw)]
        check_timestamps_all_or_none(turns)
    return turns


def _well_formed_turns(raw: list) -> list[Turn] | None:
    """The common case of a clean export, every turn timed or none, built and checked in C
    (scoring reads millions of turns); None sends anything else through the per-turn path
    with its messages."""
    try:
        turns = msgspec.convert(raw, list[Turn])
    except msgspec.ValidationError:
        return None
    return turns if _times_well_formed(turns) else None


def _times_well_formed(turns: list[Turn]) -> bool:
    """Every turn timed, each ending no earlier than it starts, or no turn timed at all."""
    try:  # the timed case: a missing time fails the comparison
        for turn in turns:  # noqa: SIM110 (a plain loop: half the time of all() on a generator)
            if not turn.end >= turn.start:
                return False
        return True
    except TypeError:
        pass
    starts = [turn.start for turn in turns]
    ends = [turn.end for turn in turns]
    if None in starts:
        return starts.count(None) == len(starts) and ends.count(None) == len(ends)
    return ends.count(None) == len(ends)


def check_timestamps_all_or_none(turns: list[Turn], label: str = "turn") -> None:
    timed = [t.start is not None for t in turns]
    if any(timed) and not all(timed):
        first_missing = timed.index(False)
        first_timed = timed.index(True)
        raise CallFormatError(
            f"{label} {first_missing} has no start time but {label} {first_timed} has one: "
            "either every turn has timestamps or none does"
        )


_CANONICAL_SPEAKERS = {"agent": AGENT, "customer": CUSTOMER}
_NUMBER = (int, float)


def _turn(item: Any, index: int) -> Turn:
    if type(item) is dict:
        # The common case of a well-formed export, checked without function calls: imports
        # and scoring read millions of turns.
        label = item.get("speaker")
        speaker = _CANONICAL_SPEAKERS.get(label) if type(label) is str else None
        text = item.get("text")
        start = item.get("start")
        end = item.get("end")
        if (speaker is not None and type(text) is str
                and (start is None or (type(start) in _NUMBER and start >= 0))
                and (end is None or (type(end) in _NUMBER and end >= (start or 0)))):
            return Turn(speaker, text, start, end)
    return _turn_checked(item, index)


def _turn_checked(item: Any, index: int) -> Turn:
    if not isinstance(item, dict):
        raise CallFormatError(f"turn {index}: expected an object with speaker and text")
    speaker = role_of(item.get("speaker"))
    if speaker is None:
        raise CallFormatError(
            f"turn {index}: unknown speaker {item.get('speaker')!r}, expected {EXPECTED_ROLES}"
        )
    text = item.get("text")
    if not isinstance(text, str):
        raise CallFormatError(f"turn {index}: text must be a string")
    start = _optional_time(item, "start", f"turn {index}")
    end = _optional_time(item, "end", f"turn {index}")
    if start is not None and end is not None and end < start:
        raise CallFormatError(f"turn {index}: end {end} is before start {start}")
    return Turn(speaker=speaker, text=text, start=start, end=end)


def _optional_time(item: dict, key: str, where: str) -> float | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    try:
        return parse_seconds(value)
    except ValueError as exc:
        raise CallFormatError(f"{where}: {key}: {exc}") from None


def _agent(raw: Any) -> Agent | None:
    if raw is None:
        return None
    if isinstance(raw, str | int):
        return Agent(id=str(raw))
    if isinstance(raw, dict) and isinstance(raw.get("id"), str | int):
        name = raw.get("name")
        return Agent(id=str(raw["id"]), name=name if isinstance(name, str) else None)
    raise CallFormatError("agent must be {\"id\": ..., \"name\": ...}")


def parse_channel(raw: Any) -> str:
    if raw is None or raw == "":
        return INBOUND
    channel = CHANNEL_WORDS.get(str(raw).strip().lower())
    if channel is None:
        raise CallFormatError(
            f"unknown channel {raw!r}, expected inbound/outbound (呼入 / 呼出 / 外呼 / 回访)"
        )
    return channel


def _started_at(raw: Any) -> datetime | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        return raw
    try:
        return datetime.fromisoformat(str(raw).strip())
    except ValueError:
        raise CallFormatError(
            f"started_at {raw!r} is not an ISO date-time (e.g. 2026-11-21T09:15:02+08:00)"
        ) from None


def _events(raw: Any) -> list[Event]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise CallFormatError("events must be a list")
    return [_event(item, index) for index, item in enumerate(raw)]


def _event(item: Any, index: int) -> Event:
    where = f"event {index}"
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        raise CallFormatError(f"{where}: expected an object with a type")
    return _checked_event(item["type"], _optional_time(item, "start", where),
                          _optional_time(item, "end", where), _optional_time(item, "at", where),
                          item.get("by"), index)


def _checked_event(kind: str, start: float | None, end: float | None, at: float | None,
                   by: Any, index: int) -> Event:
    event = Event(type=kind, start=start, end=end, at=at)
    if kind == "hold" and (start is None or end is None):
        raise CallFormatError(f"event {index}: a hold needs start and end")
    if kind == "hangup":
        role = role_of(by)
        if role is None or at is None:
            raise CallFormatError(
                f"event {index}: a hangup needs by (agent/customer) and at (seconds)")
        event.by = role
    return event


def _events_of_line(events: list[_EventLine] | None) -> list[Event]:
    if not events:
        return []
    return [_checked_event(e.type, _seconds(e.start), _seconds(e.end), _seconds(e.at), e.by, i)
            for i, e in enumerate(events)]


def _seconds(value: float | None) -> float | None:
    return None if value is None else float(value)  # as parse_seconds gives them
