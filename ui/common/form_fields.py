"""Form fields every feature uses: a British date that may be empty, a code-list choice
that still shows a retired code, and the colour of a field's error."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QDateEdit, QSizePolicy, QWidget

from iro_desktop.domain.codes import code_list

BRITISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A British date field with a calendar that can also be empty ("Not entered")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(BRITISH)
        self.setDisplayFormat("d MMM yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText("Not entered")
        self.setDate(NO_DATE)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("30 Sept 2026") + 56)
        self.calendarWidget().setLocale(BRITISH)
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        """Name the text box inside too, so a screen reader never meets an unnamed field."""
        super().setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)

    def value(self) -> date | None:
        current = self.date()
        if current == NO_DATE:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(NO_DATE if value is None else QDate(value.year, value.month, value.day))


class CodeCombo(QComboBox):
    """Offers the ACTIVE codes of a list; a retired current value shows but cannot be chosen."""

    def __init__(self, list_name: str, *, show_code: bool = True, blank: str = "Choose…",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes = code_list(list_name)
        self._show_code = show_code
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.view().setMinimumWidth(460)
        self.addItem(blank, "")
        for code in self._codes.active():
            self.addItem(self._text(code.code, code.label), code.code)
            self.setItemData(self.count() - 1, code.label, Qt.ItemDataRole.ToolTipRole)
        self._active_count = self.count()
        self.currentIndexChanged.connect(self._update_tooltip)

    def _text(self, code: str, label: str) -> str:
        return f"{code} – {label}" if self._show_code else label

    def code(self) -> str:
        value = self.currentData()
        return value if isinstance(value, str) else ""

    def set_code(self, value: str | None) -> None:
        while self.count() > self._active_count:
            self.removeItem(self.count() - 1)
        value = value or ""
        index = self.findData(value)
        if index < 0:
            known = value in self._codes
            label = self._codes.label(value) if known else "unknown code"
            self.addItem(self._text(value, f"{label} (no longer used)" if known else label),
                         value)
            model = self.model()
            if isinstance(model, QStandardItemModel):
                item = model.item(self.count() - 1)
                item.setEnabled(False)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        self.setToolTip(self.currentText() if self.currentIndex() > 0 else "")
