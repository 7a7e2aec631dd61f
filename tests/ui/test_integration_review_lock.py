"""From the caseload to a new review, typed, locked, unlocked: nothing is lost, nothing shows."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget

from iro_desktop.services import drafts, reviews
from iro_desktop.store import Store
from ui.shell.lock_controller import LOCKED_TITLE

from .fixtures_main import PASSPHRASE
from .integration_fixtures import (
    app_store,  # noqa: F401 - a fixture
    current_editor,
    open_app,
    open_child_from_caseload,
    stop_editors,
)

WORDS = "I want to stay with my carers and see my brother every weekend."


def visible_text(window: QWidget) -> str:
    """Every piece of text a person could read in the window right now."""
    parts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            parts.append(widget.toPlainText())
    return "\n".join(parts)


def test_new_review_typed_locked_and_unlocked(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    window, lock = open_app(qtbot, app_store)
    record = open_child_from_caseload(qtbot, window, "LA100")
    assert record.overview.name == "Amelia Brown"

    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    editor = current_editor(qtbot, window)
    assert window.tabs.tabText(window.tabs.currentIndex()).startswith("Review 1 – Amelia Brown")
    qtbot.keyClicks(editor.young_person_views, WORDS)

    with qtbot.waitSignal(lock.locked):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.windowTitle() == LOCKED_TITLE
    assert window.pages.currentWidget() is lock.page
    assert not window.content.isVisible()
    assert not window.alerts_dock.isVisible()
    shown = visible_text(window)
    for secret in ("Amelia", "Brown", "LA100", "brother", "Review 1"):
        assert secret not in shown
    # Locking wrote the draft first: the words are safe even if the laptop dies now.
    qtbot.waitUntil(lambda: (drafts.load_draft(app_store, reviews.DRAFT_KIND, editor.review_id)
                             or {}).get("young_person_views") == WORDS, timeout=5_000)

    qtbot.keyClicks(lock.page.passphrase, PASSPHRASE)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        qtbot.keyClick(lock.page.passphrase, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is editor
    assert editor.young_person_views.toPlainText() == WORDS
    assert editor.has_unsaved_changes()
    assert window.windowTitle() != LOCKED_TITLE

    # The same review again (from the record's button) reuses the open tab.
    tabs_before = window.tabs.count()
    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.new_review, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is editor, timeout=10_000)
    assert window.tabs.count() == tabs_before
    stop_editors(qtbot, window)


def test_closing_a_review_tab_asks_save_discard_or_cancel(
        qtbot: Any, app_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    import ui.review.review_tabs as review_tabs

    window, _lock = open_app(qtbot, app_store)
    record = open_child_from_caseload(qtbot, window, "LA101")
    record.new_review()
    editor = current_editor(qtbot, window)
    review_id = editor.review_id
    qtbot.keyClicks(editor.young_person_views, WORDS)
    index = window.tabs.indexOf(editor)
    assert window.tabs.tabText(index).endswith("*")

    answers = iter([review_tabs.CANCEL, review_tabs.SAVE])
    monkeypatch.setattr(review_tabs, "ask_unsaved", lambda _parent, _name: next(answers))
    assert not window.close_tab(index)  # cancelled: still open, still typed
    assert window.tabs.indexOf(editor) == index
    window.close_tab(index)  # save, then the tab closes once the review is saved
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor), timeout=10_000)
    assert reviews.load_review_form(app_store, review_id).young_person_views == WORDS

    window.tabs.setCurrentWidget(record)
    record.new_review()
    editor = current_editor(qtbot, window)
    assert editor.young_person_views.toPlainText() == WORDS
    editor.young_person_views.setPlainText("Something I did not mean to keep.")
    editor.flush_autosave()
    monkeypatch.setattr(review_tabs, "ask_unsaved", lambda _parent, _name: review_tabs.DISCARD)
    assert window.close_tab(window.tabs.indexOf(editor))
    qtbot.waitUntil(lambda: drafts.load_draft(app_store, reviews.DRAFT_KIND, review_id) is None,
                    timeout=10_000)
    assert reviews.load_review_form(app_store, review_id).young_person_views == WORDS
