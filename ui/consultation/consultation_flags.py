"""Follow-ups the child's answers raised (feels unsafe, does not know how to complain), and
the IRO's record of what was done about each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.timetable import format_date
from iro_desktop.services.consultations import (
    FlagView,
    flags_for_child,
    open_flags,
    record_flag_action,
)
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.form_fields import OptionalDateEdit
from ui.common.record_tables import RowsModel, make_table
from ui.common.task_runner import RunnerFor, immediate
from ui.common.widgets_common import InlineMessage, add_field


def flag_rows(flags: list[FlagView]) -> list[tuple[str, ...]]:
    return [(format_date(f.raised_on), f"{f.child_name} ({f.local_id})", f.label,
             f.action_taken or "None recorded yet",
             format_date(f.resolved_on) if f.resolved_on else "Open") for f in flags]


class FlagsPanel(QWidget):
    """Follow-ups: one child's (all of them) or the whole caseload's (open ones only)."""

    action_recorded = Signal(str)
    open_child = Signal(str)

    def __init__(self, store: Store, today: Callable[[], date], *, child_id: str | None = None,
                 runner_for: RunnerFor = immediate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today, self.child_id = store, today, child_id
        self._run = runner_for(self)
        self.flags: list[FlagView] = []
        self.model = RowsModel(("Raised", "Child", "Follow-up", "Action taken", "Resolved"),
                               self)
        self.table = make_table(self.model, "Follow-ups from the consultation",
                                (140, 190, 290, 240))
        self.table.setColumnHidden(1, child_id is not None)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("What the child answered")
        self.action = QPlainTextEdit()
        self.action.setFixedHeight(self.action.fontMetrics().lineSpacing() * 3 + 16)
        self.action.setTabChangesFocus(True)
        self.resolved_on = OptionalDateEdit()
        self.record_button = QPushButton("&Record action taken")
        self.record_button.setAccessibleName("Record action taken")
        self.message = InlineMessage()
        form = QFormLayout()
        add_field(form, "&Action taken:", self.action,
                  description="What you did, for example: spoke to the child and the carer")
        add_field(form, "&Date:", self.resolved_on,
                  description="When the follow-up was resolved; leave empty to keep it open")
        self.resolved_on.lineEdit().setAccessibleName("Date resolved")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(self._double_clicked)
        self.record_button.clicked.connect(self.record)
        self._selected(QItemSelection(), QItemSelection())
        self.reload()

    def reload(self) -> None:
        store, child_id = self._store, self.child_id
        self._run(lambda: flags_for_child(store, child_id) if child_id else open_flags(store),
                  self._loaded, self._failed)

    def current(self) -> FlagView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.flags[rows[0].row()] if rows and rows[0].row() < len(self.flags) else None

    def select(self, flag_id: str) -> None:
        for row, flag in enumerate(self.flags):
            if flag.id == flag_id:
                self.table.selectRow(row)

    def record(self) -> None:
        flag = self.current()
        if flag is None:
            self.message.show_error("Choose a follow-up in the list first.")
            return
        store, action, when, today = (self._store, self.action.toPlainText(),
                                      self.resolved_on.value(), self._today())
        self._run(lambda: record_flag_action(store, flag.id, action, when, today),
                  lambda _r: self._recorded(flag.id), self._failed)

    def _loaded(self, flags: list[FlagView]) -> None:
        chosen = self.current()
        self.flags = flags
        self.model.set_rows(flag_rows(flags))
        self.table.setAccessibleDescription(f"{sum(f.is_open for f in flags)} open")
        if chosen is not None:
            self.select(chosen.id)
        elif flags:
            self.table.selectRow(0)

    def _recorded(self, flag_id: str) -> None:
        self.message.show_ok("Action recorded.")
        self.action_recorded.emit(flag_id)
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.message.show_error(problem_text(
            error, "Recording a follow-up action", lead="",
            unexpected="The follow-ups could not be read or saved. Try again."))
        if isinstance(error, LookupError):
            self.reload()

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        flag = self.current()
        for widget in (self.action, self.resolved_on, self.record_button):
            widget.setEnabled(flag is not None)
        if flag is None:
            self.detail.setText("No follow-ups." if not self.flags else "")
            return
        self.detail.setText(flag.detail)
        self.detail.setAccessibleDescription(flag.detail)
        self.action.setPlainText(flag.action_taken)
        self.resolved_on.set_value(flag.resolved_on or self._today())
        self.message.clear_message()

    def _double_clicked(self) -> None:
        flag = self.current()
        if flag is not None and self.child_id is None:
            self.open_child.emit(flag.child_id)

