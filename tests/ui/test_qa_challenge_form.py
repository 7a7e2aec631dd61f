"""Raising a challenge, then escalation, a response and closure, all through the widgets."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from iro_desktop.services.challenges import ChallengeInput, challenge_detail, raise_challenge
from iro_desktop.services.qa_lists import list_challenges
from iro_desktop.store import Store
from tests.ui.qa_fixtures import TODAY, choose, make_child, today_fn, unnamed_focusable
from ui.qa.qa_challenge_form import ChallengeForm

CONCERN = "The PEP is a year old and the plan to return home has drifted since July."


def open_form(qtbot: Any, store: Store, entry: ChallengeInput | None = None, *,
              child_id: str | None = None, challenge_id: str | None = None,
              today: date = TODAY) -> ChallengeForm:
    form = ChallengeForm(store, entry, child_id=child_id, challenge_id=challenge_id,
                         today=today_fn(today))
    qtbot.addWidget(form)
    form.resize(1200, 800)
    form.show()
    return form


def tick(qtbot: Any, form: ChallengeForm, search: str) -> None:
    """Find a category by typing, then tick it with the space bar."""
    assert form.new is not None
    picker = form.new.categories
    picker.search.clear()
    qtbot.keyClicks(picker.search, search)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.tree.hasFocus() or picker.tree.currentIndex().isValid()
    qtbot.keyClick(picker.tree, Qt.Key.Key_Space)


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_raise_escalate_respond_and_close(qtbot: Any, store: Store) -> None:
    child_id = make_child(store)
    form = open_form(qtbot, store, child_id=child_id)
    assert form.new is not None
    assert "Tamsin Okonkwo-Reed" in form.new.title.text()
    tick(qtbot, form, "drift")
    tick(qtbot, form, "PEP not completed")
    assert form.new.categories.codes() == ["care_plan.drift_delay", "education.pep_not_completed"]
    assert form.new.categories.chosen.text().startswith("2 chosen")
    qtbot.keyClicks(form.new.concern, CONCERN)
    qtbot.keyClicks(form.new.addressed_to, "Jo Bennett, Team Manager, Children in Care Team 2")
    form.new.raised_on.set_value(date(2026, 11, 16))
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        click(qtbot, form.new.save_button)
    challenge_id = saved.args[0]
    assert form.stack.currentIndex() == 1 and form.challenge_id == challenge_id
    detail = form.detail
    assert detail.status.text() == "Open – not escalated yet"
    assert "Care plan – drift / delay in implementation" in detail.categories.text()

    stage_index = detail.escalate_stage.findData("stage1")
    assert [detail.escalate_stage.itemData(i) for i in range(detail.escalate_stage.count())] \
        == ["informal", "stage1", "stage2", "stage3", "cafcass"]
    detail.escalate_stage.setCurrentIndex(stage_index)
    detail.escalate_date.set_value(date(2026, 11, 17))
    click(qtbot, detail.escalate_button)
    assert detail.status.text() == "Open – at Stage 1 – team manager"
    assert detail.stages_model.rowCount() == 1
    assert "informal" not in [detail.escalate_stage.itemData(i)
                              for i in range(detail.escalate_stage.count())], "no going back"

    detail.response_date.set_value(date(2026, 11, 20))
    qtbot.keyClicks(detail.response_note, "Team manager agreed a PEP meeting on 1 December.")
    click(qtbot, detail.response_button)
    assert "Response recorded" in detail.done.text()

    choose(detail.outcome, "resolved_nfa")
    detail.closed_on.set_value(date(2026, 11, 24))
    click(qtbot, detail.close_button)
    stored = challenge_detail(store, challenge_id, TODAY)
    assert stored.categories == ("care_plan.drift_delay", "education.pep_not_completed")
    assert stored.stages[0].stage == "stage1"
    assert stored.stages[0].responded_on == date(2026, 11, 20)
    assert stored.stages[0].note.startswith("Team manager agreed")
    assert (stored.outcome, stored.closed_on) == ("resolved_nfa", date(2026, 11, 24))
    assert detail.status.text().startswith("Closed on 24 November 2026")

    # closing twice is impossible: the button is disabled, and the core refuses anyway
    assert not detail.close_button.isEnabled() and not detail.close_group.isEnabled()
    assert not detail.escalate_group.isEnabled() and not detail.response_group.isEnabled()
    detail.close_challenge()
    assert "already closed" in detail.close_errors.summary.text()
    assert challenge_detail(store, challenge_id, TODAY).closed_on == date(2026, 11, 24)

    # the only way back: cancel the closure, with a reason
    assert detail.reopen_group.isVisible()
    click(qtbot, detail.reopen_button)
    assert "Say why" in detail.reopen_errors.text("reason")
    qtbot.keyClicks(detail.reopen_reason, "Closed on the wrong child by mistake.")
    click(qtbot, detail.reopen_button)
    assert challenge_detail(store, challenge_id, TODAY).is_open
    assert detail.close_button.isEnabled() and not detail.reopen_group.isVisible()


def test_errors_are_shown_by_field_and_nothing_is_saved(qtbot: Any, store: Store) -> None:
    child_id = make_child(store)
    form = open_form(qtbot, store, child_id=child_id)
    assert form.new is not None
    click(qtbot, form.new.save_button)
    assert "at least one category" in form.new.errors.text("categories")
    assert "concern" in form.new.errors.text("concern")
    assert "Not saved: 2 problems" in form.new.message.text()
    assert list_challenges(store) == []
    form.new.raised_on.set_value(date(2026, 12, 1))
    tick(qtbot, form, "health assessment overdue")
    qtbot.keyClicks(form.new.concern, CONCERN)
    click(qtbot, form.new.save_button)
    assert "future" in form.new.errors.text("raised_on")
    assert form.new.errors.text("categories") == ""
    assert form.has_unsaved_changes()


def test_prefilled_from_an_audit_and_missed_targets_flagged(qtbot: Any, store: Store) -> None:
    child_id = make_child(store)
    entry = ChallengeInput(child_id=child_id, raised_on=date(2026, 11, 2),
                           categories=["education.pep_out_of_date_poor_quality"],
                           concern="Two Needs Improvement audits in a row.", mandatory=True,
                           first_stage="stage1")
    form = open_form(qtbot, store, entry)
    assert form.new is not None
    assert form.new.categories.codes() == ["education.pep_out_of_date_poor_quality"]
    assert "Mandatory" in form.new.note.text()
    assert form.new.first_stage.code() == "stage1" and form.new.first_stage_started_on.isEnabled()
    assert not form.has_unsaved_changes(), "a pre-filled form is not yet an edit"
    with qtbot.waitSignal(form.saved, timeout=5000):
        click(qtbot, form.new.save_button)
    detail = form.detail
    due = detail.stages_model.data(detail.stages_model.index(0, 2))
    assert due == "⚠ 9 Nov 2026 – missed", "a missed target says so in words"
    assert "Past target" in detail.missed.text()
    assert detail.stages_model.data(detail.stages_model.index(0, 3)) == "Waiting"


def test_an_existing_challenge_opens_in_its_detail_view(qtbot: Any, store: Store) -> None:
    child_id = make_child(store)
    challenge_id = raise_challenge(store, ChallengeInput(
        child_id=child_id, raised_on=date(2026, 11, 20), categories=["health.no_action_plan"],
        concern="No health action plan.", first_stage="informal"), TODAY)
    form = open_form(qtbot, store, challenge_id=challenge_id)
    assert form.new is None and form.tab_title() == "Challenge: Tamsin Okonkwo-Reed (LA100001)"
    assert form.detail.status.text() == "Open – at Informal resolution"
    assert not form.has_unsaved_changes()


def test_every_focusable_control_has_an_accessible_name(qtbot: Any, store: Store) -> None:
    child_id = make_child(store)
    form = open_form(qtbot, store, child_id=child_id)
    assert unnamed_focusable(form) == []
    tick(qtbot, form, "drift")
    assert form.new is not None
    qtbot.keyClicks(form.new.concern, CONCERN)
    click(qtbot, form.new.save_button)
    assert form.stack.currentIndex() == 1
    assert unnamed_focusable(form) == []
    choose(form.detail.outcome, "cancelled")
    click(qtbot, form.detail.close_button)
    assert form.detail.reopen_group.isVisible()
    assert unnamed_focusable(form) == []
