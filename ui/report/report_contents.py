"""The report's contents: a list of its sections and tables that moves the page to each one.

Moving along the list (arrows or a click) brings that part of the report to the top of the
page; Enter or a double-click also puts the keyboard focus in the table, so a screen
reader user can go straight to a table and read it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

__all__ = ["ReportContents"]

ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 1
GAP_ABOVE = 6
WIDTH = 250


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text: QTreeView does not ask the width on its own."""

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        view = self.parent()
        assert isinstance(view, QTreeWidget)
        depth = 1 if index.parent().isValid() else 0
        width = view.viewport().width() - view.indentation() * depth - 10
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = metrics.boundingRect(QRect(0, 0, max(width, 40), 10_000),
                                      int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, bounds.height() + 6)


class ReportContents(QTreeWidget):
    def __init__(self, scroll: QScrollArea, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scroll = scroll
        self.setObjectName("reportContents")
        self.setAccessibleName("Report contents")
        self.setAccessibleDescription(
            "Sections and tables of the report: the page moves to the one chosen; "
            "press Enter to go into its table"
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setUniformRowHeights(False)
        self.setIndentation(14)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setFixedWidth(WIDTH)
        self.setItemDelegate(_WrappingDelegate(self))
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.currentItemChanged.connect(self._show)
        self.itemActivated.connect(self._enter)
        self.itemClicked.connect(self._show)

    def set_anchors(self, anchors: list[tuple[str, int, QWidget]]) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            bold = QFont(self.font())
            bold.setBold(True)
            section: QTreeWidgetItem | None = None
            for text, level, widget in anchors:
                if level == 0 or section is None:
                    item = QTreeWidgetItem(self, [text])
                    item.setFont(0, bold)
                    section = item
                else:
                    item = QTreeWidgetItem(section, [text])
                item.setData(0, ANCHOR_ROLE, widget)
                item.setToolTip(0, text)
            self.expandAll()
        finally:
            self.blockSignals(False)

    def items(self) -> list[QTreeWidgetItem]:
        """Every entry, top to bottom."""
        found: list[QTreeWidgetItem] = []
        for index in range(self.topLevelItemCount()):
            top = self.topLevelItem(index)
            if top is None:
                continue
            found.append(top)
            children = (top.child(i) for i in range(top.childCount()))
            found.extend(child for child in children if child is not None)
        return found

    def anchor(self, item: QTreeWidgetItem | None) -> QWidget | None:
        widget = item.data(0, ANCHOR_ROLE) if item is not None else None
        return widget if isinstance(widget, QWidget) else None

    def _show(self, item: QTreeWidgetItem | None, *_ignored: object) -> None:
        widget = self.anchor(item)
        content = self._scroll.widget()
        if widget is None or content is None:
            return
        top = widget.mapTo(content, widget.rect().topLeft()).y()
        self._scroll.verticalScrollBar().setValue(max(0, top - GAP_ABOVE))

    def _enter(self, item: QTreeWidgetItem, *_ignored: object) -> None:
        """Put the focus in the table under this heading (or the section's first table)."""
        self._show(item)
        entries = self.items()
        for entry in entries[entries.index(item):]:
            widget = self.anchor(entry)
            target = widget.buddy() if isinstance(widget, QLabel) else None
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                return
