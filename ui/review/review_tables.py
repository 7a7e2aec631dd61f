"""The review editor's tables: who came, the decisions made, and the last review's decisions.

Each is a short table (a handful of rows) sized to its rows so the page scrolls as one;
choices are combo boxes in the cells so every value is visible at a glance and in a grab.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.domain.review_form import (
    AttendanceEntry,
    CarriedDecision,
    DecisionEntry,
    DecisionStatus,
    is_blank,
)
from iro_desktop.domain.timetable import format_date
from ui.common.form_fields import OptionalDateEdit
from ui.common.tones import tone

ROW_HEIGHT = 34
#: Where a row keeps the id of the stored row it shows, so a save updates that row in place.
ROW_ID = Qt.ItemDataRole.UserRole + 1


def code_combo(list_name: str, accessible: str, *, exclude: Iterable[str] = ()) -> QComboBox:
    """A combo of a code list's active labels, each item's data being its code."""
    combo = QComboBox()
    skip = set(exclude)
    for code in code_list(list_name).active():
        if code.code not in skip:
            combo.addItem(code.label, code.code)
    combo.setAccessibleName(accessible)
    return combo


def set_combo_code(combo: QComboBox, code: str | None) -> None:
    """Select a code; one no longer offered still shows, so an old record reads as written."""
    index = combo.findData(code) if code else -1
    if index < 0 and code:
        combo.addItem(f"{code} (no longer used)", code)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))


def combo_code(combo: QComboBox) -> str:
    value = combo.currentData()
    return value if isinstance(value, str) else ""


class RowTable(QWidget):
    """A table with Add and Remove buttons; subclasses say what a row holds."""

    changed = Signal()

    def __init__(self, headers: list[str], noun: str, accessible: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = noun
        self.headers = headers
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setAccessibleName(accessible)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.itemChanged.connect(lambda *_: self.changed.emit())
        self.add_button = QPushButton(f"&Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.remove_button = QPushButton(f"Remove {noun}")
        self.remove_button.setAccessibleName(f"Remove the selected {noun}")
        self.add_button.clicked.connect(self.add_new_row)
        self.remove_button.clicked.connect(self.remove_current_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._read_only = False
        self._fit_height()

    def stretch(self, column: int, widths: dict[int, int] | None = None) -> None:
        """One column takes the spare width; the others keep a width that fits their combos."""
        header = self.table.horizontalHeader()
        for index in range(self.table.columnCount()):
            if index == column:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
            elif widths and index in widths:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(index, widths[index])
            else:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)

    def rows(self) -> int:
        return self.table.rowCount()

    def text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_text(self, row: int, column: int, text: str, *, editable: bool = True) -> None:
        item = QTableWidgetItem(text)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, column, item)

    def set_row_id(self, row: int, row_id: str) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            item.setData(ROW_ID, row_id)

    def row_id(self, row: int) -> str:
        item = self.table.item(row, 0)
        value = item.data(ROW_ID) if item is not None else None
        return value if isinstance(value, str) else ""

    def entry_at(self, row: int) -> Any:
        raise NotImplementedError

    def adopt_ids(self, saved: Sequence[Any]) -> None:
        """After a save: each stored row's id onto its line, in order (blank lines are not
        stored), so the next save updates those rows rather than adding new ones."""
        ids = iter([entry.id for entry in saved])
        for row in range(self.rows()):
            if not is_blank(self.entry_at(row)):
                self.set_row_id(row, next(ids, ""))

    def set_cell_widget(self, row: int, column: int, widget: QWidget) -> None:
        widget.setEnabled(not self._read_only)
        self.table.setCellWidget(row, column, widget)

    def add_new_row(self) -> None:
        """Add an empty row and start typing its first cell."""
        row = self.append_row()
        self.changed.emit()
        self.table.setCurrentCell(row, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def append_row(self, entry: Any = None) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.fill_row(row, entry)
        self.table.blockSignals(False)
        self._renumber()
        self._fit_height()
        return row

    def fill_row(self, row: int, entry: Any = None) -> None:
        raise NotImplementedError

    def set_entries(self, entries: Sequence[Any]) -> None:
        self.clear_rows()
        for entry in entries:
            self.append_row(entry)

    def remove_current_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row < 0:
            return
        self.table.removeRow(row)
        self._renumber()
        self._fit_height()
        self.changed.emit()

    def clear_rows(self) -> None:
        self.table.setRowCount(0)
        self._fit_height()

    def _renumber(self) -> None:
        for row in range(self.table.rowCount()):
            for column, header in enumerate(self.headers):
                widget = self.table.cellWidget(row, column)
                if widget is not None:
                    widget.setAccessibleName(f"{header}, {self.noun} {row + 1}")

    def _fit_height(self) -> None:
        header = self.table.horizontalHeader().sizeHint().height()
        body = sum(self.table.rowHeight(r) for r in range(self.table.rowCount())) or ROW_HEIGHT
        self.table.setFixedHeight(header + body + 2 * self.table.frameWidth() + 2)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        trigger = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(
            trigger.NoEditTriggers if read_only else
            trigger.DoubleClicked | trigger.EditKeyPressed | trigger.AnyKeyPressed
            | trigger.SelectedClicked)
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, column)
                if widget is not None:
                    widget.setEnabled(not read_only)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)

    def mark_rows(self, rows: set[int]) -> None:
        """Tint the rows that have a problem; the message itself is shown under the table."""
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            brush = QBrush(tone("error").qcolor("background")) if row in rows else QBrush()
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setBackground(brush)
        self.table.blockSignals(False)


class AttendanceTable(RowTable):
    """Each person at or contributing to the review: name, role and how they took part."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(["Name", "Role", "Took part by"], "person", "People at the review",
                         parent)
        self.stretch(0, {1: 230, 2: 210})

    def fill_row(self, row: int, entry: AttendanceEntry | None = None) -> None:
        entry = entry or AttendanceEntry()
        self.set_text(row, 0, entry.name)
        self.set_row_id(row, entry.id)
        role = code_combo("attendance_role", f"Role, person {row + 1}")
        set_combo_code(role, entry.role)
        status = code_combo("attendance_status", f"Took part by, person {row + 1}")
        set_combo_code(status, entry.status)
        for column, combo in ((1, role), (2, status)):
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
            self.set_cell_widget(row, column, combo)

    def entry_at(self, row: int) -> AttendanceEntry:
        role = combo_code(self.table.cellWidget(row, 1))  # type: ignore[arg-type]
        status = combo_code(self.table.cellWidget(row, 2))  # type: ignore[arg-type]
        return AttendanceEntry(self.text(row, 0), role or "other", status or "attended",
                               self.row_id(row))

    def entries(self) -> list[AttendanceEntry]:
        return [e for e in map(self.entry_at, range(self.rows())) if not is_blank(e)]


class DecisionsTable(RowTable):
    """The actions agreed at this review, each with who is responsible and by when."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(["Decision", "Who is responsible", "Target date"], "decision",
                         "Decisions of this review", parent)
        self.stretch(0, {1: 260, 2: 150})

    def fill_row(self, row: int, entry: DecisionEntry | None = None) -> None:
        entry = entry or DecisionEntry()
        self.set_text(row, 0, entry.text)
        self.set_row_id(row, entry.id)
        self.set_text(row, 1, entry.owner)
        when = OptionalDateEdit()
        when.set_value(entry.target_date)
        when.dateChanged.connect(lambda *_: self.changed.emit())
        self.set_cell_widget(row, 2, when)

    def entry_at(self, row: int) -> DecisionEntry:
        when = self.table.cellWidget(row, 2)
        target = when.value() if isinstance(when, OptionalDateEdit) else None
        return DecisionEntry(self.text(row, 0), self.text(row, 1), target, self.row_id(row))

    def entries(self) -> list[DecisionEntry]:
        return [self.entry_at(row) for row in range(self.rows())]


class CarriedTable(RowTable):
    """The last review's decisions: what became of each, with a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(["Decision", "Responsible", "Target date", "Status", "Note"],
                         "carried decision", "Decisions of the last review", parent)
        self.stretch(0, {1: 120, 2: 125, 3: 125, 4: 140})
        self.add_button.hide()
        self.remove_button.hide()
        self._entries: list[CarriedDecision] = []

    def fill_row(self, row: int, entry: CarriedDecision | None = None) -> None:
        entry = entry or CarriedDecision()
        self.set_text(row, 0, entry.text, editable=False)
        self.set_text(row, 1, entry.owner, editable=False)
        self.set_text(row, 2, format_date(entry.target_date) if entry.target_date else "",
                      editable=False)
        status = code_combo("decision_status", f"Status, carried decision {row + 1}",
                            exclude=("open",))
        open_ = entry.status == DecisionStatus.OPEN
        set_combo_code(status, DecisionStatus.OUTSTANDING if open_ else entry.status)
        status.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.set_cell_widget(row, 3, status)
        self.set_text(row, 4, entry.note)

    def set_entries(self, entries: Sequence[Any]) -> None:
        self._entries = list(entries)
        super().set_entries(entries)

    def entries(self) -> list[CarriedDecision]:
        found = []
        for row, original in enumerate(self._entries[: self.rows()]):
            status = combo_code(self.table.cellWidget(row, 3))  # type: ignore[arg-type]
            found.append(CarriedDecision(original.decision_id, original.text, original.owner,
                                         original.target_date, status or original.status,
                                         self.text(row, 4)))
        return found

