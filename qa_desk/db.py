"""Engine and session set-up, and migrations applied on open."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from qa_desk.config import database_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True, slots=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    engine = make_engine(database_url(url))
    if migrate:
        upgrade(engine)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _ensure_parent(url)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply pending migrations; on SQLite, back the file up first."""
    if engine.dialect.name == "sqlite" and _pending(engine, revision):
        backup_sqlite(engine, reason=f"before-{_head_of(revision)}")
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # SQLite alters a table by copying it; with foreign keys on, dropping the old copy
            # would cascade into every table that points at it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        if engine.dialect.name == "sqlite":
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if problems:
                raise RuntimeError(f"migration left broken references: {problems[:5]}")


def backup_sqlite(engine: Engine, *, reason: str) -> Path | None:
    """Copy a SQLite database beside itself with SQLite's online backup; None when empty."""
    import sqlite3
    from datetime import datetime

    path = engine.url.database
    if not path or path == ":memory:" or not Path(path).exists() or Path(path).stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(path).with_name(f"{Path(path).name}.{reason}.{stamp}.bak")
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def _pending(engine: Engine, revision: str) -> bool:
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return current is not None and current != (head if revision == "head" else revision)


def _head_of(revision: str) -> str:
    from alembic.script import ScriptDirectory

    if revision != "head":
        return revision
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or "head"


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _ensure_parent(url: str) -> None:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:" and not path.startswith("file:"):
        Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 32 MB of page cache: an import touches the turns B-tree far more than the default 2 MB holds.
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.close()
