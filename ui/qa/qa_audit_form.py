"""The QA audit of a review: five areas, Viewpoint, the grade, and the challenge it may call for.

The rules (which grade needs manager actions, when a challenge is mandatory) live in the core;
this form shows the core's answers inline, by field, and never in a blocking dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.qa_rules import CHALLENGE_GRADE, NEEDS_IMPROVEMENT, AreaEntry
from iro_desktop.domain.timetable import format_date
from iro_desktop.domain.validation import ValidationError
from iro_desktop.services.audits import (
    AuditInput,
    audit_for_review,
    blank_audit,
    load_audit,
    skip_mandatory_challenge,
)
from iro_desktop.services.challenges import ChallengeInput
from iro_desktop.services.reviews import load_review_form, review_context
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.form_fields import CodeCombo, OptionalDateEdit
from ui.common.task_runner import Runner, run_now
from ui.common.widgets_common import InlineMessage, new_form
from ui.qa.qa_audit_panel import Challenged, ChallengePanel, evaluate
from ui.qa.qa_fields import (
    MESSAGE_STYLE,
    FieldErrors,
    add_checked_field,
    align_labels,
    child_heading,
    error_label,
    heading,
    text_box,
)

GRADE_HINTS = {
    NEEDS_IMPROVEMENT: "Say what the team manager needs to do. Two Needs Improvement grades "
                       "in a row for the same child require a challenge.",
    CHALLENGE_GRADE: "A Challenge grade opens a challenge when the audit is saved.",
}


@dataclass(frozen=True)
class Loaded:
    heading: str
    review: str
    entry: AuditInput
    pending: Challenged | None


def _review_text(store: Store, review_id: str | None) -> str:
    if not review_id:
        return "Not linked to a review"
    number = review_context(store, review_id).number
    held = load_review_form(store, review_id).meeting_date
    return f"Review {number}" + (f", held {format_date(held)}" if held else "")


class AuditForm(QWidget):
    """One review's audit (``audit_id`` or the review's existing audit), or a new one."""

    saved = Signal(str)
    challenge_requested = Signal(object)  # a pre-filled ChallengeInput
    title_changed = Signal(str)

    def __init__(self, store: Store, child_id: str, review_id: str | None = None,
                 audit_id: str | None = None, today: Callable[[], date] = date.today, *,
                 runner: Runner = run_now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today, self._run = store, today, runner
        self.child_id, self.review_id, self.audit_id = child_id, review_id, audit_id
        self._baseline = blank_audit(child_id, today(), review_id)
        self._pending: Challenged | None = None
        self._busy = True
        self._heading = ""
        self._build()
        self._connect()
        self._load()

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self.title = heading("QA audit", name="Audit heading")
        self.subtitle = QLabel()
        self.subtitle.setAccessibleName("Review audited")
        self.message = InlineMessage()
        self.errors = FieldErrors(self.message)
        self.audit_date = OptionalDateEdit()
        self.viewpoint = CodeCombo("viewpoint", show_code=False, blank="Not recorded")
        self.grade = CodeCombo("qa_grade", show_code=False, blank="Not graded yet")
        self.grade_hint = QLabel()
        self.grade_hint.setWordWrap(True)
        self.grade_hint.setAccessibleName("About this grade")
        self.grade_hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.manager_actions = text_box(3, "Needed when the grade is Needs Improvement")
        top = new_form()
        add_checked_field(top, self.errors, "audit_date", "Audit &date:", self.audit_date)
        areas = QGroupBox("Areas audited")
        areas.setAccessibleName("Areas audited")
        areas.setLayout(self._area_grid())
        outcome = new_form()
        add_checked_field(outcome, self.errors, "viewpoint", "&Viewpoint questionnaire:",
                          self.viewpoint, description="Completed, declined, or not required "
                                                      "because of age or a health condition")
        add_checked_field(outcome, self.errors, "grade", "Overall &grade:", self.grade,
                          beside=self.grade_hint)
        add_checked_field(outcome, self.errors, "manager_actions",
                          "Actions for the team &manager:", self.manager_actions,
                          description="Required when the grade is Needs Improvement")
        align_labels(top, outcome)
        self.save_button = QPushButton("&Save audit")
        self.save_button.setAccessibleName("Save audit")
        self.save_button.setToolTip("Save the audit (Ctrl+S)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        self.panel = ChallengePanel()
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addWidget(self.subtitle)
        column.addLayout(top)
        column.addWidget(areas)
        column.addLayout(outcome)
        column.addLayout(buttons)
        column.addWidget(self.panel)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.setAccessibleName("QA audit")
        self.setStyleSheet(MESSAGE_STYLE)

    def _area_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(2, 3)
        for column, text in enumerate(("Area", "Judgement", "Comment")):
            label = QLabel(f"<b>{text}</b>")
            label.setAccessibleName(f"{text} column")
            grid.addWidget(label, 0, column)
        self.judgements: dict[str, CodeCombo] = {}
        self.comments: dict[str, QLineEdit] = {}
        for index, area in enumerate(code_list("qa_area")):
            row = 1 + index * 2
            judgement = CodeCombo("qa_judgement", show_code=False, blank="Not judged")
            judgement.setMinimumContentsLength(12)
            judgement.setAccessibleName(f"{area.label}: judgement")
            comment = QLineEdit()
            comment.setAccessibleName(f"{area.label}: comment")
            comment.setPlaceholderText("Comment (optional)")
            label = QLabel(f"&{index + 1}. {area.label}")
            label.setWordWrap(True)
            label.setBuddy(judgement)
            error = error_label(area.label)
            self.errors.register(f"areas.{area.code}", judgement, error)
            grid.addWidget(label, row, 0)
            grid.addWidget(judgement, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(comment, row, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(error, row + 1, 0, 1, 3)
            self.judgements[area.code], self.comments[area.code] = judgement, comment
        return grid

    def _connect(self) -> None:
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.grade.currentIndexChanged.connect(self._grade_changed)
        self.panel.raise_requested.connect(self._raise_requested)
        self.panel.skip_requested.connect(self.skip_challenge)
        self.audit_date.dateChanged.connect(lambda *_: self._edited("audit_date"))
        self.viewpoint.currentIndexChanged.connect(lambda *_: self._edited("viewpoint"))
        self.manager_actions.textChanged.connect(lambda: self._edited("manager_actions"))
        for code, combo in self.judgements.items():
            combo.currentIndexChanged.connect(lambda *_, c=code: self._edited(f"areas.{c}"))
            self.comments[code].textEdited.connect(lambda *_: self._edited(""))
        order: list[QWidget] = [self.audit_date]
        for code in self.judgements:
            order += [self.judgements[code], self.comments[code]]
        order += [self.viewpoint, self.grade, self.manager_actions, self.save_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- reading and showing ---------------------------------------------------------

    def entry(self) -> AuditInput:
        """The audit as typed, on top of what was loaded (id, version, IRO)."""
        areas = [AreaEntry(code, combo.code() or None, self.comments[code].text())
                 for code, combo in self.judgements.items()]
        return replace(self._baseline, audit_date=self.audit_date.value(),
                       viewpoint=self.viewpoint.code() or None, grade=self.grade.code() or None,
                       manager_actions=self.manager_actions.toPlainText(), areas=areas)

    def has_unsaved_changes(self) -> bool:
        return not self._busy and self.entry() != self._baseline

    def tab_title(self) -> str:
        base = f"Audit: {self._heading}" if self._heading else "QA audit"
        return f"{base} *" if self.has_unsaved_changes() else base

    def _show_entry(self, entry: AuditInput) -> None:
        self._baseline = replace(entry)
        self.audit_id = entry.audit_id
        widgets: list[QWidget] = [self.audit_date, self.viewpoint, self.grade,
                                  self.manager_actions, *self.judgements.values(),
                                  *self.comments.values()]
        for widget in widgets:
            widget.blockSignals(True)
        self.audit_date.set_value(entry.audit_date)
        self.viewpoint.set_code(entry.viewpoint)
        self.grade.set_code(entry.grade)
        self.manager_actions.setPlainText(entry.manager_actions)
        by_area = {a.area: a for a in entry.areas}
        for code, combo in self.judgements.items():
            area = by_area.get(code)
            combo.set_code(area.judgement if area else None)
            self.comments[code].setText(area.comment if area else "")
        for widget in widgets:
            widget.blockSignals(False)
        self._baseline = self.entry()  # all five areas, as the form holds them
        self._grade_changed()

    def _grade_changed(self) -> None:
        grade = self.grade.code()
        self.manager_actions.setEnabled(grade == NEEDS_IMPROVEMENT)
        hint = GRADE_HINTS.get(grade, "")
        if grade and not code_list("qa_grade").is_selectable(grade):
            hint = "This grade is no longer used. It stays on this old audit unless you change it."
        self.grade_hint.setText(hint)
        self.grade_hint.setVisible(bool(hint))
        self._edited("grade")

    def _edited(self, field: str) -> None:
        self.errors.clear_field(field)
        self.title_changed.emit(self.tab_title())

    # -- loading ---------------------------------------------------------------------

    def _load(self) -> None:
        store, today = self._store, self._today()
        child_id, review_id, audit_id = self.child_id, self.review_id, self.audit_id

        def work() -> Loaded:
            found = load_audit(store, audit_id) if audit_id else \
                audit_for_review(store, review_id) if review_id else None
            entry = found or blank_audit(child_id, today, review_id)
            pending = None
            if entry.audit_id and entry.grade in (NEEDS_IMPROVEMENT, CHALLENGE_GRADE) \
                    and not entry.challenge_skipped_reason:
                try:
                    pending = evaluate(store, entry, today)
                except ValidationError:
                    pending = None
            return Loaded(child_heading(store, child_id), _review_text(store, entry.review_id),
                          entry, pending)

        self.save_button.setEnabled(False)
        self._run(work, self._loaded, self._load_failed)

    def _loaded(self, loaded: Loaded) -> None:
        self._busy = False
        self._heading = loaded.heading
        self.review_id = loaded.entry.review_id
        self.title.setText(f"QA audit: {loaded.heading}")
        self.subtitle.setText(loaded.review)
        self._show_entry(loaded.entry)
        self.save_button.setEnabled(True)
        if loaded.entry.challenge_skipped_reason:
            self.panel.show_done("No challenge raised",
                                 f"Reason recorded: {loaded.entry.challenge_skipped_reason}")
        elif loaded.pending and loaded.pending.result.challenge_required:
            self._pending = loaded.pending
            self.panel.show_required(loaded.pending)
        self.title_changed.emit(self.tab_title())

    def _load_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.title.setText("QA audit")
        self.message.show_error(problem_text(exc, "Opening the audit"))

    # -- saving ----------------------------------------------------------------------

    def save(self) -> None:
        if self._busy:
            return
        entry, store, today = self.entry(), self._store, self._today()
        self.errors.clear()
        self._set_busy(True)
        self._run(lambda: evaluate(store, entry, today), self._saved, self._save_failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.panel.setEnabled(not busy)

    def _saved(self, found: Challenged) -> None:
        self._set_busy(False)
        result = found.result
        self._baseline = replace(self.entry(), audit_id=result.audit_id, version=result.version)
        self.audit_id = result.audit_id
        self.message.show_ok("Audit saved.")
        if result.challenge_required:
            self._pending = found
            self.panel.show_required(found)
        elif not self._baseline.challenge_skipped_reason and not self.panel.isHidden() \
                and self._pending is not None:
            self._pending = None
            self.panel.hide()
        self.title_changed.emit(self.tab_title())
        self.saved.emit(result.audit_id)

    def _save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
        else:
            self.message.show_error(problem_text(exc, "Saving the audit"))

    # -- the challenge ---------------------------------------------------------------

    def _raise_requested(self) -> None:
        if self._pending is not None and self._pending.result.challenge is not None:
            entry: ChallengeInput = replace(self._pending.result.challenge)
            self.challenge_requested.emit(entry)

    def skip_challenge(self, reason: str) -> None:
        if self._busy or self.audit_id is None:
            return
        audit_id, store = self.audit_id, self._store
        self.panel.errors.clear()
        self._set_busy(True)
        self._run(lambda: skip_mandatory_challenge(store, audit_id, reason),
                  lambda _none: self._skipped(reason.strip()), self._skip_failed)

    def _skipped(self, reason: str) -> None:
        self._set_busy(False)
        self._pending = None
        self._baseline = replace(self._baseline, challenge_skipped_reason=reason)
        self.panel.show_done("No challenge raised", f"Reason recorded: {reason}")

    def _skip_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.panel.errors.show(exc.errors, "Not skipped")
        else:
            self.panel.errors.summary.show_error(problem_text(exc, "Recording the reason"))

    def challenge_raised(self, _challenge_id: str = "") -> None:
        """Called once the challenge this audit asked for has been raised."""
        self._pending = None
        self.panel.show_done("Challenge raised",
                             "The challenge this audit called for has been raised.")
