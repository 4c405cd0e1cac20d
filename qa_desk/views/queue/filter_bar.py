"""QueueFilterBar: the widgets that build a QueueFilter, applied on Enter or after a pause."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from qa_desk.services.queue import QueueFilter

# Filters apply this long after the last change, so typing or stepping does not reload each time.
DEBOUNCE_MS = 350
NO_DATE = QDate(2000, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date edit whose lowest value reads "Any"; its calendar then opens on today's month."""

    def __init__(self, any_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(any_text)
        self.clear_date()

    def value(self) -> date | None:
        chosen = self.date()
        return None if chosen == self.minimumDate() else chosen.toPython()

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value) if value else self.minimumDate())

    def clear_date(self) -> None:
        self.setDate(self.minimumDate())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if self.date() == self.minimumDate():
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())


class QueueFilterBar(QWidget):
    filter_changed = Signal(object)  # QueueFilter

    def __init__(self, *, rules: Iterable[tuple[str, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._applied = QueueFilter()
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply)
        self._build(list(rules))
        self._connect_callbacks()

    # -- public ---------------------------------------------------------------------------------

    def current_filter(self) -> QueueFilter:
        return QueueFilter(
            agent=self.agent.currentData(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            score_min=_bound(self.score_min),
            score_max=_bound(self.score_max),
            failed_rule=self.failed_rule.currentData(),
            status=self.status.currentData(),
            channel=self.channel.currentData(),
            text=self.text.text().strip() or None,
        )

    def set_agents(self, agents: Iterable[tuple[str, str | None]]) -> None:
        """Fill the agent list, keeping the chosen agent if it is still there."""
        chosen = self.agent.currentData()
        self.agent.blockSignals(True)
        self.agent.clear()
        self.agent.addItem(self.tr("All agents"), None)
        for agent_id, name in agents:
            self.agent.addItem(f"{agent_id} {name or ''}".strip(), agent_id)
        found = self.agent.findData(chosen) if chosen else 0
        self.agent.setCurrentIndex(max(found, 0))
        self.agent.blockSignals(False)
        if chosen and found < 0:
            self.schedule()

    def apply(self) -> None:
        """Emit the filter now, if it differs from the one last applied."""
        self._debounce.stop()
        current = self.current_filter()
        if current != self._applied:
            self._applied = current
            self.filter_changed.emit(current)

    def schedule(self) -> None:
        self._debounce.start()

    def clear(self) -> None:
        for widget in self._inputs():
            widget.blockSignals(True)
        for combo in (self.agent, self.failed_rule, self.status, self.channel):
            combo.setCurrentIndex(0)
        self.date_from.clear_date()
        self.date_to.clear_date()
        self.score_min.setValue(self.score_min.minimum())
        self.score_max.setValue(self.score_max.minimum())
        self.text.clear()
        for widget in self._inputs():
            widget.blockSignals(False)
        self.apply()

    # -- building -------------------------------------------------------------------------------

    def _build(self, rules: list[tuple[str, str]]) -> None:
        self.agent = QComboBox()
        self.agent.setMinimumContentsLength(10)
        self.agent.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.agent.addItem(self.tr("All agents"), None)
        self.channel = _combo([
            (self.tr("All channels"), None), (self.tr("Inbound"), "inbound"),
            (self.tr("Outbound"), "outbound"),
        ])
        self.status = _combo([
            (self.tr("Any status"), None), (self.tr("Unscored"), "unscored"), (self.tr("Auto"), "auto"),
            (self.tr("In review"), "in_review"), (self.tr("Signed"), "signed"),
            (self.tr("Disputed (open)"), "disputed"),
        ])
        self.failed_rule = _combo([(self.tr("Any failed rule"), None)]
                                  + [(f"{name}  ({rule_id})", rule_id) for rule_id, name in rules])
        self.date_from = OptionalDateEdit(self.tr("Any"))
        self.date_to = OptionalDateEdit(self.tr("Any"))
        self.score_min = _score_box(self.tr("Any"))
        self.score_max = _score_box(self.tr("Any"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Search in transcripts…"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(180)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Show every call again"))
        self._lay_out()

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Agent")), 0, 0)
        grid.addWidget(self.agent, 0, 1)
        grid.addWidget(QLabel(self.tr("Date")), 0, 2)
        grid.addLayout(_pair(self.date_from, self.date_to), 0, 3)
        grid.addWidget(QLabel(self.tr("Score")), 0, 4)
        grid.addLayout(_pair(self.score_min, self.score_max), 0, 5)
        grid.addWidget(self.text, 0, 6, 1, 2)
        grid.addWidget(QLabel(self.tr("Failed rule")), 1, 0)
        grid.addWidget(self.failed_rule, 1, 1)
        grid.addWidget(QLabel(self.tr("Status")), 1, 2)
        grid.addWidget(self.status, 1, 3)
        grid.addWidget(QLabel(self.tr("Channel")), 1, 4)
        grid.addWidget(self.channel, 1, 5)
        grid.addWidget(self.clear_button, 1, 7, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(6, 1)

    def _connect_callbacks(self) -> None:
        for combo in (self.agent, self.failed_rule, self.status, self.channel):
            combo.currentIndexChanged.connect(self.schedule)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.schedule)
        for box in (self.score_min, self.score_max):
            box.valueChanged.connect(self.schedule)
        self.text.textChanged.connect(self.schedule)
        self.text.returnPressed.connect(self.apply)
        self.clear_button.clicked.connect(self.clear)

    def _inputs(self) -> list[QWidget]:
        return [self.agent, self.failed_rule, self.status, self.channel, self.date_from,
                self.date_to, self.score_min, self.score_max, self.text]


def _combo(items: list[tuple[str, str | None]]) -> QComboBox:
    combo = QComboBox()
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _score_box(any_text: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, 100)
    box.setSpecialValueText(any_text)
    box.setValue(-1)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


def _bound(box: QSpinBox) -> float | None:
    return None if box.value() == box.minimum() else float(box.value())


def _pair(first: QWidget, second: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(4)
    row.addWidget(first)
    row.addWidget(QLabel("–"))
    row.addWidget(second)
    return row
