"""With a child's record, a review editor and QA tabs open, every control has a name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget

from iro_desktop.store import Store

from .integration_fixtures import (
    app_store,  # noqa: F401 - a fixture
    current_editor,
    open_app,
    open_child_from_caseload,
    stop_editors,
)


def unnamed_focusable(window: QWidget) -> list[str]:
    """Keyboard-reachable widgets of the window (in every tab, shown or not) with no
    accessible name. The line edit inside a spin box or an editable combo box is read out
    through its owner, so the owner must be named instead."""
    missing = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        owner = widget.parentWidget()
        if isinstance(owner, QAbstractSpinBox | QComboBox):
            widget = owner
        if not widget.accessibleName().strip():
            parent = widget.parentWidget()
            where = f"{type(parent).__name__} {parent.accessibleName()}" if parent else ""
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {where}")
    return sorted(set(missing))


def test_every_focusable_widget_is_named(qtbot: Any, app_store: Store) -> None:  # noqa: F811
    window, _lock = open_app(qtbot, app_store, offer_drafts=False)
    record = open_child_from_caseload(qtbot, window, "LA104")
    record.add_note()
    record.new_review()
    editor = current_editor(qtbot, window)
    editor.minutes.show()
    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.audit, Qt.MouseButton.LeftButton)
    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.challenge, Qt.MouseButton.LeftButton)
    window.tabs.setCurrentWidget(record)
    qtbot.mouseClick(record.action_buttons.good_practice, Qt.MouseButton.LeftButton)
    window.open_qa_lists()
    assert window.tabs.count() == 7
    assert unnamed_focusable(window) == []
    stop_editors(qtbot, window)
