"""The Follow-ups tab of a child's record: what the child's consultation answers call for.

The panel (`FlagsPanel`) is made once the record knows which child it is, so a new child's
record never reads anyone's follow-ups (a panel without a child shows the whole caseload's).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from iro_desktop.store import Store

from .consultation_flags import FlagsPanel
from .task_runner import RunnerFor, immediate


class FollowUpsTab(QWidget):
    """Holds one child's `FlagsPanel`; ``action_recorded`` when the IRO records an action,
    ``loaded`` each time the follow-ups have been read (the record shows how many are open)."""

    action_recorded = Signal(str)  # the follow-up's id
    loaded = Signal()

    def __init__(self, store: Store, today: Callable[[], date],
                 runner_for: RunnerFor = immediate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today, self._runner_for = store, today, runner_for
        self.setAccessibleName("Follow-ups from the consultation")
        self.panel: FlagsPanel | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_child(self, child_id: str) -> None:
        """Show this child's follow-ups: made the first time, read again after that."""
        if self.panel is not None and self.panel.child_id == child_id:
            self.panel.reload()
            return
        if self.panel is not None:
            self.panel.deleteLater()
        self.panel = FlagsPanel(self._store, self._today, child_id=child_id,
                                runner_for=self._runner_for)
        self.panel.setAccessibleName("Follow-ups")
        self.panel.action_recorded.connect(self.action_recorded)
        self.panel.model.modelReset.connect(self.loaded)
        self._layout.addWidget(self.panel)
        self.loaded.emit()

    def open_count(self) -> int:
        return sum(flag.is_open for flag in self.panel.flags) if self.panel is not None else 0
