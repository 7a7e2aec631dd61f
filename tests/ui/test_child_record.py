"""A child's record tab: add a child through the form, validation by the field, periods of care."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy import select

from iro_desktop.store.models import Child, PeriodOfCare
from ui.child.child_record import ChildRecord
from ui.common.form_fields import CodeCombo

pytest.register_assert_rewrite("tests.ui.fixtures_main")

from .fixtures_main import open_window, wait_for_record  # noqa: E402 - after register_assert_rewrite

pytest_plugins = ("tests.ui.fixtures_main",)  # its fixtures: window, main_store...

CHRISTMAS_TODAY = date(2025, 1, 6)


def choose(combo: Any, code: str) -> None:
    index = combo.findData(code)
    assert index > 0, code
    combo.setCurrentIndex(index)


def fill_new_child(qtbot: Any, record: ChildRecord, *, dob: QDate) -> None:
    fields = record.form.fields
    qtbot.keyClicks(fields["local_id"], "LA900")
    qtbot.keyClicks(fields["first_name"], "Jayden")
    qtbot.keyClicks(fields["last_name"], "Example")
    fields["date_of_birth"].setDate(dob)
    choose(fields["gender"], "1")
    fields["looked_after_from"].setDate(QDate(2024, 12, 18))
    choose(fields["legal_status"], "C1")
    choose(fields["placement_type"], "U6")
    choose(fields["category_of_need"], "N1")
    qtbot.keyClicks(fields["social_worker"], "Pat Example")


def test_add_child_appears_with_first_review_twenty_working_days_on(
        qtbot: Any, empty_store: Any) -> None:
    window = open_window(qtbot, empty_store, today=CHRISTMAS_TODAY)
    qtbot.mouseClick(window.caseload.add_button, Qt.MouseButton.LeftButton)
    record = window.tabs.currentWidget()
    assert isinstance(record, ChildRecord) and record.child_id is None
    fill_new_child(qtbot, record, dob=QDate(2016, 4, 2))
    assert window.tabs.tabText(window.tabs.currentIndex()) == "New child: Jayden Example *"
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)

    model = window.caseload.model
    qtbot.waitUntil(lambda: any(r.local_id == "LA900" for r in model.rows), timeout=10_000)
    row = next(r for r in model.rows if r.local_id == "LA900")
    # 18 Dec 2024 + 20 working days, skipping 25, 26 Dec and 1 Jan bank holidays.
    assert row.next_due == date(2025, 1, 20)
    view = window.caseload
    shown = view.proxy.index(0, 7).data()
    assert shown == "20 Jan 2025"
    wait_for_record(qtbot, record)
    assert record.child_id == row.child_id
    assert record.next_review.text().startswith("<b>Next review due: 20 January 2025</b>")
    assert "20 working days after becoming looked after on 18 December 2024" in \
        record.next_review.text()
    assert not record.has_unsaved_changes()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Jayden Example"


def test_validation_error_shows_by_the_field_and_keeps_what_was_typed(
        qtbot: Any, empty_store: Any) -> None:
    window = open_window(qtbot, empty_store, today=CHRISTMAS_TODAY)
    record = window.new_child()
    fill_new_child(qtbot, record, dob=QDate(2025, 3, 1))
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: record.form.summary.isVisible(), timeout=10_000)

    assert "cannot be in the future" in record.form.error_text("date_of_birth")
    error = record.form.child_fields.errors["date_of_birth"]
    assert error.isVisible()
    field = record.form.fields["date_of_birth"]
    assert "cannot be in the future" in field.accessibleDescription()
    assert error.parentWidget() is field.parentWidget()  # shown with the field, not elsewhere
    assert record.form.error_text("first_name") == ""
    assert record.form.fields["first_name"].text() == "Jayden"
    assert record.form.fields["social_worker"].text() == "Pat Example"
    assert field.value() == date(2025, 3, 1)
    assert record.form.fields["legal_status"].code() == "C1"
    assert record.child_id is None and record.has_unsaved_changes()
    with empty_store.session() as session:
        assert session.scalars(select(Child)).all() == []

    field.setDate(QDate(2016, 4, 2))
    assert record.form.error_text("date_of_birth") == ""
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: record.child_id is not None, timeout=10_000)


def test_edit_save_and_revert(qtbot: Any, window: Any) -> None:
    row = next(r for r in window.caseload.model.rows if r.local_id == "LA104")
    record = window.open_child(row.child_id)
    wait_for_record(qtbot, record)
    first = record.form.fields["first_name"]
    assert not record.revert_button.isEnabled()
    first.selectAll()
    qtbot.keyClicks(first, "Isabel")
    assert record.has_unsaved_changes() and window.has_unsaved_changes()
    assert window.tabs.tabText(1) == "Isla Green *"
    qtbot.mouseClick(record.revert_button, Qt.MouseButton.LeftButton)
    assert first.text() == "Isla" and not record.has_unsaved_changes()

    first.selectAll()
    qtbot.keyClicks(first, "Isabel")
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.name == "Isabel Green" for r in window.caseload.model.rows),
                    timeout=10_000)
    wait_for_record(qtbot, record)
    assert not record.has_unsaved_changes()
    assert window.tabs.tabText(1) == "Isabel Green"


def test_unsaved_edits_survive_hiding_the_content_and_closing_asks(
        qtbot: Any, window: Any, message_boxes: list[tuple[str, str]]) -> None:
    row = window.caseload.model.rows[0]
    record = window.open_child(row.child_id)
    wait_for_record(qtbot, record)
    qtbot.keyClicks(record.form.fields["school"], " (year 5)")
    lock_page = QWidget()
    window.pages.addWidget(lock_page)
    window.pages.setCurrentWidget(lock_page)
    window.pages.setCurrentIndex(0)
    assert record.form.fields["school"].text().endswith("(year 5)")
    assert window.close_tab(window.tabs.indexOf(record))
    assert message_boxes and message_boxes[-1][0] == "question"
    assert window.tabs.count() == 1


def test_end_period_of_care_with_a_reason(qtbot: Any, window: Any, main_store: Any) -> None:
    row = next(r for r in window.caseload.model.rows if r.local_id == "LA103")
    record = window.open_child(row.child_id)
    wait_for_record(qtbot, record)
    record.sections.setCurrentWidget(record.periods)
    periods = record.periods
    assert periods.end_button.isEnabled() and not periods.start_button.isEnabled()
    qtbot.mouseClick(periods.end_button, Qt.MouseButton.LeftButton)
    panel = periods.end_panel
    assert panel.isVisible() and record.has_unsaved_changes()

    panel.fieldset.fields["end_date"].setDate(QDate(2026, 11, 20))
    qtbot.mouseClick(panel.confirm, Qt.MouseButton.LeftButton)  # no reason chosen yet
    qtbot.waitUntil(lambda: panel.fieldset.errors["reason_ceased"].isVisible(), timeout=10_000)
    assert "reason" in panel.fieldset.errors["reason_ceased"].text()
    assert panel.value("end_date") == date(2026, 11, 20)

    choose(panel.fieldset.fields["reason_ceased"], "E13")
    qtbot.mouseClick(panel.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: periods.model.rowCount() == 1
                    and periods.model.index(0, 1).data() == "20 November 2026", timeout=10_000)
    assert "E13" in periods.model.index(0, 4).data()
    assert panel.isHidden() and periods.start_button.isEnabled()
    assert record.next_review.text().startswith("No review due")
    with main_store.session() as session:
        period = session.scalars(select(PeriodOfCare).where(
            PeriodOfCare.child_id == row.child_id)).one()
        assert (period.end_date, period.reason_ceased) == (date(2026, 11, 20), "E13")
    qtbot.waitUntil(lambda: all(r.local_id != "LA103" for r in window.caseload.model.rows),
                    timeout=10_000)

    qtbot.mouseClick(periods.start_button, Qt.MouseButton.LeftButton)
    start = periods.start_panel
    start.fieldset.fields["looked_after_from"].setDate(QDate(2026, 11, 24))
    for name, code in (("legal_status", "V2"), ("placement_type", "K2"),
                       ("category_of_need", "N4")):
        choose(start.fieldset.fields[name], code)
    qtbot.mouseClick(start.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: periods.model.rowCount() == 2, timeout=10_000)
    assert periods.model.index(0, 1).data() == "Current"
    assert "22 December 2026" in record.next_review.text()


def test_retired_code_is_shown_but_not_offered(qtbot: Any) -> None:
    combo = CodeCombo("reason_ceased")
    qtbot.addWidget(combo)
    offered = [combo.itemData(i) for i in range(combo.count())]
    assert "E43" not in offered and "E45" in offered
    combo.set_code("E43")
    assert combo.code() == "E43"
    assert combo.currentText().endswith("(no longer used)")
    assert not combo.model().item(combo.currentIndex()).isEnabled()
    combo.set_code("E45")
    assert combo.findData("E43") == -1


def test_every_field_has_a_label_and_a_place_for_its_error(qtbot: Any, window: Any) -> None:
    record = window.new_child()
    labels = {label.buddy(): label for label in record.findChildren(QLabel) if label.buddy()}
    for name, field in record.form.fields.items():
        assert field in labels, name
        assert field.accessibleName(), name


def test_closing_a_record_while_it_loads_is_safe(qtbot: Any, window: Any) -> None:
    from ui.common.workers import tasks_running

    record = window.open_child(window.caseload.model.rows[0].child_id)
    assert window.close_tab(window.tabs.indexOf(record))
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
    assert window.tabs.count() == 1
