"""A raised challenge: its stages with their targets, and what may be done next.

Escalate, record a response, close, or cancel a closure: each runs one service call and
reloads the challenge, so the screen always shows what the store holds. Refusals from the
core's life-cycle rules appear in the box of the action that was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.timetable import format_date
from iro_desktop.domain.validation import FieldError, ValidationError
from iro_desktop.services.challenges import (
    ChallengeDetail,
    StageRow,
    cancel_closure,
    challenge_detail,
    close_challenge,
    escalate,
    record_response,
)
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.form_fields import CodeCombo, OptionalDateEdit
from ui.common.record_tables import RowsModel, make_table
from ui.common.task_runner import Runner
from ui.common.widgets_common import InlineMessage
from ui.qa.qa_fields import (
    FieldErrors,
    add_checked_field,
    heading,
    new_box_form,
    short_date,
)

STAGE_HEADERS = ("Stage", "Started", "Response due", "Responded", "Note")


def stage_cells(row: StageRow, missed: set[str], is_open: bool) -> tuple[str, ...]:
    """One stage as table text; a missed target says so in words, not only in colour."""
    due = short_date(row.target_on)
    if row.stage in missed and is_open:
        due = f"⚠ {due} – missed"
    responded = short_date(row.responded_on) if row.responded_on else "Waiting"
    return row.label, short_date(row.started_on), due, responded, row.note


def status_text(detail: ChallengeDetail) -> str:
    if not detail.is_open:
        outcome = code_list("challenge_outcome").label(detail.outcome)
        when = format_date(detail.closed_on) if detail.closed_on else "an unknown date"
        return f"Closed on {when}: {outcome}"
    escalation = [s for s in detail.stages if s.stage != "cafcass"]
    text = f"Open – at {escalation[-1].label}" if escalation else "Open – not escalated yet"
    if any(s.stage == "cafcass" for s in detail.stages):
        text += "; referred to Cafcass"
    return text


def _stage_combo() -> QComboBox:
    """Fills its column: stage names are long, and a clipped "Stage 2 ·" says nothing."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


class ChallengeDetailView(QWidget):
    changed = Signal()  # the store was changed from this view
    loaded = Signal(str)  # the child's name and ID, for the tab title

    def __init__(self, store: Store, today: Callable[[], date], runner: Runner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today, self._run = store, today, runner
        self.challenge_id: str | None = None
        self.current: ChallengeDetail | None = None
        self._busy = False
        self.setAccessibleName("Challenge details")
        self._build()

    # -- building --------------------------------------------------------------------

    def _build(self) -> None:
        self.title = heading("Challenge", name="Challenge heading")
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setAccessibleName("Raised and addressed to")
        self.status = heading("", 1.1, "Challenge status")
        self.missed = InlineMessage()
        self.done = InlineMessage()
        self.categories = QLabel()
        self.categories.setWordWrap(True)
        self.categories.setAccessibleName("Categories")
        self.categories.setTextFormat(Qt.TextFormat.PlainText)
        self.categories.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.concern = QPlainTextEdit()
        self.concern.setReadOnly(True)
        self.concern.setTabChangesFocus(True)
        self.concern.setAccessibleName("Concern")
        self.stages_model = RowsModel(STAGE_HEADERS, self)
        self.stages = make_table(self.stages_model, "Stages, with response targets",
                                 (260, 120, 210, 120))
        self.stages.setMinimumHeight(150)
        self.stages.setMaximumHeight(210)
        self.concern.setMaximumHeight(self.concern.fontMetrics().lineSpacing() * 6 + 14)
        left = QVBoxLayout()
        left.addWidget(self._caption("Categories", self.categories))
        left.addWidget(self.categories)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._caption("Concern", self.concern))
        right.addWidget(self.concern)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        actions = QHBoxLayout()
        actions.setSpacing(12)
        actions.addWidget(self._escalate_box(), 1)
        actions.addWidget(self._response_box(), 1)
        actions.addWidget(self._close_box(), 1)
        actions.addWidget(self._reopen_box(), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        for widget in (self.title, self.meta, self.status, self.missed, self.done):
            layout.addWidget(widget)
        layout.addLayout(columns)
        layout.addWidget(self._caption("Stages", self.stages))
        layout.addWidget(self.stages)
        layout.addSpacing(6)
        layout.addLayout(actions)
        layout.addStretch(1)

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        label.setBuddy(buddy)
        return label

    def _box(self, title: str, button: QPushButton) -> tuple[QGroupBox, QFormLayout, FieldErrors]:
        box = QGroupBox(title)
        box.setAccessibleName(title)
        form = new_box_form()
        message = InlineMessage()
        column = QVBoxLayout(box)
        column.addLayout(form)
        column.addWidget(message)
        column.addStretch(1)
        column.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)
        button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        return box, form, FieldErrors(message)

    def _escalate_box(self) -> QGroupBox:
        self.escalate_stage = _stage_combo()
        self.escalate_date = OptionalDateEdit()
        self.escalate_button = QPushButton("&Escalate")
        box, form, self.escalate_errors = self._box("Escalate to…", self.escalate_button)
        add_checked_field(form, self.escalate_errors, "stage", "Next s&tage:",
                          self.escalate_stage, description="Stages may be skipped; a Cafcass "
                                                           "referral can be made at any point")
        add_checked_field(form, self.escalate_errors, "started_on", "Sta&rted on:",
                          self.escalate_date)
        self.escalate_button.clicked.connect(self.escalate)
        self.escalate_group = box
        return box

    def _response_box(self) -> QGroupBox:
        self.response_stage = _stage_combo()
        self.response_date = OptionalDateEdit()
        self.response_note = QLineEdit()
        self.response_note.setPlaceholderText("What the response said")
        self.response_button = QPushButton("Record res&ponse")
        box, form, self.response_errors = self._box("Record response", self.response_button)
        add_checked_field(form, self.response_errors, "stage", "Stage &answered:",
                          self.response_stage)
        add_checked_field(form, self.response_errors, "responded_on", "Response &date:",
                          self.response_date)
        add_checked_field(form, self.response_errors, "note", "&Note:", self.response_note)
        self.response_button.clicked.connect(self.record_response)
        self.response_group = box
        return box

    def _close_box(self) -> QGroupBox:
        self.outcome = CodeCombo("challenge_outcome", show_code=False, blank="Choose…")
        self.outcome.setMinimumContentsLength(16)
        self.closed_on = OptionalDateEdit()
        self.close_button = QPushButton("&Close challenge")
        box, form, self.close_errors = self._box("Close", self.close_button)
        add_checked_field(form, self.close_errors, "outcome", "&Outcome:", self.outcome)
        add_checked_field(form, self.close_errors, "closed_on", "Date c&losed:", self.closed_on)
        self.close_button.clicked.connect(self.close_challenge)
        self.close_group = box
        return box

    def _reopen_box(self) -> QGroupBox:
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setPlaceholderText("Why the closure was a mistake")
        self.reopen_button = QPushButton("Cancel clos&ure")
        box, form, self.reopen_errors = self._box("Cancel closure", self.reopen_button)
        add_checked_field(form, self.reopen_errors, "reason", "Rea&son:", self.reopen_reason,
                          description="Kept in the audit trail with the old outcome")
        self.reopen_button.clicked.connect(self.cancel_closure)
        self.reopen_group = box
        return box

    # -- loading and showing ---------------------------------------------------------

    def load(self, challenge_id: str, done_text: str = "") -> None:
        self.challenge_id = challenge_id
        store, today = self._store, self._today()
        self._set_busy(True)
        self._run(lambda: challenge_detail(store, challenge_id, today),
                  lambda detail: self._show(detail, done_text), self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.done.show_error(problem_text(exc, "Opening the challenge"))

    def _show(self, detail: ChallengeDetail, done_text: str = "") -> None:
        self.current = detail
        today = self._today()
        heading_text = f"{detail.child_name} ({detail.local_id})"
        self.title.setText(f"Challenge: {heading_text}")
        meta = [f"Raised {format_date(detail.raised_on)}",
                f"addressed to {detail.addressed_to}" if detail.addressed_to
                else "no one named yet"]
        if detail.mandatory:
            meta.append("mandatory (two Needs Improvement audits in a row)")
        elif detail.audit_id:
            meta.append("raised from an audit")
        self.meta.setText("; ".join(meta) + ".")
        self.status.setText(status_text(detail))
        if detail.missed and detail.is_open:
            self.missed.show_message("Past target: " + "; ".join(
                m.description for m in detail.missed) + ".", "warning")
        else:
            self.missed.clear_message()
        if done_text:
            self.done.show_ok(done_text)
        labels = code_list("challenge_category")
        self.categories.setText("\n".join(f"• {labels.label(c)}" for c in detail.categories))
        self.concern.setPlainText(detail.concern)
        missed = {m.stage for m in detail.missed if m.stage}
        self.stages_model.set_rows([stage_cells(s, missed, detail.is_open)
                                    for s in detail.stages])
        stages = code_list("challenge_stage")
        self.escalate_stage.clear()
        for code in detail.next_stages:
            self.escalate_stage.addItem(stages.label(code), code)
        self.response_stage.clear()
        waiting = None
        for row in detail.stages:
            self.response_stage.addItem(f"{row.label} (started {format_date(row.started_on)})",
                                        row.position)
            if row.responded_on is None:
                waiting = self.response_stage.count() - 1
        self.response_stage.setCurrentIndex(waiting if waiting is not None
                                            else self.response_stage.count() - 1)
        for field in (self.escalate_date, self.response_date, self.closed_on):
            field.set_value(today)
        self.response_note.clear()
        self.reopen_reason.clear()
        if detail.is_open:
            self.outcome.set_code("")
        self._set_busy(False)
        self.loaded.emit(heading_text)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        detail = self.current
        is_open = detail is not None and detail.is_open
        self.escalate_group.setEnabled(not busy and is_open and bool(detail and detail.next_stages))
        self.response_group.setEnabled(not busy and is_open and bool(detail and detail.stages))
        self.close_group.setEnabled(not busy and is_open)
        self.close_button.setEnabled(not busy and is_open)
        self.reopen_group.setVisible(detail is not None and not is_open)
        self.reopen_group.setEnabled(not busy)
        self.close_group.setToolTip("" if is_open else
                                    "Closed: cancel the closure before changing it.")

    # -- actions ---------------------------------------------------------------------

    def _act(self, errors: FieldErrors, work: Callable[[], object], done_text: str,
             missing: list[FieldError] | None = None) -> None:
        if self._busy or self.challenge_id is None:
            return
        errors.clear()
        self.done.clear_message()
        if missing:
            errors.show(missing, "Not done")
            return
        store, challenge_id, today = self._store, self.challenge_id, self._today()

        def task() -> ChallengeDetail:
            work()
            return challenge_detail(store, challenge_id, today)

        self._set_busy(True)
        self._run(task, lambda detail: self._acted(detail, done_text),
                  lambda exc: self._act_failed(errors, exc))

    def _acted(self, detail: ChallengeDetail, done_text: str) -> None:
        self._show(detail, done_text)
        self.changed.emit()

    def _act_failed(self, errors: FieldErrors, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            errors.show(exc.errors, "Not done")
        else:
            errors.summary.show_error(problem_text(exc, "Changing the challenge"))

    def escalate(self) -> None:
        stage, started = self.escalate_stage.currentData(), self.escalate_date.value()
        missing = [] if isinstance(stage, str) else [FieldError("stage", "Choose the stage.")]
        if started is None:
            missing.append(FieldError("started_on", "Enter the date the stage started."))
        label = self.escalate_stage.currentText()
        store, challenge_id, today = self._store, self.challenge_id or "", self._today()

        def work() -> None:
            assert isinstance(stage, str) and started is not None
            escalate(store, challenge_id, stage, started, today=today)

        self._act(self.escalate_errors, work, f"Escalated: {label}.", missing)

    def record_response(self) -> None:
        position, answered = self.response_stage.currentData(), self.response_date.value()
        missing = [] if isinstance(position, int) else [
            FieldError("stage", "Choose the stage that was answered.")]
        if answered is None:
            missing.append(FieldError("responded_on", "Enter the date of the response."))
        note, store, today = self.response_note.text(), self._store, self._today()
        challenge_id = self.challenge_id or ""

        def work() -> None:
            assert isinstance(position, int) and answered is not None
            record_response(store, challenge_id, position, answered, note, today=today)

        self._act(self.response_errors, work, "Response recorded.", missing)

    def close_challenge(self) -> None:
        outcome, closed = self.outcome.code() or None, self.closed_on.value()
        store, challenge_id, today = self._store, self.challenge_id or "", self._today()
        self._act(self.close_errors,
                  lambda: close_challenge(store, challenge_id, outcome, closed, today=today),
                  "Challenge closed.")

    def cancel_closure(self) -> None:
        reason, store, challenge_id = self.reopen_reason.text(), self._store, self.challenge_id
        self._act(self.reopen_errors, lambda: cancel_closure(store, challenge_id or "", reason),
                  "Closure cancelled: the challenge is open again.")
