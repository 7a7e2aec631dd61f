"""What the main window loads on start and on every refresh, in one worker call, and
what it reloads for the one child a save changed.

The caseload rows, the alerts worked out from the same rows (so the two always agree) and
who the IRO using the laptop is (for "my overdue"); no Qt here, so it runs on any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from iro_desktop.services.alerts import Alert, load_alerts
from iro_desktop.services.caseload import CaseloadRow, load_caseload
from iro_desktop.services.profile import current_iro
from iro_desktop.store import Store


@dataclass(frozen=True)
class LoadedCaseload:
    rows: list[CaseloadRow]
    alerts: list[Alert]
    my_iro_id: str | None
    today: date


def load_for_window(store: Store, today: date) -> LoadedCaseload:
    """Everything the window shows on (re)load; runs on a worker thread."""
    rows = load_caseload(store, today)
    alerts = load_alerts(store, today, rows)
    with store.session() as session:
        iro = current_iro(session)
        my_iro_id = iro.id if iro else None
    return LoadedCaseload(rows, alerts, my_iro_id, today)


@dataclass(frozen=True)
class LoadedChild:
    """One child's caseload row (None when the child left the caseload) and alerts."""

    child_id: str
    row: CaseloadRow | None
    alerts: list[Alert]
    today: date


def load_child_for_window(store: Store, today: date, child_id: str) -> LoadedChild:
    """After a change to one child: that child's row and alerts only; on a worker thread."""
    rows = load_caseload(store, today, child_ids=[child_id])
    return LoadedChild(child_id, rows[0] if rows else None, load_alerts(store, today, rows),
                       today)
