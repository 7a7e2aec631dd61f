"""Recording, from the child's record, that there is no consultation form this time."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.services.children import add_child
from iro_desktop.store import Store
from iro_desktop.store.models import Consultation
from ui.child.follow_ups_tab import FollowUpsTab

TODAY = date(2026, 11, 26)


def _child(store: Store, dob: date) -> str:
    return add_child(store, ChildDetails(
        local_id="LA300300", first_name="Rowan", last_name="Ashby", date_of_birth=dob,
        looked_after_from=date(2026, 1, 5), legal_status="C2", placement_type="U4",
        category_of_need="N1"), TODAY)


def test_declined_and_not_required_are_recorded(qtbot: Any, store: Store) -> None:
    child_id = _child(store, date(2013, 2, 2))
    tab = FollowUpsTab(store, lambda: TODAY)
    qtbot.addWidget(tab)
    tab.set_child(child_id)
    qtbot.keyClicks(tab.no_form_note, "Did not want to today")
    qtbot.mouseClick(tab.declined_button, Qt.MouseButton.LeftButton)
    assert "Recorded" in tab.no_form_message.text()
    with store.read_session() as session:
        row = session.scalar(select(Consultation).where(Consultation.child_id == child_id))
        assert row is not None and row.status == "declined"
    assert tab.no_form_note.text() == ""
    for widget in (tab.no_form_note, tab.declined_button, tab.not_required_button):
        assert widget.accessibleName()
