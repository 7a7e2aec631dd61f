"""Layouts that fit a small screen: a row of buttons that wraps, a page that scrolls.

A plain horizontal row asks for the width of all its buttons at once; at 125 % scaling on a
1366×768 laptop that made the child's record wider than the screen. This layout (after Qt's
flow layout example) lays its items left to right and starts a new line when one does not
fit, so its minimum width is that of its widest item.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QFrame, QLayout, QLayoutItem, QScrollArea, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gaps: dict[int, int] = {}
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def addSpacing(self, size: int) -> None:  # noqa: N802 - as QBoxLayout's
        """Extra space before the next item (kept when the row wraps there: it starts a group)."""
        self._gaps[len(self._items)] = size

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """One line of everything, as a horizontal row would ask for."""
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in self._items)
        width += self.spacing() * max(len(self._items) - 1, 0) + sum(self._gaps.values())
        height = max((item.sizeHint().height() for item in self._items), default=0)
        return QSize(width, height).grownBy(margins)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line_height = area.x(), area.y(), 0
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            gap = self._gaps.get(index, 0)
            step = self.spacing() + gap if x > area.x() else 0
            if x + step + hint.width() > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + self.spacing()
                line_height, step = 0, 0
            if move:
                item.setGeometry(QRect(QPoint(x + step, y), hint))
            x += step + hint.width()
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


def wrapping_policy() -> QSizePolicy:
    """For a widget holding a FlowLayout: its height follows the width it is given."""
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    return policy


def scrolling(content: QWidget, name: str) -> QScrollArea:
    """``content`` in a frameless scroll area named ``name`` for screen readers: a page that
    scrolls on a small screen instead of making the whole window taller than it."""
    area = QScrollArea()
    area.setAccessibleName(name)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
