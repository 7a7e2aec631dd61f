"""The follow-ups panel: flags the child's answers raised, and recording the action taken."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.domain.consultation_forms import Answer
from iro_desktop.services import consultations as cs
from iro_desktop.services.children import add_child
from iro_desktop.store import Store
from ui.common.task_runner import background_runner
from ui.consultation.consultation_flags import FlagsPanel

TODAY = date(2026, 11, 26)


def _flagged_child(store: Store, local_id: str, first: str) -> str:
    child_id = add_child(store, ChildDetails(
        local_id=local_id, first_name=first, last_name="Brown", date_of_birth=date(2013, 2, 2),
        looked_after_from=date(2026, 9, 1), legal_status="C2", placement_type="U4",
        category_of_need="N1"), TODAY)
    view = cs.start_consultation(store, child_id, TODAY)
    cs.complete_consultation(store, view.id, {
        "feel_safe": Answer(("sometimes",)), "know_how_to_complain": Answer(("no",))}, TODAY)
    return child_id


def test_record_the_action_taken_on_a_follow_up(qtbot: Any, store: Store) -> None:
    amelia = _flagged_child(store, "LA1", "Amelia")
    _flagged_child(store, "LA2", "Oliver")
    panel = FlagsPanel(store, lambda: TODAY, runner_for=background_runner)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    assert panel.model.data(panel.model.index(0, 2)) == (
        "Does not always feel safe where they live")
    assert "“sometimes”" in panel.detail.text()
    assert panel.record_button.accessibleName() == "Record action taken"

    panel.resolved_on.set_value(None)
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.message.isVisible())
    assert "Say what action was taken" in panel.message.text()

    qtbot.keyClicks(panel.action, "Talked with Amelia and her carer; safety plan agreed.")
    panel.resolved_on.set_value(TODAY)
    with qtbot.waitSignal(panel.action_recorded, timeout=5_000) as recorded:
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert recorded.args[0] not in [f.id for f in cs.open_flags(store)]
    history = cs.flags_for_child(store, amelia)
    assert history[0].action_taken.startswith("Talked with Amelia")

    mine = FlagsPanel(store, lambda: TODAY, child_id=amelia)
    qtbot.addWidget(mine)
    assert mine.model.rowCount() == 2 and mine.table.isColumnHidden(1)
    assert mine.model.data(mine.model.index(0, 4)) == "26 November 2026"
    assert mine.model.data(mine.model.index(1, 4)) == "Open"
