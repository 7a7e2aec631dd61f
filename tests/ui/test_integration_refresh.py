"""Only what changed is refreshed: saving a review updates that child's caseload row and
alerts, not the whole caseload, and the IRO's selection and filter stay where they were."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from iro_desktop.services import reviews
from iro_desktop.services.alerts import AlertKind
from iro_desktop.store import Store
from iro_desktop.store.models import Child
from ui.caseload.caseload_model import QuickFilter

from .fixtures_main import TODAY
from .integration_fixtures import app_store, open_app, stop_editors  # noqa: F401


def _row(window: Any, local_id: str) -> Any:
    return next(r for r in window.caseload.model.rows if r.local_id == local_id)


def test_saving_a_review_refreshes_only_that_childs_row_and_alerts(
    qtbot: Any, app_store: Store  # noqa: F811
) -> None:
    with app_store.read_session() as session:
        amelia = session.scalar(select(Child.id).where(Child.local_id == "LA100"))
    assert amelia is not None
    review_id = reviews.start_review(app_store, amelia, TODAY)
    window, _lock = open_app(qtbot, app_store)
    try:
        view = window.caseload
        view.select_child(amelia)
        others = {r.local_id: r for r in view.model.rows if r.local_id != "LA100"}
        overdue = {a.child_id for a in window.alerts_panel.model.alerts
                   if a.kind is AlertKind.REVIEW_OVERDUE}
        assert amelia in overdue and len(overdue) == 2  # Amelia and Noah
        resets: list[int] = []
        view.model.modelReset.connect(lambda: resets.append(1))

        editor = window.reviews.open_review(review_id)
        editor.meeting.held.setChecked(True)
        editor.meeting.meeting_date.set_value(date(2026, 11, 20))
        with qtbot.waitSignal(editor.saved, timeout=10_000):
            editor.save_draft()
        qtbot.waitUntil(lambda: _row(window, "LA100").reviews_held == 1, timeout=10_000)

        row = _row(window, "LA100")
        assert row.last_review == date(2026, 11, 20) and row.next_due == date(2027, 2, 20)
        assert resets == [], "the whole caseload was reloaded for one child's save"
        assert {r.local_id: r for r in view.model.rows if r.local_id != "LA100"} == others
        assert view.current_row() is not None and view.current_row().child_id == amelia
        still_overdue = {a.child_id for a in window.alerts_panel.model.alerts
                         if a.kind is AlertKind.REVIEW_OVERDUE}
        assert amelia not in still_overdue and len(still_overdue) == 1
        view.proxy.set_quick_filter(QuickFilter.NO_REVIEW_YET)  # the row's flags were redone
        assert sorted(r.local_id for r in view.proxy.accepted_rows()) == ["LA101", "LA102"]
    finally:
        stop_editors(qtbot, window)
