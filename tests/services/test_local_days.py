"""Exam attempts are stored in UTC; periods are the days of the people reading them. An exam
failed at 01:00 on 1 November in Beijing (17:00 UTC on 31 October) is November's, in the
ledger, the HR workbook, the agent report and the dashboard alike."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from qa_desk.reports import parse_period
from qa_desk.services.dashboard import DashboardService
from qa_desk.services.queue import QueueFilter
from qa_desk.services.rewards import RewardService
from tests.helpers import add_exam_attempt


@pytest.fixture
def beijing(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_exam_just_after_local_midnight_belongs_to_the_local_day(db, beijing):
    moment = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)  # 2026-11-01 01:00 in Beijing
    add_exam_attempt(db, "1024", exam="入职笔试", submitted=moment, score=20, passed=False)
    rewards = RewardService(db)
    november = [line for line in rewards.ledger(parse_period("2026-11"), "1024")
                if line.rule != "manual"]
    october = rewards.ledger(parse_period("2026-10"), "1024")
    assert [line.on for line in november] == [date(2026, 11, 1)] and october == []
    [rate] = DashboardService(db).exam_pass_rates(QueueFilter(date_from=date(2026, 11, 1),
                                                              date_to=date(2026, 11, 1)))
    assert rate.attempts == 1
    assert DashboardService(db).exam_pass_rates(QueueFilter(date_to=date(2026, 10, 31))) == []
