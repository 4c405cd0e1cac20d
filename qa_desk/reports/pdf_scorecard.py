"""The scorecard table of the evaluation form: one row per rule, evidence wrapped in cells."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from qa_desk.reports import labels
from qa_desk.reports.details import detail_text
from qa_desk.reports.form import FormItem, Quote
from qa_desk.reports.masking import mask_text
from qa_desk.reports.pdf_style import (
    AMBER,
    FAIL,
    HEAD_FILL,
    HIGHLIGHT,
    MUTED,
    PASS,
    RULE,
    VERDICT_COLOURS,
    font_name,
    styles,
)
from qa_desk.reports.pdf_text import Run, TextBlock, measure

COLUMNS = (("环节", 19), ("评分项", 27), ("结果", 15), ("得分", 17), ("主管复核", 42),
           ("证据摘录", 60))
WIDTHS = [width * mm for _, width in COLUMNS]
PADDING = 3
VETO_FILL = colors.HexColor("#fdecec")
REVIEW_COLOURS = {"confirm": PASS, "reject": FAIL, "override": AMBER}


def scorecard(items: tuple[FormItem, ...], *, mask: bool) -> Table:
    rows: list[list[object]] = [[title for title, _ in COLUMNS]]
    commands: list[tuple] = []
    previous_section = None
    for number, item in enumerate(items, 1):
        section = item.section if item.section != previous_section else ""
        previous_section = item.section
        rows.append([_fit(section, 0), _name(item), _verdict(item), _points(item),
                     _review(item, mask), _evidence(item, mask)])
        colour = VERDICT_COLOURS.get(item.final_result, MUTED)
        commands.append(("TEXTCOLOR", (2, number), (2, number), colour))
        if item.vetoes:
            commands.append(("BACKGROUND", (0, number), (-1, number), VETO_FILL))
        if section and number > 1:
            commands.append(("LINEABOVE", (0, number), (-1, number), 0.9, RULE))
    table = Table(rows, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(TableStyle([*_base_style(), *commands]))
    return table


def _base_style() -> list[tuple]:
    font = font_name()
    return [
        ("FONT", (0, 0), (-1, -1), font, 8.5, 11.5),
        ("FONT", (0, 0), (-1, 0), font, 9, 12),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 0), (3, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING + 1),
    ]


def _fit(text: str, column: int) -> str | TextBlock:
    """Plain text when it fits the column on one line (cheapest); wrapped if not."""
    cell = styles()["cell"]
    if measure(text, cell) <= WIDTHS[column] - 2 * PADDING:
        return text
    return TextBlock(text, cell)


def _name(item: FormItem) -> str | TextBlock:
    if not item.fatal:
        return _fit(item.name, 1)
    tag = "一票否决项" + ("\n已触发" if item.vetoes else "")
    return TextBlock([Run(item.name + "\n"), Run(tag, FAIL)], styles()["cell"])


def _verdict(item: FormItem) -> str:
    text = labels.label(labels.VERDICTS, item.final_result)
    if item.final_result != item.result:
        text += f"\n原：{labels.label(labels.VERDICTS, item.result)}"
    return text


def _points(item: FormItem) -> str:
    if item.final_result == "na" and item.review != "override":
        return f"{labels.MISSING} / {labels.points_text(item.max_points)}"
    text = f"{labels.points_text(item.final_points)} / {labels.points_text(item.max_points)}"
    if item.final_points != item.points:
        text += f"\n原 {labels.points_text(item.points)}"
    return text


def _review(item: FormItem, mask: bool) -> str | TextBlock:
    if item.review is None and not item.comment:
        return labels.MISSING
    runs = []
    if item.review is not None:
        runs.append(Run(labels.label(labels.REVIEWS, item.review), REVIEW_COLOURS.get(item.review)))
        reason = labels.clip(mask_text(item.reason or "", mask))
        runs.append(Run(f"：{reason}" if reason else ""))
    if item.comment:
        comment = labels.clip(mask_text(item.comment, mask))
        runs.append(Run(("\n" if runs else "") + f"备注：{comment}"))
    return TextBlock(runs, styles()["cell"])


def _evidence(item: FormItem, mask: bool) -> str | TextBlock:
    runs: list[Run] = []
    for quote in item.quotes:
        runs += [*_quote(quote, mask), Run("\n")]
    if item.more_quotes:
        runs += [Run(f"另有 {item.more_quotes} 处", MUTED), Run("\n")]
    if item.detail and item.result != "na":
        runs.append(Run(mask_text(detail_text(item.detail), mask), MUTED))
    return TextBlock(runs, styles()["cell"]) if runs else ""


def _quote(quote: Quote, mask: bool) -> list[Run]:
    head = " ".join(filter(None, (labels.SPEAKERS.get(quote.speaker, quote.speaker),
                                  labels.timecode(quote.at))))
    runs = [Run(f"{head} ", MUTED)] if head else []
    runs.append(Run("「" + ("…" if quote.cut_before else "")))
    runs += [Run(text, highlight=HIGHLIGHT if matched else None)
             for text, matched in quote.parts(mask_text(quote.text, mask))]
    runs.append(Run(("…" if quote.cut_after else "") + "」"))
    return runs
