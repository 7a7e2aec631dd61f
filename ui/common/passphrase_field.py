"""The passphrase box every screen uses, and the prompt that asks for the passphrase to get in.

Unlocking, the lock page and leaving young person mode ask the same way: a labelled box
hidden as it is typed, a busy bar while the passphrase is checked off the GUI thread, an
inline message, and a countdown while the throttle says wait.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from iro_desktop.services.unlock_policy import UnlockThrottle
from ui.common.widgets_common import InlineMessage, plain

TYPE_IT_FIRST = "Type your passphrase first."


class PassphraseField(QLineEdit):
    """A box that hides what is typed and keeps it from prediction; ``label`` is its buddy."""

    def __init__(self, label: str = "&Passphrase:", *, accessible_name: str = "",
                 description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.label = QLabel(label)
        self.label.setBuddy(self)
        self.setAccessibleName(accessible_name or plain(label))
        if description:
            self.setAccessibleDescription(description)
            self.setToolTip(description)


def wait_message(seconds: float) -> str:
    whole = max(1, int(seconds + 0.999))
    unit = "second" if whole == 1 else "seconds"
    return f"Too many attempts. Try again in {whole} {unit}."


class ThrottleCountdown:
    """Keeps a button disabled, with a countdown message, while the throttle says wait."""

    def __init__(
        self, throttle: UnlockThrottle, button: QWidget, message: InlineMessage, owner: QWidget
    ) -> None:
        self.throttle = throttle
        self._button = button
        self._message = message
        self.timer = QTimer(owner)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)

    def refresh(self) -> bool:
        """Update the button and message; True when a guess is allowed now."""
        wait = self.throttle.wait_seconds()
        if wait > 0:
            self._button.setEnabled(False)
            self._message.show_message(wait_message(wait), "warning")
            if not self.timer.isActive():
                self.timer.start()
            return False
        if self.timer.isActive():
            self.timer.stop()
            self._message.clear_message()
        self._button.setEnabled(True)
        return True


class PassphrasePrompt(QWidget):
    """The label, the box, a busy bar while the passphrase is checked, and a message."""

    def __init__(self, *, accessible_name: str = "Passphrase",
                 busy_name: str = "Checking the passphrase", spacing: int = 10,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = PassphraseField(accessible_name=accessible_name)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(6)
        self.busy.setAccessibleName(busy_name)
        self.busy.hide()
        self.message = InlineMessage()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing)
        for widget in (self.field.label, self.field, self.busy, self.message):
            layout.addWidget(widget)
        self.setFocusProxy(self.field)

    def typed(self) -> str | None:
        """The passphrase typed, or None (and the message says so) when the box is empty."""
        passphrase = self.field.text()
        if not passphrase:
            self.message.show_error(TYPE_IT_FIRST)
            return None
        return passphrase

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.field.setEnabled(not busy)

    def refuse(self, text: str) -> None:
        """A wrong passphrase: say so, and leave it selected to type over."""
        self.message.show_error(text)
        self.field.selectAll()
        self.field.setFocus()
