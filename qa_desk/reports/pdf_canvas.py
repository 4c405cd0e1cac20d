"""Page furniture: "第 x 页 / 共 y 页", the document id and the organisation on every page.

The total is only known at the end, so pages are kept until the document is saved and the
footer is drawn on each then (the usual two-pass canvas of reportlab)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from qa_desk.reports.pdf_fonts import SharedSubsetFont
from qa_desk.reports.pdf_style import MUTED, RULE, font_name

MAX_BODIES = 20_000
# (font, its name in the document, size, leading, text) → the operators of one line of text;
# only for text that encodes the same in every document (see SharedSubsetFont.fixed_split).
_bodies: dict[tuple[str, str, float, float, str], str] = {}


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

        def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
            if args or kwargs or not self._quick_text(x, y, text):
                super().drawString(x, y, text, *args, **kwargs)

        def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any
                              ) -> None:
            if args or kwargs or not self._quick_text(
                    x - 0.5 * self.stringWidth(text, self._fontname, self._fontsize), y, text):
                super().drawCentredString(x, y, text, *args, **kwargs)

        def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any
                            ) -> None:
            if args or kwargs or not self._quick_text(
                    x - self.stringWidth(text, self._fontname, self._fontsize), y, text):
                super().drawRightString(x, y, text, *args, **kwargs)

        def _quick_text(self, x: float, y: float, text: str) -> bool:
            """The operators reportlab writes for one line of text (BT, Tm, Tf, Tj, T*, ET),
            with the encoded text kept per process: table cells print the same labels and
            numbers in every form. False when the text needs reportlab's general path."""
            font = pdfmetrics.getFont(self._fontname)
            if not (self.bottomup and isinstance(font, SharedSubsetFont)
                    and self._doc in font.state):
                return False
            # The font's name in this document (/F2+0) is part of the key: it depends on the
            # order fonts were first used in.
            key = (self._fontname, font.getSubsetInternalName(0, self._doc), self._fontsize,
                   self._leading, text)
            body = _bodies.get(key)
            if body is None:
                split = font.fixed_split(text, self._doc)
                if split is None:
                    return False
                size = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
                parts, current = [], -1
                for subset, piece in split:
                    if subset != current:
                        parts.append(f"{font.getSubsetInternalName(subset, self._doc)} {size}")
                        current = subset
                    parts.append(f"({self._escape(piece)}) Tj")
                body = " ".join(parts)
                if len(_bodies) < MAX_BODIES:
                    _bodies[key] = body
            self._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {body} T* ET")
            return True

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
