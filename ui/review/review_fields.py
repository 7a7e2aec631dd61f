"""Small parts the review editor's sections share: a section box, field messages, choices."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.review_form import ReviewForm
from ui.common.tones import text_style
from ui.common.widgets_common import plain
from ui.review.review_spelling import attach_spelling
from ui.review.review_tables import RowTable

SECTION_STYLE = (
    "QGroupBox { font-weight: 600; font-size: 12pt; border: 1px solid palette(mid);"
    " border-radius: 4px; margin-top: 20px; padding-top: 6px; background: palette(base); }"
    " QGroupBox::title { subcontrol-origin: margin; subcontrol-position: top left;"
    " left: 6px; padding: 0 4px; }"
)


class FieldMessage(QLabel):
    """The problem with one field, shown right under it and added to its description."""

    def __init__(self, field_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldMessage")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(text_style())
        self.setAccessibleName(f"Problem with {field_label.lower()}")
        self.target: QWidget | None = None
        self._description = ""
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        text = " ".join(messages)
        self.setText(f"⚠ {text}" if text else "")
        self.setVisible(bool(text))
        if self.target is not None:
            if not self._description:
                self._description = self.target.accessibleDescription()
            self.target.setAccessibleDescription(
                f"Problem: {text} {self._description}".strip() if text else self._description)

    def message(self) -> str:
        return self.text().removeprefix("⚠ ")


class Section(QGroupBox):
    """One part of the review; `messages` maps a core field name to where its problem shows."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        self.setStyleSheet(SECTION_STYLE)
        self.messages: dict[str, FieldMessage] = {}
        self.targets: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setVerticalSpacing(8)
        self.form.setHorizontalSpacing(16)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)

    def load(self, form: ReviewForm) -> None:
        """Show this section's part of `form`."""
        raise NotImplementedError

    def fill(self, form: ReviewForm) -> None:
        """Write this section's widgets into `form`."""
        raise NotImplementedError

    def add_row(self, field: str, text: str, widget: QWidget, hint: str = "") -> QWidget:
        """A labelled field (the label is its buddy and accessible name) with its message."""
        label = QLabel(text)
        label.setBuddy(widget)
        label.setMinimumWidth(190)
        widget.setAccessibleName(plain(text))
        widget.setObjectName(field)
        if hint:
            widget.setAccessibleDescription(hint)
            widget.setToolTip(hint)
        cell = QWidget()
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        wide = not isinstance(widget, QComboBox | QAbstractSpinBox | QAbstractButton)
        column.addWidget(widget, 0, Qt.AlignmentFlag(0) if wide else Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.add_message(field, plain(text), widget))
        self.form.addRow(label, cell)
        return cell

    def add_message(self, field: str, label: str, target: QWidget) -> FieldMessage:
        message = FieldMessage(label)
        message.target = target
        self.messages[field] = message
        self.targets[field] = target
        return message

    def watch(self, *signals: SignalInstance) -> None:
        for signal in signals:
            signal.connect(self._emit_changed)

    def _emit_changed(self, *_args: object) -> None:
        self.changed.emit()

    def show_errors(self, by_field: dict[str, list[str]]) -> set[str]:
        """Show each of this section's problems by its field; returns the fields it showed."""
        for field, message in self.messages.items():
            message.show_messages(by_field.get(field, []))
        return {f for f in by_field if f in self.messages}

    def set_read_only(self, read_only: bool) -> None:
        """A final record reads but does not edit; text stays selectable for copying."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            elif isinstance(widget, RowTable):
                widget.set_read_only(read_only)
            elif (isinstance(widget, QComboBox | QAbstractSpinBox | QAbstractButton)
                  and not _inside_table(widget)):
                widget.setEnabled(not read_only)


def _inside_table(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, RowTable):
            return True
        parent = parent.parentWidget()
    return False


def long_text(placeholder: str, minimum_height: int) -> QPlainTextEdit:
    """A box for paragraphs: Tab moves on, Ctrl+Z / Ctrl+Y undo and redo, spell-checked."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setUndoRedoEnabled(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(minimum_height)
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    attach_spelling(edit)
    return edit


class ChoiceCombo(QComboBox):
    """Yes / No / Not known yet, for the care plan and pre-meeting report questions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for text, value in (("Not known yet", None), ("Yes", True), ("No", False)):
            self.addItem(text, value)

    def value(self) -> bool | None:
        value = self.currentData()
        return value if isinstance(value, bool) else None

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex({None: 0, True: 1, False: 2}[value])


class ParticipationCombo(QComboBox):
    """The PN codes allowed for the child's age on the review date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes = code_list("participation")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(40)
        self.view().setMinimumWidth(620)
        self.set_choices([c.code for c in self._codes.active() if c.code != "PN0"])

    def set_choices(self, codes: list[str]) -> None:
        """Offer only `codes`; a single choice (PN0) is selected and the box locked."""
        current = self.code()
        self.blockSignals(True)
        self.clear()
        if len(codes) != 1:
            self.addItem("Choose…", "")
        for code in codes:
            self.addItem(f"{code} – {self._codes.label(code)}", code)
            self.setItemData(self.count() - 1, self._codes.label(code),
                             Qt.ItemDataRole.ToolTipRole)
        index = self.findData(current)
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)
        if self.code() != current:
            self.currentIndexChanged.emit(self.currentIndex())

    def code(self) -> str:
        value = self.currentData()
        return value if isinstance(value, str) else ""

    def set_code(self, code: str | None) -> None:
        index = self.findData(code or "")
        if index < 0 and code:
            self.addItem(f"{code} – {self._codes.label(code)}", code)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))
