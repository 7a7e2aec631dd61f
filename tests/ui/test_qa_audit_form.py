"""The QA audit form, filled in through its real widgets, read back from the store."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QWidget

from iro_desktop.services.audits import AuditInput, load_audit, save_audit
from iro_desktop.services.challenges import ChallengeInput
from iro_desktop.services.qa_lists import list_audits
from iro_desktop.store import Store
from iro_desktop.store.models import QaAudit
from tests.ui.qa_fixtures import TODAY, child_with_two_reviews, choose, today_fn, unnamed_focusable
from ui.common.task_runner import background_runner
from ui.qa.qa_audit_form import AuditForm

ACTIONS = "Team manager to make sure the PEP is updated before the next review."


def open_form(qtbot: Any, store: Store, child_id: str, review_id: str | None = None,
              audit_id: str | None = None) -> AuditForm:
    form = AuditForm(store, child_id, review_id, audit_id, today_fn())
    qtbot.addWidget(form)
    form.resize(1200, 800)
    form.show()
    return form


def fill(qtbot: Any, form: AuditForm, grade: str, actions: str = "") -> None:
    for code, judgement in (("pre_meeting_report", "met"), ("education", "not_met"),
                            ("care_plan", "partly_met"), ("participation", "met"),
                            ("health", "not_applicable")):
        choose(form.judgements[code], judgement)
    qtbot.keyClicks(form.comments["education"], "PEP is a year old.")
    choose(form.viewpoint, "completed")
    choose(form.grade, grade)
    if actions:
        qtbot.keyClicks(form.manager_actions, actions)


def save(qtbot: Any, form: AuditForm) -> None:
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_audit_graded_good_is_saved_and_reads_back(qtbot: Any, store: Store) -> None:
    child_id, first, _second = child_with_two_reviews(store)
    form = open_form(qtbot, store, child_id, first)
    assert "Review 1, held 15 January 2026" in form.subtitle.text()
    assert form.audit_date.value() == TODAY
    fill(qtbot, form, "good")
    assert not form.manager_actions.isEnabled(), "manager actions only for Needs Improvement"
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        save(qtbot, form)
    audit = load_audit(store, saved.args[0])
    assert audit.grade == "good" and audit.viewpoint == "completed"
    assert audit.review_id == first and audit.audit_date == TODAY
    judged = {a.area: (a.judgement, a.comment) for a in audit.areas}
    assert judged["education"] == ("not_met", "PEP is a year old.")
    assert judged["health"] == ("not_applicable", "")
    assert form.panel.isHidden() and "saved" in form.message.text()
    assert not form.has_unsaved_changes()
    # reopening the review finds its audit (one per review)
    again = open_form(qtbot, store, child_id, first)
    assert again.audit_id == saved.args[0] and again.grade.code() == "good"


def test_needs_improvement_needs_manager_actions(qtbot: Any, store: Store) -> None:
    child_id, first, _second = child_with_two_reviews(store)
    form = open_form(qtbot, store, child_id, first)
    fill(qtbot, form, "needs_improvement")
    assert form.manager_actions.isEnabled()
    save(qtbot, form)
    assert "team manager" in form.errors.text("manager_actions")
    assert "Not saved" in form.message.text()
    assert "Error:" in form.manager_actions.accessibleDescription()
    assert list_audits(store) == [], "nothing is saved"
    qtbot.keyClicks(form.manager_actions, ACTIONS)
    assert form.errors.text("manager_actions") == "", "typing clears the message"
    with qtbot.waitSignal(form.saved, timeout=5000):
        save(qtbot, form)
    assert load_audit(store, form.audit_id or "").manager_actions == ACTIONS
    assert form.panel.isHidden(), "a first Needs Improvement does not require a challenge"


def test_two_needs_improvement_in_a_row_require_a_challenge(qtbot: Any, store: Store) -> None:
    child_id, first, second = child_with_two_reviews(store)
    earlier = open_form(qtbot, store, child_id, first)
    earlier.audit_date.set_value(date(2026, 1, 20))
    fill(qtbot, earlier, "needs_improvement", ACTIONS)
    save(qtbot, earlier)
    assert earlier.panel.isHidden()

    form = open_form(qtbot, store, child_id, second)
    fill(qtbot, form, "needs_improvement", ACTIONS)
    save(qtbot, form)
    assert form.panel.isVisible(), "the challenge-required panel is shown inline"
    assert "two Needs Improvement grades in a row" in form.panel.text.text()
    assert "20 January 2026" in form.panel.text.text()

    with qtbot.waitSignal(form.challenge_requested, timeout=2000) as asked:
        qtbot.mouseClick(form.panel.raise_button, Qt.MouseButton.LeftButton)
    entry = asked.args[0]
    assert isinstance(entry, ChallengeInput) and entry.mandatory
    assert entry.audit_id == form.audit_id and entry.child_id == child_id
    assert "education.pep_out_of_date_poor_quality" in entry.categories

    qtbot.mouseClick(form.panel.skip_button, Qt.MouseButton.LeftButton)
    assert "Say why" in form.panel.errors.text("reason")
    assert load_audit(store, form.audit_id or "").challenge_skipped_reason == ""

    qtbot.keyClicks(form.panel.reason, "Manager already escalated this through the PLO.")
    qtbot.mouseClick(form.panel.skip_button, Qt.MouseButton.LeftButton)
    stored = load_audit(store, form.audit_id or "")
    assert stored.challenge_skipped_reason == "Manager already escalated this through the PLO."
    assert form.panel.isVisible() and form.panel.title.text() == "No challenge raised"
    assert not form.panel.skip_button.isVisible()


def test_reopening_an_audit_that_awaits_a_challenge_shows_the_panel(
        qtbot: Any, store: Store) -> None:
    child_id, first, second = child_with_two_reviews(store)
    for review_id, on in ((first, date(2026, 1, 20)), (second, date(2026, 4, 15))):
        result = save_audit(store, AuditInput(child_id=child_id, review_id=review_id,
                                              audit_date=on, grade="needs_improvement",
                                              manager_actions=ACTIONS), TODAY)
    version = result.version
    form = open_form(qtbot, store, child_id, second)
    assert form.panel.isVisible() and form.panel.raise_button.isVisible()
    assert load_audit(store, result.audit_id).version == version, "opening writes nothing"
    form.challenge_raised("c1")
    assert form.panel.title.text() == "Challenge raised"


def test_challenge_grade_opens_a_challenge(qtbot: Any, store: Store) -> None:
    child_id, first, _second = child_with_two_reviews(store)
    form = open_form(qtbot, store, child_id, first)
    fill(qtbot, form, "challenge")
    save(qtbot, form)
    assert form.panel.isVisible() and "grade is Challenge" in form.panel.text.text()


def test_adequate_is_not_offered_but_an_old_adequate_audit_still_shows(
        qtbot: Any, store: Store) -> None:
    child_id, _first, _second = child_with_two_reviews(store)
    form = open_form(qtbot, store, child_id)
    assert form.grade.findData("adequate") < 0
    assert "Adequate" not in [form.grade.itemText(i) for i in range(form.grade.count())]
    with store.session() as session:
        old = QaAudit(child_id=child_id, audit_date=date(2015, 11, 2), grade="adequate",
                      challenge_skipped_reason="")
        session.add(old)
        session.flush()
        old_id = old.id
    old_form = open_form(qtbot, store, child_id, audit_id=old_id)
    assert old_form.grade.currentText() == "Adequate (no longer used)"
    assert "no longer used" in old_form.grade_hint.text()
    model = old_form.grade.model()
    assert isinstance(model, QStandardItemModel)
    assert not model.item(old_form.grade.currentIndex()).isEnabled(), "cannot be chosen anew"
    with qtbot.waitSignal(old_form.saved, timeout=5000):
        save(qtbot, old_form)  # unchanged: the retired grade stays
    assert load_audit(store, old_id).grade == "adequate"
    choose(old_form.grade, "good")
    save(qtbot, old_form)
    assert load_audit(store, old_id).grade == "good"


def test_every_focusable_control_has_an_accessible_name(qtbot: Any, store: Store) -> None:
    child_id, first, second = child_with_two_reviews(store)
    for review_id, on in ((first, date(2026, 2, 2)), (second, TODAY)):
        form = open_form(qtbot, store, child_id, review_id)
        form.audit_date.set_value(on)
        fill(qtbot, form, "needs_improvement", ACTIONS)
        save(qtbot, form)
    assert form.panel.isVisible()
    assert unnamed_focusable(form) == []
    labelled = [form.audit_date, form.viewpoint, form.grade, form.manager_actions]
    assert all(widget.accessibleName() for widget in labelled)
    assert form.judgements["health"].accessibleName().endswith("judgement")


def test_the_form_works_with_the_background_runner(qtbot: Any, store: Store) -> None:
    """In the app the store work runs on the thread pool; the form waits for it."""
    child_id, first, _second = child_with_two_reviews(store)
    holder = QWidget()
    qtbot.addWidget(holder)
    form = AuditForm(store, child_id, first, today=today_fn(), runner=background_runner(holder))
    qtbot.addWidget(form)
    qtbot.waitUntil(form.save_button.isEnabled, timeout=5000)
    assert form.title.text().startswith("QA audit: Tamsin")
    fill(qtbot, form, "outstanding")
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        save(qtbot, form)
    assert load_audit(store, saved.args[0]).grade == "outstanding"
