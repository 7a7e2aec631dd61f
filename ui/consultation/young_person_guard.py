"""Keeps everything but young person mode out of sight and out of reach while it is open.

Every other window of the application (the main window, any dialog) is hidden and comes
back afterwards as it was; a window that tries to appear meanwhile is hidden at once, and
shortcuts belonging to other windows are swallowed, so the child cannot reach the caseload.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def _inside(node: QObject | None, root: QWidget) -> bool:
    """Like `isAncestorOf`, but across window boundaries (pop-ups and menus of `root`)."""
    while node is not None:
        if node is root:
            return True
        node = node.parent()
    return False


class WindowGuard(QObject):
    def __init__(self, keep: QWidget) -> None:
        super().__init__(keep)
        self._keep = keep
        self._hidden: list[tuple[QWidget, Qt.WindowState]] = []
        self._engaged = False

    @property
    def engaged(self) -> bool:
        return self._engaged

    def hidden_windows(self) -> list[QWidget]:
        return [w for w, _state in self._hidden if shiboken6.isValid(w)]

    def engage(self, also: QWidget | None = None) -> None:
        if self._engaged:
            return
        self._engaged = True
        windows = list(QApplication.topLevelWidgets())
        if also is not None and also not in windows:
            windows.append(also.window())
        for window in windows:
            if window is not self._keep and window.isVisible() and not _inside(window,
                                                                                self._keep):
                self._hide(window)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def release(self) -> None:
        """Remove the filter and bring back what was hidden, in the state it was in."""
        if not self._engaged:
            return
        self._engaged = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        hidden, self._hidden = self._hidden, []
        for window, state in hidden:
            if not shiboken6.isValid(window):
                continue
            if isinstance(window, QDialog):
                window.finished.disconnect(self._forget)
            window.setWindowState(state)
            window.show()

    def _remember(self, window: QWidget) -> None:
        if any(w is window for w, _s in self._hidden):
            return
        self._hidden.append((window, window.windowState()))
        if isinstance(window, QDialog):
            window.finished.connect(self._forget)

    def _hide(self, window: QWidget) -> None:
        self._remember(window)
        window.hide()

    def _forget(self, _result: int) -> None:
        sender = self.sender()
        self._hidden = [(w, s) for w, s in self._hidden if w is not sender]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Shortcut:
            return not _inside(watched, self._keep)
        if (kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow()
                and watched.windowType() != Qt.WindowType.ToolTip
                and not _inside(watched, self._keep)):
            self._remember(watched)
            QTimer.singleShot(0, watched, watched.hide)
        return False
