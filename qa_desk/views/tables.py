"""Tables the user reads and selects rows in but does not edit, built alike on every page."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

STRETCH_LAST = -1


def read_only_table(headers: list[str], *, stretch: int | None = STRETCH_LAST,
                    single: bool = False) -> QTableWidget:
    """Whole rows selected, no row numbers, one line per cell; columns sized to their contents
    except `stretch` (a column index, STRETCH_LAST, or None for every column stretched)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    if stretch is None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    elif stretch == STRETCH_LAST:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
