"""The child's details form: every field labelled, each with its own place for an error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QStandardItemModel
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
from iro_desktop.domain.codes import code_list
from iro_desktop.domain.validation import FieldError

BRITISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
NO_DATE = QDate(1900, 1, 1)
ERROR_COLOUR = "#a4000f"


class OptionalDateEdit(QDateEdit):
    """A British date field with a calendar that can also be empty ("Not entered")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(BRITISH)
        self.setDisplayFormat("d MMM yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText("Not entered")
        self.setDate(NO_DATE)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("30 Sept 2026") + 56)
        self.calendarWidget().setLocale(BRITISH)
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """Name the text box inside too, so a screen reader never meets an unnamed field."""
        super().setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)

    def value(self) -> date | None:
        current = self.date()
        if current == NO_DATE:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))


class CodeCombo(QComboBox):
    """Offers the ACTIVE codes of a list; a retired current value shows but cannot be chosen."""

    def __init__(self, list_name: str, *, show_code: bool = True, blank: str = "Choose…",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes = code_list(list_name)
        self._show_code = show_code
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.view().setMinimumWidth(460)
        self.addItem(blank, "")
        for code in self._codes.active():
            self.addItem(self._text(code.code, code.label), code.code)
            self.setItemData(self.count() - 1, code.label, Qt.ItemDataRole.ToolTipRole)
        self._active_count = self.count()
        self.currentIndexChanged.connect(self._update_tooltip)

    def _text(self, code: str, label: str) -> str:
        return f"{code} – {label}" if self._show_code else label

    def code(self) -> str:
        value = self.currentData()
        return value if isinstance(value, str) else ""

    def set_code(self, value: str | None) -> None:
        while self.count() > self._active_count:
            self.removeItem(self.count() - 1)
        value = value or ""
        index = self.findData(value)
        if index < 0:
            known = value in self._codes
            label = self._codes.label(value) if known else "unknown code"
            self.addItem(self._text(value, f"{label} (no longer used)" if known else label),
                         value)
            model = self.model()
            if isinstance(model, QStandardItemModel):
                item = model.item(self.count() - 1)
                item.setEnabled(False)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        self.setToolTip(self.currentText() if self.currentIndex() > 0 else "")


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
        error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
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
        self.summary.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
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
