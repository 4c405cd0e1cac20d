"""The shortcuts that make forms fast write exactly what reportlab itself writes."""

from __future__ import annotations

from reportlab.lib.units import mm

from qa_desk.reports import pdf_canvas
from qa_desk.reports.pdf_canvas import numbered_canvas
from qa_desk.reports.pdf_fonts import font_name
from tests.reports.report_helpers import pdf_text

LINES = ["坐席工号", "10 / 10", "通过", "未通过\n原：通过", "一票否决", "欧阳", "abc (1) \\ x"]


def draw(path, canvas_class, *, times_first: bool) -> None:
    canvas = canvas_class(str(path), invariant=1)
    if times_first:  # then the Chinese font gets another name in this document
        canvas.setFont("Times-Roman", 10)
        canvas.drawString(20 * mm, 280 * mm, "first")
    canvas.setFont(font_name(), 8.5, 11.5)
    for row, text in enumerate(LINES * 2):  # the second time from the cache
        y = (260 - 8 * row) * mm
        canvas.drawString(20 * mm, y, text)
        canvas.drawCentredString(100 * mm, y, text)
        canvas.drawRightString(190 * mm, y, text)
    canvas.showPage()
    canvas.save()


def test_quick_text_is_byte_for_byte_reportlabs(tmp_path, monkeypatch):
    for times_first in (False, True, False):
        quick, plain = numbered_canvas("QA-x", "footer"), numbered_canvas("QA-x", "footer")
        monkeypatch.setattr(plain, "_quick_text", lambda self, x, y, text: False)
        draw(tmp_path / "quick.pdf", quick, times_first=times_first)
        draw(tmp_path / "plain.pdf", plain, times_first=times_first)
        assert (tmp_path / "quick.pdf").read_bytes() == (tmp_path / "plain.pdf").read_bytes()
        text = pdf_text(tmp_path / "quick.pdf")
        assert "坐席工号" in text and "一票否决" in text and "欧阳" in text
    names = {key[1] for key in pdf_canvas._bodies if key[-1] == "坐席工号"}
    assert len(names) == 2  # the quick path ran, under both names the font had
