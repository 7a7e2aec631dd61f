"""A draft left behind by a crash is offered as soon as the store is unlocked, and recovered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from iro_desktop.services import drafts, reviews
from iro_desktop.store import Store
from ui.review.draft_recovery import DraftRecoveryDialog
from ui.review.review_editor import ReviewEditor, draft_summary

from .fixtures_main import PASSPHRASE, TODAY
from .integration_fixtures import app_store, open_app, stop_editors  # noqa: F401

LOST = "I told the IRO I want to do football on Saturdays and see Nan more often."


def leave_a_draft(store: Store) -> str:
    """What the autosave wrote before the laptop's battery died: typed, never saved."""
    with store.session() as session:
        from sqlalchemy import select

        from iro_desktop.store.models import Child

        child_id = session.scalar(select(Child.id).where(Child.local_id == "LA103"))
    assert child_id is not None
    review_id = reviews.start_review(store, child_id, TODAY)
    payload = reviews.load_review_form(store, review_id).to_json()
    payload["young_person_views"] = LOST
    context = reviews.review_context(store, review_id)
    drafts.save_draft(store, reviews.DRAFT_KIND, review_id, payload, child_id=child_id,
                      summary=draft_summary(context, payload))
    return review_id


def test_draft_offered_after_unlock_and_recovered(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    review_id = leave_a_draft(app_store)
    app_store.close()
    unlocked = Store.open(app_store.path, PASSPHRASE)  # as the unlock screen does
    try:
        window, _lock = open_app(qtbot, unlocked)
        dialogs = [d for d in window.findChildren(DraftRecoveryDialog) if d.isVisible()]
        assert len(dialogs) == 1, "the offer appears at once, without blocking the window"
        dialog = dialogs[0]
        assert dialog.windowModality() != Qt.WindowModality.ApplicationModal  # opened, not exec'd
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 0).text() == "Noah Khan"
        assert "football on Saturdays" in dialog.preview.toPlainText()

        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
        editor = window.tabs.currentWidget()
        assert isinstance(editor, ReviewEditor) and editor.review_id == review_id
        assert editor.young_person_views.toPlainText() == LOST
        assert not editor.recovery_offered() and editor.has_unsaved_changes()
        assert window.tabs.tabText(window.tabs.currentIndex()).endswith(" *")

        qtbot.keyClick(editor.young_person_views, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not editor.has_unsaved_changes(), timeout=10_000)
        assert reviews.load_review_form(unlocked, review_id).young_person_views == LOST
        stop_editors(qtbot, window)
    finally:
        unlocked.close()


def test_nothing_offered_when_no_draft_is_left(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    window, _lock = open_app(qtbot, app_store)
    assert not [d for d in window.findChildren(DraftRecoveryDialog) if d.isVisible()]
