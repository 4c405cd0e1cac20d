"""The call store on SQLite and on a real PostgreSQL server: same migrations, same results."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_desk.db import current_revision
from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.calls import CallService
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.services.review import ConflictError, ReviewService
from tests.helpers import call_dict, write_json

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def test_migrations_import_score_and_queue(any_db):
    assert current_revision(any_db.engine) is not None
    outcomes = list(ImportService(any_db).import_paths([DEMO]))
    imported = [c for o in outcomes for c in o.imported]
    assert len(imported) == 40 and not any(o.failed for o in outcomes)
    again = list(ImportService(any_db).import_paths([DEMO]))
    assert sum(len(o.skipped) for o in again) == 40 and not any(o.imported for o in again)
    list(score_stored_calls(any_db, imported, Scorer(load_pack())))
    queue = QueueService(any_db)
    assert queue.count() == 40
    worst = queue.page(sort="score", limit=1)[0]
    assert worst.fatal and worst.score == 0.0
    assert queue.count(QueueFilter(text="50%_' OR 1=1")) == 0
    call = CallService(any_db).get("demo-001")
    assert call.turns[0].speaker == "agent" and call.started_at.utcoffset() is not None


def test_a_bad_file_leaves_nothing_behind(any_db, tmp_path):
    path = tmp_path / "half.jsonl"
    good = write_json(tmp_path / "x.json", call_dict()).read_text(encoding="utf-8")
    import json

    line = json.dumps(json.loads(good), ensure_ascii=False)
    path.write_text(line + "\n" + "{broken\n", encoding="utf-8")
    outcome = ImportService(any_db).import_file(path)
    assert outcome.failed and CallService(any_db).count() == 0


def test_two_supervisors_saving_the_same_evaluation(any_db, tmp_path):
    ImportService(any_db).import_file(write_json(tmp_path / "c.json", call_dict("c-1")))
    list(score_stored_calls(any_db, ["c-1"], Scorer(load_pack())))
    first, second = ReviewService(any_db), ReviewService(any_db)
    seen_by_both = first.current("c-1")
    first.review_item(seen_by_both.id, "opening.greeting", expected_version=seen_by_both.version,
                      reviewer="王主管", decision="confirm")
    with pytest.raises(ConflictError, match="changed by 王主管"):
        second.review_item(seen_by_both.id, "opening.greeting",
                           expected_version=seen_by_both.version, reviewer="李主管",
                           decision="reject", reason="不同意")
