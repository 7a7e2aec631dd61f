"""The child's consultation beside the review: read in a worker once the review is on screen.

The panel shows what the child answered; "Use the child's own words" adds them to the young
person's views (Ctrl+Z takes them out again). When there is a consultation, the review's
"how the child was consulted" follows from it if the IRO has not chosen one, and a note
suggests PN6 for a child who did not attend; the participation code is never set for them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.consultation_rules import (
    consultation_method_for,
    suggested_participation,
)
from iro_desktop.services.consultations import ConsultationView, consultation_for_review
from iro_desktop.store import Store
from ui.common.error_message import log_problem
from ui.common.widgets_common import InlineMessage
from ui.common.workers import run_task
from ui.consultation.consultation_panel import ConsultationPanel
from ui.review.review_sections import ParticipationSection

#: PN codes of a child who attended the review, and of one who did not.
ATTENDED = frozenset({"PN1", "PN2", "PN3", "PN4"})
NOT_ATTENDED = frozenset({"PN5", "PN6", "PN7"})
NOT_READ = ("The young person's consultation could not be read. Close the review and open "
            "it again to see it.")


def participation_note(view: ConsultationView | None, code: str) -> str:
    """The PN6 suggestion for the code chosen so far ("" when there is nothing to say)."""
    if view is None or code not in NOT_ATTENDED | {""}:
        return ""
    suggestion = suggested_participation(view.status, attended=False)
    if suggestion is None or suggestion == code:
        return ""
    name = view.child_name
    if not code:
        return (f"{name} gave their views through the consultation form. If they do not "
                f"attend the review, {suggestion} fits: views conveyed by other means.")
    return (f"{name} gave their views through the consultation form: {suggestion} (views "
            f"conveyed by other means) may fit better than {code}.")


class ReviewConsultation(QObject):
    """Keeps the panel, the young person's views and the participation section in step."""

    def __init__(self, store: Store, review_id: str, views: QPlainTextEdit,
                 participation: ParticipationSection, message: InlineMessage,
                 read_only: Callable[[], bool]) -> None:
        self.panel = ConsultationPanel()
        self.panel.setAccessibleName("The young person's consultation")
        super().__init__(self.panel)
        self._store, self._review_id = store, review_id
        self._views, self._participation = views, participation
        self._message, self._read_only = message, read_only
        self.view: ConsultationView | None = None
        self.loaded = False
        self.panel.use_words.connect(self.use_words)
        participation.code.currentIndexChanged.connect(self._show_note)

    def load(self) -> None:
        """Read (and attach, for an open review) the child's consultation on a worker."""
        store, review_id = self._store, self._review_id
        run_task(lambda _p: consultation_for_review(store, review_id),
                 on_done=self._loaded, on_error=self._failed, parent=self.panel)

    def _loaded(self, view: ConsultationView | None) -> None:
        self.view, self.loaded = view, True
        self.panel.show_consultation(view)
        if view is not None and not self._read_only():
            method = consultation_method_for(view.status)
            if method and not self._participation.method.code():
                self._participation.method.set_code(method)
                label = code_list("consultation_method").label(method)
                self._message.show_info(f"How the child was consulted: “{label}”, from "
                                        f"{view.child_name}'s consultation. Save the review "
                                        "to keep it.")
        self._show_note()
        self.set_read_only(self._read_only())

    def _failed(self, error: BaseException) -> None:
        self.loaded = True
        log_problem(error, "Reading the consultation")
        self.panel.show_consultation(None)
        self.panel.status.setText(NOT_READ)
        self.panel.status.setAccessibleDescription(NOT_READ)

    def _show_note(self) -> None:
        self._participation.show_suggestion(
            participation_note(self.view, self._participation.code.code()))

    def set_read_only(self, read_only: bool) -> None:
        """A final record (or one waiting on a recovered draft) takes no words in."""
        self.panel.use_button.setEnabled(not read_only and bool(self.panel.own_words()))

    def use_words(self, words: str) -> None:
        """Add the child's own words at the end of the young person's views."""
        edit = self._views
        if self._read_only() or edit.isReadOnly():
            self._message.show_info("This review cannot be changed now: choose Amend… on a "
                                    "final record to add the child's words.")
            return
        text = edit.toPlainText()
        if words.strip() and words.strip() in text:
            self._message.show_info("The child's own words are already in the young "
                                    "person's views.")
        else:
            cursor = edit.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            gap = "" if not text.strip() else "\n" if text.endswith("\n") else "\n\n"
            cursor.insertText(gap + words)
            edit.setTextCursor(cursor)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        edit.ensureCursorVisible()
