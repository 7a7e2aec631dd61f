"""One QA list: its filters above a sortable table of frozen rows, and how many match.

`QaListsView` (``qa_lists.py``) puts three of these in tabs and asks the store for their
rows; a page only shows them, and says when a row is opened (Enter or a double-click).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.common.form_fields import OptionalDateEdit
from ui.common.widgets_common import InlineMessage, plain

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex

__all__ = ["SORT_ROLE", "Column", "ListPage", "QaRowsModel"]


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    width: int = 120
    key: Callable[[Any], Any] | None = None  # sort key when the text does not sort right
    tip: Callable[[Any], str] | None = None
    stretch: bool = False  # takes the room left, so the table fits beside the alerts panel


class QaRowsModel(QAbstractTableModel):
    """Frozen rows from the services, shown through ``columns``."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column, row = self.columns[index.column()], self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tip or column.text)(row)
        if role == SORT_ROLE:
            return column.key(row) if column.key else column.text(row).lower()
        return None


class ListPage(QWidget):
    """One list: its filters above, the table, and how many rows match."""

    filters_changed = Signal()
    open_requested = Signal(str, str)  # id, child_id

    def __init__(self, noun: tuple[str, str], columns: Sequence[Column],
                 id_of: Callable[[Any], str], extra: Sequence[tuple[str, QWidget | None]],
                 parent: QWidget | None = None) -> None:
        """``extra`` filters go after the dates; the team goes where ``extra`` has None,
        or last."""
        super().__init__(parent)
        self.noun, self._id_of = noun, id_of
        self.date_from, self.date_to = OptionalDateEdit(), OptionalDateEdit()
        self.team = QComboBox()
        self.team.addItem("All teams", "")
        self.team.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.team.setMinimumContentsLength(12)  # with the filters, fits a 1366×768 laptop
        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setAccessibleName(f"Clear the {noun[1]} filters")
        self._extra = [widget for _text, widget in extra if widget is not None]
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        pairs: list[tuple[str, QWidget]] = [("&From:", self.date_from), ("&To:", self.date_to)]
        pairs += [(text, widget or self.team) for text, widget in extra]
        if all(widget is not None for _text, widget in extra):
            pairs.append(("T&eam:", self.team))
        for position, (text, widget) in enumerate(pairs):
            row, column = divmod(position, 3)  # three pairs a row fit a 1366×768 laptop
            label = QLabel(text)
            label.setBuddy(widget)
            if isinstance(widget, QCheckBox):
                label.setText("")
                widget.setAccessibleName(plain(widget.text()))
            else:
                widget.setAccessibleName(f"{noun[1].capitalize()}: {plain(text).lower()}")
            grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, row, column * 2 + 1)
        grid.setColumnStretch(6, 1)
        self.date_from.setToolTip("Only those on or after this date")
        self.date_to.setToolTip("Only those on or before this date")
        self.model = QaRowsModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(f"{noun[1].capitalize()}")
        self.table.setAccessibleDescription(f"Press Enter to open the selected {noun[0]}.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(not any(c.stretch for c in columns))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        for index, column_spec in enumerate(columns):
            self.table.setColumnWidth(index, column_spec.width)
            if column_spec.stretch:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.count.setAccessibleName(f"Number of {noun[1]}")
        self.message = InlineMessage()
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.teams: set[str] = set()
        self._connect()

    def _connect(self) -> None:
        for date_edit in (self.date_from, self.date_to):
            date_edit.dateChanged.connect(lambda *_: self.filters_changed.emit())
        self.team.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        for widget in self._extra:
            if isinstance(widget, QCheckBox):
                widget.toggled.connect(lambda *_: self.filters_changed.emit())
            else:
                assert isinstance(widget, QComboBox), "extra filters are ticks or lists"
                widget.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.activated.connect(self._activated)

    def team_filter(self) -> str | None:
        team = self.team.currentData()
        return team if isinstance(team, str) and team else None

    def clear_filters(self) -> None:
        for widget in (self.date_from, self.date_to, self.team, *self._extra):
            widget.blockSignals(True)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.team.setCurrentIndex(0)
        for widget in self._extra:
            if isinstance(widget, QCheckBox):
                widget.setChecked(False)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
        for widget in (self.date_from, self.date_to, self.team, *self._extra):
            widget.blockSignals(False)
        self.filters_changed.emit()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.message.clear_message()
        self.model.set_rows(rows)
        self._add_teams({row.team for row in rows if row.team})
        count = len(rows)
        one, many = self.noun
        start, end = self.date_from.value(), self.date_to.value()
        if start and end and start > end:
            self.count.setText("The From date is after the To date: nothing can match.")
        elif count:
            self.count.setText(f"{count} {one if count == 1 else many}")
        else:
            self.count.setText(f"No {many} match these filters.")

    def _add_teams(self, teams: set[str]) -> None:
        new = teams - self.teams
        if not new:
            return
        self.teams |= new
        current = self.team.currentData()
        self.team.blockSignals(True)
        while self.team.count() > 1:
            self.team.removeItem(1)
        for team in sorted(self.teams, key=str.lower):
            self.team.addItem(team, team)
        self.team.setCurrentIndex(max(self.team.findData(current), 0))
        self.team.blockSignals(False)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row(self.proxy.mapToSource(index).row())
        self.open_requested.emit(self._id_of(row), row.child_id)
