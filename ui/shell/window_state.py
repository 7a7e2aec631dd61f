"""Where the main window was, how big, and how its caseload columns were: kept between runs,
and always inside the screen the window opens on.

Laptops run at 125 % or 150 % scaling, so a 1366×768 screen is 1093×614 in Qt's units and a
1920×1080 one 1280×720, less the taskbar. A fixed default (or a size remembered from a larger
monitor) would open taller than the screen and hide Save and Finalise below its edge, so
both are clamped to the screen's available geometry, frame included.

Only geometry and column widths go in this file (in the user's data folder): nothing about
any child.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMainWindow, QTableView, QWidget

from iro_desktop.paths import user_data_dir

#: The size the window opens at when the screen has room for it.
DEFAULT_SIZE = QSize(1280, 800)
#: Share of the available area the default may take, so the desktop still shows round it.
DEFAULT_SHARE = 0.94
#: The title bar and borders a window manager adds, until the window is shown and Qt knows
#: (Windows 11 at 100 %: 31 px title bar, 8 px borders).
ASSUMED_FRAME = QMargins(8, 32, 8, 8)


def window_settings() -> QSettings:
    return QSettings(str(user_data_dir() / "window.ini"), QSettings.Format.IniFormat)


def fit_rect(frame: QRect, available: QRect) -> QRect:
    """``frame`` made no larger than ``available`` and moved, as little as needed, inside it."""
    width = min(frame.width(), available.width())
    height = min(frame.height(), available.height())
    left = min(max(frame.left(), available.left()), available.right() - width + 1)
    top = min(max(frame.top(), available.top()), available.bottom() - height + 1)
    return QRect(left, top, width, height)


def default_frame(available: QRect) -> QRect:
    """The default size, or a share of a smaller screen, centred on the available area."""
    width = min(DEFAULT_SIZE.width(), int(available.width() * DEFAULT_SHARE))
    height = min(DEFAULT_SIZE.height(), int(available.height() * DEFAULT_SHARE))
    frame = QRect(0, 0, width, height)
    frame.moveCenter(available.center())
    return frame


def frame_margins(window: QWidget) -> QMargins:
    frame, inner = window.frameGeometry(), window.geometry()
    if frame == inner:
        return ASSUMED_FRAME
    return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                    frame.right() - inner.right(), frame.bottom() - inner.bottom())


def screen_for(window: QWidget) -> QScreen | None:
    """The screen under the window's centre, else its own, else the primary screen."""
    return (QGuiApplication.screenAt(window.frameGeometry().center()) or window.screen()
            or QGuiApplication.primaryScreen())


def place_window(window: QWidget, frame: QRect) -> None:
    """Give the window ``frame`` as its outer rectangle (title bar and borders included)."""
    margins = frame_margins(window)
    inner = frame.marginsRemoved(margins)
    window.resize(inner.size())
    window.move(frame.topLeft())


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move a (restored) window so that all of it is on the available area."""
    if window.isMaximized() or window.isFullScreen():
        return
    screen = screen_for(window)
    if screen is None:
        return
    available = screen.availableGeometry()
    margins = frame_margins(window)
    frame = window.geometry().marginsAdded(margins)
    if not available.contains(frame):
        place_window(window, fit_rect(frame, available))


def open_default(window: QWidget) -> None:
    screen = screen_for(window)
    if screen is None:
        window.resize(DEFAULT_SIZE)
        return
    place_window(window, default_frame(screen.availableGeometry()))


class _KeepOnScreen(QObject):
    """Moves the window back on screen after it grows (a page with a larger minimum size
    opened in a tab) and past the screen's edge."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Resize and isinstance(watched, QWidget)
                and watched.isVisible()):
            QTimer.singleShot(0, watched, lambda: keep_on_screen(watched))
        return False


def restore_window(window: QMainWindow, table: QTableView) -> None:
    window.installEventFilter(_KeepOnScreen(window))
    settings = window_settings()
    geometry = settings.value("main/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        open_default(window)
    else:
        keep_on_screen(window)
    state = settings.value("main/state")
    if state is not None:
        window.restoreState(state)
    header = settings.value("main/caseloadHeader")
    if header is not None:
        table.horizontalHeader().restoreState(header)


def save_window(window: QMainWindow, table: QTableView) -> None:
    settings = window_settings()
    settings.setValue("main/geometry", window.saveGeometry())
    settings.setValue("main/state", window.saveState())
    settings.setValue("main/caseloadHeader", table.horizontalHeader().saveState())
    settings.sync()


def fits_on_screen(window: QWidget) -> bool:
    """True when the whole window, frame included, is on its screen's available area."""
    screen = screen_for(window)
    if screen is None:
        return True
    frame = window.geometry().marginsAdded(frame_margins(window))
    return screen.availableGeometry().contains(frame)

