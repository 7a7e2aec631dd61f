"""The review editor, driven through its widgets: autosave, validation by field, finalising."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy import select

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.review_form import AttendanceEntry, DecisionEntry, ReviewForm
from iro_desktop.services import drafts, reviews
from iro_desktop.services.children import add_child
from iro_desktop.store import Store
from iro_desktop.store.models import AuditEvent, Decision
from ui.common.autosave import Autosaver, Snapshot
from ui.common.workers import tasks_running
from ui.review.review_editor import ReviewEditor

TODAY = date(2026, 11, 26)
WORDS = "I want to stay with Sam and Jo and keep going to Oakfield School. I miss my brother."


def _child(store: Store, dob: date = date(2012, 6, 1)) -> str:
    return add_child(store, ChildDetails(
        local_id="LA100001", first_name="Tamsin", last_name="Okonkwo-Reed", date_of_birth=dob,
        looked_after_from=date(2025, 12, 18), legal_status="C2", placement_type="U4",
        category_of_need="N1", social_worker="Priya Sandhu",
        social_worker_team="Children in Care Team 2"), TODAY)


@pytest.fixture
def review_id(store: Store) -> str:
    return reviews.start_review(store, _child(store), TODAY)


@pytest.fixture
def open_editor(qtbot: Any, store: Store) -> Iterator[Callable[..., ReviewEditor]]:
    """Opens editors with short autosave timers; stops them and their workers afterwards."""
    opened: list[ReviewEditor] = []

    def open_one(review: str, debounce_ms: int = 100, max_ms: int = 400) -> ReviewEditor:
        editor = ReviewEditor(store, review, today=lambda: TODAY,
                              autosave_debounce_ms=debounce_ms, autosave_max_ms=max_ms)
        qtbot.addWidget(editor)
        editor.resize(1280, 900)
        editor.show()
        qtbot.waitExposed(editor)
        opened.append(editor)
        return editor

    yield open_one
    for editor in opened:
        editor.autosaver.stop()
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)


def _draft(store: Store, review: str) -> dict[str, Any] | None:
    return drafts.load_draft(store, reviews.DRAFT_KIND, review)


def fill_complete(editor: ReviewEditor, when: date = date(2026, 1, 15)) -> None:
    """Everything a final record needs, entered through the widgets."""
    editor.meeting.held.setChecked(True)
    editor.meeting.meeting_date.set_value(when)
    editor.meeting.venue.setText("Foster carers' home")
    people = editor.attendance.people
    people.append_row()
    people.table.item(0, 0).setText("Priya Sandhu")
    editor.attendance.care_plan.set_value(True)
    editor.attendance.pmr.set_value(False)
    editor.participation.code.set_code("PN1")
    editor.young_person_views.setPlainText(WORDS)
    table = editor.decisions.decisions
    table.append_row()
    table.table.item(0, 0).setText("Book a dental check-up")
    table.table.item(0, 1).setText("Foster carer")
    table.table.cellWidget(0, 2).set_value(when + timedelta(days=44))


# -- autosave -----------------------------------------------------------------------------


def test_typing_is_autosaved_to_the_store(qtbot: Any, store: Store, review_id: str,
                                          open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    QTest.keyClicks(editor.young_person_views, WORDS)
    qtbot.waitUntil(lambda: (_draft(store, review_id) or {}).get("young_person_views") == WORDS,
                    timeout=5_000)
    qtbot.waitUntil(lambda: editor.autosave_status.text().startswith("Draft saved "),
                    timeout=5_000)
    payload = _draft(store, review_id)
    assert payload is not None and ReviewForm.from_json(payload).young_person_views == WORDS
    listed = drafts.list_drafts(store)
    assert len(listed) == 1 and listed[0].child_name == "Tamsin Okonkwo-Reed"
    assert listed[0].summary.startswith("Review 1 (first)\nI want to stay")


def test_autosave_writes_while_typing_never_pauses(
        qtbot: Any, store: Store, review_id: str,
        open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id, debounce_ms=400, max_ms=300)
    for _ in range(30):  # a key every 40 ms: the debounce never runs out
        QTest.keyClicks(editor.young_person_views, "a")
        qtbot.wait(40)
    assert editor.autosaver.writes >= 1, "the maximum interval must force a save mid-typing"
    payload = _draft(store, review_id)
    assert payload is not None and payload["young_person_views"].startswith("aaa")


def test_one_write_in_flight_and_the_latest_content_wins(qtbot: Any) -> None:
    release = threading.Event()
    written: list[str] = []
    content = {"text": "first"}

    def write(snap: Snapshot) -> None:
        release.wait(5)
        written.append(snap.text)

    saver = Autosaver(lambda: Snapshot({"t": content["text"]}, content["text"]), write,
                      debounce_ms=10_000, max_interval_ms=10_000)
    saver.save_now()
    assert saver.busy
    for text in ("second", "third", "fourth"):
        content["text"] = text
        saver.save_now()  # coalesced while the first write is in flight
    release.set()
    qtbot.waitUntil(lambda: written == ["first", "fourth"] and not saver.busy, timeout=5_000)
    saver.save_now()  # unchanged: nothing to write
    assert not saver.busy and written == ["first", "fourth"]


def test_undo_and_redo_in_text_fields(qtbot: Any, review_id: str,
                                      open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    edit = editor.young_person_views
    QTest.keyClicks(edit, "Hello")
    QTest.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == ""
    QTest.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert edit.toPlainText() == "Hello"


# -- saving and validation ------------------------------------------------------------------


def test_ctrl_s_saves_the_review(qtbot: Any, store: Store, review_id: str,
                                 open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id, debounce_ms=60_000, max_ms=60_000)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2_000)
    QTest.keyClicks(editor.young_person_views, WORDS)
    assert editor.has_unsaved_changes()
    with qtbot.waitSignal(editor.saved, timeout=5_000):
        QTest.keyClick(editor.young_person_views, Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier)
    assert reviews.load_review_form(store, review_id).young_person_views == WORDS
    assert not editor.has_unsaved_changes()
    assert _draft(store, review_id) is None


def test_finalising_an_empty_review_shows_every_problem_by_its_field(
        qtbot: Any, store: Store, review_id: str,
        open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    table = editor.decisions.decisions
    table.append_row()
    table.table.item(0, 0).setText("Arrange a dental check-up")
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    assert not editor.confirm.isVisible()
    expected = {
        "held": "Mark the review as held",
        "meeting_date": "Enter the date of the review",
        "venue": "Enter where the review was held",
        "participation_code": "Choose the participation code",
        "attendance": "Record who attended",
        "care_plan_3_days": "care plan arrived",
        "pmr_3_days": "pre-meeting report arrived",
        "decisions": "Decision 1 needs someone responsible",
        "next_review_date": "Set the date of the next review",
    }
    for field, text in expected.items():
        assert text in editor.error_text(field), field
    assert "Decision 1 needs a target date" in editor.error_text("decisions")
    assert editor.summary.isVisible() and "Not finalised: 10 problems" in editor.summary.text()
    assert reviews.review_context(store, review_id).status == "draft"


def test_draft_rules_surface_by_their_fields(qtbot: Any, review_id: str,
                                             open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    meeting = editor.meeting
    meeting.meeting_date.set_value(date(2025, 12, 1))  # before the child became looked after
    meeting.sittings.set_dates([date(2025, 11, 1)])
    table = editor.decisions.decisions
    table.append_row()
    table.table.item(0, 0).setText("Update the PEP")
    table.table.cellWidget(0, 2).set_value(date(2025, 10, 1))
    editor.next_review.next_date.set_value(date(2026, 12, 1))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not saved" in editor.summary.text(), timeout=5_000)  # the core said
    assert "before the child became looked after" in editor.error_text("meeting_date")
    assert "cannot be before the first meeting" in editor.error_text("further_sittings")
    assert "target date is before the review" in editor.error_text("decisions")
    assert "must be held by 1 March 2026" in editor.error_text("next_review_date")
    assert "Not saved" in editor.summary.text()


def test_a_late_review_needs_a_reason_shown_by_its_field(
        qtbot: Any, review_id: str, open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    assert not editor.meeting.late_reason.isVisible()
    fill_complete(editor, when=date(2026, 2, 2))  # due 20 January 2026
    assert editor.meeting.late_reason.isVisible()
    assert editor.header.timely.text().startswith("Late: 13 days")
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    assert "The review is late" in editor.error_text("late_reason")


def test_a_failed_save_keeps_everything_typed(qtbot: Any, store: Store, review_id: str,
                                              open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    QTest.keyClicks(editor.young_person_views, WORDS)
    QTest.keyClicks(editor.meeting.venue, "Oakfield School")
    editor.meeting.held.setChecked(True)
    editor.meeting.meeting_date.set_value(date(2026, 12, 3))  # held, yet in the future
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "date in the future" in editor.error_text("meeting_date"),
                    timeout=5_000)
    assert not editor.busy
    assert editor.young_person_views.toPlainText() == WORDS
    assert editor.meeting.venue.text() == "Oakfield School"
    assert editor.has_unsaved_changes()
    assert reviews.load_review_form(store, review_id).young_person_views == ""
    qtbot.waitUntil(lambda: (_draft(store, review_id) or {}).get("young_person_views") == WORDS,
                    timeout=5_000)


def test_a_save_refused_by_the_store_keeps_everything_typed(
        qtbot: Any, store: Store, review_id: str,
        open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id, debounce_ms=60_000, max_ms=60_000)
    QTest.keyClicks(editor.young_person_views, WORDS)
    form = reviews.load_review_form(store, review_id)
    reviews.save_review(store, review_id, form, TODAY)  # someone else saved meanwhile
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.message.isVisible() and "changed elsewhere"
                    in editor.message.text(), timeout=5_000)
    assert editor.young_person_views.toPlainText() == WORDS
    assert not editor.busy and editor.save_button.isEnabled()


def test_pn0_is_set_and_locked_for_a_child_under_four(
        qtbot: Any, store: Store, open_editor: Callable[..., ReviewEditor]) -> None:
    review = reviews.start_review(store, _child(store, dob=date(2023, 3, 1)), TODAY)
    editor = open_editor(review)
    editor.meeting.meeting_date.set_value(date(2026, 1, 15))
    combo = editor.participation.code
    assert [combo.itemData(i) for i in range(combo.count())] == ["PN0"]
    assert not combo.isEnabled()
    assert editor.form().participation_code == "PN0"
    assert editor.participation.age_note.isVisible()


def test_pn0_is_not_offered_from_four(qtbot: Any, review_id: str,
                                      open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    editor.meeting.meeting_date.set_value(date(2026, 1, 15))
    combo = editor.participation.code
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert "PN0" not in codes and "PN1" in codes and combo.isEnabled()


def test_next_review_defaults_to_the_statutory_date_and_may_be_earlier(
        qtbot: Any, review_id: str, open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    editor.meeting.meeting_date.set_value(date(2026, 1, 15))
    assert editor.next_review.next_date.value() == date(2026, 4, 15)  # 3 months after the first
    editor.meeting.meeting_date.set_value(date(2026, 1, 16))
    assert editor.next_review.next_date.value() == date(2026, 4, 16)
    editor.next_review.next_date.set_value(date(2026, 3, 20))
    editor.meeting.meeting_date.set_value(date(2026, 1, 14))
    assert editor.next_review.next_date.value() == date(2026, 3, 20)


def test_finalise_locks_the_record_and_an_amendment_needs_a_reason(
        qtbot: Any, store: Store, review_id: str,
        open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    fill_complete(editor)
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    assert editor.confirm.isVisible()
    with qtbot.waitSignal(editor.finalised, timeout=5_000):
        qtbot.mouseClick(editor.confirm.confirm, Qt.MouseButton.LeftButton)
    assert reviews.review_context(store, review_id).status == "finalised"
    assert editor.young_person_views.isReadOnly()
    assert not editor.meeting.held.isEnabled()
    assert not editor.save_button.isVisible() and editor.amend_button.isVisible()
    assert editor.header.status.text() == "Final record"

    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    assert not editor.young_person_views.isReadOnly()
    editor.young_person_views.moveCursor(editor.young_person_views.textCursor().MoveOperation.End)
    QTest.keyClicks(editor.young_person_views, " I want to join the football team.")
    qtbot.mouseClick(editor.amend_bar.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Say why" in editor.error_text("amendment_reason"), timeout=5_000)
    assert not editor.young_person_views.isReadOnly()  # still amending, nothing lost
    QTest.keyClicks(editor.amend_bar.reason, "Tamsin added a wish after the meeting")
    with qtbot.waitSignal(editor.saved, timeout=5_000):
        qtbot.mouseClick(editor.amend_bar.save, Qt.MouseButton.LeftButton)
    assert editor.young_person_views.isReadOnly() and editor.amend_button.isVisible()
    saved = reviews.load_review_form(store, review_id)
    assert saved.young_person_views.endswith("join the football team.")
    with store.session() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "review.amended"))
        assert event is not None
        assert event.detail["reason"] == "Tamsin added a wish after the meeting"


# -- accessibility and spelling -------------------------------------------------------------


def test_every_control_has_an_accessible_name(qtbot: Any, review_id: str,
                                              open_editor: Callable[..., ReviewEditor]) -> None:
    editor = open_editor(review_id)
    fill_complete(editor)
    controls = (QLineEdit, QPlainTextEdit, QComboBox, QDateEdit, QCheckBox, QPushButton)
    unnamed = []
    for widget in editor.findChildren(QWidget):
        if not isinstance(widget, controls):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QComboBox) or type(parent).__name__ == "QCalendarWidget":
            continue
        if widget.window() is not editor:
            continue
        shown = widget.text() if isinstance(widget, QCheckBox | QPushButton) else ""
        name = widget.accessibleName() or shown
        if not name:
            unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert unnamed == []


def test_british_spelling_is_checked_when_available(
        qtbot: Any, review_id: str, open_editor: Callable[..., ReviewEditor]) -> None:
    from ui.review.review_spelling import SpellingHighlighter, spelling_available

    if not spelling_available():
        pytest.skip("PyEnchant with an en_GB dictionary is not installed")
    editor = open_editor(review_id)
    highlighter = editor.young_person_views.document().findChild(SpellingHighlighter)
    assert highlighter is not None
    text = "My favourite colour is green; my carers organise my PEP. I recieve pocket money."
    assert highlighter.misspelt(text) == ["recieve"]


def test_second_review_needs_permanence_and_carries_decisions_forward(
        qtbot: Any, store: Store, open_editor: Callable[..., ReviewEditor]) -> None:
    child_id = _child(store)
    first = reviews.start_review(store, child_id, TODAY)
    form = reviews.load_review_form(store, first)
    form.held, form.meeting_date, form.venue = True, date(2026, 1, 15), "Carers' home"
    form.participation_code, form.care_plan_3_days, form.pmr_3_days = "PN1", True, True
    form.attendance = [AttendanceEntry("Priya Sandhu", "social_worker", "attended")]
    form.decisions = [DecisionEntry("Book a dental check-up", "Carer", date(2026, 3, 1))]
    form.next_review_date = date(2026, 4, 15)
    reviews.finalise_review(store, first, form, TODAY)

    editor = open_editor(reviews.start_review(store, child_id, TODAY))
    assert editor.header.review.text() == "Review 2 (second)"
    assert "required from the second review" in editor.plan.rows["permanence"][0].text()
    carried = editor.decisions.carried
    assert carried.isVisible() and carried.text(0, 0) == "Book a dental check-up"
    fill_complete(editor, when=date(2026, 4, 10))
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    assert "permanence plan is required" in editor.error_text("plan.permanence")
    _label, progress, notes, _message = editor.plan.rows["permanence"]
    progress.set_code("progressing")
    notes.setPlainText("Long-term fostering with Sam and Jo; matching panel in May.")
    status = carried.table.cellWidget(0, 3)
    status.setCurrentIndex(status.findData("done"))
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    assert editor.confirm.isVisible(), editor.summary.text()
    with qtbot.waitSignal(editor.finalised, timeout=5_000):
        qtbot.mouseClick(editor.confirm.confirm, Qt.MouseButton.LeftButton)
    assert reviews.load_review_form(store, first).decisions[0].text == "Book a dental check-up"
    with store.session() as session:
        decision = session.scalar(select(Decision).where(Decision.text == "Book a dental check-up"))
        assert decision is not None and decision.status == "done"


def test_an_amendment_typed_in_the_editor_keeps_every_row_id(
    qtbot: Any, store: Store, review_id: str, open_editor: Callable[..., ReviewEditor]
) -> None:
    """Rewording a decision in its table cell updates that decision: same id, old and new
    wording in the audit trail, and no other row of the review is touched."""
    editor = open_editor(review_id)
    fill_complete(editor)
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(editor.finalised, timeout=5_000):
        qtbot.mouseClick(editor.confirm.confirm, Qt.MouseButton.LeftButton)
    before = reviews.load_review_form(store, review_id)
    ids = [r.id for r in (*before.attendance, *before.plan_areas, *before.decisions)]

    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    editor.decisions.decisions.table.item(0, 0).setText("Book a dental check-up and an eye test")
    QTest.keyClicks(editor.amend_bar.reason, "Wording agreed with the carers")
    with qtbot.waitSignal(editor.saved, timeout=5_000):
        qtbot.mouseClick(editor.amend_bar.save, Qt.MouseButton.LeftButton)

    after = reviews.load_review_form(store, review_id)
    assert [r.id for r in (*after.attendance, *after.plan_areas, *after.decisions)] == ids
    assert after.decisions[0].text == "Book a dental check-up and an eye test"
    with store.session() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "review.amended"))
        assert event is not None
        assert event.detail["changes"] == [{
            "row": "decision", "id": ids[-1], "change": "changed",
            "fields": {"text": {"before": "Book a dental check-up",
                                "after": "Book a dental check-up and an eye test"}}}]
