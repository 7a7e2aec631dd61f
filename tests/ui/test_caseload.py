"""The caseload page: filter as you type, quick filters, sorting, opening a child."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from iro_desktop.domain.timetable import DueStatus
from iro_desktop.services.caseload import load_caseload
from ui.caseload.caseload_model import (
    SORT_ROLE,
    CaseloadFilterProxy,
    CaseloadModel,
    Column,
    QuickFilter,
    short_date,
)
from ui.child.child_record import ChildRecord

pytest.register_assert_rewrite("tests.ui.fixtures_main")

from .fixtures_main import TODAY, open_window, wait_for_record  # noqa: E402 - after register_assert_rewrite

pytest_plugins = ("tests.ui.fixtures_main",)  # its fixtures: window, main_store...


def shown_names(view: Any) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, Column.NAME).data() for r in range(proxy.rowCount())]


def test_count_label_and_loaded_rows(window: Any) -> None:
    view = window.caseload
    assert view.proxy.rowCount() == 5
    assert view.count_label.text() == "5 children, 2 overdue"
    assert window.count_label.text() == "5 children"


def test_filter_narrows_the_table_as_you_type(qtbot: Any, window: Any) -> None:
    view = window.caseload
    qtbot.keyClicks(view.filter_edit, "ol")
    assert sorted(shown_names(view)) == ["Oliver Smith", "Olivia Jones"]
    qtbot.keyClicks(view.filter_edit, "ive")
    assert shown_names(view) == ["Oliver Smith"]
    assert view.count_label.text() == "1 of 5 children shown, 0 overdue"
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Escape)
    assert view.filter_edit.text() == ""
    assert view.proxy.rowCount() == 5


def test_filter_matches_id_and_social_worker_ignoring_case(qtbot: Any, window: Any) -> None:
    view = window.caseload
    qtbot.keyClicks(view.filter_edit, "la103")
    assert shown_names(view) == ["Noah Khan"]
    view.filter_edit.clear()
    qtbot.keyClicks(view.filter_edit, "SAM WORKER")
    assert sorted(shown_names(view)) == ["Amelia Brown", "Olivia Jones"]
    view.filter_edit.clear()
    qtbot.keyClicks(view.filter_edit, "nobody at all")
    assert view.proxy.rowCount() == 0
    assert view.empty_label.isVisible()
    assert "nobody at all" in view.empty_label.text()


def test_quick_filters(qtbot: Any, window: Any) -> None:
    view = window.caseload
    expected = {
        QuickFilter.MY_OVERDUE: ["Amelia Brown", "Noah Khan"],
        QuickFilter.DUE_THIS_WEEK: ["Oliver Smith"],
        QuickFilter.DUE_THIS_MONTH: ["Oliver Smith", "Olivia Jones"],
        QuickFilter.NO_REVIEW_YET: ["Amelia Brown", "Oliver Smith", "Olivia Jones"],
        QuickFilter.ALL: ["Amelia Brown", "Isla Green", "Noah Khan", "Oliver Smith",
                          "Olivia Jones"],
    }
    for which, names in expected.items():
        qtbot.mouseClick(view.quick_buttons[which], Qt.MouseButton.LeftButton)
        assert sorted(shown_names(view)) == names, which
    qtbot.mouseClick(view.quick_buttons[QuickFilter.NO_REVIEW_YET], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.filter_edit, "oli")
    assert sorted(shown_names(view)) == ["Oliver Smith", "Olivia Jones"]


def test_my_overdue_only_counts_my_children(window: Any) -> None:
    view = window.caseload
    rows = view.model.rows
    mine = next(r for r in rows if r.name == "Noah Khan")
    view.proxy.set_my_iro_id("someone else")
    view.proxy.set_quick_filter(QuickFilter.MY_OVERDUE)
    assert view.proxy.rowCount() == 0
    view.proxy.set_my_iro_id(mine.iro_id)  # None: a laptop store where every child is mine
    assert view.proxy.rowCount() == 2


def test_sort_by_next_review_due_puts_the_earliest_first(window: Any) -> None:
    view = window.caseload
    view.table.sortByColumn(Column.NEXT_DUE, Qt.SortOrder.AscendingOrder)
    assert shown_names(view)[0] == "Noah Khan"
    assert view.proxy.index(0, Column.NEXT_DUE).data() == "1 May 2026"
    view.table.sortByColumn(Column.NEXT_DUE, Qt.SortOrder.DescendingOrder)
    assert shown_names(view)[0] == "Isla Green"
    view.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert shown_names(view) == sorted(shown_names(view))
    view.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)
    statuses = [view.proxy.index(r, Column.STATUS).data() for r in range(5)]
    assert statuses[:2] == ["Overdue", "Overdue"] and statuses[-1] == "In time"


def test_sorting_keeps_the_filter_and_the_selection(qtbot: Any, window: Any) -> None:
    view = window.caseload
    qtbot.keyClicks(view.filter_edit, "o")
    view.select_child(next(r.child_id for r in view.model.rows if r.name == "Olivia Jones"))
    view.table.sortByColumn(Column.ID, Qt.SortOrder.DescendingOrder)
    assert all("o" in n.lower() for n in shown_names(view))
    assert view.current_row() is not None and view.current_row().name == "Olivia Jones"


def test_enter_opens_the_child_in_a_tab(qtbot: Any, window: Any) -> None:
    view = window.caseload
    view.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(1, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.tabs.count() == 2
    record = window.tabs.currentWidget()
    assert isinstance(record, ChildRecord)
    wait_for_record(qtbot, record)
    assert record.title.text() == "Isla Green"
    assert window.tabs.tabText(1) == "Isla Green"
    assert "Next review due: 20 March 2027" in record.next_review.text()
    assert "6 months after review 2 on 20 September 2026" in record.next_review.text()
    # Opening the same child again shows the same tab.
    qtbot.keyClick(view.table, Qt.Key.Key_Enter)
    assert window.tabs.count() == 2


def test_double_click_opens_the_child(qtbot: Any, window: Any) -> None:
    view = window.caseload
    index = view.proxy.index(0, Column.NAME)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.count() == 2


def test_model_display_sort_and_tooltips(main_store: Any) -> None:
    rows = load_caseload(main_store, TODAY)
    model = CaseloadModel()
    model.set_rows(rows, TODAY)
    proxy = CaseloadFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.sortRole() == SORT_ROLE
    amelia = next(i for i in range(model.rowCount())
                  if model.index(i, Column.NAME).data() == "Amelia Brown")
    index = model.index(amelia, Column.NEXT_DUE)
    assert index.data() == "29 Sept 2026"
    assert index.data(SORT_ROLE) == (0, date(2026, 9, 29).toordinal())
    assert model.index(amelia, Column.AGE).data(SORT_ROLE) == -date(2014, 5, 17).toordinal()
    assert model.index(amelia, Column.STATUS).data() == "Overdue"
    assert model.index(amelia, Column.STATUS).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Full care order" in model.index(amelia, Column.LEGAL_STATUS).data(
        Qt.ItemDataRole.ToolTipRole)
    assert "long-term fostering" in model.index(amelia, Column.PLACEMENT).data(
        Qt.ItemDataRole.ToolTipRole)
    assert model.row_at(proxy.mapFromSource(index)).name == "Amelia Brown"
    assert model.row_at(index).status is DueStatus.OVERDUE
    assert short_date(None) == "" and short_date(date(2026, 11, 26)) == "26 Nov 2026"


def test_empty_caseload_says_how_to_start(qtbot: Any, empty_store: Any) -> None:
    window = open_window(qtbot, empty_store)
    assert window.caseload.count_label.text() == "0 children, 0 overdue"
    assert "Add child" in window.caseload.empty_label.text()
    assert window.alerts_panel.empty_label.isVisible()


def test_alerts_list_and_opening_from_an_alert(qtbot: Any, window: Any) -> None:
    panel = window.alerts_panel
    texts = [panel.model.index(r).data() for r in range(panel.model.rowCount())]
    assert len(texts) == 3
    assert texts[0].startswith("Noah Khan (LA103)\nReview overdue")
    assert texts[-1].startswith("Oliver Smith (LA101)\nReview due 26 November 2026")
    assert "2 reviews overdue, 1 review due soon" in panel.heading.text()
    panel.list.setFocus()
    panel.list.setCurrentIndex(panel.model.index(0))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    record = window.tabs.currentWidget()
    assert isinstance(record, ChildRecord)
    wait_for_record(qtbot, record)
    assert record.title.text() == "Noah Khan"
    assert record.status_badge.text() == "Overdue"


def test_shortcuts_focus_the_filter_and_open_a_new_child(qtbot: Any, window: Any) -> None:
    window.activateWindow()
    window.find_action.trigger()
    assert window.caseload.filter_edit.hasFocus()
    window.new_child_action.trigger()
    assert window.tabs.count() == 2
    assert window.tabs.tabText(1) == "New child"
    assert window.new_child_action.shortcut().toString() == "Ctrl+N"
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.refresh_action.shortcut().toString() == "F5"


def test_title_status_bar_and_remembered_geometry(qtbot: Any, main_store: Any) -> None:
    from iro_desktop.paths import user_data_dir
    from iro_desktop.services.profile import update_profile

    update_profile(main_store, {"local_authority": "Northmoor Council"})
    window = open_window(qtbot, main_store)
    assert window.windowTitle() == "Northmoor Council — IRO Desktop"
    assert window.store_label.text() == "Store: t.irostore"
    window.resize(760, 560)  # inside the offscreen screen (800 x 600)
    size = (window.width(), window.height())
    window.close()
    assert (user_data_dir() / "window.ini").is_file()
    from ui.shell.main_window import MainWindow

    again = MainWindow(main_store, today=lambda: TODAY)
    qtbot.addWidget(again)
    assert again.height() == size[1] == 560  # the width is clamped to the 800-pixel screen
    qtbot.waitUntil(lambda: not again.is_loading(), timeout=10_000)


def test_other_tabs_close_and_ask_like_records(
        qtbot: Any, window: Any, message_boxes: list[tuple[str, str]]) -> None:
    from PySide6.QtWidgets import QWidget

    class Draft(QWidget):
        def has_unsaved_changes(self) -> bool:
            return True

    window.tabs.addTab(Draft(), "QA audit *")
    assert window.has_unsaved_changes() and window.unsaved_tabs() == ["QA audit"]
    assert not window.close_tab(0)  # the caseload stays
    assert window.close_tab(1)
    assert message_boxes[-1][0] == "question" and "QA audit has changes" in message_boxes[-1][1]
    assert window.tabs.count() == 1 and not window.has_unsaved_changes()
