"""The caseload: one row per child with the review timetable worked out, from a few SQL queries.

The rows are plain frozen dataclasses so the UI can hold 10,000 of them cheaply and
sort and filter them without touching the database again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..domain.child_rules import age_on
from ..domain.codes import code_list
from ..domain.months import add_months
from ..domain.review_form import HELD_STATUSES as HELD_STATUSES  # re-exported
from ..domain.timetable import DueStatus
from ..domain.working_days import add_working_days
from ..store import Store
from ..store.models import Child, Iro, PeriodOfCare, Person, Review, not_deleted


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    child_id: str
    local_id: str
    name: str
    date_of_birth: date
    age: int
    legal_status: str
    legal_status_label: str
    placement_type: str
    placement_label: str
    social_worker: str
    iro_id: str | None
    iro_name: str
    looked_after_from: date | None
    period_ended: date | None
    reviews_held: int
    last_review: date | None
    next_due: date | None
    status: DueStatus

    @property
    def search_text(self) -> str:
        """What filter-as-you-type matches: name, ID and social worker."""
        return f"{self.name}\n{self.local_id}\n{self.social_worker}".casefold()


def next_due_date(looked_after_from: date, held_count: int, last_held: date | None) -> date:
    """Reg. 33: 20 working days, then 3 months after the first, then 6 months after the last."""
    if held_count == 0 or last_held is None:
        return add_working_days(looked_after_from, 20)
    if held_count == 1:
        return add_months(last_held, 3)
    return add_months(last_held, 6)


def due_status(next_due: date | None, today: date, ended: bool) -> DueStatus:
    if ended or next_due is None:
        return DueStatus.ENDED
    if next_due < today:
        return DueStatus.OVERDUE
    if (next_due - today).days <= 7:
        return DueStatus.DUE_SOON
    return DueStatus.ON_TRACK


def load_caseload(
    store: Store,
    today: date,
    *,
    iro_id: str | None = None,
    include_ended: bool = False,
    child_ids: Collection[str] | None = None,
) -> list[CaseloadRow]:
    """The caseload's rows; with `child_ids`, only those children's (after a save, the
    window refreshes the child it changed rather than the whole caseload)."""
    with store.read_session() as session:
        ranked = (
            select(
                PeriodOfCare.id.label("period_id"),
                PeriodOfCare.child_id,
                PeriodOfCare.start_date,
                PeriodOfCare.end_date,
                PeriodOfCare.legal_status,
                PeriodOfCare.placement_type,
                func.row_number()
                .over(partition_by=PeriodOfCare.child_id, order_by=PeriodOfCare.start_date.desc())
                .label("rank"),
            )
            .where(not_deleted(PeriodOfCare))
            .subquery()
        )
        held = (
            select(
                Review.child_id,
                func.count(Review.id).label("held_count"),
                func.max(Review.meeting_date).label("last_held"),
            )
            .join(ranked, (ranked.c.child_id == Review.child_id) & (ranked.c.rank == 1))
            .where(
                Review.status.in_(HELD_STATUSES),
                not_deleted(Review),
                Review.meeting_date >= ranked.c.start_date,
            )
            .group_by(Review.child_id)
            .subquery()
        )
        workers = (
            select(Person.child_id, func.max(Person.name).label("worker"))
            .where(
                Person.role == "social_worker", Person.active.is_(True), not_deleted(Person)
            )
            .group_by(Person.child_id)
            .subquery()
        )
        query = (
            select(
                Child.id,
                Child.local_id,
                Child.first_name,
                Child.preferred_name,
                Child.last_name,
                Child.date_of_birth,
                Child.iro_id,
                Iro.name,
                ranked.c.start_date,
                ranked.c.end_date,
                ranked.c.legal_status,
                ranked.c.placement_type,
                held.c.held_count,
                held.c.last_held,
                workers.c.worker,
            )
            .outerjoin(ranked, (ranked.c.child_id == Child.id) & (ranked.c.rank == 1))
            .outerjoin(held, held.c.child_id == Child.id)
            .outerjoin(workers, workers.c.child_id == Child.id)
            .outerjoin(Iro, Iro.id == Child.iro_id)
            .where(not_deleted(Child))
        )
        if iro_id is not None:
            query = query.where(Child.iro_id == iro_id)
        if child_ids is not None:
            query = query.where(Child.id.in_(list(child_ids)))
        if not include_ended:
            query = query.where(ranked.c.end_date.is_(None))
        rows = session.execute(query).all()
    return list(_build_rows(rows, today))


def _build_rows(rows: Iterable[tuple[object, ...]], today: date) -> Iterable[CaseloadRow]:
    legal = code_list("legal_status")
    placement = code_list("placement")
    for (
        child_id,
        local_id,
        first,
        preferred,
        last,
        dob,
        iro_id,
        iro_name,
        start,
        ended,
        legal_status,
        placement_type,
        held_count,
        last_held,
        worker,
    ) in rows:
        assert isinstance(dob, date)
        count = int(held_count or 0)  # type: ignore[call-overload]
        next_due = (
            next_due_date(start, count, last_held)  # type: ignore[arg-type]
            if isinstance(start, date) and ended is None
            else None
        )
        yield CaseloadRow(
            child_id=str(child_id),
            local_id=str(local_id),
            name=f"{preferred or first} {last}",
            date_of_birth=dob,
            age=age_on(dob, today),
            legal_status=str(legal_status or ""),
            legal_status_label=legal.label(legal_status) if legal_status else "",  # type: ignore[arg-type]
            placement_type=str(placement_type or ""),
            placement_label=placement.label(placement_type) if placement_type else "",  # type: ignore[arg-type]
            social_worker=str(worker or ""),
            iro_id=iro_id if isinstance(iro_id, str) else None,
            iro_name=str(iro_name or ""),
            looked_after_from=start if isinstance(start, date) else None,
            period_ended=ended if isinstance(ended, date) else None,
            reviews_held=count,
            last_review=last_held if isinstance(last_held, date) else None,
            next_due=next_due,
            status=due_status(next_due, today, ended is not None),
        )
