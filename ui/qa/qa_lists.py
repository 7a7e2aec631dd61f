"""The QA lists: audits, challenges and good practice, each filtered by the services in SQL.

Each tab is a table over a small model (sorted by a proxy) with its own filters; a change
of filter asks the store again after a short pause, on the runner's thread. Enter or a
double-click on a row asks the owner to open it (`open_requested`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QTabWidget, QVBoxLayout, QWidget

from iro_desktop.domain.codes import code_list
from iro_desktop.services.qa_lists import (
    AuditRow,
    ChallengeRow,
    list_audits,
    list_challenges,
    list_good_practice,
    open_challenges_past_target,
)
from iro_desktop.store import Store
from ui.common.error_message import problem_text
from ui.common.task_runner import Runner, run_now
from ui.qa.qa_fields import MESSAGE_STYLE, CodeFilterCombo, short_date
from ui.qa.qa_list_page import Column, ListPage, QaRowsModel

AUDIT, CHALLENGE, GOOD_PRACTICE = "audit", "challenge", "good_practice"
FILTER_DELAY_MS = 250

__all__ = ["AUDIT", "CHALLENGE", "GOOD_PRACTICE", "ListPage", "QaListsView", "QaRowsModel"]


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
    Column("Audit date", lambda r: short_date(r.audit_date), 100, lambda r: _iso(r.audit_date)),
    Column("Child", lambda r: r.child_name, 150), Column("ID", lambda r: r.local_id, 82),
    Column("Team", lambda r: r.team, 170), Column("Grade", lambda r: r.grade_label, 150),
    Column("Viewpoint", lambda r: code_list("viewpoint").label(r.viewpoint), 200,
           stretch=True),
    Column("Challenge", _audit_challenge, 150),
)
CHALLENGE_COLUMNS = (
    Column("Raised", lambda r: short_date(r.raised_on), 90, lambda r: _iso(r.raised_on)),
    Column("Child", lambda r: r.child_name, 130), Column("ID", lambda r: r.local_id, 80),
    Column("Team", lambda r: r.team, 155),
    Column("Categories", _categories, 215, stretch=True, tip=lambda r: "\n".join(
        code_list("challenge_category").label(c) for c in r.categories)),
    Column("Stage", _stage, 165), Column("Outcome", lambda r: r.outcome_label, 180),
    Column("Closed", lambda r: short_date(r.closed_on), 90, lambda r: _iso(r.closed_on)),
)
GOOD_PRACTICE_COLUMNS = (
    Column("Date", lambda r: short_date(r.recorded_on), 110, lambda r: _iso(r.recorded_on)),
    Column("Child", lambda r: r.child_name, 180), Column("ID", lambda r: r.local_id, 90),
    Column("Social worker", lambda r: r.social_worker, 170), Column("Team", lambda r: r.team, 190),
    Column("Good practice", lambda r: r.note.splitlines()[0] if r.note else "", 300,
           tip=lambda r: r.note),
)


class QaListsView(QWidget):
    """The three QA lists; ``child_id`` keeps them to one child (for a child's record)."""

    open_requested = Signal(str, str, str)  # kind (audit, challenge, good_practice), id, child_id

    def __init__(self, store: Store, *, child_id: str | None = None, runner: Runner = run_now,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._run, self.child_id, self._today = store, runner, child_id, today
        self.setAccessibleName("QA lists")
        self.setStyleSheet(MESSAGE_STYLE)
        self.grade = CodeFilterCombo("qa_grade", "Any grade")
        self.stage = CodeFilterCombo("challenge_stage", "Any stage")
        self.category = CodeFilterCombo("challenge_category", "Any category")
        self.category.setMinimumContentsLength(16)  # fits a 1366×768 laptop at 125 %
        self.outcome = CodeFilterCombo("challenge_outcome", "Any outcome")
        self.open_only = QCheckBox("&Open only")
        self.open_only.setToolTip("Only challenges not yet closed")
        self.past_target = QCheckBox("Past tar&get only")
        self.past_target.setToolTip("Only open challenges past a stage's response target or "
                                    "the overall target (as flagged in the alerts panel)")
        self.audits = ListPage(("audit", "audits"), AUDIT_COLUMNS, lambda r: r.audit_id,
                               [("&Grade:", self.grade)])
        self.challenges = ListPage(
            ("challenge", "challenges"), CHALLENGE_COLUMNS, lambda r: r.challenge_id,
            [("T&eam:", None), ("", self.open_only), ("&Stage reached:", self.stage),
             ("&Category:", self.category), ("O&utcome:", self.outcome),
             ("", self.past_target)])
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
            late_only, today = self.past_target.isChecked(), self._today()

            def challenges() -> list[ChallengeRow]:
                rows = list_challenges(store, start, end, stage=stage, category=category,
                                       outcome=outcome, open_only=open_only, team=team,
                                       child_id=child_id)
                if not late_only:
                    return rows
                late = {r.challenge_id for r in open_challenges_past_target(
                    store, today, child_ids=[child_id] if child_id else None)}
                return [row for row in rows if row.challenge_id in late]

            return challenges
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
            self.pages()[kind].message.show_error(problem_text(exc, "Loading the list"))

    def rows(self, kind: str) -> list[Any]:
        """The rows shown, in the table's order (for tests and for export)."""
        page = self.pages()[kind]
        return [page.model.row(page.proxy.mapToSource(page.proxy.index(i, 0)).row())
                for i in range(page.proxy.rowCount())]
