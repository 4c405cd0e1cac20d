"""The demo calls imported and scored into a real SQLite file, one call reviewed and signed,
and one demo-like call of our own whose evidence turn holds a phone number."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from qa_desk.db import Database
from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.services.review import OVERRIDE, EvaluationView, ReviewService
from tests.helpers import write_json
from tests.reports.report_helpers import (
    DEMO,
    OVERRIDE_REASON,
    REASON_PHONE,
    REVIEWED_CALL,
    phone_call,
)


@dataclass(frozen=True)
class Store:
    db: Database
    reviewed: EvaluationView  # REVIEWED_CALL after override and sign-off
    auto_score: float
    fatal_call: str


@pytest.fixture
def store(db: Database, tmp_path: Path) -> Store:
    extra = write_json(tmp_path / "in" / "hr-phone-1.json", phone_call())
    outcomes = list(ImportService(db).import_paths([DEMO, extra], parallel=False))
    ids = [call_id for outcome in outcomes for call_id in outcome.imported]
    assert REVIEWED_CALL in ids and len(ids) > 30
    list(score_stored_calls(db, ids, Scorer(load_pack())))
    review = ReviewService(db)
    current = review.current(REVIEWED_CALL)
    changed = review.review_item(
        current.id, "opening.greeting", expected_version=current.version, reviewer="王主管",
        decision=OVERRIDE, points=5, reason=f"{OVERRIDE_REASON}，回拨 {REASON_PHONE}",
        comment="语速放慢")
    changed = review.comment_call(changed.id, f"整体规范。客户另留号码 {REASON_PHONE}。",
                                  expected_version=changed.version, reviewer="王主管")
    signed = review.sign_off(changed.id, expected_version=changed.version, reviewer="王主管")
    fatal = next(r for r in QueueService(db).page(QueueFilter(), limit=500)
                 if r.fatal and r.agent_name and r.started_at)
    return Store(db, signed, current.auto_score, fatal.call_id)
