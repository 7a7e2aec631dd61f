"""The main window: the caseload, child records, reviews, QA and the annual report as tabs,
and the alerts dock.

The shell (``ui/app.py``) adds its lock page to ``pages`` and its own entries to
``file_menu``; everything the IRO works on lives in page 0, so locking hides it without
losing unsaved edits. Review editors are held by `ReviewTabs`, QA screens by `QaScreens`,
young person mode by `ConsultationLauncher`; a child's record asks them for what its
buttons open, and anything saved refreshes the caseload and the alerts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.services.profile import profile_values
from iro_desktop.store import Store
from ui.caseload.alerts_panel import AlertsPanel
from ui.caseload.caseload_loading import (
    LoadedCaseload,
    LoadedChild,
    load_child_for_window,
    load_for_window,
)
from ui.caseload.caseload_view import CaseloadView
from ui.child.child_menus import ChildMenus
from ui.child.child_record import ChildRecord
from ui.common.error_message import log_problem
from ui.common.task_runner import background_runner
from ui.common.unsaved_questions import close_anyway, quit_anyway
from ui.consultation.consultation_launcher import ConsultationLauncher
from ui.review.batch_minutes import BatchMinutes
from ui.shell.help_dialogs import show_about, show_shortcuts
from ui.shell.import_and_report import ImportAndReport
from ui.shell.window_state import restore_window, save_window

if TYPE_CHECKING:
    from ui.qa.qa_screens import QaScreens
    from ui.review.review_tabs import ReviewTabs
    from ui.shell.store_care import StoreCare

log = logging.getLogger(__name__)

APP_TITLE = "IRO Desktop"
PROGRESS_DELAY_MS = 500


def _unsaved(page: QWidget) -> bool:
    check = getattr(page, "has_unsaved_changes", None)
    return bool(check()) if callable(check) else False


class MainWindow(QMainWindow):
    #: Backups, the damage warning and the store's lock; set by `open_main_window`.
    store_care: StoreCare

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
        self._qa: QaScreens | None = None
        self._reviews: ReviewTabs | None = None
        self.batch = BatchMinutes(self, store, today)
        self.batch.finished.connect(self.refresh)
        self.consultations = ConsultationLauncher(store, today, self.flush_autosave, self)
        self.consultations.left.connect(lambda child, _done: self._consultation_left(child))
        self._build_dock()
        self._build_menus()
        self._build_status_bar()
        self._set_title()
        restore_window(self, self.caseload.table)
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
        self.close_tab_action = self._action("&Close tab", self.close_current_tab, "Ctrl+W",
                                             "Close the record, review or QA tab shown")
        self.file_menu.addActions([self.new_child_action, self.refresh_action,
                                   self.close_tab_action])
        self.file_menu.addSeparator()
        self.tools = ImportAndReport(self, self.tabs, self.store, self.today)
        self.tools.imported.connect(self.refresh)
        self.file_menu.addActions([self.batch.action, self.tools.report_action,
                                   self.tools.import_action])
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

        self.child_menus = ChildMenus(self, menu_bar, self.current_record, self.open_qa_lists)
        self.tabs.currentChanged.connect(lambda _index: self.child_menus.update())

        self.help_menu: QMenu = menu_bar.addMenu("&Help")
        self.help_menu.addAction(self._action("&Keyboard shortcuts",
                                              lambda: show_shortcuts(self), "F1"))
        self.help_menu.addAction(self._action("&About IRO Desktop", lambda: show_about(self)))
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
        # The application's name last, as Windows and Linux title bars show it: Qt appends
        # the display name to a title that does not already end with it.
        self.setWindowTitle(f"{authority} — {APP_TITLE}" if authority else APP_TITLE)

    # -- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the caseload and alerts on a worker thread; the window stays responsive."""
        self._start_load()
        self._show_loading()
        for record in self.records():
            if record.child_id is not None and not record.has_unsaved_changes():
                record.reload()

    def refresh_child(self, child_id: str) -> None:
        """After one child changed: reload that child's caseload row, alerts and open
        record only; everything else on screen stays as it is."""
        if self._loading or child_id not in self._known_children():
            self.refresh()  # a full load is under way (it may predate the change), or a new child
            return
        today, store, generation = self.today(), self.store, self._generation
        self._run(lambda: load_child_for_window(store, today, child_id),
                  lambda result: self._child_loaded(generation, result),
                  lambda exc: self._load_failed(generation, exc))
        for record in self.records():
            if record.child_id == child_id and not record.has_unsaved_changes():
                record.reload()

    def _known_children(self) -> set[str]:
        return {row.child_id for row in self.caseload.model.rows}

    def _child_loaded(self, generation: int, result: LoadedChild) -> None:
        if generation != self._generation or self._loading:
            return  # a full load started since: it shows this change too
        self.caseload.update_child(result.child_id, result.row)
        self.alerts_panel.update_child(result.child_id, result.alerts)
        count = len(self.caseload.model.rows)
        self.count_label.setText(f"{count:,} {'child' if count == 1 else 'children'}")

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
        log_problem(exc, "Loading the caseload")
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
        record.saved.connect(self.refresh_child)
        record.open_review_requested.connect(lambda review: self.reviews.open_review(review))
        record.audit_requested.connect(lambda child, review: self.qa.open_audit(child, review))
        record.challenge_requested.connect(lambda child: self.qa.new_challenge(child_id=child))
        record.good_practice_requested.connect(
            lambda child, review: self.qa.new_good_practice(child, review or None))
        record.qa_requested.connect(lambda child, r=record: self.qa.open_lists(
            child, f"QA – {r.overview.name}" if r.overview else "QA for this child"))
        record.qa_item_requested.connect(
            lambda kind, item, child: self.qa.open_item(kind, item, child))
        record.consultation_requested.connect(
            lambda child, r=record: self.consultations.start(child, r.consultation_failed))
        record.follow_ups.action_recorded.connect(
            lambda _flag, r=record: self._record_changed(r))
        self.tabs.setCurrentIndex(index)
        return record

    def _record_changed(self, record: ChildRecord) -> None:
        if record.child_id is not None:
            self.refresh_child(record.child_id)
        else:
            self.refresh()

    def _retitle(self, record: ChildRecord, text: str) -> None:
        index = self.tabs.indexOf(record)
        if index >= 0:
            self.tabs.setTabText(index, text)
            self.tabs.setTabToolTip(index, text)
        self.child_menus.update()

    @property
    def qa(self) -> QaScreens:
        """The QA screens, made (and their modules imported) when first needed."""
        if self._qa is None:
            from ui.qa.qa_screens import QaScreens

            self._qa = QaScreens(self.tabs, self.store, self.today, background_runner(self))
            self._qa.changed.connect(self.refresh)
        return self._qa

    @property
    def reviews(self) -> ReviewTabs:
        """The review editor tabs, made when the first review is opened."""
        if self._reviews is None:
            from ui.review.review_tabs import ReviewTabs

            self._reviews = ReviewTabs(self.tabs, self.store, self.today)
            self._reviews.changed.connect(self.refresh_child)
        return self._reviews

    def _consultation_left(self, child_id: str) -> None:
        """Back from young person mode: the answers and follow-ups show everywhere."""
        self.refresh_child(child_id)
        for record in self.records():
            if record.child_id == child_id and record.has_unsaved_changes():
                record.reload()  # refresh_child() skipped it; the typed details are kept
        if self._reviews is not None:
            self._reviews.consultation_changed(child_id)

    def current_record(self) -> ChildRecord | None:
        page = self.tabs.currentWidget()
        return page if isinstance(page, ChildRecord) else None

    def open_qa_lists(self) -> QWidget:
        return self.qa.open_lists()

    def open_review(self, review_id: str) -> QWidget:
        return self.reviews.open_review(review_id)

    def recover_review(self, review_id: str) -> QWidget:
        """Open a review and load its autosaved draft (offered after unlocking)."""
        return self.reviews.recover(review_id)

    def flush_autosave(self) -> None:
        """Write every open review's draft now: the lock controller calls this first."""
        if self._reviews is not None:
            self._reviews.flush_all()

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def close_tab(self, index: int) -> bool:
        """Close any tab but the caseload, asking first if it holds unsaved work."""
        page = self.tabs.widget(index)
        if page is None or page is self.caseload:
            return False
        if self._reviews is not None and self._reviews.owns(page):
            return self._reviews.close_tab(index)
        if self._qa is not None and self._qa.owns(page):
            return self._qa.close_tab(index)
        if _unsaved(page) and not close_anyway(self, self._tab_name(page)):
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

    # -- settings and closing --------------------------------------------------------

    def save_settings(self) -> None:
        save_window(self, self.caseload.table)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.flush_autosave()
        unsaved = self.unsaved_tabs()
        drafts = bool(self._reviews and self._reviews.has_unsaved_changes())
        if unsaved and not quit_anyway(self, unsaved, drafts):
            event.ignore()
            return
        self.save_settings()
        event.accept()
