"""Choosing a new passphrase: the rules it must meet, a strength meter, and the two boxes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from iro_desktop.domain import passphrase_rules as rules
from iro_desktop.store.keyfile import MIN_PASSPHRASE_LENGTH
from ui.common.passphrase_field import PassphraseField
from ui.common.widgets_common import InlineMessage, new_form

#: The example the wizard gives: a guesser who has seen the screen tries it first.
EXAMPLE_WORDS = ("kettle", "violet", "harbour", "march")
#: Published examples (the wizard's, and the cartoon's every guessing list now holds).
EXAMPLES = frozenset({"kettlevioletharbourmarch", "correcthorsebatterystaple"})
EXAMPLE_PROBLEM = ("This is a published example passphrase, which guessing tools try first. "
                   "Choose words of your own.")


def _is_example(text: str) -> bool:
    return "".join(c for c in text.lower() if c.isalnum()) in EXAMPLES


def passphrase_problem(text: str, again: str | None = None,
                       personal: Iterable[str] = ()) -> str:
    """Why this new passphrase cannot be used, in plain words; empty when it is fine: the
    core's rule (at least 12 characters and zxcvbn's judgement), the store's own."""
    if _is_example(text):
        return EXAMPLE_PROBLEM
    return rules.passphrase_problem(text, again, [*personal, *EXAMPLE_WORDS])


def passphrase_strength(text: str, personal: Iterable[str] = ()) -> tuple[int, str]:
    """A score from 0 to 4 and a word for it, as zxcvbn judges it."""
    if not text:
        return 0, ""
    if _is_example(text):
        return 0, "Too weak"
    verdict = rules.judge_passphrase(text, [*personal, *EXAMPLE_WORDS])
    return verdict.score, verdict.label


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


