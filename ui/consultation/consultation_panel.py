"""What the child said in their consultation, shown to the IRO beside the review.

The child's own words come first and largest; "Use the child's own words" hands them to the
review editor (`use_words`), which puts them into the young person's views section.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.consultation_forms import (
    AGE_BANDS,
    BAND_LABELS,
    ConsultationFormError,
    describe_answer,
    load_form,
)
from iro_desktop.domain.consultation_rules import FLAG_LABELS, ConsultationStatus, flags_for
from iro_desktop.domain.timetable import format_date
from iro_desktop.services.consultations import ConsultationView
from ui.common.tones import panel_style, text_style

NONE_YET = ("No consultation form for this review yet. Start one from the child's record "
            "(\"Start consultation with the young person\").")


def status_text(view: ConsultationView) -> str:
    """One sentence on where the consultation stands, for the IRO."""
    name = view.child_name
    when = format_date(view.consulted_on) if view.consulted_on else ""
    band = f" (the {BAND_LABELS[view.age_band]} form)" if view.age_band in BAND_LABELS else ""
    if view.status == ConsultationStatus.COMPLETED:
        return f"{name} completed the consultation form with their IRO on {when}{band}."
    if view.status == ConsultationStatus.DECLINED:
        return f"{name} chose not to complete the consultation form ({when})."
    if view.status == ConsultationStatus.NOT_REQUIRED:
        return f"A consultation form was not required for {name} ({when})."
    return f"{name} has started the consultation form{band}; it is not finished yet."


def _value(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setAccessibleName(name)
    label.setAccessibleDescription(text)
    return label


class ConsultationPanel(QWidget):
    """Shows one consultation's answers (question → answer) with the child's own words first."""

    use_words = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: ConsultationView | None = None
        self.heading = QLabel("The young person's consultation")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("The young person's consultation")
        self.status = _value(NONE_YET, "Consultation status")
        self.follow_up = _value("", "Follow-up needed")
        self.follow_up.setStyleSheet(text_style("challenge"))
        self.words_title = QLabel("In their own words")
        self.words_title.setAccessibleName("In their own words")
        self.words = _value("", "The child's own words")
        words_font = self.words.font()
        words_font.setPointSizeF(words_font.pointSizeF() * 1.3)
        self.words.setFont(words_font)
        self.words_box = QFrame()
        self.words_box.setObjectName("ownWords")
        self.words_box.setStyleSheet(panel_style("QFrame#ownWords", left_rule=True))
        box = QVBoxLayout(self.words_box)
        box.addWidget(self.words_title)
        box.addWidget(self.words)
        self.use_button = QPushButton("&Use the child's own words")
        self.use_button.setAccessibleName("Use the child's own words")
        self.use_button.setToolTip("Add the child's own words to the young person's views")
        self.answers = QGridLayout()
        self.answers.setColumnStretch(1, 1)
        self.answers.setColumnMinimumWidth(0, 220)
        self.answers.setHorizontalSpacing(16)
        self.answers.setVerticalSpacing(6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.follow_up)
        layout.addWidget(self.words_box)
        layout.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self.answers)
        layout.addStretch(1)
        self.use_button.clicked.connect(self._use)
        self.show_consultation(None)

    def own_words(self) -> str:
        return self.view.own_words if self.view is not None else ""

    def answer_rows(self) -> list[tuple[str, str]]:
        """(question, answer) as shown, for tests and for copying."""
        rows: list[tuple[str, str]] = []
        for row in range(self.answers.rowCount()):
            left, right = self.answers.itemAtPosition(row, 0), self.answers.itemAtPosition(row, 1)
            if left is not None and right is not None:
                question, answer = left.widget(), right.widget()
                if isinstance(question, QLabel) and isinstance(answer, QLabel):
                    rows.append((question.text(), answer.text()))
        return rows

    def _clear_answers(self) -> None:
        while self.answers.count():
            item = self.answers.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def show_consultation(self, view: ConsultationView | None) -> None:
        self.view = view
        self._clear_answers()
        if view is None:
            self.status.setText(NONE_YET)
            self.status.setAccessibleDescription(NONE_YET)
            for widget in (self.follow_up, self.words_box, self.use_button):
                widget.hide()
            return
        text = status_text(view)
        self.status.setText(text + (f" {view.note}" if view.note else ""))
        self.status.setAccessibleDescription(self.status.text())
        words = view.own_words
        self.words.setText(words or "Nothing written.")
        self.words.setAccessibleDescription(words or "Nothing written")
        self.words_box.setVisible(view.age_band in AGE_BANDS)
        self.use_button.setVisible(view.age_band in AGE_BANDS)
        self.use_button.setEnabled(bool(words))
        flags = [FLAG_LABELS[f.kind] for f in flags_for(view.answers)]
        needed = "; ".join(f[0].lower() + f[1:] for f in flags)
        self.follow_up.setText(f"Follow-up needed: {needed}." if flags else "")
        self.follow_up.setAccessibleDescription(self.follow_up.text())
        self.follow_up.setVisible(bool(flags))
        self._fill_answers(view)

    def _fill_answers(self, view: ConsultationView) -> None:
        if view.age_band not in AGE_BANDS:
            return
        try:
            form = load_form(view.age_band)
        except ConsultationFormError:
            return
        row = 0
        for question in form.questions:
            if question.id == "own_words":
                continue
            answer = describe_answer(question, view.answers.get(question.id))
            label = QLabel(question.summary)
            label.setWordWrap(True)
            label.setToolTip(question.text)
            value = _value(answer, question.summary)
            label.setBuddy(value)
            self.answers.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.answers.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            row += 1

    def _use(self) -> None:
        words = self.own_words()
        if words:
            self.use_words.emit(words)
