"""Calls turned into ready-to-insert rows: pure work that can run in another process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from qa_desk.transcripts import Call, TranscriptError, read_file

TURN_COLUMNS = ("call_pk", "idx", "speaker", "start", "end", "text")
EVENT_COLUMNS = ("call_pk", "type", "start", "end", "at", "by")


class PreparedCall(NamedTuple):
    call_id: str
    digest: str
    agent: tuple[str, str | None] | None
    row: dict[str, Any]
    turns: list[tuple]  # TURN_COLUMNS without call_pk
    events: list[tuple]  # EVENT_COLUMNS without call_pk
    warnings: list[str]


class PreparedFile(NamedTuple):
    source: str
    calls: list[PreparedCall]
    error: str | None


def prepare_call(call: Call) -> PreparedCall:
    turns = [(i, t.speaker, t.start, t.end, t.text) for i, t in enumerate(call.turns)]
    events = [(e.type, e.start, e.end, e.at, e.by) for e in call.events]
    digest = call.content_hash()
    started = call.started_at
    offset = None
    if started is not None and started.utcoffset() is not None:
        offset = int(started.utcoffset().total_seconds() // 60)
        started = started.replace(tzinfo=None)
    row = {
        "call_id": call.call_id,
        "agent_id": call.agent.id if call.agent else None,
        "channel": call.channel,
        "started_at": started,
        "utc_offset_minutes": offset,
        "duration": call.duration,
        "audio_path": call.audio,
        "source_path": call.source,
        "content_hash": digest,
        "turn_count": len(call.turns),
        "char_count": sum([len(t[4]) for t in turns]),
        "has_timestamps": call.has_timestamps,
    }
    return PreparedCall(
        call_id=call.call_id,
        digest=digest,
        agent=(call.agent.id, call.agent.name) if call.agent else None,
        row=row,
        turns=turns,
        events=events,
        warnings=list(call.warnings),
    )


def iter_prepared(path: Path | str) -> Iterator[PreparedCall]:
    for call in read_file(path):
        yield prepare_call(call)


def prepare_file(path: Path | str) -> PreparedFile:
    """A whole file read and prepared, or the reason it cannot be: run in a worker process."""
    try:
        return PreparedFile(str(path), list(iter_prepared(path)), None)
    except TranscriptError as exc:
        return PreparedFile(str(path), [], exc.describe())
