"""Reading calls back from the store, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from qa_desk.db import Database
from qa_desk.models import Agent, Call
from qa_desk.services import access
from qa_desk.transcripts import model as transcript


@dataclass(frozen=True, slots=True)
class CallRow:
    call_id: str
    agent_id: str | None
    agent_name: str | None
    channel: str
    started_at: datetime | None
    duration: float | None
    turn_count: int
    char_count: int


class CallService:
    """`actor` decides which calls may be read: an agent reads only their own."""

    def __init__(self, database: Database, actor: access.Actor = "system") -> None:
        self._db = database
        self._actor = actor

    def list_calls(
        self, *, agent: str | None = None, date_from: date | None = None,
        date_to: date | None = None, limit: int | None = None, offset: int = 0,
    ) -> list[CallRow]:
        query = (
            select(Call, Agent.name)
            .outerjoin(Agent, Agent.id == Call.agent_id)
            .order_by(Call.started_at.is_(None), Call.started_at, Call.call_id)
        )
        own = access.own_agent(self._actor)
        if own is not None:
            access.require_own(self._actor, agent or own)
            agent = own
        if agent:
            query = query.where(Call.agent_id == agent)
        if date_from:
            query = query.where(Call.started_at >= datetime.combine(date_from, datetime.min.time()))
        if date_to:
            end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
            query = query.where(Call.started_at < end)
        query = query.offset(offset).limit(limit)
        with self._db.sessions() as session:
            return [_row(call, name) for call, name in session.execute(query)]

    def count(self) -> int:
        from sqlalchemy import func

        with self._db.sessions() as session:
            return session.scalar(select(func.count(Call.id))) or 0

    def unscored(self) -> list[str]:
        """Calls with no evaluation yet, e.g. imported before a rule pack was chosen."""
        query = select(Call.call_id).where(Call.current_evaluation_id.is_(None)).order_by(Call.id)
        with self._db.sessions() as session:
            return list(session.scalars(query))

    def get(self, call_id: str) -> transcript.Call | None:
        query = (
            select(Call)
            .where(Call.call_id == call_id)
            .options(selectinload(Call.turns), selectinload(Call.events), selectinload(Call.agent))
        )
        with self._db.sessions() as session:
            stored = session.scalar(query)
            if stored is not None:
                access.require_own(self._actor, stored.agent_id)
            return to_transcript(stored) if stored else None


def _row(call: Call, agent_name: str | None) -> CallRow:
    return CallRow(
        call_id=call.call_id, agent_id=call.agent_id, agent_name=agent_name,
        channel=call.channel, started_at=call.started_at, duration=call.duration,
        turn_count=call.turn_count, char_count=call.char_count,
    )


def to_transcript(stored: Call) -> transcript.Call:
    """The stored call as the canonical form it was imported from (same content hash)."""
    started = stored.started_at
    if started is not None and stored.utc_offset_minutes is not None:
        started = started.replace(tzinfo=timezone(timedelta(minutes=stored.utc_offset_minutes)))
    return transcript.Call(
        call_id=stored.call_id,
        turns=[transcript.Turn(t.speaker, t.text, t.start, t.end) for t in stored.turns],
        agent=transcript.Agent(stored.agent.id, stored.agent.name) if stored.agent else None,
        channel=stored.channel,
        started_at=started,
        audio=stored.audio_path,
        events=[transcript.Event(e.type, e.start, e.end, e.at, e.by) for e in stored.events],
        source=stored.source_path,
    )
