"""Every control in the main window, a child's record (its Follow-ups tab too) and the review
editor's consultation panel can be found by a screen reader, and the keyboard reaches the
filter, the caseload table and the alerts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from iro_desktop.domain.consultation_forms import Answer
from iro_desktop.services import consultations as cs
from iro_desktop.services import reviews
from iro_desktop.store import Store

pytest.register_assert_rewrite("tests.ui.fixtures_main")

from .fixtures_main import TODAY, wait_for_record  # noqa: E402 - after register_assert_rewrite

pytest_plugins = ("tests.ui.fixtures_main",)  # its fixtures: window, main_store...


def unnamed_focusable(root: QWidget) -> list[str]:
    """Focusable widgets in root's own window (not popups) without an accessible name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root.window():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if not widget.accessibleName().strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} "
                           f"in {type(widget.parentWidget()).__name__}")
    return missing


def test_main_window_controls_have_accessible_names(window: Any) -> None:
    assert unnamed_focusable(window) == []


def test_child_record_controls_have_accessible_names(qtbot: Any, window: Any) -> None:
    record = window.open_child(window.caseload.model.rows[0].child_id)
    wait_for_record(qtbot, record)
    record.periods.open_end_panel()
    record.periods.start_panel.show()
    new = window.new_child()
    assert unnamed_focusable(record) == []
    assert unnamed_focusable(new) == []
    assert unnamed_focusable(window) == []


def test_menus_and_docks_are_named(window: Any) -> None:
    assert window.alerts_dock.accessibleName()
    assert window.windowTitle().endswith("IRO Desktop")  # never "IRO Desktop" twice
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "View", "Child", "Quality assurance", "Help"]


def focus_chain(start: QWidget, steps: int = 40) -> list[QWidget]:
    """Press Tab from ``start`` and record where the focus goes."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(steps):
        current = QApplication.focusWidget()
        assert current is not None
        seen.append(current)
        from pytestqt.qtbot import QtBot

        QtBot.keyClick(current, Qt.Key.Key_Tab)
    return seen


def test_tab_order_reaches_filter_table_and_alerts(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    view = window.caseload
    chain = focus_chain(view.filter_edit)
    assert view.table in chain
    assert window.alerts_panel.list in chain
    assert chain.index(view.table) < chain.index(window.alerts_panel.list)
    after_table = chain[chain.index(view.table):]
    assert view.filter_edit in after_table  # the cycle comes round again


def test_shortcut_actions_move_focus(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    window.alerts_action.trigger()
    assert window.alerts_panel.list.hasFocus()
    assert window.alerts_panel.list.currentIndex().isValid()
    window.caseload_action.trigger()
    assert window.caseload.table.hasFocus()
    window.find_action.trigger()
    assert window.caseload.filter_edit.hasFocus()
    qtbot.keyClick(window.caseload.filter_edit, Qt.Key.Key_Down)
    assert window.caseload.table.hasFocus()
    assert window.caseload.table.currentIndex().isValid()


def _consulted_child(store: Store, child_id: str) -> None:
    view = cs.start_consultation(store, child_id, TODAY)
    cs.complete_consultation(store, view.id, {
        "feel_safe": Answer(("sometimes",)), "know_how_to_complain": Answer(("no",)),
        "own_words": Answer(text="I like my school.")}, TODAY)


def test_follow_ups_tab_controls_have_accessible_names(
        qtbot: Any, window: Any, main_store: Store) -> None:
    child_id = window.caseload.model.rows[0].child_id
    _consulted_child(main_store, child_id)
    record = window.open_child(child_id)
    wait_for_record(qtbot, record)
    record.sections.setCurrentWidget(record.follow_ups)
    qtbot.waitUntil(lambda: record.follow_ups.open_count() == 2, timeout=10_000)
    assert record.follow_ups.accessibleName() and record.action_buttons.consult.accessibleName()
    assert unnamed_focusable(record.follow_ups) == []
    assert unnamed_focusable(record) == []


def test_review_editor_consultation_panel_controls_have_accessible_names(
        qtbot: Any, window: Any, main_store: Store) -> None:
    child_id = window.caseload.model.rows[0].child_id
    _consulted_child(main_store, child_id)
    editor = window.open_review(reviews.start_review(main_store, child_id, TODAY))
    qtbot.waitUntil(lambda: editor.consultation.loaded, timeout=10_000)
    panel = editor.consultation_panel
    assert panel.accessibleName() and panel.answer_rows()
    assert unnamed_focusable(panel) == []
    editor.autosaver.stop()
