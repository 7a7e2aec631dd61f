"""The sections of the review editor, in the order an IRO works through a review.

Each section loads its part of a `ReviewForm`, writes it back with `fill`, and shows the
core's validation messages by the field they are about.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.review_form import PlanAreaEntry, ReviewForm
from iro_desktop.domain.review_rules import PLAN_AREA_ORDER
from iro_desktop.domain.timetable import format_date
from ui.common.form_fields import CodeCombo, OptionalDateEdit
from ui.review.review_fields import (
    ChoiceCombo,
    FieldMessage,
    ParticipationCombo,
    Section,
    long_text,
)
from ui.review.review_tables import (
    AttendanceTable,
    CarriedTable,
    DecisionsTable,
    code_combo,
    combo_code,
)
from ui.review.review_tables import set_combo_code as select_code

_DECISION = re.compile(r"^decisions\[(\d+)\]$")


class SittingsField(QWidget):
    """Further sittings of the same review: a short list of dates."""

    def __init__(self, section: Section) -> None:
        super().__init__()
        self._section = section
        self.list = QListWidget()
        self.list.setAccessibleName("Further sittings")
        self.list.setMaximumHeight(46)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.new_date = OptionalDateEdit()
        self.new_date.setAccessibleName("Date of a further sitting")
        self.add = QPushButton("Add sitting")
        self.add.setAccessibleName("Add a further sitting")
        self.remove = QPushButton("Remove sitting")
        self.remove.setAccessibleName("Remove the selected sitting")
        self.add.clicked.connect(self._add)
        self.remove.clicked.connect(self._remove)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row.addWidget(self.new_date)
        row.addWidget(self.add)
        row.addWidget(self.list, 1)
        row.addWidget(self.remove)

    def dates(self) -> list[date]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def set_dates(self, dates: list[date]) -> None:
        self.list.clear()
        for when in sorted(dates):
            item = QListWidgetItem(format_date(when))
            item.setData(Qt.ItemDataRole.UserRole, when)
            self.list.addItem(item)

    def _add(self) -> None:
        when = self.new_date.value()
        if when is not None and when not in self.dates():
            self.set_dates([*self.dates(), when])
            self.new_date.set_value(None)
            self._section.changed.emit()

    def _remove(self) -> None:
        row = self.list.currentRow() if self.list.currentRow() >= 0 else self.list.count() - 1
        if row >= 0:
            self.list.takeItem(row)
            self._section.changed.emit()


class MeetingSection(Section):
    def __init__(self) -> None:
        super().__init__("Meeting")
        self.held = QCheckBox("The review meeting has been held")
        self.meeting_date = OptionalDateEdit()
        self.sittings = SittingsField(self)
        self.venue = QLineEdit()
        self.venue.setPlaceholderText("For example: foster carers' home, school, Teams")
        self.meeting_format = code_combo("review_format", "Format")
        self.brought_forward = QCheckBox("Brought forward (held early because of a change)")
        self.late_reason = QLineEdit()
        self.late_reason.setPlaceholderText("Why the review was held after its due date")
        self.add_row("held", "Held:", self.held)
        self.add_row("meeting_date", "&Date of the review:", self.meeting_date,
                     "The date the review meeting was held (or is planned)")
        self.add_row("further_sittings", "Further sittings:", self.sittings,
                     "Later meetings of the same review, if it was held over several sittings")
        self.add_row("venue", "&Venue:", self.venue)
        self.add_row("meeting_format", "&Format:", self.meeting_format)
        self.add_row("brought_forward", "Brought forward:", self.brought_forward)
        self.late_row = self.add_row("late_reason", "Reason it is &late:", self.late_reason,
                                     "Needed for the annual report when a review is late")
        self.form.setRowVisible(self.late_row, False)
        self.watch(self.held.toggled, self.meeting_date.dateChanged, self.venue.textChanged,
                   self.meeting_format.currentIndexChanged, self.brought_forward.toggled,
                   self.late_reason.textChanged)

    def load(self, form: ReviewForm) -> None:
        self.held.setChecked(form.held)
        self.meeting_date.set_value(form.meeting_date)
        self.sittings.set_dates(form.further_sittings)
        self.venue.setText(form.venue)
        select_code(self.meeting_format, form.meeting_format)
        self.brought_forward.setChecked(form.brought_forward)
        self.late_reason.setText(form.late_reason)

    def fill(self, form: ReviewForm) -> None:
        form.held = self.held.isChecked()
        form.meeting_date = self.meeting_date.value()
        form.further_sittings = self.sittings.dates()
        form.venue = self.venue.text()
        form.meeting_format = combo_code(self.meeting_format) or "in_person"
        form.brought_forward = self.brought_forward.isChecked()
        form.late_reason = self.late_reason.text()

    def show_late_reason(self, late: bool) -> None:
        self.form.setRowVisible(self.late_row, late or bool(self.late_reason.text()))


class AttendanceSection(Section):
    def __init__(self) -> None:
        super().__init__("Attendance")
        self.people = AttendanceTable()
        self.care_plan = ChoiceCombo()
        self.pmr = ChoiceCombo()
        self.body.insertWidget(0, self.people)
        self.body.insertWidget(1, self.add_message("attendance", "People at the review",
                                                   self.people.table))
        self.add_row("care_plan_3_days", "&Care plan received 3 working days before:",
                     self.care_plan)
        self.add_row("pmr_3_days", "&Pre-meeting report received 3 working days before:",
                     self.pmr)
        self.watch(self.people.changed, self.care_plan.currentIndexChanged,
                   self.pmr.currentIndexChanged)

    def load(self, form: ReviewForm) -> None:
        self.people.set_entries(form.attendance)
        self.care_plan.set_value(form.care_plan_3_days)
        self.pmr.set_value(form.pmr_3_days)

    def fill(self, form: ReviewForm) -> None:
        form.attendance = self.people.entries()
        form.care_plan_3_days = self.care_plan.value()
        form.pmr_3_days = self.pmr.value()


class ParticipationSection(Section):
    def __init__(self) -> None:
        super().__init__("Participation")
        self.code = ParticipationCombo()
        self.age_note = QLabel()
        self.age_note.setWordWrap(True)
        self.age_note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.age_note.hide()
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName("Suggested participation code")
        self.suggestion.setStyleSheet("color: palette(link);")
        self.suggestion.hide()
        self.method = CodeCombo("consultation_method", show_code=False, blank="Not recorded")
        self.add_row("participation_code", "Participation &code (PN):", self.code,
                     "How the child took part in the review (SSDA903 REVIEW_CODE)")
        self.form.addRow("", self.age_note)
        self.form.addRow("", self.suggestion)
        self.add_row("consultation_method", "How the child was c&onsulted:", self.method)
        self.watch(self.code.currentIndexChanged, self.method.currentIndexChanged)

    def load(self, form: ReviewForm) -> None:
        self.code.set_code(form.participation_code)
        self.method.set_code(form.consultation_method)

    def fill(self, form: ReviewForm) -> None:
        form.participation_code = self.code.code() or None
        form.consultation_method = self.method.code() or None

    def show_suggestion(self, text: str) -> None:
        """A hint from the child's consultation (never a code set for the IRO)."""
        self.suggestion.setText(text)
        self.suggestion.setAccessibleDescription(text)
        self.suggestion.setVisible(bool(text))

    def limit_to(self, choices: list[str], read_only: bool) -> None:
        """Offer the codes for the child's age; under 4, PN0 is set and cannot be changed."""
        self.code.set_choices(choices)
        only_pn0 = choices == ["PN0"]
        self.code.setEnabled(not only_pn0 and not read_only)
        self.age_note.setText("The child is under 4 on the review date, so the code is PN0."
                              if only_pn0 else "")
        self.age_note.setVisible(only_pn0)


class TextSection(Section):
    """A long text in the words of the person it is about; undo and redo work as usual."""

    def __init__(self, title: str, field: str, label: str, placeholder: str,
                 height: int) -> None:
        super().__init__(title)
        self.field = field
        self.edit = long_text(placeholder, height)
        if height < 200:
            self.edit.setMaximumHeight(int(height * 1.3))
        self.count = QLabel()
        self.count.setAccessibleName(f"{title}: length")
        self.body.insertWidget(0, self.edit, 1)
        self.body.insertWidget(1, self.add_message(field, title, self.edit))
        self.body.insertWidget(2, self.count, 0, Qt.AlignmentFlag.AlignRight)
        self.edit.setAccessibleName(label)
        self.edit.setObjectName(field)
        self.watch(self.edit.textChanged)
        self.edit.textChanged.connect(self._count)
        self._count()

    def _count(self) -> None:
        characters = max(self.edit.document().characterCount() - 1, 0)
        self.count.setText(f"{characters:,} characters")

    def load(self, form: ReviewForm) -> None:
        self.edit.setPlainText(getattr(form, self.field))
        self._count()

    def fill(self, form: ReviewForm) -> None:
        setattr(form, self.field, self.edit.toPlainText())


class PlanSection(Section):
    """The care plan area by area: whether it is progressing as required, and notes."""

    def __init__(self) -> None:
        super().__init__("Plan by area")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setColumnStretch(2, 1)
        self.body.insertLayout(0, self.grid)
        self.rows: dict[str, tuple[QLabel, CodeCombo, QPlainTextEdit, FieldMessage]] = {}
        labels = code_list("plan_area")
        for index, area in enumerate(PLAN_AREA_ORDER):
            label = QLabel(labels.label(area))
            label.setMinimumWidth(190)
            progress = CodeCombo("plan_progress", show_code=False, blank="Not recorded")
            progress.setMinimumContentsLength(16)
            progress.setAccessibleName(f"{labels.label(area)}: progress")
            notes = long_text(f"{labels.label(area)}: what is happening, what needs to happen",
                              58)
            notes.setMaximumHeight(64)
            notes.setAccessibleName(f"{labels.label(area)}: notes")
            label.setBuddy(progress)
            message = self.add_message(f"plan.{area}", labels.label(area), notes)
            self.grid.addWidget(label, 2 * index, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(progress, 2 * index, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(notes, 2 * index, 2)
            self.grid.addWidget(message, 2 * index + 1, 2)
            self.rows[area] = (label, progress, notes, message)
            self.watch(progress.currentIndexChanged, notes.textChanged)
        self._shown = set(PLAN_AREA_ORDER)
        self._ids: dict[str, str] = {}

    def load(self, form: ReviewForm) -> None:
        entries = {p.area: p for p in form.plan_areas}
        self._ids = {p.area: p.id for p in form.plan_areas}
        for area, (_label, progress, notes, _message) in self.rows.items():
            entry = entries.get(area, PlanAreaEntry(area))
            progress.set_code(entry.progress)
            notes.setPlainText(entry.notes)

    def fill(self, form: ReviewForm) -> None:
        form.plan_areas = []
        for area, (_label, progress, notes, _message) in self.rows.items():
            text = notes.toPlainText()
            if area in self._shown or progress.code() or text.strip():
                form.plan_areas.append(PlanAreaEntry(area, progress.code() or None, text,
                                                     self._ids.get(area, "")))

    def adopt_ids(self, saved: ReviewForm) -> None:
        self._ids = {p.area: p.id for p in saved.plan_areas}

    def show_areas(self, areas: set[str], permanence_required: bool) -> None:
        """Hide the areas that do not apply (transition before 16) unless they hold notes."""
        labels = code_list("plan_area")
        self._shown = set(areas)
        for area, (label, progress, notes, message) in self.rows.items():
            keep = area in areas or bool(notes.toPlainText().strip() or progress.code())
            for widget in (label, progress, notes):
                widget.setVisible(keep)
            if not keep:
                message.hide()
        text = labels.label("permanence")
        self.rows["permanence"][0].setText(
            f"{text} (required from the second review)" if permanence_required else text)


class DecisionsSection(Section):
    def __init__(self) -> None:
        super().__init__("Decisions")
        self.decisions = DecisionsTable()
        self.carried = CarriedTable()
        self.carried_title = QLabel("<b>Decisions of the last review</b>")
        self.no_carried = QLabel("No decisions were carried forward from a previous review.")
        self.body.insertWidget(0, self.decisions)
        self.body.insertWidget(1, self.add_message("decisions", "Decisions",
                                                   self.decisions.table))
        self.body.insertWidget(2, self.carried_title)
        self.body.insertWidget(3, self.carried)
        self.body.insertWidget(4, self.no_carried)
        self.watch(self.decisions.changed, self.carried.changed)

    def load(self, form: ReviewForm) -> None:
        self.decisions.set_entries(form.decisions)
        self.carried.set_entries(form.carried_forward)
        self.carried.setVisible(bool(form.carried_forward))
        self.no_carried.setVisible(not form.carried_forward)

    def fill(self, form: ReviewForm) -> None:
        form.decisions = self.decisions.entries()
        form.carried_forward = self.carried.entries()

    def show_errors(self, by_field: dict[str, list[str]]) -> set[str]:
        rows: set[int] = set()
        texts: list[str] = []
        shown: set[str] = set()
        for field, messages in by_field.items():
            match = _DECISION.match(field)
            if match:
                rows.add(int(match.group(1)))
                texts.extend(messages)
                shown.add(field)
        self.messages["decisions"].show_messages(texts)
        self.decisions.mark_rows(rows)
        return shown


class NextReviewSection(Section):
    def __init__(self) -> None:
        super().__init__("Next review")
        self.next_date = OptionalDateEdit()
        self.latest = QLabel()
        self.latest.setWordWrap(True)
        self.latest.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.time = QLineEdit()
        self.time.setPlaceholderText("For example 10:30")
        self.time.setMaximumWidth(160)
        self.venue = QLineEdit()
        self.add_row("next_review_date", "Date of the &next review:", self.next_date)
        self.form.addRow("", self.latest)
        self.add_row("next_review_time", "&Time:", self.time)
        self.add_row("next_review_venue", "Venue of the next &review:", self.venue)
        self.watch(self.next_date.dateChanged, self.time.textChanged, self.venue.textChanged)

    def load(self, form: ReviewForm) -> None:
        self.next_date.set_value(form.next_review_date)
        self.time.setText(form.next_review_time)
        self.venue.setText(form.next_review_venue)

    def fill(self, form: ReviewForm) -> None:
        form.next_review_date = self.next_date.value()
        form.next_review_time = self.time.text()
        form.next_review_venue = self.venue.text()

    def show_latest(self, latest: date | None, months: int) -> None:
        self.latest.setText(
            f"Statutory latest date: {format_date(latest)} ({months} months after this "
            "review). An earlier date may be set." if latest else
            "Enter the date of this review to work out when the next one is due.")
        self.next_date.setAccessibleDescription(self.latest.text())
