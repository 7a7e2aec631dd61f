"""The alerts panel: overdue and imminent reviews, consultation follow-ups, and challenges past
their target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from iro_desktop.services.alerts import Alert, AlertKind, with_child_alerts
from ui.common.tones import tone

Index = QModelIndex | QPersistentModelIndex

KIND_TEXT = {
    AlertKind.REVIEW_OVERDUE: "Review overdue",
    AlertKind.CONSULTATION_FLAG: "Follow-up from the consultation",
    AlertKind.CHALLENGE_OVERDUE: "Challenge past target",
    AlertKind.REVIEW_DUE_SOON: "Review due soon",
}
KIND_COUNT = {
    AlertKind.REVIEW_OVERDUE: ("review overdue", "reviews overdue"),
    AlertKind.CONSULTATION_FLAG: ("follow-up from a consultation",
                                  "follow-ups from consultations"),
    AlertKind.CHALLENGE_OVERDUE: ("challenge past target", "challenges past target"),
    AlertKind.REVIEW_DUE_SOON: ("review due soon", "reviews due soon"),
}
KIND_TONES = {
    AlertKind.REVIEW_OVERDUE: "overdue",
    AlertKind.CONSULTATION_FLAG: "flag",
    AlertKind.CHALLENGE_OVERDUE: "challenge",
    AlertKind.REVIEW_DUE_SOON: "due_soon",
}
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AlertsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._alerts: list[Alert] = []

    def set_alerts(self, alerts: Sequence[Alert]) -> None:
        self.beginResetModel()
        self._alerts = list(alerts)
        self.endResetModel()

    @property
    def alerts(self) -> list[Alert]:
        return list(self._alerts)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._alerts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        alert = self._alerts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if not alert.child:
                return alert.text
            return f"{alert.child}\n{alert.detail}"
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return alert.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return tone(KIND_TONES[alert.kind]).qcolor("background")
        if role == Qt.ItemDataRole.ForegroundRole:
            return tone(KIND_TONES[alert.kind]).qcolor("foreground")
        if role == CHILD_ID_ROLE:
            return alert.child_id
        return None


class AlertsPanel(QWidget):
    """Lives in the main window's dock; Enter or double-click on an alert opens the child."""

    open_child = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Alerts")
        self.model = AlertsModel(self)
        self.heading = QLabel()  # the dock's title says "Alerts"; this says how many
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Alerts heading")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Alerts list")
        self.list.setAccessibleDescription(
            "Reviews overdue or due within 7 days, follow-ups from the child's consultation "
            "and challenges past their target. "
            "Press Enter to open the child's record.")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.heading.setBuddy(self.list)
        self.empty_label = QLabel("Nothing needs attention today.")
        self.empty_label.setAccessibleName("No alerts")
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        self.list.activated.connect(self._activated)
        self.set_alerts([])

    def set_alerts(self, alerts: Sequence[Alert]) -> None:
        self.model.set_alerts(alerts)
        counts = {kind: sum(1 for a in alerts if a.kind is kind) for kind in AlertKind}
        parts = [f"{counts[kind]} {KIND_COUNT[kind][counts[kind] != 1]}"
                 for kind in AlertKind if counts[kind]]
        summary = ", ".join(parts)
        self.heading.setText(summary[:1].upper() + summary[1:])
        self.heading.setVisible(bool(parts))
        self.list.setAccessibleDescription(
            (", ".join(parts) + ". " if parts else "No alerts. ")
            + "Press Enter on an alert to open the child's record.")
        self.empty_label.setVisible(not alerts)

    def update_child(self, child_id: str, alerts: Sequence[Alert]) -> None:
        """One child changed: replace their alerts and keep everyone else's."""
        self.set_alerts(with_child_alerts(self.model.alerts, child_id, alerts))

    def set_loading(self) -> None:
        self.heading.setText("Loading…")
        self.heading.show()

    def _activated(self, index: QModelIndex) -> None:
        child_id = index.data(CHILD_ID_ROLE)
        if isinstance(child_id, str):
            self.open_child.emit(child_id)
