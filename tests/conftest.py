from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from qa_desk.db import Database, open_database

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(f"sqlite:///{tmp_path / 'qa.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user data folder or database from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("QA_DESK_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def postgres_server():
    from tests.postgres import postgres_bin, running_server

    if postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed; make setup installs it")
    with running_server() as url:
        yield url


@pytest.fixture
def pg_db(postgres_server) -> Database:
    from tests.postgres import create_database

    database = open_database(create_database(postgres_server))
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path) -> Database:
    """The same test on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        database = open_database(f"sqlite:///{tmp_path / 'qa.sqlite3'}")
        yield database
        database.dispose()
    else:
        yield request.getfixturevalue("pg_db")
