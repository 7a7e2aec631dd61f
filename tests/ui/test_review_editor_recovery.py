"""Recovering autosaved text: the banner in the editor and the dialog shown after unlocking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from iro_desktop.services import drafts, reviews
from iro_desktop.store import Store
from tests.ui.test_review_editor import TODAY, WORDS, _draft, open_editor, review_id
from ui.review.draft_recovery import DraftRecoveryDialog, pending_drafts
from ui.review.review_editor import ReviewEditor

__all__ = ["open_editor", "review_id"]  # fixtures shared with the editor's tests


# -- recovering a draft ---------------------------------------------------------------------


def _leave_draft(store: Store, review: str, text: str = WORDS) -> None:
    form = reviews.load_review_form(store, review)
    form.young_person_views = text
    child_id = reviews.review_context(store, review).child_id
    drafts.save_draft(store, reviews.DRAFT_KIND, review, form.to_json(), child_id=child_id,
                      summary=f"Review 1 (first)\n{text}")


def test_a_draft_left_behind_is_offered_and_recovered(
        qtbot: Any, store: Store, review_id: str,
        open_editor: Callable[..., ReviewEditor]) -> None:
    _leave_draft(store, review_id)
    editor = open_editor(review_id)
    assert editor.recovery.isVisible() and editor.recovery_offered()
    assert editor.recovery.recover.text().startswith("&Recover unsaved text from ")
    assert editor.young_person_views.isReadOnly()  # decide first, so nothing overwrites it
    qtbot.mouseClick(editor.recovery.recover, Qt.MouseButton.LeftButton)
    assert not editor.recovery.isVisible()
    assert editor.young_person_views.toPlainText() == WORDS
    assert not editor.young_person_views.isReadOnly()
    assert editor.has_unsaved_changes()


def test_discarding_a_draft_deletes_it(qtbot: Any, store: Store, review_id: str,
                                       open_editor: Callable[..., ReviewEditor]) -> None:
    _leave_draft(store, review_id)
    editor = open_editor(review_id)
    qtbot.mouseClick(editor.recovery.discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _draft(store, review_id) is None, timeout=5_000)
    assert editor.young_person_views.toPlainText() == ""
    assert not editor.young_person_views.isReadOnly()


def test_no_offer_when_the_draft_matches_the_saved_review(
        qtbot: Any, store: Store, review_id: str,
        open_editor: Callable[..., ReviewEditor]) -> None:
    _leave_draft(store, review_id, text="")
    editor = open_editor(review_id)
    assert not editor.recovery_offered() and not editor.recovery.isVisible()


def test_recovery_dialog_lists_drafts_and_recovers_or_discards(
        qtbot: Any, store: Store, review_id: str) -> None:
    _leave_draft(store, review_id)
    items = pending_drafts(store)
    dialog = DraftRecoveryDialog(store, items, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Tamsin Okonkwo-Reed"
    assert dialog.table.item(0, 1).text() == "Review 1 (first)"
    assert dialog.preview.toPlainText() == WORDS
    with qtbot.waitSignal(dialog.recover_requested, timeout=1_000) as signal:
        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)
    assert signal.args == [review_id]
    again = DraftRecoveryDialog(store, today=TODAY)
    qtbot.addWidget(again)
    qtbot.mouseClick(again.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pending_drafts(store) == [] and again.table.rowCount() == 0,
                    timeout=5_000)
