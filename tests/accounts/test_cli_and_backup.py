"""`qa-desk user`, `qa-desk backup` and `qa-desk restore`, as subprocesses on real SQLite."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from qa_desk.db import open_database
from qa_desk.services.accounts import AccountService
from qa_desk.services.backup import BackupError, BackupService
from qa_desk.services.importing import ImportService
from tests.helpers import call_dict, write_json

SECRET = "Stdin-Pass-77"


def qa_desk(db, *args, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, QA_DESK_DATABASE_URL=str(db.engine.url))
    return subprocess.run([sys.executable, "-m", "qa_desk", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120)


def call_ids(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return sorted(r[0] for r in connection.execute("SELECT call_id FROM calls"))


def db_path(db) -> Path:
    return Path(db.engine.url.database)


def test_user_add_reads_the_password_from_stdin(db):
    added = qa_desk(db, "user", "add", "Kim", "--role", "agent", "--name", "Kim L",
                    "--agent-id", "1024", stdin=SECRET + "\n")
    assert added.returncode == 0, added.stderr
    assert SECRET not in added.stdout + added.stderr
    identity = AccountService(db).authenticate("kim", SECRET)
    assert (identity.role, identity.agent_id, identity.display_name) == ("agent", "1024", "Kim L")
    listing = qa_desk(db, "user", "list")
    assert "kim" in listing.stdout and "agent" in listing.stdout
    weak = qa_desk(db, "user", "add", "lee", "--role", "hr", stdin="short\n")
    assert weak.returncode == 1 and "at least 8 characters" in weak.stderr
    changed = qa_desk(db, "user", "passwd", "KIM", stdin="Another-Pass-88\n")
    assert changed.returncode == 0, changed.stderr
    assert AccountService(db).authenticate("kim", "Another-Pass-88").username == "kim"


def test_backup_copies_the_calls_and_checks_the_copy(db, tmp_path):
    ImportService(db).import_file(write_json(tmp_path / "in" / "a.json", call_dict("a-1")))
    done = qa_desk(db, "backup")
    assert done.returncode == 0, done.stderr
    assert "integrity ok" in done.stdout
    copies = list(tmp_path.glob("qa.sqlite3.backup.*.bak"))
    assert len(copies) == 1
    assert call_ids(copies[0]) == ["a-1"]
    with closing(sqlite3.connect(copies[0])) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    out = tmp_path / "elsewhere" / "copy.sqlite3"
    assert qa_desk(db, "backup", "--out", str(out)).returncode == 0
    assert call_ids(out) == ["a-1"]


def test_restore_brings_back_the_earlier_state_and_keeps_the_replaced_one(db, tmp_path):
    ImportService(db).import_file(write_json(tmp_path / "in" / "a.json", call_dict("a-1")))
    snapshot = BackupService(db).backup(tmp_path / "snap.sqlite3").path
    ImportService(db).import_file(write_json(tmp_path / "in" / "b.json", call_dict("b-2")))
    assert call_ids(db_path(db)) == ["a-1", "b-2"]
    db.dispose()
    done = qa_desk(db, "restore", str(snapshot))
    assert done.returncode == 0, done.stderr
    assert call_ids(db_path(db)) == ["a-1"]
    kept = list(tmp_path.glob("qa.sqlite3.before-restore.*.bak"))
    assert len(kept) == 1 and call_ids(kept[0]) == ["a-1", "b-2"]
    reopened = open_database(str(db.engine.url))
    try:
        ImportService(reopened).import_file(write_json(tmp_path / "in" / "c.json", call_dict("c-3")))
        assert call_ids(db_path(db)) == ["a-1", "c-3"]
    finally:
        reopened.dispose()


def test_restore_in_process_keeps_the_database_usable(db, tmp_path):
    ImportService(db).import_file(write_json(tmp_path / "in" / "a.json", call_dict("a-1")))
    snapshot = BackupService(db).backup(tmp_path / "snap.sqlite3").path
    ImportService(db).import_file(write_json(tmp_path / "in" / "b.json", call_dict("b-2")))
    result = BackupService(db).restore(snapshot)
    assert result.previous_backup is not None and call_ids(result.previous_backup) == ["a-1", "b-2"]
    ImportService(db).import_file(write_json(tmp_path / "in" / "c.json", call_dict("c-3")))
    assert call_ids(db_path(db)) == ["a-1", "c-3"]


@pytest.mark.parametrize("kind", ["text", "foreign-sqlite"])
def test_restore_of_a_non_qa_desk_file_is_refused_and_nothing_changes(db, tmp_path, kind):
    ImportService(db).import_file(write_json(tmp_path / "in" / "a.json", call_dict("a-1")))
    db.dispose()
    bogus = tmp_path / "bogus.sqlite3"
    if kind == "text":
        bogus.write_text("not a database at all\n")
    else:
        with closing(sqlite3.connect(bogus)) as connection:
            connection.execute("CREATE TABLE calls (call_id TEXT)")
            connection.execute("INSERT INTO calls VALUES ('intruder')")
            connection.commit()
    before = sorted(p.name for p in tmp_path.iterdir())
    refused = qa_desk(db, "restore", str(bogus))
    assert refused.returncode == 1
    assert "not a" in refused.stderr and "database" in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert call_ids(db_path(db)) == ["a-1"]
    with pytest.raises(BackupError, match="not a"):
        BackupService(db).restore(bogus)


def test_postgres_backup_prints_commands_without_the_password(db):
    url = "postgresql+psycopg://qa:s3cret-pw@db.example:5433/qa_desk"
    service = BackupService(open_database(url, migrate=False))
    commands = service.postgres_commands("out.dump")
    assert commands.dump == ("pg_dump --host db.example --port 5433 --username qa "
                             "--format=custom --file out.dump qa_desk")
    assert commands.restore.startswith("pg_restore --host db.example --port 5433 --username qa "
                                       "--dbname qa_desk")
    with pytest.raises(BackupError, match="SQLite databases only"):
        service.restore("whatever.dump")
    env = dict(os.environ, QA_DESK_DATABASE_URL=url)
    shown = subprocess.run([sys.executable, "-m", "qa_desk", "backup"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "pg_dump --host db.example" in shown.stdout and "s3cret-pw" not in shown.stdout
