"""File > Annual report… and File > Import…: the service-wide tools of the File menu.

The annual report opens as a tab of the main window (one tab, brought forward when asked
again); the import is a window-modal dialog opened with ``open()``, never ``exec()``, so
locking can hide it without ending it and nothing waits on a nested event loop. Both
modules are imported only when first used, which keeps the window's start quick.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabWidget, QWidget

from iro_desktop.store import Store

if TYPE_CHECKING:
    from ui.report.report_view import ReportView
    from ui.shell.import_dialog import ImportDialog

REPORT_TAB = "Annual report"


class ImportAndReport(QObject):
    """The two actions, and what they open; ``imported`` after an import wrote rows."""

    imported = Signal()

    def __init__(self, window: QWidget, tabs: QTabWidget, store: Store,
                 today: Callable[[], date]) -> None:
        super().__init__(window)
        self._window, self._tabs, self._store, self._today = window, tabs, store, today
        self.report: ReportView | None = None
        self.dialog: ImportDialog | None = None
        self.report_action = self._action(
            "Annual &report…", "Ctrl+Shift+R",
            "The annual report's figures for a period: the whole service, an IRO or a team",
            self.open_report)
        self.import_action = self._action(
            "&Import…", "Ctrl+Shift+I",
            "Bring in children, reviews and QA from a filled-in import template",
            self.open_import)

    def _action(self, text: str, shortcut: str, tip: str,
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda: slot())
        return action

    def open_report(self) -> ReportView:
        """The annual report tab, opened now or brought forward (a closed one is made anew)."""
        report = self.report
        if report is None or not shiboken6.isValid(report) or self._tabs.indexOf(report) < 0:
            from ui.report.report_view import ReportView

            report = self.report = ReportView(self._store, self._today)
            index = self._tabs.addTab(report, REPORT_TAB)
            self._tabs.setTabToolTip(index, REPORT_TAB)
        self._tabs.setCurrentWidget(report)
        report.setFocus(Qt.FocusReason.OtherFocusReason)
        return report

    def open_import(self) -> ImportDialog:
        """The import dialog (the one already open, if any), window-modal."""
        if self.dialog is None:
            from ui.shell.import_dialog import ImportDialog

            dialog = ImportDialog(self._store, self._today, self._window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.imported.connect(lambda _result: self.imported.emit())
            dialog.destroyed.connect(self._import_closed)
            self.dialog = dialog
        self.dialog.open()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _import_closed(self) -> None:
        self.dialog = None
