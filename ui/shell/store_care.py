"""Keeping the open store safe: the lock that stops a second window writing to it, the
warning when opening found damage, automatic backups (on unlocking, every half hour and on
closing), and File → Back up now… / Restore from a backup….

Backups and restores run on a worker: on an authority-scale store a verified backup takes a
few seconds. A restore replaces the store under the application, so it closes the store,
puts the backup in place, and then asks the IRO to start again and unlock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from iro_desktop.services.unlock_policy import UnlockThrottle, refuse_while_waiting
from iro_desktop.store import Store, WrongPassphraseError
from iro_desktop.store.backup import automatic_backup, backup_store
from iro_desktop.store.backup_catalogue import backup_folder
from iro_desktop.store.instance_lock import InstanceLock
from iro_desktop.store.restore import restore_backup
from ui.common.error_message import problem_text
from ui.common.workers import Task, run_task

log = logging.getLogger(__name__)

#: How often an automatic backup is considered while the store is open.
AUTOMATIC_EVERY_MS = 30 * 60 * 1000


class StoreCare(QObject):
    """The store's safety while the window is open; adds its actions to `file_menu`."""

    def __init__(self, window: QMainWindow, file_menu: QMenu, store: Store,
                 instance_lock: InstanceLock | None, *, before: QAction | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.instance_lock = instance_lock
        self.busy = False
        self.replaced = False  # a restore put another store in place of this one
        self.last_backup: Path | None = None
        self.back_up_action = QAction("&Back up now…", window)
        self.back_up_action.setStatusTip("Make a checked copy of the store and its key file")
        self.back_up_action.triggered.connect(self.back_up_now)
        self.restore_action = QAction("Res&tore from a backup…", window)
        self.restore_action.setStatusTip("Replace the store with one of its backups")
        self.restore_action.triggered.connect(self.choose_restore)
        actions = [self.back_up_action, self.restore_action]
        if before is None:
            file_menu.addActions(actions)
        else:
            file_menu.insertActions(before, actions)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOMATIC_EVERY_MS)
        self.timer.timeout.connect(self.automatic_backup)
        self.timer.start()

    # -- on opening ------------------------------------------------------------------------

    def warn_if_damaged(self) -> QMessageBox | None:
        """Opening found damage: say so at once, without blocking the window."""
        warning = self.store.open_warning
        if warning is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, warning.title, warning.message(),
                          QMessageBox.StandardButton.Ok, self.window)
        box.setAccessibleName(warning.title)
        box.open()
        return box

    # -- backups ---------------------------------------------------------------------------

    def automatic_backup(self) -> None:
        """Quietly, on a worker; a failure is logged and shown in the status bar."""
        if self.busy:
            return
        store = self.store
        self._run(lambda _p: automatic_backup(store), self._automatic_done,
                  lambda error: self._status(problem_text(
                      error, "An automatic backup", lead="The automatic backup failed: ")))

    def back_up_now(self) -> None:
        if self.busy:
            return
        store = self.store
        self._status("Backing up the store…")
        self._run(lambda _p: backup_store(store), self._backed_up, self._backup_failed)

    def _automatic_done(self, made: Path | None) -> None:
        if made is not None:
            self.last_backup = made
            self._status(f"Automatic backup made: {made.name}")

    def _backed_up(self, made: Path) -> None:
        self.last_backup = made
        self._status(f"Backed up to {made.name}")
        box = QMessageBox(QMessageBox.Icon.Information, "Backed up",
                          f"The store and its key file were copied and checked:\n{made}\n\n"
                          "To move to a new laptop, copy both files (the .irostore and the "
                          ".key beside it) and open them there with your passphrase.",
                          QMessageBox.StandardButton.Ok, self.window)
        box.open()

    def _backup_failed(self, error: BaseException) -> None:
        text = problem_text(error, "Backing up the store", lead="The backup was not made: ")
        self._status("The backup was not made")
        QMessageBox.warning(self.window, "Backup not made", text)

    # -- restoring -------------------------------------------------------------------------

    def choose_restore(self) -> None:
        if self.busy:
            return
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "Restore from a backup", str(backup_folder(None)),
            "IRO Desktop backups (*.irostore)")
        if not chosen:
            return
        answer = QMessageBox.question(
            self.window, "Restore this backup?",
            f"The caseload will be replaced by the backup {Path(chosen).name}. Today's "
            "store is kept as a backup first, so nothing is lost. IRO Desktop then closes: "
            "start it again and unlock with the passphrase the backup was made with.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        passphrase, ok = QInputDialog.getText(
            self.window, "Passphrase of the backup",
            "The passphrase the store had when the backup was made:",
            QLineEdit.EchoMode.Password)
        if ok and passphrase:
            self.restore(Path(chosen), passphrase)

    def restore(self, backup: Path, passphrase: str) -> None:
        """Close the store, put the backup in place on a worker, then end the session."""
        store, lock = self.store, self.instance_lock
        self.timer.stop()
        self.replaced = True  # from here on, no backup of the store this window opened
        self._status("Restoring the backup…")

        def work(_progress: Any) -> object:
            throttle = UnlockThrottle.for_store(backup)  # guesses count on the backup's record
            refuse_while_waiting(throttle)
            store.close()
            try:
                result = restore_backup(backup, store.path, passphrase, lock=lock)
            except WrongPassphraseError:
                throttle.record_failure()
                raise
            throttle.record_success()
            return result

        self._run(work, self._restored, self._restore_failed)

    def _restored(self, _result: object) -> None:
        QMessageBox.information(
            self.window, "Backup restored",
            "The backup is in place and today's store was kept as a backup. IRO Desktop "
            "will now close: start it again and unlock with the backup's passphrase.")
        QApplication.exit(0)

    def _restore_failed(self, error: BaseException) -> None:
        QMessageBox.warning(
            self.window, "Backup not restored",
            problem_text(error, "Restoring a backup", lead="Nothing was changed: ")
            + "\n\nIRO Desktop will now close; start it again to carry on.")
        QApplication.exit(1)

    # -- closing ---------------------------------------------------------------------------

    def closing(self) -> None:
        """On closing the window: one last automatic backup, here and now (the store is
        about to be closed), then let go of the lock."""
        self.timer.stop()
        try:
            if not self.replaced:
                automatic_backup(self.store)
        except Exception:  # noqa: BLE001 - closing must go on; the log says what failed
            log.exception("The automatic backup on closing failed")
        if self.instance_lock is not None:
            self.instance_lock.release()

    # -- helpers ---------------------------------------------------------------------------

    def _run(self, work: Task, done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        self.busy = True

        def finish(result: Any) -> None:
            self.busy = False
            done(result)

        def fail(error: BaseException) -> None:
            self.busy = False
            failed(error)

        run_task(work, on_done=finish, on_error=fail, parent=self)

    def _status(self, text: str) -> None:
        bar = self.window.statusBar()
        if bar is not None:
            bar.showMessage(text, 8000)
