"""The audit trail is hash-chained: every review action is recorded with who, when, before,
after and why; editing or deleting any row is found and named."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import text

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services import audit
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.review import ReviewService
from tests.helpers import call_dict, write_json


def reviewed(database, tmp_path):
    ImportService(database).import_file(write_json(tmp_path / "c.json", call_dict("a-1")))
    list(score_stored_calls(database, ["a-1"], Scorer(load_pack())))
    review = ReviewService(database)
    current = review.current("a-1")
    current = review.review_item(current.id, "speech.rate", expected_version=current.version,
                                 reviewer="王主管", decision="reject", reason="语速正常，时间戳有误")
    current = review.sign_off(current.id, expected_version=current.version, reviewer="王主管")
    review.reopen(current.id, reason="坐席申诉", expected_version=current.version, reviewer="李主管")
    return current.id


def test_review_actions_are_recorded_with_before_after_and_why(any_db, tmp_path):
    evaluation_id = reviewed(any_db, tmp_path)
    entries = list(reversed(audit.history(any_db, entity=f"evaluation:{evaluation_id}")))
    assert [e.action for e in entries] == ["review.reject", "evaluation.sign", "evaluation.reopen"]
    reject = entries[0]
    assert reject.actor == "王主管" and reject.reason == "语速正常，时间戳有误"
    assert reject.before["status"] == "auto" and reject.after["status"] == "in_review"
    assert reject.after["items"]["speech.rate"][0] == "reject"
    assert entries[2].actor == "李主管" and entries[2].reason == "坐席申诉"
    result = audit.verify(any_db)
    assert result.ok and result.rows == 3


def test_an_edited_row_is_named(any_db, tmp_path):
    reviewed(any_db, tmp_path)
    with any_db.engine.begin() as connection:
        second = connection.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars().all()[1]
        connection.execute(text("UPDATE audit_log SET actor = '张三' WHERE id = :id"), {"id": second})
    result = audit.verify(any_db)
    assert not result.ok and result.first_broken == second and "changed" in result.problem


def test_a_deleted_row_is_found(any_db, tmp_path):
    reviewed(any_db, tmp_path)
    with any_db.engine.begin() as connection:
        ids = connection.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars().all()
        connection.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": ids[1]})
    result = audit.verify(any_db)
    assert not result.ok and result.first_broken == ids[2] and "deleted" in result.problem


def test_audit_verify_command(db, tmp_path):
    reviewed(db, tmp_path)
    env = dict(os.environ, QA_DESK_DATABASE_URL=str(db.engine.url))
    ok = subprocess.run([sys.executable, "-m", "qa_desk", "audit", "verify"], env=env,
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "intact: 3 rows" in ok.stdout
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET reason = 'x' WHERE id = 1"))
    broken = subprocess.run([sys.executable, "-m", "qa_desk", "audit", "verify"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1 and "BROKEN at row 1" in broken.stdout
