"""The panel an audit shows when it calls for a challenge: raise it, or skip it with a reason.

Inline, never a modal box: the IRO can read the audit above while deciding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.timetable import format_date
from iro_desktop.services.audits import AuditInput, AuditResult, load_audit, save_audit
from iro_desktop.store import Store
from ui.common.tones import panel_style
from ui.common.widgets_common import InlineMessage
from ui.qa.qa_fields import FieldErrors, error_label, heading

__all__ = ["ChallengePanel", "Challenged", "evaluate"]


@dataclass(frozen=True)
class Challenged:
    """A saved audit and, when it calls for a challenge, the date of the previous audit."""

    result: AuditResult
    previous_date: date | None


def evaluate(store: Store, entry: AuditInput, today: date) -> Challenged:
    """Save (an unchanged audit writes nothing) and look up the previous audit's date."""
    result = save_audit(store, entry, today)
    previous = load_audit(store, result.previous_audit_id).audit_date \
        if result.previous_audit_id and result.mandatory_challenge else None
    return Challenged(result, previous)


class ChallengePanel(QFrame):
    """Says a challenge is required, with the two ways forward: raise it, or skip with a reason."""

    raise_requested = Signal()
    skip_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("challengePanel")
        self.setStyleSheet(panel_style("#challengePanel", "challenge"))
        self.setAccessibleName("Challenge required")
        self.title = heading("A challenge is required", 1.15, "Challenge required")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Why a challenge is required")
        self.raise_button = QPushButton("&Raise challenge…")
        self.raise_button.setAccessibleName("Raise challenge")
        self.raise_button.setToolTip("Open the challenge form, filled in from this audit")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why no challenge is being raised (kept on record)")
        self.reason.setAccessibleName("Reason for not raising a challenge")
        self.reason_label = QLabel("Or skip it, with the r&eason:")
        self.reason_label.setBuddy(self.reason)
        self.skip_button = QPushButton("S&kip — record a reason")
        self.skip_button.setAccessibleName("Skip the challenge and record the reason")
        self.reason_error = error_label("Reason for not raising a challenge")
        self.errors = FieldErrors(InlineMessage())
        self.errors.register("reason", self.reason, self.reason_error)
        row = QHBoxLayout()
        row.addWidget(self.raise_button)
        row.addSpacing(18)
        row.addWidget(self.reason_label)
        row.addWidget(self.reason, 1)
        row.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(self.reason_error)
        layout.addWidget(self.errors.summary)
        self.raise_button.clicked.connect(self.raise_requested)
        self.skip_button.clicked.connect(lambda: self.skip_requested.emit(self.reason.text()))
        self.reason.returnPressed.connect(self.skip_button.click)
        self.reason.textEdited.connect(lambda _t: self.errors.clear_field("reason"))
        self.hide()

    def show_required(self, found: Challenged) -> None:
        if found.result.mandatory_challenge:
            previous = f" of {format_date(found.previous_date)}" if found.previous_date else ""
            why = (f"This audit and the previous graded audit{previous} are both graded Needs "
                   "Improvement: two Needs Improvement grades in a row for the same child "
                   "require a challenge.")
        else:
            why = "The overall grade is Challenge, so a challenge is needed."
        self.title.setText("A challenge is required")
        self.text.setText(f"{why} Raise it now (it is filled in from this audit), or skip it "
                          "and say why: the reason is kept in the audit trail.")
        self.setAccessibleDescription(why)
        self._set_actions_visible(True)
        self.show()

    def show_done(self, title: str, text: str) -> None:
        self._set_actions_visible(False)
        self.title.setText(title)
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def _set_actions_visible(self, visible: bool) -> None:
        for widget in (self.raise_button, self.reason_label, self.reason, self.skip_button):
            widget.setVisible(visible)
        self.errors.clear()
