"""An inline panel on the child's record for a midway review or monitoring note.

Inline rather than a dialog, so locking the application keeps what was typed; the record
runs the save and shows the errors the core returns next to their fields.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.validation import FieldError
from ui.common.form_fields import OptionalDateEdit
from ui.common.tones import panel_style
from ui.common.widgets_common import InlineMessage, add_field, new_form


class MonitoringNotePanel(QFrame):
    """Date and note; ``submitted`` asks the record to save them, ``cancelled`` to close."""

    submitted = Signal(object, str)  # date | None, note
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notePanel")
        self.setAccessibleName("Add a monitoring note")
        self.setStyleSheet(panel_style("QFrame#notePanel"))
        heading = QLabel("<b>Midway review / monitoring note</b>")
        heading.setAccessibleName("Midway review / monitoring note")
        explain = QLabel("How the decisions of the last review are going. It appears in the "
                         "child's timeline.")
        explain.setWordWrap(True)
        self.noted_on = OptionalDateEdit()
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("What you found: which decisions are done, which are "
                                     "drifting, what you will do next.")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 14)
        form = new_form()
        add_field(form, "Da&te:", self.noted_on, description="The date of the visit or check")
        add_field(form, "&Note:", self.note)
        self.noted_on.setAccessibleName("Date of the note")
        self.noted_on.lineEdit().setAccessibleName("Date of the note")
        self.note.setAccessibleName("Monitoring note")
        self.message = InlineMessage()
        self.save_button = QPushButton("Save note")
        self.save_button.setToolTip("Save the note (Ctrl+Enter)")
        self.save_button.setAccessibleName("Save the monitoring note")
        self.save_button.setAutoDefault(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the monitoring note")
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        save = QShortcut(QKeySequence("Ctrl+Return"), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self._submit)
        QWidget.setTabOrder(self.noted_on, self.note)
        QWidget.setTabOrder(self.note, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.save_button)
        self.hide()

    def start(self, today: date) -> None:
        """Show the panel, dated today unless a note is already being written."""
        if self.isHidden() or not self.has_text():
            self.noted_on.set_value(today)
            self.message.clear_message()
        self.show()
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_text(self) -> bool:
        return bool(self.note.toPlainText().strip())

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        if busy:
            self.message.show_info("Saving the note…")

    def show_errors(self, errors: list[FieldError]) -> None:
        self.message.show_error(" ".join(error.message for error in errors))
        target = self.noted_on if any(e.field == "noted_on" for e in errors) else self.note
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self) -> None:
        self.note.clear()
        self.message.clear_message()
        self.hide()

    def _submit(self) -> None:
        self.submitted.emit(self.noted_on.value(), self.note.toPlainText())
