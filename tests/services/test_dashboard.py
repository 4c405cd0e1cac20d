from __future__ import annotations

from pathlib import Path

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.dashboard import DashboardService
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.queue import QueueFilter, QueueService

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def load_demo(database):
    ids = [c for o in ImportService(database).import_paths([DEMO], parallel=False) for c in o.imported]
    list(score_stored_calls(database, ids, Scorer(load_pack())))


def test_dashboard_figures_agree_with_the_queue(any_db):
    load_demo(any_db)
    dashboard, queue = DashboardService(any_db), QueueService(any_db)
    rows = queue.page(limit=100)
    trend = dashboard.score_trend()
    dated = [r for r in rows if r.started_at is not None]  # TXT/SRT/VTT carry no date
    assert sum(p.calls for p in trend) == len(dated) < 40
    first_day = trend[0].day
    same_day = [r.score for r in dated if r.started_at.date() == first_day]
    assert trend[0].average == round(sum(same_day) / len(same_day), 1)

    rates = {r.rule: r for r in dashboard.rule_failure_rates()}
    taboo = rates["language.forbidden"]
    assert taboo.judged == 40
    assert taboo.failed == sum("language.forbidden" in r.failed_rules for r in rows)
    assert rates["hold.notice"].judged < 40  # na calls are left out

    ranking = dashboard.agent_ranking()
    with_agent = [r for r in rows if r.agent_id]
    assert sum(a.calls for a in ranking) == len(with_agent)
    assert [a.average for a in ranking] == sorted((a.average for a in ranking), reverse=True)
    assert sum(a.fatal for a in ranking) == sum(r.fatal for r in with_agent)


def test_dashboard_follows_the_queue_filters(db):
    load_demo(db)
    only = DashboardService(db).agent_ranking(QueueFilter(agent="1024"))
    assert [a.agent_id for a in only] == ["1024"]
    outbound = DashboardService(db).rule_failure_rates(QueueFilter(channel="outbound"))
    assert {r.judged for r in outbound if r.rule == "opening.greeting"} == {11}



def test_exam_pass_rates_follow_the_dates_and_the_agent(any_db):
    from datetime import UTC, date, datetime

    from qa_desk.models import User
    from qa_desk.services.access import Identity
    from tests.helpers import add_exam_attempt

    with any_db.sessions.begin() as session:
        session.add(User(username="liming", role="agent", agent_id="1024", password_hash="x"))
    for candidate, passed, day in (("1024", False, 3), ("liming", True, 10), ("2048", True, 10),
                                   ("4096", False, 20)):
        add_exam_attempt(any_db, candidate, exam="入职考试", passed=passed,
                         submitted=datetime(2026, 11, day, 9, 0, tzinfo=UTC))
    dashboard = DashboardService(any_db)
    [everyone] = dashboard.exam_pass_rates()
    assert (everyone.exam, everyone.attempts, everyone.passed) == ("入职考试", 4, 2)
    [window] = dashboard.exam_pass_rates(QueueFilter(date_from=date(2026, 11, 5),
                                                     date_to=date(2026, 11, 10)))
    assert (window.attempts, window.passed, window.rate) == (2, 2, 1.0)
    [liming] = dashboard.exam_pass_rates(QueueFilter(agent="1024"))
    assert (liming.attempts, liming.passed) == (2, 1)  # by agent id and by linked user name
    [own] = DashboardService(any_db, Identity("liming", "agent", agent_id="1024")).exam_pass_rates()
    assert own.attempts == 2
