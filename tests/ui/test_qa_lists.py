"""The QA lists: each filter narrows its list, and a row opens through the QA screens."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from iro_desktop.domain.qa_rules import AreaEntry
from iro_desktop.services.audits import AuditInput, save_audit
from iro_desktop.services.challenges import (
    ChallengeInput,
    close_challenge,
    escalate,
    raise_challenge,
)
from iro_desktop.services.good_practice import GoodPracticeInput, record_good_practice
from iro_desktop.store import Store
from tests.ui.qa_fixtures import TODAY, choose, make_child, today_fn, unnamed_focusable
from ui.qa.qa_audit_form import AuditForm
from ui.qa.qa_challenge_form import ChallengeForm
from ui.qa.qa_lists import AUDIT, CHALLENGE, GOOD_PRACTICE, QaListsView
from ui.qa.qa_screens import QaScreens

TEAM_1, TEAM_2 = "Children in Care Team 1", "Children in Care Team 2"


@pytest.fixture
def data(store: Store) -> dict[str, str]:
    ava = make_child(store, "LA200001", "Ava", "Lindqvist", TEAM_1, "Priya Sandhu")
    ben = make_child(store, "LA200002", "Ben", "Achterberg", TEAM_2, "Marcus Obi")
    areas = [AreaEntry("education", "not_met", "PEP out of date.")]
    for child, on, grade in ((ava, date(2026, 3, 2), "good"),
                             (ava, date(2026, 9, 1), "needs_improvement"),
                             (ben, date(2026, 6, 10), "outstanding")):
        actions = "Update the PEP." if grade == "needs_improvement" else ""
        save_audit(store, AuditInput(child_id=child, audit_date=on, grade=grade, areas=areas,
                                     viewpoint="completed", manager_actions=actions), TODAY)
    closed = raise_challenge(store, ChallengeInput(
        child_id=ava, raised_on=date(2026, 9, 5), concern="Plan drift; PEP missing.",
        categories=["care_plan.drift_delay", "education.pep_not_completed"],
        first_stage="stage1", addressed_to="Jo Bennett"), TODAY)
    escalate(store, closed, "stage2", date(2026, 9, 15), today=TODAY)
    close_challenge(store, closed, "resolved_nfa", date(2026, 10, 1), today=TODAY)
    raise_challenge(store, ChallengeInput(
        child_id=ben, raised_on=date(2026, 11, 10), concern="No health action plan.",
        categories=["health.no_action_plan"], first_stage="informal"), TODAY)
    for child, on, worker, team in ((ava, date(2026, 5, 5), "Priya Sandhu", TEAM_1),
                                    (ben, date(2026, 10, 10), "Marcus Obi", TEAM_2)):
        record_good_practice(store, GoodPracticeInput(
            child_id=child, recorded_on=on, social_worker=worker, team=team,
            note="Thorough, child-centred preparation for the review."), today=TODAY)
    return {"ava": ava, "ben": ben, "closed": closed}


@pytest.fixture
def view(qtbot: Any, store: Store, data: dict[str, str]) -> QaListsView:
    shown = QaListsView(store)
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    shown.show()
    return shown


def count(view: QaListsView, kind: str) -> int:
    return len(view.rows(kind))


def wait_for(qtbot: Any, view: QaListsView, kind: str, expected: int) -> None:
    """The query runs after a short pause; ``apply_pending`` ends the pause at once."""
    view.apply_pending()
    assert count(view, kind) == expected


def test_audit_filters_narrow_the_list(qtbot: Any, view: QaListsView) -> None:
    assert count(view, AUDIT) == 3
    assert [r.audit_date for r in view.rows(AUDIT)][0] == date(2026, 9, 1), "newest first"
    choose(view.grade, "good")
    qtbot.waitUntil(lambda: count(view, AUDIT) == 1, timeout=3000)  # after the pause
    assert view.rows(AUDIT)[0].grade == "good"
    assert view.grade.findData("adequate") > 0, "old grades can still be found"
    qtbot.mouseClick(view.audits.clear_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, view, AUDIT, 3)
    choose(view.audits.team, TEAM_2)
    wait_for(qtbot, view, AUDIT, 1)
    assert view.rows(AUDIT)[0].child_name == "Ben Achterberg"
    view.audits.team.setCurrentIndex(0)
    view.audits.date_from.set_value(date(2026, 6, 1))
    wait_for(qtbot, view, AUDIT, 2)
    view.audits.date_to.set_value(date(2026, 8, 1))
    wait_for(qtbot, view, AUDIT, 1)
    assert view.audits.count.text() == "1 audit"


def test_challenge_filters_narrow_the_list(qtbot: Any, view: QaListsView) -> None:
    page = view.challenges
    assert count(view, CHALLENGE) == 2
    choose(view.stage, "stage2")
    wait_for(qtbot, view, CHALLENGE, 1)
    assert view.rows(CHALLENGE)[0].current_stage == "stage2"
    view.stage.setCurrentIndex(0)
    wait_for(qtbot, view, CHALLENGE, 2)
    choose(view.category, "health.no_action_plan")
    wait_for(qtbot, view, CHALLENGE, 1)
    assert view.rows(CHALLENGE)[0].child_name == "Ben Achterberg"
    view.category.setCurrentIndex(0)
    wait_for(qtbot, view, CHALLENGE, 2)
    choose(view.outcome, "resolved_nfa")
    wait_for(qtbot, view, CHALLENGE, 1)
    assert view.rows(CHALLENGE)[0].outcome == "resolved_nfa"
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, view, CHALLENGE, 2)
    view.open_only.setChecked(True)
    wait_for(qtbot, view, CHALLENGE, 1)
    assert view.rows(CHALLENGE)[0].is_open
    choose(page.team, TEAM_1)
    wait_for(qtbot, view, CHALLENGE, 0)
    assert page.count.text() == "No challenges match these filters."
    categories = page.model.data(page.model.index(0, 4)) if page.model.rowCount() else ""
    assert categories == ""


def test_good_practice_filters_narrow_the_list(qtbot: Any, view: QaListsView) -> None:
    page = view.good_practice
    assert count(view, GOOD_PRACTICE) == 2
    choose(page.team, TEAM_1)
    wait_for(qtbot, view, GOOD_PRACTICE, 1)
    assert view.rows(GOOD_PRACTICE)[0].social_worker == "Priya Sandhu"
    page.team.setCurrentIndex(0)
    page.date_from.set_value(date(2026, 9, 1))
    wait_for(qtbot, view, GOOD_PRACTICE, 1)
    assert view.rows(GOOD_PRACTICE)[0].team == TEAM_2


def test_a_list_for_one_child(qtbot: Any, store: Store, data: dict[str, str]) -> None:
    view = QaListsView(store, child_id=data["ben"])
    qtbot.addWidget(view)
    assert (count(view, AUDIT), count(view, CHALLENGE), count(view, GOOD_PRACTICE)) == (1, 1, 1)


def test_enter_opens_the_row(qtbot: Any, view: QaListsView, data: dict[str, str]) -> None:
    view.tabs.setCurrentWidget(view.challenges)
    table = view.challenges.table
    table.setFocus()
    closed_row = next(i for i, r in enumerate(view.rows(CHALLENGE))
                      if r.challenge_id == data["closed"])
    table.setCurrentIndex(view.challenges.proxy.index(closed_row, 0))
    with qtbot.waitSignal(view.open_requested, timeout=2000) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [CHALLENGE, data["closed"], data["ava"]]
    assert str(view.challenges.proxy.index(closed_row, 4).data()).startswith("[2] ")


def test_the_qa_screens_open_rows_as_tabs(qtbot: Any, store: Store, data: dict[str, str]) -> None:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    screens = QaScreens(tabs, store, today_fn())
    lists = screens.open_lists()
    assert screens.open_lists() is lists and tabs.count() == 1
    audit = lists.rows(AUDIT)[0]
    lists.open_requested.emit(AUDIT, audit.audit_id, audit.child_id)
    form = tabs.currentWidget()
    assert isinstance(form, AuditForm) and form.audit_id == audit.audit_id
    assert tabs.tabText(tabs.currentIndex()) == "Audit: Ava Lindqvist (LA200001)"
    challenge = screens.open_challenge(data["closed"])
    assert isinstance(challenge, ChallengeForm) and screens.open_challenge(data["closed"]) \
        is challenge
    assert tabs.count() == 3
    assert screens.close_tab(tabs.indexOf(challenge)) and tabs.count() == 2
    form.comments["health"].setText("Changed")
    form.comments["health"].textEdited.emit("Changed")
    assert form.has_unsaved_changes() and tabs.tabText(tabs.indexOf(form)).endswith("*")
    assert screens.close_tab(tabs.indexOf(form)), "the patched question answers Yes"


def test_every_focusable_control_has_an_accessible_name(qtbot: Any, view: QaListsView) -> None:
    for page in view.pages().values():
        view.tabs.setCurrentWidget(page)
        assert unnamed_focusable(view) == []
