"""Pieces the QA screens share: an error line under each field, headings, text boxes, filters.

The core names the field of every problem (``FieldError.field``); `FieldErrors` puts each
message under its widget and the rest in a summary, so the screens show refusals one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.validation import FieldError
from iro_desktop.services.children import details_of
from iro_desktop.store import Store
from ui.common.tones import text_style
from ui.common.widgets_common import InlineMessage, plain

__all__ = [
    "MESSAGE_STYLE", "CodeFilterCombo", "FieldErrors", "add_checked_field", "align_labels",
    "child_heading", "error_label", "field_cell", "heading", "new_box_form",
    "short_date", "text_box",
]

#: Bold `InlineMessage` tones on each QA screen; their colours come from the application's
#: style sheet (ui/common/tones.py), readable in light, dark and contrast palettes.
MESSAGE_STYLE = (
    'QLabel#inlineMessage[tone="error"], QLabel#inlineMessage[tone="warning"],'
    ' QLabel#inlineMessage[tone="ok"] { font-weight: 600; }'
)


def error_label(what: str) -> QLabel:
    """The red line under a field; hidden while there is nothing wrong."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(text_style())
    label.setAccessibleName(f"Problem with {what.lower()}")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


class FieldErrors:
    """Shows the core's messages by field; messages for other fields go to ``summary``."""

    def __init__(self, summary: InlineMessage) -> None:
        self.summary = summary
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._descriptions: dict[str, str] = {}

    def register(self, field: str, widget: QWidget, label: QLabel) -> None:
        self._labels[field] = label
        self._widgets[field] = widget
        self._descriptions[field] = widget.accessibleDescription()

    def show(self, errors: Sequence[FieldError], lead: str = "Not saved") -> None:
        self.clear()
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        for field, messages in by_field.items():
            if field in self._labels:
                self._set(field, " ".join(messages))
        others = [m for f, ms in by_field.items() if f not in self._labels for m in ms]
        count = len(errors)
        if count:
            where = "" if len(others) == count else (
                ", shown by its field" if count == 1 else ", shown by each field")
            noun = "problem" if count == 1 else "problems"
            self.summary.show_error(f"{lead}: {count} {noun} to fix{where}."
                                    + "".join(f" {m}" for m in others))
        first = next((f for f in self._labels if f in by_field), None)
        if first is not None:
            self._widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def _set(self, field: str, text: str) -> None:
        label, widget = self._labels[field], self._widgets[field]
        label.setText(f"⚠ {text}" if text else "")
        label.setVisible(bool(text))
        base = self._descriptions[field]
        widget.setAccessibleDescription(f"Error: {text} {base}".strip() if text else base)

    def clear_field(self, field: str) -> None:
        if field in self._labels and self._labels[field].text():
            self._set(field, "")

    def clear(self) -> None:
        for field in self._labels:
            self._set(field, "")
        self.summary.clear_message()

    def text(self, field: str) -> str:
        """The message shown under a field ('' when none): for tests and screen readers."""
        label = self._labels[field]
        return "" if label.isHidden() else label.text()


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")


def short_date(day: date | None) -> str:
    """A date for a table cell: "3 Sept 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


def field_cell(widget: QWidget, error: QLabel, beside: QWidget | None = None) -> QWidget:
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    if beside is None:
        short = (isinstance(widget, QComboBox | QAbstractSpinBox)
                 and widget.sizePolicy().horizontalPolicy() != QSizePolicy.Policy.Expanding)
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft if short else Qt.AlignmentFlag(0))
    else:
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(beside, 1)
        column.addLayout(row)
    column.addWidget(error)
    return cell


def add_checked_field(form: QFormLayout, errors: FieldErrors, field: str, text: str,
                      widget: QWidget, *, description: str = "",
                      beside: QWidget | None = None) -> QLabel:
    """A form row: label (buddy, accessible name), the widget (and a note ``beside`` it)
    and the widget's error line under it."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(plain(text))
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    error = error_label(plain(text))
    errors.register(field, widget, error)
    form.addRow(label, field_cell(widget, error, beside))
    return label


def align_labels(*forms: QFormLayout) -> None:
    """Give several forms on one screen the same label column, so their fields line up."""
    labels: list[QLabel] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                labels.append(label)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def new_box_form() -> QFormLayout:
    """A form for a narrow box: each label above its field."""
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setVerticalSpacing(4)
    return form


def heading(text: str = "", scale: float = 1.35, name: str = "Heading") -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def text_box(lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line box where Tab moves on, as in every other field."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setMinimumHeight(height)
    box.setMaximumHeight(height + box.fontMetrics().lineSpacing() * 3)
    return box


class CodeFilterCombo(QComboBox):
    """A filter over a code list: "any" first, then every code, retired ones marked."""

    def __init__(self, list_name: str, blank: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(blank, "")
        for code in code_list(list_name):
            text = f"{code.label} (no longer used)" if code.retired else code.label
            self.addItem(text, code.code)
            self.setItemData(self.count() - 1, code.label, Qt.ItemDataRole.ToolTipRole)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.view().setMinimumWidth(420)

    def code(self) -> str | None:
        value = self.currentData()
        return value if isinstance(value, str) and value else None

    def set_code(self, code: str | None) -> None:
        self.setCurrentIndex(max(self.findData(code or ""), 0))


def child_heading(store: Store, child_id: str) -> str:
    """The child's name and case number, as headings show them (runs in the caller's task)."""
    details = details_of(store, child_id)
    name = f"{details.preferred_name or details.first_name} {details.last_name}".strip()
    return f"{name} ({details.local_id})" if details.local_id else name
