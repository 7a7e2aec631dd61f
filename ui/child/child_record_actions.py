"""What the buttons of a child's record do: start or open reviews, notes, the child's
consultation, quality assurance.

Reviews, QA and young person mode open outside the record, so the record only asks for them
with signals (the main window opens them); starting a review and saving a note run on the
record's runner, and their problems show on the record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from iro_desktop.domain.consultation_forms import age_band_for
from iro_desktop.domain.timetable import format_date
from iro_desktop.domain.validation import FieldError, ValidationError
from iro_desktop.services.child_overview import ChildOverview, TimelineEntry, TimelineKind
from iro_desktop.services.reviews import add_monitoring_note, start_review
from iro_desktop.store import Store
from ui.child.child_actions import UNDER_FOUR, ChildActions
from ui.child.monitoring_note_panel import MonitoringNotePanel
from ui.common.error_message import problem_text
from ui.common.task_runner import Runner
from ui.common.widgets_common import InlineMessage

#: What a timeline row opens, by its kind (reviews open in the review editor).
QA_KINDS = {TimelineKind.QA_AUDIT: "audit", TimelineKind.CHALLENGE: "challenge",
            TimelineKind.GOOD_PRACTICE: "good_practice"}


class ChildRecordActions(QWidget):
    """The record's actions; `ChildRecord` builds the parts declared here. GUI thread only."""

    title_changed = Signal(str)
    open_review_requested = Signal(str)  # review id
    audit_requested = Signal(str, str)  # child id, review id
    challenge_requested = Signal(str)  # child id
    good_practice_requested = Signal(str, str)  # child id, review id ("" for none)
    qa_requested = Signal(str)  # child id
    qa_item_requested = Signal(str, str, str)  # kind (audit, challenge...), id, child id
    consultation_requested = Signal(str)  # child id: open young person mode

    _store: Store
    _today: Callable[[], date]
    _run: Runner
    child_id: str | None
    overview: ChildOverview | None
    action_buttons: ChildActions
    note_panel: MonitoringNotePanel
    message: InlineMessage
    sections: QTabWidget
    timeline_table: QTableView
    _timeline: tuple[TimelineEntry, ...] = ()
    _starting_review = False

    def tab_title(self) -> str:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    # -- reviews, notes and quality assurance -----------------------------------------

    def new_review(self) -> None:
        """Start the child's next review (or find the one started) on a worker, then open it."""
        child_id, today = self.child_id, self._today()
        if child_id is None or self._starting_review:
            return
        self._starting_review = True
        self.action_buttons.new_review.setEnabled(False)
        self.message.show_info("Starting the review…")
        self._run(lambda: start_review(self._store, child_id, today),
                  self._review_started, self._review_not_started)

    def _review_started(self, review_id: str) -> None:
        self._starting_review = False
        self.action_buttons.new_review.setEnabled(bool(self.overview and self.overview.period_open))
        self.message.clear_message()
        self.open_review_requested.emit(review_id)

    def _review_not_started(self, exc: BaseException) -> None:
        self._starting_review = False
        self.action_buttons.new_review.setEnabled(bool(self.overview and self.overview.period_open))
        self.message.show_error(problem_text(
            exc, "Starting a review", lead="No review was started. ",
            unexpected="The review could not be started: the store could not be written. "
                       "Try again in a moment."))

    def selected_review_id(self) -> str | None:
        """The review selected in the timeline, else the latest review held."""
        row = self.timeline_table.currentIndex().row()
        if 0 <= row < len(self._timeline) and self._timeline[row].kind is TimelineKind.REVIEW:
            return self._timeline[row].entity_id
        return self.overview.latest_held_review if self.overview else None

    def open_timeline_row(self, row: int) -> None:
        if not 0 <= row < len(self._timeline) or self.child_id is None:
            return
        entry = self._timeline[row]
        if entry.kind is TimelineKind.REVIEW:
            self.open_review_requested.emit(entry.entity_id)
        elif entry.kind in QA_KINDS:
            self.qa_item_requested.emit(QA_KINDS[entry.kind], entry.entity_id, self.child_id)
        else:
            self.message.show_info(f"Monitoring note of {format_date(entry.on)}: {entry.summary}")

    def audit_review(self) -> None:
        review_id = self.selected_review_id()
        if self.child_id is None:
            return
        if review_id is None:
            self.message.show_info("There is no review held to audit yet: record the review "
                                   "first, then audit it.")
            return
        self.audit_requested.emit(self.child_id, review_id)

    def raise_challenge(self) -> None:
        if self.child_id is not None:
            self.challenge_requested.emit(self.child_id)

    def record_good_practice(self) -> None:
        if self.child_id is not None:
            self.good_practice_requested.emit(self.child_id, self.selected_review_id() or "")

    def show_qa(self) -> None:
        if self.child_id is not None:
            self.qa_requested.emit(self.child_id)

    # -- the young person's consultation ----------------------------------------------

    def consult_refusal(self) -> str:
        """Why this child is not consulted by form now ("" when they are): under 4."""
        if self.overview is None:
            return "The record is still loading."
        if age_band_for(self.overview.date_of_birth, self._today()) is None:
            return UNDER_FOUR
        return ""

    def start_consultation(self) -> None:
        """Ask for young person mode, the child's questions before their review."""
        if self.child_id is None:
            return
        refused = self.consult_refusal()
        if refused:
            self.message.show_info(refused)
            return
        self.message.clear_message()
        self.consultation_requested.emit(self.child_id)

    def consultation_failed(self, exc: BaseException) -> None:
        self.message.show_error(problem_text(
            exc, "Opening young person mode", lead="Young person mode was not opened. ",
            unexpected="Young person mode could not be opened: the store could not be read "
                       "or written. Try again in a moment."))

    def add_note(self) -> None:
        if self.child_id is not None:
            self.message.clear_message()
            self.note_panel.start(self._today())

    def _save_note(self, noted_on: date | None, note: str) -> None:
        child_id, today = self.child_id, self._today()
        if child_id is None:
            return
        if noted_on is None:
            self.note_panel.show_errors([FieldError("noted_on", "Give the date of the note.")])
            return
        self.note_panel.set_busy(True)
        self._run(lambda: add_monitoring_note(self._store, child_id, noted_on, note, today),
                  lambda _id: self._note_saved(), self._note_failed)

    def _note_saved(self) -> None:
        self.note_panel.set_busy(False)
        self.note_panel.finish()
        self.message.show_ok("The monitoring note was added to the timeline.")
        self.sections.setCurrentWidget(self.timeline_table)
        self.title_changed.emit(self.tab_title())
        self.reload()

    def _note_failed(self, exc: BaseException) -> None:
        self.note_panel.set_busy(False)
        if isinstance(exc, ValidationError):
            self.note_panel.show_errors(exc.errors)
        else:
            self.note_panel.message.show_error(problem_text(
                exc, "Saving a monitoring note", lead="The note could not be saved: ",
                unexpected="The note could not be saved: the store could not be written. What "
                           "you typed is still here."))

    def _cancel_note(self) -> None:
        self.note_panel.finish()
        self.title_changed.emit(self.tab_title())
