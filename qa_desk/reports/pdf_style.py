"""Colours and text styles of the printed forms, set up once per process."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from reportlab.lib import colors
from reportlab.lib.colors import Color

from qa_desk.reports.pdf_fonts import font_name

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#5b6470")
RULE = colors.HexColor("#9aa3ad")
HEAD_FILL = colors.HexColor("#e8ecf1")
LABEL_FILL = colors.HexColor("#f3f5f8")
PASS = colors.HexColor("#1a7f37")
FAIL = colors.HexColor("#c62828")
NA = colors.HexColor("#6e7781")
AMBER = colors.HexColor("#b35900")
HIGHLIGHT = colors.HexColor("#fff1a8")
VERDICT_COLOURS = {"pass": PASS, "fail": FAIL, "na": NA}


@dataclass(frozen=True, slots=True)
class TextStyle:
    font: str
    size: float
    leading: float
    color: Color = INK
    align: str = "left"  # left, center, right
    # Room kept free at the right end of each line: closing punctuation never crosses a border.
    right_room: float = 0.0
    box: Color | None = None  # a frame drawn around the block, `padding` inside it
    padding: float = 0.0
    # Spacing and keeping with the next flowable, under the names reportlab's frames read.
    spaceBefore: float = 0.0
    spaceAfter: float = 0.0
    keepWithNext: bool = False


@cache
def styles() -> dict[str, TextStyle]:
    body = TextStyle(font_name(), 9, 12.5, right_room=1)
    return {
        "body": body,
        "cell": replace(body, size=8.5, leading=11.5),
        "small": replace(body, size=8, leading=11),
        "muted": replace(body, size=7.5, leading=10, color=MUTED),
        "org": replace(body, size=10.5, leading=14, align="center", color=MUTED),
        "title": replace(body, size=17, leading=22, align="center", spaceAfter=2),
        "docid": replace(body, size=8, leading=10, align="right", color=MUTED),
        "heading": replace(body, size=11, leading=15, spaceBefore=6, spaceAfter=3),
        "banner": replace(body, size=11, leading=15, color=colors.white),
        "boxed": replace(body, box=RULE, padding=5),
    }
