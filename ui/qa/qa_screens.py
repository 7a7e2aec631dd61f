"""Opening the QA screens as tabs and wiring them to each other.

The main window owns one `QaScreens` and hands it its tab widget; everything QA is then one
call away, and the screens talk to each other here rather than knowing about each other:

    self.qa = QaScreens(self.tabs, self.store, self.today, self._run)
    self.qa.changed.connect(self.refresh)                      # alerts: challenges past target
    qa_lists_action -> self.qa.open_lists()                    # e.g. a "QA lists" menu entry
    child record / review editor:
        "Audit this review"  -> self.qa.open_audit(child_id, review_id)
        "Raise a challenge"  -> self.qa.new_challenge(child_id=child_id)
        "Good practice"      -> self.qa.new_good_practice(child_id, review_id)
    MainWindow.close_tab(index): for a tab that is not a ChildRecord, return
        self.qa.close_tab(index) (it asks before closing unsaved QA work).

Opening the same audit, challenge or list twice brings the open tab forward.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QTabWidget, QWidget

from iro_desktop.services.challenges import ChallengeInput
from iro_desktop.store import Store
from ui.common.task_runner import Runner, run_now
from ui.qa.qa_audit_form import AuditForm
from ui.qa.qa_challenge_form import ChallengeForm
from ui.qa.qa_good_practice_form import GoodPracticeForm
from ui.qa.qa_lists import AUDIT, CHALLENGE, QaListsView

__all__ = ["QaScreens", "find_qa_tab", "open_qa_tab"]

KEY_PROPERTY = "qaTabKey"


def find_qa_tab(tabs: QTabWidget, key: str) -> QWidget | None:
    """The tab opened under ``key``, if it is still open."""
    if not key:
        return None
    for index in range(tabs.count()):
        widget = tabs.widget(index)
        if widget is not None and widget.property(KEY_PROPERTY) == key:
            return widget
    return None


def open_qa_tab(tabs: QTabWidget, widget: QWidget, title: str, key: str = "") -> QWidget:
    """Show ``widget`` in a new tab, or bring forward the tab already open under ``key``
    (``widget`` is then discarded; the one shown is returned).

    When ``widget`` has a ``title_changed(str)`` signal the tab follows it (a trailing "*"
    marks unsaved changes).
    """
    existing = find_qa_tab(tabs, key)
    if existing is not None:
        tabs.setCurrentWidget(existing)
        widget.deleteLater()
        return existing
    if key:
        widget.setProperty(KEY_PROPERTY, key)
    index = tabs.addTab(widget, title)
    tabs.setTabToolTip(index, title)
    signal = getattr(widget, "title_changed", None)
    if signal is not None:
        signal.connect(lambda text, w=widget: _retitle(tabs, w, text))
    tabs.setCurrentIndex(index)
    return widget


def _retitle(tabs: QTabWidget, widget: QWidget, text: str) -> None:
    index = tabs.indexOf(widget)
    if index >= 0:
        tabs.setTabText(index, text)
        tabs.setTabToolTip(index, text)


class QaScreens(QObject):
    """Opens audits, challenges, good practice and the QA lists in ``tabs``."""

    changed = Signal()  # something QA was saved: refresh the caseload and alerts

    def __init__(self, tabs: QTabWidget, store: Store, today: Callable[[], date] = date.today,
                 runner: Runner = run_now, parent: QObject | None = None) -> None:
        super().__init__(parent or tabs)
        self.tabs, self.store, self.today, self.run = tabs, store, today, runner

    # -- opening ---------------------------------------------------------------------

    def open_audit(self, child_id: str, review_id: str | None = None,
                   audit_id: str | None = None) -> AuditForm:
        """A review's audit (its existing one, if any) or a given audit."""
        key = f"audit:{audit_id or review_id}" if (audit_id or review_id) else ""
        existing = self._bring_forward(key)
        if isinstance(existing, AuditForm):
            return existing
        form = AuditForm(self.store, child_id, review_id, audit_id, self.today,
                         runner=self.run)
        open_qa_tab(self.tabs, form, form.tab_title(), key)
        form.saved.connect(self._saved_audit)
        form.challenge_requested.connect(
            lambda entry, f=form: self.new_challenge(entry, audit_form=f))
        return form

    def new_challenge(self, entry: ChallengeInput | None = None, *, child_id: str | None = None,
                      audit_form: AuditForm | None = None) -> ChallengeForm:
        """The challenge form, pre-filled (from an audit) or blank for ``child_id``."""
        key = f"new-challenge:{entry.audit_id}" if entry and entry.audit_id else ""
        existing = self._bring_forward(key)
        if isinstance(existing, ChallengeForm):
            return existing
        form = ChallengeForm(self.store, entry, child_id=child_id, today=self.today,
                             runner=self.run)
        open_qa_tab(self.tabs, form, form.tab_title(), key)
        form.saved.connect(lambda challenge_id, f=form: self._raised(f, challenge_id))
        form.changed.connect(lambda _id: self.changed.emit())
        if audit_form is not None:
            form.saved.connect(audit_form.challenge_raised)
        return form

    def open_challenge(self, challenge_id: str) -> ChallengeForm:
        key = f"challenge:{challenge_id}"
        existing = self._bring_forward(key)
        if isinstance(existing, ChallengeForm):
            return existing
        form = ChallengeForm(self.store, challenge_id=challenge_id, today=self.today,
                             runner=self.run)
        open_qa_tab(self.tabs, form, form.tab_title(), key)
        form.changed.connect(lambda _id: self.changed.emit())
        return form

    def new_good_practice(self, child_id: str, review_id: str | None = None,
                          good_practice_id: str | None = None) -> GoodPracticeForm:
        key = f"good-practice:{good_practice_id}" if good_practice_id else ""
        existing = self._bring_forward(key)
        if isinstance(existing, GoodPracticeForm):
            return existing
        form = GoodPracticeForm(self.store, child_id, review_id, good_practice_id, self.today,
                                runner=self.run)
        open_qa_tab(self.tabs, form, form.tab_title(), key)
        form.saved.connect(lambda _id: self.changed.emit())
        return form

    def open_lists(self, child_id: str | None = None, title: str = "QA lists") -> QaListsView:
        """The QA lists for the whole store, or for one child (``title`` names the tab)."""
        key = f"lists:{child_id or 'all'}"
        existing = self._bring_forward(key)
        if isinstance(existing, QaListsView):
            existing.refresh()
            return existing
        view = QaListsView(self.store, child_id=child_id, runner=self.run, today=self.today)
        open_qa_tab(self.tabs, view, title, key)
        view.open_requested.connect(self.open_item)
        self.changed.connect(view.refresh)
        return view

    def open_item(self, kind: str, item_id: str, child_id: str) -> QWidget:
        """Open what a list row points at (connected to `QaListsView.open_requested`)."""
        if kind == AUDIT:
            return self.open_audit(child_id, audit_id=item_id)
        if kind == CHALLENGE:
            return self.open_challenge(item_id)
        return self.new_good_practice(child_id, good_practice_id=item_id)

    def _bring_forward(self, key: str) -> QWidget | None:
        existing = find_qa_tab(self.tabs, key)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
        return existing

    # -- after saving ----------------------------------------------------------------

    def _saved_audit(self, _audit_id: str) -> None:
        self.changed.emit()

    def _raised(self, form: ChallengeForm, challenge_id: str) -> None:
        form.setProperty(KEY_PROPERTY, f"challenge:{challenge_id}")
        self.changed.emit()

    # -- closing ---------------------------------------------------------------------

    def owns(self, widget: QWidget | None) -> bool:
        return isinstance(widget, AuditForm | ChallengeForm | GoodPracticeForm | QaListsView)

    def close_tab(self, index: int) -> bool:
        """Close a QA tab, asking first when it has unsaved changes; False if not closed."""
        widget = self.tabs.widget(index)
        if widget is None or not self.owns(widget):
            return False
        unsaved = getattr(widget, "has_unsaved_changes", lambda: False)()
        if unsaved:
            answer = QMessageBox.question(
                self.tabs, "Close without saving?",
                f"{self.tabs.tabText(index).rstrip(' *')} has changes that are not saved.\n\n"
                "Close it and lose them?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.tabs.removeTab(index)
        widget.deleteLater()
        return True

    def has_unsaved_changes(self) -> bool:
        """For the main window's "quit with unsaved changes?" check."""
        return any(getattr(self.tabs.widget(i), "has_unsaved_changes", lambda: False)()
                   for i in range(self.tabs.count()) if self.owns(self.tabs.widget(i)))
