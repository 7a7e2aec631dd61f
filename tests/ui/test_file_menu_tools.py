"""File > Annual report… opens (and reuses) a report tab; File > Import… opens the import
dialog without blocking, and an import refreshes the caseload. Both are in the shortcuts list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from tests.import_helpers import good_rows, write_xlsx
from ui.common.workers import tasks_running
from ui.report.report_view import ReportView
from ui.shell.help_dialogs import show_shortcuts
from ui.shell.import_dialog import ImportDialog

pytest.register_assert_rewrite("tests.ui.fixtures_main")

from .fixtures_main import open_window  # noqa: E402 - after register_assert_rewrite

pytest_plugins = ("tests.ui.fixtures_main",)  # its fixtures: window, main_store...


def _file_menu_texts(window: Any) -> list[str]:
    return [a.text().replace("&", "") for a in window.file_menu.actions() if a.text()]


def test_annual_report_opens_one_tab_and_reuses_it(qtbot: Any, window: Any) -> None:
    assert "Annual report…" in _file_menu_texts(window)
    action = window.tools.report_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+R")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    qtbot.keyClick(window.caseload.table, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    report = window.tabs.currentWidget()
    assert isinstance(report, ReportView)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Annual report"
    qtbot.waitUntil(lambda: report.scope.count() >= 1 and tasks_running() == 0, timeout=10_000)
    window.show_caseload()
    action.trigger()
    assert window.tabs.currentWidget() is report
    assert sum(isinstance(window.tabs.widget(i), ReportView)
               for i in range(window.tabs.count())) == 1
    window.close_current_tab()
    assert window.tabs.indexOf(report) < 0
    again = window.tools.open_report()
    assert again is not report and window.tabs.currentWidget() is again
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)


def test_import_opens_without_blocking_and_refreshes_the_caseload(
        qtbot: Any, window: Any, tmp_path: Path) -> None:
    assert "Import…" in _file_menu_texts(window)
    action = window.tools.import_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+I")
    before = len(window.caseload.model.rows)
    action.trigger()                                  # returns at once: open(), not exec()
    dialog = window.tools.dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    assert dialog.isModal() and dialog.parent() is window
    action.trigger()
    assert window.tools.dialog is dialog, "one import dialog at a time"

    qtbot.keyClicks(dialog.path_edit, str(write_xlsx(tmp_path / "history.xlsx", good_rows())))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=15_000)
    with qtbot.waitSignal(dialog.imported, timeout=15_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_loading()
                    and len(window.caseload.model.rows) == before + 2, timeout=10_000)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tools.dialog is None, timeout=5_000)


def test_import_dialog_survives_locking(qtbot: Any, main_store: Any) -> None:
    from ui.shell.lock_controller import LockController

    window = open_window(qtbot, main_store)
    lock = LockController(window, main_store, minutes=5)
    dialog = window.tools.open_import()
    lock.lock()
    assert not dialog.isVisible() and window.tools.dialog is dialog
    lock.unlock()
    assert dialog.isVisible()
    dialog.reject()


def test_the_shortcuts_list_names_the_new_actions(qtbot: Any, window: Any) -> None:
    dialog = show_shortcuts(window)
    qtbot.addWidget(dialog)
    text = dialog.findChild(QLabel).text()
    for key in ("Ctrl+Shift+R", "Ctrl+Shift+I", "Ctrl+Shift+Y"):
        assert key in text
    dialog.close()
