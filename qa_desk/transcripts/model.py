"""The canonical in-memory form of a call, whatever format it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec
import orjson

AGENT = "agent"
CUSTOMER = "customer"
INBOUND = "inbound"
OUTBOUND = "outbound"


Seconds = Annotated[int, msgspec.Meta(ge=0)] | Annotated[float, msgspec.Meta(ge=0)]


class Turn(msgspec.Struct, frozen=True, gc=False):
    """One turn of speech. A msgspec struct: scoring reads millions of turns, and the canonical
    JSON reader decodes and checks them in C straight into this type (see formats/canonical).
    The annotations are what that reader accepts; turns made in Python are not checked."""

    speaker: Literal["agent", "customer"]
    text: str
    start: Seconds | None = None
    end: Seconds | None = None


class EncodedTurn(msgspec.Struct, frozen=True, gc=False):
    """A turn read for scoring, its text kept as the JSON value it came as.

    Making a Python string of every turn's text costs the scoring command half its
    reading time; a batch of calls decodes all its texts in one piece instead (see
    scoring.batch), which also checks that each one is a string. `text` decodes this one
    turn's, for anything else that asks."""

    speaker: Literal["agent", "customer"]
    encoded_text: msgspec.Raw = msgspec.field(name="text")
    start: Seconds | None = None
    end: Seconds | None = None

    @property
    def text(self) -> str:
        return _decode_text(self.encoded_text)


_decode_text = msgspec.json.Decoder(str).decode


class EncodedTextError(ValueError):
    """An EncodedTurn's text is not a JSON string (or not UTF-8). It names no line: read the
    file again without encoded texts for the message that does."""


@dataclass(slots=True)
class Event:
    type: str
    start: float | None = None
    end: float | None = None
    at: float | None = None
    by: str | None = None


@dataclass(slots=True)
class Agent:
    id: str
    name: str | None = None


@dataclass(slots=True)
class Call:
    call_id: str
    turns: list[Turn]
    agent: Agent | None = None
    channel: str = INBOUND
    started_at: datetime | None = None
    audio: str | None = None
    events: list[Event] = field(default_factory=list)
    source: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def has_timestamps(self) -> bool:
        return bool(self.turns) and all(t.start is not None for t in self.turns)

    @property
    def duration(self) -> float | None:
        ends = [t.end if t.end is not None else t.start for t in self.turns]
        ends += [e.end or e.at or 0.0 for e in self.events]
        known = [e for e in ends if e is not None]
        return max(known) if known else None

    def hangup(self) -> Event | None:
        for event in self.events:  # a loop, not next() on a generator: asked once per call scored
            if event.type == "hangup":
                return event
        return None

    def content_hash(self) -> str:
        """Fingerprint of what was said and when: decides 'same call' vs 'conflict' on import."""
        payload = {
            "agent": self.agent.id if self.agent else None,
            "channel": self.channel,
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "turns": [(t.speaker, t.text, t.start, t.end) for t in self.turns],
            "events": [[e.type, e.start, e.end, e.at, e.by] for e in self.events],
        }
        return hashlib.sha256(orjson.dumps(payload)).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON shape of transcripts.md."""
        out: dict[str, Any] = {"call_id": self.call_id}
        if self.agent:
            out["agent"] = {"id": self.agent.id, "name": self.agent.name}
        out["channel"] = self.channel
        if self.started_at:
            out["started_at"] = self.started_at.isoformat()
        if self.audio:
            out["audio"] = self.audio
        out["turns"] = [_turn_dict(t) for t in self.turns]
        if self.events:
            out["events"] = [_event_dict(e) for e in self.events]
        return out


def _turn_dict(turn: Turn) -> dict[str, Any]:
    d: dict[str, Any] = {"speaker": turn.speaker}
    if turn.start is not None:
        d["start"] = turn.start
    if turn.end is not None:
        d["end"] = turn.end
    d["text"] = turn.text
    return d


def _event_dict(event: Event) -> dict[str, Any]:
    d: dict[str, Any] = {"type": event.type}
    for key in ("start", "end", "at", "by"):
        value = getattr(event, key)
        if value is not None:
            d[key] = value
    return d
