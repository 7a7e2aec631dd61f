"""The QA lists: audits, challenges and good practice, each filtered by the services in SQL.

Each tab is a table over a small model (sorted by a proxy) with its own filters; a change
of filter asks the store again after a short pause, on the runner's thread. Enter or a
double-click on a row asks the owner to open it (`open_requested`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_desktop.domain.codes import code_list
from iro_desktop.services.qa_lists import (
    AuditRow,
    ChallengeRow,
    list_audits,
    list_challenges,
    list_good_practice,
)
from iro_desktop.store import Store

from .child_form import OptionalDateEdit
from .qa_fields import MESSAGE_STYLE, CodeFilterCombo, failure_text, short_date
from .task_runner import Runner, run_now
from .widgets_common import InlineMessage, plain

AUDIT, CHALLENGE, GOOD_PRACTICE = "audit", "challenge", "good_practice"
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_DELAY_MS = 250
Index = QModelIndex | QPersistentModelIndex

__all__ = ["AUDIT", "CHALLENGE", "GOOD_PRACTICE", "ListPage", "QaListsView", "QaRowsModel"]


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    width: int = 120
    key: Callable[[Any], Any] | None = None  # sort key when the text does not sort right
    tip: Callable[[Any], str] | None = None


class QaRowsModel(QAbstractTableModel):
    """Frozen rows from the services, shown through ``columns``."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Any:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column, row = self.columns[index.column()], self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tip or column.text)(row)
        if role == SORT_ROLE:
            return column.key(row) if column.key else column.text(row).lower()
        return None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _categories(row: ChallengeRow) -> str:
    labels = code_list("challenge_category")
    first = labels.label(row.categories[0]) if row.categories else ""
    return f"[{len(row.categories)}] {first}" if len(row.categories) > 1 else first


def _stage(row: ChallengeRow) -> str:
    text = row.current_stage_label or "Not escalated"
    return f"{text}; Cafcass" if row.cafcass_referred else text


def _audit_challenge(row: AuditRow) -> str:
    if row.challenge_raised:
        return "Raised"
    return f"Skipped: {row.challenge_skipped_reason}" if row.challenge_skipped_reason else ""


AUDIT_COLUMNS = (
    Column("Audit date", lambda r: short_date(r.audit_date), 110, lambda r: _iso(r.audit_date)),
    Column("Child", lambda r: r.child_name, 180), Column("ID", lambda r: r.local_id, 90),
    Column("Team", lambda r: r.team, 190), Column("Grade", lambda r: r.grade_label, 160),
    Column("Viewpoint", lambda r: code_list("viewpoint").label(r.viewpoint), 230),
    Column("Challenge", _audit_challenge, 160),
)
CHALLENGE_COLUMNS = (
    Column("Raised", lambda r: short_date(r.raised_on), 95, lambda r: _iso(r.raised_on)),
    Column("Child", lambda r: r.child_name, 150), Column("ID", lambda r: r.local_id, 80),
    Column("Team", lambda r: r.team, 160),
    Column("Categories", _categories, 215, tip=lambda r: "\n".join(
        code_list("challenge_category").label(c) for c in r.categories)),
    Column("Stage", _stage, 175), Column("Outcome", lambda r: r.outcome_label, 185),
    Column("Closed", lambda r: short_date(r.closed_on), 100, lambda r: _iso(r.closed_on)),
)
GOOD_PRACTICE_COLUMNS = (
    Column("Date", lambda r: short_date(r.recorded_on), 110, lambda r: _iso(r.recorded_on)),
    Column("Child", lambda r: r.child_name, 180), Column("ID", lambda r: r.local_id, 90),
    Column("Social worker", lambda r: r.social_worker, 170), Column("Team", lambda r: r.team, 190),
    Column("Good practice", lambda r: r.note.splitlines()[0] if r.note else "", 300,
           tip=lambda r: r.note),
)


class ListPage(QWidget):
    """One list: its filters above, the table, and how many rows match."""

    filters_changed = Signal()
    open_requested = Signal(str, str)  # id, child_id

    def __init__(self, noun: tuple[str, str], columns: Sequence[Column],
                 id_of: Callable[[Any], str], extra: Sequence[tuple[str, QWidget | None]],
                 parent: QWidget | None = None) -> None:
        """``extra`` filters go after the dates; the team goes where ``extra`` has None,
        or last."""
        super().__init__(parent)
        self.noun, self._id_of = noun, id_of
        self.date_from, self.date_to = OptionalDateEdit(), OptionalDateEdit()
        self.team = QComboBox()
        self.team.addItem("All teams", "")
        self.team.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.team.setMinimumContentsLength(20)
        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setAccessibleName(f"Clear the {noun[1]} filters")
        self._extra = [widget for _text, widget in extra if widget is not None]
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        pairs: list[tuple[str, QWidget]] = [("&From:", self.date_from), ("&To:", self.date_to)]
        pairs += [(text, widget or self.team) for text, widget in extra]
        if all(widget is not None for _text, widget in extra):
            pairs.append(("T&eam:", self.team))
        for position, (text, widget) in enumerate(pairs):
            row, column = divmod(position, 4)
            label = QLabel(text)
            label.setBuddy(widget)
            if isinstance(widget, QCheckBox):
                label.setText("")
                widget.setAccessibleName(plain(widget.text()))
            else:
                widget.setAccessibleName(f"{noun[1].capitalize()}: {plain(text).lower()}")
            grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, row, column * 2 + 1)
        grid.setColumnStretch(8, 1)
        self.date_from.setToolTip("Only those on or after this date")
        self.date_to.setToolTip("Only those on or before this date")
        self.model = QaRowsModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(f"{noun[1].capitalize()}")
        self.table.setAccessibleDescription(f"Press Enter to open the selected {noun[0]}.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for index, column_spec in enumerate(columns):
            self.table.setColumnWidth(index, column_spec.width)
        self.count = QLabel()
        self.count.setAccessibleName(f"Number of {noun[1]}")
        self.message = InlineMessage()
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.teams: set[str] = set()
        self._connect()

    def _connect(self) -> None:
        for date_edit in (self.date_from, self.date_to):
            date_edit.dateChanged.connect(lambda *_: self.filters_changed.emit())
        self.team.currentIndexChanged.connect(lambda *_: self.filters_changed.emit())
        for widget in self._extra:
            signal = widget.toggled if isinstance(widget, QCheckBox) \
                else widget.currentIndexChanged  # type: ignore[attr-defined]
            signal.connect(lambda *_: self.filters_changed.emit())
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.activated.connect(self._activated)

    def team_filter(self) -> str | None:
        team = self.team.currentData()
        return team if isinstance(team, str) and team else None

    def clear_filters(self) -> None:
        for widget in (self.date_from, self.date_to, self.team, *self._extra):
            widget.blockSignals(True)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.team.setCurrentIndex(0)
        for widget in self._extra:
            if isinstance(widget, QCheckBox):
                widget.setChecked(False)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
        for widget in (self.date_from, self.date_to, self.team, *self._extra):
            widget.blockSignals(False)
        self.filters_changed.emit()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.message.clear_message()
        self.model.set_rows(rows)
        self._add_teams({row.team for row in rows if row.team})
        count = len(rows)
        one, many = self.noun
        start, end = self.date_from.value(), self.date_to.value()
        if start and end and start > end:
            self.count.setText("The From date is after the To date: nothing can match.")
        elif count:
            self.count.setText(f"{count} {one if count == 1 else many}")
        else:
            self.count.setText(f"No {many} match these filters.")

    def _add_teams(self, teams: set[str]) -> None:
        new = teams - self.teams
        if not new:
            return
        self.teams |= new
        current = self.team.currentData()
        self.team.blockSignals(True)
        while self.team.count() > 1:
            self.team.removeItem(1)
        for team in sorted(self.teams, key=str.lower):
            self.team.addItem(team, team)
        self.team.setCurrentIndex(max(self.team.findData(current), 0))
        self.team.blockSignals(False)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row(self.proxy.mapToSource(index).row())
        self.open_requested.emit(self._id_of(row), row.child_id)


class QaListsView(QWidget):
    """The three QA lists; ``child_id`` keeps them to one child (for a child's record)."""

    open_requested = Signal(str, str, str)  # kind (audit, challenge, good_practice), id, child_id

    def __init__(self, store: Store, *, child_id: str | None = None, runner: Runner = run_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._run, self.child_id = store, runner, child_id
        self.setAccessibleName("QA lists")
        self.setStyleSheet(MESSAGE_STYLE)
        self.grade = CodeFilterCombo("qa_grade", "Any grade")
        self.stage = CodeFilterCombo("challenge_stage", "Any stage")
        self.category = CodeFilterCombo("challenge_category", "Any category")
        self.category.setMinimumContentsLength(22)
        self.outcome = CodeFilterCombo("challenge_outcome", "Any outcome")
        self.open_only = QCheckBox("&Open only")
        self.open_only.setToolTip("Only challenges not yet closed")
        self.audits = ListPage(("audit", "audits"), AUDIT_COLUMNS, lambda r: r.audit_id,
                               [("&Grade:", self.grade)])
        self.challenges = ListPage(
            ("challenge", "challenges"), CHALLENGE_COLUMNS, lambda r: r.challenge_id,
            [("T&eam:", None), ("", self.open_only), ("&Stage reached:", self.stage),
             ("&Category:", self.category), ("O&utcome:", self.outcome)])
        self.good_practice = ListPage(("good practice record", "good practice records"),
                                      GOOD_PRACTICE_COLUMNS, lambda r: r.good_practice_id, [])
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("QA lists")
        self.tabs.tabBar().setAccessibleName("Choose a list")
        self.tabs.addTab(self.audits, "&Audits")
        self.tabs.addTab(self.challenges, "C&hallenges")
        self.tabs.addTab(self.good_practice, "Good &practice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._generation: dict[str, int] = {}
        self._timers: dict[str, QTimer] = {}
        for kind, page in self.pages().items():
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(FILTER_DELAY_MS)
            timer.timeout.connect(lambda k=kind: self.refresh(k))
            self._timers[kind] = timer
            page.filters_changed.connect(timer.start)
            page.open_requested.connect(
                lambda item_id, child, k=kind: self.open_requested.emit(k, item_id, child))
        self.refresh()

    def pages(self) -> dict[str, ListPage]:
        return {AUDIT: self.audits, CHALLENGE: self.challenges,
                GOOD_PRACTICE: self.good_practice}

    def _query(self, kind: str) -> Callable[[], list[Any]]:
        store, child_id = self._store, self.child_id
        page = self.pages()[kind]
        start, end, team = page.date_from.value(), page.date_to.value(), page.team_filter()
        if kind == AUDIT:
            grade = self.grade.code()
            return lambda: list_audits(store, start, end, grade, team=team, child_id=child_id)
        if kind == CHALLENGE:
            stage, category = self.stage.code(), self.category.code()
            outcome, open_only = self.outcome.code(), self.open_only.isChecked()
            return lambda: list_challenges(store, start, end, stage=stage, category=category,
                                           outcome=outcome, open_only=open_only, team=team,
                                           child_id=child_id)
        return lambda: list_good_practice(store, start, end, team=team, child_id=child_id)

    def refresh(self, kind: str | None = None) -> None:
        """Ask the store again for one list (``kind``) or all three."""
        for each in (kind,) if kind else tuple(self.pages()):
            self._timers[each].stop()
            generation = self._generation.get(each, 0) + 1
            self._generation[each] = generation
            self._run(self._query(each), self._on_loaded(each, generation),
                      self._on_failed(each, generation))

    def _on_loaded(self, kind: str, generation: int) -> Callable[[list[Any]], None]:
        return lambda rows: self._loaded(kind, generation, rows)

    def _on_failed(self, kind: str, generation: int) -> Callable[[BaseException], None]:
        return lambda exc: self._failed(kind, generation, exc)

    def apply_pending(self) -> None:
        """Query now for every list whose filters changed and is waiting for the pause."""
        for kind, timer in self._timers.items():
            if timer.isActive():
                self.refresh(kind)

    def _loaded(self, kind: str, generation: int, rows: list[Any]) -> None:
        if generation == self._generation[kind]:
            self.pages()[kind].set_rows(rows)

    def _failed(self, kind: str, generation: int, exc: BaseException) -> None:
        if generation == self._generation[kind]:
            self.pages()[kind].message.show_error(failure_text(exc, "Loading the list"))

    def rows(self, kind: str) -> list[Any]:
        """The rows shown, in the table's order (for tests and for export)."""
        page = self.pages()[kind]
        return [page.model.row(page.proxy.mapToSource(page.proxy.index(i, 0)).row())
                for i in range(page.proxy.rowCount())]
