"""What needs the IRO's attention now: reviews overdue or due within a week, challenges past target.

Review alerts come from caseload rows already worked out, so the alerts agree with the
caseload on screen; challenge alerts need one query over open challenges.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..domain.codes import code_list
from ..domain.timetable import DueStatus, format_date
from ..domain.working_days import add_working_days
from ..store import Store
from ..store.models import Challenge, Child, ServiceProfile
from .caseload import CaseloadRow

__all__ = ["FORMAL_STAGES", "Alert", "AlertKind", "challenge_deadline", "load_alerts"]

FORMAL_STAGES = frozenset({"stage1", "stage2", "stage3"})
DEFAULT_OVERALL_DAYS = 20


class AlertKind(StrEnum):
    REVIEW_OVERDUE = "review_overdue"
    CHALLENGE_OVERDUE = "challenge_overdue"
    REVIEW_DUE_SOON = "review_due_soon"


_ORDER = {AlertKind.REVIEW_OVERDUE: 0, AlertKind.CHALLENGE_OVERDUE: 1, AlertKind.REVIEW_DUE_SOON: 2}


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
        alerts.extend(_challenge_alerts(store, today, names))
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


def challenge_deadline(challenge: Challenge, overall_days: int,
                       today: date) -> tuple[date, str, str] | None:
    """The earliest deadline an open challenge has missed, what it was and why that date.

    None when the challenge is closed or on time.

    The latest stage's target counts while that stage is waiting for its response; once the
    challenge has reached a formal stage, the whole process also has ``overall_days``
    working days from the date it was raised (IRO Handbook ch. 6).
    """
    if challenge.outcome is not None or challenge.closed_on is not None:
        return None
    stages = [s for s in challenge.stages if s.deleted_at is None]
    missed: list[tuple[date, str, str]] = []
    if stages:
        latest = max(stages, key=lambda s: (s.position, s.started_on))
        if latest.target_on is not None and latest.responded_on is None \
                and latest.target_on < today:
            label = code_list("challenge_stage").label(latest.stage)
            missed.append((latest.target_on,
                           f"{label} response was due {format_date(latest.target_on)}",
                           f"the target set when the stage began on "
                           f"{format_date(latest.started_on)}"))
    if any(s.stage in FORMAL_STAGES for s in stages):
        overall = add_working_days(challenge.raised_on, overall_days)
        if overall < today:
            missed.append((overall, f"formal process was due to end {format_date(overall)}",
                           f"{overall_days} working days from when it was raised on "
                           f"{format_date(challenge.raised_on)}"))
    return min(missed) if missed else None


def _overall_days(session: Session) -> int:
    """The service's limit for the formal process, read without creating a profile.

    ``profile.get_profile`` creates a missing profile, which would make this read-only
    query a write and let it collide with a save running at the same time.
    """
    days = session.scalar(select(ServiceProfile.challenge_overall_days)
                          .where(ServiceProfile.deleted_at.is_(None)).limit(1))
    return int(days or DEFAULT_OVERALL_DAYS)


def _challenge_alerts(store: Store, today: date, names: dict[str, str]) -> Iterable[Alert]:
    with store.session() as session:
        overall_days = _overall_days(session)
        challenges = session.scalars(
            select(Challenge)
            .join(Child, Child.id == Challenge.child_id)
            .where(Challenge.outcome.is_(None), Challenge.closed_on.is_(None),
                   Challenge.deleted_at.is_(None), Child.deleted_at.is_(None))
            .options(selectinload(Challenge.stages))
        ).all()
        found = [(c.child_id, challenge_deadline(c, overall_days, today))
                 for c in challenges if c.child_id in names]
    for child_id, deadline in found:
        if deadline is None:
            continue
        when, what, why = deadline
        yield Alert(AlertKind.CHALLENGE_OVERDUE, child_id,
                    f"Challenge past its target: {names[child_id]}. Its {what} ({why}).", when,
                    names[child_id], f"Challenge: {what}")
