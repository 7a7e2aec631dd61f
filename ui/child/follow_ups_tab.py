"""The Follow-ups tab of a child's record: what the child's consultation answers call for.

The panel (`FlagsPanel`) is made once the record knows which child it is, so a new child's
record never reads anyone's follow-ups (a panel without a child shows the whole caseload's).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.services.consultations import decline_consultation, mark_not_required
from iro_desktop.store import Store
from ui.common.error_message import TRY_AGAIN, problem_text
from ui.common.flow_layout import scrolling
from ui.common.task_runner import RunnerFor, immediate
from ui.consultation.consultation_flags import FlagsPanel


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
        self._child_id: str | None = None
        content = QWidget()
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._build_no_form_box())
        outer = QVBoxLayout(self)  # scrolls rather than make the record taller than a laptop
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(content, "Follow-ups from the consultation"))

    def _build_no_form_box(self) -> QGroupBox:
        """Record that there is no form this time, so the review shows how the child was
        (not) consulted and the annual report counts it."""
        box = QGroupBox("When the child does not fill in the form")
        box.setAccessibleName("When the child does not fill in the form")
        self.no_form_note = QLineEdit()
        self.no_form_note.setPlaceholderText("Why (optional), e.g. did not want to today")
        self.no_form_note.setAccessibleName("Why the form was not filled in")
        label = QLabel("&Why:")
        label.setBuddy(self.no_form_note)
        self.declined_button = QPushButton("Record as &declined")
        self.declined_button.setAccessibleName("Record the consultation as declined")
        self.not_required_button = QPushButton("Record as not &required (age or health)")
        self.not_required_button.setAccessibleName("Record the consultation as not required")
        self.no_form_message = QLabel()
        self.no_form_message.setAccessibleName("Consultation record message")
        self.no_form_message.setWordWrap(True)
        self.declined_button.clicked.connect(lambda: self._close_form(decline_consultation))
        self.not_required_button.clicked.connect(lambda: self._close_form(mark_not_required))
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.no_form_note, 1)
        row.addWidget(self.declined_button)
        row.addWidget(self.not_required_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.no_form_message)
        return box

    def _close_form(self, record: Callable[[Store, str, date, str], str]) -> None:
        child_id = self._child_id
        if child_id is None:
            return
        note = self.no_form_note.text().strip()
        today = self._today()

        def done(_result: object) -> None:
            self.no_form_note.clear()
            self.no_form_message.setText("Recorded. The child's next review shows it.")
            self.action_recorded.emit("")

        def failed(exc: BaseException) -> None:
            self.no_form_message.setText(problem_text(
                exc, "Recording why there is no consultation", lead="Not recorded: ",
                unexpected=f"Not recorded because of an unexpected problem. {TRY_AGAIN}"))

        self._runner_for(self)(lambda: record(self._store, child_id, today, note), done, failed)

    def set_child(self, child_id: str) -> None:
        """Show this child's follow-ups: made the first time, read again after that."""
        self._child_id = child_id
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
