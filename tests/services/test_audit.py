"""The audit trail is hash-chained: every review action is recorded with who, when, before,
after and why; editing or deleting any row is found and named."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from qa_desk.models import AuditEntry
from qa_desk.scoring import Scorer, load_pack
from qa_desk.scoring.pack_edit import editable, rebuild, set_phrases
from qa_desk.services import audit
from qa_desk.services.access import Identity, PermissionDenied
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.review import ReviewService
from qa_desk.services.rule_packs import PackVersionError, RulePackStore, active_version
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


# --- the viewer's filters ----------------------------------------------------------------------

def filled(database):
    """A small trail with Chinese, JSON before/after and several actors and actions."""
    with database.sessions.begin() as session:
        audit.record(session, actor="王主管", action="review.reject", entity="evaluation:1",
                     before={"status": "auto"}, after={"status": "in_review", "备注": "语速正常"},
                     reason="时间戳有误")
        audit.record(session, actor="王主管", action="evaluation.sign", entity="evaluation:1",
                     before={"status": "in_review"}, after={"status": "signed"})
        audit.record(session, actor="admin", action="user.role", entity="user:li_ming",
                     before={"role": "agent"}, after={"role": "supervisor"}, reason="promoted")
        audit.record(session, actor="admin", action="pack.activate", entity="pack:phone",
                     after={"version": "abc"})
        audit.record(session, actor="李主管", action="review.confirm", entity="evaluation:12",
                     reason="50% 达标_ok")


def test_history_filters(any_db):
    filled(any_db)

    def actions(**query):
        return [e.action for e in audit.history(any_db, audit.AuditQuery(**query))]

    assert actions(actor="王主管") == ["evaluation.sign", "review.reject"]
    assert actions(action_prefix="review.") == ["review.confirm", "review.reject"]
    assert actions(entity="evaluation:1") == ["evaluation.sign", "review.reject"]
    assert actions(entity_text="EVALUATION:1") == ["review.confirm", "evaluation.sign",
                                                   "review.reject"]
    assert actions(text="语速正常") == ["review.reject"]  # inside the after JSON
    assert actions(text="promoted") == ["user.role"]
    assert actions(text="SUPERVISOR") == ["user.role"]
    assert actions(text="50%") == ["review.confirm"]
    assert actions(text="%") == ["review.confirm"]  # a literal percent sign, not a wildcard
    assert actions(action_prefix="review_") == []
    today = date.today()
    assert len(actions(date_from=today, date_to=today)) == 5
    assert actions(date_to=today - timedelta(days=1)) == []
    assert actions(date_from=today + timedelta(days=1)) == []
    # paging: "load more" continues below the last id shown
    first = audit.history(any_db, audit.AuditQuery(limit=2))
    more = audit.history(any_db, audit.AuditQuery(limit=2, before_id=first[-1].id))
    assert [e.id for e in first + more] == sorted((e.id for e in audit.history(any_db)),
                                                  reverse=True)[:4]
    # the old keyword filters still work, and combine with a query
    assert [e.actor for e in audit.history(any_db, action="user.role")] == ["admin"]
    assert audit.history(any_db, audit.AuditQuery(actor="admin"), action="user.role")[0].reason == \
        "promoted"
    assert audit.actors(any_db) == sorted(["admin", "李主管", "王主管"])


def test_only_roles_with_audit_read_may_read_or_verify(db):
    filled(db)
    for role in ("admin", "supervisor", "hr"):
        assert len(audit.history(db, reader=Identity("u", role))) == 5
    agent = Identity("a", "agent", agent_id="1024")
    with pytest.raises(PermissionDenied, match=r"a \(agent\) may not read the audit trail"):
        audit.history(db, reader=agent)
    with pytest.raises(PermissionDenied):
        audit.verify(db, reader=agent)
    with pytest.raises(PermissionDenied):
        audit.actors(db, reader=agent)


def test_change_lines_show_what_changed():
    lines = audit.change_lines({"status": "auto", "score": 80}, {"status": "signed", "score": 80,
                                                                "签名": "王主管"})
    assert '-  "status": "auto"' in lines and '+  "status": "signed"' in lines
    assert '+  "签名": "王主管"' in lines and '   "score": 80' in lines
    assert audit.change_lines(None, None) == []
    assert audit.change_lines(None, {"a": 1}) == ["+{", '+  "a": 1', "+}"]


# --- rule packs: saving and activating are audited; activating is for administrators ---------

def edited_pack(store):
    data = editable(load_pack())
    set_phrases(data, "goodbye", ["拜拜"])
    return data, rebuild(data, source="edited")


def test_saving_a_pack_is_audited(db, tmp_path):
    store = RulePackStore(tmp_path / "rules")
    data, pack = edited_pack(store)
    saved = store.save(data, pack, database=db, actor=Identity("wang", "supervisor", display_name="王"))
    [entry] = audit.history(db)
    assert (entry.action, entry.entity, entry.actor) == ("pack.save", f"pack:{pack.id}", "王")
    assert entry.after == {"version": pack.version,
                           "hash": hashlib.sha256(saved.path.read_bytes()).hexdigest()}
    store.save(data, pack, database=db, actor="cli")  # unchanged: nothing written or audited
    assert len(audit.history(db)) == 1
    with pytest.raises(PermissionDenied, match="may not edit rule packs"):
        store.save(*edited_pack(store), database=db, actor=Identity("hr1", "hr"))


def test_activation_is_for_administrators_and_audited(db, tmp_path):
    store = RulePackStore(tmp_path / "rules")
    data, pack = edited_pack(store)
    store.save(data, pack, database=db, actor="cli")
    assert store.active(db) is None  # nothing activated: the built-in default applies
    for role in ("supervisor", "hr", "agent"):
        with pytest.raises(PermissionDenied, match="may not activate a rule pack"):
            store.activate(pack.version, actor=Identity("x", role, agent_id="1"), database=db)
    assert active_version(db) is None
    admin = Identity("root", "admin")
    store.activate(pack.version, actor=admin, database=db, reason="新的告别语")
    assert store.active(db).version == pack.version
    default = load_pack()
    back = store.activate(default.version, actor=admin, database=db)
    assert back.version == default.version and store.active(db).version == default.version
    entry = audit.history(db, action="pack.activate")[0]
    assert entry.before == {"pack": pack.id, "version": pack.version}
    assert entry.after["version"] == default.version
    with pytest.raises(PackVersionError, match="no rule pack version nope"):
        store.activate("nope", actor=admin, database=db)
    assert audit.verify(db).ok


def test_an_activated_file_changed_afterwards_is_refused(db, tmp_path):
    store = RulePackStore(tmp_path / "rules")
    data, pack = edited_pack(store)
    saved = store.save(data, pack, database=db, actor="cli")
    store.activate(pack.version, actor=Identity("root", "admin"), database=db)
    saved.path.write_text(saved.path.read_text(encoding="utf-8") + "\n# edited\n",
                          encoding="utf-8")
    with pytest.raises(PackVersionError, match="changed after it was activated"):
        store.active(db)
    saved.path.unlink()
    # A desk that never saved this version (another supervisor's, on a team database) takes
    # the text recorded with the activation, checked against its hash.
    other_desk = RulePackStore(tmp_path / "other-desk")
    copied = other_desk.active(db)
    assert copied.version == pack.version and load_pack(copied.path).version == pack.version


def test_an_activation_without_its_text_cannot_be_used_elsewhere(db, tmp_path):
    store = RulePackStore(tmp_path / "rules")
    data, pack = edited_pack(store)
    store.save(data, pack, database=db, actor="cli")
    store.activate(pack.version, actor=Identity("root", "admin"), database=db)
    with db.sessions.begin() as session:  # an activation written before the text was kept
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "pack.activate"))
        entry.after = {k: v for k, v in entry.after.items() if k != "content"}
    with pytest.raises(PackVersionError, match="this desk has no copy"):
        RulePackStore(tmp_path / "elsewhere").active(db)


def test_audit_log_command_filters(db):
    filled(db)
    env = dict(os.environ, QA_DESK_DATABASE_URL=str(db.engine.url))

    def log(*args):
        done = subprocess.run([sys.executable, "-m", "qa_desk", "audit", "log", *args], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return [json.loads(line)["action"] for line in done.stdout.splitlines()]

    assert log("--action-prefix", "review.") == ["review.confirm", "review.reject"]
    assert log("--text", "语速正常", "--from", date.today().isoformat()) == ["review.reject"]
    assert log("--to", (date.today() - timedelta(days=1)).isoformat()) == []
