"""Page furniture: "第 x 页 / 共 y 页", the document id and the organisation on every page.

The total is only known at the end, so pages are kept until the document is saved and the
footer is drawn on each then (the usual two-pass canvas of reportlab)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from qa_desk.reports.pdf_style import MUTED, RULE, font_name


def page_label(number: int, total: int) -> str:
    return f"第 {number} 页 / 共 {total} 页"


def elide(text: str, font: str, size: float, room: float) -> str:
    """`text`, its middle left out (…) when it is wider than `room`."""
    if stringWidth(text, font, size) <= room:
        return text
    keep = len(text)
    while keep > 2 and stringWidth(text[: keep // 2] + "…" + text[-(keep // 2):], font, size) > room:
        keep -= 2
    return text[: keep // 2] + "…" + text[-(keep // 2):]


def numbered_canvas(footer_left: str, footer_right: str) -> type[Canvas]:
    """A canvas class (for `doc.build(canvasmaker=...)`) whose pages end with the document id
    and the page number on one line and `footer_right` (who and what) below them."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            left, right, y = 15 * mm, width - 15 * mm, 13 * mm
            font = font_name()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, y + 4 * mm, right, y + 4 * mm)
            self.setFillColor(MUTED)
            label = page_label(number, total)
            self.setFont(font, 8)
            self.drawRightString(right, y, label)
            room = right - left - stringWidth(label, font, 8) - 6 * mm
            self.drawString(left, y, elide(footer_left, font, 8, room))
            self.setFont(font, 7)
            self.drawString(left, y - 4 * mm, elide(footer_right, font, 7, right - left))

    return NumberedCanvas
