"""The row of actions on a child's record: reviews, notes, the consultation and quality assurance.

Only buttons: the record decides what each does (and puts ``consult`` beside the next review
it is for, which keeps this row narrow enough for a small laptop screen), and the main window
offers the same actions in its Child and Quality assurance menus (with the shortcuts).
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from ui.common.flow_layout import FlowLayout, wrapping_policy

CONSULT_TIP = ("The child answers questions before their review on this laptop, in young "
               "person mode: full screen, nothing else showing; you leave it with your "
               "passphrase (Ctrl+Shift+Y)")
UNDER_FOUR = ("Children under 4 are not asked to fill in a consultation form: record their "
              "participation as PN0 in the review.")


def _button(text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAccessibleDescription(tip)
    button.setToolTip(tip)
    button.setAutoDefault(False)
    return button


class ChildActions(QWidget):
    """Start a review, add a note, consult the child, audit, challenge, good practice, QA."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Actions for this child")
        self.new_review = _button("New revie&w", "New review",
                                  "Start the child's next review, or carry on with the one "
                                  "started (Ctrl+R)")
        self.note = _button("Add monitoring n&ote", "Add monitoring note",
                            "A dated note on how the decisions are going between reviews "
                            "(midway review) (Ctrl+Shift+M)")
        self.consult = _button("Consult the &young person…",
                               "Start consultation with the young person", CONSULT_TIP)
        self.audit = _button("&Audit this review", "Audit this review",
                             "The QA audit of the review selected in the timeline, or of the "
                             "latest review held")
        self.challenge = _button("Raise a challenge", "Raise a challenge",
                                 "Raise a challenge about this child's plan")
        self.good_practice = _button("Good practice", "Record good practice",
                                     "Recognise good practice by the child's social worker")
        self.qa = _button("&QA for this child", "QA for this child",
                          "This child's audits, challenges and good practice")
        layout = FlowLayout(self)
        self.setSizePolicy(wrapping_policy())
        layout.setContentsMargins(0, 2, 0, 2)
        for button in (self.new_review, self.note):
            layout.addWidget(button)
        layout.addSpacing(16)
        for button in (self.audit, self.challenge, self.good_practice, self.qa):
            layout.addWidget(button)

    def buttons(self) -> list[QPushButton]:
        return [self.new_review, self.note, self.consult, self.audit, self.challenge,
                self.good_practice, self.qa]

    def set_enabled_for(self, saved_child: bool, period_open: bool,
                        consult_refused: str = "") -> None:
        """A new child (not yet added) has no actions; a closed period starts no review;
        ``consult_refused`` says why the child is not consulted by form (under 4)."""
        for button in self.buttons():
            button.setEnabled(saved_child)
        self.new_review.setEnabled(saved_child and period_open)
        self.consult.setEnabled(saved_child and not consult_refused)
        tip = consult_refused or CONSULT_TIP
        self.consult.setToolTip(tip)
        self.consult.setAccessibleDescription(tip)
