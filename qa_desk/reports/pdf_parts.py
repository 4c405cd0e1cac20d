"""The smaller blocks of the evaluation form: header facts, scores, 一票否决, comments,
rewards and penalties, review history and the signature lines."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from qa_desk.reports import labels
from qa_desk.reports.form import EvaluationForm, HistoryEntry, RewardLine
from qa_desk.reports.masking import mask_text
from qa_desk.reports.pdf_style import (
    FAIL,
    HEAD_FILL,
    INK,
    LABEL_FILL,
    MUTED,
    PASS,
    RULE,
    font_name,
    styles,
)
from qa_desk.reports.pdf_text import TextBlock

FULL_WIDTH = 180 * mm


def info_table(form: EvaluationForm) -> Table:
    status = labels.label(labels.STATUSES, form.status)
    if form.signed_by:
        status += f"（{form.signed_by} {labels.when_text(form.signed_at)}）"
    rows = [
        ("坐席工号", form.agent_id or labels.MISSING, "坐席姓名", form.agent_name or labels.MISSING,
         "通话类型", labels.label(labels.CHANNELS, form.channel)),
        ("通话编号", form.call_id, "通话时间", labels.when_text(form.started_at, seconds=True),
         "通话时长", labels.duration_text(form.duration)),
        ("评分规则", form.pack, "复核人", form.reviewed_by or labels.MISSING, "评估状态", status),
    ]
    return info_rows(rows, widths=[16 * mm, 44 * mm] * 3)


def info_rows(rows: list[tuple[str, ...]], *, widths: list[float]) -> Table:
    """Label, value, label, value…: labels shaded, values wrapped in their column."""
    cell = styles()["cell"]
    data = [[text if column % 2 == 0 else TextBlock(text, cell) for column, text in enumerate(row)]
            for row in rows]
    table = Table(data, colWidths=widths)
    label_columns = range(0, len(widths), 2)
    labels_fill = [("BACKGROUND", (c, 0), (c, -1), LABEL_FILL) for c in label_columns]
    labels_ink = [("TEXTCOLOR", (c, 0), (c, -1), MUTED) for c in label_columns]
    on_grid(table, *labels_fill, *labels_ink)
    return table


def score_table(form: EvaluationForm) -> Table:
    fatal = labels.YES if form.fatal else labels.NO
    rows = [["自动评分", "复核评分", "最终得分", labels.FATAL],
            [labels.score_text(form.auto_score), labels.score_text(form.reviewed_score),
             labels.score_text(form.final_score), fatal]]
    table = Table(rows, colWidths=[FULL_WIDTH / 4] * 4)
    font = font_name()
    on_grid(table, ("FONT", (0, 0), (-1, 0), font, 8.5, 11), ("FONT", (0, 1), (-1, 1), font, 16, 20),
             ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
             ("TOPPADDING", (0, 1), (-1, 1), 4), ("BOTTOMPADDING", (0, 1), (-1, 1), 7),
             ("TEXTCOLOR", (3, 1), (3, 1), FAIL if form.fatal else PASS))
    return table


def fatal_banner(form: EvaluationForm) -> Table | None:
    """A red band when 一票否决 is in force; a note when review lifted the automatic one."""
    s = styles()
    vetoing = "、".join(i.name for i in form.items if i.vetoes) or "否决项"
    if form.fatal:
        text = f"一票否决：{vetoing} 未通过，本次评估得分为 0 分。"
        table = Table([[TextBlock(text, s["banner"])]], colWidths=[FULL_WIDTH])
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), FAIL),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 8),
                                   ("TOPPADDING", (0, 0), (-1, -1), 5),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
        return table
    if form.auto_fatal:
        note = "自动评分触发一票否决，经主管复核已撤销（见评分明细）。"
        table = Table([[TextBlock(note, s["body"])]], colWidths=[FULL_WIDTH])
        table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.9, FAIL)]))
        return table
    return None


def comment_box(comment: str) -> TextBlock:
    """The supervisor's comment, framed; a long one runs on over the page break."""
    return TextBlock(comment or "无", styles()["boxed"])


def history_table(history: tuple[HistoryEntry, ...], *, mask: bool) -> Table | TextBlock:
    if not history:
        return TextBlock("无", styles()["body"])
    rows: list[list[object]] = [["时间", "操作人", "操作", "原因"]]
    cell = styles()["cell"]
    for entry in history:
        reason = mask_text(entry.reason or "", mask)
        rows.append([labels.when_text(entry.at), entry.by, labels.label(labels.ACTIONS, entry.action),
                     TextBlock(labels.clip(reason), cell) if reason else labels.MISSING])
    table = Table(rows, colWidths=[34 * mm, 30 * mm, 24 * mm, 92 * mm], repeatRows=1)
    on_grid(table, ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    return table


LEDGER_WIDTHS = [20 * mm, 36 * mm, 22 * mm, 40 * mm, 62 * mm]
LEDGER_REASON_LIMIT = 160  # characters of a ledger line's reason (the rest is in the system)


def ledger_table(lines: tuple[RewardLine, ...] | None, *, mask: bool, empty: str = "无",
                 always_total: bool = False) -> Table | TextBlock:
    """Rewards (+) and penalties (−) in yuan, each with the evaluations or entries it came from,
    and their total (when more than one, or `always_total`); `empty` when there are none."""
    if lines is None:
        return TextBlock("未核算（奖惩规则未启用）", styles()["body"])
    if not lines:
        return TextBlock(empty, styles()["body"])
    cell = styles()["cell"]
    rows: list[list[object]] = [["日期", "奖惩项目", "金额（元）", "依据", "说明"]]
    commands: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                             ("ALIGN", (2, 0), (2, -1), "RIGHT")]
    for number, line in enumerate(lines, 1):
        reason = labels.clip(mask_text(line.reason or "", mask), LEDGER_REASON_LIMIT)
        rows.append([line.on.isoformat(), TextBlock(line.label, cell), labels.money_text(line.amount),
                     TextBlock(labels.sources_text(line.sources), cell),
                     TextBlock(reason, cell) if reason else labels.MISSING])
        commands.append(("TEXTCOLOR", (2, number), (2, number), FAIL if line.amount < 0 else PASS))
    if always_total or len(lines) > 1:
        total = sum((line.amount for line in lines), Decimal(0))
        rows.append(["合计", f"{len(lines)} 项", labels.money_text(total), "", ""])
        last = len(rows) - 1
        commands += [("BACKGROUND", (0, last), (-1, last), LABEL_FILL),
                     ("TEXTCOLOR", (2, last), (2, last), FAIL if total < 0 else PASS if total else INK),
                     ("LINEABOVE", (0, last), (-1, last), 0.9, RULE)]
    table = Table(rows, colWidths=LEDGER_WIDTHS, repeatRows=1)
    on_grid(table, *commands)
    return table


def signature_lines(first: str) -> Table:
    """Two lines to sign on, with dates: `first` (the reviewer or HR), then the agent."""
    rows = [[first, "", "日期：", ""], ["", "", "", ""], ["坐席确认签字：", "", "日期：", ""]]
    table = Table(rows, colWidths=[30 * mm, 80 * mm, 16 * mm, 54 * mm],
                  rowHeights=[11 * mm, 3 * mm, 11 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font_name(), 10, 13),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        *[("LINEBELOW", (c, r), (c, r), 0.8, INK) for c in (1, 3) for r in (0, 2)],
    ]))
    return table


def signature_block(form: EvaluationForm) -> KeepTogether:
    s = styles()
    table = signature_lines("质检主管签字：")
    parts: list[Flowable] = [TextBlock("签字确认", s["heading"])]
    if form.signed_by:
        parts.append(TextBlock(f"系统签核：{form.signed_by}，{labels.when_text(form.signed_at)}",
                               s["small"]))
    parts += [TextBlock("坐席签字表示已阅知本评估结果。", s["muted"]), table]
    return KeepTogether(parts)


def on_grid(table: Table, *extra: tuple) -> None:
    table.setStyle(TableStyle([*_grid(), *extra]))


def _grid() -> list[tuple]:
    return [
        ("FONT", (0, 0), (-1, -1), font_name(), 8.5, 11.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]

