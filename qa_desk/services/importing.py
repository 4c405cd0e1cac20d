"""Import transcript files into the call store: idempotent, one transaction per file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_desk.db import Database
from qa_desk.models import Agent, Call, CallEvent, Turn
from qa_desk.transcripts import Call as ParsedCall
from qa_desk.transcripts import TranscriptError, iter_transcript_files, read_file

BATCH = 500


@dataclass(slots=True)
class FileOutcome:
    source: str
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None or bool(self.conflicts)

    def describe(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        parts = [f"{len(self.imported)} imported", f"{len(self.skipped)} unchanged"]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict")
        return f"{self.source}: " + ", ".join(parts)


@dataclass(slots=True)
class ImportSummary:
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(len(f.imported) for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(len(f.skipped) for f in self.files)

    @property
    def failed_files(self) -> list[FileOutcome]:
        return [f for f in self.files if f.failed]


class ImportService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def import_paths(
        self, paths: Iterable[Path | str], *, should_stop: Callable[[], bool] = lambda: False
    ) -> Iterator[FileOutcome]:
        """Import file after file, yielding each outcome so a caller can show progress or stop."""
        for path in iter_transcript_files(paths):
            if should_stop():
                return
            yield self.import_file(path)

    def import_file(self, path: Path | str) -> FileOutcome:
        outcome = FileOutcome(source=str(path))
        try:
            self._import_in_one_transaction(path, outcome)
        except TranscriptError as exc:
            outcome.error = exc.describe()
        except IntegrityError:
            # Another desk imported one of these calls in the meantime: retry once, cleanly.
            fresh = FileOutcome(source=str(path))
            try:
                self._import_in_one_transaction(path, fresh)
                return fresh
            except (TranscriptError, IntegrityError) as exc:
                outcome.error = f"{path}: {exc}"
        if outcome.error:
            outcome.imported.clear()
            outcome.skipped.clear()
            outcome.conflicts.clear()
        return outcome

    def _import_in_one_transaction(self, path: Path | str, outcome: FileOutcome) -> None:
        with self._db.sessions.begin() as session:
            calls = read_file(path)
            seen: dict[str, str] = {}
            while batch := list(islice(calls, BATCH)):
                for call in batch:
                    outcome.warnings.extend(call.warnings)
                store_calls(session, batch, outcome, seen)


def store_calls(session: Session, batch: list[ParsedCall], outcome: FileOutcome,
                seen: dict[str, str] | None = None) -> None:
    """Insert the calls not stored yet; record unchanged ones and conflicts in `outcome`."""
    seen = {} if seen is None else seen
    known = dict(
        session.execute(
            select(Call.call_id, Call.content_hash).where(
                Call.call_id.in_({c.call_id for c in batch})
            )
        ).all()
    )
    known.update(seen)
    fresh: list[tuple[ParsedCall, str]] = []
    for call in batch:
        digest = call.content_hash()
        previous = known.get(call.call_id)
        if previous is None:
            fresh.append((call, digest))
            known[call.call_id] = seen[call.call_id] = digest
        elif previous == digest:
            outcome.skipped.append(call.call_id)
        else:
            outcome.conflicts.append(
                f"{outcome.source}: call {call.call_id} is already stored with different "
                "content; not overwritten (delete it first, or give it a new call_id)"
            )
    if fresh:
        _insert(session, fresh)
        outcome.imported.extend(c.call_id for c, _ in fresh)


def _insert(session: Session, fresh: list[tuple[ParsedCall, str]]) -> None:
    _ensure_agents(session, [c for c, _ in fresh])
    rows = [_call_row(call, digest) for call, digest in fresh]
    ids = session.scalars(
        insert(Call).returning(Call.id, sort_by_parameter_order=True), rows
    ).all()
    turns = [
        {"call_pk": pk, "idx": i, "speaker": t.speaker, "start": t.start, "end": t.end,
         "text": t.text}
        for pk, (call, _) in zip(ids, fresh, strict=True)
        for i, t in enumerate(call.turns)
    ]
    session.execute(insert(Turn), turns)
    events = [
        {"call_pk": pk, "type": e.type, "start": e.start, "end": e.end, "at": e.at, "by": e.by}
        for pk, (call, _) in zip(ids, fresh, strict=True)
        for e in call.events
    ]
    if events:
        session.execute(insert(CallEvent), events)


def _ensure_agents(session: Session, calls: list[ParsedCall]) -> None:
    wanted = {c.agent.id: c.agent.name for c in calls if c.agent}
    if not wanted:
        return
    existing = {
        a.id: a for a in session.scalars(select(Agent).where(Agent.id.in_(wanted))).all()
    }
    for agent_id, name in wanted.items():
        if agent_id not in existing:
            session.add(Agent(id=agent_id, name=name))
        elif name and not existing[agent_id].name:
            existing[agent_id].name = name
    session.flush()


def _call_row(call: ParsedCall, digest: str) -> dict:
    started = call.started_at
    offset = None
    if started is not None and started.utcoffset() is not None:
        offset = int(started.utcoffset().total_seconds() // 60)
        started = started.replace(tzinfo=None)
    return {
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
        "char_count": sum(len(t.text) for t in call.turns),
        "has_timestamps": call.has_timestamps,
    }
