"""Choosing a new passphrase: the rules it must meet, a strength meter, and the two boxes."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from iro_desktop.store.keyfile import MIN_PASSPHRASE_LENGTH
from ui.common.passphrase_field import PassphraseField
from ui.common.widgets_common import InlineMessage, new_form

#: A few passphrases every guessing tool tries first (compared without case or spaces).
COMMON_PASSPHRASES = frozenset(
    {
        "password1234", "password12345", "password123456", "passwordpassword",
        "123456789012", "1234567890123", "12345678901234", "qwertyuiopas", "qwertyuiop123",
        "iloveyou1234", "letmein12345", "welcome12345", "welcometo2024", "welcometo2025",
        "changeme1234", "adminadmin12", "administrator", "correcthorsebatterystaple",
        "trustno1trustno1", "monkeymonkey", "football1234", "liverpool123", "arsenal12345",
        "chelsea12345", "manchesterunited", "summer2024!!", "winter2024!!", "iamthebest123",
        "socialworker", "socialwork123", "children1234", "lookedafter1", "irodesktop123",
        "kettlevioletharbourmarch",  # the example the wizard gives
    }
)


def _normalised(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def passphrase_problem(text: str, again: str | None = None) -> str:
    """Why this new passphrase cannot be used, in plain words; empty when it is fine."""
    if len(text) < MIN_PASSPHRASE_LENGTH:
        return (
            f"Too short: {len(text)} of at least {MIN_PASSPHRASE_LENGTH} characters. "
            "Three random words make a good passphrase."
        )
    squeezed = _normalised(text)
    if squeezed in COMMON_PASSPHRASES or len(set(squeezed)) <= 2:
        return "This passphrase is one that guessing tools try first. Please choose another."
    if again is not None and again != text:
        return "The two passphrases are different. Type the same passphrase in both boxes."
    return ""


def passphrase_strength(text: str) -> tuple[int, str]:
    """A score from 0 to 4 and a word for it, judged on length and the common list."""
    if not text:
        return 0, ""
    if passphrase_problem(text):
        return (0, "Too weak") if len(text) >= MIN_PASSPHRASE_LENGTH else (1, "Too short")
    if len(text) < 16:
        return 2, "Acceptable"
    if len(text) < 24:
        return 3, "Good"
    return 4, "Strong"


class StrengthMeter(QWidget):
    """A bar and a word showing how strong a passphrase is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.word = QLabel()
        self.word.setMinimumWidth(90)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.word)
        self.setAccessibleName("Passphrase strength")
        self.update_for("")

    def update_for(self, text: str) -> None:
        score, word = passphrase_strength(text)
        self.bar.setValue(score)
        self.bar.setProperty("strength", score)
        self.bar.style().unpolish(self.bar)
        self.bar.style().polish(self.bar)
        self.word.setText(word)
        self.bar.setAccessibleDescription(word or "Nothing typed yet")


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, with live strength feedback and an inline message."""

    changed = Signal()

    def __init__(self, first_label: str = "&New passphrase:", parent: QWidget | None = None):
        super().__init__(parent)
        self.first = PassphraseField(
            first_label, description=f"At least {MIN_PASSPHRASE_LENGTH} characters")
        self.again = PassphraseField("Type it &again:")
        self.meter = StrengthMeter()
        self.message = InlineMessage()
        form = new_form()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.first.label, self.first)
        form.addRow("", self.meter)
        form.addRow(self.again.label, self.again)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.first.textChanged.connect(self._on_edit)
        self.again.textChanged.connect(self._on_edit)
        self.setTabOrder(self.first, self.again)

    def passphrase(self) -> str:
        return self.first.text()

    def problem(self) -> str:
        return passphrase_problem(self.first.text(), self.again.text())

    def is_valid(self) -> bool:
        return not self.problem()

    def clear(self) -> None:
        self.first.clear()
        self.again.clear()
        self.message.clear_message()

    def _on_edit(self) -> None:
        text, again = self.first.text(), self.again.text()
        self.meter.update_for(text)
        alone = passphrase_problem(text)
        if not text and not again:
            self.message.clear_message()
        elif alone:
            tone = "info" if len(text) < MIN_PASSPHRASE_LENGTH and not again else "error"
            self.message.show_message(alone, tone)
        elif not again:
            self.message.show_info("Now type the same passphrase again in the second box.")
        elif again != text and text.startswith(again):
            self.message.show_info("The second box does not match the first yet.")
        elif again != text:
            self.message.show_error(passphrase_problem(text, again))
        else:
            self.message.show_ok("The passphrase is fine and both boxes match.")
        self.changed.emit()


