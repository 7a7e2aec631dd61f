"""The review editor: one statutory review, recorded section by section, never losing a word.

Everything typed is autosaved to an encrypted draft (see `autosave.py`); Save draft keeps
gaps, Finalise needs every required part and locks the record, and a final record changes
only through an amendment with a reason. All store writes run on a worker.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.review_form import ReviewForm
from iro_desktop.domain.review_rules import (
    participation_choices,
    plan_areas_for,
    statutory_next_due,
)
from iro_desktop.domain.validation import FieldError
from iro_desktop.services import drafts, reviews
from iro_desktop.store import Store
from ui.common.autosave import Autosaver, Snapshot
from ui.common.tones import tone
from ui.common.widgets_common import InlineMessage
from ui.review.minutes_panel import MinutesPanel
from ui.review.review_actions import ReviewActions
from ui.review.review_consultation import ReviewConsultation
from ui.review.review_fields import Section
from ui.review.review_form_json import form_json
from ui.review.review_header import (
    AmendBar,
    ConfirmFinaliseBar,
    RecoveryBar,
    ReviewHeader,
    problem_summary,
)
from ui.review.review_sections import (
    AttendanceSection,
    DecisionsSection,
    MeetingSection,
    NextReviewSection,
    ParticipationSection,
    PlanSection,
    TextSection,
)

log = logging.getLogger(__name__)


def draft_summary(context: reviews.ReviewContext, payload: dict[str, Any]) -> str:
    """A draft's first line says what it is; the rest previews the young person's words."""
    words = " ".join(str(payload.get("young_person_views", "")).split())
    return f"Review {context.number} ({context.kind})\n{words[:240]}"


class ReviewEditor(ReviewActions):
    """One review: header, section navigator, the sections, and Save / Finalise / Amend."""

    def __init__(self, store: Store, review_id: str, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None, *, autosave_debounce_ms: int | None = None,
                 autosave_max_ms: int | None = None) -> None:
        super().__init__(parent)
        self.store, self.review_id, self.today = store, review_id, today
        self.context = reviews.review_context(store, review_id)
        self.version = self.context.version
        self.amending = False
        self.busy = False
        self.locking = False
        self._jumping = False
        self._after_idle = None
        self._loading = False
        self._auto_next: date | None = None
        self._recovery_payload: dict[str, Any] | None = None
        self._build()
        self.autosaver = Autosaver(lambda: form_json(self.form()), self._write_draft,
                                   debounce_ms=autosave_debounce_ms,
                                   max_interval_ms=autosave_max_ms, parent=self)
        self.autosaver.status_changed.connect(self.autosave_status.setText)
        self.autosaver.idle.connect(self._autosave_idle)
        self._connect()
        self.load_saved(reviews.load_review_form(store, review_id))
        self._offer_recovery()
        self.consultation.load()

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self.header = ReviewHeader()
        self.recovery = RecoveryBar()
        self.confirm = ConfirmFinaliseBar()
        self.amend_bar = AmendBar()
        self.summary = problem_summary()
        self.summary.linkActivated.connect(self.focus_field)
        self.meeting = MeetingSection()
        self.attendance = AttendanceSection()
        self.participation = ParticipationSection()
        self.yp_views = TextSection(
            "The young person's views", "young_person_views", "The young person's views",
            "In the young person's own words: what they want, what is going well, what worries "
            "them, what they want to change.", 260)
        self.parents = TextSection("Parents' views", "parents_views", "Parents' views",
                                   "What the parents said, or sent.", 110)
        self.carers = TextSection("Carers' views", "carers_views", "Carers' views",
                                  "What the carers said, or sent.", 110)
        self.social_worker = TextSection("Social worker's update", "social_worker_update",
                                         "Social worker's update",
                                         "What has happened since the last review.", 110)
        self.plan = PlanSection()
        self.decisions = DecisionsSection()
        self.next_review = NextReviewSection()
        self.sections: list[Section] = [
            self.meeting, self.attendance, self.participation, self.yp_views, self.parents,
            self.carers, self.social_worker, self.plan, self.decisions, self.next_review]
        self.young_person_views = self.yp_views.edit
        self.message = InlineMessage()
        self.consultation = ReviewConsultation(self.store, self.review_id, self.yp_views.edit,
                                               self.participation, self.message, self.read_only)
        self.consultation_panel = self.consultation.panel
        self.nav = QListWidget()
        self.nav.setAccessibleName("Sections of the review")
        self.nav.setMaximumWidth(220)
        self.nav.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        for number, section in enumerate(self.sections, 1):
            self.nav.addItem(f"{number % 10}  {section.title()}")
        page = QWidget()
        column = QVBoxLayout(page)
        for section in self.sections:
            if section is not self.yp_views:
                column.addWidget(section)
                continue
            beside = QHBoxLayout()  # a layout, not a widget: sections' y() stay page-relative
            beside.addWidget(section, 1)
            beside.addWidget(self.consultation_panel, 1)
            column.addLayout(beside)
        column.addStretch(1)
        self.page = QScrollArea()
        self.page.setWidgetResizable(True)
        self.page.setWidget(page)
        self.page.setAccessibleName("Review")
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.page, 1)
        self.autosave_status = QLabel()
        self.autosave_status.setAccessibleName("Autosave")
        self.save_button = QPushButton("&Save draft")
        self.save_button.setAccessibleName("Save draft")
        self.save_button.setToolTip("Save the review as a draft (Ctrl+S); gaps are allowed")
        self.finalise_button = QPushButton("&Finalise…")
        self.finalise_button.setAccessibleName("Finalise the review")
        self.amend_button = QPushButton("A&mend…")
        self.amend_button.setAccessibleName("Amend the final record")
        self.minutes_button = QPushButton("&Generate minutes…")
        self.minutes_button.setAccessibleName("Generate minutes")
        self.minutes_button.setToolTip("Word documents of the final record (Ctrl+G)")
        self.minutes = MinutesPanel(self.store, self.review_id, self.today)
        actions = QHBoxLayout()
        actions.addWidget(self.autosave_status, 1)
        for button in (self.save_button, self.finalise_button, self.minutes_button,
                       self.amend_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        for part in (self.header, self.recovery, self.confirm, self.amend_bar, self.summary):
            layout.addWidget(part)
        layout.addLayout(body, 1)
        layout.addWidget(self.minutes)
        layout.addWidget(self.message)
        layout.addLayout(actions)

    def _connect(self) -> None:
        for section in self.sections:
            section.changed.connect(self._changed)
        self.meeting.meeting_date.dateChanged.connect(self._date_changed)
        self.meeting.held.toggled.connect(self._refresh_header)
        self.nav.currentRowChanged.connect(self.show_section)
        self.nav.itemActivated.connect(lambda _item: self._focus_section(self.nav.currentRow()))
        self.page.verticalScrollBar().valueChanged.connect(self._track_scroll)
        self.save_button.clicked.connect(self.save_draft)
        self.finalise_button.clicked.connect(self.ask_to_finalise)
        self.confirm.confirm.clicked.connect(self.finalise)
        self.confirm.cancel.clicked.connect(self.confirm.hide)
        self.amend_button.clicked.connect(self.start_amendment)
        self.minutes_button.clicked.connect(self.open_minutes)
        minutes = QShortcut(QKeySequence("Ctrl+G"), self)
        minutes.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        minutes.activated.connect(self.open_minutes)
        self.amend_bar.submitted.connect(self.save_amendment)
        self.amend_bar.cancel.clicked.connect(self.cancel_amendment)
        self.recovery.recover.clicked.connect(self.recover_draft)
        self.recovery.discard.clicked.connect(self.discard_recovered_draft)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_draft)
        for number in range(len(self.sections)):
            jump = QShortcut(QKeySequence(f"Ctrl+{(number + 1) % 10}"), self)
            jump.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            jump.activated.connect(lambda n=number: self._focus_section(n))

    # -- the form ----------------------------------------------------------------------

    def form(self) -> ReviewForm:
        """The review as the widgets hold it now."""
        form = ReviewForm()
        for section in self.sections:
            section.fill(form)
        return form

    def set_form(self, form: ReviewForm) -> None:
        """Show a form in the widgets without counting it as typing."""
        self._loading = True
        try:
            for section in self.sections:
                section.load(form)
            self._auto_next = None
            self._apply_date_rules()
        finally:
            self._loading = False

    def load_saved(self, form: ReviewForm) -> None:
        self.saved_form = form
        self.set_form(form)
        self.baseline = form_json(self.form()).text
        self.autosaver.mark_written(self.baseline)
        self.apply_mode()

    def adopt_row_ids(self, saved: ReviewForm) -> None:
        self.attendance.people.adopt_ids(saved.attendance)
        self.decisions.decisions.adopt_ids(saved.decisions)
        self.plan.adopt_ids(saved)

    def has_unsaved_changes(self) -> bool:
        return form_json(self.form()).text != self.baseline

    def flush_autosave(self) -> None:
        """Write the draft now (when the tab closes or the app locks)."""
        self.autosaver.save_now()

    def _changed(self) -> None:
        if not self._loading:
            self.autosaver.note_change()
            self.edited.emit()

    def _write_draft(self, snap: Snapshot) -> None:
        drafts.save_draft(self.store, reviews.DRAFT_KIND, self.review_id, snap.payload,
                          child_id=self.context.child_id,
                          summary=draft_summary(self.context, snap.payload))

    # -- rules that follow the review date ----------------------------------------------

    def _date_changed(self) -> None:
        if not self._loading:
            self._apply_date_rules()

    def _apply_date_rules(self) -> None:
        when = self.meeting.meeting_date.value()
        context = self.context
        age_date = when or context.due or self.today()
        self.participation.limit_to(participation_choices(context.date_of_birth, age_date),
                                    self.read_only())
        late = when is not None and context.due is not None and when > context.due
        self.meeting.show_late_reason(late)
        areas = set(plan_areas_for(context.date_of_birth, age_date))
        self.plan.show_areas(areas, context.number >= 2)
        months = 3 if context.number == 1 else 6
        latest = statutory_next_due(when, context.number) if when else None
        self.next_review.show_latest(latest, months)
        current = self.next_review.next_date.value()
        if latest is not None and (current is None or current == self._auto_next):
            self.next_review.next_date.set_value(latest)
        self._auto_next = latest
        self._refresh_header()

    def _refresh_header(self) -> None:
        self.header.show_context(self.context, self.meeting.meeting_date.value(), self.today())

    # -- modes ---------------------------------------------------------------------------

    def read_only(self) -> bool:
        return ((self.context.is_final and not self.amending) or self.locking
                or self._recovery_payload is not None)

    def apply_mode(self) -> None:
        read_only = self.read_only()
        for section in self.sections:
            section.set_read_only(read_only)
        self.consultation.set_read_only(read_only)
        self._apply_date_rules_quietly()
        final = self.context.is_final
        self.save_button.setVisible(not final)
        self.finalise_button.setVisible(not final)
        self.amend_button.setVisible(final and not self.amending)
        self.minutes_button.setVisible(final and not self.amending)
        if self.amending:
            self.minutes.hide()
        self.amend_bar.setVisible(final and self.amending)
        for button in (self.save_button, self.finalise_button, self.amend_button,
                       self.minutes_button, self.amend_bar.save):
            button.setEnabled(not self.busy and self._recovery_payload is None)
        self._refresh_header()

    def _apply_date_rules_quietly(self) -> None:
        loading, self._loading = self._loading, True
        try:
            self._apply_date_rules()
        finally:
            self._loading = loading

    # -- navigation ------------------------------------------------------------------------

    def show_section(self, index: int) -> None:
        if 0 <= index < len(self.sections):
            self._jumping = True
            self.page.verticalScrollBar().setValue(self.sections[index].y() - 6)
            self._jumping = False
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(index)
            self.nav.blockSignals(False)

    def _focus_section(self, index: int) -> None:
        self.nav.setCurrentRow(index)
        self.show_section(index)
        section = self.sections[index]
        target = next(iter(section.targets.values()), section)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _track_scroll(self, value: int) -> None:
        if self._jumping:
            return
        current = 0
        for index, section in enumerate(self.sections):
            if section.y() - 20 <= value:
                current = index
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(current)
        self.nav.blockSignals(False)

    def focus_field(self, field: str) -> None:
        """Scroll to the field a message is about and put the cursor in it."""
        for section in self.sections:
            target = section.targets.get(field) or (
                section.targets.get("decisions") if field.startswith("decisions[") else None)
            if target is not None:
                self.page.ensureWidgetVisible(target, 20, 60)
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        if field == "amendment_reason":
            self.amend_bar.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- messages ----------------------------------------------------------------------------

    def show_errors(self, errors: list[FieldError], verb: str) -> None:
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        shown: set[str] = set()
        for section in self.sections:
            shown |= section.show_errors(by_field)
        self.amend_bar.message.show_messages(by_field.get("amendment_reason", []))
        count = len(errors)
        colour = tone("error").foreground
        links = " · ".join(
            f"<a href='{e.field}' style='color: {colour}'>{html.escape(e.message)}</a>"
            if e.field in shown or e.field == "amendment_reason" else html.escape(e.message)
            for e in errors)
        self.summary.setText(
            f"{verb}: {count} {'problem' if count == 1 else 'problems'} to fix, shown by "
            f"{'its field' if count == 1 else 'each field'}: {links}")
        self.summary.setVisible(bool(errors))
        if errors:
            self.focus_field(errors[0].field)

    def clear_errors(self) -> None:
        for section in self.sections:
            section.show_errors({})
        self.amend_bar.message.show_messages([])
        self.summary.hide()

    def error_text(self, field: str) -> str:
        """The message shown by a field (for tests and screen readers); empty when none."""
        for section in self.sections:
            message = section.messages.get(field)
            if message is not None:
                return message.message()
        if field == "amendment_reason":
            return self.amend_bar.message.message()
        return ""

    def _autosave_idle(self) -> None:
        if self._after_idle is not None:
            action, self._after_idle = self._after_idle, None
            action()
