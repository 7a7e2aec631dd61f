"""Asks for the passphrase and opens the store without freezing the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.paths import demo_store_path
from iro_desktop.services.unlock_policy import TooManyAttemptsError, UnlockThrottle, unlock_store
from iro_desktop.store import Store, WrongPassphraseError
from iro_desktop.store.instance_lock import APP, InstanceLock
from ui.common.error_message import problem_text
from ui.common.passphrase_field import PassphrasePrompt, ThrottleCountdown
from ui.common.workers import run_task

WRONG_PASSPHRASE = (
    "That passphrase did not unlock this store. Check that Caps Lock is off and try again."
)


def is_demo_path(path: Path) -> bool:
    return path.name == demo_store_path().name


def _locked_and_unlocked(path: Path, passphrase: str,
                         throttle: UnlockThrottle) -> tuple[Store, InstanceLock]:
    """Take the store for this window first (a second window on the same store would
    overwrite this one's drafts), then open it through the throttle."""
    lock = InstanceLock.acquire(path, kind=APP)
    try:
        return unlock_store(path, passphrase, throttle=throttle), lock
    except BaseException:
        lock.release()
        raise


class UnlockDialog(QDialog):
    """`exec()` it; on acceptance `unlocked_store()` is the open store."""

    store_path_changed = Signal(Path)

    def __init__(
        self,
        store_path: Path,
        parent: QWidget | None = None,
        *,
        throttle: UnlockThrottle | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock IRO Desktop")
        self.setMinimumWidth(500)
        self._path = store_path
        self._store: Store | None = None
        self._lock: InstanceLock | None = None
        self._busy = False
        self._cancelled = False

        heading = QLabel("Unlock your caseload")
        heading.setObjectName("dialogHeading")
        heading.setWordWrap(True)
        self.store_label = QLabel()
        self.store_label.setObjectName("storeName")
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_badge = QLabel("Demo caseload")
        self.demo_badge.setObjectName("demoBadge")
        self.demo_badge.setAccessibleName("Demo caseload: fictional children, for training")
        store_row = QHBoxLayout()
        store_row.addWidget(self.store_label, 1)
        store_row.addWidget(self.demo_badge)

        self.prompt = PassphrasePrompt(busy_name="Unlocking")
        self.passphrase, self.busy, self.message = (
            self.prompt.field, self.prompt.busy, self.prompt.message)

        self.other_button = QPushButton("Open a &different store…")
        self.other_button.setAccessibleName("Open a different store")
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setAccessibleName("Quit")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        for button in (self.other_button, self.quit_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(store_row)
        layout.addSpacing(6)
        layout.addWidget(self.prompt)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self.setTabOrder(self.passphrase, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.quit_button)
        self.setTabOrder(self.quit_button, self.other_button)

        #: A throttle given by the caller (tests, with a fake clock) is kept; otherwise the
        #: store's own record, beside it, follows the store chosen.
        self._given_throttle = throttle
        self.countdown = ThrottleCountdown(
            throttle or UnlockThrottle.for_store(store_path), self.unlock_button, self.message,
            self)
        self.message.changed.connect(self._fit)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.quit_button.clicked.connect(self.reject)
        self.other_button.clicked.connect(self._choose_other)
        self._show_path()
        self.countdown.refresh()
        self.passphrase.setFocus()

    # -- public -------------------------------------------------------------------

    def unlocked_store(self) -> Store | None:
        return self._store

    def store_path(self) -> Path:
        return self._path

    def set_store_path(self, path: Path) -> None:
        self._path = path
        if self._given_throttle is None:
            self.countdown.throttle = UnlockThrottle.for_store(path)
        self._show_path()
        self.message.clear_message()
        self.countdown.refresh()
        self.store_path_changed.emit(path)

    def try_unlock(self) -> None:
        if self._busy or not self.countdown.refresh():
            return
        passphrase = self.prompt.typed()
        if passphrase is None:
            return
        path, throttle = self._path, self.countdown.throttle
        self._set_busy(True)
        self.message.show_info("Unlocking…")
        run_task(lambda _progress: _locked_and_unlocked(path, passphrase, throttle),
                 on_done=self._opened, on_error=self._failed, parent=self)

    # -- internals ------------------------------------------------------------------

    def _show_path(self) -> None:
        self.store_label.setText(f"Store: {self._path.name}")
        self.store_label.setToolTip(str(self._path))
        self.store_label.setAccessibleName(f"Store {self._path.name}")
        self.demo_badge.setVisible(is_demo_path(self._path))

    def _fit(self) -> None:
        """Grow or shrink with the message so that no line is ever cut off."""
        QTimer.singleShot(0, self, self.adjustSize)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.prompt.set_busy(busy)
        for widget in (self.unlock_button, self.other_button):
            widget.setEnabled(not busy)

    def instance_lock(self) -> InstanceLock | None:
        """The lock taken on the store when it was unlocked, held until the app closes."""
        return self._lock

    def _opened(self, opened: tuple[Store, InstanceLock]) -> None:
        store, lock = opened
        self._set_busy(False)
        if self._cancelled:
            store.close()
            lock.release()
            return
        self._store, self._lock = store, lock
        self.passphrase.clear()
        self.message.clear_message()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, WrongPassphraseError):  # counted by unlock_store
            self.prompt.refuse(WRONG_PASSPHRASE)
        elif isinstance(error, TooManyAttemptsError):
            pass  # the countdown below says how long to wait, and why
        else:
            self.message.show_error(problem_text(
                error, "Opening the store", lead="",
                unexpected="The store could not be opened because of an unexpected problem. "
                           "Try again; if it happens again, contact IT support."))
        self.countdown.refresh()
        self.passphrase.setFocus()

    def _choose_other(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Open a store", str(self._path.parent), "IRO Desktop stores (*.irostore)")
        if chosen:
            self.set_store_path(Path(chosen))
            self.passphrase.setFocus()

    def reject(self) -> None:
        if self._busy:
            self._cancelled = True
        super().reject()
