"""The young person's consultation through the whole application, as the IRO and the child meet
it: start it from the child's record, the child answers in young person mode, the IRO leaves
only with the passphrase, and the answers reach the review editor, the Follow-ups tab and the
alerts; recording the action taken clears the alert."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt

from iro_desktop.domain.child_rules import ChildDetails
from iro_desktop.services.alerts import AlertKind
from iro_desktop.services.children import add_child
from iro_desktop.services.consultations import flags_for_child
from iro_desktop.store import Store
from ui.consultation.young_person_mode import YoungPersonMode

from .fixtures_main import PASSPHRASE, TODAY
from .integration_fixtures import (
    app_store,  # noqa: F401 - a fixture
    current_editor,
    open_app,
    open_child_from_caseload,
    stop_editors,
)
from .test_young_person_mode import click, goto, leave, screen

WORDS = "I want to stay with Sam and Jo and keep going to Oakfield School."


def _flag_alerts(window: Any) -> list[Any]:
    return [a for a in window.alerts_panel.model.alerts if a.kind is AlertKind.CONSULTATION_FLAG]


def _open_mode(qtbot: Any, window: Any, record: Any) -> YoungPersonMode:
    window.consultations.full_screen = False
    assert record.action_buttons.consult.isEnabled()
    assert (record.action_buttons.consult.accessibleName()
            == "Start consultation with the young person")
    with qtbot.waitSignal(window.consultations.opened, timeout=10_000) as opened:
        click(qtbot, record.action_buttons.consult)
    mode = opened.args[0]
    assert isinstance(mode, YoungPersonMode)
    qtbot.waitExposed(mode)
    return mode


def test_consultation_reaches_the_review_follow_ups_and_alerts(
        qtbot: Any, app_store: Store,  # noqa: F811 - the fixture
) -> None:
    window, lock = open_app(qtbot, app_store, offer_drafts=False)
    record = open_child_from_caseload(qtbot, window, "LA100")
    child_id = record.child_id
    assert not _flag_alerts(window)

    mode = _open_mode(qtbot, window, record)
    assert not window.isVisible(), "nothing of the caseload shows while the child answers"
    click(qtbot, mode.next_button)                                        # Start
    assert screen(mode).question.id == "feel_safe"
    click(qtbot, screen(mode).choices["never"])
    complain = goto(qtbot, mode, "know_how_to_complain")
    click(qtbot, complain.choices["yes"])
    words = goto(qtbot, mode, "own_words")
    qtbot.keyClicks(words.words, WORDS)
    with qtbot.waitSignal(mode.completed, timeout=10_000):
        click(qtbot, mode.next_button)                                    # Finish
    assert mode.screens.currentWidget() is mode.thanks

    click(qtbot, mode.iro_button)                                         # no passphrase
    click(qtbot, mode.exit_panel.leave_button)
    assert "Type your passphrase first" in mode.exit_panel.message.text()
    leave(qtbot, mode, "not my passphrase")                               # a wrong one
    qtbot.waitUntil(lambda: "not right" in mode.exit_panel.message.text(), timeout=10_000)
    assert mode.isVisible() and not window.isVisible()

    lock._last_input = time.time() - 3600  # the filter saw no input while the window hid
    with qtbot.waitSignal(window.consultations.left, timeout=10_000):
        leave(qtbot, mode, PASSPHRASE)
    assert window.isVisible() and not lock.is_locked
    lock._check_wall_clock()
    assert not lock.is_locked, "back from young person mode, the app must not lock at once"

    # The record's Follow-ups tab and the alerts panel show what the answers raised.
    qtbot.waitUntil(lambda: record.follow_ups.open_count() == 1, timeout=10_000)
    tab = record.sections.indexOf(record.follow_ups)
    assert record.sections.tabText(tab).replace("&", "") == "Follow-ups (1 open)"
    panel = record.follow_ups.panel
    assert panel is not None
    assert panel.model.data(panel.model.index(0, 2)) == "Does not always feel safe where they live"
    qtbot.waitUntil(lambda: len(_flag_alerts(window)) == 1, timeout=10_000)
    alert = _flag_alerts(window)[0]
    assert alert.child_id == child_id and "Amelia Brown (LA100)" in alert.text

    # The review editor shows the answers beside the young person's views.
    click(qtbot, record.action_buttons.new_review)
    editor = current_editor(qtbot, window)
    qtbot.waitUntil(lambda: editor.consultation.loaded, timeout=10_000)
    consultation = editor.consultation_panel
    rows = dict(consultation.answer_rows())
    assert rows["Feels safe where they live"] == "Never"
    assert rows["Knows how to complain"] == "Yes"
    assert consultation.words.text() == WORDS
    assert "does not always feel safe" in consultation.follow_up.text()
    assert editor.participation.method.code() == "consultation_form"
    assert editor.participation.code.code() == "", "the PN code is the IRO's choice"
    assert "PN6" in editor.participation.suggestion.text()
    click(qtbot, consultation.use_button)
    assert editor.young_person_views.toPlainText() == WORDS
    assert editor.has_unsaved_changes()
    editor.save_draft()
    qtbot.waitUntil(lambda: not editor.busy, timeout=10_000)
    assert not editor.has_unsaved_changes()

    # Enter on the alert opens the child; recording the action clears the alert.
    window.focus_alerts()
    alerts = window.alerts_panel
    row = next(r for r, a in enumerate(alerts.model.alerts)
               if a.kind is AlertKind.CONSULTATION_FLAG)
    alerts.list.setCurrentIndex(alerts.model.index(row, 0))
    qtbot.keyClick(alerts.list, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is record
    record.sections.setCurrentWidget(record.follow_ups)
    panel.table.selectRow(0)
    qtbot.keyClicks(panel.action, "Spoke with Amelia and her carers; safety plan agreed.")
    panel.resolved_on.set_value(TODAY)
    with qtbot.waitSignal(panel.action_recorded, timeout=10_000):
        click(qtbot, panel.record_button)
    qtbot.waitUntil(lambda: not _flag_alerts(window) and not window.is_loading(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: record.follow_ups.open_count() == 0, timeout=10_000)
    assert record.sections.tabText(tab).replace("&", "") == "Follow-ups"
    (flag,) = flags_for_child(app_store, child_id)
    assert flag.resolved_on == TODAY and flag.action_taken.startswith("Spoke with Amelia")
    stop_editors(qtbot, window)


def test_under_fours_are_not_consulted_by_form(
        qtbot: Any, app_store: Store,  # noqa: F811 - the fixture
) -> None:
    add_child(app_store, ChildDetails(
        local_id="LA900", first_name="Maisie", last_name="Small",
        date_of_birth=TODAY.replace(year=TODAY.year - 2),
        looked_after_from=TODAY.replace(month=9, day=1), legal_status="C2",
        placement_type="U4", category_of_need="N1"), TODAY)
    window, _lock = open_app(qtbot, app_store, offer_drafts=False)
    record = open_child_from_caseload(qtbot, window, "LA900")
    assert not record.action_buttons.consult.isEnabled()
    assert "under 4" in record.action_buttons.consult.toolTip()
    window.child_menus.update()
    assert not window.child_menus.consult.isEnabled()
    record.start_consultation()
    assert "under 4" in record.message.text()
    assert not window.consultations.is_open()
