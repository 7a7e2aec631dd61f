"""Review editors as tabs of the main window: open, recover, flush and close them safely.

One tab per review, titled "Review N – child"; opening a review already open brings its
tab forward. Closing writes the autosaved draft first, then, if the review has changes not
saved, asks: save (the tab closes once saved), discard (the draft is deleted too) or cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget, QWidget

from iro_desktop.services import drafts, reviews
from iro_desktop.store import Store
from ui.common.error_message import log_problem
from ui.common.workers import run_task
from ui.review.review_editor import ReviewEditor

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
CLOSE_AFTER_SAVE = "closeAfterSave"


def ask_unsaved(parent: QWidget, name: str) -> str:
    """Save, discard or cancel: what to do with a review's unsaved changes (tests patch it)."""
    answer = QMessageBox.question(
        parent, "Save the review?",
        f"{name} has changes that are not saved yet (an autosaved draft keeps them for now)."
        "\n\nSave them as a draft before closing, discard them, or go back to the review?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def editor_title(editor: ReviewEditor) -> str:
    context = editor.context
    return f"Review {context.number} – {context.child_name}"


class ReviewTabs(QObject):
    """Opens review editors in ``tabs``; ``changed(child_id)`` after a review of that child
    is saved, finalised or its minutes issued."""

    changed = Signal(str)

    def __init__(self, tabs: QTabWidget, store: Store, today: Callable[[], date] = date.today,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or tabs)
        self.tabs, self.store, self.today = tabs, store, today

    # -- opening -----------------------------------------------------------------------

    def editors(self) -> list[ReviewEditor]:
        found = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [w for w in found if isinstance(w, ReviewEditor)]

    def find(self, review_id: str) -> ReviewEditor | None:
        return next((e for e in self.editors() if e.review_id == review_id), None)

    def open_review(self, review_id: str) -> ReviewEditor:
        """The review's editor tab, opened now or brought forward."""
        editor = self.find(review_id)
        if editor is None:
            editor = ReviewEditor(self.store, review_id, today=self.today)
            editor.setAccessibleName("Review editor")
            index = self.tabs.addTab(editor, editor_title(editor))
            self.tabs.setTabToolTip(index, editor_title(editor))
            for signal in (editor.saved, editor.finalised):
                signal.connect(lambda e=editor: self._stored(e))
            editor.autosaver.status_changed.connect(lambda _text, e=editor: self.retitle(e))
            editor.message.changed.connect(lambda e=editor: self._message_changed(e))
            editor.edited.connect(lambda e=editor: self._mark_edited(e))
            editor.minutes.generated.connect(
                lambda _path, e=editor: self.changed.emit(e.context.child_id))
        self.tabs.setCurrentWidget(editor)
        focus = QApplication.focusWidget()
        if focus is None or not editor.isAncestorOf(focus):
            editor.nav.setFocus(Qt.FocusReason.OtherFocusReason)  # Ctrl+S, Ctrl+G work at once
        return editor

    def recover(self, review_id: str) -> ReviewEditor:
        """Open the review and load its autosaved draft (from the draft recovery dialog)."""
        editor = self.open_review(review_id)
        if editor.recovery_offered():
            editor.recover_draft()
            editor.young_person_views.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retitle(editor)
        return editor

    def consultation_changed(self, child_id: str) -> None:
        """The child answered in young person mode: their open reviews read it again."""
        for editor in self.editors():
            if editor.context.child_id == child_id:
                editor.consultation.load()

    def retitle(self, editor: ReviewEditor) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            title = editor_title(editor)
            self.tabs.setTabText(index, f"{title} *" if editor.has_unsaved_changes() else title)
            self.tabs.setTabToolTip(index, title)

    def _mark_edited(self, editor: ReviewEditor) -> None:
        """Cheap, on every keystroke; the exact check runs when the draft is written."""
        index = self.tabs.indexOf(editor)
        if index >= 0 and not self.tabs.tabText(index).endswith(" *"):
            self.tabs.setTabText(index, f"{editor_title(editor)} *")

    def _stored(self, editor: ReviewEditor) -> None:
        self.retitle(editor)
        self.changed.emit(editor.context.child_id)
        if editor.property(CLOSE_AFTER_SAVE):
            self._remove(editor)

    def _message_changed(self, editor: ReviewEditor) -> None:
        """A failed save shows an error: the tab that was waiting to close stays open."""
        if editor.message.property("tone") == "error" and not editor.message.isHidden():
            editor.setProperty(CLOSE_AFTER_SAVE, False)
        self.retitle(editor)

    # -- closing -----------------------------------------------------------------------

    def owns(self, widget: QWidget | None) -> bool:
        return isinstance(widget, ReviewEditor)

    def flush_all(self) -> None:
        """Write every open editor's draft now (before locking or quitting)."""
        for editor in self.editors():
            editor.flush_autosave()

    def has_unsaved_changes(self) -> bool:
        return any(editor.has_unsaved_changes() for editor in self.editors())

    def close_tab(self, index: int, ask: Callable[[QWidget, str], str] | None = None) -> bool:
        """Close an editor's tab; False when it stays open (cancelled, or closing once saved)."""
        editor = self.tabs.widget(index)
        if not isinstance(editor, ReviewEditor):
            return False
        editor.flush_autosave()
        if not editor.has_unsaved_changes():
            self._remove(editor)
            return True
        self.tabs.setCurrentWidget(editor)
        choice = (ask or ask_unsaved)(self.tabs, editor_title(editor))
        if choice == SAVE:
            editor.setProperty(CLOSE_AFTER_SAVE, True)
            editor.save_draft()
            if not editor.busy:  # refused before writing: the problems show by their fields
                editor.setProperty(CLOSE_AFTER_SAVE, False)
            return False
        if choice == DISCARD:
            self._discard_and_remove(editor)
            return True
        return False

    def _remove(self, editor: ReviewEditor, delete: bool = True) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            self.tabs.removeTab(index)
        if delete:
            editor.autosaver.stop()
            editor.deleteLater()

    def _discard_and_remove(self, editor: ReviewEditor) -> None:
        """Delete the draft once any write in flight has landed, then the editor itself."""
        editor.autosaver.stop()
        self._remove(editor, delete=False)
        store, review_id = self.store, editor.review_id

        def finished(_result: object = None) -> None:
            if shiboken6.isValid(editor):
                editor.deleteLater()

        def failed(error: BaseException) -> None:
            log_problem(error, "Discarding a review draft")
            finished()

        def discard() -> None:
            run_task(lambda _p: drafts.discard_draft(store, reviews.DRAFT_KIND, review_id),
                     on_done=finished, on_error=failed, parent=self)

        if editor.autosaver.busy:
            editor.autosaver.idle.connect(discard)
        else:
            discard()
