"""What needs the IRO's attention now: reviews overdue or due within a week, follow-ups from
the child's consultation, challenges past target.

Review alerts come from caseload rows already worked out, so the alerts agree with the
caseload on screen; challenge alerts come from the QA lists' query of open challenges past
target, so the alerts panel and the QA screens never disagree; consultation follow-ups come
from the same query as the child's Follow-ups tab (`flags_in_session`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..domain.timetable import DueStatus, format_date
from ..store import Store
from .caseload import CaseloadRow
from .consultations import flags_in_session
from .qa_lists import open_challenges_past_target

__all__ = ["Alert", "AlertKind", "load_alerts", "with_child_alerts"]


class AlertKind(StrEnum):
    REVIEW_OVERDUE = "review_overdue"
    CONSULTATION_FLAG = "consultation_flag"
    CHALLENGE_OVERDUE = "challenge_overdue"
    REVIEW_DUE_SOON = "review_due_soon"


_ORDER = {AlertKind.REVIEW_OVERDUE: 0, AlertKind.CONSULTATION_FLAG: 1,
          AlertKind.CHALLENGE_OVERDUE: 2, AlertKind.REVIEW_DUE_SOON: 3}


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing to act on; ``date`` is the deadline that was missed or is coming up.

    ``text`` is the whole sentence; ``child`` and ``detail`` are its parts, for a list
    that shows who on one line and what on the next.
    """

    kind: AlertKind
    child_id: str
    text: str
    date: date
    child: str = ""
    detail: str = ""


def load_alerts(store: Store, today: date, caseload_rows: Sequence[CaseloadRow]) -> list[Alert]:
    """Alerts for the children in ``caseload_rows``: most urgent kind first, then oldest date."""
    alerts = list(_review_alerts(caseload_rows))
    names = {row.child_id: f"{row.name} ({row.local_id})" for row in caseload_rows}
    if names:
        alerts.extend(_flag_alerts(store, names))
        alerts.extend(_challenge_alerts(store, today, names))
    return _sorted(alerts)


def with_child_alerts(alerts: Sequence[Alert], child_id: str,
                      child_alerts: Sequence[Alert]) -> list[Alert]:
    """The alerts with one child's replaced by a fresh set (after that child changed)."""
    return _sorted([a for a in alerts if a.child_id != child_id] + list(child_alerts))


def _sorted(alerts: list[Alert]) -> list[Alert]:
    alerts.sort(key=lambda a: (_ORDER[a.kind], a.date, a.text))
    return alerts


def _review_alerts(rows: Iterable[CaseloadRow]) -> Iterable[Alert]:
    for row in rows:
        if row.next_due is None:
            continue
        who = f"{row.name} ({row.local_id})"
        if row.status is DueStatus.OVERDUE:
            detail = f"Review overdue: was due {format_date(row.next_due)}"
            yield Alert(AlertKind.REVIEW_OVERDUE, row.child_id,
                        f"{detail}: {who}.", row.next_due, who, detail)
        elif row.status is DueStatus.DUE_SOON:
            detail = f"Review due {format_date(row.next_due)}"
            yield Alert(AlertKind.REVIEW_DUE_SOON, row.child_id,
                        f"{detail}: {who}.", row.next_due, who, detail)


def _flag_alerts(store: Store, names: dict[str, str]) -> list[Alert]:
    """Open follow-ups (feels unsafe, does not know how to complain) until an action closes them."""
    with store.read_session() as session:
        flags = flags_in_session(session)
    return [Alert(AlertKind.CONSULTATION_FLAG, flag.child_id,
                  f"Follow-up from the consultation: {names[flag.child_id]}. {flag.label}.",
                  flag.raised_on, names[flag.child_id], f"Follow-up: {flag.label}")
            for flag in flags if flag.child_id in names]


def _challenge_alerts(store: Store, today: date, names: dict[str, str]) -> Iterable[Alert]:
    """The QA lists' own rule (`open_challenges_past_target`), so both always agree."""
    for row in open_challenges_past_target(store, today, child_ids=list(names)):
        who = names[row.child_id]
        what = row.missed[0].description
        yield Alert(AlertKind.CHALLENGE_OVERDUE, row.child_id,
                    f"Challenge past its target: {who}. {what[0].upper()}{what[1:]}.",
                    row.due_on, who, f"Challenge: {what}")
