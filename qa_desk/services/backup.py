"""Backups and restores. SQLite is copied with its online backup API (safe while the app is
open) and the copy is checked before it counts; a restore checks the file first, backs up the
database it replaces, swaps it in atomically and migrates it. PostgreSQL is left to pg_dump and
pg_restore: we only say exactly how to run them."""

from __future__ import annotations

import os
import shlex
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from qa_desk.db import Database, alembic_config, upgrade

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int
    revision: str | None


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored_from: Path
    previous_backup: Path | None
    revision: str | None


@dataclass(frozen=True, slots=True)
class PostgresCommands:
    dump: str
    restore: str


class BackupService:
    def __init__(self, database: Database) -> None:
        self._db = database

    @property
    def is_sqlite(self) -> bool:
        return self._db.engine.dialect.name == "sqlite"

    def sqlite_path(self) -> Path:
        if not self.is_sqlite:
            raise BackupError(f"{self._db.url} is not a SQLite database")
        path = self._db.engine.url.database
        if not path or path == ":memory:" or path.startswith("file:"):
            raise BackupError(f"{self._db.url} is not a database file")
        return Path(path).expanduser().resolve()

    def backup(self, out: Path | str | None = None, *, reason: str = "backup") -> BackupResult:
        """Copy the SQLite database to `out`, or to a timestamped file beside it, and check the
        copy opens, passes `PRAGMA integrity_check` and is a QA Desk database."""
        source = self.sqlite_path()
        if not source.exists() or source.stat().st_size == 0:
            raise BackupError(f"there is no database at {source} to back up")
        target = Path(out).expanduser().resolve() if out else _beside(source, reason)
        if target == source:
            raise BackupError("the backup cannot overwrite the database itself")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        try:
            _copy(source, partial)
            revision = check_qa_desk_file(partial)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return BackupResult(path=target, size=target.stat().st_size, revision=revision)

    def restore(self, source: Path | str) -> RestoreResult:
        """Replace the SQLite database with `source` (a QA Desk backup), keeping a backup of
        the database it replaces, then bring the schema up to date."""
        if not self.is_sqlite:
            commands = self.postgres_commands(Path(source).name)
            raise BackupError("restore works on SQLite databases only; for PostgreSQL run:\n  "
                              + commands.restore)
        source = Path(source).expanduser().resolve()
        target = self.sqlite_path()
        if source == target:
            raise BackupError("that file is the database itself")
        check_qa_desk_file(source)  # before anything is touched
        previous = None
        if target.exists() and target.stat().st_size > 0:
            previous = self.backup(reason="before-restore").path
        self._db.engine.dispose()
        staged = target.with_name(f".{target.name}.restore-{os.getpid()}.tmp")
        try:
            _copy(source, staged)
            check_qa_desk_file(staged)
            _quiesce(target)
            os.replace(staged, target)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        finally:
            self._db.engine.dispose()
        upgrade(self._db.engine)
        return RestoreResult(restored_from=source, previous_backup=previous,
                             revision=_revision(target))

    def postgres_commands(self, file: str | None = None) -> PostgresCommands:
        """The pg_dump and pg_restore commands for this database; the password is never shown
        (pg_dump reads it from PGPASSWORD or ~/.pgpass, or asks)."""
        url = make_url(self._db.engine.url.render_as_string(hide_password=False))
        if not url.get_backend_name().startswith("postgresql"):
            raise BackupError(f"{self._db.url} is not a PostgreSQL database")
        file = file or f"qa-desk-{url.database}-{_stamp()}.dump"
        connection = []
        if url.host:
            connection += ["--host", url.host]
        if url.port:
            connection += ["--port", str(url.port)]
        if url.username:
            connection += ["--username", url.username]
        dump = ["pg_dump", *connection, "--format=custom", "--file", file, url.database or ""]
        restore = ["pg_restore", *connection, "--dbname", url.database or "", "--clean",
                   "--if-exists", "--no-owner", file]
        return PostgresCommands(dump=shlex.join(dump), restore=shlex.join(restore))


def check_qa_desk_file(path: Path | str) -> str | None:
    """The schema revision of a QA Desk SQLite file; BackupError when it is not one, is damaged,
    or was made by a newer QA Desk than this one."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database")
    try:
        with closing(sqlite3.connect(path)) as connection:
            status = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if status != ["ok"]:
                raise BackupError(f"{path} is damaged: {'; '.join(status[:3])}")
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not has_version:
                raise BackupError(f"{path} is not a QA Desk database (it has no schema version)")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} cannot be read as a database: {exc}") from None
    revision = row[0] if row else None
    if revision is None:
        raise BackupError(f"{path} is not a QA Desk database (its schema version is empty)")
    _known_revision(path, revision)
    return revision


def _known_revision(path: Path, revision: str) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise BackupError(f"{path} has schema revision {revision}, which this version of QA Desk "
                          "does not know: it was made by a newer QA Desk")


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup into a fresh self-contained file (rollback journal, no -wal)."""
    target.unlink(missing_ok=True)
    with closing(sqlite3.connect(source, timeout=30)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()


def _quiesce(path: Path) -> None:
    """Fold any write-ahead log into the file and leave rollback-journal mode, so no stale -wal
    beside it is replayed into the restored file. Fails while another program holds it open."""
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(path, timeout=5)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise BackupError(f"{path} is in use ({exc}): close QA Desk everywhere and try again"
                          ) from None
    if str(mode).lower() != "delete":
        raise BackupError(f"{path} is in use by another program: close QA Desk everywhere "
                          "and try again")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _revision(path: Path) -> str | None:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _beside(database: Path, reason: str) -> Path:
    base = database.with_name(f"{database.name}.{reason}.{_stamp()}")
    target, n = base.with_name(base.name + ".bak"), 1
    while target.exists():
        target, n = base.with_name(f"{base.name}-{n}.bak"), n + 1
    return target


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")
