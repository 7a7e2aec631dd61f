"""The caseload page: filter as you type, quick filters, the table, and Add child."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.timetable import DueStatus
from iro_desktop.services.caseload import CaseloadRow
from ui.caseload.caseload_model import (
    QUICK_FILTER_TEXT,
    CaseloadFilterProxy,
    CaseloadModel,
    Column,
    QuickFilter,
    quick_filter_description,
)
from ui.common.tones import tone

COLUMN_WIDTHS = {
    Column.NAME: 140, Column.ID: 78, Column.AGE: 40, Column.SOCIAL_WORKER: 125,
    Column.LAST_REVIEW: 92, Column.NEXT_DUE: 122, Column.STATUS: 140,
}
STRETCHED = (Column.LEGAL_STATUS, Column.PLACEMENT)


class StatusBadgeDelegate(QStyledItemDelegate):
    """Draws the status as a rounded badge: its words carry the meaning, the colour helps."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            opt.backgroundBrush = QBrush(Qt.BrushStyle.NoBrush)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        metrics = opt.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 22, opt.rect.width() - 8)
        height = min(metrics.height() + 6, opt.rect.height() - 4)
        rect = QRectF(opt.rect.x() + 4, opt.rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        fallback = tone("ended")
        painter.setBrush(background if isinstance(background, QColor)
                         else fallback.qcolor("background"))
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setPen(foreground if isinstance(foreground, QColor)
                       else fallback.qcolor("foreground"))
        painter.setFont(opt.font)
        painter.drawText(rect.adjusted(9, 0, -7, 0),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                            int(rect.width()) - 14))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, max(size.height(), option.fontMetrics.height() + 10))


class CaseloadView(QWidget):
    """The first tab of the main window. Emits ``open_child`` with a child's id."""

    open_child = Signal(str)
    add_child_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Caseload")
        self.model = CaseloadModel(self)
        self.proxy = CaseloadFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._loading = False
        self._today = date.today()
        self._build()
        self._connect()

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self.filter_label = QLabel("F&ind:")  # Alt+F opens the File menu; Ctrl+F finds too
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, ID or social worker")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter caseload")
        self.filter_edit.setAccessibleDescription(
            "Type part of a name, ID or social worker to narrow the table. "
            "Escape clears, Down arrow moves to the table.")
        self.filter_edit.setMinimumWidth(280)
        self.filter_label.setBuddy(self.filter_edit)

        self.quick_group = QButtonGroup(self)
        self.quick_group.setExclusive(True)
        self.quick_buttons: dict[QuickFilter, QPushButton] = {}
        quick_row = QHBoxLayout()
        quick_row.setSpacing(4)
        self.quick_label = QLabel("Show:")
        quick_row.addWidget(self.quick_label)
        for which, text in QUICK_FILTER_TEXT.items():
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAccessibleName(f"Show {text.lower()}" if which else "Show all children")
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.quick_group.addButton(button, int(which))
            self.quick_buttons[which] = button
            quick_row.addWidget(button)
        self.quick_buttons[QuickFilter.ALL].setChecked(True)
        quick_row.addStretch(1)

        self.add_button = QPushButton("&Add child")
        self.add_button.setToolTip("Add a child to the caseload (Ctrl+N)")
        self.add_button.setAccessibleName("Add child")
        self.add_button.setAccessibleDescription("Opens an empty form for a new child (Ctrl+N)")

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Caseload count")
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                                 | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty_label = QLabel()
        self.empty_label.setAccessibleName("Caseload message")
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.table = QTableView()
        self.table.setAccessibleName("Caseload table")
        self.table.setAccessibleDescription(
            "One row per child. Press Enter or double-click to open the child's record; "
            "click a column heading to sort.")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 12)
        self.table.setItemDelegateForColumn(Column.STATUS, StatusBadgeDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        for column in STRETCHED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(Column.NEXT_DUE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addSpacing(12)
        top.addWidget(self.add_button)
        bottom = QHBoxLayout()
        bottom.addLayout(quick_row, 1)
        bottom.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bottom)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)

        QWidget.setTabOrder(self.filter_edit, self.add_button)
        previous: QWidget = self.add_button
        for button in self.quick_buttons.values():
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.table)

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.filter_edit.returnPressed.connect(self.focus_table)
        self.filter_edit.installEventFilter(self)
        self.quick_group.idClicked.connect(self._quick_changed)
        self.table.activated.connect(self._activated)
        self.add_button.clicked.connect(self.add_child_requested)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Escape clears the filter (then moves to the table); Down goes to the table."""
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape:
                self._escape_in_filter()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.focus_table()
                return True
        return super().eventFilter(watched, event)

    # -- public ----------------------------------------------------------------------

    def set_rows(self, rows: Sequence[CaseloadRow], today: date,
                 my_iro_id: str | None = None) -> None:
        """Show a freshly loaded caseload, keeping the filter, sort and selected child."""
        selected = self.current_row()
        self._loading = False
        self._today = today
        self.proxy.my_iro_id = my_iro_id
        self.model.set_rows(rows, today)
        for which, button in self.quick_buttons.items():
            button.setToolTip(quick_filter_description(which, today))
        if selected is not None:
            self.select_child(selected.child_id)
        self._update_count()

    def update_child(self, child_id: str, row: CaseloadRow | None) -> None:
        """One child changed: their row only; the filter, sort and selection stay."""
        if self._loading:
            return  # a full load is on its way and will include the change
        self.model.update_child(child_id, row)
        self._update_count()

    def set_loading(self, message: str = "Loading the caseload…") -> None:
        self._loading = True
        self.count_label.setText(message)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def focus_table(self) -> None:
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_row(self) -> CaseloadRow | None:
        return self.model.row_at(self.table.currentIndex())

    def select_child(self, child_id: str) -> bool:
        source_row = self.model.source_row_of(child_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    # -- reactions -------------------------------------------------------------------

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _escape_in_filter(self) -> None:
        if self.filter_edit.text():
            self.filter_edit.clear()
        else:
            self.focus_table()

    def _quick_changed(self, which: int) -> None:
        self.proxy.set_quick_filter(QuickFilter(which))
        self._update_count()

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.open_child.emit(row.child_id)

    def _update_count(self) -> None:
        if self._loading:
            return
        total = self.model.rowCount()
        shown = self.proxy.accepted_rows()
        overdue = sum(1 for row in shown if row.status is DueStatus.OVERDUE)
        children = "child" if total == 1 else "children"
        if len(shown) == total:
            text = f"{total:,} {children}, {overdue:,} overdue"
        else:
            text = f"{len(shown):,} of {total:,} {children} shown, {overdue:,} overdue"
        self.count_label.setText(text)
        self.count_label.setAccessibleDescription(text)
        if total == 0:
            self._show_message("No children in this caseload yet. "
                               "Use Add child (Ctrl+N) to add the first one.")
        elif not shown:
            what = f"“{self.filter_edit.text().strip()}”" if self.filter_edit.text().strip() \
                else "this quick filter"
            self._show_message(f"No children match {what}. Press Escape in the filter box "
                               "to clear it, or choose Show all.")
        else:
            self.empty_label.hide()

    def _show_message(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.show()
