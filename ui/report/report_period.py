"""Choosing the report's period: two British-format dates and the periods services ask for.

The presets (financial years, quarters; `iro_desktop.domain.report_periods`) are worked
out from `today`, a callable, so tests and screenshots fix the date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from iro_desktop.domain.report_periods import PRESETS, Period

__all__ = ["PeriodPicker"]

DATE_FORMAT = "dd/MM/yyyy"
CUSTOM = "Dates chosen below"
BRITISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class DateField(QDateEdit):
    """A date typed as day/month/year ('/' moves to the next part); Tab leaves the field."""

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt's name
        return QWidget.focusNextPrevChild(self, forward)


class PeriodPicker(QWidget):
    """A preset list and the from/to dates; `changed` fires whenever the period changes."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._applying = False
        self.preset = QComboBox()
        self.preset.addItem(CUSTOM)
        for name, _ in PRESETS:
            self.preset.addItem(name)
        self.preset.setAccessibleName("Period")
        self.preset.setAccessibleDescription("Fills in the from and to dates")
        self.preset.setToolTip("Choose a period to fill in the dates, or type the dates below")
        self.date_from = self._date_edit("Period from", "The first day of the period")
        self.date_to = self._date_edit("Period to", "The last day of the period (included)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, widget in (
            ("Peri&od:", self.preset),
            ("Fro&m:", self.date_from),
            ("&To:", self.date_to),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
            layout.addSpacing(8)
        self.setTabOrder(self.preset, self.date_from)
        self.setTabOrder(self.date_from, self.date_to)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.date_from.dateChanged.connect(self._dates_edited)
        self.date_to.dateChanged.connect(self._dates_edited)
        self.preset.setCurrentIndex(1)

    def _date_edit(self, name: str, description: str) -> DateField:
        edit = DateField()
        edit.setLocale(BRITISH)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.calendarWidget().setLocale(BRITISH)
        edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        edit.setMinimumDate(QDate(1990, 1, 1))
        edit.setMaximumDate(QDate(2100, 12, 31))
        edit.setAccessibleName(name)
        edit.lineEdit().setAccessibleName(name)
        edit.setAccessibleDescription(f"{description}, as day/month/year")
        edit.setToolTip(f"{description}, as day/month/year")
        return edit

    def period(self) -> Period:
        return to_date(self.date_from.date()), to_date(self.date_to.date())

    def set_period(self, start: date, end: date) -> None:
        """Set both dates (the preset list shows 'Dates chosen below' unless they match one)."""
        self._applying = True
        try:
            self.date_from.setDate(to_qdate(start))
            self.date_to.setDate(to_qdate(end))
        finally:
            self._applying = False
        self._dates_edited()

    def problem(self) -> str:
        start, end = self.period()
        if end < start:
            return (
                f"The period ends ({long_date(end)}) before it starts ({long_date(start)}). "
                "Change one of the dates."
            )
        return ""

    def _preset_chosen(self, index: int) -> None:
        if index <= 0 or self._applying:
            return
        start, end = PRESETS[index - 1][1](self._today())
        self._applying = True
        try:
            self.date_from.setDate(to_qdate(start))
            self.date_to.setDate(to_qdate(end))
        finally:
            self._applying = False
        self.changed.emit()

    def _dates_edited(self) -> None:
        if self._applying:
            return
        current = self.period()
        today = self._today()
        matching = [i for i, (_, fn) in enumerate(PRESETS, start=1) if fn(today) == current]
        self._applying = True
        try:
            self.preset.setCurrentIndex(matching[0] if matching else 0)
        finally:
            self._applying = False
        self.changed.emit()
