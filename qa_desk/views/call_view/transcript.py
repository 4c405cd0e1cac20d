"""The transcript as a conversation: one bubble per turn, customer on the left, agent on the
right, evidence painted on the exact characters a verdict rests on.

A widget per turn (not an item delegate): a call holds tens to a few hundred turns, and
rich-text QLabels give word-wrapped Chinese, inline colours and click handling for free.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from qa_desk.transcripts.model import AGENT, CUSTOMER, Turn
from qa_desk.views.call_view.evidence import FAIL, PASS, Mark, segments
from qa_desk.views.call_view.timeline import Timeline, format_clock

# Red and green that stay readable on both bubble colours; fail is also underlined, so the
# difference does not rest on colour alone.
MARK_STYLES = {
    PASS: "background-color:#c6ecc6; color:#14532d;",
    FAIL: "background-color:#ffc2c2; color:#a10000; text-decoration:underline;",
}
BUBBLE_COLOURS = {AGENT: ("#e6f0fc", "#a9c6ec"), CUSTOMER: ("#f2f2f0", "#d0d0cc")}
CURRENT_BORDER = "#e69500"   # the turn being played
SELECTED_BORDER = "#2563c9"  # the turn the user clicked or jumped to
FLASH_BACKGROUND = "#fff0a0"
FLASH_TOGGLES = 6
FLASH_MS = 140


def turn_html(text: str, marks: Sequence[Mark]) -> str:
    """The turn's text as rich text, evidence wrapped in coloured spans."""
    parts = []
    for segment in segments(text, marks):
        escaped = html.escape(segment.text)
        if segment.result is None:
            parts.append(escaped)
        else:
            parts.append(f'<span style="{MARK_STYLES[segment.result]}">{escaped}</span>')
    return "".join(parts)


class TurnBubble(QFrame):
    clicked = Signal(int)

    def __init__(self, index: int, turn: Turn, header: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.turn = turn
        self.setObjectName("bubble")
        self.current = self.selected = self.flashing = False
        self.header = QLabel(header)
        self.header.setObjectName("bubbleHeader")
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        for label in (self.header, self.body):
            # Clicks go to the bubble: a click anywhere on a turn seeks there.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 8)
        column.setSpacing(2)
        column.addWidget(self.header)
        column.addWidget(self.body)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.set_marks([])

    def set_marks(self, marks: Sequence[Mark]) -> None:
        self.body.setText(turn_html(self.turn.text, marks))

    def html(self) -> str:
        return self.body.text()

    def restyle(self) -> None:
        background, border = BUBBLE_COLOURS.get(self.turn.speaker, BUBBLE_COLOURS[CUSTOMER])
        width = 1
        if self.flashing:
            background = FLASH_BACKGROUND
        if self.selected:
            border, width = SELECTED_BORDER, 2
        if self.current:
            border, width = CURRENT_BORDER, 3
        self.setStyleSheet(
            f"QFrame#bubble {{ background:{background}; border:{width}px solid {border};"
            " border-radius:8px; }"
            " QLabel#bubbleHeader { color:#5b6470; font-size:11px; }")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.index)
        super().mousePressEvent(event)


class TranscriptPane(QScrollArea):
    turn_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.bubbles: list[TurnBubble] = []
        self.current_index: int | None = None
        self.selected_index: int | None = None
        self._flash_left = 0
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._on_flash)
        self._content = QWidget()
        self._content.setObjectName("transcriptContent")
        self._column = QVBoxLayout(self._content)
        self._column.setContentsMargins(12, 12, 12, 12)
        self._column.setSpacing(8)
        self.setWidget(self._content)

    def set_turns(self, turns: Sequence[Turn], timeline: Timeline,
                  marks: dict[int, list[Mark]]) -> None:
        self._clear()
        for index, turn in enumerate(turns):
            header = self._header(turn, timeline.start_of(index), timeline.synthetic)
            bubble = TurnBubble(index, turn, header)
            bubble.set_marks(marks.get(index, []))
            bubble.restyle()
            bubble.clicked.connect(self._on_bubble_clicked)
            self.bubbles.append(bubble)
            self._column.addWidget(self._row(bubble))
        self._column.addStretch(1)

    def set_marks(self, marks: dict[int, list[Mark]]) -> None:
        for bubble in self.bubbles:
            bubble.set_marks(marks.get(bubble.index, []))

    def set_current(self, index: int | None, *, follow: bool = True) -> None:
        """The turn being played: outlined, and scrolled into view when it changes."""
        if index == self.current_index:
            return
        self._restyle(self.current_index, current=False)
        self.current_index = index
        self._restyle(index, current=True)
        if follow and index is not None:
            self.scroll_to(index)

    def select(self, index: int, *, flash: bool = False) -> None:
        self._restyle(self.selected_index, selected=False, flashing=False)
        self.selected_index = index
        self._restyle(index, selected=True)
        self.scroll_to(index)
        if flash:
            self._flash_left = FLASH_TOGGLES
            self._restyle(index, flashing=True)
            self._flash_timer.start()

    def scroll_to(self, index: int) -> None:
        """Put the turn in the middle of the pane, where the eye is."""
        if not 0 <= index < len(self.bubbles):
            return
        self._content.layout().activate()  # geometry is valid even before the first paint
        row = self.bubbles[index].parentWidget()
        middle = row.y() + row.height() // 2 - self.viewport().height() // 2
        bar = self.verticalScrollBar()
        bar.setValue(max(bar.minimum(), min(bar.maximum(), middle)))

    def is_in_view(self, index: int) -> bool:
        row = self.bubbles[index].parentWidget()
        top_left = row.mapTo(self.viewport(), QPoint(0, 0))
        return QRect(top_left, row.size()).intersects(self.viewport().rect())

    def _header(self, turn: Turn, start: float, synthetic: bool) -> str:
        speaker = {AGENT: self.tr("Agent"), CUSTOMER: self.tr("Customer")}.get(
            turn.speaker, turn.speaker)
        # Estimated times are marked: a supervisor must not quote them as the real moment.
        stamp = ("≈ " if synthetic else "") + format_clock(start)
        return f"{speaker} · {stamp}"

    def _row(self, bubble: TurnBubble) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        # The agent on the right, as "us" in a chat; the bubble takes at most ~4/5 of the width.
        if bubble.turn.speaker == AGENT:
            line.addStretch(1)
            line.addWidget(bubble, 4)
        else:
            line.addWidget(bubble, 4)
            line.addStretch(1)
        return row

    def _restyle(self, index: int | None, **state: bool) -> None:
        if index is None or not 0 <= index < len(self.bubbles):
            return
        bubble = self.bubbles[index]
        for name, value in state.items():
            setattr(bubble, name, value)
        bubble.restyle()

    def _clear(self) -> None:
        self._flash_timer.stop()
        while self._column.count():
            item = self._column.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.bubbles = []
        self.current_index = self.selected_index = None

    def _on_bubble_clicked(self, index: int) -> None:
        self.select(index)
        self.turn_clicked.emit(index)

    def _on_flash(self) -> None:
        self._flash_left -= 1
        on = self._flash_left > 0 and self._flash_left % 2 == 0
        self._restyle(self.selected_index, flashing=on)
        if self._flash_left <= 0:
            self._flash_timer.stop()
