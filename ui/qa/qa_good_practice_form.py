"""Recognising good practice: who, which team, what was good; then a note to copy to their manager.

The note (composed by the core) names the child by initials and ID only, so it can be pasted
into an email. An existing record (``good_practice_id``) opens read-only with its note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.validation import ValidationError
from iro_desktop.services.good_practice import (
    GoodPracticeInput,
    good_practice_message,
    good_practice_prefill,
    record_good_practice,
)
from iro_desktop.services.qa_lists import list_good_practice
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.form_fields import OptionalDateEdit
from ui.common.task_runner import Runner, run_now
from ui.common.widgets_common import InlineMessage, new_form
from ui.qa.qa_fields import (
    MESSAGE_STYLE,
    FieldErrors,
    add_checked_field,
    child_heading,
    heading,
    text_box,
)


@dataclass(frozen=True)
class Loaded:
    heading: str
    entry: GoodPracticeInput
    message: str  # '' for a new record


def _load(store: Store, child_id: str, review_id: str | None, good_practice_id: str | None,
          today: date) -> Loaded:
    name = child_heading(store, child_id)
    if good_practice_id is None:
        return Loaded(name, good_practice_prefill(store, child_id, today, review_id), "")
    row = next((r for r in list_good_practice(store, child_id=child_id)
                if r.good_practice_id == good_practice_id), None)
    if row is None:
        raise LookupError("That good practice record is no longer in this store.")
    entry = GoodPracticeInput(child_id=child_id, recorded_on=row.recorded_on,
                              social_worker=row.social_worker, team=row.team, note=row.note,
                              review_id=row.review_id, iro_id=row.iro_id)
    return Loaded(name, entry, good_practice_message(store, good_practice_id))


class GoodPracticeForm(QWidget):
    saved = Signal(str)
    title_changed = Signal(str)

    def __init__(self, store: Store, child_id: str, review_id: str | None = None,
                 good_practice_id: str | None = None, today: Callable[[], date] = date.today,
                 *, runner: Runner = run_now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._today, self._run = store, today, runner
        self.child_id, self.good_practice_id = child_id, good_practice_id
        self._baseline = GoodPracticeInput(child_id=child_id, review_id=review_id)
        self._busy = True
        self._heading = ""
        self._build()
        self._run(lambda: _load(store, child_id, review_id, good_practice_id, today()),
                  self._loaded, self._load_failed)

    def _build(self) -> None:
        self.setAccessibleName("Good practice")
        self.setStyleSheet(MESSAGE_STYLE)
        self.title = heading("Good practice", name="Good practice heading")
        self.message = InlineMessage()
        self.errors = FieldErrors(self.message)
        self.social_worker = QLineEdit()
        self.team = QLineEdit()
        self.recorded_on = OptionalDateEdit()
        self.note = text_box(5, "What the worker did well, and the difference it made")
        self.manager_name = QLineEdit()
        self.manager_name.setPlaceholderText("Team Manager")
        form = new_form()
        add_checked_field(form, self.errors, "social_worker", "Social &worker:", self.social_worker)
        add_checked_field(form, self.errors, "team", "&Team:", self.team)
        add_checked_field(form, self.errors, "recorded_on", "&Date:", self.recorded_on)
        add_checked_field(form, self.errors, "note", "&Good practice:", self.note)
        add_checked_field(form, self.errors, "manager_name", "&Manager's name (for the note):",
                          self.manager_name, description="Optional: the note begins "
                                                         "\"Dear Team Manager\" without it")
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save good practice")
        self.save_button.setToolTip("Save and show the note for the worker's manager (Ctrl+S)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        self.letter = QPlainTextEdit()
        self.letter.setReadOnly(True)
        self.letter.setTabChangesFocus(True)
        self.letter.setAccessibleName("Note for the worker's manager")
        self.letter.setMinimumHeight(self.letter.fontMetrics().lineSpacing() * 16)
        self.copy_button = QPushButton("&Copy to clipboard")
        self.copy_button.setAccessibleName("Copy the note to the clipboard")
        self.copied = InlineMessage()
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copied, 1)
        copy_row.addStretch(0)
        copy_row.addWidget(self.copy_button)
        self.letter_box = QGroupBox("Note for the worker's manager")
        self.letter_box.setAccessibleName("Note for the worker's manager")
        letter_layout = QVBoxLayout(self.letter_box)
        letter_layout.addWidget(self.letter)
        letter_layout.addLayout(copy_row)
        self.letter_box.hide()
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(10)
        column.addWidget(self.title)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.letter_box, 1)
        column.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.copy_button.clicked.connect(self.copy)
        self.manager_name.editingFinished.connect(self._readdress)
        for name, edit in (("social_worker", self.social_worker), ("team", self.team),
                           ("manager_name", self.manager_name)):
            edit.textEdited.connect(lambda *_, n=name: self._edited(n))
        self.note.textChanged.connect(lambda: self._edited("note"))
        self.recorded_on.dateChanged.connect(lambda *_: self._edited("recorded_on"))
        order = [self.social_worker, self.team, self.recorded_on, self.note, self.manager_name,
                 self.save_button, self.letter, self.copy_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def entry(self) -> GoodPracticeInput:
        return replace(self._baseline, social_worker=self.social_worker.text(),
                       team=self.team.text(), recorded_on=self.recorded_on.value(),
                       note=self.note.toPlainText())

    def has_unsaved_changes(self) -> bool:
        return not self._busy and self.good_practice_id is None and self.entry() != self._baseline

    def tab_title(self) -> str:
        return f"Good practice: {self._heading}" if self._heading else "Good practice"

    def _edited(self, field: str) -> None:
        self.errors.clear_field(field)
        self.title_changed.emit(self.tab_title())

    def _loaded(self, loaded: Loaded) -> None:
        self._busy = False
        self._heading = loaded.heading
        self.title.setText(f"Good practice: {loaded.heading}")
        self._baseline = replace(loaded.entry)
        for widget in (self.social_worker, self.team, self.note, self.recorded_on):
            widget.blockSignals(True)
        self.social_worker.setText(loaded.entry.social_worker)
        self.team.setText(loaded.entry.team)
        self.recorded_on.set_value(loaded.entry.recorded_on)
        self.note.setPlainText(loaded.entry.note)
        for widget in (self.social_worker, self.team, self.note, self.recorded_on):
            widget.blockSignals(False)
        if loaded.message:
            self._show_letter(loaded.message)
        self.title_changed.emit(self.tab_title())

    def _load_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(False)
        self.message.show_error(problem_text(exc, "Opening the good practice record"))

    def save(self) -> None:
        if self._busy or self.good_practice_id is not None:
            return
        entry, store, today = self.entry(), self._store, self._today()
        manager = self.manager_name.text()

        def work() -> tuple[str, str]:
            saved_id = record_good_practice(store, entry, today=today)
            return saved_id, good_practice_message(store, saved_id, manager_name=manager)

        self.errors.clear()
        self._busy = True
        self.save_button.setEnabled(False)
        self._run(work, self._saved, self._save_failed)

    def _saved(self, result: tuple[str, str]) -> None:
        self._busy = False
        self.good_practice_id, text = result
        self._baseline = self.entry()
        self.message.show_ok("Good practice recorded.")
        self._show_letter(text)
        self.letter.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit(self.good_practice_id)

    def _save_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
        else:
            self.message.show_error(problem_text(exc, "Saving the good practice"))

    def _show_letter(self, text: str) -> None:
        """A saved record is not edited here: show its note, with the fields read-only."""
        self.letter.setPlainText(text)
        self.letter_box.show()
        for edit in (self.social_worker, self.team):
            edit.setReadOnly(True)
        self.note.setReadOnly(True)
        self.recorded_on.setReadOnly(True)
        self.save_button.hide()

    def _readdress(self) -> None:
        """Address a saved record's note to the manager named (nothing is stored)."""
        if self._busy or self.good_practice_id is None:
            return
        store, saved_id, manager = self._store, self.good_practice_id, self.manager_name.text()
        self._run(lambda: good_practice_message(store, saved_id, manager_name=manager),
                  self.letter.setPlainText,
                  lambda exc: self.copied.show_error(problem_text(exc, "Updating the note")))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.letter.toPlainText())
        self.copied.show_ok("Copied: paste it into an email to the worker's manager.")
