"""What sits above the review's sections: who and which review, and the inline bars
(recover a draft, confirm finalising, give a reason for an amendment). None is modal, so
the IRO can still read and copy the record while deciding.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.review_form import ReviewStatus
from iro_desktop.domain.timetable import format_date
from iro_desktop.services.reviews import ReviewContext
from ui.common import tones
from ui.common.tones import text_style
from ui.review.review_fields import FieldMessage

TONES = ("ok", "error", "info", "neutral")  # of ui/common/tones.py
STATUS_TEXT: dict[str, str] = {ReviewStatus.DRAFT: "Draft", ReviewStatus.HELD: "Held, not final",
                               ReviewStatus.FINALISED: "Final record"}


def problem_summary() -> QLabel:
    """The line above the sections that lists what stops a save, each a link to its field."""
    summary = QLabel()
    summary.setWordWrap(True)
    summary.setTextFormat(Qt.TextFormat.RichText)
    summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    summary.setAccessibleName("Problems to fix")
    summary.setStyleSheet(text_style())
    summary.hide()
    return summary


def timeliness(context: ReviewContext, meeting_date: date | None, today: date) -> tuple[str, str]:
    """In time, late, overdue or due soon, worked out against the statutory due date."""
    due = context.due
    if due is None:
        return "", "neutral"
    if meeting_date is not None:
        if meeting_date <= due:
            return "In time", "ok"
        days = (meeting_date - due).days
        return f"Late: {days} day{'s' if days != 1 else ''} after the due date", "error"
    if today > due:
        return "Overdue", "error"
    days = (due - today).days
    return ("Due today", "info") if days == 0 else (
        f"Due in {days} day{'s' if days != 1 else ''}", "info")


def when_text(moment: datetime, today: date) -> str:
    local = moment.astimezone() if moment.tzinfo else moment
    clock = f"{local:%H:%M}"
    return clock if local.date() == today else f"{clock} on {format_date(local.date())}"


def _colours(name: str) -> tuple[str, str]:
    shade = tones.tone(name)
    return shade.background, shade.foreground


def chip(label: QLabel, text: str, tone: str) -> None:
    background, colour = _colours(tone if tone in TONES else "neutral")
    label.setText(text)
    label.setVisible(bool(text))
    label.setAccessibleDescription(text)
    label.setStyleSheet(f"background: {background}; color: {colour}; border-radius: 4px;"
                        " padding: 2px 8px; font-weight: 600;")


class ReviewHeader(QFrame):
    """The child's name, the review's number and kind, its due date and how it was worked out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setAccessibleName("Child's name")
        self.review = QLabel()
        self.review.setAccessibleName("Which review")
        bold = self.review.font()
        bold.setBold(True)
        self.review.setFont(bold)
        self.due = QLabel()
        self.due.setWordWrap(True)
        self.due.setAccessibleName("Due date and how it was worked out")
        self.due.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timely = QLabel()
        self.timely.setAccessibleName("Timeliness")
        self.status = QLabel()
        self.status.setAccessibleName("Status of the record")
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addSpacing(12)
        top.addWidget(self.review)
        top.addStretch(1)
        top.addWidget(self.timely)
        top.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addLayout(top)
        layout.addWidget(self.due)

    def show_context(self, context: ReviewContext, meeting_date: date | None,
                     today: date) -> None:
        self.name.setText(context.child_name)
        self.review.setText(f"Review {context.number} ({context.kind})")
        if context.due is not None:
            basis = f" — {context.basis}" if context.basis else ""
            self.due.setText(f"Due by {format_date(context.due)}{basis}")
        else:
            self.due.setText("No due date: the period of care has ended.")
        chip(self.timely, *timeliness(context, meeting_date, today))
        chip(self.status, STATUS_TEXT.get(context.status, context.status),
             "ok" if context.is_final else "neutral")


class Bar(QFrame):
    """A tinted strip with a message and buttons, shown inline above the sections."""

    def __init__(self, tone: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        background, colour = _colours(tone)
        self.setObjectName("bar")
        self.setStyleSheet(f"QFrame#bar {{ background: {background}; border: 1px solid {colour};"
                           " border-radius: 4px; }")
        self.setAccessibleName(accessible)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {colour};")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(10, 6, 10, 6)
        self.row.addWidget(self.text, 1)
        self.hide()

    def button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        self.row.addWidget(button)
        return button


class RecoveryBar(Bar):
    """Offers the text autosaved before the editor was last closed or the computer stopped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("info", "Unsaved text found", parent)
        self.recover = self.button("Recover", "Recover unsaved text")
        self.discard = self.button("Discard", "Discard the unsaved text")

    def offer(self, when: str, characters: int) -> None:
        self.recover.setText(f"&Recover unsaved text from {when}")
        self.recover.setAccessibleName(f"Recover unsaved text from {when}")
        self.text.setText(
            f"Unsaved text from {when} was found for this review ({characters:,} characters of "
            "views and notes). Recover it, or discard it, before carrying on.")
        self.show()


class ConfirmFinaliseBar(Bar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("info", "Confirm finalising", parent)
        self.text.setText("Finalising locks the record: any later change will be recorded as an "
                          "amendment, with who made it, when and why. Finalise now?")
        self.confirm = self.button("Finalise &now", "Finalise now")
        self.cancel = self.button("Cancel", "Cancel finalising")


class AmendBar(Bar):
    """A final record is changed only with a reason, kept in the audit trail."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("info", "Amend the final record", parent)
        self.text.setText("You are amending the final record. Make the changes below, "
                          "say why, then save the amendment.")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setPlaceholderText("Reason for the amendment (kept in the audit trail)")
        self.reason.setMinimumWidth(380)
        self.reason.returnPressed.connect(self.submitted.emit)
        label = QLabel("Rea&son:")
        label.setBuddy(self.reason)
        self.message = FieldMessage("Reason for the amendment")
        self.message.target = self.reason
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.reason)
        column.addWidget(self.message)
        self.row.addWidget(label)
        self.row.addLayout(column)
        self.save = self.button("Save a&mendment", "Save the amendment")
        self.cancel = self.button("Cancel amendment", "Cancel the amendment")
        self.save.clicked.connect(self.submitted.emit)
