"""The screens of young person mode: a welcome, one screen per question, and a thank you.

Each question screen holds its own answer (`answer()` / `set_answer()`) and says when it
changes; the window around it does the moving on and the saving.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.consultation_forms import Answer, Question
from ui.consultation.consultation_pictures import ACCENT, KidButton, PictureButton, PictureLabel

#: Calm colours, large type (never under 20pt for the child) and large targets (64 px).
STYLE = """
QWidget { font-size: 20pt; color: #1f2d33; }
QWidget#youngPersonMode { background: #eef5f3; }
QLabel#question { font-size: 30pt; font-weight: 600; }
QLabel#welcomeHeading { font-size: 40pt; font-weight: 600; color: #2e6f73; }
QLabel#hint { color: #3f5358; }
QLabel#formTitle { font-size: 20pt; color: #3f5358; }
QPushButton { background: #ffffff; border: 2px solid #8fb0ac; border-radius: 18px;
              padding: 10px 22px; min-height: 40px; }
QPushButton:hover { background: #e3f1ef; }
QPushButton:focus { border: 4px solid #1f5f63; }
QPushButton:checked { background: #cfe9e6; border: 4px solid #2e6f73; font-weight: 600; }
QPushButton#pictureChoice { border-radius: 26px; }
QPushButton#decline { background: transparent; border: 2px dashed #7d8f93; color: #3f5358; }
QPushButton#decline:checked { background: #e9e4f3; border: 4px solid #5f4f8f; color: #2c2250; }
QPushButton#next { background: #2e6f73; border-color: #2e6f73; color: #ffffff;
                   font-weight: 600; border-radius: 32px; min-width: 220px; }
QPushButton#next:hover { background: #275f62; }
QPushButton#next:focus { border: 4px solid #0f3a3c; }
QPushButton#back { border-radius: 32px; min-width: 160px; }
QPushButton#iroOnly { font-size: 11pt; color: #55656a; background: transparent;
                      border: 1px solid #b6c6c3; border-radius: 10px; padding: 4px 10px;
                      min-height: 0; }
QLineEdit, QPlainTextEdit { background: #ffffff; border: 2px solid #8fb0ac; border-radius: 14px;
                            padding: 8px 14px; min-height: 44px; }
QLineEdit:focus, QPlainTextEdit:focus { border: 4px solid #2e6f73; }
QWidget#iroPanel { background: #ffffff; border-radius: 18px; }
QWidget#iroPanel QWidget { font-size: 14pt; }
QWidget#iroPanel QLabel#iroHeading { font-size: 20pt; font-weight: 600; }
"""


#: Lines of text no longer than this (pixels), so they stay easy to read.
TEXT_WIDTH = 1040


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(text)
    return label


class _Column(QWidget):
    """A screen whose text keeps to a readable width in the middle, however wide the window."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        layout = self.layout()
        if layout is not None:
            side = max(0, (self.width() - TEXT_WIDTH) // 2)
            layout.setContentsMargins(side, 0, side, 0)
        super().resizeEvent(event)


class ProgressDots(QWidget):
    """One dot a question: filled once answered, a ring round the current one."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count = count
        self._current = -1
        self._answered: set[int] = set()
        self.setFixedHeight(30)
        self.setMinimumWidth(count * 26)
        self.setAccessibleName("Progress")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._count * 26, 30)

    def set_state(self, current: int, answered: set[int]) -> None:
        self._current, self._answered = current, set(answered)
        if 0 <= current < self._count:
            self.setAccessibleName(f"Question {current + 1} of {self._count}")
        else:
            self.setAccessibleName(f"{len(self._answered)} of {self._count} questions answered")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        left = (self.width() - self._count * 26) / 2
        for index in range(self._count):
            centre_x, radius = left + index * 26 + 13, 7.0
            box = QRectF(centre_x - radius, 15 - radius, radius * 2, radius * 2)
            filled = index in self._answered
            painter.setPen(QPen(ACCENT, 2))
            painter.setBrush(ACCENT if filled else QColor("#ffffff"))
            painter.drawEllipse(box)
            if index == self._current:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(QColor("#1f5f63"), 3))
                painter.drawEllipse(box.adjusted(-5, -5, 5, 5))
        painter.end()


class MessageScreen(_Column):
    """The welcome and the thank-you screen: a heading, a few words and a smiling face."""

    def __init__(self, heading: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _label(heading, "welcomeHeading")
        self.text = _label(text, "hint")
        face = PictureLabel("happy", 180)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(face, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addStretch(2)

    def first_focus(self) -> QWidget | None:
        return None


class QuestionScreen(_Column):
    """One question: its choices (pictures or words), an optional text box, and
    "I don't want to answer", which clears the rest (and choosing anything clears it)."""

    changed = Signal()

    def __init__(self, question: Question, decline_label: str, pictures: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self._loading = False
        self.title = _label(question.text, "question")
        self.hint = _label(question.hint, "hint")
        self.hint.setVisible(bool(question.hint))
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.choices: dict[str, KidButton] = {}
        single = question.kind == "single"
        for choice in question.offered():
            if pictures and choice.picture:
                button: KidButton = PictureButton(choice.label, choice.picture, exclusive=single)
            else:
                button = KidButton(choice.label, choice=True, exclusive=single)
            button.setAccessibleDescription(question.text)
            self.group.addButton(button)
            self.choices[choice.value] = button
        self.other = QLineEdit()
        self.other.setAccessibleName(question.other or "Other")
        self.other.setPlaceholderText(question.other)
        self.other.setMinimumWidth(640)
        self.other.setMaximumWidth(860)
        self.other.setVisible(bool(question.other))
        self.words = QPlainTextEdit()
        self.words.setAccessibleName(question.text)
        self.words.setPlaceholderText(question.placeholder)
        self.words.setTabChangesFocus(True)
        self.words.setMinimumSize(900, 220)
        self.words.setMaximumWidth(1000)
        self.words.setVisible(question.kind == "text")
        self.decline = KidButton(decline_label, choice=True, exclusive=True)
        self.decline.setObjectName("decline")
        self.decline.setAccessibleDescription(question.text)
        self._lay_out(pictures)
        self.group.buttonToggled.connect(self._choice_toggled)
        self.decline.toggled.connect(self._decline_toggled)
        self.other.textEdited.connect(self._typed)
        self.words.textChanged.connect(self._typed)

    def _lay_out(self, pictures: bool) -> None:
        buttons = list(self.choices.values())
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(14)
        tiles = pictures and any(isinstance(b, PictureButton) for b in buttons)
        columns = len(buttons) if tiles else (2 if len(buttons) > 4 else 1)
        self._word_buttons = [] if tiles else buttons
        for index, button in enumerate(buttons):
            if not tiles:
                button.setMinimumWidth(420 if columns == 2 else 560)
            grid.addWidget(button, index // max(columns, 1), index % max(columns, 1))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(grid)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(22)
        layout.addLayout(row)
        layout.addWidget(self.other, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.words, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(6)
        layout.addWidget(self.decline, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        chain: list[QWidget] = [*buttons, self.other, self.words, self.decline]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Choices in words all as wide as the widest, once the style has set their font."""
        if self._word_buttons:
            widest = max(b.sizeHint().width() for b in self._word_buttons)
            for button in self._word_buttons:
                button.setMinimumWidth(max(button.minimumWidth(), widest))
        super().showEvent(event)

    # -- the answer -----------------------------------------------------------------------

    def answer(self) -> Answer | None:
        """None when the child has skipped this question."""
        if self.decline.isChecked():
            return Answer(declined=True)
        values = tuple(v for v, b in self.choices.items() if b.isChecked())
        text = self.words.toPlainText() if self.question.kind == "text" else self.other.text()
        answer = Answer(values, text.strip() and text)
        return None if answer.is_empty else answer

    def set_answer(self, answer: Answer | None) -> None:
        self._loading = True
        try:
            answer = answer or Answer()
            for value, button in self.choices.items():
                button.setChecked(value in answer.values)
            self.decline.setChecked(answer.declined)
            if self.question.kind == "text":
                self.words.setPlainText(answer.text)
            else:
                self.other.setText(answer.text)
        finally:
            self._loading = False

    def first_focus(self) -> QWidget:
        checked = [b for b in self.choices.values() if b.isChecked()]
        if checked:
            return checked[0]
        if self.choices:
            return next(iter(self.choices.values()))
        return self.words

    # -- keeping the choices consistent ---------------------------------------------------

    def _choice_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if self._loading:
            return
        if checked:
            self._loading = True
            try:
                self.decline.setChecked(False)
                if self.question.kind == "single":
                    for other in self.choices.values():
                        if other is not button:
                            other.setChecked(False)
            finally:
                self._loading = False
        self.changed.emit()

    def _decline_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        if checked:
            self._loading = True
            try:
                for button in self.choices.values():
                    button.setChecked(False)
                self.other.clear()
                self.words.clear()
            finally:
                self._loading = False
        self.changed.emit()

    def _typed(self) -> None:
        if self._loading:
            return
        if self.decline.isChecked():
            self._loading = True
            self.decline.setChecked(False)
            self._loading = False
        self.changed.emit()
