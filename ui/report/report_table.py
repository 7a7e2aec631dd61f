"""One report table on screen: a read-only, sortable view over a `ReportTable`.

The cells read as they do in the Word export (1,946 / 94.4 / 3 June 2024 / – for no
value). Sorting compares the values themselves (numbers as numbers, dates as dates), a
"Total" row stays at the bottom whichever way the table is sorted, and a third click on a
heading returns the table to the report's own order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QSizePolicy, QTableView

from iro_desktop.reports.layout import Cell, ReportTable
from iro_desktop.reports.table_model import format_cell

__all__ = ["ReportTableModel", "ReportTableView", "TotalLastProxy", "cell_text"]

Index = QModelIndex | QPersistentModelIndex
TOTAL = "Total"
#: Taller tables scroll inside their own frame so the page stays easy to move through.
MAX_VISIBLE_ROWS = 20
MAX_COLUMN_WIDTH = 560
#: Up to this many rows, long text wraps within its cell; longer tables keep one line a row
#: (the whole text is in the tooltip) so that they open instantly.
WRAP_ROWS = 200


#: The same wording as the Word export.
cell_text = format_cell


def _is_number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sort_key(value: Cell) -> tuple[int, Any]:
    """No value first, then numbers, then dates, then text (without regard to case)."""
    if value is None:
        return (0, 0)
    if _is_number(value):
        return (1, value)
    if isinstance(value, date):
        return (2, value.toordinal())
    return (3, str(value).casefold())


class ReportTableModel(QAbstractTableModel):
    """The rows of one report table, unchanged; `cell` gives the raw value."""

    def __init__(self, table: ReportTable, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self._bold = QFont()
        self._bold.setBold(True)

    def cell(self, row: int, column: int) -> Cell:
        return self.table.rows[row][column]

    def is_total(self, row: int) -> bool:
        return row == len(self.table.rows) - 1 and TOTAL in self.table.rows[row][:2]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.table.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.cell(index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(value)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return "no value" if value is None else cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = value is None or _is_number(value)
            side = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.is_total(index.row()):
            return self._bold
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TotalLastProxy(QSortFilterProxyModel):
    """Sorts by value and keeps the Total row last in either order."""

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, ReportTableModel)
        descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
        if model.is_total(left.row()):
            return descending
        if model.is_total(right.row()):
            return not descending
        a = _sort_key(model.cell(left.row(), left.column()))
        b = _sort_key(model.cell(right.row(), right.column()))
        if a[0] != b[0]:
            return a[0] < b[0]
        return bool(a[1] < b[1])


class ReportTableView(QTableView):
    """A read-only table sized to its rows (up to `MAX_VISIBLE_ROWS`), named for screen readers."""

    def __init__(self, table: ReportTable) -> None:
        super().__init__()
        self.source = ReportTableModel(table, self)
        self.proxy = TotalLastProxy(self)
        self.proxy.setSourceModel(self.source)
        self.setModel(self.proxy)
        self.setObjectName(f"reportTable_{table.key}")
        self.setAccessibleName(table.title)
        described = "Choose a column heading to sort the rows."
        self.setAccessibleDescription(f"{table.note} {described}".strip())
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside it
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setSortingEnabled(True)
        self.resizeColumnsToContents()
        for column in range(len(table.columns)):
            if self.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.setColumnWidth(column, MAX_COLUMN_WIDTH)
        self.setWordWrap(len(table.rows) <= WRAP_ROWS)
        if self.wordWrap():
            self.resizeRowsToContents()
            least = self.verticalHeader().defaultSectionSize()
            for row in range(len(table.rows)):
                self.setRowHeight(row, max(least, self.rowHeight(row) + 6))
        self.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        if self.source.rowCount() > MAX_VISIBLE_ROWS:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.resize(self.sizeHint())
        self._fit_height()

    def _fit_height(self) -> None:
        """Show every row (up to the limit), plus the scroll bar when the columns do not fit."""
        rows = min(self.source.rowCount(), MAX_VISIBLE_ROWS)
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(rows))
        wide = sum(self.columnWidth(c) for c in range(self.source.columnCount()))
        room = self.width() - 2 * self.frameWidth()
        if self.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOn:
            room -= self.verticalScrollBar().sizeHint().width()
        if wide > room:
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()

    def cell_texts(self) -> list[list[str]]:
        """What the table shows, row by row, in its current order (for tests and copying)."""
        model = self.model()
        return [
            [str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ]
