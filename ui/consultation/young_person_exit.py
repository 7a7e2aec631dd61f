"""The IRO's way out of young person mode: the passphrase, checked off the GUI thread and
throttled like unlocking, so a child cannot guess their way into the caseload."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_desktop.services.unlock_policy import (
    TooManyAttemptsError,
    UnlockThrottle,
    confirm_passphrase,
)
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.passphrase_field import PassphrasePrompt, ThrottleCountdown
from ui.common.workers import run_task

WRONG = "That passphrase is not right. Try again."


class IroExitPanel(QWidget):
    """Asks for the passphrase; `confirmed` once it is right, `cancelled` to go back."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, store: Store, throttle: UnlockThrottle | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("iroPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMaximumWidth(640)
        self._store = store
        self._checking = False
        heading = QLabel("For the IRO")
        heading.setObjectName("iroHeading")
        heading.setAccessibleName("For the IRO")
        text = QLabel("Type your passphrase to leave young person mode. The answers so far "
                      "are saved.")
        text.setWordWrap(True)
        text.setAccessibleName("Type your passphrase to leave young person mode")
        self.prompt = PassphrasePrompt(accessible_name="IRO passphrase", spacing=12)
        self.passphrase, self.busy, self.message = (
            self.prompt.field, self.prompt.busy, self.prompt.message)
        self.leave_button = QPushButton("&Leave young person mode")
        self.leave_button.setAccessibleName("Leave young person mode")
        self.leave_button.setAutoDefault(True)
        self.back_button = QPushButton("&Back to the questions")
        self.back_button.setAccessibleName("Back to the questions")
        self.back_button.setAutoDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        for widget in (heading, text, self.prompt):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.passphrase, self.leave_button)
        QWidget.setTabOrder(self.leave_button, self.back_button)
        self.countdown = ThrottleCountdown(throttle or UnlockThrottle.for_store(store.path),
                                           self.leave_button,
                                           self.message, self)
        self.leave_button.clicked.connect(self.check)
        self.passphrase.returnPressed.connect(self.check)
        self.back_button.clicked.connect(self._cancel)

    def reset(self) -> None:
        self.passphrase.clear()
        self.message.clear_message()
        self.countdown.refresh()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def check(self) -> None:
        if self._checking or not self.countdown.refresh():
            return
        passphrase = self.prompt.typed()
        if passphrase is None:
            return
        self._set_checking(True)
        store, throttle = self._store, self.countdown.throttle
        run_task(lambda _progress: confirm_passphrase(store, passphrase, throttle=throttle),
                 on_done=self._checked, on_error=self._failed, parent=self)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.prompt.set_busy(checking)
        for widget in (self.leave_button, self.back_button):
            widget.setEnabled(not checking)

    def _checked(self, right: bool) -> None:
        self._set_checking(False)
        self.passphrase.clear()
        if right:
            self.message.clear_message()
            self.confirmed.emit()
            return
        self.message.show_error(WRONG)
        self.countdown.refresh()
        self.passphrase.setFocus()

    def _failed(self, error: BaseException) -> None:
        self._set_checking(False)
        if isinstance(error, TooManyAttemptsError):
            self.countdown.refresh()  # it says how long to wait
            return
        self.message.show_error(problem_text(
            error, "Checking the passphrase", lead="The passphrase could not be checked: ",
            unexpected="The passphrase could not be checked. Try again."))
        self.countdown.refresh()

    def _cancel(self) -> None:
        if not self._checking:
            self.passphrase.clear()
            self.cancelled.emit()
