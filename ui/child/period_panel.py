"""A child's periods of care, with inline panels to end the current one or start a new one.

The panels are part of the page, not modal dialogs, so locking the app mid-way keeps
what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.timetable import format_date
from iro_desktop.domain.validation import ValidationError
from iro_desktop.services.child_overview import PeriodRow
from iro_desktop.services.children import end_period, start_new_period
from iro_desktop.store import Store
from ui.child.child_form import FieldSet, field_value, set_field_value
from ui.common.error_message import show_problem
from ui.common.record_tables import RowsModel, make_table
from ui.common.task_runner import Runner
from ui.common.tones import text_style

END_FIELDS = ("end_date", "reason_ceased")
START_FIELDS = ("looked_after_from", "legal_status", "placement_type", "placement_provider",
                "category_of_need")


class InlinePanel(QFrame):
    """A boxed form with a heading, fields, a message line and Confirm / Cancel."""

    def __init__(self, heading: str, names: Sequence[str], confirm: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(heading)
        self.heading = QLabel(f"<b>{heading}</b>")
        self.fieldset = FieldSet(names)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(text_style())
        self.message.setAccessibleName(f"{heading}: problem")
        self.message.hide()
        self.confirm = QPushButton(confirm)
        self.confirm.setAccessibleName(confirm.replace("&", ""))
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName(f"Cancel {heading.lower()}")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.fieldset)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.hide()

    def value(self, name: str) -> object:
        return field_value(self.fieldset.fields[name])

    def reset(self, values: dict[str, object]) -> None:
        self.fieldset.clear_errors()
        self.message.hide()
        for name, widget in self.fieldset.fields.items():
            set_field_value(widget, values.get(name))

    def show_errors(self, error: ValidationError) -> None:
        self.fieldset.clear_errors()
        for name in self.fieldset.fields:
            messages = error.for_field(name)
            if messages:
                self.fieldset.show_error(name, messages)
        others = [e.message for e in error.errors if e.field not in self.fieldset.fields]
        self.message.setText("⚠ " + " ".join(others) if others else "")
        self.message.setVisible(bool(others))
        first = next((n for n in self.fieldset.fields if error.for_field(n)), None)
        if first is not None:
            self.fieldset.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)


class PeriodsPanel(QWidget):
    """Periods of care, newest first; emits ``changed`` after a period is ended or started."""

    changed = Signal()

    def __init__(self, store: Store, today: Callable[[], date], runner: Runner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today, self._run = store, today, runner
        self._child_id = ""
        self._open = False
        self.model = RowsModel(("Started", "Ended", "Legal status", "Placement", "Reason ended"),
                               self)
        self.table = make_table(self.model, "Periods of care", (130, 130, 220, 260))
        self.end_button = QPushButton("&End period of care…")
        self.end_button.setAccessibleName("End period of care")
        self.start_button = QPushButton("Start &new period…")
        self.start_button.setAccessibleName("Start new period of care")
        self.end_panel = InlinePanel("End the period of care", END_FIELDS, "End &period")
        self.start_panel = InlinePanel("Start a new period of care", START_FIELDS,
                                       "Start &period")
        buttons = QHBoxLayout()
        buttons.addWidget(self.end_button)
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.end_panel)
        layout.addWidget(self.start_panel)
        self.end_button.clicked.connect(self.open_end_panel)
        self.start_button.clicked.connect(self.open_start_panel)
        self.end_panel.confirm.clicked.connect(self._end)
        self.start_panel.confirm.clicked.connect(self._start)
        self.end_panel.cancel.clicked.connect(lambda: self._close(self.end_panel))
        self.start_panel.cancel.clicked.connect(lambda: self._close(self.start_panel))

    def set_periods(self, child_id: str, periods: Sequence[PeriodRow], is_open: bool) -> None:
        self._child_id, self._open = child_id, is_open
        self.model.set_rows([
            (format_date(p.start), format_date(p.end) if p.end else "Current",
             p.legal_status, p.placement, p.reason_ended or "")
            for p in periods
        ])
        self.end_button.setEnabled(is_open)
        self.start_button.setEnabled(not is_open)
        self.end_button.setToolTip("" if is_open else "There is no open period of care to end.")
        self.start_button.setToolTip(
            "End the current period of care first." if is_open else "")

    def has_unsaved_changes(self) -> bool:
        return not self.end_panel.isHidden() or not self.start_panel.isHidden()

    def open_end_panel(self) -> None:
        self.start_panel.hide()
        if self.end_panel.isHidden():
            self.end_panel.reset({"end_date": self._today()})
        self.end_panel.show()
        self.end_panel.fieldset.fields["end_date"].setFocus(Qt.FocusReason.OtherFocusReason)

    def open_start_panel(self) -> None:
        self.end_panel.hide()
        if self.start_panel.isHidden():
            self.start_panel.reset({"looked_after_from": self._today()})
        self.start_panel.show()
        self.start_panel.fieldset.fields["looked_after_from"].setFocus(
            Qt.FocusReason.OtherFocusReason)

    def _close(self, panel: InlinePanel) -> None:
        panel.hide()
        (self.end_button if panel is self.end_panel else self.start_button).setFocus()

    def _end(self) -> None:
        ended = self.end_panel.value("end_date")
        reason = str(self.end_panel.value("reason_ceased"))
        child_id, today = self._child_id, self._today()
        assert ended is None or isinstance(ended, date)
        self.end_panel.confirm.setEnabled(False)
        self._run(lambda: end_period(self._store, child_id, ended, reason, today),
                  lambda _: self._done(self.end_panel),
                  lambda exc: self._failed(self.end_panel, exc))

    def _start(self) -> None:
        values = {name: self.start_panel.value(name) for name in START_FIELDS}
        details = ChildDetails(**values)  # type: ignore[arg-type]  # widgets give fields' types
        child_id, today = self._child_id, self._today()
        self.start_panel.confirm.setEnabled(False)
        self._run(lambda: start_new_period(self._store, child_id, details, today),
                  lambda _: self._done(self.start_panel),
                  lambda exc: self._failed(self.start_panel, exc))

    def _done(self, panel: InlinePanel) -> None:
        panel.confirm.setEnabled(True)
        panel.hide()
        self.changed.emit()

    def _failed(self, panel: InlinePanel, exc: BaseException) -> None:
        panel.confirm.setEnabled(True)
        if isinstance(exc, ValidationError):
            panel.show_errors(exc)
        else:
            show_problem(self, "Not saved", exc, "Saving a care period",
                         lead="The change could not be saved: ",
                         unexpected="The change could not be saved because of an unexpected "
                                    "problem.",
                         next_step="What you typed is still there; try again, or close and "
                                   "reopen the child's record.")
