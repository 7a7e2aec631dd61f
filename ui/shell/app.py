"""The `iro-desktop` entry point: set up Qt, open or create a store, show the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox, QWidget

from iro_desktop import __version__
from iro_desktop.log_file import APP_LOG, configure_file_logging
from iro_desktop.paths import (
    APP_AUTHOR,
    APP_NAME,
    default_store_path,
    demo_store_path,
    log_dir,
    resource_path,
    user_data_dir,
)
from iro_desktop.store import Store
from iro_desktop.store.instance_lock import APP, InstanceLock
from iro_desktop.synced_folders import location_risk
from ui.common.error_message import known_problem, log_problem, technical_details
from ui.common.outlined_style import OutlinedStyle
from ui.common.style_sheet import apply_style_sheet
from ui.common.widgets_common import plain
from ui.shell.first_run_wizard import FirstRunWizard
from ui.shell.lock_controller import LockController
from ui.shell.qt_log import install_qt_log
from ui.shell.settings_dialog import SettingsDialog
from ui.shell.start_failure import linux_display_problem, report_start_failure
from ui.shell.store_care import StoreCare
from ui.shell.unlock_dialog import UnlockDialog

if TYPE_CHECKING:
    from ui.shell.main_window import MainWindow

log = logging.getLogger("iro_desktop.app")

SMOKE_ENV = "IRO_DESKTOP_SMOKE"
PASSPHRASE_ENV = "IRO_PASSPHRASE"
SMOKE_TIMEOUT_MS = 30_000


# -- process set-up -------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="iro-desktop", description="IRO Desktop")
    parser.add_argument("--store", type=Path, default=None, metavar="PATH",
                        help="the store to open (default: the one used last)")
    parser.add_argument("--version", action="version", version=f"IRO Desktop {__version__}")
    parser.add_argument("--smoke", action="store_true",
                        help="open the first window, close it once painted and exit (checks "
                             "an installation; IRO_DESKTOP_SMOKE=1 does the same)")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def configure_logging() -> Path:
    """Technical detail for IT support; messages never include children's details. The
    file and its folder are private to the user (iro_desktop/log_file.py)."""
    path = configure_file_logging(APP_LOG)
    install_qt_log()
    return path


def shell_settings() -> QSettings:
    return QSettings(str(user_data_dir() / "shell.ini"), QSettings.Format.IniFormat)


def install_excepthook(smoke: bool) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("Unexpected error\n%s",
                     technical_details(exc_type, exc, tb, with_message=False))
        if smoke or QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            if smoke:
                QApplication.exit(1)
            return
        try:
            show_error_box(technical_details(exc_type, exc, tb, with_message=True))
        except Exception:  # noqa: BLE001 - the hook must never raise
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = hook


def show_error_box(details: str) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText("IRO Desktop met a problem it did not expect.")
    box.setInformativeText(
        "What you had already saved is safe. If you were typing, check that it is still "
        "there before going on. If this keeps happening, choose Show Details, copy the "
        f"text and send it to IT support with the log file from {log_dir()}.")
    box.setDetailedText(details)
    box.setAccessibleName("Something went wrong")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "iro-desktop.png"))))
    app.setStyle(OutlinedStyle("Fusion"))
    apply_style_sheet(app)
    return app


# -- choosing and opening the store ---------------------------------------------------


def remembered_store_path(args: argparse.Namespace) -> Path:
    if args.store is not None:
        return Path(args.store)
    last = shell_settings().value("last_store_path")
    if isinstance(last, str) and last and Path(last).is_file():
        return Path(last)
    return default_store_path()


def remember_store_path(path: Path) -> None:
    settings = shell_settings()
    settings.setValue("last_store_path", str(path))
    settings.sync()


def offer_demo() -> str:
    """Only the demo store exists: open it, or set up a real caseload."""
    box = QMessageBox()
    box.setWindowTitle(APP_NAME)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("The only caseload on this laptop is the demo caseload (fictional children).")
    box.setInformativeText("Would you like to open it, or set up your own caseload?")
    demo = box.addButton("Open the &demo", QMessageBox.ButtonRole.AcceptRole)
    real = box.addButton("&Set up my caseload", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    for button in box.buttons():
        button.setAccessibleName(plain(button.text()))
    box.exec()
    clicked = box.clickedButton()
    return "demo" if clicked is demo else "setup" if clicked is real else "cancel"


def first_paint_then(widget: QWidget, then: Callable[[], None]) -> None:
    """Call `then()` once `widget` has painted (smoke test and start-up benchmark)."""

    class _Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, then)
            return False

    watcher = _Watcher(widget)
    widget.installEventFilter(watcher)


def smoke_dialog(dialog: QWidget, started: float) -> int:
    dialog.show()
    first_paint_then(dialog, lambda: _smoke_done(started, type(dialog).__name__))
    return QApplication.exec()


def _smoke_done(started: float, what: str) -> None:
    print(f"first paint of {what} after {(time.perf_counter() - started) * 1000:.0f} ms",
          file=sys.stderr)
    QApplication.quit()


def obtain_store(args: argparse.Namespace, smoke: bool,
                 started: float) -> tuple[Store, InstanceLock | None] | int:
    """The open store (with the lock unlocking took on it), or an exit code when the IRO
    cancelled (or a smoke test ended)."""
    path = remembered_store_path(args)
    if smoke and os.environ.get(PASSPHRASE_ENV) and path.is_file():
        return Store.open(path, os.environ[PASSPHRASE_ENV]), None
    if not path.is_file() and args.store is None and demo_store_path().is_file():
        choice = "demo" if smoke else offer_demo()
        if choice == "cancel":
            return 0
        if choice == "demo":
            path = demo_store_path()
    if path.is_file():
        unlock = UnlockDialog(path)
        if smoke:
            return smoke_dialog(unlock, started)
        if unlock.exec() != QDialog.DialogCode.Accepted:
            return 0
        store, lock = unlock.unlocked_store(), unlock.instance_lock()
    else:
        wizard = FirstRunWizard(store_path=path)
        if smoke:
            return smoke_dialog(wizard, started)
        wizard.exec()
        store, lock = wizard.created_store(), None
    if store is None:
        return 0
    remember_store_path(store.path)
    return store, lock


def hold_store(store: Store, unlocked_with: InstanceLock | None) -> InstanceLock:
    """The lock that keeps a second window off this store: the one unlocking took, or
    (a store just made by the wizard, or opened for a smoke test) one taken now."""
    return unlocked_with or InstanceLock.acquire(store.path, kind=APP)


# -- the main window ------------------------------------------------------------------


def install_shell_actions(window: MainWindow, store: Store, lock: LockController) -> None:
    """Settings… before Lock in the File menu, then Quit unless the window has one."""
    file_menu = window.file_menu
    settings = QAction("&Settings…", window)
    settings.setShortcut(QKeySequence("Ctrl+,"))
    settings.setStatusTip("Your details, the service profile, auto-lock and passphrase")
    settings.triggered.connect(lambda: open_settings(window, store, lock))
    file_menu.insertAction(lock.lock_action, settings)
    if not any(plain(action.text()) == "Quit" for action in file_menu.actions()):
        file_menu.addSeparator()
        quit_action = QAction("&Quit", window)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(window.close)
        file_menu.addAction(quit_action)


def open_settings(window: QMainWindow, store: Store, lock: LockController) -> SettingsDialog:
    dialog = SettingsDialog(store, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def applied() -> None:
        lock.set_timeout_minutes(dialog.auto_lock_minutes())
        refresh = getattr(window, "refresh", None)
        if callable(refresh):
            refresh()

    dialog.saved.connect(applied)
    dialog.open()
    return dialog


def open_main_window(store: Store, today: Callable[[], date] = date.today,
                     *, offer_drafts: bool = True,
                     instance_lock: InstanceLock | None = None,
                     ) -> tuple[MainWindow, LockController]:
    """The unlocked application: the window, its lock, the shell's actions, the store's
    care (backups, a damage warning), and the offer of any draft a crash left behind."""
    from ui.shell.main_window import MainWindow  # after unlocking: the unlock screen shows sooner

    window = MainWindow(store, today)
    lock = LockController(window, store)
    window.consultations.left.connect(lambda *_left: lock.note_activity())
    install_shell_actions(window, store, lock)
    window.store_care = StoreCare(window, window.file_menu, store, instance_lock,
                                  before=lock.lock_action)
    window.show()
    if offer_drafts:
        offer_draft_recovery(window, store)
    return window, lock


def offer_draft_recovery(window: MainWindow, store: Store) -> QDialog | None:
    """Non-blocking: the window is usable while the IRO decides; Recover opens the review."""
    from ui.review.draft_recovery import DraftRecoveryDialog, pending_drafts

    try:
        items = pending_drafts(store)
    except Exception:  # noqa: BLE001 - the offer is worth a log line, not a failed start
        log.exception("Could not list the unsaved drafts")
        return None
    if not items:
        return None
    dialog = DraftRecoveryDialog(store, items, today=window.today(), parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.recover_requested.connect(window.recover_review)
    dialog.open()
    return dialog


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    smoke = args.smoke or os.environ.get(SMOKE_ENV) == "1"
    log_path = configure_logging()
    log.info("IRO Desktop %s starting; log in %s", __version__, log_path.parent)
    problem = linux_display_problem()
    if problem is not None:
        report_start_failure(problem, interactive=not smoke)
        return 1
    app = create_application()
    install_excepthook(smoke)
    if smoke:
        QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: QApplication.exit(3))
    store: Store | None = None
    try:
        outcome = obtain_store(args, smoke, started)
        if isinstance(outcome, int):
            return outcome
        store, unlocked_with = outcome
        instance_lock = hold_store(store, unlocked_with)
        window, _lock = open_main_window(store, offer_drafts=not smoke,
                                         instance_lock=instance_lock)
    except Exception as error:  # noqa: BLE001 - a failed start must say why, then stop
        if store is not None:
            store.close()
        report_start_failure(start_problem(error), interactive=not smoke, details=
                             technical_details(type(error), error, error.__traceback__,
                                               with_message=True))
        return 1
    if smoke:
        first_paint_then(window, lambda: _smoke_done(started, "the main window"))
    else:
        warn_about_location(window, store.path)
        window.store_care.warn_if_damaged()
        window.store_care.automatic_backup()
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)
        if not smoke:
            window.store_care.closing()
        store.close()
        log.info("IRO Desktop closed")


def warn_about_location(window: QWidget, path: Path) -> QMessageBox | None:
    """A store in a synced or network folder can be damaged: say so at every start."""
    risk = location_risk(path)
    if risk is None:
        return None
    log.warning("The store is in a synced or network folder")
    box = QMessageBox(QMessageBox.Icon.Warning, "Where the caseload is kept", risk,
                      QMessageBox.StandardButton.Ok, window)
    box.setAccessibleName("Where the caseload is kept")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def start_problem(error: BaseException) -> str:
    """The core's own words when it refused (a store it cannot open), else plain words."""
    known = known_problem(error)
    if known is not None:
        return known
    log_problem(error, "Starting IRO Desktop")
    return ("IRO Desktop met a problem it did not expect while starting. Nothing was "
            "changed. Try again; if it happens again, send the log to IT support.")
