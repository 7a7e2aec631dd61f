"""Small pieces the forms share: labelled fields, inline messages, address checks."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAbstractButton, QFormLayout, QLabel, QWidget


def plain(text: str) -> str:
    """A label's text without its mnemonic ampersand or trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()


def add_field(
    form: QFormLayout, text: str, widget: QWidget, *, description: str = ""
) -> QWidget:
    """Add a row whose label is the field's buddy and whose text is its accessible name."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(plain(text))
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    form.addRow(label, widget)
    return widget


def name_buttons(root: QWidget) -> None:
    """Give Qt-made buttons (wizard, button box) an accessible name from their text."""
    for button in root.findChildren(QAbstractButton):
        if not button.accessibleName() and button.text():
            button.setAccessibleName(plain(button.text()))


def new_form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setVerticalSpacing(10)
    form.setHorizontalSpacing(16)
    return form


class InlineMessage(QLabel):
    """A message beside the form: hidden when empty, styled by tone, read by screen readers."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("inlineMessage")
        self.setAccessibleName("Message")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, text: str, tone: str = "error") -> None:
        if not text:
            self.clear_message()
            return
        changed = text != self.text() or tone != self.property("tone")
        self.setProperty("tone", tone)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()
        if changed:
            self.changed.emit()
        if changed and tone in ("error", "warning"):
            event = QAccessibleAnnouncementEvent(self, text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
            QAccessible.updateAccessibility(event)

    def show_error(self, text: str) -> None:
        self.show_message(text, "error")

    def show_info(self, text: str) -> None:
        self.show_message(text, "info")

    def show_ok(self, text: str) -> None:
        self.show_message(text, "ok")

    def clear_message(self) -> None:
        was_shown = not self.isHidden()
        self.setText("")
        self.setAccessibleDescription("")
        self.hide()
        if was_shown:
            self.changed.emit()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def email_problem(text: str, what: str = "email address") -> str:
    """An empty address is fine; a mistyped one is named so the IRO can fix it."""
    text = text.strip()
    if text and not _EMAIL.match(text):
        return f"The {what} does not look right: it should be like name@example.gov.uk."
    return ""
