"""The queue page over a real SQLite store: demo calls, sorting, every filter, activation, and
100,000 calls read lazily in pages without a query on the GUI thread."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QThreadPool
from sqlalchemy import event

from qa_desk.scoring import Scorer, load_pack
from qa_desk.services.evaluations import score_stored_calls
from qa_desk.services.importing import ImportService
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.services.review import ReviewService
from qa_desk.views.queue import QueueFilterBar, QueuePage
from qa_desk.views.queue.model import (
    AGENT,
    CALL_ID,
    CHANNEL,
    DATE,
    FAILED_RULES,
    FATAL,
    FATAL_TINT,
    MAX_CACHED_PAGES,
    SCORE,
    STATUS,
)
from tests.helpers import call_dict, write_json

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
PACK = load_pack()


@pytest.fixture
def store(db):
    yield db
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def demo_db(store):
    outcomes = list(ImportService(store).import_paths([DEMO], parallel=False))
    ids = [call_id for outcome in outcomes for call_id in outcome.imported]
    list(score_stored_calls(store, ids, Scorer(PACK)))
    return store


def open_page(qtbot, database, size=(1280, 800)) -> QueuePage:
    page = QueuePage(database, pack=PACK)
    qtbot.addWidget(page)
    page.resize(*size)
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        page.show()
    qtbot.waitExposed(page)
    return page


def column(page: QueuePage, col: int) -> list[str]:
    model = page.model
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def apply(qtbot, page: QueuePage, change) -> None:
    """Change the filter bar, apply it at once (not waiting for the debounce), wait for rows."""
    change(page.filter_bar)
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        page.filter_bar.apply()


def test_the_queue_shows_the_scored_demo_calls(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    model = page.model
    assert model.rowCount() == 40 == QueueService(demo_db).count()
    assert "40" in page.count_label.text()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Call id", "Agent", "Date", "Channel", "Duration", "Score", "Fatal",
                       "Failed rules", "Review status"]
    assert all(text for text in column(page, SCORE))
    assert set(column(page, STATUS)) == {"Auto"}
    assert set(column(page, CHANNEL)) == {"Inbound", "Outbound"}
    assert "1024 李明" in column(page, AGENT)
    assert all(len(d) == 16 for d in column(page, DATE) if d)
    score_alignment = model.data(model.index(0, SCORE), Qt.ItemDataRole.TextAlignmentRole)
    assert score_alignment & Qt.AlignmentFlag.AlignRight


def click_header(qtbot, page: QueuePage, section: int) -> None:
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_the_score_header_puts_the_worst_first(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        click_header(qtbot, page, SCORE)
    assert page.model.query.sort == "score" and not page.model.query.descending
    model = page.model
    first = model.row_at(0)
    assert first.fatal and first.score == 0
    assert model.data(model.index(0, FATAL)) == "✓"
    assert model.data(model.index(0, SCORE)) == "0"
    assert model.data(model.index(0, SCORE), Qt.ItemDataRole.BackgroundRole) == FATAL_TINT
    assert model.data(model.index(0, FATAL), Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    scores = [model.row_at(r).score for r in range(model.rowCount())]
    assert scores == sorted(scores)
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        click_header(qtbot, page, SCORE)
    assert page.model.row_at(0).score == max(scores)


def test_a_column_the_service_cannot_sort_keeps_the_current_order(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    before = page.model.query
    click_header(qtbot, page, FAILED_RULES)
    qtbot.wait(50)
    assert page.model.query == before
    assert page.view.horizontalHeader().sortIndicatorSection() == DATE


def test_each_filter_narrows_the_queue(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    bar, model = page.filter_bar, page.model

    apply(qtbot, page, lambda b: b.agent.setCurrentIndex(b.agent.findData("1024")))
    rows = [model.row_at(r) for r in range(model.rowCount())]
    assert 0 < len(rows) < 40 and {r.agent_id for r in rows} == {"1024"}
    bar.clear()

    apply(qtbot, page, lambda b: b.channel.setCurrentIndex(b.channel.findData("outbound")))
    assert model.rowCount() == 11 and set(column(page, CHANNEL)) == {"Outbound"}

    def november(b):
        b.clear()
        b.date_from.setDate(QDate(2026, 11, 1))
        b.date_to.setDate(QDate(2026, 11, 30))

    apply(qtbot, page, november)
    months = {model.row_at(r).started_at.date() for r in range(model.rowCount())}
    assert months and all(date(2026, 11, 1) <= d <= date(2026, 11, 30) for d in months)
    assert model.rowCount() < 40

    def low(b):
        b.clear()
        b.score_max.setValue(59)

    apply(qtbot, page, low)
    scores = [model.row_at(r).score for r in range(model.rowCount())]
    assert scores and all(s <= 59 for s in scores)
    assert model.data(model.index(0, SCORE), Qt.ItemDataRole.BackgroundRole) is not None

    def high(b):
        b.clear()
        b.score_min.setValue(90)

    apply(qtbot, page, high)
    scores = [model.row_at(r).score for r in range(model.rowCount())]
    assert scores and all(s >= 90 for s in scores)

    def forbidden(b):
        b.clear()
        b.failed_rule.setCurrentIndex(b.failed_rule.findData("language.forbidden"))

    apply(qtbot, page, forbidden)
    rows = [model.row_at(r) for r in range(model.rowCount())]
    assert rows and all("language.forbidden" in r.failed_rules and r.fatal for r in rows)
    assert all("服务禁语" in model.data(model.index(r, FAILED_RULES)) for r in range(len(rows)))

    apply(qtbot, page, lambda b: b.clear() or b.status.setCurrentIndex(b.status.findData("signed")))
    assert model.rowCount() == 0 and "0" in page.count_label.text()


def test_free_text_search_finds_curtains_on_enter(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    # QTest cannot type Chinese key by key (it aborts on non-Latin keys): insert it like an IME.
    page.filter_bar.text.insert("窗帘")
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        qtbot.keyClick(page.filter_bar.text, Qt.Key.Key_Return)
    expected = QueueService(demo_db).page(QueueFilter(text="窗帘"), limit=100)
    assert 0 < page.model.rowCount() == len(expected) < 40
    assert set(column(page, CALL_ID)) == {r.call_id for r in expected}
    page.filter_bar.text.setText("这句话不会出现在任何通话里")
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        pass  # the debounce applies it by itself
    assert page.model.rowCount() == 0


def test_clear_shows_every_call_again(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    apply(qtbot, page, lambda b: b.channel.setCurrentIndex(2))
    assert page.model.rowCount() == 11
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        qtbot.mouseClick(page.filter_bar.clear_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 40 and page.filter_bar.current_filter() == QueueFilter()


def test_double_click_and_enter_open_a_call(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    view = page.view
    expected = page.model.row_at(2).call_id
    rect = view.visualRect(page.model.index(2, CALL_ID))
    with qtbot.waitSignal(page.call_activated, timeout=2000) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [expected]
    assert page.current_call_id() == expected
    view.setCurrentIndex(page.model.index(5, 0))
    with qtbot.waitSignal(page.call_activated, timeout=2000) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [page.model.row_at(5).call_id]


def test_refresh_shows_new_calls_and_agents(qtbot, demo_db, tmp_path):
    page = open_page(qtbot, demo_db)
    new = call_dict("new-1", agent={"id": "9001", "name": "新人"})
    ImportService(demo_db).import_file(write_json(tmp_path / "new.json", [new]))
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        page.refresh()
    assert page.model.rowCount() == 41
    assert page.filter_bar.agent.findData("9001") > 0
    assert "new-1" in column(page, CALL_ID)
    rows = [page.model.row_at(r) for r in range(41)]
    assert next(r for r in rows if r.call_id == "new-1").status == "unscored"


N_BULK = 100_000


def bulk_insert_calls(database, count: int) -> None:
    """Minimal calls straight into SQLite: the queue needs rows, not transcripts."""
    start = datetime(2026, 1, 1, 8, 0)
    agents = [(f"{n:04d}", f"坐席{n}") for n in range(50)]
    calls = [
        (f"bulk-{n:06d}", agents[n % 50][0], "outbound" if n % 3 == 0 else "inbound",
         start + timedelta(minutes=5 * n), 60.0 + n % 600, "x", 0, 0, 0, start)
        for n in range(count)
    ]
    with database.engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO agents (id, name) VALUES (?, ?)", agents)
        connection.exec_driver_sql(
            "INSERT INTO calls (call_id, agent_id, channel, started_at, duration, content_hash, "
            "turn_count, char_count, has_timestamps, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            calls)


def test_100k_calls_are_read_lazily_and_never_on_the_gui_thread(qtbot, store):
    began = time.monotonic()
    bulk_insert_calls(store, N_BULK)
    page = open_page(qtbot, store)
    model, view = page.model, page.view
    assert model.rowCount() == N_BULK == QueueService(store).count()
    assert model.cached_row_count <= 200
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)  # the view laid out its rows

    middle = N_BULK // 2
    expected = QueueService(store).page(sort="started_at", descending=True, offset=middle, limit=1)[0]
    with queries_on_this_thread(store) as gui_queries:
        view.scrollTo(model.index(middle, 0), view.ScrollHint.PositionAtCenter)
        qtbot.waitUntil(lambda: model.row_at(middle) is not None, timeout=15_000)
        top, bottom = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
        qtbot.waitUntil(lambda: all(model.row_at(r) for r in range(top, bottom + 1)), timeout=15_000)
        view.viewport().repaint()
        assert top <= middle <= bottom
        assert model.cached_row_count < 1000
        assert model.data(model.index(middle, CALL_ID)) == expected.call_id
        assert model.data(model.index(middle, AGENT)).startswith(expected.agent_id)
        assert model.data(model.index(middle, STATUS)) == "Unscored"

        bar = view.verticalScrollBar()
        for step in range(1, 31):  # a fast drag through the whole list: the cache stays bounded
            bar.setValue(bar.maximum() * step // 30)
            qtbot.wait(10)
        last = model.rowCount() - 1
        qtbot.waitUntil(lambda: model.row_at(last) is not None, timeout=15_000)
        assert model.cached_row_count <= MAX_CACHED_PAGES * 200
        assert model.data(model.index(last, CALL_ID)) == "bulk-000000"  # newest first, oldest last
    assert gui_queries == []
    assert time.monotonic() - began < 20


@contextmanager
def queries_on_this_thread(database):
    """Every SQL statement run on the calling (GUI) thread while the block runs."""
    seen: list[str] = []
    here = threading.get_ident()

    def on_query(conn, cursor, statement, *args):
        if threading.get_ident() == here:
            seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", on_query)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", on_query)


def test_refresh_after_a_review_keeps_the_selected_call(qtbot, demo_db):
    page = open_page(qtbot, demo_db)
    page.view.setCurrentIndex(page.model.index(3, CALL_ID))
    call_id = page.current_call_id()
    review = ReviewService(demo_db)
    current = review.current(call_id)
    review.sign_off(current.id, expected_version=current.version, reviewer="王主管")
    with qtbot.waitSignal(page.model.reloaded, timeout=10_000):
        page.refresh()
    assert page.current_call_id() == call_id
    assert page.model.data(page.model.index(3, STATUS)) == "Signed"


def test_the_filter_bar_reads_any_as_no_bound(qtbot):
    bar = QueueFilterBar(rules=[(rule.id, rule.name) for rule in PACK.rules])
    qtbot.addWidget(bar)
    assert bar.current_filter() == QueueFilter()
    assert bar.failed_rule.count() == 11 and "首问语" in bar.failed_rule.itemText(1)
    assert bar.date_from.text() == "Any" and bar.score_min.text() == "Any"
    bar.date_from.setDate(QDate(2026, 11, 1))
    bar.score_min.setValue(60)
    bar.text.setText("  窗帘 ")
    assert bar.current_filter() == QueueFilter(date_from=date(2026, 11, 1), score_min=60.0, text="窗帘")
    with qtbot.waitSignal(bar.filter_changed, timeout=2000) as changed:
        pass  # applied by the debounce, once
    assert changed.args[0].score_min == 60.0
    with qtbot.assertNotEmitted(bar.filter_changed, wait=500):
        bar.apply()  # nothing new
    bar.set_agents([("1024", "李明"), ("2031", None)])
    assert [bar.agent.itemText(i) for i in range(bar.agent.count())] == ["All agents", "1024 李明", "2031"]
