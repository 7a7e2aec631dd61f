"""The main window: the caseload and open child records as tabs, and the alerts dock.

The shell (``ui/app.py``) adds its lock page to ``pages`` and its own entries to
``file_menu``; everything the IRO works on lives in page 0, so locking hides it without
losing unsaved edits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.paths import user_data_dir
from iro_desktop.services.alerts import Alert, load_alerts
from iro_desktop.services.caseload import CaseloadRow, load_caseload
from iro_desktop.services.profile import current_iro, profile_values
from iro_desktop.store import Store

from .alerts_panel import AlertsPanel
from .caseload_view import CaseloadView
from .child_record import ChildRecord
from .task_runner import background_runner

log = logging.getLogger(__name__)

APP_TITLE = "IRO Desktop"
PROGRESS_DELAY_MS = 500
SHORTCUTS = (
    ("Ctrl+N", "Add a child"), ("Ctrl+F", "Find in the caseload"),
    ("Escape", "Clear the caseload filter"), ("Enter", "Open the selected child or alert"),
    ("Ctrl+S", "Save the child's details"), ("Ctrl+W", "Close the child's record"),
    ("F5", "Refresh the caseload and alerts"), ("Ctrl+1", "Go to the caseload"),
    ("Ctrl+Shift+A", "Go to the alerts"), ("Ctrl+Tab", "Next tab"),
)


@dataclass(frozen=True)
class LoadedCaseload:
    rows: list[CaseloadRow]
    alerts: list[Alert]
    my_iro_id: str | None
    today: date


def load_for_window(store: Store, today: date) -> LoadedCaseload:
    """Everything the window shows on (re)load; runs on a worker thread."""
    rows = load_caseload(store, today)
    alerts = load_alerts(store, today, rows)
    with store.session() as session:
        iro = current_iro(session)
        my_iro_id = iro.id if iro else None
    return LoadedCaseload(rows, alerts, my_iro_id, today)


def _unsaved(page: QWidget) -> bool:
    check = getattr(page, "has_unsaved_changes", None)
    return bool(check()) if callable(check) else False


def window_settings() -> QSettings:
    return QSettings(str(user_data_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.today = store, today
        self.setObjectName("mainWindow")
        self._run = background_runner(self)
        self._generation = 0
        self._loading = False
        self._start_load()  # the query runs while the widgets are built and first painted
        self._build_content()
        self._build_dock()
        self._build_menus()
        self._build_status_bar()
        self._set_title()
        self._restore_settings()
        self._show_loading()

    # -- building --------------------------------------------------------------------

    def _build_content(self) -> None:
        self.pages = QStackedWidget()
        self.pages.setAccessibleName("Pages")
        self.content = QWidget()
        self.content.setAccessibleName("Caseload and records")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Open records")
        self.tabs.tabBar().setAccessibleName("Caseload and open records")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.caseload = CaseloadView()
        self.tabs.addTab(self.caseload, "Caseload")
        bar = self.tabs.tabBar()
        bar.setTabButton(0, bar.ButtonPosition.RightSide, None)
        bar.setTabButton(0, bar.ButtonPosition.LeftSide, None)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.tabs)
        self.pages.addWidget(self.content)
        self.setCentralWidget(self.pages)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.caseload.open_child.connect(self.open_child)
        self.caseload.add_child_requested.connect(self.new_child)

    def _build_dock(self) -> None:
        self.alerts_panel = AlertsPanel()
        self.alerts_panel.open_child.connect(self.open_child)
        self.alerts_dock = QDockWidget("Alerts", self)
        self.alerts_dock.setObjectName("alertsDock")
        self.alerts_dock.setAccessibleName("Alerts panel")
        self.alerts_dock.setWidget(self.alerts_panel)
        self.alerts_dock.setMinimumWidth(220)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.alerts_dock)
        self.resizeDocks([self.alerts_dock], [250], Qt.Orientation.Horizontal)
        QWidget.setTabOrder(self.caseload.table, self.alerts_panel.list)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | QKeySequence = "",
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu: QMenu = menu_bar.addMenu("&File")
        self.new_child_action = self._action("&New child", self.new_child, "Ctrl+N",
                                             "Add a child to the caseload")
        self.refresh_action = self._action("&Refresh", self.refresh, "F5",
                                           "Load the caseload and alerts again")
        self.close_tab_action = self._action("&Close record", self.close_current_tab, "Ctrl+W",
                                             "Close the child's record shown")
        self.file_menu.addActions([self.new_child_action, self.refresh_action,
                                   self.close_tab_action])
        self.file_menu.addSeparator()

        self.view_menu: QMenu = menu_bar.addMenu("&View")
        self.find_action = self._action("&Find in caseload", self.focus_filter, "Ctrl+F",
                                        "Filter the caseload by name, ID or social worker")
        self.caseload_action = self._action("Go to &caseload", self.show_caseload, "Ctrl+1")
        self.alerts_action = self._action("Go to &alerts", self.focus_alerts, "Ctrl+Shift+A")
        toggle = self.alerts_dock.toggleViewAction()
        toggle.setText("Show alerts &panel")
        self.view_menu.addActions([self.find_action, self.caseload_action, self.alerts_action])
        self.view_menu.addSeparator()
        self.view_menu.addAction(toggle)

        self.help_menu: QMenu = menu_bar.addMenu("&Help")
        self.help_menu.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts, "F1"))
        self.help_menu.addAction(self._action("&About IRO Desktop", self.show_about))
        self.caseload.add_button.setToolTip("Add a child to the caseload (Ctrl+N)")

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.store_label = QLabel(f"Store: {self.store.path.name}")
        self.store_label.setAccessibleName("Store")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of children")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.setAccessibleName("Loading the caseload")
        self.progress.hide()
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.store_label)

    def _set_title(self) -> None:
        try:
            authority = str(profile_values(self.store).get("local_authority") or "").strip()
        except Exception:  # noqa: BLE001 - a title is not worth failing the window for
            log.warning("Could not read the service profile for the window title")
            authority = ""
        self.setWindowTitle(f"{APP_TITLE} — {authority}" if authority else APP_TITLE)

    # -- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the caseload and alerts on a worker thread; the window stays responsive."""
        self._start_load()
        self._show_loading()
        for record in self.records():
            if record.child_id is not None and not record.has_unsaved_changes():
                record.reload()

    def _start_load(self) -> None:
        self._generation += 1
        generation, today, store = self._generation, self.today(), self.store
        self._loading = True
        self._run(lambda: load_for_window(store, today),
                  lambda result: self._loaded(generation, result),
                  lambda exc: self._load_failed(generation, exc))

    def _show_loading(self) -> None:
        if not self._loading:
            return
        self.caseload.set_loading()
        self.alerts_panel.set_loading()
        self.statusBar().showMessage("Loading the caseload…")
        QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_progress_if_loading)

    def _show_progress_if_loading(self) -> None:
        self.progress.setVisible(self._loading)

    def _loaded(self, generation: int, result: LoadedCaseload) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.progress.hide()
        self.caseload.set_rows(result.rows, result.today, result.my_iro_id)
        self.alerts_panel.set_alerts(result.alerts)
        count = len(result.rows)
        self.count_label.setText(f"{count:,} {'child' if count == 1 else 'children'}")
        self.statusBar().showMessage("Caseload loaded", 3000)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.progress.hide()
        log.error("Loading the caseload failed: %s", type(exc).__name__, exc_info=exc)
        self.caseload.set_loading("The caseload could not be loaded. Press F5 to try again.")
        self.alerts_panel.set_alerts([])
        self.statusBar().showMessage("The caseload could not be loaded")

    def is_loading(self) -> bool:
        return self._loading

    # -- records ---------------------------------------------------------------------

    def records(self) -> list[ChildRecord]:
        found = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [w for w in found if isinstance(w, ChildRecord)]

    def open_child(self, child_id: str) -> ChildRecord:
        for record in self.records():
            if record.child_id == child_id:
                self.tabs.setCurrentWidget(record)
                return record
        return self._add_record(ChildRecord(self.store, self.today, child_id, background_runner))

    def new_child(self) -> ChildRecord:
        record = self._add_record(ChildRecord(self.store, self.today, None, background_runner))
        record.form.fields["local_id"].setFocus(Qt.FocusReason.OtherFocusReason)
        return record

    def _add_record(self, record: ChildRecord) -> ChildRecord:
        index = self.tabs.addTab(record, record.tab_title())
        record.setAccessibleName("Child's record")
        record.title_changed.connect(lambda text, r=record: self._retitle(r, text))
        record.saved.connect(lambda _child_id: self.refresh())
        self.tabs.setCurrentIndex(index)
        return record

    def _retitle(self, record: ChildRecord, text: str) -> None:
        index = self.tabs.indexOf(record)
        if index >= 0:
            self.tabs.setTabText(index, text)
            self.tabs.setTabToolTip(index, text)

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def close_tab(self, index: int) -> bool:
        """Close a record tab (any tab but the caseload), asking first if it has unsaved work.

        Other kinds of tab (QA forms, review editors) are treated alike when they offer
        ``has_unsaved_changes()``.
        """
        page = self.tabs.widget(index)
        if page is None or page is self.caseload:
            return False
        if _unsaved(page):
            answer = QMessageBox.question(
                self, "Close without saving?",
                f"{self._tab_name(page)} has changes that are not saved.\n\n"
                "Close it and lose them?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.tabs.removeTab(index)
        if isinstance(page, ChildRecord):
            page.closed.emit()
        page.deleteLater()
        return True

    def unsaved_tabs(self) -> list[str]:
        pages = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [self._tab_name(page) for page in pages if page is not None and _unsaved(page)]

    def has_unsaved_changes(self) -> bool:
        return bool(self.unsaved_tabs())

    def _tab_name(self, page: QWidget) -> str:
        return self.tabs.tabText(self.tabs.indexOf(page)).replace("&", "").rstrip(" *")

    # -- navigation and help ---------------------------------------------------------

    def show_caseload(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.caseload.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_filter(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.caseload.focus_filter()

    def focus_alerts(self) -> None:
        self.alerts_dock.show()
        self.alerts_dock.raise_()
        alerts = self.alerts_panel.list
        alerts.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.alerts_panel.model.rowCount() and not alerts.currentIndex().isValid():
            alerts.setCurrentIndex(self.alerts_panel.model.index(0, 0))

    def show_shortcuts(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Keyboard shortcuts")
        dialog.setAccessibleName("Keyboard shortcuts")
        rows = "".join(f"<tr><td><b>{key}</b></td><td>&nbsp;&nbsp;{what}</td></tr>"
                       for key, what in SHORTCUTS)
        label = QLabel(f"<table cellpadding='3'>{rows}</table>")
        label.setAccessibleName("List of keyboard shortcuts")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                      | Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(dialog).addWidget(label)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_about(self) -> None:
        from iro_desktop import __version__

        QMessageBox.about(self, "About IRO Desktop",
                          f"<b>IRO Desktop</b> {__version__}<br>For Independent Reviewing "
                          "Officers in England: the caseload, statutory reviews, quality "
                          "assurance and minutes, kept encrypted on this computer.")

    # -- settings and closing --------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = window_settings()
        geometry = settings.value("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        header = settings.value("main/caseloadHeader")
        if header is not None:
            self.caseload.table.horizontalHeader().restoreState(header)

    def save_settings(self) -> None:
        settings = window_settings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/caseloadHeader",
                          self.caseload.table.horizontalHeader().saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        unsaved = self.unsaved_tabs()
        if unsaved:
            answer = QMessageBox.question(
                self, "Quit without saving?",
                "These records have changes that are not saved:\n\n• " + "\n• ".join(unsaved)
                + "\n\nQuit and lose the changes?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.save_settings()
        event.accept()
