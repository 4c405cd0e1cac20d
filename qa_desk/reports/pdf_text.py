"""A light text flowable for the forms: runs of coloured (optionally highlighted) text,
wrapped to the width given, Chinese broken between any two characters, Latin words and
numbers kept whole, no line starting with closing punctuation.

reportlab's Paragraph parses markup and measures text many times over; forms print
thousands of short cells, so this does the little they need, measuring each character once
per process."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Flowable

from qa_desk.reports.pdf_style import TextStyle

CANNOT_START = set("!),.:;?]}¢°·’”、。〉》」』】〕〗〞︰︱︳﹐﹑﹒﹓﹔﹕﹖﹘﹚﹜！＂％＇），．：；？］｝～")
CANNOT_END = set("([{£¥‘“〈《「『【〔〖〝﹙﹛（［｛￡￥")
# A Latin word, a number (with its separators) or one space stays whole; anything else,
# Chinese characters included, is a unit of its own.
_ATOMS = re.compile(r"[A-Za-z0-9_@#%&+\-./:'’*]+|\s|.", re.DOTALL)
_widths: dict[str, dict[str, float]] = {}  # font → character → width at size 1


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    color: Color | None = None  # the style's colour when None
    highlight: Color | None = None


Line = list[tuple[str, int]]  # (text, index of its run)


class TextBlock(Flowable):
    def __init__(self, runs: Sequence[Run] | str, style: TextStyle) -> None:
        super().__init__()
        self.runs = [Run(runs)] if isinstance(runs, str) else list(runs)
        self.style = style
        self._lines: list[Line] = []
        self._laid_out_for: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style = self.style
        if self._laid_out_for != avail_width:
            room = avail_width - style.right_room - 2 * style.padding
            self._lines = layout(self.runs, room, style)
            self._laid_out_for = avail_width
        self.width = avail_width
        self.height = max(1, len(self._lines)) * style.leading + 2 * style.padding
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[TextBlock]:
        """Whole lines that fit, and the rest: long text may run on over a page break."""
        self.wrap(avail_width, avail_height)
        fit = int((avail_height - 2 * self.style.padding + 0.01) // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(self._lines):
            return [self]
        return [self._with_lines(self._lines[:fit], avail_width),
                self._with_lines(self._lines[fit:], avail_width)]

    def _with_lines(self, lines: list[Line], width: float) -> TextBlock:
        part = TextBlock(self.runs, self.style)
        part._lines, part._laid_out_for = lines, width
        return part

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        if style.box is not None:
            canvas.setStrokeColor(style.box)
            canvas.setLineWidth(0.9)
            canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        ascent, descent = getAscentDescent(style.font, style.size)
        text = canvas.beginText()
        text.setFont(style.font, style.size)
        pad = style.padding
        baseline = self.height - pad - (style.leading - (ascent - descent)) / 2 - ascent
        colour = None
        for line in self._lines:
            x = pad + _start(line, self.width - 2 * pad, style)
            text.setTextOrigin(x, baseline)  # each piece goes on where the last one ended
            highlighted = any(self.runs[index].highlight is not None for _, index in line)
            for piece, index in line:
                run = self.runs[index]
                if run.highlight is not None:
                    canvas.setFillColor(run.highlight)
                    canvas.rect(x, baseline + descent, measure(piece, style), ascent - descent,
                                stroke=0, fill=1)
                if (run.color or style.color) != colour:
                    colour = run.color or style.color
                    text.setFillColor(colour)
                text.textOut(piece)
                if highlighted:
                    x += measure(piece, style)
            baseline -= style.leading
        canvas.drawText(text)


def measure(text: str, style: TextStyle) -> float:
    widths = _widths.get(style.font)
    if widths is None:
        widths = _widths[style.font] = {}
    try:
        return sum(map(widths.__getitem__, text)) * style.size
    except KeyError:
        return sum(_char_width(ch, style.font) for ch in text) * style.size


def layout(runs: Sequence[Run], width: float, style: TextStyle) -> list[Line]:
    """Greedy line filling over atoms; a forced break at every newline."""
    lines: list[Line] = []
    line: list[tuple[str, int, float]] = []
    used = 0.0
    for atom, index in _atoms(runs):
        if atom == "\n":
            lines.append(_merge(line))
            line, used = [], 0.0
            continue
        if atom.isspace() and not line:
            continue
        size = measure(atom, style)
        if used + size <= width + 0.01 or (not line and size <= width):
            line.append((atom, index, size))
            used += size
            continue
        if atom.isspace():
            lines.append(_merge(line))
            line, used = [], 0.0
            continue
        carried = _carry(line, atom)
        if line:
            lines.append(_merge(line))
        line = carried
        used = sum(w for _, _, w in line)
        for piece in _split_long(atom, width - used, width, style):
            size = measure(piece, style)
            if line and used + size > width + 0.01:
                lines.append(_merge(line))
                line, used = [], 0.0
            line.append((piece, index, size))
            used += size
    lines.append(_merge(line))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def _atoms(runs: Sequence[Run]) -> Iterable[tuple[str, int]]:
    for index, run in enumerate(runs):
        for atom in _ATOMS.findall(run.text):
            yield atom, index


def _carry(line: list[tuple[str, int, float]], atom: str) -> list[tuple[str, int, float]]:
    """What moves down with the next atom: the last character when the atom may not start a
    line (。」), or an opening mark that may not end one (「)."""
    carried = []
    if line and len(line) > 1 and (atom[0] in CANNOT_START or line[-1][0][-1] in CANNOT_END):
        carried.append(line.pop())
        if line and len(line) > 1 and line[-1][0][-1] in CANNOT_END:
            carried.insert(0, line.pop())
    while line and line[-1][0].isspace():
        line.pop()
    return carried


def _split_long(atom: str, first_room: float, width: float, style: TextStyle) -> list[str]:
    """An atom too long for a whole line is cut between characters; others stay whole."""
    if measure(atom, style) <= width:
        return [atom]
    pieces, current, used, room = [], "", 0.0, max(first_room, 0.0)
    for ch in atom:
        size = _char_width(ch, style.font) * style.size
        if current and used + size > room + 0.01:
            pieces.append(current)
            current, used, room = "", 0.0, width
        current += ch
        used += size
    return [*pieces, current] if current else pieces


def _merge(line: list[tuple[str, int, float]]) -> Line:
    merged: Line = []
    for text, index, _ in line:
        if merged and merged[-1][1] == index:
            merged[-1] = (merged[-1][0] + text, index)
        else:
            merged.append((text, index))
    return merged


def _start(line: Line, width: float, style: TextStyle) -> float:
    if style.align == "left":
        return 0.0
    used = sum(measure(text, style) for text, _ in line)
    return (width - used) / 2 if style.align == "center" else width - used


def _char_width(ch: str, font: str) -> float:
    widths = _widths.setdefault(font, {})
    width = widths.get(ch)
    if width is None:
        width = widths[ch] = stringWidth(ch, font, 1.0)
    return width
