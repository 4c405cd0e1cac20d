"""Editing the audit trail by hand, as someone with database access would: any changed field
of any row, a deleted row or a row slipped in is named by `qa-desk audit verify` (exit 1)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from qa_desk.services import audit

TAMPERING = {
    "who": "UPDATE audit_log SET actor = '张三' WHERE id = :id",
    "why": "UPDATE audit_log SET reason = NULL WHERE id = :id",
    "what": "UPDATE audit_log SET action = 'review.confirm' WHERE id = :id",
    "after": "UPDATE audit_log SET after = :after WHERE id = :id",
    "when": "UPDATE audit_log SET at = :at WHERE id = :id",
    "hash recomputed by hand": "UPDATE audit_log SET reason = 'x', hash = :fake WHERE id = :id",
}


def trail(database, rows: int = 5) -> list[int]:
    with database.sessions.begin() as session:
        for n in range(rows):
            audit.record(session, actor="王主管", action="review.override",
                         entity=f"evaluation:{n}", before={"points": 0},
                         after={"points": 5, "score": 80.0 + n}, reason=f"理由{n}")
    with database.engine.connect() as connection:
        return connection.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars().all()


def run_verify(database) -> subprocess.CompletedProcess:
    url = database.engine.url.render_as_string(hide_password=False)
    env = dict(os.environ, QA_DESK_DATABASE_URL=url)
    return subprocess.run([sys.executable, "-m", "qa_desk", "audit", "verify"], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("how", list(TAMPERING))
def test_a_hand_edited_row_is_named(any_db, how):
    ids = trail(any_db)
    target = ids[2]
    with any_db.engine.begin() as connection:
        connection.execute(text(TAMPERING[how]), {
            "id": target, "after": '{"points": 5, "score": 100.0}', "at": "2026-01-01 00:00:00",
            "fake": "f" * 64})
    result = audit.verify(any_db)
    assert not result.ok and result.first_broken == target, (how, result)


def test_the_command_names_the_row_and_fails(any_db):
    ids = trail(any_db)
    ok = run_verify(any_db)
    assert ok.returncode == 0 and f"intact: {len(ids)} rows" in ok.stdout
    with any_db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET after = :after WHERE id = :id"),
                           {"id": ids[1], "after": '{"points": 5, "score": 99.0}'})
    broken = run_verify(any_db)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert f"BROKEN at row {ids[1]}" in broken.stdout and "changed" in broken.stdout


def test_a_deleted_or_inserted_row_is_named(db):
    ids = trail(db)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": ids[1]})
    result = audit.verify(db)
    assert not result.ok and result.first_broken == ids[2] and result.kind == "unlinked"
    with db.engine.begin() as connection:
        row = connection.execute(text("SELECT * FROM audit_log WHERE id = :id"),
                                 {"id": ids[0]}).mappings().one()
        connection.execute(text("DELETE FROM audit_log WHERE id > :id"), {"id": ids[0]})
        forged = dict(row, id=ids[0] + 100, hash="e" * 64, prev_hash=row["hash"])
        connection.execute(text("INSERT INTO audit_log (id, at, actor, action, entity, before, "
                                "after, reason, prev_hash, hash) VALUES (:id, :at, :actor, "
                                ":action, :entity, :before, :after, :reason, :prev_hash, :hash)"),
                           forged)
    result = audit.verify(db)
    assert not result.ok and result.first_broken == ids[0] + 100 and result.kind == "changed"


def test_deleting_the_newest_rows_is_caught_by_an_anchor(any_db):
    ids = trail(any_db)
    noted = audit.verify(any_db)
    assert noted.ok and noted.anchor.startswith(f"{len(ids)}:")
    ok = subprocess.run([sys.executable, "-m", "qa_desk", "audit", "verify", "--anchor", noted.anchor],
                        env=dict(os.environ, QA_DESK_DATABASE_URL=any_db.engine.url.render_as_string(
                            hide_password=False)), capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and f"anchor: {noted.anchor}" in ok.stdout
    with any_db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id >= :id"), {"id": ids[3]})
    assert audit.verify(any_db).ok  # the chain alone cannot tell the tail is gone
    result = audit.verify(any_db, anchor=noted.anchor)
    assert not result.ok and result.kind == "truncated" and "newest rows were deleted" in result.problem
    with pytest.raises(ValueError, match="ROWS:HASH"):
        audit.verify(any_db, anchor="5:nothex")
