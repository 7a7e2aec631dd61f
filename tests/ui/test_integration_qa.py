"""The alerts panel and the QA screens agree about challenges past target; QA opens from a child."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from iro_desktop.services.alerts import AlertKind
from iro_desktop.services.challenges import ChallengeInput, raise_challenge
from iro_desktop.store import Store
from ui.qa.qa_audit_form import AuditForm
from ui.qa.qa_challenge_form import ChallengeForm
from ui.qa.qa_good_practice_form import GoodPracticeForm
from ui.qa.qa_lists import CHALLENGE, QaListsView

from .fixtures_main import TODAY
from .integration_fixtures import (
    app_store,  # noqa: F401 - a fixture
    open_app,
    open_child_from_caseload,
)


def _raise(store: Store, child_id: str, raised: date) -> str:
    return raise_challenge(store, ChallengeInput(
        child_id=child_id, raised_on=raised, categories=["health.no_action_plan"],
        concern="No health action plan since the last review.", addressed_to="Team manager",
        first_stage="stage1"), TODAY)


def test_a_challenge_past_target_is_in_the_alerts_and_the_qa_list(
        qtbot: Any, app_store: Store) -> None:  # noqa: F811
    window, _lock = open_app(qtbot, app_store, offer_drafts=False)
    rows = {row.local_id: row.child_id for row in window.caseload.model.rows}
    late = _raise(app_store, rows["LA104"], date(2026, 11, 2))  # stage 1 due 9 November
    _raise(app_store, rows["LA102"], date(2026, 11, 24))  # due 1 December: in time
    window.refresh()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=10_000)

    flagged = [a for a in window.alerts_panel.model.alerts
               if a.kind is AlertKind.CHALLENGE_OVERDUE]
    assert [a.child_id for a in flagged] == [rows["LA104"]]
    assert "Isla Green" in flagged[0].text and "9 November 2026" in flagged[0].text

    qtbot.keyClick(window, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    lists = window.tabs.currentWidget()
    assert isinstance(lists, QaListsView)
    qtbot.waitUntil(lambda: len(lists.rows(CHALLENGE)) == 2, timeout=10_000)
    lists.past_target.setChecked(True)
    lists.apply_pending()
    qtbot.waitUntil(lambda: [r.challenge_id for r in lists.rows(CHALLENGE)] == [late],
                    timeout=10_000)
    assert [r.child_id for r in lists.rows(CHALLENGE)] == [a.child_id for a in flagged]


def test_qa_opens_from_the_childs_record(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    window, _lock = open_app(qtbot, app_store, offer_drafts=False)
    record = open_child_from_caseload(qtbot, window, "LA104")  # two reviews held
    assert record.overview.latest_held_review is not None

    qtbot.mouseClick(record.action_buttons.audit, Qt.MouseButton.LeftButton)
    audit = window.tabs.currentWidget()
    assert isinstance(audit, AuditForm) and audit.review_id == record.overview.latest_held_review
    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.audit, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is audit  # the same audit is brought forward

    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.challenge, Qt.MouseButton.LeftButton)
    assert isinstance(window.tabs.currentWidget(), ChallengeForm)
    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.good_practice, Qt.MouseButton.LeftButton)
    assert isinstance(window.tabs.currentWidget(), GoodPracticeForm)
    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.qa, Qt.MouseButton.LeftButton)
    child_lists = window.tabs.currentWidget()
    assert isinstance(child_lists, QaListsView) and child_lists.child_id == record.child_id
    assert window.tabs.tabText(window.tabs.currentIndex()) == "QA – Isla Green"


def test_monitoring_note_appears_in_the_timeline(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    window, _lock = open_app(qtbot, app_store, offer_drafts=False)
    record = open_child_from_caseload(qtbot, window, "LA103")
    qtbot.keyClick(window, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = record.note_panel
    assert panel.isVisible() and panel.noted_on.value() == TODAY
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Write what you found" in panel.message.text(),  # the core's words
                    timeout=10_000)

    qtbot.keyClicks(panel.note, "Dental check done; PEP meeting still not booked.")
    assert record.has_unsaved_changes()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=10_000)
    model = record.timeline_model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.index(0, 1).data()
                    == "Midway review / monitoring note", timeout=10_000)
    assert "PEP meeting still not booked" in model.index(0, 2).data()
    assert record.sections.currentWidget() is record.timeline_table
    assert not record.has_unsaved_changes()


def test_enter_on_a_timeline_review_opens_its_editor(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    from ui.review.review_editor import ReviewEditor

    from .integration_fixtures import stop_editors

    window, _lock = open_app(qtbot, app_store, offer_drafts=False)
    record = open_child_from_caseload(qtbot, window, "LA104")
    record.sections.setCurrentWidget(record.timeline_table)
    table = record.timeline_table
    row = next(r for r in range(record.timeline_model.rowCount())
               if record.timeline_model.index(r, 1).data() == "Review")
    table.setFocus()
    table.setCurrentIndex(record.timeline_model.index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = window.tabs.currentWidget()
    assert isinstance(editor, ReviewEditor)
    assert window.tabs.tabText(window.tabs.currentIndex()).endswith("– Isla Green")
    stop_editors(qtbot, window)
