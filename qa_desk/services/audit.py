"""The tamper-evident audit trail. Every change that matters appends one row in the same
transaction as the change; each row's hash covers its content and the previous row's hash,
so editing or deleting any row breaks the chain from there on, and `verify` names it."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import orjson
from sqlalchemy import Text, cast, or_, select, text
from sqlalchemy.orm import Session

from qa_desk.db import Database
from qa_desk.models import AuditEntry
from qa_desk.services import access
from qa_desk.services.access import Actor

GENESIS = "0" * 64
# One writer at a time extends the chain on PostgreSQL; SQLite serialises writers itself.
_CHAIN_LOCK = 4711_2026


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    rows: int
    first_broken: int | None = None
    problem: str = ""
    kind: str = ""  # "changed", "unlinked" (a row deleted or inserted) or "truncated"
    head: str = GENESIS  # the last row's hash: with `rows`, an anchor to note down elsewhere

    @property
    def anchor(self) -> str:
        """ROWS:HASH, to keep outside the database (a report, a mail) and check against later:
        the chain alone cannot show that its newest rows were deleted, an anchor can."""
        return f"{self.rows}:{self.head}"


def record(session: Session, *, actor: str, action: str, entity: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           reason: str | None = None) -> AuditEntry:
    """Append one entry inside the caller's transaction (it commits or rolls back with it)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    else:
        # Take SQLite's write lock before reading the last hash: the driver begins a
        # transaction only at the first write, so a read first could race another writer and
        # fork the chain. A write statement touching no row takes the lock.
        session.execute(text("UPDATE audit_log SET id = id WHERE 0"))
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


def verify(database: Database, *, reader: Actor = "system", anchor: str | None = None
           ) -> Verification:
    """Walk the chain in order; the first row whose hash or link does not hold is named. With
    an `anchor` noted earlier (Verification.anchor), rows deleted from the end are found too."""
    access.require(reader, "audit.read")
    anchor_rows, anchor_hash = parse_anchor(anchor) if anchor else (0, "")
    previous = GENESIS
    count = 0
    with database.sessions() as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)
                                     .execution_options(yield_per=1000)):
            count += 1
            if entry.prev_hash != previous:
                return Verification(False, count, entry.id,
                                    f"row {entry.id} does not follow the row before it "
                                    "(a row was deleted or inserted)", "unlinked")
            if entry_hash(entry) != entry.hash:
                return Verification(False, count, entry.id,
                                    f"row {entry.id} was changed after it was written", "changed")
            previous = entry.hash
            if count == anchor_rows and entry.hash != anchor_hash:
                return Verification(False, count, entry.id,
                                    f"row {entry.id} is not the row the anchor {anchor} names: "
                                    "the trail was rewritten from there on", "changed", previous)
    if count < anchor_rows:
        return Verification(False, count, None,
                            f"the trail has {count} rows but the anchor {anchor} was taken at "
                            f"{anchor_rows}: its newest rows were deleted", "truncated", previous)
    return Verification(True, count, head=previous)


def parse_anchor(text: str) -> tuple[int, str]:
    rows, _, digest = text.strip().partition(":")
    if not rows.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"an audit anchor looks like ROWS:HASH (64 hex digits), not {text!r}")
    return int(rows), digest


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """What the audit viewer asks for. Every value is a bound parameter; LIKE wildcards typed
    by the user (% and _) match themselves. Dates are local calendar days, both inclusive."""

    actor: str | None = None  # who, exactly
    action: str | None = None  # exactly
    action_prefix: str | None = None  # e.g. "review." or "pack."
    entity: str | None = None  # exactly, e.g. "evaluation:12"
    entity_text: str | None = None  # part of the entity, any case
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None  # part of the reason, who, action, entity, before or after
    before_id: int | None = None  # paging: only rows older than this id ("load more")
    limit: int = 500


def history(database: Database, query: AuditQuery | None = None, *, entity: str | None = None,
            actor: str | None = None, action: str | None = None, limit: int | None = None,
            reader: Actor = "system") -> list[AuditEntry]:
    """Entries newest first. `reader` must be allowed to read the audit trail; the keyword
    filters narrow `query` further (kept for the command line and older callers)."""
    access.require(reader, "audit.read")
    query = query or AuditQuery()
    query = replace(query, entity=entity or query.entity, actor=actor or query.actor,
                    action=action or query.action,
                    limit=query.limit if limit is None else limit)
    statement = _filtered(select(AuditEntry), query).order_by(AuditEntry.id.desc())
    statement = statement.limit(max(0, query.limit))
    with database.sessions() as session:
        return list(session.scalars(statement))


def actors(database: Database, *, reader: Actor = "system") -> list[str]:
    """Everyone who appears in the trail, for the viewer's who-filter."""
    access.require(reader, "audit.read")
    with database.sessions() as session:
        return sorted(session.scalars(select(AuditEntry.actor).distinct()))


def _filtered(statement, q: AuditQuery):
    for column, value in ((AuditEntry.entity, q.entity), (AuditEntry.actor, q.actor),
                          (AuditEntry.action, q.action)):
        if value:
            statement = statement.where(column == value)
    if q.action_prefix:
        statement = statement.where(AuditEntry.action.startswith(q.action_prefix, autoescape=True))
    if q.entity_text and q.entity_text.strip():
        statement = statement.where(AuditEntry.entity.icontains(q.entity_text.strip(),
                                                                autoescape=True))
    if q.date_from:
        statement = statement.where(AuditEntry.at >= _local_midnight_utc(q.date_from))
    if q.date_to:
        statement = statement.where(AuditEntry.at < _local_midnight_utc(q.date_to + timedelta(days=1)))
    if q.before_id is not None:
        statement = statement.where(AuditEntry.id < q.before_id)
    if q.text and q.text.strip():
        needle = q.text.strip()
        # before/after are stored as JSON text with non-ASCII escaped (\uXXXX): search that form.
        escaped = json.dumps(needle)[1:-1]
        statement = statement.where(or_(
            *(column.icontains(needle, autoescape=True)
              for column in (AuditEntry.reason, AuditEntry.actor, AuditEntry.action,
                             AuditEntry.entity)),
            *(cast(column, Text).icontains(form, autoescape=True)
              for column in (AuditEntry.before, AuditEntry.after)
              for form in {needle, escaped}),
        ))
    return statement


def _local_midnight_utc(day: date) -> datetime:
    """The start of a local calendar day as a UTC moment (the trail stores UTC)."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def local_time(moment: datetime) -> datetime:
    """A stored moment on this desk's clock (SQLite gives it back without its UTC zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def pretty(value: dict[str, Any] | None) -> str:
    """Before/after as readable JSON (Chinese as it is, keys sorted)."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def change_lines(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """A unified diff of the pretty before and after: '-' lines left, '+' lines added,
    ' ' lines unchanged context (commas left out). Empty when both are empty."""
    # Without JSON's trailing commas a changed last key does not also mark the line above.
    old, new = ([line.rstrip(",") for line in pretty(value).splitlines()] for value in (before, after))
    if not old and not new:
        return []
    diff = list(difflib.unified_diff(old, new, "before", "after", n=max(len(old), len(new)),
                                     lineterm=""))
    return [line for line in diff[2:] if not line.startswith("@@")] if diff else \
        [f" {line}" for line in new]


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")
