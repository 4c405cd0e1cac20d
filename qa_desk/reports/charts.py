"""Charts of the agent report, drawn with reportlab's own graphics (vector, in the PDF itself):
the QA average over the period and the failures per rule. Labels use the Chinese font of the
forms, so rule names print as on the form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm

from qa_desk.reports.agent_report import RuleFailure, TrendPoint
from qa_desk.reports.pdf_canvas import elide
from qa_desk.reports.pdf_style import FAIL, INK, MUTED, RULE, font_name
from qa_desk.reports.period import Period

LINE = colors.HexColor("#1f6feb")
BAR = colors.HexColor("#d9534f")
BAR_FATAL = colors.HexColor("#9b1c1c")
GRID = colors.HexColor("#e1e5ea")
LABEL_SIZE = 7.5
PASS_LINE = 80.0  # drawn as a dashed guide on the trend
MAX_BARS = 12


def trend_chart(points: Sequence[TrendPoint], period: Period, unit: str, *,
                width: float = 180 * mm, height: float = 62 * mm) -> Drawing:
    """The average score of each day (or week) with calls, 0–100, over the whole period."""
    font = font_name()
    drawing = Drawing(width, height)
    left, bottom, right, top = 12 * mm, 9 * mm, 4 * mm, 5 * mm
    plot = LinePlot()
    plot.x, plot.y = left, bottom
    plot.width, plot.height = width - left - right, height - bottom - top
    slots = _slots(period, unit)
    plot.data = [[(_slot(point.start, period, unit), point.average) for point in points]
                 or [(0, 0)]]
    plot.lines[0].strokeColor = LINE if points else colors.transparent
    plot.lines[0].strokeWidth = 1.4
    plot.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=LINE, strokeColor=LINE)
    if not points:
        plot.lines[0].symbol = None
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = -0.5, slots - 0.5
    x_axis.valueSteps = _ticks(slots, unit)
    x_axis.labelTextFormat = lambda value: _slot_label(round(value), period, unit)
    y_axis.valueMin, y_axis.valueMax, y_axis.valueStep = 0, 100, 20
    y_axis.gridStrokeColor, y_axis.visibleGrid = GRID, 1
    y_axis.gridStart, y_axis.gridEnd = plot.x, plot.x + plot.width
    for axis in (x_axis, y_axis):
        axis.labels.fontName, axis.labels.fontSize = font, LABEL_SIZE
        axis.labels.fillColor = MUTED
        axis.strokeColor = RULE
    x_axis.tickDown, x_axis.labels.dy = 2, -5  # labels clear of the tick marks
    y_axis.tickLeft, y_axis.labels.dx = 2, -5
    drawing.add(plot)
    guide_y = plot.y + plot.height * PASS_LINE / 100
    drawing.add(Line(plot.x, guide_y, plot.x + plot.width, guide_y, strokeColor=FAIL,
                     strokeWidth=0.6, strokeDashArray=[3, 2]))
    drawing.add(String(plot.x + plot.width - 1, guide_y + 2, f"{PASS_LINE:g} 分", fontName=font,
                       fontSize=6.5, fillColor=FAIL, textAnchor="end"))
    if not points:
        drawing.add(String(width / 2, bottom + plot.height / 2, "本期无已评分通话", fontName=font,
                           fontSize=9, fillColor=MUTED, textAnchor="middle"))
    return drawing


def failure_chart(rules: Sequence[RuleFailure], *, width: float = 180 * mm) -> Drawing:
    """Failures per rule, most first, at most MAX_BARS bars; 一票否决 rules darker."""
    font = font_name()
    shown = list(rules[:MAX_BARS])
    label_room = 52 * mm
    bar_room = 6.5 * mm
    height = max(len(shown), 1) * bar_room + 12 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 8 * mm
    chart.width, chart.height = width - label_room - 10 * mm, height - 12 * mm
    # The first category is drawn at the bottom: reverse, so the most failed rule is on top.
    ordered = list(reversed(shown))
    chart.data = [[rule.failed for rule in ordered] or [0]]
    chart.categoryAxis.categoryNames = [
        elide(rule.name, font, LABEL_SIZE, label_room - 4 * mm) for rule in ordered] or [""]
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    for index, rule in enumerate(ordered):
        if rule.fatal:
            chart.bars[(0, index)].fillColor = BAR_FATAL
    chart.barWidth = 4 * mm
    chart.groupSpacing = 2.5 * mm
    most = max((rule.failed for rule in shown), default=1)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(most)
    chart.valueAxis.valueStep = _nice_step(chart.valueAxis.valueMax)
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = 1, GRID
    chart.valueAxis.labelTextFormat = "%d"
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, LABEL_SIZE
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, LABEL_SIZE
        axis.labels.fillColor = MUTED
        axis.strokeColor = RULE
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dx = "e", -3
    chart.categoryAxis.tickLeft = 0
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width, 1 * mm, "未通过次数", fontName=font,
                       fontSize=6.5, fillColor=MUTED, textAnchor="end"))
    return drawing


def _slots(period: Period, unit: str) -> int:
    days = (period.last - period.first).days + 1
    return days if unit == "day" else (days + period.first.weekday() + 6) // 7


def _slot(day, period: Period, unit: str) -> int:
    offset = (day - period.first).days
    if unit == "day":
        return offset
    return (offset + period.first.weekday()) // 7


def _slot_label(slot: int, period: Period, unit: str) -> str:
    if unit == "day":
        day = period.first + timedelta(days=slot)
        return f"{day.month}/{day.day}"
    monday = period.first - timedelta(days=period.first.weekday()) + timedelta(weeks=slot)
    return f"{max(monday, period.first):%m/%d}起"


def _ticks(slots: int, unit: str) -> list[int]:
    """Every day up to 16 days, else every few; every week up to 14 weeks."""
    limit = 16 if unit == "day" else 14
    step = 1 if slots <= limit else -(-slots // limit)
    return list(range(0, slots, step))


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    step = _nice_step(value)
    return -(-value // step) * step


def _nice_step(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if value / step <= 6:
            return step
    return max(1, value // 5)
