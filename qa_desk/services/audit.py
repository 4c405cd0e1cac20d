"""The tamper-evident audit trail. Every change that matters appends one row in the same
transaction as the change; each row's hash covers its content and the previous row's hash,
so editing or deleting any row breaks the chain from there on, and `verify` names it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from qa_desk.db import Database
from qa_desk.models import AuditEntry

GENESIS = "0" * 64
# One writer at a time extends the chain on PostgreSQL; SQLite serialises writers itself.
_CHAIN_LOCK = 4711_2026


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    rows: int
    first_broken: int | None = None
    problem: str = ""


def record(session: Session, *, actor: str, action: str, entity: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           reason: str | None = None) -> AuditEntry:
    """Append one entry inside the caller's transaction (it commits or rolls back with it)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    previous = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
    entry = AuditEntry(at=datetime.now(UTC), actor=actor, action=action, entity=entity,
                       before=before, after=after, reason=reason, prev_hash=previous or GENESIS)
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    return entry


def entry_hash(entry: AuditEntry) -> str:
    content = {
        "at": _utc_text(entry.at), "actor": entry.actor, "action": entry.action,
        "entity": entry.entity, "before": entry.before, "after": entry.after,
        "reason": entry.reason, "prev": entry.prev_hash,
    }
    return hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()


def verify(database: Database) -> Verification:
    """Walk the chain in order; the first row whose hash or link does not hold is named."""
    previous = GENESIS
    count = 0
    with database.sessions() as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)
                                     .execution_options(yield_per=1000)):
            count += 1
            if entry.prev_hash != previous:
                return Verification(False, count, entry.id,
                                    f"row {entry.id} does not follow the row before it "
                                    "(a row was deleted or inserted)")
            if entry_hash(entry) != entry.hash:
                return Verification(False, count, entry.id,
                                    f"row {entry.id} was changed after it was written")
            previous = entry.hash
    return Verification(True, count)


def history(database: Database, *, entity: str | None = None, actor: str | None = None,
            action: str | None = None, limit: int = 500) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    for column, value in ((AuditEntry.entity, entity), (AuditEntry.actor, actor),
                          (AuditEntry.action, action)):
        if value:
            query = query.where(column == value)
    with database.sessions() as session:
        return list(session.scalars(query))


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")
