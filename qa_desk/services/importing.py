"""Import transcript files into the call store: idempotent, one transaction per file.

Reading and parsing (pure CPU work) runs one file ahead in a worker process while the
database stores the previous file, so a large import keeps both cores busy.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from qa_desk.db import Database
from qa_desk.models import Agent, Call, CallEvent, Turn
from qa_desk.services import access
from qa_desk.services.prepared import (
    EVENT_COLUMNS,
    TURN_COLUMNS,
    PreparedCall,
    PreparedFile,
    iter_prepared,
    prepare_file,
)
from qa_desk.transcripts import TranscriptError, iter_transcript_files

BATCH = 500
# Parsing costs more than storing: two parsers keep the one writer busy on two cores.
PREPARE_WORKERS = 2
# Files above this size are streamed in the main process rather than prepared whole in a worker.
WORKER_MAX_BYTES = 16 * 1024 * 1024


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
    """A signed-in `actor` must be allowed to import; the default is a trusted local caller."""

    def __init__(self, database: Database, actor: access.Actor = "system") -> None:
        access.require(actor, "calls.import")
        self._db = database

    def import_paths(
        self, paths: Iterable[Path | str], *, should_stop: Callable[[], bool] = lambda: False,
        parallel: bool = True,
    ) -> Iterator[FileOutcome]:
        """Import file after file, yielding each outcome so a caller can show progress or stop."""
        files = list(iter_transcript_files(paths))
        if not parallel or len(files) < 3 or not sys.platform.startswith("linux"):
            for path in files:
                if should_stop():
                    return
                yield self.import_file(path)
            return
        yield from self._pipelined(files, should_stop)

    def _pipelined(self, files: list[Path], should_stop: Callable[[], bool]) -> Iterator[FileOutcome]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        workers = PREPARE_WORKERS
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: deque = deque()
            upcoming = iter(files)
            for path in islice(upcoming, workers + 1):
                pending.append((path, _submit(pool, path)))
            while pending:
                if should_stop():
                    for _, future in pending:
                        if future is not None:
                            future.cancel()
                    return
                path, future = pending.popleft()
                following = next(upcoming, None)
                if following is not None:
                    pending.append((following, _submit(pool, following)))
                if future is None:
                    yield self.import_file(path)
                else:
                    yield self._store_prepared(future.result())

    def import_file(self, path: Path | str) -> FileOutcome:
        return self._guarded(str(path), lambda outcome: self._stream_file(path, outcome))

    def _store_prepared(self, prepared: PreparedFile) -> FileOutcome:
        if prepared.error is not None:
            return FileOutcome(source=prepared.source, error=prepared.error)
        return self._guarded(prepared.source, lambda outcome: self._store_all(prepared, outcome))

    def _guarded(self, source: str, work: Callable[[FileOutcome], None]) -> FileOutcome:
        outcome = FileOutcome(source=source)
        try:
            work(outcome)
            return outcome
        except TranscriptError as exc:
            return FileOutcome(source=source, error=exc.describe())
        except IntegrityError:
            # Another desk stored one of these calls meanwhile: the whole file again, cleanly.
            retry = FileOutcome(source=source)
            try:
                work(retry)
                return retry
            except (TranscriptError, IntegrityError) as exc:
                return FileOutcome(source=source, error=f"{source}: {exc}")

    def _stream_file(self, path: Path | str, outcome: FileOutcome) -> None:
        with self._db.sessions.begin() as session:
            calls = iter_prepared(path)
            seen: dict[str, str] = {}
            while batch := list(islice(calls, BATCH)):
                store_calls(session, batch, outcome, seen)

    def _store_all(self, prepared: PreparedFile, outcome: FileOutcome) -> None:
        with self._db.sessions.begin() as session:
            seen: dict[str, str] = {}
            for start in range(0, len(prepared.calls), BATCH):
                store_calls(session, prepared.calls[start:start + BATCH], outcome, seen)


def _submit(pool, path: Path):
    try:
        small = path.stat().st_size <= WORKER_MAX_BYTES
    except OSError:
        small = False
    return pool.submit(prepare_file, path) if small else None


def store_calls(session: Session, batch: list[PreparedCall], outcome: FileOutcome,
                seen: dict[str, str] | None = None) -> None:
    """Insert the calls not stored yet; record unchanged ones and conflicts in `outcome`."""
    seen = {} if seen is None else seen
    for call in batch:
        outcome.warnings.extend(call.warnings)
    known = dict(
        session.execute(
            select(Call.call_id, Call.content_hash).where(
                Call.call_id.in_({c.call_id for c in batch})
            )
        ).all()
    )
    known.update(seen)
    fresh: list[PreparedCall] = []
    for call in batch:
        previous = known.get(call.call_id)
        if previous is None:
            fresh.append(call)
            known[call.call_id] = seen[call.call_id] = call.digest
        elif previous == call.digest:
            outcome.skipped.append(call.call_id)
        else:
            outcome.conflicts.append(
                f"{outcome.source}: call {call.call_id} is already stored with different "
                "content; not overwritten (delete it first, or give it a new call_id)"
            )
    if fresh:
        _insert(session, fresh)
        outcome.imported.extend(c.call_id for c in fresh)


def _insert(session: Session, fresh: list[PreparedCall]) -> None:
    _ensure_agents(session, fresh)
    ids = session.connection().execute(
        insert(Call.__table__).returning(Call.id, sort_by_parameter_order=True),
        [c.row for c in fresh],
    ).scalars().all()
    turns = [(pk, *turn) for pk, call in zip(ids, fresh, strict=True) for turn in call.turns]
    bulk_insert(session, Turn.__table__, TURN_COLUMNS, turns)
    events = [(pk, *event) for pk, call in zip(ids, fresh, strict=True) for event in call.events]
    if events:
        bulk_insert(session, CallEvent.__table__, EVENT_COLUMNS, events)


def bulk_insert(session: Session, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows straight to the driver: turns are most of an import's rows, and SQLAlchemy's
    per-row parameter processing would cost more than the database's own work."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _sqlite_multirow_insert(connection, table.name, columns, rows)
        return
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=list(columns))
    params = [dict(zip(columns, row, strict=True)) for row in rows]
    connection.exec_driver_sql(str(compiled), params)


# SQLite binds at most 999 parameters per statement in older builds.
_SQLITE_MAX_PARAMS = 999


def _sqlite_multirow_insert(connection, table: str, columns: tuple[str, ...],
                            rows: list[tuple]) -> None:
    """Many rows per INSERT: far fewer statement steps than executemany's one per row."""
    per_statement = max(1, _SQLITE_MAX_PARAMS // len(columns))
    names = ", ".join(f'"{c}"' for c in columns)
    row_marks = "(" + ", ".join("?" * len(columns)) + ")"
    cursor = connection.connection.driver_connection.cursor()
    full = len(rows) - len(rows) % per_statement
    if full:
        statement = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([row_marks] * per_statement)
        for start in range(0, full, per_statement):
            cursor.execute(statement, [v for row in rows[start:start + per_statement] for v in row])
    if full < len(rows):
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {row_marks}", rows[full:])


def _ensure_agents(session: Session, calls: list[PreparedCall]) -> None:
    wanted = dict(c.agent for c in calls if c.agent)
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
