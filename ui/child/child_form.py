"""The child's details form: every field labelled, each with its own place for an error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.validation import FieldError
from ui.common.form_fields import CodeCombo, OptionalDateEdit
from ui.common.tones import text_style

FIELD_LABELS = {
    "local_id": "&ID (case number):",
    "first_name": "&First name:",
    "last_name": "&Last name:",
    "preferred_name": "&Preferred name:",
    "date_of_birth": "Date of &birth:",
    "gender": "&Gender:",
    "ethnicity": "&Ethnicity:",
    "school": "Sc&hool:",
    "looked_after_from": "Looked after &from:",
    "legal_status": "Le&gal status:",
    "placement_type": "Pla&cement:",
    "placement_provider": "Placement pro&vider:",
    "category_of_need": "Category of &need:",
    "social_worker": "&Social worker:",
    "social_worker_team": "Social worker's &team:",
    "end_date": "&Date ended:",
    "reason_ceased": "&Reason ended:",
}
CHILD_SECTION = ("local_id", "first_name", "last_name", "preferred_name", "date_of_birth",
                 "gender", "ethnicity", "school")
CARE_SECTION = ("looked_after_from", "legal_status", "placement_type", "placement_provider",
                "category_of_need", "social_worker", "social_worker_team")
HINTS = {
    "preferred_name": "The name the child likes to be called, if different",
    "looked_after_from": "Start of the current period of care: the first review is due "
                         "20 working days later",
}


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip(":")


def make_field(name: str) -> QWidget:
    if name in ("date_of_birth", "looked_after_from", "end_date"):
        return OptionalDateEdit()
    if name == "gender":
        return CodeCombo("gender", show_code=False, blank="Not recorded")
    if name == "ethnicity":
        return CodeCombo("ethnicity", show_code=False, blank="Not recorded")
    if name == "legal_status":
        return CodeCombo("legal_status")
    if name == "placement_type":
        return CodeCombo("placement")
    if name == "category_of_need":
        return CodeCombo("category_of_need")
    if name == "reason_ceased":
        return CodeCombo("reason_ceased")
    return QLineEdit()


def field_value(widget: QWidget) -> object:
    if isinstance(widget, OptionalDateEdit):
        return widget.value()
    if isinstance(widget, CodeCombo):
        return widget.code()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def set_field_value(widget: QWidget, value: object) -> None:
    if isinstance(widget, OptionalDateEdit):
        widget.set_value(value if isinstance(value, date) else None)
    elif isinstance(widget, CodeCombo):
        widget.set_code(value if isinstance(value, str) else "")
    elif isinstance(widget, QLineEdit):
        widget.setText(value if isinstance(value, str) else "")


class FieldSet(QWidget):
    """Labelled fields, each with an error line under it, built from field names."""

    edited = Signal(str)

    def __init__(self, names: Iterable[str], title: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setVerticalSpacing(6)
        for name in names:
            self._add(name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if title:
            box = QGroupBox(title)
            box.setLayout(self.form)
            outer.addWidget(box)
        else:
            outer.addLayout(self.form)

    def _add(self, name: str) -> None:
        widget = make_field(name)
        text = FIELD_LABELS.get(name, name)
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(_plain(text))
        if isinstance(widget, QDateEdit):
            widget.lineEdit().setAccessibleName(_plain(text))
        widget.setObjectName(name)
        if name in HINTS:
            widget.setToolTip(HINTS[name])
            widget.setAccessibleDescription(HINTS[name])
        error = QLabel()
        error.setWordWrap(True)
        error.setStyleSheet(text_style())
        error.setAccessibleName(f"Problem with {_plain(text).lower()}")
        error.hide()
        cell = QWidget()
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft
                         if isinstance(widget, QDateEdit) else Qt.AlignmentFlag(0))
        column.addWidget(error)
        self.form.addRow(label, cell)
        self.fields[name] = widget
        self.errors[name] = error
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda *_: self.edited.emit(name))
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(lambda *_: self.edited.emit(name))
        else:
            assert isinstance(widget, QComboBox), "make_field makes boxes, dates or lists"
            widget.currentIndexChanged.connect(lambda *_: self.edited.emit(name))

    def show_error(self, name: str, messages: list[str]) -> None:
        label, widget = self.errors[name], self.fields[name]
        text = " ".join(messages)
        label.setText(f"⚠ {text}" if text else "")
        label.setVisible(bool(text))
        base = HINTS.get(name, "")
        widget.setAccessibleDescription(f"Error: {text} {base}".strip() if text else base)

    def clear_errors(self) -> None:
        for name in self.fields:
            self.show_error(name, [])


class ChildForm(QWidget):
    """Editable details: ``details()`` reads them, ``show_errors`` places the core's messages."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.child_fields = FieldSet(CHILD_SECTION, "The child")
        self.care_fields = FieldSet(CARE_SECTION, "Care and social worker")
        self.fields = {**self.child_fields.fields, **self.care_fields.fields}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Problems to fix before saving")
        self.summary.setStyleSheet(text_style())
        self.summary.hide()
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self.child_fields, 1, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(self.care_fields, 1, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(columns)
        layout.addStretch(1)
        self._baseline = ChildDetails()
        for part in (self.child_fields, self.care_fields):
            part.edited.connect(self._edited)
        order = [self.fields[n] for n in CHILD_SECTION + CARE_SECTION]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def set_details(self, details: ChildDetails) -> None:
        """Load saved details; they become what Revert goes back to."""
        self._baseline = replace(details)
        for name, widget in self.fields.items():
            widget.blockSignals(True)
            set_field_value(widget, getattr(details, name))
            widget.blockSignals(False)
        self.clear_errors()
        self.changed.emit()

    def details(self) -> ChildDetails:
        values = {name: field_value(widget) for name, widget in self.fields.items()}
        return replace(self._baseline, **values)  # type: ignore[arg-type]  # each widget gives its field's type

    def is_dirty(self) -> bool:
        return self.details() != self._baseline

    def revert(self) -> None:
        self.set_details(self._baseline)

    def show_errors(self, errors: list[FieldError]) -> None:
        self.clear_errors()
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        for name, messages in by_field.items():
            part = self.child_fields if name in self.child_fields.fields else \
                self.care_fields if name in self.care_fields.fields else None
            if part is not None:
                part.show_error(name, messages)
        count = len(errors)
        others = [m for n, ms in by_field.items() if n not in self.fields for m in ms]
        self.summary.setText(
            f"Not saved: {count} {'problem' if count == 1 else 'problems'} to fix, shown by "
            f"{'its field' if count == 1 else 'each field'}." + "".join(f" {m}" for m in others))
        self.summary.setVisible(bool(errors))
        first = next((n for n in CHILD_SECTION + CARE_SECTION if n in by_field), None)
        if first is not None:
            self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        self.child_fields.clear_errors()
        self.care_fields.clear_errors()
        self.summary.hide()

    def error_text(self, name: str) -> str:
        """The message shown by a field (for tests and screen readers)."""
        part = self.child_fields if name in self.child_fields.fields else self.care_fields
        label = part.errors[name]
        return "" if label.isHidden() else label.text()

    def _edited(self, name: str) -> None:
        part = self.child_fields if name in self.child_fields.fields else self.care_fields
        if part.errors[name].text():
            part.show_error(name, [])
        self.changed.emit()
