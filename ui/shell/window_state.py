"""Where the main window was, how big, and how its caseload columns were: kept between runs.

Only geometry and column widths go in this file (in the user's data folder): nothing about
any child.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QTableView

from iro_desktop.paths import user_data_dir


def window_settings() -> QSettings:
    return QSettings(str(user_data_dir() / "window.ini"), QSettings.Format.IniFormat)


def restore_window(window: QMainWindow, table: QTableView) -> None:
    settings = window_settings()
    geometry = settings.value("main/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(1280, 800)
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
