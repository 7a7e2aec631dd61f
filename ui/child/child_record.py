"""A child's record, opened as a tab: details edited inline, periods, people and timeline.

Nothing here is a modal dialog, so when the app locks (hiding the page) whatever the IRO
has typed is still there after unlocking. Reviews and QA open in tabs of their own: the
record asks for them with signals, and the main window opens them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.timetable import DueStatus, format_date
from iro_desktop.domain.validation import ValidationError
from iro_desktop.services.child_overview import ChildOverview, TimelineEntry, load_overview
from iro_desktop.services.children import add_child, details_of, update_child
from iro_desktop.store import Store
from ui.caseload.caseload_model import STATUS_TEXT, STATUS_TONES
from ui.child.child_actions import ChildActions
from ui.child.child_form import ChildForm
from ui.child.child_record_actions import ChildRecordActions
from ui.child.follow_ups_tab import FollowUpsTab
from ui.child.monitoring_note_panel import MonitoringNotePanel
from ui.child.period_panel import PeriodsPanel
from ui.common.error_message import problem_text, show_problem
from ui.common.record_tables import RowsModel, make_table
from ui.common.task_runner import Runner, RunnerFor, immediate
from ui.common.tones import tone
from ui.common.widgets_common import InlineMessage

FOLLOW_UPS = "Follow-&ups"


class ChildRecord(ChildRecordActions):
    """One child's tab. ``child_id`` None means a new child, saved with Add."""

    saved = Signal(str)
    closed = Signal()

    def __init__(self, store: Store, today: Callable[[], date], child_id: str | None = None,
                 runner_for: RunnerFor = immediate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today = store, today
        self._run: Runner = runner_for(self)
        self._runner_for = runner_for
        self.child_id = child_id
        self.overview: ChildOverview | None = None
        self._saving = False
        self._starting_review = False
        self._timeline: tuple[TimelineEntry, ...] = ()
        self._build()
        self._connect()
        if child_id is None:
            self._show_new()
        else:
            self.reload()

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName("Child's name")
        self.subtitle = QLabel()
        self.subtitle.setAccessibleName("Child's ID and age")
        self.next_review = QLabel()
        self.next_review.setAccessibleName("Next review due")
        self.next_review.setWordWrap(True)
        self.next_review.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = QLabel()
        self.status_badge.setAccessibleName("Review status")
        self.status_badge.hide()

        self.form = ChildForm()
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save the child's details (Ctrl+S)")
        self.save_button.setAccessibleName("Save child's details")
        self.save_button.setDefault(False)
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.setToolTip("Go back to the details as last saved")
        self.revert_button.setAccessibleName("Revert child's details")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.form)
        details_layout.addLayout(buttons)
        details_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(details)
        scroll.setAccessibleName("Details")

        self.periods = PeriodsPanel(self._store, self._today, self._run)
        self.people_model = RowsModel(("Role", "Name", "Team or organisation", "Phone", "Email"),
                                      self)
        self.people_table = make_table(self.people_model, "People around the child",
                                       (170, 170, 290, 110))
        self.timeline_model = RowsModel(
            ("Date", "What", "Summary", "Decisions sent", "Full record sent"), self)
        self.timeline_table = make_table(self.timeline_model, "Timeline, newest first",
                                         (140, 210, 290, 170))
        self.timeline_table.setAccessibleDescription(
            "Press Enter or double-click to open a review, audit, challenge or good practice.")
        self.action_buttons = ChildActions()
        review_row = QHBoxLayout()
        review_row.addWidget(self.next_review, 1)
        review_row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignTop)
        review_row.addWidget(self.action_buttons.consult, 0, Qt.AlignmentFlag.AlignTop)
        self.note_panel = MonitoringNotePanel()
        self.message = InlineMessage()
        self.follow_ups = FollowUpsTab(self._store, self._today, self._runner_for)

        self.sections = QTabWidget()
        self.sections.setAccessibleName("Sections of the record")
        self.sections.tabBar().setAccessibleName("Sections of the record")
        self.sections.addTab(scroll, "&Details")
        self.sections.addTab(self.periods, "&Periods of care")
        self.sections.addTab(self.people_table, "Peop&le")
        self.sections.addTab(self.timeline_table, "Ti&meline")
        self.sections.addTab(self.follow_ups, FOLLOW_UPS)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(review_row)
        layout.addWidget(self.action_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.note_panel)
        layout.addWidget(self.sections, 1)
        QWidget.setTabOrder(self.save_button, self.revert_button)
        QWidget.setTabOrder(self.action_buttons.consult, self.action_buttons.new_review)

    def _connect(self) -> None:
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.form.changed.connect(self._form_changed)
        self.periods.changed.connect(self._period_changed)
        self.action_buttons.new_review.clicked.connect(self.new_review)
        self.action_buttons.note.clicked.connect(self.add_note)
        self.action_buttons.consult.clicked.connect(self.start_consultation)
        self.follow_ups.loaded.connect(self._follow_ups_loaded)
        self.action_buttons.audit.clicked.connect(self.audit_review)
        self.action_buttons.challenge.clicked.connect(self.raise_challenge)
        self.action_buttons.good_practice.clicked.connect(self.record_good_practice)
        self.action_buttons.qa.clicked.connect(self.show_qa)
        self.note_panel.submitted.connect(self._save_note)
        self.note_panel.cancelled.connect(self._cancel_note)
        self.note_panel.note.textChanged.connect(lambda: self.title_changed.emit(self.tab_title()))
        self.timeline_table.activated.connect(lambda index: self.open_timeline_row(index.row()))

    # -- state -----------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return (self.form.is_dirty() or self.periods.has_unsaved_changes()
                or (self.note_panel.isVisibleTo(self) and self.note_panel.has_text()))

    def tab_title(self) -> str:
        if self.child_id is None:
            typed = self.form.details()
            name = " ".join(x.strip() for x in (typed.first_name, typed.last_name) if x.strip())
            base = f"New child: {name}" if name else "New child"
        else:
            base = self.overview.name if self.overview else "Loading…"
        return f"{base} *" if self.has_unsaved_changes() else base

    def _form_changed(self) -> None:
        dirty = self.form.is_dirty()
        self.save_button.setEnabled((dirty or self.child_id is None) and not self._saving)
        self.revert_button.setEnabled(dirty)
        self.title_changed.emit(self.tab_title())

    # -- loading ---------------------------------------------------------------------

    def _show_new(self) -> None:
        self.title.setText("New child")
        self.subtitle.setText("Fill in the details and press Add child (Ctrl+S). "
                              "Fields marked by a message need attention.")
        self.next_review.setText("The first review will be due 20 working days after the "
                                 "date the child became looked after.")
        for index in range(1, self.sections.count()):
            self.sections.setTabEnabled(index, False)
        self.action_buttons.set_enabled_for(False, False)
        self.save_button.setText("&Add child")
        self.save_button.setAccessibleName("Add child")
        self.form.set_details(ChildDetails())
        self._form_changed()

    def reload(self) -> None:
        """Read the record again (after a save, or when the caseload changed)."""
        child_id, today = self.child_id, self._today()
        assert child_id is not None
        if self.overview is None:
            self.title.setText("Loading…")
        self._run(lambda: (details_of(self._store, child_id),
                           load_overview(self._store, child_id, today)),
                  self._loaded, self._load_failed)

    def _loaded(self, result: tuple[ChildDetails, ChildOverview]) -> None:
        details, overview = result
        self.overview = overview
        if not self.form.is_dirty() or self._saving:
            self.form.set_details(details)
        self._saving = False
        for index in range(self.sections.count()):
            self.sections.setTabEnabled(index, True)
        self.save_button.setText("&Save")
        self.save_button.setAccessibleName("Save child's details")
        self._show_overview(overview)
        self._form_changed()

    def _show_overview(self, o: ChildOverview) -> None:
        self.title.setText(o.name)
        self.subtitle.setText(f"ID {o.local_id} · born {format_date(o.date_of_birth)} "
                              f"· aged {o.age} · {o.reviews_held} "
                              f"review{'s' if o.reviews_held != 1 else ''} held in this period")
        review = o.next_review
        if review is not None:
            self.next_review.setText(
                f"<b>Next review due: {format_date(review.due)}</b> — {review.basis}")
        else:
            ended = next((p.end for p in o.periods if p.end), None)
            self.next_review.setText(
                "No review due: the period of care ended"
                + (f" on {format_date(ended)}." if ended else "."))
        text = STATUS_TEXT[o.status]
        badge = tone(STATUS_TONES[o.status])
        self.status_badge.setText(text)
        self.status_badge.setStyleSheet(
            f"background: {badge.background}; color: {badge.foreground}; border-radius: 9px; "
            "padding: 2px 10px; font-weight: 600;")
        self.status_badge.setAccessibleDescription(text)
        self.status_badge.setVisible(o.status is not DueStatus.ENDED or review is None)
        self.action_buttons.set_enabled_for(True, o.period_open, self.consult_refusal())
        self.follow_ups.set_child(o.child_id)
        self.periods.set_periods(o.child_id, o.periods, o.period_open)
        self.people_model.set_rows([(p.role, p.name, p.team_or_organisation, p.phone, p.email)
                                    for p in o.people])
        self._timeline = o.timeline
        self.timeline_model.set_rows([(format_date(e.on), e.kind.value, e.summary,
                                       e.decisions_sent, e.record_sent) for e in o.timeline])

    def _follow_ups_loaded(self) -> None:
        count = self.follow_ups.open_count()
        index = self.sections.indexOf(self.follow_ups)
        self.sections.setTabText(index, f"{FOLLOW_UPS} ({count} open)" if count else FOLLOW_UPS)

    def _load_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.title.setText("This record could not be opened")
        self.subtitle.setText(problem_text(
            exc, "Opening a child's record", lead="",
            unexpected="Close this tab and try again; if it keeps happening, check the store "
                       "with File > Settings."))

    # -- saving ----------------------------------------------------------------------

    def save(self) -> None:
        if self._saving or (self.child_id is not None and not self.form.is_dirty()):
            return
        details, today, child_id = self.form.details(), self._today(), self.child_id
        self._saving = True
        self.save_button.setEnabled(False)
        if child_id is None:
            self._run(lambda: add_child(self._store, details, today),
                      self._added, self._save_failed)
        else:
            self._run(lambda: update_child(self._store, child_id, details, today),
                      lambda _: self._updated(), self._save_failed)

    def _added(self, child_id: str) -> None:
        self.child_id = child_id
        self._saving = True
        self.saved.emit(child_id)
        self.reload()

    def _updated(self) -> None:
        assert self.child_id is not None
        self.saved.emit(self.child_id)
        self.reload()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            show_problem(self, "Not saved", exc, "Saving a child's details",
                         lead="The child's details could not be saved: ",
                         unexpected="The child's details could not be saved because of an "
                                    "unexpected problem.",
                         next_step="What you typed is still here: try again in a moment.")
        self._form_changed()

    def revert(self) -> None:
        self.form.revert()
        self._form_changed()

    def _period_changed(self) -> None:
        if self.child_id is not None:
            self.saved.emit(self.child_id)
            self.reload()
