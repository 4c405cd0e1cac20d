"""Migrations run over databases made by earlier versions and keep their data."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect

from qa_desk.db import current_revision, make_engine, open_database, upgrade


def test_upgrading_a_0001_database_keeps_calls_and_evaluations(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine, "0001")
    with sqlite3.connect(tmp_path / "old.sqlite3") as raw:
        raw.execute("INSERT INTO calls (id, call_id, channel, content_hash, turn_count, char_count,"
                    " has_timestamps, imported_at) VALUES (1, 'old-1', 'inbound', 'h', 1, 2, 0,"
                    " '2026-11-01 10:00:00')")
        raw.execute("INSERT INTO turns (call_pk, idx, speaker, text) VALUES (1, 0, 'agent', '您好')")
        raw.execute("INSERT INTO evaluations (id, call_pk, pack_id, pack_version, auto_score, fatal,"
                    " status, created_at, version) VALUES (1, 1, 'default', 'v1', 90, 0, 'auto',"
                    " '2026-11-01 10:00:00', 1)")
    engine.dispose()
    database = open_database(url)
    from alembic.script import ScriptDirectory

    from qa_desk.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert current_revision(database.engine) == head
    columns = {c["name"] for c in inspect(database.engine).get_columns("evaluations")}
    assert {"failed_rules", "signed_by", "history"} <= columns
    with database.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT auto_score, failed_rules, history FROM evaluations").one()
        assert (row[0], row[1], row[2]) == (90.0, "", "[]")
        assert connection.exec_driver_sql("SELECT text FROM turns").scalar() == "您好"
    backups = list(tmp_path.glob(f"old.sqlite3.before-{head}.*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT call_id FROM calls").fetchall() == [("old-1",)]
