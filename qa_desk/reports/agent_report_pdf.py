"""The period report of one agent as a PDF HR prints (A4 portrait): summary, the trend of the
QA average, failures per rule, the worst calls, exam results and the reward/penalty ledger,
with the same header, page numbers and document id as the per-call form."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from qa_desk.reports import labels
from qa_desk.reports.agent_report import (
    WORST_CALLS,
    AgentReport,
    TrendPoint,
    period_key,
    report_id,
)
from qa_desk.reports.charts import MAX_BARS, PASS_LINE, failure_chart, trend_chart
from qa_desk.reports.evaluation_pdf import DEFAULT_ORGANISATION, build_document, heading, id_line
from qa_desk.reports.pdf_parts import info_rows, ledger_table, on_grid, signature_lines
from qa_desk.reports.pdf_style import FAIL, HEAD_FILL, INK, MUTED, PASS, font_name, styles
from qa_desk.reports.pdf_text import TextBlock

TITLE = "坐席质检期间报告"
MONTH_TITLE = "坐席质检月度报告"


def title_of(report: AgentReport) -> str:
    return MONTH_TITLE if len(period_key(report.period)) == 7 else TITLE


def render_agent_pdf(report: AgentReport, out: str | Path | BinaryIO, *,
                     organisation: str = DEFAULT_ORGANISATION, mask: bool = True) -> str:
    """Write the report as a PDF to a path or binary stream; returns its document id."""
    doc_id = report_id(report)
    title = title_of(report)
    build_document(story(report, doc_id, organisation=organisation, mask=mask), out,
                   doc_id=doc_id, title=f"{title} {report.agent_id} {report.period.label}",
                   footer=f"{organisation} · {title}", organisation=organisation)
    return doc_id


def agent_pdf_bytes(report: AgentReport, *, organisation: str = DEFAULT_ORGANISATION,
                    mask: bool = True) -> bytes:
    buffer = BytesIO()
    render_agent_pdf(report, buffer, organisation=organisation, mask=mask)
    return buffer.getvalue()


def story(report: AgentReport, doc_id: str, *, organisation: str, mask: bool) -> list[Flowable]:
    s = styles()
    unit = "按日" if report.trend_unit == "day" else "按周"
    return [
        TextBlock(organisation, s["org"]),
        TextBlock(title_of(report), s["title"]),
        id_line(doc_id, mask),
        Spacer(0, 2 * mm),
        _info(report),
        Spacer(0, 3 * mm),
        _summary(report),
        *heading(f"质检均分趋势（{unit}）"),
        trend_chart(report.trend, report.period, report.trend_unit),
        TextBlock(_trend_note(report), s["muted"]),
        *heading("规则未通过分布"),
        *_failures(report),
        *heading(f"得分最低的通话（按最终得分，最多 {WORST_CALLS} 通）"),
        _worst(report),
        *heading("考试成绩"),
        _exams(report),
        *heading("奖惩明细"),
        ledger_table(report.ledger, mask=mask, empty="本期无奖惩记录", always_total=True),
        Spacer(0, 5 * mm),
        _signatures(),
    ]


def _info(report: AgentReport) -> Table:
    period = report.period
    rows = [
        ("坐席工号", report.agent_id, "坐席姓名", report.agent_name or labels.MISSING,
         "统计期间", f"{period.first.isoformat()} 至 {period.last.isoformat()}"),
    ]
    return info_rows(rows, widths=[16 * mm, 34 * mm, 16 * mm, 34 * mm, 16 * mm, 64 * mm])


def _summary(report: AgentReport) -> Table:
    total = report.ledger_total
    money = [labels.money_text(report.rewards_total), labels.money_text(report.penalties_total),
             labels.money_text(total)] if report.ledger is not None else [labels.MISSING] * 3
    rows = [["通话数", "质检均分", "已复核", "一票否决", "奖励（元）", "处罚（元）", "奖惩合计（元）"],
            [str(report.calls), labels.score_text(report.average), str(report.reviewed),
             str(report.fatal), *money]]
    widths = [20 * mm, 24 * mm, 20 * mm, 22 * mm, 30 * mm, 30 * mm, 34 * mm]
    table = Table(rows, colWidths=widths)
    font = font_name()
    on_grid(table, ("FONT", (0, 0), (-1, 0), font, 8.5, 11), ("FONT", (0, 1), (-1, 1), font, 14, 18),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("TOPPADDING", (0, 1), (-1, 1), 4), ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
            ("TEXTCOLOR", (3, 1), (3, 1), FAIL if report.fatal else INK),
            ("TEXTCOLOR", (4, 1), (4, 1), PASS if report.rewards_total else INK),
            ("TEXTCOLOR", (5, 1), (5, 1), FAIL if report.penalties_total else INK),
            ("TEXTCOLOR", (6, 1), (6, 1), FAIL if total < 0 else PASS if total else INK))
    return table


def _trend_note(report: AgentReport) -> str:
    if not report.trend:
        return "本期无已评分通话。"
    unit = "日" if report.trend_unit == "day" else "周"
    best = max(report.trend, key=lambda p: (p.average, p.start))
    low = min(report.trend, key=lambda p: (p.average, p.start))
    def when(point: TrendPoint) -> str:
        return point.start.isoformat() + ("" if report.trend_unit == "day" else " 起一周")

    return (f"每点为该{unit}通话最终得分（复核后）的平均分；共 {len(report.trend)} 个{unit}有通话。"
            f"最高 {labels.score_text(best.average)} 分（{when(best)}），"
            f"最低 {labels.score_text(low.average)} 分（{when(low)}）。虚线为 {PASS_LINE:g} 分。")


def _failures(report: AgentReport) -> list[Flowable]:
    if not report.rules:
        return [TextBlock("本期无未通过的评分项。", styles()["body"])]
    cell = styles()["cell"]
    rows: list[list[object]] = [["环节", "评分项", "未通过次数", "适用次数", "未通过率", "一票否决"]]
    commands: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                             ("ALIGN", (2, 0), (-1, -1), "CENTER")]
    for number, rule in enumerate(report.rules, 1):
        rows.append([TextBlock(rule.section, cell), TextBlock(rule.name, cell), str(rule.failed),
                     str(rule.applicable), f"{rule.rate:.0%}", labels.YES if rule.fatal else ""])
        if rule.fatal:
            commands.append(("TEXTCOLOR", (5, number), (5, number), FAIL))
    table = Table(rows, colWidths=[30 * mm, 62 * mm, 22 * mm, 22 * mm, 22 * mm, 22 * mm],
                  repeatRows=1)
    on_grid(table, *commands)
    chart: list[Flowable] = [failure_chart(report.rules)]
    if len(report.rules) > MAX_BARS:
        chart.append(TextBlock(f"图中为未通过次数最多的 {MAX_BARS} 项，全部 {len(report.rules)} 项见上表。",
                               styles()["muted"]))
    return [table, Spacer(0, 3 * mm), KeepTogether(chart)]


def _worst(report: AgentReport) -> Table | TextBlock:
    if not report.worst:
        return TextBlock("本期无已评分通话。", styles()["body"])
    cell = styles()["cell"]
    rows: list[list[object]] = [["序号", "通话编号", "通话时间", "最终得分", "一票否决", "未通过项"]]
    commands: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                             ("ALIGN", (0, 0), (0, -1), "CENTER"),
                             ("ALIGN", (3, 0), (4, -1), "CENTER")]
    for number, call in enumerate(report.worst, 1):
        score = labels.score_text(call.score) + ("（复核）" if call.reviewed else "")
        failed = "、".join(call.failed_rules) or labels.MISSING
        rows.append([str(number), TextBlock(call.call_id, cell), labels.when_text(call.started_at),
                     score, labels.YES if call.fatal else labels.NO,
                     TextBlock(labels.clip(failed), cell)])
        if call.fatal:
            commands.append(("TEXTCOLOR", (4, number), (4, number), FAIL))
    table = Table(rows, colWidths=[12 * mm, 34 * mm, 30 * mm, 22 * mm, 16 * mm, 66 * mm],
                  repeatRows=1)
    on_grid(table, *commands)
    return table


def _exams(report: AgentReport) -> Table | TextBlock:
    if not report.exams:
        return TextBlock("本期无考试记录。", styles()["body"])
    cell = styles()["cell"]
    rows: list[list[object]] = [["考试名称", "次数", "交卷时间", "得分", "结果", "用时"]]
    commands: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                             ("ALIGN", (1, 0), (-1, -1), "CENTER")]
    for number, exam in enumerate(report.exams, 1):
        score = (f"{labels.points_text(round(exam.score, 1))} / {labels.points_text(exam.max_score)}"
                 if exam.score is not None else labels.MISSING)
        rows.append([TextBlock(exam.exam, cell), f"第 {exam.attempt} 次",
                     labels.when_text(exam.submitted_at), score, labels.PASSED[exam.passed],
                     labels.clock_text(exam.seconds)])
        colour = {True: PASS, False: FAIL}.get(exam.passed, MUTED)
        commands.append(("TEXTCOLOR", (4, number), (4, number), colour))
    table = Table(rows, colWidths=[60 * mm, 18 * mm, 32 * mm, 26 * mm, 20 * mm, 24 * mm],
                  repeatRows=1)
    on_grid(table, *commands)
    return table


def _signatures() -> KeepTogether:
    table = signature_lines("人事审核签字：")
    s = styles()
    return KeepTogether([TextBlock("签字确认", s["heading"]),
                         TextBlock("坐席签字表示已阅知本期质检结果与奖惩明细。", s["muted"]), table])

