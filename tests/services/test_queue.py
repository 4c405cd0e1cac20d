"""The queue over the real SQLite file: filters, sorting, paging, and hostile filter text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.services.review import ReviewService

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture
def queue(db):
    outcomes = list(ImportService(db).import_paths([DEMO], parallel=False))
    ids = [c for o in outcomes for c in o.imported]
    list(score_stored_calls(db, ids, Scorer(load_pack())))
    return QueueService(db)


def test_every_demo_call_is_queued_with_its_score(queue):
    assert queue.count() == 40
    rows = queue.page(limit=100)
    assert len(rows) == 40 and all(r.auto_score is not None for r in rows)
    assert all(r.status == "auto" for r in rows)


def test_worst_first_and_paging(queue):
    worst = queue.page(sort="score", descending=False, limit=5)
    scores = [r.score for r in worst]
    assert scores == sorted(scores) and worst[0].score == 0.0 and worst[0].fatal
    first, second = queue.page(limit=20), queue.page(offset=20, limit=20)
    assert not {r.call_id for r in first} & {r.call_id for r in second}


def test_filters(queue):
    taboo = queue.page(QueueFilter(failed_rule="language.forbidden"), limit=100)
    assert taboo and all("language.forbidden" in r.failed_rules for r in taboo)
    assert all(r.fatal for r in taboo)
    outbound = queue.page(QueueFilter(channel="outbound"), limit=100)
    assert len(outbound) == 11
    agent = queue.page(QueueFilter(agent="1024"), limit=100)
    assert agent and {r.agent_id for r in agent} == {"1024"}
    november = queue.page(QueueFilter(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30)),
                          limit=100)
    assert november and all(r.started_at.month == 11 for r in november)
    high = queue.page(QueueFilter(score_min=90), limit=100)
    assert all(r.score >= 90 for r in high)


def test_free_text_search_in_the_transcript(queue):
    found = queue.page(QueueFilter(text="窗帘"), limit=100)
    assert found
    assert queue.count(QueueFilter(text="这句话不会出现在任何通话里")) == 0


@pytest.mark.parametrize("hostile", ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE calls; --"])
def test_sql_metacharacters_are_just_text(queue, hostile):
    assert queue.count(QueueFilter(text=hostile)) == 0
    assert queue.count(QueueFilter(agent=hostile)) == 0
    assert queue.count() == 40


def test_status_follows_review(db, queue):
    call_id = queue.page(limit=1)[0].call_id
    review = ReviewService(db)
    current = review.current(call_id)
    review.sign_off(current.id, expected_version=current.version, reviewer="王主管")
    signed = queue.page(QueueFilter(status="signed"), limit=100)
    assert [r.call_id for r in signed] == [call_id]
