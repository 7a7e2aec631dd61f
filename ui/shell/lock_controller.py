"""Locks the window after a few idle minutes, or on Ctrl+L, so nothing of a child shows.

Locking first asks the window to write its editors' autosaved drafts (``flush_autosave``),
then swaps the main window's page stack to a lock page, hides docks, tool bars, the
status bar and every other window of the application, disables the menu bar, swallows
shortcuts and sets a neutral title. The content page itself is only hidden, never
touched, so unsaved edits are exactly as they were after unlocking.
"""

from __future__ import annotations

import logging
import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStatusBar,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.services.profile import get_setting
from iro_desktop.services.unlock_policy import (
    TooManyAttemptsError,
    UnlockThrottle,
    confirm_passphrase,
)
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.passphrase_field import PassphrasePrompt, ThrottleCountdown
from ui.common.workers import run_task

log = logging.getLogger(__name__)

LOCKED_TITLE = "IRO Desktop — locked"
DEFAULT_MINUTES = 5
MIN_MINUTES, MAX_MINUTES = 1, 15
#: How often to compare the wall clock with the last input: catches a laptop waking up.
WATCHDOG_MS = 10_000
_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.InputMethod,
})


def _inside(widget: QObject, root: QWidget) -> bool:
    """Like `isAncestorOf`, but across window boundaries (menus and pop-ups of `root`)."""
    node: QObject | None = widget
    while node is not None:
        if node is root:
            return True
        node = node.parent()
    return False


def clamp_minutes(value: object) -> int:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        return DEFAULT_MINUTES
    return max(MIN_MINUTES, min(MAX_MINUTES, minutes))


class LockPage(QWidget):
    """What the window shows while locked: a passphrase box and nothing else."""

    def __init__(self, store_name: str) -> None:
        super().__init__()
        self.setObjectName("lockPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName("IRO Desktop is locked")
        heading = QLabel("IRO Desktop is locked")
        heading.setObjectName("lockHeading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(f"Enter your passphrase to go back to your work.\nStore: {store_name}")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        self.prompt = PassphrasePrompt()
        self.passphrase, self.busy, self.message = (
            self.prompt.field, self.prompt.busy, self.prompt.message)
        self.passphrase.setMinimumWidth(320)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)

        box = QWidget()
        box.setObjectName("lockBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box.setMaximumWidth(440)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(10)
        inner.addWidget(heading)
        inner.addWidget(hint)
        inner.addSpacing(8)
        inner.addWidget(self.prompt)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)


class LockController(QObject):
    """Owns the idle timer and the lock page of one main window."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        store: Store,
        minutes: int | None = None,
        *,
        throttle: UnlockThrottle | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self._locked = False
        self._saved: dict[str, object] = {}
        self._hidden: list[QWidget] = []
        self._checking = False
        self._last_input = time.time()

        pages = window.centralWidget()
        if not isinstance(pages, QStackedWidget):
            raise TypeError("The window's central widget must be its stack of pages")
        self.pages = pages
        self.page = LockPage(store.path.name)
        pages.addWidget(self.page)
        self.countdown = ThrottleCountdown(
            throttle or UnlockThrottle.for_store(store.path), self.page.unlock_button,
            self.page.message, self.page)
        self.page.unlock_button.clicked.connect(self.try_unlock)
        self.page.passphrase.returnPressed.connect(self.try_unlock)

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.watchdog = QTimer(self)
        self.watchdog.setInterval(WATCHDOG_MS)
        self.watchdog.timeout.connect(self._check_wall_clock)
        if minutes is None:
            minutes = clamp_minutes(get_setting(store, "auto_lock_minutes", str(DEFAULT_MINUTES)))
        self.set_timeout_minutes(minutes)
        self.watchdog.start()

        self.lock_action = QAction("&Lock", window)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.setStatusTip("Hide everything until the passphrase is typed again")
        self.lock_action.triggered.connect(self.lock)
        file_menu = getattr(window, "file_menu", None)
        if file_menu is not None:
            file_menu.addAction(self.lock_action)
        else:
            window.addAction(self.lock_action)
        toolbars = window.findChildren(QToolBar)
        if toolbars:
            toolbars[0].addAction(self.lock_action)

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._on_application_state)
        window.destroyed.connect(lambda: app.removeEventFilter(self))

    # -- public -------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def timeout_ms(self) -> int:
        return self.idle_timer.interval()

    def set_timeout_minutes(self, minutes: int) -> None:
        self.set_idle_interval_ms(clamp_minutes(minutes) * 60_000)

    def set_idle_interval_ms(self, ms: int) -> None:
        """Any interval, for tests; the application uses `set_timeout_minutes`."""
        self.idle_timer.setInterval(ms)
        self._restart_idle()

    def note_activity(self) -> None:
        """Count now as the IRO's last input: after young person mode, whose input the
        filter does not see while this window is hidden, the app must not lock at once."""
        self._restart_idle()

    def lock(self) -> None:
        if self._locked or not self._window_open():
            return
        self._flush_autosave()
        self._locked = True
        self.idle_timer.stop()
        window = self.window
        QToolTip.hideText()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        focus = QApplication.focusWidget()
        status = window.findChild(QStatusBar)
        self._saved = {
            "page": self.pages.currentWidget(),
            "title": window.windowTitle(),
            "focus": focus if focus is not None and window.isAncestorOf(focus) else None,
            "menu_enabled": window.menuBar().isEnabled(),
            "status_visible": status is not None and status.isVisible(),
        }
        for bar in (*window.findChildren(QDockWidget), *window.findChildren(QToolBar)):
            if bar.isVisible():
                self._hide(bar)
        for top in QApplication.topLevelWidgets():
            if top is not window and top.isVisible() and not _inside(top, self.page):
                self._hide(top)
        window.menuBar().setEnabled(False)
        if status is not None:
            status.hide()
        self.pages.setCurrentWidget(self.page)
        window.setWindowTitle(LOCKED_TITLE)
        self.page.passphrase.clear()
        self.page.message.clear_message()
        self.countdown.refresh()
        self.page.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
        log.info("Locked")
        self.locked.emit()

    def try_unlock(self) -> None:
        if not self._locked or self._checking or not self.countdown.refresh():
            return
        passphrase = self.page.prompt.typed()
        if passphrase is None:
            return
        self._set_checking(True)
        store, throttle = self.store, self.countdown.throttle
        run_task(lambda _progress: confirm_passphrase(store, passphrase, throttle=throttle),
                 on_done=self._checked, on_error=self._check_failed, parent=self.page)

    def unlock(self) -> None:
        """Put everything back exactly as it was; called once the passphrase is right."""
        if not self._locked:
            return
        window = self.window
        page = self._saved.get("page")
        if isinstance(page, QWidget) and shiboken6.isValid(page):
            self.pages.setCurrentWidget(page)
        window.setWindowTitle(str(self._saved.get("title", "")))
        window.menuBar().setEnabled(bool(self._saved.get("menu_enabled", True)))
        status = window.findChild(QStatusBar)
        if self._saved.get("status_visible") and status is not None:
            status.show()
        self._locked = False
        hidden, self._hidden = self._hidden, []
        for widget in hidden:
            if not shiboken6.isValid(widget):
                continue
            if isinstance(widget, QDialog):
                widget.finished.disconnect(self._forget_finished)
            widget.show()
        focus = self._saved.get("focus")
        if isinstance(focus, QWidget) and shiboken6.isValid(focus):
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._saved = {}
        self.page.passphrase.clear()
        self._restart_idle()
        log.info("Unlocked")
        self.unlocked.emit()

    # -- internals ------------------------------------------------------------------

    def _remember(self, widget: QWidget) -> None:
        """Bring it back after unlocking, unless a dialog is finished meanwhile."""
        if widget in self._hidden:
            return
        self._hidden.append(widget)
        if isinstance(widget, QDialog):
            widget.finished.connect(self._forget_finished)

    def _forget_finished(self, _result: int) -> None:
        sender = self.sender()
        self._hidden = [w for w in self._hidden if w is not sender]

    def _hide(self, widget: QWidget) -> None:
        self._remember(widget)
        widget.hide()

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.page.prompt.set_busy(checking)
        self.page.unlock_button.setEnabled(not checking)

    def _checked(self, right: bool) -> None:
        self._set_checking(False)
        if right:
            self.unlock()
            return
        self.page.prompt.refuse("That passphrase is not right. Try again.")
        self.countdown.refresh()

    def _check_failed(self, error: BaseException) -> None:
        self._set_checking(False)
        if isinstance(error, TooManyAttemptsError):
            self.countdown.refresh()  # it says how long to wait, and why
            return
        self.page.message.show_error(problem_text(
            error, "Checking the passphrase", lead="The passphrase could not be checked: ",
            unexpected="The passphrase could not be checked. Try again; if it happens again, "
                       "contact IT support."))
        self.countdown.refresh()

    def _restart_idle(self) -> None:
        self._last_input = time.time()
        if not self._locked:
            self.idle_timer.start()

    def _on_application_state(self, _state: object) -> None:
        self._check_wall_clock()

    def _check_wall_clock(self) -> None:
        """QTimer does not count time asleep; the wall clock does."""
        idle_ms = (time.time() - self._last_input) * 1000
        if not self._locked and idle_ms >= self.idle_timer.interval():
            self.lock()

    def _keeps_out(self, watched: QObject, event: QEvent) -> bool:
        """While locked: no shortcuts, no closing, and no window may appear but ours."""
        kind = event.type()
        if kind == QEvent.Type.Shortcut:
            return not _inside(watched, self.page)
        if watched is self.window:
            if kind == QEvent.Type.Close and self._has_unsaved_work():
                # Asking "save the changes to <child>?" would show a name: unlock first.
                event.ignore()
                self.page.message.show_info(
                    "There is unsaved work. Unlock first, then close IRO Desktop.")
                return True
            if kind == QEvent.Type.WindowTitleChange and self.window.windowTitle() != LOCKED_TITLE:
                self._saved["title"] = self.window.windowTitle()
                QTimer.singleShot(0, self, lambda: self.window.setWindowTitle(
                    LOCKED_TITLE if self._locked else self.window.windowTitle()))
            return False
        if (kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow()
                and not _inside(watched, self.page)):
            self._remember(watched)
            QTimer.singleShot(0, watched, watched.hide)
        return False

    def _flush_autosave(self) -> None:
        """Open editors write their drafts before anything is hidden (the window's hook)."""
        flush = getattr(self.window, "flush_autosave", None)
        if callable(flush):
            try:
                flush()
            except Exception:  # noqa: BLE001 - locking must never fail
                log.exception("Writing drafts before locking failed")

    def _has_unsaved_work(self) -> bool:
        check = getattr(self.window, "has_unsaved_changes", None)
        return bool(check()) if callable(check) else False

    def _window_open(self) -> bool:
        return shiboken6.isValid(self.window) and self.window.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if not self._window_open():
            return False
        if self._locked:
            return self._keeps_out(watched, event)
        if event.type() in _INPUT_EVENTS:
            self._restart_idle()
        return False
