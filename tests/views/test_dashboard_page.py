from __future__ import annotations

from pathlib import Path

from qa_desk.scoring import load_pack
from qa_desk.services.queue import QueueFilter
from qa_desk.views.dashboard_page import DashboardPage
from tests.services.test_dashboard import load_demo

SHOTS = Path(__file__).resolve().parents[2] / "shots"


def test_dashboard_shows_the_figures_and_follows_filters(qtbot, db):
    load_demo(db)
    page = DashboardPage(db, load_pack())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=20000)
    assert page.agents.rowCount() >= 5
    series = page.rules_view.chart().series()[0]
    assert series.barSets()[0].count() == len(page.figures.rules) == 10
    assert page.trend_view.chart().series()[0].count() == len(page.figures.trend)
    page.grab().save(str(SHOTS / "dashboard.png"))
    page.figures = None
    page.refresh(QueueFilter(agent="1024"))
    qtbot.waitUntil(lambda: page.figures is not None, timeout=20000)
    assert page.agents.rowCount() == 1 and page.agents.item(0, 0).text().startswith("1024")
