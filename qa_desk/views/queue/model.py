"""QueueModel: a thin, lazily paged table over QueueService.

The row count comes from ``count()``; rows come in pages of ``page_size`` read by a background
Worker. ``data()`` never runs a query: it serves cached pages and, for a row not cached yet,
shows a placeholder and notes the page as wanted. ``canFetchMore``/``fetchMore`` then read the
wanted pages (newest first, neighbours in one query), and the rows are repainted when they
arrive. Only a bounded number of pages is kept, so 100,000 calls cost a few hundred rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont

from qa_desk.services.queue import QueueFilter, QueueRow, QueueService
from qa_desk.views.workers import Worker, task

CALL_ID, AGENT, DATE, CHANNEL, DURATION, SCORE, FATAL, FAILED_RULES, STATUS = range(9)
COLUMN_COUNT = 9
# Header column -> QueueService sort key; the failed-rules column cannot be sorted.
SORT_KEYS = {
    CALL_ID: "call_id", AGENT: "agent", DATE: "started_at", CHANNEL: "channel",
    DURATION: "duration", SCORE: "score", FATAL: "fatal", STATUS: "status",
}
LOW_SCORE = 60
PLACEHOLDER = "…"
MAX_CACHED_PAGES = 50
MAX_WANTED_PAGES = 4
MAX_PAGES_PER_QUERY = 3

FATAL_TINT = QColor("#fde4e4")
LOW_TINT = QColor("#fff3dc")
ALERT_TEXT = QColor("#c62828")
TINTED_TEXT = QColor("#1f1f1f")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


EVERY_CALL = QueueFilter()


@dataclass(frozen=True, slots=True)
class QueueQuery:
    filter: QueueFilter = EVERY_CALL
    sort: str = "started_at"
    descending: bool = True


@dataclass(frozen=True, slots=True)
class _Loaded:
    generation: int
    total: int
    rows: list[QueueRow]


@dataclass(frozen=True, slots=True)
class _PageRows:
    generation: int
    first_page: int
    rows: list[QueueRow]


def _load(service: QueueService, query: QueueQuery, generation: int, page_size: int,
          known_total: int | None) -> _Loaded:
    total = service.count(query.filter) if known_total is None else known_total
    rows = service.page(query.filter, sort=query.sort, descending=query.descending,
                        offset=0, limit=page_size)
    return _Loaded(generation, total, rows)


def _read_pages(service: QueueService, query: QueueQuery, generation: int, first_page: int,
                pages: int, page_size: int) -> _PageRows:
    rows = service.page(query.filter, sort=query.sort, descending=query.descending,
                        offset=first_page * page_size, limit=pages * page_size)
    return _PageRows(generation, first_page, rows)


class QueueModel(QAbstractTableModel):
    reloaded = Signal(int)  # the number of calls matching, after each (re)load
    load_failed = Signal(str)

    def __init__(self, service: QueueService, *, rule_names: Mapping[str, str] | None = None,
                 page_size: int = 200, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._rule_names = dict(rule_names or {})
        self._page_size = page_size
        self._query = QueueQuery()
        self._total = 0
        self._pages: OrderedDict[int, list[QueueRow]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._generation = 0
        self._loading = False
        self._keep_view = False
        self._page_worker: Worker | None = None
        self._fetch_timer = QTimer(self, singleShot=True, interval=0)
        self._fetch_timer.timeout.connect(lambda: self.fetchMore(QModelIndex()))
        self._headers = self._header_texts()

    # -- what is shown ------------------------------------------------------------------------

    @property
    def query(self) -> QueueQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def cached_row_count(self) -> int:
        return sum(len(rows) for rows in self._pages.values())

    def set_filter(self, queue_filter: QueueFilter) -> None:
        if queue_filter != self._query.filter:
            self._query = replace(self._query, filter=queue_filter)
            self._reload(recount=True, keep_view=False)

    def set_sort(self, sort: str, *, descending: bool) -> None:
        if (sort, descending) != (self._query.sort, self._query.descending):
            self._query = replace(self._query, sort=sort, descending=descending)
            self._reload(recount=False, keep_view=False)

    def refresh(self) -> None:
        """Count and read again (after an import or a review), keeping filter and sort; with the
        same number of calls, the view keeps its scroll position and selection."""
        self._reload(recount=True, keep_view=True)

    def row_at(self, row: int) -> QueueRow | None:
        """The cached row, or None while its page is being read."""
        return self._row(row, want=False)

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # A first click shows the worst scores, the fatal calls and the newest dates first.
            first_descending = section in (DATE, FATAL, DURATION)
            return Qt.SortOrder.DescendingOrder if first_descending else Qt.SortOrder.AscendingOrder
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is not None:
            self.set_sort(key, descending=order == Qt.SortOrder.DescendingOrder)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._row(index.row(), want=True)
        if row is None:
            placeholder = role == Qt.ItemDataRole.DisplayRole and index.column() == CALL_ID
            return PLACEHOLDER if placeholder else None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.call_id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in (DURATION, SCORE) else CENTER if column == FATAL else LEFT
        if role == Qt.ItemDataRole.BackgroundRole:
            return FATAL_TINT if row.fatal else LOW_TINT if _low(row) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.FontRole and column == FATAL and row.fatal:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return (not parent.isValid() and bool(self._wanted) and self._page_worker is None
                and not self._loading)

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        """Read the pages the view asked for: the newest wish first, with its wanted neighbours."""
        if not self.canFetchMore(parent):
            return
        newest = next(reversed(self._wanted))
        first = last = newest
        while last + 1 in self._wanted and last - first + 1 < MAX_PAGES_PER_QUERY:
            last += 1
        while first - 1 in self._wanted and last - first + 1 < MAX_PAGES_PER_QUERY:
            first -= 1
        for page in range(first, last + 1):
            self._wanted.pop(page, None)
        worker = Worker(task(_read_pages, self._service, self._query, self._generation, first,
                             last - first + 1, self._page_size))
        worker.signals.finished.connect(self._on_pages)
        worker.signals.failed.connect(self._on_pages_failed)
        self._page_worker = worker.start()

    # -- loading --------------------------------------------------------------------------------

    def _reload(self, *, recount: bool, keep_view: bool) -> None:
        self._generation += 1
        self._loading = True
        self._keep_view = keep_view
        known = None if recount else self._total
        worker = Worker(task(_load, self._service, self._query, self._generation, self._page_size,
                             known))
        worker.signals.finished.connect(self._on_loaded)
        worker.signals.failed.connect(self._on_load_failed)
        worker.start()

    def _on_loaded(self, loaded: _Loaded) -> None:
        if loaded.generation != self._generation:
            return
        self._loading = False
        self._page_worker = None
        self._wanted.clear()
        fresh = OrderedDict([(0, loaded.rows)])
        if self._keep_view and loaded.total == self._total and self._total:
            # The same query and as many calls: keep the view's scroll position and selection.
            self._pages = fresh
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, COLUMN_COUNT - 1))
        else:
            self.beginResetModel()
            self._total, self._pages = loaded.total, fresh
            self.endResetModel()
        self.reloaded.emit(self._total)

    def _on_load_failed(self, message: str) -> None:
        self._loading = False
        self.load_failed.emit(message)

    def _on_pages(self, result: _PageRows) -> None:
        self._page_worker = None
        if result.generation == self._generation:
            self._store_pages(result)
        if self._wanted:
            self._fetch_timer.start()

    def _on_pages_failed(self, message: str) -> None:
        self._page_worker = None
        self._wanted.clear()
        self.load_failed.emit(message)

    def _store_pages(self, result: _PageRows) -> None:
        size = self._page_size
        count = max(1, -(-len(result.rows) // size))
        for offset in range(count):
            page = result.first_page + offset
            self._pages[page] = result.rows[offset * size:(offset + 1) * size]
            self._pages.move_to_end(page)
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        first_row = result.first_page * size
        last_row = min(self._total, first_row + count * size) - 1
        if last_row >= first_row:
            self.dataChanged.emit(self.index(first_row, 0), self.index(last_row, COLUMN_COUNT - 1))

    def _row(self, row: int, *, want: bool) -> QueueRow | None:
        page, offset = divmod(row, self._page_size)
        rows = self._pages.get(page)
        if rows is None:
            if want:
                self._want(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def _want(self, page: int) -> None:
        self._wanted[page] = None
        self._wanted.move_to_end(page)
        while len(self._wanted) > MAX_WANTED_PAGES:
            self._wanted.popitem(last=False)
        if not self._fetch_timer.isActive():
            self._fetch_timer.start()

    # -- presentation ---------------------------------------------------------------------------

    def _header_texts(self) -> list[str]:
        return [
            self.tr("Call id"), self.tr("Agent"), self.tr("Date"), self.tr("Channel"),
            self.tr("Duration"), self.tr("Score"), self.tr("Fatal"), self.tr("Failed rules"),
            self.tr("Review status"),
        ]

    def _text(self, row: QueueRow, column: int) -> str:
        if column == CALL_ID:
            return row.call_id
        if column == AGENT:
            return f"{row.agent_id or ''} {row.agent_name or ''}".strip()
        if column == DATE:
            return row.started_at.strftime("%Y-%m-%d %H:%M") if row.started_at else ""
        if column == CHANNEL:
            return self.tr("Outbound") if row.channel == "outbound" else self.tr("Inbound")
        if column == DURATION:
            return format_duration(row.duration)
        if column == SCORE:
            return format_score(row.score)
        if column == FATAL:
            return "✓" if row.fatal else ""
        if column == FAILED_RULES:
            return "、".join(self._rule_names.get(r, r) for r in row.failed_rules)
        return self._status_text(row.status)

    def _status_text(self, status: str) -> str:
        return {
            "unscored": self.tr("Unscored"), "auto": self.tr("Auto"),
            "in_review": self.tr("In review"), "signed": self.tr("Signed"),
        }.get(status, status)

    def _tooltip(self, row: QueueRow, column: int) -> str | None:
        if column == FAILED_RULES and row.failed_rules:
            return "\n".join(f"{r}  {self._rule_names.get(r, '')}".rstrip() for r in row.failed_rules)
        if column == SCORE and row.reviewed_score is not None:
            return self.tr("Auto score {auto}, reviewed score {reviewed}").format(
                auto=format_score(row.auto_score), reviewed=format_score(row.reviewed_score))
        if column == FATAL and row.fatal:
            return self.tr("A fatal rule failed: the call scores 0")
        if column == AGENT:
            return self._text(row, AGENT) or None
        return None

    def _foreground(self, row: QueueRow, column: int) -> QColor | None:
        if column == FATAL and row.fatal:
            return ALERT_TEXT
        if column == SCORE and _low(row):
            return ALERT_TEXT
        return TINTED_TEXT if row.fatal or _low(row) else None


def _low(row: QueueRow) -> bool:
    return row.score is not None and row.score < LOW_SCORE


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def format_score(score: float | None) -> str:
    if score is None:
        return ""
    return f"{round(score, 1):g}"
