"""A complete review is finalised and its minutes generated from the editor, and in a batch."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt

from iro_desktop.domain.review_form import AttendanceEntry, DecisionEntry
from iro_desktop.services import reviews
from iro_desktop.services.profile import set_setting
from iro_desktop.store import MINIMUM_KDF, Store

from .fixtures_main import PASSPHRASE, TODAY
from .integration_fixtures import (
    app_store,  # noqa: F401 - a fixture
    current_editor,
    fill_store,
    open_app,
    open_child_from_caseload,
    stop_editors,
)
from .test_review_editor import WORDS, fill_complete

HELD = date(2026, 11, 25)  # Olivia Jones (LA102): first review due 18 December 2026


def finalise_through_the_editor(qtbot: Any, window: Any, local_id: str = "LA102") -> Any:
    record = open_child_from_caseload(qtbot, window, local_id)
    qtbot.mouseClick(record.action_buttons.new_review, Qt.MouseButton.LeftButton)
    editor = current_editor(qtbot, window)
    fill_complete(editor, HELD)
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    assert editor.confirm.isVisible(), editor.summary.text()
    with qtbot.waitSignal(editor.finalised, timeout=10_000):
        qtbot.mouseClick(editor.confirm.confirm, Qt.MouseButton.LeftButton)
    assert editor.minutes_button.isVisible()
    return record, editor


def test_finalise_then_generate_the_full_record(qtbot: Any, app_store: Store,  # noqa: F811
                                                tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    set_setting(app_store, "documents_folder", str(folder))
    window, _lock = open_app(qtbot, app_store)
    record, editor = finalise_through_the_editor(qtbot, window)

    editor.young_person_views.setFocus()
    qtbot.keyClick(editor.young_person_views, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    panel = editor.minutes
    assert panel.isVisible()
    assert panel.folder.text() == str(folder)  # the documents folder from Settings
    assert panel.kind() == "full"
    with qtbot.waitSignal(panel.generated, timeout=10_000) as generated:
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)
    path = generated.args[0]
    assert path.parent == folder and path.is_file()
    assert str(path) in panel.message.text() and panel.open_button.isVisible()
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "The young person's views" in headings
    assert any(WORDS in p.text for p in document.paragraphs)
    assert reviews.review_context(app_store, editor.review_id).is_final

    # The record's timeline now says the minutes went out in time.
    model = record.timeline_model
    qtbot.waitUntil(lambda: any(
        model.index(row, 4).data() == "Within 15 working days"
        and model.index(row, 3).data() == "Within 5 working days"
        for row in range(model.rowCount())), timeout=10_000)
    stop_editors(qtbot, window)


def test_minutes_refused_without_contact_details(qtbot: Any, tmp_path: Path) -> None:
    store = Store.create(tmp_path / "bare.irostore", PASSPHRASE, kdf=MINIMUM_KDF)
    try:
        fill_store(store, profile=False)
        window, _lock = open_app(qtbot, store)
        _record, editor = finalise_through_the_editor(qtbot, window)
        editor.open_minutes()
        editor.minutes.folder.setText(str(tmp_path))
        editor.minutes.set_kind("letter")
        qtbot.mouseClick(editor.minutes.generate_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not editor.minutes.busy, timeout=10_000)
        text = editor.minutes.message.text()
        assert "advocacy service" in text and "service profile (Settings)" in text
        assert not list(tmp_path.glob("*.docx"))
        stop_editors(qtbot, window)
    finally:
        store.close()


def test_ctrl_g_on_a_draft_says_to_finalise_first(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    window, _lock = open_app(qtbot, app_store)
    record = open_child_from_caseload(qtbot, window, "LA102")
    record.new_review()
    editor = current_editor(qtbot, window)
    editor.open_minutes()
    assert not editor.minutes.isVisible()
    assert "finalise the review first" in editor.message.text()
    stop_editors(qtbot, window)


def _finalised_by_service(store: Store, child_id: str, held: date) -> str:
    review_id = reviews.start_review(store, child_id, TODAY)
    form = reviews.load_review_form(store, review_id)
    form.held, form.meeting_date, form.venue = True, held, "School"
    form.participation_code, form.care_plan_3_days, form.pmr_3_days = "PN1", True, True
    form.attendance = [AttendanceEntry("Sam Worker", "social_worker", "attended")]
    form.young_person_views = "I like my school."
    form.decisions = [DecisionEntry("Update the PEP", "Designated teacher", date(2026, 12, 18))]
    form.next_review_date = date(2027, 2, 20)
    reviews.finalise_review(store, review_id, form, TODAY)
    return review_id


def test_batch_generates_every_record_not_yet_issued(
        qtbot: Any, app_store: Store, tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window, _lock = open_app(qtbot, app_store)
    rows = {row.local_id: row.child_id for row in window.caseload.model.rows}
    _finalised_by_service(app_store, rows["LA102"], date(2026, 11, 24))
    _finalised_by_service(app_store, rows["LA101"], date(2026, 11, 23))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *_args, **_kw: str(tmp_path)))
    assert window.batch.action in window.file_menu.actions()
    with qtbot.waitSignal(window.batch.finished, timeout=20_000):
        window.batch.action.trigger()
    assert len(list(tmp_path.glob("*record.docx"))) == 2
    summary = window.batch.summary
    assert summary is not None and summary.text().startswith("2 full records written to")
    summary.close()
