"""The dashboard: score trend, failure rate per rule, agent ranking and exam pass rates, with
the queue's filters. Figures are read off the GUI thread; charts are QtCharts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.scoring import RulePack
from qa_desk.services import access
from qa_desk.services.dashboard import AgentRank, DashboardService, DayPoint, ExamRate, RuleRate
from qa_desk.services.queue import QueueFilter, QueueService
from qa_desk.views.queue.filter_bar import QueueFilterBar
from qa_desk.views.workers import Worker, task

FAILURE_COLOR = QColor("#c62828")
SCORE_COLOR = QColor("#1565c0")
PASS_COLOR = QColor("#2e7d32")


@dataclass(frozen=True, slots=True)
class Figures:
    trend: list[DayPoint]
    rules: list[RuleRate]
    agents: list[AgentRank]
    exams: list[ExamRate]


def read_figures(database: Database, queue_filter: QueueFilter,
                 actor: access.Actor = "system") -> Figures:
    service = DashboardService(database, actor)
    return Figures(service.score_trend(queue_filter), service.rule_failure_rates(queue_filter),
                   service.agent_ranking(queue_filter), service.exam_pass_rates(queue_filter))


class DashboardPage(QWidget):
    def __init__(self, database: Database, pack: RulePack, parent: QWidget | None = None, *,
                 actor: access.Actor = "system") -> None:
        super().__init__(parent)
        self._db = database
        self._actor = actor
        self._worker: Worker | None = None
        self.figures: Figures | None = None
        self.filter_bar = QueueFilterBar(rules=[(r.id, r.name) for r in pack.rules])
        self.filter_bar.filter_changed.connect(self.refresh)
        self.trend_view = self._chart_view()
        self.rules_view = self._chart_view()
        self.agents = QTableWidget(0, 4)
        self.agents.setHorizontalHeaderLabels(
            [self.tr("Agent"), self.tr("Calls"), self.tr("Average score"), self.tr("Fatal")])
        self.agents.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.agents.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.exams_view = self._chart_view()
        self.status = QLabel()
        grid = QGridLayout()
        grid.addWidget(self._titled(self.tr("Average score by day"), self.trend_view), 0, 0)
        grid.addWidget(self._titled(self.tr("Failure rate by rule"), self.rules_view), 0, 1)
        grid.addWidget(self._titled(self.tr("Agent ranking"), self.agents), 1, 0)
        grid.addWidget(self._titled(self.tr("Exam pass rate"), self.exams_view), 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addLayout(grid, 1)
        layout.addWidget(self.status)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.filter_bar.set_agents(QueueService(self._db, self._actor).agents())
        self.refresh()

    def refresh(self, queue_filter: QueueFilter | None = None) -> None:
        if self._worker is not None:
            self._worker.cancel()
        self.status.setText(self.tr("Reading figures…"))
        chosen = queue_filter or self.filter_bar.current_filter()
        self._worker = Worker(task(read_figures, self._db, chosen, self._actor))
        self._worker.signals.finished.connect(self.show_figures)
        self._worker.signals.failed.connect(self.status.setText)
        self._worker.start()

    def show_figures(self, figures: Figures) -> None:
        self.figures = figures
        self.trend_view.setChart(self._trend_chart(figures.trend))
        self.rules_view.setChart(self._rules_chart(figures.rules))
        self._fill_agents(figures.agents)
        self.exams_view.setChart(self._exams_chart(figures.exams))
        self.status.setText(self.tr("{0} days, {1} rules, {2} agents, {3} exams").format(
            len(figures.trend), len(figures.rules), len(figures.agents), len(figures.exams)))

    def _trend_chart(self, points: list[DayPoint]) -> QChart:
        chart = QChart()
        chart.legend().hide()
        series = QLineSeries()
        series.setColor(SCORE_COLOR)
        series.setPointsVisible(True)
        for point in points:
            moment = datetime.combine(point.day, time(12))
            series.append(QDateTime(moment).toMSecsSinceEpoch(), point.average)
        chart.addSeries(series)
        axis_x = QDateTimeAxis()
        axis_x.setFormat("MM-dd")
        axis_x.setTickCount(min(8, max(2, len(points))))
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        return chart

    def _rules_chart(self, rates: list[RuleRate]) -> QChart:
        top = max([100.0 * r.rate for r in rates] + [10.0]) * 1.15
        top = min(100.0, 10.0 * -(-top // 10))  # round up to a multiple of 10 %
        return _percent_bars(self.tr("Failure rate"), FAILURE_COLOR,
                             [(r.name, r.rate) for r in rates], top)

    def _exams_chart(self, rates: list[ExamRate]) -> QChart:
        chart = _percent_bars(
            self.tr("Pass rate"), PASS_COLOR,
            [(self.tr("{0} (attempts: {1})").format(r.exam, r.attempts), r.rate) for r in rates],
            100.0)
        if not rates:
            chart.setTitle(self.tr("No exam submitted in this period"))
        return chart

    def _fill_agents(self, agents: list[AgentRank]) -> None:
        self.agents.setRowCount(len(agents))
        for row, agent in enumerate(agents):
            cells = (f"{agent.agent_id} {agent.name or ''}".strip(), str(agent.calls),
                     f"{agent.average:.1f}", str(agent.fatal) if agent.fatal else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 3 and agent.fatal:
                    item.setForeground(FAILURE_COLOR)
                self.agents.setItem(row, column, item)

    def _chart_view(self) -> QChartView:
        view = QChartView()
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        return view

    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: bold")
        layout.addWidget(heading)
        layout.addWidget(widget, 1)
        return box


def _percent_bars(title: str, color: QColor, rows: list[tuple[str, float]], top: float) -> QChart:
    """Horizontal bars of rates (0..1) shown as percentages, the first row at the top."""
    chart = QChart()
    chart.legend().hide()
    shown = list(reversed(rows))  # a horizontal bar chart draws its first category at the bottom
    bars = QBarSet(title)
    bars.setColor(color)
    for _, rate in shown:
        bars.append(round(rate * 100, 1))
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append([label for label, _ in shown])
    axis_x = QValueAxis()
    axis_x.setRange(0, top)
    axis_x.setTickCount(int(top // 10) + 1 if top <= 50 else 6)
    axis_x.setLabelFormat("%d%%")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_y)
    series.attachAxis(axis_x)
    return chart
