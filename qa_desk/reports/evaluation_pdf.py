"""The per-call evaluation form HR prints and both parties sign (A4 portrait)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from qa_desk.reports.form import EvaluationForm, document_id
from qa_desk.reports.masking import mask_text
from qa_desk.reports.pdf_canvas import numbered_canvas
from qa_desk.reports.pdf_fonts import plain_streams
from qa_desk.reports.pdf_parts import (
    comment_box,
    fatal_banner,
    history_table,
    info_table,
    ledger_table,
    score_table,
    signature_block,
)
from qa_desk.reports.pdf_scorecard import scorecard
from qa_desk.reports.pdf_style import styles
from qa_desk.reports.pdf_text import TextBlock

TITLE = "通话质检评估表"
DEFAULT_ORGANISATION = "QA Desk"
MARGIN = 15 * mm
HEADING_ROOM = 30 * mm  # the heading, a table header and a row or two
EMPTY_ROOM = 12 * mm  # a heading that says "无"


def render_evaluation_pdf(form: EvaluationForm, out: str | Path | BinaryIO, *,
                          organisation: str = DEFAULT_ORGANISATION, mask: bool = True) -> str:
    """Write the form as a PDF to a path or binary stream; returns its document id."""
    doc_id = document_id(form)
    build_document(story(form, doc_id, organisation=organisation, mask=mask), out,
                   doc_id=doc_id, title=f"{TITLE} {form.call_id}",
                   footer=f"{organisation} · {TITLE}", organisation=organisation)
    return doc_id


def build_document(flowables: list[Flowable], out: str | Path | BinaryIO, *, doc_id: str,
                   title: str, footer: str, organisation: str) -> None:
    """A4 portrait with the forms' margins; every page ends with the document id, the page
    number and `footer`."""
    doc = BaseDocTemplate(
        str(out) if isinstance(out, Path) else out, pagesize=A4,
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=14 * mm, bottomMargin=22 * mm,
        title=title, author=organisation, subject=doc_id, creator="QA Desk", invariant=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame])])
    with plain_streams():
        doc.build(flowables, canvasmaker=numbered_canvas(doc_id, footer))


def evaluation_pdf_bytes(form: EvaluationForm, *, organisation: str = DEFAULT_ORGANISATION,
                         mask: bool = True) -> bytes:
    buffer = BytesIO()
    render_evaluation_pdf(form, buffer, organisation=organisation, mask=mask)
    return buffer.getvalue()


def story(form: EvaluationForm, doc_id: str, *, organisation: str, mask: bool) -> list[Flowable]:
    s = styles()
    flowables: list[Flowable] = [
        TextBlock(organisation, s["org"]),
        TextBlock(TITLE, s["title"]),
        id_line(doc_id, mask),
        Spacer(0, 2 * mm),
        info_table(form),
        Spacer(0, 3 * mm),
        score_table(form),
    ]
    banner = fatal_banner(form)
    if banner is not None:
        flowables += [Spacer(0, 2 * mm), banner]
    flowables += [
        *heading("评分明细"),
        scorecard(form.items, mask=mask),
        *heading("总评"),
        comment_box(mask_text(form.comment or "", mask)),
        *_section("奖惩结果", ledger_table(form.rewards, mask=mask) if form.rewards else None,
                  "无" if form.rewards is not None else "未核算（奖惩规则未启用）"),
        *_section("复核、申诉与签核记录",
                  history_table(form.history, mask=mask) if form.history else None),
        Spacer(0, 4 * mm),
        signature_block(form),
    ]
    return flowables


def id_line(doc_id: str, mask: bool) -> Table:
    """The document id, and beside it whether personal numbers are hidden."""
    s = styles()
    note = "手机号、身份证号、银行卡号已部分隐藏" if mask else "含完整个人号码，仅限授权人员"
    table = Table([[TextBlock(note, s["muted"]), TextBlock(f"文档编号：{doc_id}", s["docid"])]],
                  colWidths=[70 * mm, 110 * mm])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


def heading(text: str) -> list[Flowable]:
    """A section title, never alone at the foot of a page: a new page when little is left."""
    return [CondPageBreak(HEADING_ROOM), TextBlock(text, styles()["heading"])]


def _section(title: str, body: Flowable | None, empty: str = "无") -> list[Flowable]:
    """A titled table; when there is nothing to list, one line says so ("奖惩结果：无"), which
    keeps a short form on one page."""
    if body is not None:
        return [*heading(title), body]
    return [CondPageBreak(EMPTY_ROOM), TextBlock(f"{title}：{empty}", styles()["heading"])]
