"""Import into the real SQLite file: idempotent, conflicts reported, nothing half-written."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from qa_desk.models import Agent, Call, CallEvent, Turn
from qa_desk.services.calls import CallService
from qa_desk.services.importing import ImportService
from tests.helpers import call_dict, write_json


def count(db, model) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_import_stores_calls_turns_events_and_agents(db, tmp_path):
    path = write_json(tmp_path / "c.json", call_dict(events=[
        {"type": "hold", "start": 5, "end": 25}, {"type": "hangup", "by": "customer", "at": 30}]))
    outcome = ImportService(db).import_file(path)
    assert outcome.imported == ["c-1"] and not outcome.failed
    assert (count(db, Call), count(db, Turn), count(db, CallEvent), count(db, Agent)) == (1, 2, 2, 1)
    stored = CallService(db).get("c-1")
    assert stored.turns[0].text.startswith("您好,我是1024号")
    assert stored.agent.name == "李明"
    assert stored.started_at.hour == 9  # the call's own wall-clock time
    assert stored.hangup().by == "customer"


def test_the_same_call_imported_twice_is_stored_once(db, tmp_path):
    path = write_json(tmp_path / "c.json", call_dict())
    service = ImportService(db)
    service.import_file(path)
    again = service.import_file(path)
    assert again.skipped == ["c-1"] and again.imported == [] and not again.failed
    assert count(db, Call) == 1 and count(db, Turn) == 2


def test_changed_content_under_the_same_id_is_a_conflict_not_an_overwrite(db, tmp_path):
    service = ImportService(db)
    service.import_file(write_json(tmp_path / "a.json", call_dict()))
    changed = call_dict()
    changed["turns"][1]["text"] = "我要投诉"
    outcome = service.import_file(write_json(tmp_path / "b.json", changed))
    assert outcome.failed and "c-1" in outcome.conflicts[0]
    assert "different content" in outcome.conflicts[0]
    assert CallService(db).get("c-1").turns[1].text == "你好,我家电视没信号了"


def test_a_bad_file_leaves_nothing_behind(db, tmp_path):
    path = tmp_path / "half.jsonl"
    lines = [json.dumps(call_dict(f"ok-{i}"), ensure_ascii=False) for i in range(600)]
    lines.append('{"call_id": "broken", "turns": [')
    path.write_text("\n".join(lines), encoding="utf-8")
    outcome = ImportService(db).import_file(path)
    assert outcome.failed and "line 601" in outcome.error
    assert outcome.imported == []
    assert count(db, Call) == 0 and count(db, Turn) == 0 and count(db, Agent) == 0


def test_a_batch_with_bad_files_imports_the_good_ones(db, tmp_path):
    write_json(tmp_path / "in" / "good1.json", call_dict("g1"))
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "good2.txt").write_text("坐席:您好\n客户:你好\n", encoding="gbk")
    (tmp_path / "in" / "empty.json").write_bytes(b"")
    (tmp_path / "in" / "binary.json").write_bytes(bytes(range(256)))
    (tmp_path / "in" / "ignored.png").write_bytes(b"\x89PNG")
    outcomes = list(ImportService(db).import_paths([tmp_path / "in"]))
    by_name = {o.source.rsplit("/", 1)[-1]: o for o in outcomes}
    assert set(by_name) == {"good1.json", "good2.txt", "empty.json", "binary.json"}
    assert by_name["good1.json"].imported == ["g1"]
    assert by_name["good2.txt"].imported == ["good2"]
    assert by_name["empty.json"].failed and by_name["binary.json"].failed
    assert count(db, Call) == 2


def test_list_calls_filters_by_agent_and_date(db, tmp_path):
    service = ImportService(db)
    service.import_file(write_json(tmp_path / "a.json", [
        call_dict("a", started_at="2026-11-01T10:00:00+08:00"),
        call_dict("b", started_at="2026-11-20T23:30:00+08:00", agent={"id": "2048"}),
        call_dict("c", started_at="2026-12-01T08:00:00+08:00"),
    ]))
    from datetime import date

    calls = CallService(db)
    assert [r.call_id for r in calls.list_calls()] == ["a", "b", "c"]
    assert [r.call_id for r in calls.list_calls(agent="2048")] == ["b"]
    november = calls.list_calls(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
    assert [r.call_id for r in november] == ["a", "b"]


def test_a_stored_call_reads_back_with_the_same_content_hash(db, tmp_path):
    from qa_desk.transcripts import read_file

    path = write_json(tmp_path / "c.json", call_dict())
    ImportService(db).import_file(path)
    [original] = list(read_file(path))
    assert CallService(db).get("c-1").content_hash() == original.content_hash()


def test_unscored_lists_calls_without_an_evaluation(db, tmp_path):
    from qa_desk.scoring import Scorer, load_pack
    from qa_desk.services.evaluations import score_stored_calls

    ImportService(db).import_file(write_json(tmp_path / "c.json", [call_dict("a"), call_dict("b")]))
    assert CallService(db).unscored() == ["a", "b"]
    list(score_stored_calls(db, ["a"], Scorer(load_pack())))
    assert CallService(db).unscored() == ["b"]
