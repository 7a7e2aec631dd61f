"""Recording good practice through the form, and copying the note for the worker's manager."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from iro_desktop.services.qa_lists import list_good_practice
from iro_desktop.store import Store
from tests.ui.qa_fixtures import TODAY, make_child, today_fn, unnamed_focusable
from ui.qa.qa_good_practice_form import GoodPracticeForm

NOTE = "Priya prepared Tamsin for her review with a visit and a Viewpoint session."


def test_record_good_practice_and_copy_the_note(qtbot: Any, store: Store) -> None:
    child_id = make_child(store)
    form = GoodPracticeForm(store, child_id, today=today_fn())
    qtbot.addWidget(form)
    form.show()
    assert form.social_worker.text() == "Priya Sandhu"
    assert form.team.text() == "Children in Care Team 2"
    assert form.recorded_on.value() == TODAY
    assert unnamed_focusable(form) == []
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Describe" in form.errors.text("note")
    assert list_good_practice(store) == []
    qtbot.keyClicks(form.note, NOTE)
    qtbot.keyClicks(form.manager_name, "Jo Bennett")
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [row] = list_good_practice(store)
    assert row.good_practice_id == saved.args[0] and row.note == NOTE
    letter = form.letter.toPlainText()
    assert letter.startswith("Subject: Good practice – Priya Sandhu")
    assert "Dear Jo Bennett" in letter and "T.O. (ID LA100001)" in letter
    assert "Tamsin Okonkwo-Reed" not in letter, "the note names the child by initials only"
    assert form.letter.isReadOnly() and form.save_button.isHidden()
    qtbot.mouseClick(form.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == letter
    assert unnamed_focusable(form) == []


def test_a_saved_record_opens_with_its_note(qtbot: Any, store: Store) -> None:
    child_id = make_child(store)
    first = GoodPracticeForm(store, child_id, today=today_fn())
    qtbot.addWidget(first)
    qtbot.keyClicks(first.note, NOTE)
    first.save()
    form = GoodPracticeForm(store, child_id, good_practice_id=first.good_practice_id,
                            today=today_fn())
    qtbot.addWidget(form)
    assert form.note.toPlainText() == NOTE and form.letter_box.isVisibleTo(form)
    assert "Dear Team Manager" in form.letter.toPlainText()
    assert not form.has_unsaved_changes()
